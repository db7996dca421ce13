"""A small Sphinx extension for the book's pages, loaded by _config.yml (`local_extensions`).

It removes repeated, identical ``<script>`` entries from every page. sphinx-thebe 0.3.1
and sphinx-togglebutton add inline scripts while the build runs (``app.add_js_file(None,
body=...)``); Sphinx 7 then lists each of them twice on every page, so each page declared
``const THEBE_JS_URL`` twice and the browser reported the page error "Identifier
'THEBE_JS_URL' has already been declared" (with or without thebe enabled). A script listed
twice is never useful, so dropping the repeats is safe.
"""


def _script_key(script):
    """What makes two script entries the same: the file name and all the attributes (body included).

    An inline script has no file name: Sphinx stores it as None in one copy and as "" in the
    other, which is why its own bookkeeping lets the repeat through.
    """
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def remove_repeated_scripts(app, pagename, templatename, context, doctree):
    """Keep the first of identical script entries of a page (html-page-context handler)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        key = _script_key(script)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    # A late priority: run after the extensions that add scripts in html-page-context.
    app.connect("html-page-context", remove_repeated_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
