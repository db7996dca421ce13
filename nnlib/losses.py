"""Loss functions L(y, y_hat), their gradients dL/dy_hat, and the fused logits path.

Taught in Part 2, "Loss functions" (which loss for which task) and Part 3,
"Backpropagation" (the gradient dL/dy_hat that starts the backward pass).

Every loss follows Keras 3 exactly:

- a loss value per sample (the mean over the last axis for MSE, MAE and binary
  cross-entropy; the sum over classes for the categorical ones), then the mean over
  the batch ("sum_over_batch_size"). ``gradient`` is the gradient of that batch mean.
- probabilities are clipped to [1e-7, 1 - 1e-7] before the log, so log(0) never
  happens; categorical cross-entropy first divides each row by its sum.
- with ``from_logits=True`` the loss reads raw scores z and works in log space.

A network whose last layer is a sigmoid (with binary cross-entropy) or a softmax (with
categorical cross-entropy) never needs the probabilities in the backward pass: the
gradient with respect to the logits is simply (y_hat - y) / batch. ``fuses_with`` tells
the model when this holds, and ``value_from_logits`` / ``gradient_from_logits`` compute
loss and gradient from z. Keras 3 does the same: its sigmoid and softmax outputs
remember their logits, and the cross-entropies use them. This is stable even for
z = +-1000, where the probability is exactly 0 or 1.
"""

import numpy as np

from . import errors, registry
from .activations import sigmoid, softmax
from .array_modules import array_module, asarray

EPSILON = 1e-7  # keras.backend.epsilon(): the clip margin for probabilities


def _as_float(x):
    """Return ``x`` as a float array (ints become float32, floats keep their dtype)."""
    x = asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float32)
    return x


def _mean_last(values):
    """Mean over the last axis (the outputs of one sample); 1-D arrays are kept."""
    return values.mean(axis=-1) if values.ndim > 1 else values


def _n_values(y_pred):
    """How many per-sample values the batch mean averages over (the batch size for 2-D y_pred)."""
    return y_pred.size // y_pred.shape[-1] if y_pred.ndim > 1 else y_pred.size


