"""``explore``: one call that gives a live widget in Jupyter and a working widget on the website.

Used by every chapter's widgets (first in Part 1, the single neuron). Example::

    from nnlib.course.widgets import explore, Range, Choice

    def draw(w, b, activation):
        fig, ax = plt.subplots(figsize=(5, 3))
        ...                                  # plot a = f(w x + b)
        return fig

    explore(draw, title="One neuron",
            w=Range(-3, 3, num=7), b=Range(-2, 2, num=5),
            activation=Choice(["sigmoid", "tanh", "relu"]))

What the reader gets depends on where the notebook is shown:

* In Jupyter or Colab (a kernel is running) the sliders are ipywidgets: every move calls
  ``draw`` again, with any value in the interval (``live.py``).
* On the book's website the same controls switch between pictures drawn in advance for
  every combination of the controls' static values (``frames.py``, ``static_html.py``).

Both faces travel in ONE notebook output: ``_repr_mimebundle_`` returns the ipywidget's own
output plus a ``text/html`` fallback. Jupyter shows the widget; the book is configured to
show the HTML (``nb_mime_priority_overrides`` in ``_config.yml``).
"""

import time

from nnlib.errors import HyperparameterError
from . import frames as _frames
from .controls import Choice, Range
from .live import widget_bundle
from .static_html import dom_id, static_face_by_default, static_html

__all__ = ["explore", "Explorer", "DEFAULT_MAX_FRAMES"]

DEFAULT_MAX_FRAMES = 60
_CACHE_LIMIT = 256
_FAST_FRAME_SECONDS = 0.15


class Explorer:
    """A widget exploring ``draw(**settings)`` over a few hyperparameters. Build it with ``explore``.

    Attributes:
        draw: the drawing function.
        title: the heading, or None.
        controls: dict name -> ``Range``/``Choice``, in the order given.
        fixed: dict name -> value passed unchanged to ``draw`` on every call.
        labels: dict name -> text shown next to each control.
        dom_id: the deterministic id of the static widget's ``<div>``.
        static_frames: list of ``Frame``, one per grid point (empty when ``static=False``).
    """

    def __init__(self, draw, title=None, controls=None, fixed=None, max_frames=DEFAULT_MAX_FRAMES,
                 dpi=80, colors=None, static=None, continuous_update=None):
        if not callable(draw):
            raise TypeError(f"explore() needs a function draw(**settings) first; got {type(draw).__name__}.")
        controls = dict(controls or {})
        if not controls:
            raise HyperparameterError(
                "explore() needs at least one control, e.g. explore(draw, lr=Range(0.001, 1, log=True))."
            )
        if isinstance(max_frames, bool) or not isinstance(max_frames, int) or max_frames < 1:
            raise HyperparameterError(f"max_frames must be a positive integer; got {max_frames!r}.")
        self.draw = draw
        self.title = title
        self.controls = controls
        self.fixed = dict(fixed or {})
        self.labels = {name: (c.label or name.replace("_", " ")) for name, c in controls.items()}
        self.dpi = dpi
        self.colors = colors
        self.static = static_face_by_default() if static is None else bool(static)
        draw_name = getattr(draw, "__qualname__", type(draw).__name__)
        self.dom_id = dom_id(title, controls, draw_name)
        self._cache = {}
        self._live = None
        self._html = None
        # Validate the grid before drawing anything: a failed call does no work.
        self.grid_size = _frames.check_grid_size(controls, max_frames) if self.static else _frames.grid_size(controls)
        started = time.perf_counter()
        if self.static:
            self.static_frames = [self.render(**self.current_settings(**s)) for _, s in _frames.grid(controls)]
            seconds_per_frame = (time.perf_counter() - started) / len(self.static_frames)
            kinds = {f.kind for f in self.static_frames}
            if len(kinds) > 1:
                raise TypeError("draw() returned a Figure for some settings and a str for others; return one kind.")
        else:
            self.static_frames = []
            self.render(**self.current_settings())
            seconds_per_frame = time.perf_counter() - started
        if continuous_update is None:
            continuous_update = seconds_per_frame < _FAST_FRAME_SECONDS
        self.continuous_update = bool(continuous_update)

    # ----- drawing -------------------------------------------------------------------------
    def current_settings(self, **values):
        """Return the keyword arguments for ``draw``: the controls' values, overridden by ``values``."""
        settings = {name: c.value for name, c in self.controls.items()}
        unknown = set(values) - set(settings)
        if unknown:
            raise HyperparameterError(
                f"Unknown control(s) {sorted(unknown)}; this widget has {list(self.controls)}."
            )
        settings.update(values)
        settings.update(self.fixed)
        return settings

    def render(self, **settings):
        """Return the ``Frame`` for these settings, drawing it only if it is not cached yet."""
        try:
            key = tuple(sorted((k, v) for k, v in settings.items() if k in self.controls))
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in self._cache:
            return self._cache[key]
        frame = _frames.render_frame(self.draw, settings, dpi=self.dpi, colors=self.colors)
        if key is not None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.pop(next(iter(self._cache)))  # forget the oldest frame
            self._cache[key] = frame
        return frame

    # ----- the two faces -------------------------------------------------------------------
    @property
    def live(self):
        """The ``LiveView`` (ipywidgets), built on first use."""
        if self._live is None:
            from .live import LiveView

            self._live = LiveView(self, continuous_update=self.continuous_update)
        return self._live

    @property
    def widget(self):
        """The ipywidgets box to display in a kernel."""
        return self.live.box

    def static_html(self):
        """Return the self-contained HTML of the website widget (pre-rendered frames)."""
        if not self.static:
            raise HyperparameterError("This widget was built with static=False: it has no pre-rendered frames.")
        if self._html is None:
            chosen = tuple(c.nearest_index(c.value) for c in self.controls.values())
            alt = self.title or "widget frame"
            self._html = static_html(self.dom_id, self.title, self.controls, self.labels,
                                     self.static_frames, chosen, alt=alt)
        return self._html

    def _repr_mimebundle_(self, include=None, exclude=None):
        """One notebook output with both faces: the live widget and the static HTML."""
        bundle = widget_bundle(lambda: self.widget)
        if self.static:
            bundle["text/html"] = self.static_html()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self):
        parts = [f"{self.labels[n]} {c.describe()}" for n, c in self.controls.items()]
        head = f"explore({self.title!r})" if self.title else "explore()"
        frames = f"; {self.grid_size} static frames" if self.static else ""
        return f"{head}: " + "; ".join(parts) + frames


