"""Drive a static widget of the built site as a reader would, and report dead controls.

The widgets made with ``nnlib.course.widgets.explore`` carry pre-rendered frames and a small
inline script (nnlib/course/widgets/static_html.py). ``drive_every_control`` sets each control
of one widget to other values, starting from the widget's initial state: the picture must
change, show the frame the widget's embedded data names for that setting, and update a
slider's readout; each control must bring the first picture back when set to its start.
``test_pages.py`` calls it for every widget of every page, on the page it has already opened.
"""

# The state of one widget as its own data describes it: which frame the controls select.
EXPECTED_FRAME = """(root) => {
    const data = JSON.parse(root.querySelector('script.nnlib-data').textContent);
    const inputs = root.querySelectorAll('[data-control]');
    let flat = 0;
    inputs.forEach((input, i) => { flat = flat * data.shape[i] + parseInt(input.value, 10); });
    return {frame: data.index[flat], labels: data.labels};
}"""


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
    """How many values a control offers: a select's options, a range input's max + 1."""
    if control.evaluate("e => e.tagName") == "SELECT":
        return control.locator("option").count()
    return int(control.get_attribute("max")) + 1


def drive_every_control(widget, where, values_per_control=None):
    """Set each control of ``widget`` to its other values (the first ``values_per_control``
    of them, or all), checking the frame and readout after each move.

    ``where`` names the page in messages. Returns ``(checked, dead)``: how many settings were
    tried, and a line for each one that left the picture as it was.
    """
    initial_source, initial_frame = picture(widget)
    assert initial_frame == widget.evaluate(EXPECTED_FRAME)["frame"], (
        f"{where}: the first picture is not the one the controls select")
    controls = widget.locator("[data-control]").all()
    names = [control.get_attribute("data-control") for control in controls]
    checked, dead = 0, []
    for control, name in zip(controls, names):
        start = int(control.input_value())
        others = [index for index in range(count_values(control)) if index != start]
        for index in others[:values_per_control]:
            set_control(control, index)
            source, frame = picture(widget)
            expected = widget.evaluate(EXPECTED_FRAME)
            assert frame == expected["frame"], f"{where}: {name}={index} shows the wrong frame"
            if source == initial_source:
                dead.append(f"{where} #{widget.get_attribute('id')}: {name} -> value {index}")
            readout = widget.locator(f'output[data-readout="{name}"]')
            if readout.count():
                assert readout.text_content() == expected["labels"][names.index(name)][index], (
                    f"{where}: {name} readout not updated")
            checked += 1
        set_control(control, start)  # back to the initial state before the next control
        assert picture(widget)[0] == initial_source, f"{where}: {name} does not return to the start"
    return checked, dead
