"""``Metric``: Keras's stateful protocol, a number accumulated over batches.

Taught in Part 4, "Training on real data" (the accuracy ``fit`` prints for each epoch).

A metric keeps running totals (its *state*) and turns them into one number on demand:

- ``update_state(y_true, y_pred, sample_weight=None)`` adds one batch to the totals;
- ``result()`` returns the metric of every sample seen since the last reset;
- ``reset_state()`` empties the totals (``fit`` does it at the start of each epoch,
  ``evaluate`` at the start of each call);
- ``metric(y_true, y_pred)`` is ``update_state`` followed by ``result()``, as in Keras:
  it ADDS the batch to the totals.

Where Keras keeps the state in backend variables (``self.total.assign_add(x)``), nnlib
keeps plain NumPy arrays or Python floats on the host (``self.total += x``), even when
the model computes on a GPU: a batch's contribution is a few numbers, copied once.

A user's own metric subclasses ``Metric`` as in Keras::

    class BinaryTruePositives(metrics.Metric):
        def __init__(self, name="binary_true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.true_positives = self.add_variable(shape=(), initializer="zeros",
                                                    name="true_positives")

        def update_state(self, y_true, y_pred, sample_weight=None):
            hits = (np.asarray(y_true) == 1) & (np.asarray(y_pred) > 0.5)
            self.true_positives += np.sum(hits)   # in place, like Keras's assign_add

        def result(self):
            return self.true_positives

``add_variable`` returns a NumPy array that ``reset_state`` sets back to its initial
value; update it in place (``+=``, ``[...] =``) so that the metric keeps the same array.
"""

import re

import numpy as np

from .. import errors

_INITIAL_VALUES = {"zeros": 0.0, "ones": 1.0}


def snake_case(name):
    """``"BinaryTruePositives"`` -> ``"binary_true_positives"`` (Keras's default metric names)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


class Metric:
    """Base class of the metrics: ``update_state``, ``result``, ``reset_state``.

    Args:
        dtype: the dtype of ``result()``. Defaults to ``"float32"`` (Keras's floatx).
        name: the name shown in logs and in ``history.history``. Defaults to the
            class name in snake case (``BinaryTruePositives`` -> ``"binary_true_positives"``).

    Subclasses implement ``update_state`` and ``result``, and ``reset_state`` when
    their state is not made by ``add_variable``.
    """

    def __init__(self, dtype=None, name=None):
        self.name = str(name) if name else snake_case(type(self).__name__)
        self._dtype = np.dtype(dtype or "float32").name
        self._variables = []
        self._initial_values = []

    @property
    def dtype(self):
        """The dtype name of ``result()``, e.g. ``"float32"``; read-only, as in Keras."""
        return self._dtype

    # -- the protocol ------------------------------------------------------------------

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add one batch to the metric's totals. Implemented by each metric."""
        raise NotImplementedError(f"{type(self).__name__} must implement update_state().")

    def result(self):
        """Return the metric of every sample seen since the last reset. Implemented by each metric."""
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self):
        """Set every variable made by ``add_variable`` back to its initial value."""
        for variable, initial in zip(self._variables, self._initial_values):
            variable[...] = initial
        for metric in self._submetrics():
            metric.reset_state()

    def __call__(self, *args, **kwargs):
        """``update_state(*args, **kwargs)``, then return ``result()`` (the totals now include the batch)."""
        self.update_state(*args, **kwargs)
        return self.result()

    # -- state -------------------------------------------------------------------------

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="sum", name=None):
        """Return a new state array of ``shape``, filled with ``initializer``.

        Args:
            shape: the array's shape, e.g. ``()`` for one number.
            initializer: ``"zeros"``, ``"ones"``, a number, or None (zeros).
            dtype: Defaults to the metric's dtype.
            aggregation: accepted for Keras compatibility (how replicas would combine);
                unused: nnlib runs on one device.
            name: accepted for Keras compatibility.

        Returns:
            A NumPy array; ``reset_state`` refills it in place.
        """
        if not hasattr(self, "_variables"):
            raise errors.NNLibError(
                f"{type(self).__name__}.__init__ must call super().__init__() before add_variable()."
            )
        initial = _initial_value(initializer)
        variable = np.full(shape, initial, dtype=dtype or self.dtype)
        self._variables.append(variable)
        self._initial_values.append(initial)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Keras's older name for ``add_variable``."""
        return self.add_variable(shape, initializer, dtype=dtype, name=name)

    @property
    def variables(self):
        """The state arrays made by ``add_variable``, then those of the metrics this one holds."""
        variables = list(self._variables)
        for metric in self._submetrics():
            variables.extend(metric.variables)
        return variables

    def _submetrics(self):
        """The metrics held in attributes (directly, or in a list, tuple or dict)."""
        found = []
        for value in vars(self).values():
            if isinstance(value, dict):
                value = list(value.values())
            values = value if isinstance(value, (list, tuple)) else [value]
            found.extend(v for v in values if isinstance(v, Metric))
        return found

    # -- configuration -----------------------------------------------------------------

    def get_config(self):
        """Return the settings from which ``from_config`` rebuilds the metric."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        """Return a new metric, with empty state, built from ``get_config()``'s dict."""
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


def _initial_value(initializer):
    if initializer is None:
        return 0.0
    if isinstance(initializer, (int, float)) and not isinstance(initializer, bool):
        return float(initializer)
    key = getattr(initializer, "name", initializer)
    if isinstance(key, str) and snake_case(key) in _INITIAL_VALUES:
        return _INITIAL_VALUES[snake_case(key)]
    raise errors.UnknownNameError(
        f"A metric variable's initializer must be 'zeros', 'ones' or a number; got {initializer!r}."
    )


def as_result(value, dtype):
    """A Python number or NumPy array of state as the metric's dtype (a NumPy scalar, or a copied array)."""
    if isinstance(value, float):  # the common case, kept cheap: logs() asks for it after every batch
        return np.float32(value) if dtype == "float32" else np.dtype(dtype).type(value)
    return np.array(value, dtype=dtype)[()]
