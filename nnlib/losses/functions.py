"""The losses as functions: ``losses.mean_squared_error(y_true, y_pred)`` and the others.

Taught in Part 2, "Loss functions". Each returns the loss of every sample, without
reduction or weights (an array of shape (batch,) for y_pred of shape (batch, outputs);
for a 1-D y_pred, one number, as in Keras). They are the classes' ``call`` with the same
data checks: ``mean_squared_error(y, p)`` is ``MeanSquaredError(reduction=None)(y, p)``.
``losses.get("mse")`` gives the class instead, which can also compute the gradient.
"""

from .binary_crossentropy import BinaryCrossentropy
from .categorical_crossentropy import CategoricalCrossentropy, SparseCategoricalCrossentropy
from .cosine_similarity import CosineSimilarity
from .hinge import CategoricalHinge, Hinge, SquaredHinge
from .probabilistic import KLDivergence, Poisson
from .regression import MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError
from .robust import Huber, LogCosh


def mean_squared_error(y_true, y_pred):
    """Return mean((y_true - y_pred)^2) over the last axis: shape y_pred.shape[:-1]."""
    return MeanSquaredError(reduction=None)(y_true, y_pred)


def mean_absolute_error(y_true, y_pred):
    """Return mean(abs(y_true - y_pred)) over the last axis: shape y_pred.shape[:-1]."""
    return MeanAbsoluteError(reduction=None)(y_true, y_pred)


def mean_absolute_percentage_error(y_true, y_pred):
    """Return 100 * mean(abs(y_true - y_pred) / max(abs(y_true), 1e-7)) over the last axis."""
    return MeanAbsolutePercentageError(reduction=None)(y_true, y_pred)


def mean_squared_logarithmic_error(y_true, y_pred):
    """Return mean((log(1 + y_pred) - log(1 + y_true))^2) over the last axis."""
    return MeanSquaredLogarithmicError(reduction=None)(y_true, y_pred)


def huber(y_true, y_pred, delta=1.0):
    """Return the Huber loss of each sample (see ``Huber``), the mean over the last axis."""
    return Huber(delta=delta, reduction=None)(y_true, y_pred)


def log_cosh(y_true, y_pred):
    """Return mean(log(cosh(y_pred - y_true))) over the last axis."""
    return LogCosh(reduction=None)(y_true, y_pred)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Return -sum(l2_normalize(y_true) * l2_normalize(y_pred)) along ``axis``."""
    return CosineSimilarity(axis=axis, reduction=None)(y_true, y_pred)


def hinge(y_true, y_pred):
    """Return mean(max(1 - y_true * y_pred, 0)) over the last axis (0/1 targets become -1/1)."""
    return Hinge(reduction=None)(y_true, y_pred)


def squared_hinge(y_true, y_pred):
    """Return mean(max(1 - y_true * y_pred, 0)^2) over the last axis (0/1 targets become -1/1)."""
    return SquaredHinge(reduction=None)(y_true, y_pred)


def categorical_hinge(y_true, y_pred):
    """Return max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) per sample."""
    return CategoricalHinge(reduction=None)(y_true, y_pred)


def kl_divergence(y_true, y_pred):
    """Return sum(y_true * log(y_true / y_pred)) over the last axis (both clipped to [1e-7, 1])."""
    return KLDivergence(reduction=None)(y_true, y_pred)


def poisson(y_true, y_pred):
    """Return mean(y_pred - y_true * log(y_pred + 1e-7)) over the last axis."""
    return Poisson(reduction=None)(y_true, y_pred)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Return the binary cross-entropy of each sample: the mean over ``axis``."""
    return BinaryCrossentropy(from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
                              reduction=None)(y_true, y_pred)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Return -sum(y_true * log(y_pred)) along ``axis`` (the classes), per sample."""
    return CategoricalCrossentropy(from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
                                   reduction=None)(y_true, y_pred)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Return -log(y_pred[y_true]) per sample, for integer labels y_true."""
    return SparseCategoricalCrossentropy(from_logits=from_logits, ignore_class=ignore_class, axis=axis,
                                         reduction=None)(y_true, y_pred)


# Shorter names that Keras 2 programs use.
mse = mean_squared_error
mae = mean_absolute_error
mape = mean_absolute_percentage_error
msle = mean_squared_logarithmic_error
kld = kl_divergence
logcosh = log_cosh

# Which class each function stands for (what ``losses.get(function)`` returns).
CLASS_OF_FUNCTION = {
    mean_squared_error: MeanSquaredError, mean_absolute_error: MeanAbsoluteError,
    mean_absolute_percentage_error: MeanAbsolutePercentageError,
    mean_squared_logarithmic_error: MeanSquaredLogarithmicError, huber: Huber, log_cosh: LogCosh,
    cosine_similarity: CosineSimilarity, hinge: Hinge, squared_hinge: SquaredHinge,
    categorical_hinge: CategoricalHinge, kl_divergence: KLDivergence, poisson: Poisson,
    binary_crossentropy: BinaryCrossentropy, categorical_crossentropy: CategoricalCrossentropy,
    sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
}
