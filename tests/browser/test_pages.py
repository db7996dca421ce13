"""Every page of the built book, in both editions, opened in headless Chromium.

For each page of _toc.yml (and the search and index pages), in English (the site's root) and
in Chinese (``zh/``): no console error, no page error, no failed request, no request leaving
the local server; MathJax has typeset every formula and no raw TeX or Markdown is left;
every image has loaded; every figure and widget of the notebook is there; every static
widget is visible, with controls and one picture, and each control changes the picture
(widget_controls.py); every exercise solution has its toggle;
the language switch leads to the same page in the other edition. A Chinese page's prose
must be Chinese (``chinese_share``), and the Chinese search must find Chinese words.

A screenshot of each page's first screen is kept in _build/screenshots/ (``zh__`` in front
of the Chinese ones); ``SCREENSHOTS=full`` keeps whole pages instead, which takes about as
long as all the other checks together.
"""

import json
import os
import pathlib
import re

import nbformat
import pytest
import yaml
from widget_controls import drive_every_control

ROOT = pathlib.Path(__file__).resolve().parents[2]


def toc_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for key, value in node.items():
                if key != "file":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    return files


PAGES = toc_pages()
# The editions: the folder each one lives in, from the site's root.
EDITIONS = {"en": "", "zh": "zh/"}
OTHER_EDITION = {"en": "zh", "zh": "en"}
FULL_SCREENSHOTS = os.environ.get("SCREENSHOTS") == "full"
# How many other values each widget control is set to: all of them on the English pages; one
# on the Chinese pages, whose widgets are built from the same outputs (enough to show they
# are alive there too).
WIDGET_VALUES_TRIED = {"en": None, "zh": 1}
# Below this share of Chinese characters (see chinese_share), a Chinese page is untranslated.
# Translated pages have 0.6 to 0.9; an English page has 0.
MIN_CHINESE_SHARE = 0.5
# Pages whose prose is rightly part English, with the share they must reach instead.
CHINESE_SHARE_EXCEPTIONS = {
    # Its body is nnlib's docstrings: source code, which stays English in both editions
    # (only its introduction and headings are translated; its docstrings, written in
    # reStructuredText, use ** as Python's power operator).
    "chapters/appendix/api_reference": None,
    # Its three corrections quote the English titles of papers and the names of journals.
    "chapters/appendix/references": 0.3,
}

# Typeset means: every formula Sphinx marked (span.math / div.math) holds MathJax's output.
MATH_TYPESET = """() => {
    const formulas = [...document.querySelectorAll('.math')];
    return formulas.every(f => f.querySelector('mjx-container'));
}"""

# The text of the page outside code, outputs and typeset math: raw TeX must not show there.
PROSE_TEXT = """() => {
    const main = document.querySelector('main') || document.body;
    const copy = main.cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-container, .cell_output, .highlight')
        .forEach(e => e.remove());
    return copy.textContent;
}"""

# The page's own prose: paragraphs, headings, list items, table cells and definitions, outside
# code cells, their outputs, formulas, the API reference's docstrings (nnlib's source,
# which stays English), the bibliography and italics (the titles of works, in English).
OWN_PROSE = """() => {
    const main = document.querySelector('main') || document.body;
    const copy = main.cloneNode(true);
    copy.querySelectorAll('.cell, pre, code, script, style, mjx-container, .math, dl.py, '
        + '.bibliography, .citation, .headerlink, em').forEach(e => e.remove());
    return [...copy.querySelectorAll('p, li, h1, h2, h3, h4, td, th, dt, dd')]
        .map(e => e.textContent).join(' ');
}"""

BROKEN_IMAGES = """() => [...document.querySelectorAll('main img')]
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => (img.getAttribute('src') || '').slice(0, 80))"""

# Load every image now, lazy ones too, and wait until each has loaded or failed (the check
# for broken images follows). Faster than scrolling the page to trigger lazy loading.
LOAD_EVERY_IMAGE = """async () => {
    const images = [...document.querySelectorAll('img')];
    images.forEach(img => { if (img.loading === 'lazy') img.loading = 'eager'; });
    await Promise.all(images.filter(img => !img.complete).map(img => new Promise(done => {
        img.addEventListener('load', done, {once: true});
        img.addEventListener('error', done, {once: true});
    })));
}"""

