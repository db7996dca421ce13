"""Regression metrics: how far predicted numbers are from the targets.

Taught in Part 2, "Loss functions" (the regression losses) and Part 4, "Training on
real data". Each is the mean over samples of a per-sample error, as in Keras 3:

- ``MeanSquaredError`` ("mse"), ``MeanAbsoluteError`` ("mae"),
  ``MeanAbsolutePercentageError`` ("mape"), ``MeanSquaredLogarithmicError`` ("msle"),
  ``LogCoshError``: the loss of the same name, averaged (``loss_metrics.LossMetric``);
- ``RootMeanSquaredError``: sqrt of the mean of the squared errors over ALL samples
  seen, which is not the mean of each batch's root;
- ``CosineSimilarity``: the mean cosine of the angle between target and prediction rows.
"""

import numpy as np

from .base import as_result
from .loss_metrics import _NamedLossMetric
from .reduction import Mean, MeanMetricWrapper
from .shapes import matching


class MeanSquaredError(_NamedLossMetric):
    """The mean of (y_true - y_pred) ** 2 over the outputs, then over the samples seen. Name: "mean_squared_error"."""

    _loss_class, _default_name = "MeanSquaredError", "mean_squared_error"


class MeanAbsoluteError(_NamedLossMetric):
    """The mean of abs(y_true - y_pred). Name: "mean_absolute_error"."""

    _loss_class, _default_name = "MeanAbsoluteError", "mean_absolute_error"


class MeanAbsolutePercentageError(_NamedLossMetric):
    """100 * the mean of abs((y_true - y_pred) / y_true). Name: "mean_absolute_percentage_error"."""

    _loss_class, _default_name = "MeanAbsolutePercentageError", "mean_absolute_percentage_error"


class MeanSquaredLogarithmicError(_NamedLossMetric):
    """The mean of (log(1 + y_true) - log(1 + y_pred)) ** 2. Name: "mean_squared_logarithmic_error"."""

    _loss_class, _default_name = "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error"


class LogCoshError(_NamedLossMetric):
    """The mean of log(cosh(y_pred - y_true)). Name: "logcosh"."""

    _loss_class, _default_name = "LogCosh", "logcosh"


class RootMeanSquaredError(Mean):
    """sqrt(mean of (y_true - y_pred) ** 2 over every output of every sample seen).

    Args:
        name: Defaults to "root_mean_squared_error".
        dtype: Defaults to "float32".
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add the batch's squared errors (weighted by ``sample_weight``) to the running mean."""
        y_true, y_pred = matching(self.name, y_true, y_pred)
        y_true = y_true.astype(np.float32, copy=False)
        y_pred = y_pred.astype(np.float32, copy=False)
        self._add(np.square(y_pred - y_true), sample_weight)

    def result(self):
        return as_result(np.sqrt(super().result()), self.dtype)


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine of the angle between each target row and prediction row; shape (batch,).

    Rows are scaled by min(1 / norm, 1e7) first, as Keras's ``normalize``, so a row of
    zeros stays zero; nnlib first divides each row by its largest entry, so that huge
    values (1e30) do not overflow when squared.
    """
    y_true, y_pred = matching("cosine_similarity", y_true, y_pred)
    y_true = y_true.astype(np.float32, copy=False)
    y_pred = y_pred.astype(np.float32, copy=False)
    return np.sum(_unit_rows(y_true, axis) * _unit_rows(y_pred, axis), axis=axis)


def _unit_rows(x, axis):
    largest = np.max(np.abs(x), axis=axis, keepdims=True)
    x = x / np.where(largest > 0, largest, 1)  # the direction only: keeps x ** 2 from overflowing
    squared = np.sum(np.square(x), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        inverse_norm = np.minimum(1 / np.sqrt(squared), np.float32(1e7))
    return x * inverse_norm


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity of target and prediction rows: 1 when they point the same way.

    Args:
        name: Defaults to "cosine_similarity".
        dtype: Defaults to "float32".
        axis: the axis the vectors lie along. Defaults to -1.
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(fn=cosine_similarity, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