def _log_softmax(z):
    """log softmax(z) over the last axis, computed as z - max - log(sum(exp(z - max)))."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    with np.errstate(under="ignore"):
        return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


class Loss:
    """Base class of the losses.

    Subclasses implement ``_values(y_true, y_pred)`` (the per-sample loss, shape
    ``y_pred.shape[:-1]``, or ``y_pred.shape`` for a 1-D y_pred) and ``_sum_gradient(y_true, y_pred)`` (the gradient of
    the SUM of those values); this class turns them into the batch mean and its
    gradient, after checking the data.
    """

    name = "loss"

    def __call__(self, y_true, y_pred):
        """Return the loss of a batch: the mean of the per-sample losses.

        Args:
            y_true: targets, shape (batch, outputs) (see each loss for its format).
            y_pred: predictions, shape (batch, outputs).

        Returns:
            The loss as a Python float.

        Raises:
            ShapeError: y_true and y_pred do not fit together.
            DataError: the targets are in the wrong format for this loss.
        """
        y_true, y_pred = self._prepare(y_true, y_pred)
        return float(np.mean(self._values(y_true, y_pred)))

    def per_sample(self, y_true, y_pred):
        """Return the loss of each sample, shape (batch,)."""
        y_true, y_pred = self._prepare(y_true, y_pred)
        values = self._values(y_true, y_pred)
        return values.reshape(len(values), -1).mean(axis=1) if values.ndim > 1 else values

    def gradient(self, y_true, y_pred):
        """Return dL/dy_pred of the batch mean, same shape as ``y_pred``."""
        y_true, y_pred = self._prepare(y_true, y_pred)
        return self._sum_gradient(y_true, y_pred) / _n_values(y_pred)

    def fuses_with(self, activation):
        """Whether the output activation can be folded into this loss.

        Args:
            activation: the last layer's activation, a name or an object with ``name``.

        Returns:
            True when ``value_from_logits`` and ``gradient_from_logits`` apply.
        """
        return False

    def value_from_logits(self, y_true, z):
        """Return the loss computed from the logits z of the fused activation."""
        raise errors.NNLibError(f"{self.name} has no fused activation; check fuses_with() first.")

    def gradient_from_logits(self, y_true, z):
        """Return dL/dz for the logits z of the fused activation."""
        raise errors.NNLibError(f"{self.name} has no fused activation; check fuses_with() first.")

    def get_config(self):
        """Return a dict from which ``get`` rebuilds this loss."""
        return {"name": self.name}

    def __repr__(self):
        return f"{type(self).__name__}()"

    # -- data checks -------------------------------------------------------------

    def _prepare(self, y_true, y_pred):
        """Check the data; return (y_true, y_pred) as float arrays of the same shape.

        A 1-D y_true with y_pred of shape (batch, 1), or the other way round, is
        accepted and reshaped, as in Keras.
        """
        y_pred = _as_float(y_pred)
        y_true = asarray(y_true)
        if y_true.shape != y_pred.shape:
            if y_true.size == y_pred.size and (
                y_true.shape + (1,) == y_pred.shape or y_pred.shape + (1,) == y_true.shape
            ):
                y_true = y_true.reshape(y_pred.shape)
            else:
                raise errors.ShapeError(
                    f"{self.name}: y_true has shape {y_true.shape} but y_pred has shape "
                    f"{y_pred.shape}; they must match (one target per output)."
                )
        _check_not_empty(self.name, y_pred)
        _check_finite(self.name, y_true)
        return y_true.astype(y_pred.dtype, copy=False), y_pred


def _check_not_empty(name, y_pred):
    if y_pred.ndim == 0 or y_pred.size == 0:
        raise errors.DataError(f"{name}: got an empty batch (y_pred has shape {y_pred.shape}).")


def _check_finite(name, y_true):
    if np.issubdtype(y_true.dtype, np.floating) and not np.all(np.isfinite(y_true)):
        raise errors.DataError(f"{name}: y_true contains NaN or infinite values; clean the targets first.")


def _check_zero_one(name, y_true, hint):
    if y_true.size and (y_true.min() < 0 or y_true.max() > 1):
        raise errors.DataError(
            f"{name} expects targets in [0, 1], found values from {y_true.min():g} to "
            f"{y_true.max():g}. {hint}"
        )


class MeanSquaredError(Loss):
    """Mean squared error: mean((y - y_hat)^2). For regression (linear output).

    Per sample: the mean over the outputs; dL/dy_hat = 2 (y_hat - y) / (batch * outputs).
    """

    name = "mean_squared_error"

    def _values(self, y_true, y_pred):
        return _mean_last(np.square(y_pred - y_true))

    def _sum_gradient(self, y_true, y_pred):
        # d/dy_hat of sum_samples mean_outputs (y_hat - y)^2
        outputs = y_pred.shape[-1] if y_pred.ndim > 1 else 1
        return 2 * (y_pred - y_true) / outputs


class MeanAbsoluteError(Loss):
    """Mean absolute error: ``mean(|y - y_hat|)``. Less sensitive to outliers than MSE.

    The derivative of ``|x|`` at 0 is taken as 0, as TensorFlow does.
    """

    name = "mean_absolute_error"

    def _values(self, y_true, y_pred):
        return _mean_last(np.abs(y_pred - y_true))

    def _sum_gradient(self, y_true, y_pred):
        outputs = y_pred.shape[-1] if y_pred.ndim > 1 else 1
        return np.sign(y_pred - y_true) / outputs


class _CrossEntropy(Loss):
    """What the cross-entropies share: the ``from_logits`` switch and the fused gradient.

    Args:
        from_logits: whether y_pred holds logits z instead of probabilities.
            Defaults to False.
    """

    def __init__(self, from_logits=False):
        self.from_logits = bool(from_logits)

    def gradient_from_logits(self, y_true, z):
        y_true, z = self._prepare(y_true, z)
        return self._sum_gradient_from_logits(y_true, z) / _n_values(z)

    def get_config(self):
        return {"name": self.name, "from_logits": self.from_logits}

    def __repr__(self):
        return f"{type(self).__name__}(from_logits={self.from_logits})"


class BinaryCrossentropy(_CrossEntropy):
    """Binary cross-entropy -[y log p + (1 - y) log(1 - p)], for yes/no outputs.

    Targets y are in [0, 1] (usually 0 or 1), one per output; y_pred is a sigmoid
    probability p, or a logit z when ``from_logits=True``. With probabilities, p is
    clipped to [1e-7, 1 - 1e-7] first (Keras); with logits the loss is
    ``max(z, 0) - z y + log(1 + exp(-|z|))``, the stable form of the same formula.

    Args:
        from_logits: whether y_pred holds logits z instead of probabilities.
            Defaults to False.
    """

    name = "binary_crossentropy"

    def _prepare(self, y_true, y_pred):
        y_true, y_pred = super()._prepare(y_true, y_pred)
        _check_zero_one(
            self.name, y_true,
            "Use 0/1 labels (for classes 1 and 2 write y - 1), or a loss for your task: "
            "mean_squared_error for numbers, sparse_categorical_crossentropy for several classes.",
        )
        return y_true, y_pred

    def _values(self, y_true, y_pred):
        if self.from_logits:
            return self._values_from_logits(y_true, y_pred)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return _mean_last(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))

    def _sum_gradient(self, y_true, y_pred):
        if self.from_logits:
            return self._sum_gradient_from_logits(y_true, y_pred)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        outputs = y_pred.shape[-1] if y_pred.ndim > 1 else 1
        # d/dp of -[y log p + (1-y) log(1-p)] = (p - y) / (p (1 - p)); 0 where p was clipped
        return np.where(p == y_pred, (p - y_true) / (p * (1 - p)), 0) / outputs

    def _values_from_logits(self, y_true, z):
        with np.errstate(under="ignore"):
            return _mean_last(np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z))))

    def _sum_gradient_from_logits(self, y_true, z):
        # dL/dz = sigmoid(z) - y: the sigmoid's derivative cancels the log's 1 / (p (1 - p))
        outputs = z.shape[-1] if z.ndim > 1 else 1
        return (sigmoid(z) - y_true) / outputs

    def fuses_with(self, activation):
        return getattr(activation, "name", activation) == "sigmoid"

    def value_from_logits(self, y_true, z):
        y_true, z = self._prepare(y_true, z)
        return float(np.mean(self._values_from_logits(y_true, z)))


class CategoricalCrossentropy(_CrossEntropy):
    """Categorical cross-entropy -sum_k y_k log p_k, for one class out of several.

    Targets are one-hot rows, shape (batch, classes) (``nnlib.utils.to_categorical``
    makes them from class indices). y_pred is a softmax row p, or logits z when
    ``from_logits=True``. With probabilities, Keras first divides p by its row sum,
    then clips to [1e-7, 1 - 1e-7].

    Args:
        from_logits: whether y_pred holds logits z instead of probabilities.
            Defaults to False.
    """

    name = "categorical_crossentropy"

    def _prepare(self, y_true, y_pred):
        y_pred = _as_float(y_pred)
        y_true = asarray(y_true)
        if y_pred.ndim < 2:
            raise errors.ShapeError(
                f"{self.name} expects y_pred of shape (batch, classes), got {y_pred.shape}. "
                "For one yes/no output use binary_crossentropy."
            )
        classes = y_pred.shape[-1]
        if classes == 1:
            raise errors.DataError(
                f"{self.name} needs at least 2 classes, but y_pred has 1 column: the "
                "probability of the only class is always 1 and the loss always 0. For a "
                "yes/no output use binary_crossentropy with a sigmoid."
            )
        if y_true.shape in (y_pred.shape[:-1], y_pred.shape[:-1] + (1,)):
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
        _check_not_empty(self.name, y_pred)
        _check_finite(self.name, y_true)
        _check_zero_one(
            self.name, y_true,
            "Targets must be one-hot rows (or probabilities); for integer labels use "
            "sparse_categorical_crossentropy.",
        )
        return y_true.astype(y_pred.dtype, copy=False), y_pred

    def _row_sums(self, y_pred):
        sums = np.sum(y_pred, axis=-1, keepdims=True)
        if np.any(sums <= 0):  # (a NaN from a diverged model passes on, and the model reports it)
            raise errors.DataError(
                f"{self.name}: a row of y_pred sums to {sums.min():g}; probabilities must be "
                ">= 0 with a positive sum. If y_pred holds raw scores, use from_logits=True."
            )
        return sums

    def _values(self, y_true, y_pred):
        if self.from_logits:
            return -np.sum(y_true * _log_softmax(y_pred), axis=-1)
        q = y_pred / self._row_sums(y_pred)
        return -np.sum(y_true * np.log(np.clip(q, EPSILON, 1 - EPSILON)), axis=-1)

    def _sum_gradient(self, y_true, y_pred):
        if self.from_logits:
            return self._sum_gradient_from_logits(y_true, y_pred)
        sums = self._row_sums(y_pred)
        q = y_pred / sums
        q_clipped = np.clip(q, EPSILON, 1 - EPSILON)
        grad_q = np.where(q_clipped == q, -y_true / q_clipped, 0)
        # q = p / sum(p): dq_j/dp_k = (delta_jk - q_j) / sum(p)
        return (grad_q - np.sum(grad_q * q, axis=-1, keepdims=True)) / sums

    def _sum_gradient_from_logits(self, y_true, z):
        # dL/dz = softmax(z) * sum(y) - y, which is softmax(z) - y for one-hot rows
        return softmax(z) * np.sum(y_true, axis=-1, keepdims=True) - y_true

    def fuses_with(self, activation):
        # The fused formulas take the softmax over the last axis, the one the classes are on.
        return getattr(activation, "name", activation) == "softmax" and getattr(activation, "axis", -1) == -1

    def value_from_logits(self, y_true, z):
        y_true, z = self._prepare(y_true, z)
        return float(np.mean(-np.sum(y_true * _log_softmax(z), axis=-1)))


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy with integer class labels: -log p[y].

    Targets are class indices 0..classes-1, shape (batch,) or (batch, 1); y_pred is a
    softmax row p, shape (batch, classes), or logits when ``from_logits=True``. With
    probabilities, Keras clips p to [1e-7, 1 - 1e-7] and computes
    -log p[y] + log(sum(p)) (a softmax of log p).

    Args:
        from_logits: whether y_pred holds logits z instead of probabilities.
            Defaults to False.
    """

    name = "sparse_categorical_crossentropy"

    def _prepare(self, y_true, y_pred):
        y_pred = _as_float(y_pred)
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
        _check_not_empty(self.name, y_pred)
        _check_finite(self.name, y_true)
        if y_true.size and not np.issubdtype(y_true.dtype, np.integer):
            if np.any(y_true != np.round(y_true)):
                raise errors.DataError(
                    f"{self.name} expects whole-number class labels, found values such as "
                    f"{y_true[y_true != np.round(y_true)].ravel()[:3].tolist()}."
                )
        if y_true.size and (y_true.min() < 0 or y_true.max() >= classes):
            raise errors.DataError(
                f"{self.name}: class labels must be in 0..{classes - 1} (y_pred has {classes} "
                f"columns), found labels from {y_true.min():g} to {y_true.max():g}. Give the "
                "output layer one unit per class."
            )
        return y_true.astype(np.int64), y_pred

    @staticmethod
    def _one_hot(labels, like):
        classes = array_module(like).arange(like.shape[-1])
        return (labels[..., None] == classes).astype(like.dtype)  # 1 where the column is the label

    @staticmethod
    def _pick(values, labels):
        """values[..., labels]: the entry of each row at its class label."""
        return np.take_along_axis(values, labels[..., None], axis=-1)[..., 0]

    def _values(self, labels, y_pred):
        if self.from_logits:
            return -self._pick(_log_softmax(y_pred), labels)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return np.log(np.sum(p, axis=-1)) - np.log(self._pick(p, labels))

    def _sum_gradient(self, labels, y_pred):
        if self.from_logits:
            return self._sum_gradient_from_logits(labels, y_pred)
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        grad = 1 / np.sum(p, axis=-1, keepdims=True) - self._one_hot(labels, p) / p
        return np.where(p == y_pred, grad, 0)

    def _sum_gradient_from_logits(self, labels, z):
        return softmax(z) - self._one_hot(labels, z)

    def value_from_logits(self, y_true, z):
        labels, z = self._prepare(y_true, z)
        return float(np.mean(-self._pick(_log_softmax(z), labels)))


_CLASSES = {
    "mean_squared_error": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}
_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "bce": "binary_crossentropy"}
# Keras also accepts class names ("MeanSquaredError"); lower-cased they read "meansquarederror".
_CLASS_NAMES = {cls.__name__.lower(): name for name, cls in _CLASSES.items()}


def get(identifier):
    """Return the loss an identifier names.

    Args:
        identifier: a Keras name such as ``"mse"``, ``"mean_squared_error"`` or
            ``"categorical_crossentropy"``, or a class name such as
            ``"BinaryCrossentropy"`` (case-insensitive); a ``Loss`` (returned as is);
            a dict from ``get_config()``; or None (returns None, as Keras).

    Returns:
        A ``Loss`` instance (or None).

    Raises:
        UnknownNameError: the name is not a loss (the message suggests the closest).
    """
    return registry.resolve(
        "loss", identifier, Loss, _CLASSES, {**_CLASS_NAMES, **_ALIASES}, _ALIASES,
        expected="a loss name such as 'mse' or 'categorical_crossentropy', or an nnlib Loss",
    )