# JPEG (quick to encode) for the screenshots, except for pages taller than JPEG allows.
JPEG_MAX_HEIGHT = 65_000


def expected_from_notebook(page):
    """Count what a notebook page must show: figures, static widgets, hidden solutions."""
    path = ROOT / f"{page}.ipynb"
    counts = {"figures": 0, "widgets": 0, "solutions": 0}
    if not path.exists():
        return counts
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if "hide-input" in cell.metadata.get("tags", []):
            counts["solutions"] += 1
        for output in cell.outputs:
            data = output.get("data", {})
            if "text/html" in data and "data-nnlib-widget" in data["text/html"]:
                counts["widgets"] += 1
            elif "text/html" not in data and any(k in data for k in ("image/png", "image/jpeg", "image/svg+xml")):
                counts["figures"] += 1
    return counts


def chinese_share(text):
    """The share of Chinese characters among the letters of ``text`` (0 to 1).

    Letters are CJK characters and Latin letters; digits, punctuation and spaces do not
    count. Chinese prose that names ``Dense``, NumPy or ReLU stays well above one half:
    a Chinese character carries about as much as a short English word.

    >>> chinese_share("反向传播 computes gradients")
    0.19
    >>> chinese_share("12, 34.")
    0.0
    """
    chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return round(chinese / (chinese + latin), 2) if chinese + latin else 0.0


