"""Losses that compare distributions or rates: KL divergence and the Poisson loss.

Taught in Part 2, "Loss functions" (which loss for which task): KL divergence when the
targets are whole probability distributions (soft labels, a teacher's outputs), the
Poisson loss when the targets are counts and the output is their expected rate.
"""

import numpy as np

from .. import errors
from .base import _MeanOverOutputs, _SampleLoss
from .checks import EPSILON


class KLDivergence(_SampleLoss):
    """Kullback-Leibler divergence: sum(y * log(y / y_hat)) over the outputs of a sample.

    y and y_hat are probability distributions (rows that sum to 1). Both are clipped to
    [1e-7, 1] first, as Keras does, so a 0 in either is harmless; the gradient
    -y / y_hat is 0 where y_hat was clipped. Note the SUM over the outputs, not a mean.

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "kl_divergence".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def call(self, y_true, y_pred):
        t = np.clip(y_true, EPSILON, 1)
        p = np.clip(y_pred, EPSILON, 1)
        return np.sum(t * np.log(t / p), axis=-1)

    def _sum_gradient(self, y_true, y_pred):
        p = np.clip(y_pred, EPSILON, 1)
        return np.where(p == y_pred, -np.clip(y_true, EPSILON, 1) / p, 0)


class Poisson(_MeanOverOutputs):
    """Poisson loss: mean(y_hat - y * log(y_hat + 1e-7)) over the outputs of a sample.

    The negative log-likelihood of counts y under a Poisson distribution of rate y_hat
    (up to a term without y_hat). The rate must be >= 0: use an output that is never
    negative, such as ``activation="exponential"`` or ``"softplus"``. Its derivative is
    1 - y / (y_hat + 1e-7).

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "poisson".
        dtype: see ``Loss``.

    Raises:
        DataError: (when called) a negative prediction, whose log Keras would turn
            into NaN.
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        y_true, y_pred = super()._prepare(y_true, y_pred)
        if y_pred.min() < 0:
            raise errors.DataError(
                f"{self.name} expects predicted rates >= 0, found {y_pred.min():g}. Give the "
                "last layer an activation that is never negative, e.g. 'exponential' or 'softplus'."
            )
        return y_true, y_pred

    def _terms(self, y_true, y_pred):
        return y_pred - y_true * np.log(y_pred + EPSILON)

    def _term_gradient(self, y_true, y_pred):
        return 1 - y_true / (y_pred + EPSILON)
