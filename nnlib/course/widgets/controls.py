"""The two kinds of control a widget can have: a numeric ``Range`` and a ``Choice``.

Used by every chapter's widgets; the playground of Part 4 is built from them.

A control describes one hyperparameter once, and knows how to show itself in two places:

* **live** (a Jupyter or Colab kernel is running): an ipywidgets slider, dropdown or set
  of toggle buttons. A live numeric slider covers the whole interval, so values between
  the grid points are allowed.
* **static** (the book's website, no kernel): a short list of values, ``static_values()``,
  for which a picture is drawn in advance. On the website a numeric slider snaps to the
  nearest of these values and shows it.

Example::

    Range(0.001, 1.0, num=7, log=True, label="learning rate")
    Choice(["relu", "tanh", "sigmoid"], value="tanh")
"""

import math
from numbers import Integral, Real

from nnlib.errors import HyperparameterError

__all__ = ["Range", "Choice", "format_value"]


def format_value(value):
    """Return a short, readable text for a control value (``0.01``, ``128``, ``'relu'``)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        return f"{float(value):.4g}"
    return str(value)


def _round_nicely(value):
    """Round to 4 significant digits, so that 0.0031622776 is shown and used as 0.003162."""
    return float(f"{float(value):.4g}")


class Range:
    """A numeric hyperparameter taking any value in ``[min, max]``.

    Args:
        min: smallest value, a finite number.
        max: largest value, a finite number greater than ``min``.
        num: how many values are pre-rendered for the static website (at least 2).
            They are evenly spaced, or evenly spaced on a log scale when ``log=True``.
        value: the starting value. Defaults to the middle of the static values.
        log: use a logarithmic scale (learning rates, regularization rates). Needs ``min > 0``.
        label: the text shown next to the control. Defaults to the keyword name.
        integer: only whole numbers (units, batch size, epochs). ``min``/``max`` must be integers.

    Raises:
        HyperparameterError: a bound, ``num`` or ``value`` is invalid.
    """

    kind = "range"

    def __init__(self, min, max, num=7, value=None, log=False, label=None, integer=False):  # noqa: A002
        for name, bound in (("min", min), ("max", max)):
            if isinstance(bound, bool) or not isinstance(bound, Real) or not math.isfinite(bound):
                raise HyperparameterError(f"Range {name} must be a finite number; got {bound!r}.")
        if not min < max:
            raise HyperparameterError(
                f"Range needs min < max; got min={min!r}, max={max!r}. Swap them or widen the interval."
            )
        if isinstance(num, bool) or not isinstance(num, Integral) or num < 2:
            raise HyperparameterError(
                f"Range num must be an integer >= 2 (the number of pre-rendered values); got {num!r}."
            )
        if log and min <= 0:
            raise HyperparameterError(
                f"A log-scale Range needs min > 0; got min={min!r}. Use a small positive min such as 1e-4."
            )
        if integer:
            if int(min) != min or int(max) != max:
                raise HyperparameterError(
                    f"An integer Range needs whole-number bounds; got min={min!r}, max={max!r}."
                )
            if num > int(max) - int(min) + 1:
                raise HyperparameterError(
                    f"An integer Range from {int(min)} to {int(max)} has only {int(max) - int(min) + 1} "
                    f"whole numbers, fewer than num={num}. Lower num."
                )
        self.min = int(min) if integer else float(min)
        self.max = int(max) if integer else float(max)
        self.num = int(num)
        self.log = bool(log)
        self.integer = bool(integer)
        self.label = label
        self._values = self._make_static_values()
        if value is None:
            value = self._values[(self.num - 1) // 2]
        if isinstance(value, bool) or not isinstance(value, Real) or not self.min <= value <= self.max:
            raise HyperparameterError(
                f"Range value must be a number between min={self.min} and max={self.max}; got {value!r}."
            )
        if integer and int(value) != value:
            raise HyperparameterError(f"An integer Range needs a whole-number value; got {value!r}.")
        self.value = int(value) if integer else float(value)

    def _make_static_values(self):
        """The ``num`` pre-rendered values, from ``min`` to ``max`` inclusive."""
        if self.log:
            lo, hi = math.log10(self.min), math.log10(self.max)
            raw = [10 ** (lo + (hi - lo) * i / (self.num - 1)) for i in range(self.num)]
        else:
            raw = [self.min + (self.max - self.min) * i / (self.num - 1) for i in range(self.num)]
        raw[0], raw[-1] = self.min, self.max
        if self.integer:
            values = [int(round(v)) for v in raw]
        else:
            values = [_round_nicely(v) for v in raw]
        if len(set(values)) != len(values):
            raise HyperparameterError(
                f"Range({self.min}, {self.max}, num={self.num}) gives repeated values after rounding: "
                f"{values}. Lower num."
            )
        return values

    def static_values(self):
        """Return the values pre-rendered for the static website (a new list)."""
        return list(self._values)

    def nearest_index(self, value):
        """Return the index of the static value closest to ``value`` (on a log scale if ``log``)."""
        if self.log:
            distances = [abs(math.log10(v) - math.log10(max(value, 1e-300))) for v in self._values]
        else:
            distances = [abs(v - value) for v in self._values]
        return distances.index(min(distances))

    def labels(self):
        """Return the static values as short texts, for the website's readout."""
        return [format_value(v) for v in self._values]

    def describe(self):
        """Return a one-line text description (used by ``repr`` and the widget's DOM id)."""
        scale = ", log" if self.log else ""
        kind = "integers " if self.integer else ""
        return f"{kind}{format_value(self.min)}..{format_value(self.max)} ({self.num} values{scale})"

    def make_widget(self, description, continuous_update=True):
        """Return the live ipywidgets slider for this control.

        Args:
            description: the text shown next to the slider.
            continuous_update: redraw while the slider is being dragged (True) or only when
                it is released (False, better when one picture takes long to draw).
        """
        import ipywidgets as widgets

        common = dict(
            description=description,
            continuous_update=continuous_update,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        if self.integer:
            return widgets.IntSlider(value=self.value, min=self.min, max=self.max, step=1, **common)
        if self.log:
            lo, hi = math.log10(self.min), math.log10(self.max)
            return widgets.FloatLogSlider(
                value=self.value, base=10, min=lo, max=hi, step=(hi - lo) / 120, readout_format=".3g", **common
            )
        return widgets.FloatSlider(
            value=self.value, min=self.min, max=self.max, step=(self.max - self.min) / 120,
            readout_format=".3g", **common,
        )

    def __repr__(self):
        return (
            f"Range({format_value(self.min)}, {format_value(self.max)}, num={self.num}, "
            f"value={format_value(self.value)}, log={self.log}, label={self.label!r}, integer={self.integer})"
        )


class Choice:
    """A hyperparameter taking one of a few values (a dataset, an activation, an optimizer).

    Args:
        options: the values to choose from: a list (``["relu", "tanh"]``), or a dict mapping
            the text shown to the value passed to ``draw`` (``{"SGD": "sgd", "Momentum": "momentum"}``).
        value: the starting value. Defaults to the first option.
        label: the text shown next to the control. Defaults to the keyword name.

    Raises:
        HyperparameterError: ``options`` is empty, has repeated labels, or ``value`` is not one of them.
    """

    kind = "choice"

    def __init__(self, options, value=None, label=None):
        if isinstance(options, dict):
            pairs = [(str(k), v) for k, v in options.items()]
        elif isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
            raise HyperparameterError(
                f"Choice options must be a list or a dict of options; got {options!r}. "
                f"Write Choice([{options!r}, ...])."
            )
        else:
            pairs = [(format_value(v), v) for v in options]
        if len(pairs) < 2:
            raise HyperparameterError(
                f"A Choice needs at least 2 options (a single option would be a dead control); got {len(pairs)}."
            )
        labels = [p[0] for p in pairs]
        if len(set(labels)) != len(labels):
            raise HyperparameterError(f"Choice options must have distinct labels; got {labels}.")
        self.options = pairs
        self.label = label
        if value is None:
            value = pairs[0][1]
        if not any(self._same(value, v) for _, v in pairs):
            raise HyperparameterError(f"Choice value {value!r} is not one of the options {labels}.")
        self.value = value

    @staticmethod
    def _same(a, b):
        try:
            return bool(a == b) and type(a) is type(b)
        except (TypeError, ValueError):
            return a is b

    def static_values(self):
        """Return every option's value: all of them are pre-rendered for the website."""
        return [v for _, v in self.options]

    def labels(self):
        """Return the text shown for each option."""
        return [label for label, _ in self.options]

    def nearest_index(self, value):
        """Return the index of the option equal to ``value``."""
        for i, (_, v) in enumerate(self.options):
            if self._same(value, v):
                return i
        raise HyperparameterError(f"{value!r} is not one of the options {self.labels()}.")

    def describe(self):
        """Return a one-line text description (used by ``repr`` and the widget's DOM id)."""
        return "{" + ", ".join(self.labels()) + "}"

    def make_widget(self, description, continuous_update=True):
        """Return the live ipywidgets control: toggle buttons for a few short options, else a dropdown."""
        import ipywidgets as widgets

        common = dict(
            options=self.options, value=self.value, description=description,
            style={"description_width": "initial"},
        )
        if len(self.options) <= 5 and sum(len(label) for label in self.labels()) <= 40:
            common["style"] = {"description_width": "initial", "button_width": "auto"}
            return widgets.ToggleButtons(**common)
        return widgets.Dropdown(**common)

    def __repr__(self):
        return f"Choice({self.labels()}, value={format_value(self.value)!r}, label={self.label!r})"
