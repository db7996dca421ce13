"""The static widgets of the built site: every page that should have one has them, in both editions.

Every widget is driven, control by control, by ``test_pages.py`` on the page it opens anyway
(``widget_controls.drive_every_control``): on the English pages each control goes through
all of its values, on the Chinese ones (``zh/``, the same widgets built from the same
outputs) each control moves to one other value, enough to show that the page's widgets are
alive. This file checks that the site and the notebooks agree on which pages those are.
"""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Each widget page in both editions: the English one, and the Chinese one under zh/.
EDITION_FOLDERS = ["", "zh/"]
# The attribute on the root of every widget made with nnlib.course.widgets.explore.
MARKER = 'data-nnlib-widget="explore"'


def pages_with_widgets(site_dir):
    """Every built page (relative path) that holds at least one static widget."""
    return sorted(
        path.relative_to(site_dir).as_posix()
        for path in pathlib.Path(site_dir).rglob("*.html")
        if MARKER in path.read_text(encoding="utf-8", errors="replace")
    )


def notebook_pages_with_widgets():
    """The page (relative .html path) of every notebook whose stored outputs hold a static widget."""
    chapters = ROOT / "chapters"
    return [
        path.relative_to(ROOT).with_suffix(".html").as_posix()
        for path in sorted(chapters.rglob("*.ipynb"))
        if ".ipynb_checkpoints" not in path.parts
        and 'data-nnlib-widget=\\"explore\\"' in path.read_text(encoding="utf-8")
    ]


def test_the_site_has_static_widgets(site_dir):
    widget_pages = notebook_pages_with_widgets()
    assert widget_pages, "no notebook stores a static widget"
    in_both_editions = sorted(folder + page for folder in EDITION_FOLDERS for page in widget_pages)
    assert pages_with_widgets(site_dir) == in_both_editions, (
        "the built site's widget pages differ from the notebooks'")
