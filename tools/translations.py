"""The Chinese edition's catalogs: make them from the English pages, and check them.

The English notebooks and pages are the one source of the book. Sphinx's gettext builder
extracts every translatable message of a page (a paragraph, a heading, a list item, a table
cell, a toctree caption) into a message template, ``<page>.pot``; the Chinese text lives in
one catalog per page, ``locale/zh_CN/LC_MESSAGES/<page>.po``, where each English ``msgid``
has its Chinese ``msgstr``. Sphinx reads the catalogs when it builds with ``language =
zh_CN`` (tools/book_zh.py) and shows the English text wherever an entry is missing.

``python tools/translations.py update`` (``make translations``):

1. builds the templates with Jupyter Book's own configuration (``jupyter-book build
   --builder custom --custom-builder gettext``) under ``_build/gettext-build``;
2. leaves out the API reference's docstrings: they are nnlib's source code, which stays in
   English like all the code (see the Chinese intro), and drops the source locations, so
   that a catalog changes only when the text does (``_build/gettext-templates``);
3. updates the catalogs with ``sphinx-intl update``: a new English sentence becomes an empty
   entry, a changed one a *fuzzy* entry that keeps the old translation as a starting point,
   and entries for sentences that are gone are removed;
4. lets each translated ``{glue:text}`` role name its notebook (``qualify_glue``).

A translator then fills in the empty and fuzzy entries (and deletes the ``#, fuzzy`` line).

``python tools/translations.py check`` reports what tests/test_translations.py asserts:
entries that are missing or left over, untranslated or fuzzy, translations that lost a
piece of the English markup (``check_entry``), and glue roles not yet qualified
(``entry_problems``).
"""

import argparse
import collections
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from babel.messages.pofile import read_po, write_po

ROOT = pathlib.Path(__file__).resolve().parents[1]
LANGUAGE = "zh_CN"
CATALOGS = ROOT / "locale" / LANGUAGE / "LC_MESSAGES"
BIN = pathlib.Path(sys.executable).parent


# --- making the templates and catalogs ----------------------------------------------------
def build_templates(output):
    """Run the gettext builder over the book; return the folder of raw ``.pot`` files."""
    output = pathlib.Path(output)
    subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(ROOT), "--builder", "custom",
         "--custom-builder", "gettext", "--path-output", str(output), "-W", "-q"],
        check=True, cwd=ROOT)
    return output / "_build" / "gettext"


def _from_a_page(message):
    """True if a message comes from a page's own text, not from a docstring autodoc pulled in."""
    files = [filename for filename, _line in message.locations]
    return not files or any(name.endswith((".ipynb", ".md")) for name in files)


def clean_templates(raw, cleaned):
    """Copy each ``.pot`` of ``raw`` into ``cleaned`` without docstrings and locations.

    Returns the number of messages kept.
    """
    raw, cleaned = pathlib.Path(raw), pathlib.Path(cleaned)
    kept = 0
    for source in sorted(raw.rglob("*.pot")):
        with source.open("rb") as handle:
            template = read_po(handle)
        for message in list(template):
            if not message.id:
                continue
            if _from_a_page(message):
                message.locations = []
                kept += 1
            else:
                template.delete(message.id, message.context)
        target = cleaned / source.relative_to(raw)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_po(handle, template, width=0, omit_header=False)
    return kept


def update():
    """``make translations``: regenerate the templates and update the Chinese catalogs."""
    build = ROOT / "_build"
    shutil.rmtree(build / "gettext-build", ignore_errors=True)
    raw = build_templates(build / "gettext-build")
    cleaned = build / "gettext-templates"
    shutil.rmtree(cleaned, ignore_errors=True)
    kept = clean_templates(raw, cleaned)
    subprocess.run(
        [str(BIN / "sphinx-intl"), "update", "--pot-dir", str(cleaned), "--locale-dir",
         str(ROOT / "locale"), "--language", LANGUAGE, "--line-width", "0", "--no-obsolete"],
        check=True, cwd=ROOT)
    _remove_stale_catalogs(cleaned)
    for page, path in all_catalogs().items():
        _qualify_glue_in(page, path)
    print(f"{kept} messages in the templates; catalogs updated in {CATALOGS.relative_to(ROOT)}")
    report(check_catalogs(), limit=20)


def _remove_stale_catalogs(templates):
    """Delete the catalog of a page that no longer exists."""
    for catalog in sorted(CATALOGS.rglob("*.po")):
        relative = catalog.relative_to(CATALOGS).with_suffix(".pot")
        if not (templates / relative).exists():
            print(f"removing {catalog.relative_to(ROOT)}: its page is gone")
            catalog.unlink()


# --- glue roles in translations ----------------------------------------------------------
GLUE = re.compile(r"\{glue:text\}`([^`]*)`")


