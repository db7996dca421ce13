"""Every static widget of the built site, driven in headless Chromium: no control may be dead.

The widgets made with ``nnlib.course.widgets.explore`` carry pre-rendered frames and a small inline
script (see nnlib/course/widgets/static_html.py). For every widget on every page, each control is
set to each of its other values, starting from the widget's initial state, and the picture
must change (and show the frame the embedded data names for that setting). Numeric sliders
must also update their readout. Nothing may go wrong on the page while doing so. The
Chinese edition (``zh/``) shows the same widgets, built from the same outputs; there each
control is moved to one other value (enough to show that the page's widgets are alive)
rather than through all of them, which the English pages already do.
"""

import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
WIDGET = '[data-nnlib-widget="explore"]'

# The state of one widget as its own data describes it: which frame the controls select.
EXPECTED_FRAME = """(root) => {
    const data = JSON.parse(root.querySelector('script.nnlib-data').textContent);
    const inputs = root.querySelectorAll('[data-control]');
    let flat = 0;
    inputs.forEach((input, i) => { flat = flat * data.shape[i] + parseInt(input.value, 10); });
    return {frame: data.index[flat], labels: data.labels};
}"""


def pages_with_widgets(site_dir):
    """Every built page (relative path) that holds at least one static widget."""
    pages = []
    for path in sorted(pathlib.Path(site_dir).rglob("*.html")):
        if "data-nnlib-widget=\"explore\"" in path.read_text(encoding="utf-8", errors="replace"):
            pages.append(path.relative_to(site_dir).as_posix())
    return pages


def picture(widget):
    """What the widget shows now: the picture's source (or text) and its frame number."""
    view = widget.locator("[data-frame]")
    source = view.get_attribute("src") or view.text_content()
    return source, int(view.get_attribute("data-frame"))


def set_control(control, index):
    """Move a static control to the value with this index, as a reader would."""
    if control.evaluate("e => e.tagName") == "SELECT":
        # By position: Playwright's value= also matches option LABELS, so value="1" would
        # pick an option labelled "1" (a Choice of [1, 10, 100] has one at index 0).
        control.select_option(index=index)
    else:
        control.fill(str(index))  # a range input: sets the value and fires input/change


def count_values(control):
    if control.evaluate("e => e.tagName") == "SELECT":
        return control.locator("option").count()
    return int(control.get_attribute("max")) + 1


def notebook_pages_with_widgets():
    """The page (relative .html path) of every notebook whose stored outputs hold a static widget.

    Read from the notebooks, so that the test below has one case per page (and the pages
    can be visited in parallel); the site itself must agree (``test_the_site_has_...``).
    """
    chapters = ROOT / "chapters"
    return [
        path.relative_to(ROOT).with_suffix(".html").as_posix()
        for path in sorted(chapters.rglob("*.ipynb"))
        if ".ipynb_checkpoints" not in path.parts
        and 'data-nnlib-widget=\\"explore\\"' in path.read_text(encoding="utf-8")
    ]


WIDGET_PAGES = notebook_pages_with_widgets()
# Each widget page in both editions: the English one, and the Chinese one under zh/.
EDITION_FOLDERS = ["", "zh/"]
WIDGET_PAGES_IN_BOTH_EDITIONS = [folder + page for folder in EDITION_FOLDERS for page in WIDGET_PAGES]


def test_the_site_has_static_widgets(site_dir):
    assert WIDGET_PAGES, "no notebook stores a static widget"
    assert pages_with_widgets(site_dir) == sorted(WIDGET_PAGES_IN_BOTH_EDITIONS), (
        "the built site's widget pages differ from the notebooks'")


@pytest.mark.parametrize("page_path", WIDGET_PAGES_IN_BOTH_EDITIONS)
def test_every_control_of_every_static_widget_changes_the_picture(browser_page, page_path):
    dead = []
    checked = 0
    page = browser_page.goto(page_path)
    widgets = page.locator(WIDGET).all()
    ids = [w.get_attribute("id") for w in widgets]
    assert len(set(ids)) == len(ids), f"{page_path}: widget ids are not unique: {ids}"
    for widget in widgets:
        widget.scroll_into_view_if_needed()
        initial_source, initial_frame = picture(widget)
        assert initial_frame == widget.evaluate(EXPECTED_FRAME)["frame"], (
            f"{page_path}: the first picture is not the one the controls select"
        )
        for control in widget.locator("[data-control]").all():
            name = control.get_attribute("data-control")
            start = int(control.input_value())
            others = [index for index in range(count_values(control)) if index != start]
            if page_path.startswith("zh/"):
                others = others[:1]
            for index in others:
                set_control(control, index)
                source, frame = picture(widget)
                expected = widget.evaluate(EXPECTED_FRAME)
                assert frame == expected["frame"], f"{page_path}: {name}={index} shows the wrong frame"
                if source == initial_source:
                    dead.append(f"{page_path} #{widget.get_attribute('id')}: {name} -> value {index}")
                readout = widget.locator(f'output[data-readout="{name}"]')
                if readout.count():
                    labels = expected["labels"][
                        [c.get_attribute("data-control") for c in widget.locator("[data-control]").all()].index(name)
                    ]
                    assert readout.text_content() == labels[index], f"{page_path}: {name} readout not updated"
                checked += 1
            set_control(control, start)  # back to the initial state before the next control
            assert picture(widget)[0] == initial_source, f"{page_path}: {name} does not return to the start"
    assert checked > 0
    assert not dead, "controls that do not change the picture:\n" + "\n".join(dead)
    assert browser_page.problems() == [], json.dumps(browser_page.problems(), indent=1)
