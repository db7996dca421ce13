"""The nbval sanitizer of `make test` (tests/nbval_sanitize.cfg), read as nbval reads it.

A widget's website face embeds its pictures as base64 PNG. Their bytes change when
matplotlib moves a pixel, which is not a change in what the book teaches, so the sanitizer
replaces them; everything around them (controls, labels, ids, frame indices) is compared.
"""

import pathlib
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from nbval.plugin import get_sanitize_patterns  # noqa: E402

from nnlib.course.widgets import Range, explore  # noqa: E402

CONFIG = pathlib.Path(__file__).with_name("nbval_sanitize.cfg")


def sanitize(text):
    for regex, replace in get_sanitize_patterns(CONFIG.read_text()):
        text = re.sub(regex, replace, text)
    return text


def widget_html(linewidth=1.0, label="slope"):
    def draw(slope):
        fig, ax = plt.subplots(figsize=(2, 1.5))
        ax.plot([0, 1], [0, slope], linewidth=linewidth)
        return fig

    return explore(draw, title="a line", slope=Range(0, 2, num=3, label=label)).static_html()


def test_a_one_pixel_change_in_the_pictures_is_not_a_difference():
    before, after = widget_html(linewidth=1.0), widget_html(linewidth=1.3)
    assert before != after  # the PNG bytes differ ...
    assert sanitize(before) == sanitize(after)  # ... and nothing else does
    assert "iVBORw0KGgo" not in sanitize(before) and "PNG-BASE64" in sanitize(before)


def test_controls_labels_and_ids_are_still_compared():
    assert sanitize(widget_html(label="slope")) != sanitize(widget_html(label="gradient"))
