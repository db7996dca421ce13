"""On every page, a link to the same page in the book's other language.

Loaded by _config.yml (``local_extensions``). The English edition is the site's root,
``_build/html/``; the Chinese edition (tools/book_zh.py) is built from the same pages into
``_build/html/zh/``, so a page has the same path in both: ``chapters/3_math/backpropagation.html``
and ``zh/chapters/3_math/backpropagation.html``. The link is relative, so the site works
from any address and offline.

The link is drawn by the template ``templates/language-switch.html``, which _config.yml puts
in the article header (``html_theme_options.article_header_end``), and styled by
``static/language-switch.css``. Each page also declares
its counterpart in its ``<head>`` (``<link rel="alternate" hreflang=...>``), which is how
search engines pair the two editions.
"""

import html
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CHINESE_FOLDER = "zh"

# What the link says, in the language it leads to.
EDITIONS = {
    "en": {"label": "中文", "hreflang": "zh-CN", "title": "阅读本页的中文版"},
    "zh": {"label": "English", "hreflang": "en", "title": "Read this page in English"},
}


def is_chinese(language):
    """True for the Chinese edition's ``language`` setting (``zh_CN``)."""
    return (language or "en").lower().startswith("zh")


def counterpart_url(pagename, chinese):
    """The relative URL, from page ``pagename``, of the same page in the other edition.

    >>> counterpart_url("chapters/3_math/backpropagation", chinese=False)
    '../../zh/chapters/3_math/backpropagation.html'
    >>> counterpart_url("chapters/3_math/backpropagation", chinese=True)
    '../../../chapters/3_math/backpropagation.html'
    >>> counterpart_url("intro", chinese=False)
    'zh/intro.html'
    """
    up = "../" * pagename.count("/")
    if chinese:
        return f"../{up}{pagename}.html"
    return f"{up}{CHINESE_FOLDER}/{pagename}.html"


def add_language_switch(app, pagename, templatename, context, doctree):
    """Give the page template ``language_switch`` and the alternate link (html-page-context)."""
    chinese = is_chinese(app.config.language)
    edition = dict(EDITIONS["zh" if chinese else "en"])
    edition["url"] = counterpart_url(pagename, chinese)
    context["language_switch"] = edition
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{edition["hreflang"]}" '
        f'href="{html.escape(edition["url"])}" />'
    )


def add_template_and_style(app, config):
    """Make ``language-switch.html`` findable by the theme, and copy its CSS (config-inited)."""
    config.templates_path = list(config.templates_path) + [str(TEMPLATES)]
    config.html_static_path = list(config.html_static_path) + [str(STATIC)]


def setup(app):
    app.connect("config-inited", add_template_and_style)
    app.add_css_file("language-switch.css")
    app.connect("html-page-context", add_language_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
