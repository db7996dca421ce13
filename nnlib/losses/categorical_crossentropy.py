"""Categorical cross-entropy, with one-hot rows or with integer labels (the sparse form).

Taught in Part 2, "Loss functions" and Part 3, "Backpropagation" (with a softmax output,
dL/dz = softmax(z) - y).
"""

import numpy as np

from .. import errors
from ..array_modules import array_module, asarray
from . import checks
from .base import _SampleLoss
from .checks import EPSILON


def log_softmax(z, axis=-1):
    """log softmax(z) along ``axis``, computed as z - max - log(sum(exp(z - max)))."""
    shifted = z - np.max(z, axis=axis, keepdims=True)
    with np.errstate(under="ignore"):
        return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(z, axis=-1):
    """softmax(z) along ``axis``, as exp(log softmax(z)) (exp(-1000) is simply 0)."""
    with np.errstate(under="ignore"):
        return np.exp(log_softmax(z, axis))


def _without_axis(shape, axis):
    shape = list(shape)
    del shape[axis]
    return tuple(shape)


class CategoricalCrossentropy(_SampleLoss):
    """Categorical cross-entropy -sum_k y_k log p_k, for one class out of several.

    Targets are one-hot rows, shape (batch, classes) (``nnlib.utils.to_categorical``
    makes them from class indices). y_pred is a softmax row p, or logits z when
    ``from_logits=True``. With probabilities, Keras first divides p by its row sum,
    then clips to [1e-7, 1 - 1e-7].

    With ``label_smoothing`` s > 0 the one-hot rows are softened first: y becomes
    y (1 - s) + s / classes (Keras counts the classes on the last axis).

    Args:
        from_logits: whether y_pred holds logits z instead of probabilities.
            Defaults to False.
        label_smoothing: a number in [0, 1]. Defaults to 0.0 (no smoothing).
        axis: the axis of the classes. Defaults to -1.
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to "categorical_crossentropy".
        dtype: see ``Loss``.

    Raises:
        HyperparameterError: label_smoothing outside [0, 1], or axis not an int.
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size",
                 name="categorical_crossentropy", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.from_logits = bool(from_logits)
        self.label_smoothing = checks.label_smoothing(label_smoothing)
        self.axis = checks.axis(axis)

    def _prepare(self, y_true, y_pred):
        y_pred = checks.as_float(y_pred, self._dtype)
        y_true = checks.as_float(y_true, y_pred.dtype)
        if y_pred.ndim < 2:
            raise errors.ShapeError(
                f"{self.name} expects y_pred of shape (batch, classes), got {y_pred.shape}. "
                "For one yes/no output use binary_crossentropy."
            )
        classes = y_pred.shape[self.axis]
        if classes == 1:
            raise errors.DataError(
                f"{self.name} needs at least 2 classes, but y_pred has 1 column: the "
                "probability of the only class is always 1 and the loss always 0. For a "
                "yes/no output use binary_crossentropy with a sigmoid."
            )
        labels_shape = _without_axis(y_pred.shape, self.axis)
        if y_true.shape in (labels_shape, labels_shape + (1,)):
            raise errors.DataError(
                f"{self.name} expects one-hot targets of shape {y_pred.shape}, but y_true has "
                f"shape {y_true.shape}: it looks like integer class labels. Use "
                "loss='sparse_categorical_crossentropy', or convert the labels with "
                f"nnlib.utils.to_categorical(y, num_classes={classes})."
            )
        if y_true.shape != y_pred.shape:
            raise errors.ShapeError(
                f"{self.name}: y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; "
                "they must match (one-hot rows, one column per class)."
            )
        checks.not_empty(self.name, y_pred)
        checks.finite(self.name, y_true)
        checks.zero_one(
            self.name, y_true,
            "Targets must be one-hot rows (or probabilities); for integer labels use "
            "sparse_categorical_crossentropy.",
        )
        if self.label_smoothing:
            y_true = y_true * (1 - self.label_smoothing) + self.label_smoothing / y_true.shape[-1]
        return y_true, y_pred

    def _row_sums(self, y_pred):
        sums = np.sum(y_pred, axis=self.axis, keepdims=True)
        if np.any(sums <= 0):  # (a NaN from a diverged model passes on, and the model reports it)
            raise errors.DataError(
                f"{self.name}: a row of y_pred sums to {sums.min():g}; probabilities must be "
                ">= 0 with a positive sum. If y_pred holds raw scores, use from_logits=True."
            )
        return sums

    def call(self, y_true, y_pred):
        if self.from_logits:
            return self._values_from_logits(y_true, y_pred)
        q = y_pred / self._row_sums(y_pred)
        return -np.sum(y_true * np.log(np.clip(q, EPSILON, 1 - EPSILON)), axis=self.axis)

    def _sum_gradient(self, y_true, y_pred):
        if self.from_logits:
            return self._sum_gradient_from_logits(y_true, y_pred)
        sums = self._row_sums(y_pred)
        q = y_pred / sums
        q_clipped = np.clip(q, EPSILON, 1 - EPSILON)
        grad_q = np.where(q_clipped == q, -y_true / q_clipped, 0)
        # q = p / sum(p): dq_j/dp_k = (delta_jk - q_j) / sum(p)
        return (grad_q - np.sum(grad_q * q, axis=self.axis, keepdims=True)) / sums

    def _values_from_logits(self, y_true, z):
        return -np.sum(y_true * log_softmax(z, self.axis), axis=self.axis)

    def _sum_gradient_from_logits(self, y_true, z):
        # dL/dz = softmax(z) * sum(y) - y, which is softmax(z) - y for one-hot rows
        return softmax(z, self.axis) * np.sum(y_true, axis=self.axis, keepdims=True) - y_true

    def fuses_with(self, activation):
        # The fused formulas take the softmax over the last axis, the one the classes are on.
        return (
            self.axis == -1
            and getattr(activation, "name", activation) == "softmax"
            and getattr(activation, "axis", -1) == -1
        )

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


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy with integer class labels: -log p[y].

    Targets are class indices 0..classes-1, shape (batch,) or (batch, 1); y_pred is a
    softmax row p, shape (batch, classes), or logits when ``from_logits=True``. With
    probabilities, Keras clips p to [1e-7, 1 - 1e-7] and computes
    -log p[y] + log(sum(p)) (a softmax of log p).

    With ``ignore_class`` (e.g. -1 or 255 for "no label" pixels) the samples of that
    label cost 0 and do not count in the mean, as in Keras.

    Args:
        from_logits: whether y_pred holds logits z instead of probabilities.
            Defaults to False.
        ignore_class: a label whose samples are left out, or None. Defaults to None.
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        axis: the axis of the classes; only -1, as in Keras with TensorFlow.
        name: Defaults to "sparse_categorical_crossentropy".
        dtype: see ``Loss``.

    Raises:
        HyperparameterError: an axis other than -1, or an ignore_class that is not an int.
    """

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size", axis=-1,
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(from_logits=from_logits, reduction=reduction, name=name, dtype=dtype)
        if checks.axis(axis) != -1:
            raise errors.HyperparameterError(
                f"Only axis=-1 is currently supported. Received: axis={axis} (the classes must be on "
                "the last axis of y_pred, as with Keras on TensorFlow; move them there with np.moveaxis)."
            )
        if ignore_class is not None and (isinstance(ignore_class, bool) or not float(ignore_class).is_integer()):
            raise errors.HyperparameterError(f"ignore_class must be an int label or None, got {ignore_class!r}.")
        self.ignore_class = None if ignore_class is None else int(ignore_class)

    def _prepare(self, y_true, y_pred):
        y_pred = checks.as_float(y_pred, self._dtype)
        y_true = asarray(y_true)
        if y_pred.ndim < 2:
            raise errors.ShapeError(
                f"{self.name} expects y_pred of shape (batch, classes), got {y_pred.shape}."
            )
        classes = y_pred.shape[-1]
        if y_true.shape == y_pred.shape[:-1] + (1,):
            y_true = y_true.reshape(y_pred.shape[:-1])
        if y_true.shape == y_pred.shape and classes > 1:
            raise errors.DataError(
                f"{self.name} expects integer class labels of shape {y_pred.shape[:-1]}, but "
                f"y_true has shape {y_true.shape}: it looks like one-hot rows. Use "
                "loss='categorical_crossentropy', or turn the rows into labels with "
                "y.argmax(axis=-1)."
            )
        if y_true.shape != y_pred.shape[:-1]:
            raise errors.ShapeError(
                f"{self.name}: y_true has shape {y_true.shape} but y_pred has shape "
                f"{y_pred.shape}; expected one class label per row, shape {y_pred.shape[:-1]}."
            )
        checks.not_empty(self.name, y_pred)
        checks.finite(self.name, y_true)
        if y_true.size and not np.issubdtype(y_true.dtype, np.integer):
            if np.any(y_true != np.round(y_true)):
                raise errors.DataError(
                    f"{self.name} expects whole-number class labels, found values such as "
                    f"{y_true[y_true != np.round(y_true)].ravel()[:3].tolist()}."
                )
        labels = y_true if self.ignore_class is None else y_true[y_true != self.ignore_class]
        if labels.size and (labels.min() < 0 or labels.max() >= classes):
            raise errors.DataError(
                f"{self.name}: class labels must be in 0..{classes - 1} (y_pred has {classes} "
                f"columns), found labels from {labels.min():g} to {labels.max():g}. Give the "
                "output layer one unit per class."
            )
        return y_true.astype(np.int64), y_pred

    def _mask(self, labels):
        return None if self.ignore_class is None else labels != self.ignore_class

    def _safe(self, labels):
        """The labels with ``ignore_class`` replaced by 0 (their values are masked out)."""
        return labels if self.ignore_class is None else np.where(labels != self.ignore_class, labels, 0)

    @staticmethod
    def _one_hot(labels, like):
        classes = array_module(like).arange(like.shape[-1])
        return (labels[..., None] == classes).astype(like.dtype)  # 1 where the column is the label

    @staticmethod
    def _pick(values, labels):
        """values[..., labels]: the entry of each row at its class label."""
        return np.take_along_axis(values, labels[..., None], axis=-1)[..., 0]

    def _masked(self, values, labels):
        return values if self.ignore_class is None else np.where(labels != self.ignore_class, values, 0)

    def call(self, labels, y_pred):
        if self.from_logits:
            return self._values_from_logits(labels, y_pred)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return self._masked(np.log(np.sum(p, axis=-1)) - np.log(self._pick(p, self._safe(labels))), labels)

    def _sum_gradient(self, labels, y_pred):
        if self.from_logits:
            return self._sum_gradient_from_logits(labels, y_pred)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        grad = 1 / np.sum(p, axis=-1, keepdims=True) - self._one_hot(self._safe(labels), p) / p
        return np.where(p == y_pred, grad, 0)

    def _values_from_logits(self, labels, z):
        return self._masked(-self._pick(log_softmax(z), self._safe(labels)), labels)

    def _sum_gradient_from_logits(self, labels, z):
        return softmax(z) - self._one_hot(self._safe(labels), z)

    def get_config(self):
        config = super().get_config()
        del config["label_smoothing"], config["axis"]
        return {**config, "ignore_class": self.ignore_class}