def glue_parts(content):
    """A glue role's content as ``(notebook or None, key, format)``; the format defaults to "s".

    >>> glue_parts("digits.ipynb::loss:.3f"), glue_parts("n")
    (('digits.ipynb', 'loss', '.3f'), (None, 'n', 's'))
    """
    notebook, _, rest = content.rpartition("::")
    key, _, spec = rest.partition(":")
    return notebook or None, key, spec or "s"


def qualify_glue(msgstr, page):
    """Write each ``{glue:text}`` role of a translation in the form that names its notebook.

    Sphinx parses a translated paragraph on its own, without the notebook it belongs to, so
    ``{glue:text}`loss:.3f``` finds no value there (myst-nb: "No key 'loss' found in glue
    data for this document"). The form ``{glue:text}`digits.ipynb::loss:.3f``` fetches the
    value from the notebook's saved outputs, after all pages are read. That form needs a
    format, so a role without one gets ``:s``, the format myst-nb uses by default.

    >>> qualify_glue("损失为 {glue:text}`loss:.3f`，共 {glue:text}`n` 个", "chapters/4_code/digits")
    '损失为 {glue:text}`digits.ipynb::loss:.3f`，共 {glue:text}`digits.ipynb::n:s` 个'
    """
    notebook = pathlib.PurePosixPath(page).name + ".ipynb"

    def qualified(match):
        named, key, spec = glue_parts(match.group(1))
        return match.group(0) if named else f"{{glue:text}}`{notebook}::{key}:{spec}`"

    return GLUE.sub(qualified, msgstr)


def unqualified_glue(text):
    """The glue roles of a text that do not name their notebook (``qualify_glue``)."""
    return [content for content in GLUE.findall(text) if glue_parts(content)[0] is None]


def _qualify_glue_in(page, path):
    catalog = read_catalog(path)
    changed = False
    for message in catalog:
        if message.id and message.string:
            string = qualify_glue(message.string, page)
            changed = changed or string != message.string
            message.string = string
    if changed:
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0)


# --- reading the catalogs -----------------------------------------------------------------
def read_catalog(path):
    """The babel Catalog of one ``.po`` or ``.pot`` file."""
    with pathlib.Path(path).open("rb") as handle:
        return read_po(handle)


def catalog_entries(path):
    """``{msgid: (msgstr, fuzzy)}`` of a catalog, without the header entry."""
    return {m.id: (m.string, m.fuzzy) for m in read_catalog(path) if m.id}


def all_catalogs():
    """Every catalog, as ``{"chapters/4_code/digits": Path(...po)}``."""
    return {str(p.relative_to(CATALOGS).with_suffix("")): p for p in sorted(CATALOGS.rglob("*.po"))}


