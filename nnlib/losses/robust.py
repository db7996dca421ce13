"""Regression losses that grow only linearly for large errors: Huber and log-cosh.

Taught in Part 2, "Loss functions" (outliers): like MSE near 0, like MAE far from it,
so one wild target cannot dominate the gradient.
"""

import numpy as np

from . import checks
from .base import _MeanOverOutputs


class Huber(_MeanOverOutputs):
    """Huber loss: 0.5 e^2 where ``abs(e) <= delta``, else delta (``abs(e)`` - 0.5 delta), e = y_hat - y.

    The mean over the outputs of each sample, as in Keras. Its derivative is e inside
    the quadratic zone and delta * sign(e) outside: never larger than delta.

    Args:
        delta: where the loss turns from quadratic to linear, a number > 0.
            Defaults to 1.0.
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "huber_loss".
        dtype: see ``Loss``.

    Raises:
        HyperparameterError: delta is not a number > 0.
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.delta = checks.positive("delta", delta)

    def _terms(self, y_true, y_pred):
        error = y_pred - y_true
        abs_error = np.abs(error)
        delta = self.delta
        return np.where(abs_error <= delta, 0.5 * np.square(error), delta * abs_error - 0.5 * delta**2)

    def _term_gradient(self, y_true, y_pred):
        error = y_pred - y_true
        return np.where(np.abs(error) <= self.delta, error, self.delta * np.sign(error))

    def get_config(self):
        # Keras 3 leaves delta out of the config, so a saved Huber(delta=2) comes back with
        # delta=1; nnlib keeps it.
        return {**super().get_config(), "delta": self.delta}


class LogCosh(_MeanOverOutputs):
    """Log-cosh loss: mean(log(cosh(y_hat - y))) over the outputs of each sample.

    About e^2 / 2 for small errors e and ``abs(e)`` - log 2 for large ones; its
    derivative is tanh(e). Computed as ``abs(e)`` + log(1 + exp(-2 ``abs(e)``)) - log 2,
    which stays finite where cosh(e) would overflow.

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "log_cosh".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def _terms(self, y_true, y_pred):
        abs_error = np.abs(y_pred - y_true)
        with np.errstate(under="ignore"):
            return abs_error + np.log1p(np.exp(-2 * abs_error)) - np.log(2).astype(y_pred.dtype)

    def _term_gradient(self, y_true, y_pred):
        return np.tanh(y_pred - y_true)
