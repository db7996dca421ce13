"""Translate the table of contents' part captions in the Chinese edition.

Loaded by _config.yml (``local_extensions``). The captions ("Part 1: Background", ...) come
from _toc.yml: sphinx-external-toc turns them into the root page's ``toctree`` nodes, and
the gettext builder puts them in the root page's catalog (locale/zh_CN/LC_MESSAGES/intro.po),
where they are translated like any message. But sphinx-external-toc inserts those nodes in
a transform of priority 100, after the one that applies translations (Sphinx's ``Locale``,
priority 20), so without this the Chinese site's sidebar kept the English captions. This
transform runs right after it and looks each caption up in the page's own catalog, the way
``Locale`` does for the page's text.
"""

from os import path

from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain


class TranslateTocCaptions(SphinxTransform):
    """Replace each toctree caption of a page by its translation, when there is one."""

    default_priority = 101  # right after sphinx_external_toc's InsertToctrees (100)

    def apply(self, **kwargs):
        language = self.config.language
        toctrees = [node for node in self.document.findall(addnodes.toctree) if node.get("caption")]
        if not toctrees or not language or language == "en":
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        folders = [path.join(self.env.srcdir, folder) for folder in self.config.locale_dirs]
        catalog, found = init_locale(folders, language, domain)
        if not found:
            return
        for toctree in toctrees:
            toctree["caption"] = catalog.gettext(toctree["caption"])


def setup(app):
    app.add_transform(TranslateTocCaptions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
