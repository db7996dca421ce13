"""Binary cross-entropy, for yes/no outputs, from probabilities or from logits.

Taught in Part 2, "Loss functions" and Part 3, "Backpropagation" (the sigmoid's
derivative cancels, so dL/dz = sigmoid(z) - y).
"""

import numpy as np

from ..activations import sigmoid
from . import checks
from .base import _SampleLoss
from .checks import EPSILON


def _check_targets(name, y_true):
    checks.zero_one(
        name, y_true,
        "Use 0/1 labels (for classes 1 and 2 write y - 1), or a loss for your task: "
        "mean_squared_error for numbers, sparse_categorical_crossentropy for several classes.",
    )


class BinaryCrossentropy(_SampleLoss):
    """Binary cross-entropy -[y log p + (1 - y) log(1 - p)], for yes/no outputs.

    Targets y are in [0, 1] (usually 0 or 1), one per output; y_pred is a sigmoid
    probability p, or a logit z when ``from_logits=True``. With probabilities, p is
    clipped to [1e-7, 1 - 1e-7] first (Keras); with logits the loss is
    ``max(z, 0) - z y + log(1 + exp(-abs(z)))``, the stable form of the same formula.
    Per sample: the mean over ``axis``.

    With ``label_smoothing`` s > 0 the targets are squeezed towards 0.5 first:
    y becomes y (1 - s) + s / 2, so the model is never pushed to be fully certain.

    Args:
        from_logits: whether y_pred holds logits z instead of probabilities.
            Defaults to False.
        label_smoothing: a number in [0, 1]. Defaults to 0.0 (no smoothing).
        axis: the axis the mean is taken over (the outputs). Defaults to -1.
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "binary_crossentropy".
        dtype: see ``Loss``.

    Raises:
        HyperparameterError: label_smoothing outside [0, 1], or axis not an int.
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="binary_crossentropy", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.from_logits = bool(from_logits)
        self.label_smoothing = checks.label_smoothing(label_smoothing)
        self.axis = checks.axis(axis)

    def _prepare(self, y_true, y_pred):
        y_true, y_pred = super()._prepare(y_true, y_pred)
        _check_targets(self.name, y_true)
        if self.label_smoothing:
            y_true = y_true * (1 - self.label_smoothing) + 0.5 * self.label_smoothing
        return y_true, y_pred

    def call(self, y_true, y_pred):
        if self.from_logits:
            return self._values_from_logits(y_true, y_pred)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)), axis=self.axis)

    def _sum_gradient(self, y_true, y_pred):
        if self.from_logits:
            return self._sum_gradient_from_logits(y_true, y_pred)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        # d/dp of -[y log p + (1-y) log(1-p)] = (p - y) / (p (1 - p)); 0 where p was clipped
        return np.where(p == y_pred, (p - y_true) / (p * (1 - p)), 0) / y_pred.shape[self.axis]

    def _values_from_logits(self, y_true, z):
        with np.errstate(under="ignore"):
            return np.mean(np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z))), axis=self.axis)

    def _sum_gradient_from_logits(self, y_true, z):
        # dL/dz = sigmoid(z) - y: the sigmoid's derivative cancels the log's 1 / (p (1 - p))
        return (sigmoid(z) - y_true) / z.shape[self.axis]

    def fuses_with(self, activation):
        return getattr(activation, "name", activation) == "sigmoid"

    def value_from_logits(self, y_true, z, sample_weight=None):
        y_true, z = self._prepare(y_true, z)
        return self._reduce_from_logits(self._values_from_logits(y_true, z), y_true, sample_weight)

    def gradient_from_logits(self, y_true, z, sample_weight=None):
        y_true, z = self._prepare(y_true, z)
        grad_values = self._grad_values(self._values_shape(y_true, z), y_true, z, sample_weight)
        return self._backward_from(grad_values, self._sum_gradient_from_logits(y_true, z))

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}