# --- what a translation must keep ---------------------------------------------------------
# Inline markup of MyST that a translation carries over unchanged: math, code spans and
# roles. A role's target (after `<` in "title <target>", else the whole content) is kept; for
# {term} and {doc} the title may be translated: {term}`激活函数 <activation function>`.
ROLE = re.compile(r"\{([a-zA-Z][\w:.-]*)\}`([^`]*)`")
MATH = re.compile(r"(?<![\\$])\$\$?(?!\s)(.+?)(?<![\s\\])\$\$?")
CODE = re.compile(r"(?<![}`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)


def _role_targets(text):
    """The roles of a text as sorted ``(name, target)`` pairs.

    A glue role counts as its key and format, with or without the notebook that
    ``qualify_glue`` adds: ``digits.ipynb::loss:s`` is ``loss:s``, and so is ``loss``. A
    glued value that is English words has a Chinese twin, glued as ``<key>_zh``
    (``nnlib.course.glue(..., chinese=...)``), which a translation names instead: it
    counts as ``<key>``.
    """
    pairs = []
    for name, content in ROLE.findall(text):
        if name == "glue:text":
            _notebook, key, spec = glue_parts(content)
            key = key[: -len("_zh")] if key.endswith("_zh") else key
            pairs.append((name, f"{key}:{spec}"))
            continue
        titled = TITLED.match(content)
        pairs.append((name, titled.group(2).strip() if titled else content.strip()))
    return sorted(pairs)


def markup(text):
    """What a translation of ``text`` must keep: ``{"roles": [...], "math": [...], ...}``."""
    plain = ROLE.sub(" ", text)
    return {
        "roles": _role_targets(text),
        "math": sorted(MATH.findall(CODE.sub(" ", plain))),
        "code spans": sorted(body for _ticks, body in CODE.findall(plain)),
        "link targets": sorted(LINK_TARGET.findall(plain)),
    }


def check_entry(msgid, msgstr):
    """Problems of one translated entry: each a sentence naming what was lost or added."""
    problems = []
    expected, found = markup(msgid), markup(msgstr)
    for kind in expected:
        missing = _multiset_difference(expected[kind], found[kind])
        extra = _multiset_difference(found[kind], expected[kind])
        if missing:
            problems.append(f"{kind} of the English missing from the translation: {missing}")
        if extra:
            problems.append(f"{kind} in the translation but not in the English: {extra}")
    problems.extend(_emphasis_problems(msgid, msgstr))
    return problems


def _multiset_difference(a, b):
    """The items of ``a`` that ``b`` lacks, counting repeats."""
    return sorted((collections.Counter(a) - collections.Counter(b)).elements())


def _emphasis_problems(msgid, msgstr):
    """Bold and italic spans that MyST would not see in the translation.

    CommonMark closes ``**`` only where it is "right-flanking": ``**学习目标。**之后`` is
    not (punctuation before, a letter after), so the page would show the asterisks. The
    parser decides, so ask it: the number of ``<strong>`` and ``<em>`` must match.
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    problems = []
    for tag in ("strong", "em"):
        english = _count_tag(parser, msgid, tag)
        chinese = _count_tag(parser, msgstr, tag)
        if english != chinese:
            problems.append(
                f"<{tag}> spans: {english} in the English, {chinese} in the translation "
                "(MyST does not close ** or * that follows punctuation and precedes a "
                "character: move the punctuation outside the markers)")
    return problems


def _count_tag(parser, text, tag):
    html = parser.render(CODE.sub("x", ROLE.sub("x", text)))
    return html.count(f"<{tag}>")


# --- the whole check ----------------------------------------------------------------------
def entry_problems(msgid, msgstr, fuzzy):
    """Everything wrong with one catalog entry, each as a sentence (empty when it is fine)."""
    if fuzzy:
        return ["fuzzy: the English changed; check the translation, then delete '#, fuzzy'"]
    if not msgstr:
        return ["untranslated"]
    problems = check_entry(msgid, msgstr)
    if unqualified_glue(msgstr):
        problems.append("a glue role without its notebook: run `make translations`")
    return problems


def catalog_problems(path):
    """The problems of every entry of one catalog, each labelled with its msgid's start."""
    return [f"{msgid[:60]!r}: {problem}"
            for msgid, (msgstr, fuzzy) in catalog_entries(path).items()
            for problem in entry_problems(msgid, msgstr, fuzzy)]


def stale_entries(catalog, template):
    """``(new, gone)``: the template's msgids the catalog lacks, and the catalog's it lacks."""
    have, want = set(catalog_entries(catalog)), set(catalog_entries(template))
    return sorted(want - have), sorted(have - want)


def check_catalogs(templates=None):
    """``{page: [problem, ...]}`` for every catalog (and against the templates, when given)."""
    problems = {}
    catalogs = all_catalogs()
    if templates is not None:
        templates = pathlib.Path(templates)
        pages = {str(t.relative_to(templates).with_suffix("")): t for t in templates.rglob("*.pot")}
        for page in sorted(set(pages) | set(catalogs)):
            if page not in catalogs:
                problems.setdefault(page, []).append("no catalog for this page")
            elif page not in pages:
                problems.setdefault(page, []).append("a catalog for a page that is gone")
            else:
                new, gone = stale_entries(catalogs[page], pages[page])
                problems.setdefault(page, []).extend(
                    [f"not in the catalog: {m[:80]!r}" for m in new]
                    + [f"no longer in the English: {m[:80]!r}" for m in gone])
    for page, path in catalogs.items():
        problems.setdefault(page, []).extend(catalog_problems(path))
    return {page: items for page, items in problems.items() if items}


def report(problems, limit=None):
    """Print the problems, page by page; return how many there are."""
    total = sum(len(p) for p in problems.values())
    for page, items in problems.items():
        print(f"{page}: {len(items)} problem(s)")
        for item in items[:limit]:
            print(f"    {item}")
    print(f"{total} problem(s) in {len(problems)} catalog(s)")
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="regenerate the templates and update the catalogs")
    check = sub.add_parser("check", help="report untranslated, fuzzy and damaged entries")
    check.add_argument("pages", nargs="*", help="catalog paths or page names (default: all)")
    check.add_argument("--templates", action="store_true",
                       help="also rebuild the templates and report entries missing from the catalogs")
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
        return 0
    with tempfile.TemporaryDirectory() as work:
        templates = None
        if args.templates:
            templates = pathlib.Path(work) / "templates"
            clean_templates(build_templates(pathlib.Path(work) / "build"), templates)
        problems = check_catalogs(templates)
    if args.pages:
        wanted = {str(pathlib.Path(p).resolve().relative_to(CATALOGS).with_suffix(""))
                  if p.endswith(".po") else p for p in args.pages}
        problems = {page: items for page, items in problems.items() if page in wanted}
    return 1 if report(problems) else 0


if __name__ == "__main__":
    sys.exit(main())
