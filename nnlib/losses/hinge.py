"""Hinge losses: the margin losses of support vector machines, for -1/+1 targets.

Taught in Part 2, "Loss functions" (which loss for which task). A prediction on the
right side of the margin (y * y_hat >= 1) costs nothing; a wrong one costs linearly
(hinge) or quadratically (squared hinge). Targets are -1 or 1; 0/1 targets are turned
into -1/1 first, as Keras does. The outputs are raw scores (a linear or tanh output).
"""

import numpy as np

from .. import errors
from .base import _MeanOverOutputs, _SampleLoss


def signed_labels(name, y_true):
    """Return the targets as -1/1: 0/1 targets become -1/1 (when ALL are 0 or 1).

    Raises:
        DataError: a target that is neither -1 nor 1 (nor 0 in 0/1 targets).
    """
    if y_true.size and np.all((y_true == 0) | (y_true == 1)):
        return 2 * y_true - 1
    if y_true.size and not np.all((y_true == -1) | (y_true == 1)):
        bad = y_true[(y_true != -1) & (y_true != 1)].ravel()[:3].tolist()
        raise errors.DataError(
            f"{name} expects targets -1 or 1 (or 0 and 1, which it turns into -1 and 1), found "
            f"values such as {bad}. For class indices use a cross-entropy loss."
        )
    return y_true


class Hinge(_MeanOverOutputs):
    """Hinge loss: mean(max(1 - y * y_hat, 0)) over the outputs, y in {-1, 1}.

    Its derivative is -y where the margin is not met (1 - y y_hat >= 0, TensorFlow's
    choice at the kink), else 0.

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "hinge".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        y_true, y_pred = super()._prepare(y_true, y_pred)
        return signed_labels(self.name, y_true), y_pred

    def _terms(self, y_true, y_pred):
        return np.maximum(1 - y_true * y_pred, 0)

    def _term_gradient(self, y_true, y_pred):
        return np.where(1 - y_true * y_pred >= 0, -y_true, 0)


class SquaredHinge(Hinge):
    """Squared hinge loss: mean(max(1 - y * y_hat, 0)^2) over the outputs, y in {-1, 1}.

    Smooth at the margin: its derivative is -2 y max(1 - y y_hat, 0).

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "squared_hinge".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def _terms(self, y_true, y_pred):
        return np.square(np.maximum(1 - y_true * y_pred, 0))

    def _term_gradient(self, y_true, y_pred):
        return -2 * y_true * np.maximum(1 - y_true * y_pred, 0)


class CategoricalHinge(_SampleLoss):
    """Categorical hinge loss: max(neg - pos + 1, 0) for one-hot rows y.

    pos = sum(y * y_hat) is the score of the true class, neg = max((1 - y) * y_hat) the
    best score of the others: the loss is 0 once the true class leads by a margin of 1.
    Where several other classes share the best score, the gradient of the max is shared
    among them equally, as in TensorFlow.

    Args:
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "categorical_hinge".
        dtype: see ``Loss``.
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    @staticmethod
    def _margin(y_true, y_pred):
        pos = np.sum(y_true * y_pred, axis=-1)
        neg = np.max((1 - y_true) * y_pred, axis=-1)
        return neg - pos + 1

    def call(self, y_true, y_pred):
        return np.maximum(self._margin(y_true, y_pred), 0)

    def _sum_gradient(self, y_true, y_pred):
        others = (1 - y_true) * y_pred
        is_max = others == np.max(others, axis=-1, keepdims=True)
        is_max = is_max.astype(y_pred.dtype)
        d_neg = (1 - y_true) * is_max / np.sum(is_max, axis=-1, keepdims=True)  # d max / d y_pred
        active = self._margin(y_true, y_pred)[..., None] >= 0
        return np.where(active, d_neg - y_true, 0)
