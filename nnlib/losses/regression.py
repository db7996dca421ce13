"""Losses for predicting numbers: mean squared, absolute, percentage and squared-log errors.

Taught in Part 2, "Loss functions" (MSE for regression, MAE when outliers should
count less). Each is the mean over the outputs of one term per output, as in Keras; the
derivative of each term is written next to it.
"""

import numpy as np

from .base import _MeanOverOutputs
from .checks import EPSILON


class MeanSquaredError(_MeanOverOutputs):
    """Mean squared error: mean((y - y_hat)^2). For regression (linear output).

    Per sample: the mean over the outputs; dL/dy_hat = 2 (y_hat - y) / (batch * outputs).

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "mean_squared_error".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def _terms(self, y_true, y_pred):
        return np.square(y_pred - y_true)

    def _term_gradient(self, y_true, y_pred):
        return 2 * (y_pred - y_true)


class MeanAbsoluteError(_MeanOverOutputs):
    """Mean absolute error: ``mean(|y - y_hat|)``. Less sensitive to outliers than MSE.

    The derivative of ``|x|`` at 0 is taken as 0, as TensorFlow does.

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "mean_absolute_error".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def _terms(self, y_true, y_pred):
        return np.abs(y_pred - y_true)

    def _term_gradient(self, y_true, y_pred):
        return np.sign(y_pred - y_true)


class MeanAbsolutePercentageError(_MeanOverOutputs):
    """Mean absolute percentage error: 100 * mean(abs(y - y_hat) / max(abs(y), 1e-7)).

    The error relative to the size of the target, in percent. A target of 0 is divided
    by 1e-7 instead (Keras), so such samples dominate the loss: scale the targets away
    from 0 before using it.

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "mean_absolute_percentage_error".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def _terms(self, y_true, y_pred):
        return 100 * np.abs((y_true - y_pred) / np.maximum(np.abs(y_true), EPSILON))

    def _term_gradient(self, y_true, y_pred):
        return 100 * np.sign(y_pred - y_true) / np.maximum(np.abs(y_true), EPSILON)


class MeanSquaredLogarithmicError(_MeanOverOutputs):
    """Mean squared logarithmic error: mean((log(1 + y_hat) - log(1 + y))^2).

    For positive targets that span several orders of magnitude: it compares ratios,
    not differences. Values below 1e-7 are raised to 1e-7 first (Keras), and the
    gradient is 0 there.

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "mean_squared_logarithmic_error".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    @staticmethod
    def _log_difference(y_true, y_pred):
        return np.log(np.maximum(y_pred, EPSILON) + 1) - np.log(np.maximum(y_true, EPSILON) + 1)

    def _terms(self, y_true, y_pred):
        return np.square(self._log_difference(y_true, y_pred))

    def _term_gradient(self, y_true, y_pred):
        # d/dp (log(p + 1) - c)^2 = 2 (log(p + 1) - c) / (p + 1), for p above the clip
        inside = y_pred >= EPSILON
        return np.where(inside, 2 * self._log_difference(y_true, y_pred) / (np.maximum(y_pred, EPSILON) + 1), 0)
