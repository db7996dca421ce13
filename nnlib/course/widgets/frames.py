"""Drawing frames: one picture (or text) per combination of control values.

Used by every chapter's widgets. A *frame* is what ``draw(**settings)`` produced for one
setting of the controls, turned into bytes that can travel inside a web page:

* a matplotlib Figure becomes a PNG image, saved without a time stamp or software name
  (``metadata={"Software": None}``) so that the same figure always gives the same bytes;
* a str is kept as text (shown as preformatted text).

The *grid* is every combination of the controls' static values, e.g. 7 learning rates x
3 activations = 21 frames. The website's widget shows one of these pre-rendered frames.
"""

import io
import itertools
import math
from dataclasses import dataclass

from nnlib.errors import HyperparameterError

__all__ = ["Frame", "render_frame", "figure_to_png", "grid_shape", "grid_size", "check_grid_size", "grid"]


@dataclass(frozen=True)
class Frame:
    """One drawn frame.

    Attributes:
        kind: ``"png"`` (``data`` is PNG bytes) or ``"text"`` (``data`` is a str).
        data: the PNG bytes or the text.
    """

    kind: str
    data: object


def figure_to_png(fig, dpi=80, colors=None):
    """Return the PNG bytes of a matplotlib Figure, identical for identical figures.

    Args:
        fig: a ``matplotlib.figure.Figure``.
        dpi: dots per inch; the image is ``figsize * dpi`` pixels.
        colors: None keeps every colour. An int (e.g. 64) reduces the picture to that many
            colours (a palette PNG, often 3-4 times smaller): good for heat maps with many
            frames on one web page.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    if colors is None:
        return buffer.getvalue()
    from PIL import Image  # Pillow comes with matplotlib

    buffer.seek(0)
    with Image.open(buffer) as image:
        reduced = image.convert("RGB").quantize(
            colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small = io.BytesIO()
    reduced.save(small, format="png", optimize=True)
    return small.getvalue()


def render_frame(draw, settings, dpi=80, colors=None):
    """Call ``draw(**settings)`` and turn its result into a ``Frame``.

    A Figure is saved as PNG and then closed, so it is not shown a second time by the
    notebook and does not keep memory.

    Args:
        draw: a function of keyword arguments returning a matplotlib Figure or a str.
        settings: dict of keyword arguments for ``draw``.
        dpi: resolution of the PNG.
        colors: None, or the number of colours to keep (see ``figure_to_png``).

    Returns:
        Frame.

    Raises:
        TypeError: ``draw`` returned something else (e.g. ``None`` because ``return fig`` is missing).
    """
    result = draw(**settings)
    if isinstance(result, str):
        return Frame("text", result)
    if hasattr(result, "savefig") and hasattr(result, "canvas"):
        import matplotlib.pyplot as plt

        try:
            return Frame("png", figure_to_png(result, dpi=dpi, colors=colors))
        finally:
            plt.close(result)
    raise TypeError(
        f"draw() must return a matplotlib Figure or a str; it returned {type(result).__name__}. "
        "End your draw function with `return fig` (for fig, ax = plt.subplots(...))."
    )


def grid_shape(controls):
    """Return the number of static values of each control, e.g. ``(7, 3)``."""
    return tuple(len(c.static_values()) for c in controls.values())


def grid_size(controls):
    """Return how many frames the static grid has (the product of ``grid_shape``)."""
    return math.prod(grid_shape(controls))


def check_grid_size(controls, max_frames):
    """Raise a clear error when the static grid would have more than ``max_frames`` frames.

    Raises:
        HyperparameterError: naming the grid size, each control's count, and how to shrink it.
    """
    size = grid_size(controls)
    if size <= max_frames:
        return size
    parts = " x ".join(f"{len(c.static_values())} ({name})" for name, c in controls.items())
    raise HyperparameterError(
        f"This widget would pre-render {parts} = {size} frames for the static website, "
        f"more than max_frames={max_frames}. Lower num= on a Range, give a Choice fewer options, "
        f"or pass max_frames={size} to explore() if a page that heavy is acceptable."
    )


def grid(controls):
    """Yield ``(flat_index, settings)`` for every combination of static values.

    The order is row-major over the controls in the order given (the last control varies
    fastest): this is the order the website's JavaScript uses to find a frame.
    """
    names = list(controls)
    value_lists = [controls[n].static_values() for n in names]
    for flat, combo in enumerate(itertools.product(*value_lists)):
        yield flat, dict(zip(names, combo))