def check_language_switch(browser, probe, edition, page):
    """The page's language switch leads to the same page in the other edition, which exists."""
    switch = browser.locator("a.language-switch")
    assert switch.count() == 1, f"{edition}/{page}: {switch.count()} language switches, expected 1"
    target = browser.evaluate("href => new URL(href, location.href).href", switch.get_attribute("href"))
    expected = f"{probe.base_url}{EDITIONS[OTHER_EDITION[edition]]}{page}.html"
    assert target == expected, f"{edition}/{page}: the language switch leads to {target}, not {expected}"
    status = browser.request.get(target).status
    assert status == 200, f"{edition}/{page}: the other edition's page answers {status}"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_page_renders_cleanly(browser_page, screenshot_dir, page, edition):
    folder = EDITIONS[edition]
    browser = browser_page.goto(f"{folder}{page}.html")
    browser.evaluate(LOAD_EVERY_IMAGE)

    if browser.locator(".math").count():
        browser.wait_for_function(MATH_TYPESET, timeout=30_000)
    prose = browser.evaluate(PROSE_TEXT)
    for raw in ("$$", "\\(", "\\[", "\\begin{"):
        assert raw not in prose, f"{page}: raw TeX {raw!r} left on the page (MathJax did not typeset it)"
    # A "$...$" span that Markdown broke apart (a line starting with "> " or "+ " inside it
    # becomes a quote or a list) leaves its TeX commands in the text.
    command = re.search(r"\\(partial|frac|dfrac|sigma|mathbf|sum|cdot|odot|le|ge|top|hat|big)\b", prose)
    assert not command, f"{page}: raw TeX {command.group(0)!r} left in the text: a broken $...$ span?"
    # Bold that Markdown did not close (in Chinese: "**目标。**完成" needs the full stop
    # outside the markers) shows its asterisks.
    own_prose = browser.evaluate(OWN_PROSE)
    minimum = CHINESE_SHARE_EXCEPTIONS.get(page, MIN_CHINESE_SHARE)
    if minimum is not None:
        assert "**" not in own_prose, f"{edition}/{page}: literal '**' in the text: emphasis MyST did not parse"
    check_language_switch(browser, browser_page, edition, page)
    if edition == "zh" and page not in ("search", "genindex") and minimum is not None:
        share = chinese_share(own_prose)
        assert share >= minimum, (
            f"zh/{page}: only {share:.0%} of the prose's letters are Chinese: is the page translated?")

    broken = browser.evaluate(BROKEN_IMAGES)
    assert not broken, f"{page}: images that did not load: {broken}"

    expected = expected_from_notebook(page)
    figures = browser.locator(".cell_output img").count()
    widgets = browser.locator("[data-nnlib-widget]").count()
    assert figures >= expected["figures"] + expected["widgets"], (
        f"{page}: {figures} images in outputs; the notebook has {expected['figures']} figures "
        f"and {expected['widgets']} widgets"
    )
    assert widgets == expected["widgets"], f"{page}: {widgets} widgets shown, {expected['widgets']} in the notebook"
    ids = [widget.get_attribute("id") for widget in browser.locator("[data-nnlib-widget]").all()]
    assert len(set(ids)) == len(ids), f"{page}: widget ids are not unique: {ids}"
    dead = []
    for widget in browser.locator("[data-nnlib-widget]").all():
        widget.scroll_into_view_if_needed()
        assert widget.is_visible(), f"{page}: a widget is not visible"
        assert widget.locator("[data-control]").count() >= 1, f"{page}: a widget has no controls"
        assert widget.locator("[data-frame]").count() == 1, f"{page}: a widget has no picture"
        checked, dead_here = drive_every_control(widget, f"{folder}{page}", WIDGET_VALUES_TRIED[edition])
        assert checked > 0, f"{page}: a widget's controls offer no other value"
        dead += dead_here
    assert not dead, "controls that do not change the picture:\n" + "\n".join(dead)
    browser.evaluate("window.scrollTo(0, 0)")
    assert browser.locator("details.above-input").count() >= expected["solutions"], (
        f"{page}: a hidden solution has no 'Show code cell source' toggle"
    )
    blank = browser.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    assert blank == 0, (
        f"{page}: {blank} ipywidgets output(s) without a static face show nothing on the website; "
        "build widgets with nnlib.course.widgets.explore"
    )

    if (ROOT / f"{page}.ipynb").exists():
        # The download button offers the notebook itself; the launch buttons open it on Colab and Binder.
        download = browser.request.get(f"{browser_page.base_url}{folder}_sources/{page}.ipynb")
        assert download.status == 200, f"{page}: the notebook download link is broken ({download.status})"
        assert browser.locator(f'a[href*="colab.research.google.com"][href$="{page}.ipynb"]').count() == 1
        assert browser.locator('a[href*="mybinder.org"]').count() == 1

    name = (f"{edition}__" if folder else "") + page.replace("/", "__")
    if not FULL_SCREENSHOTS or browser.evaluate("document.documentElement.scrollHeight") <= JPEG_MAX_HEIGHT:
        browser.screenshot(path=str(screenshot_dir / f"{name}.jpg"), full_page=FULL_SCREENSHOTS,
                           type="jpeg", quality=80)
    else:
        browser.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)
    assert browser_page.problems() == [], f"{page}: " + json.dumps(browser_page.problems(), indent=1)


def test_some_pages_have_widgets():
    assert [p for p in PAGES if expected_from_notebook(p)["widgets"]], "no page has a widget"


# A word of each edition's search, and a page that must be among its results.
SEARCHES = {
    "en": ("backpropagation", "chapters/3_math/backpropagation.html"),
    "zh": ("反向传播", "chapters/3_math/backpropagation.html"),
}


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_finds_a_word_of_the_edition(browser_page, edition):
    word, expected = SEARCHES[edition]
    folder = EDITIONS[edition]
    browser = browser_page.goto(f"{folder}search.html?q={word}")
    browser.wait_for_selector("#search-results ul.search li", timeout=30_000)
    found = browser.evaluate("""() => [...document.querySelectorAll('#search-results ul.search li a')]
        .map(a => new URL(a.getAttribute('href'), location.href).pathname)""")
    assert any(path.endswith(f"/{folder}{expected}") for path in found), (
        f"searching {word!r} in {edition}: {expected} is not among the {len(found)} results {found[:8]}")
    assert browser_page.problems() == [], json.dumps(browser_page.problems(), indent=1)
