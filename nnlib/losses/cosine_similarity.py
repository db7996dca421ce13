"""The cosine similarity loss: how far apart the directions of two vectors are.

Taught in Part 2, "Loss functions" (which loss for which task): for embeddings, where
the direction of the output matters and its length does not.
"""

import numpy as np

from . import checks
from .base import _SampleLoss

NORM_EPSILON = 1e-7  # keras.ops.normalize divides by max(norm, epsilon)


def _normalize(x, axis):
    """x / max(norm(x), 1e-7) along ``axis``, and that divisor (keepdims)."""
    divisor = np.maximum(np.sqrt(np.sum(np.square(x), axis=axis, keepdims=True)), NORM_EPSILON)
    return x / divisor, divisor


class CosineSimilarity(_SampleLoss):
    """Cosine similarity loss: -sum(y / norm(y) * y_hat / norm(y_hat)) along ``axis``.

    A number between -1 (same direction: the best) and 1 (opposite); 0 for orthogonal
    vectors, and also when y or y_hat is all zeros. With u = y_hat / norm(y_hat) and
    v = y / norm(y), the gradient by y_hat is -(v - (u . v) u) / norm(y_hat): only the
    part of v across u counts, since moving along u changes the length, not the angle.

    Args:
        axis: the axis of the vectors (the features). Defaults to -1.
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "cosine_similarity".
        dtype: see ``Loss``.

    Raises:
        HyperparameterError: axis is not an int.
    """

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.axis = checks.axis(axis)

    def call(self, y_true, y_pred):
        v, _ = _normalize(y_true, self.axis)
        u, _ = _normalize(y_pred, self.axis)
        return -np.sum(v * u, axis=self.axis)

    def _sum_gradient(self, y_true, y_pred):
        v, _ = _normalize(y_true, self.axis)
        u, norm = _normalize(y_pred, self.axis)
        clipped = norm == NORM_EPSILON  # (almost) zero vectors: the divisor is the constant epsilon
        along = np.where(clipped, 0, np.sum(u * v, axis=self.axis, keepdims=True))
        return -(v - along * u) / norm

    def get_config(self):
        # Keras 3 leaves axis out of the config; nnlib keeps it, so from_config restores it.
        return {**super().get_config(), "axis": self.axis}