def explore(draw, *, title=None, max_frames=DEFAULT_MAX_FRAMES, dpi=80, colors=None, static=None,
            continuous_update=None, **controls):
    """Show how a picture changes with a few hyperparameters, live in Jupyter and on the website.

    Args:
        draw: function called as ``draw(**settings)``; returns a matplotlib Figure (explore
            saves and closes it) or a str (shown as preformatted text).
        title: heading shown above the controls.
        max_frames: the most frames the website version may pre-render (default 60).
            The grid has one frame per combination of the controls' static values.
        dpi: resolution of the pictures (the PNG is ``figsize * dpi`` pixels).
        colors: None keeps every colour; an int such as 64 makes each PNG a palette image
            with that many colours, 3-4 times smaller (use it for heavy widgets).
        static: pre-render the website version. Default: yes, except on Colab or when the
            environment variable ``NNLIB_WIDGETS_STATIC=0``.
        continuous_update: redraw while a live slider is dragged. Default: only if one
            frame takes less than 0.15 s to draw.
        **controls: one ``Range`` or ``Choice`` per hyperparameter of ``draw``. Any other
            value is passed to ``draw`` unchanged on every call (a fixed argument). The
            names above (title, max_frames, dpi, colors, static, continuous_update) belong to
            ``explore`` itself, so ``draw`` cannot have parameters with those names.

    Returns:
        Explorer: display it (last line of a cell) to see the widget.

    Raises:
        HyperparameterError: no control was given, or the grid has more than ``max_frames`` frames.
        TypeError: ``draw`` does not return a Figure or a str.
    """
    live = {k: v for k, v in controls.items() if isinstance(v, (Range, Choice))}
    fixed = {k: v for k, v in controls.items() if not isinstance(v, (Range, Choice))}
    return Explorer(draw, title=title, controls=live, fixed=fixed, max_frames=max_frames, dpi=dpi,
                    colors=colors, static=static, continuous_update=continuous_update)

