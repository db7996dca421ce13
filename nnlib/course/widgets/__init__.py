"""Widgets that work twice: live in Jupyter/Colab, and still working on the static website.

Taught along the whole course (first in Part 1, the single neuron; the playground in Part 4).

The one helper every chapter uses::

    from nnlib.course.widgets import explore, Range, Choice
    explore(draw, title="...", lr=Range(1e-3, 1, log=True), activation=Choice(["relu", "tanh"]))

``draw(**settings)`` returns a matplotlib Figure or a str. In a kernel the controls are
ipywidgets that call ``draw`` again; on the website they switch between frames drawn in
advance for a small grid of values. The playground (``nnlib.course.widgets.playground``) trains
small networks on 2-D datasets, like TensorFlow Playground, with more losses and optimizers.

Files: ``controls.py`` (Range, Choice), ``frames.py`` (drawing frames, the grid),
``static_html.py`` (the website version), ``live.py`` (the ipywidgets version),
``ipywidgets_compat.py`` (what differs between ipywidgets 7, on Colab, and 8),
``explore.py`` (``explore`` ties them together), ``playground.py``.
"""

from .controls import Choice, Range
from .explore import DEFAULT_MAX_FRAMES, Explorer, explore

__all__ = ["explore", "Explorer", "Range", "Choice", "DEFAULT_MAX_FRAMES", "Playground", "static_playground"]


def __getattr__(name):
    # The playground needs the whole library (layers, optimizers, datasets): load it on demand.
    if name in ("Playground", "static_playground"):
        from . import playground

        return getattr(playground, name)
    raise AttributeError(f"module 'nnlib.course.widgets' has no attribute {name!r}")
