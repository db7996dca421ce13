"""``Sum``, ``Mean`` and ``MeanMetricWrapper``: the running totals behind most metrics.

Taught in Part 4, "Training on real data". An accuracy, a mean squared error or a
cross-entropy is first a value per sample; the metric is their (weighted) mean over
every sample of the epoch. ``Mean`` keeps two numbers, ``total`` (the weighted sum of
the values) and ``count`` (the sum of the weights, or the number of samples), and
``result()`` is ``total / count``, exactly as Keras 3's ``Mean``.

nnlib keeps ``total`` and ``count`` as Python floats (float64) where Keras keeps
float32 variables: the results agree to float32 rounding.
"""

import numpy as np

from .. import errors
from ..array_modules import asarray
from .base import Metric, as_result
from .shapes import same_rank, weights_like


def samplewise(values, sample_weight, reduce="mean", name="metric"):
    """Return (values per sample, weights per sample), as Keras's ``reduce_to_samplewise_values``.

    Args:
        values: shape (batch, ...) (or a scalar).
        sample_weight: None, or weights broadcastable to ``values`` after the trailing
            axis of length 1 is squeezed or added (shape (batch,), (batch, 1), (1, d), ...).
        reduce: "mean" or "sum": how extra axes are folded into one value per sample.

    Returns:
        values of shape (batch,) (weighted), and the weights of shape (batch,) (or None).
    """
    fold = np.mean if reduce == "mean" else np.sum
    if sample_weight is not None:
        weight = weights_like(sample_weight, values, name)
        values, weight = same_rank(values, weight)
        if values.ndim > weight.ndim:
            values = fold(values, axis=tuple(range(weight.ndim, values.ndim)))
        try:
            weight = np.broadcast_to(weight, values.shape)
        except ValueError:
            raise errors.ShapeError(
                f"{name}: sample_weight of shape {weight.shape} does not fit values of shape {values.shape}."
            ) from None
        values = values * weight
        if weight.ndim > 1:
            weight = fold(weight, axis=tuple(range(1, weight.ndim)))
        sample_weight = weight
    if values.ndim > 1:
        values = fold(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


class Sum(Metric):
    """The (weighted) sum of every value seen: ``[1, 3, 5, 7]`` -> 16.0.

    Args:
        name: Defaults to "sum".
        dtype: Defaults to "float32".
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = 0.0

    def update_state(self, values, sample_weight=None):
        """Add ``values`` (times ``sample_weight``, when given) to the total."""
        values, _ = samplewise(_as_values(values), sample_weight, "sum", self.name)
        self.total += float(values.sum())

    def result(self):
        return as_result(self.total, self.dtype)

    def reset_state(self):
        self.total = 0.0

    @property
    def variables(self):
        """``[total]``, a copy of the state as a NumPy array (Keras: one variable)."""
        return [np.array(self.total, dtype=self.dtype)]


class Mean(Metric):
    """The (weighted) mean of every value seen: ``[1, 3, 5, 7]`` -> 4.0.

    With ``sample_weight=[1, 1, 0, 0]`` the mean is (1 + 3) / 2 = 2.0. A value with
    several entries per sample (shape (batch, d)) counts as its mean over those entries.

    Args:
        name: Defaults to "mean".
        dtype: Defaults to "float32".
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = 0.0
        self.count = 0.0

    def update_state(self, values, sample_weight=None):
        """Add the batch: ``total += sum(w * values)``, ``count += sum(w)`` (w = 1 without weights)."""
        self._add(_as_values(values), sample_weight)

    def _add(self, values, sample_weight):
        if sample_weight is None and values.ndim == 1:  # the common case, kept short: fit calls it per batch
            self.total += float(values.sum())
            self.count += values.shape[0]
            return
        values, weight = samplewise(values, sample_weight, "mean", self.name)
        self.total += float(values.sum())
        if weight is not None:
            self.count += float(weight.sum())
        else:
            self.count += values.shape[0] if values.ndim else 1

    def result(self):
        """``total / count``, or 0.0 before any sample (Keras's ``divide_no_nan``)."""
        return as_result(self.total / self.count if self.count else 0.0, self.dtype)

    def reset_state(self):
        self.total = 0.0
        self.count = 0.0

    @property
    def variables(self):
        """``[total, count]``, a copy of the state as NumPy arrays (Keras: two variables)."""
        return [np.array(self.total, dtype=self.dtype), np.array(self.count, dtype=self.dtype)]


class MeanMetricWrapper(Mean):
    """The mean over samples of ``fn(y_true, y_pred)``, a function that returns one value per sample.

    Example: ``MeanMetricWrapper(fn=lambda y, p: (y - p) ** 2, name="se")``.

    Args:
        fn: ``fn(y_true, y_pred, **kwargs)`` -> values of shape (batch,) or (batch, ...).
        name: Defaults to the function's name.
        dtype: Defaults to "float32".
        **kwargs: passed on to ``fn``.
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None) or "mean_metric_wrapper", dtype=dtype)
        if not callable(fn):
            raise errors.HyperparameterError(f"MeanMetricWrapper expects a function fn(y_true, y_pred); got {fn!r}.")
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add ``fn(y_true, y_pred)`` of each sample, weighted by ``sample_weight``."""
        self._add(_as_values(self._fn(y_true, y_pred, **self._fn_kwargs)), sample_weight)

    def get_config(self):
        """The name, dtype, the function (as the object itself) and its keyword arguments."""
        return {**super().get_config(), "fn": self._fn, **self._fn_kwargs}


def _as_values(values):
    """Values as a float array (Python lists and ints included), on their own device."""
    values = asarray(values)
    return values if values.dtype.kind == "f" else values.astype(np.float32)
