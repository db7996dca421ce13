"""The data and argument checks the losses share, with messages that say what to do.

Taught in Part 4, "Errors and debugging": a loss that gets targets in the wrong format
says so, instead of returning a number that means nothing.
"""

import numbers

import numpy as np

from .. import errors
from ..array_modules import asarray

EPSILON = 1e-7  # keras.backend.epsilon(): the clip margin for probabilities and divisions


def float_dtype(dtype):
    """Return ``dtype`` (a name such as "float32", or a NumPy dtype) as a NumPy float dtype.

    None stays None: the loss then computes in the dtype of ``y_pred``.

    Raises:
        HyperparameterError: not a floating-point dtype NumPy knows.
    """
    if dtype is None:
        return None
    try:
        checked = np.dtype(dtype)
    except TypeError:
        checked = None
    if checked is None or not np.issubdtype(checked, np.floating):
        raise errors.HyperparameterError(
            f"dtype must be a NumPy float dtype such as 'float32' or 'float64', got {dtype!r}"
            + (" (NumPy has no bfloat16)." if str(dtype) == "bfloat16" else ".")
        )
    return checked


def as_float(x, dtype=None):
    """Return ``x`` as a float array: in ``dtype`` if given, else ints become float32."""
    x = asarray(x)
    if dtype is not None:
        return x.astype(dtype, copy=False)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float32)
    return x


def label_smoothing(value):
    """Return ``label_smoothing`` as a float in [0, 1].

    Raises:
        HyperparameterError: not a number, or outside [0, 1].
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not 0 <= value <= 1:
        raise errors.HyperparameterError(
            f"label_smoothing must be a number in [0, 1] (0 means no smoothing), got {value!r}."
        )
    return float(value)


def positive(name, value):
    """Return ``value`` as a float > 0, e.g. Huber's ``delta``.

    Raises:
        HyperparameterError: not a number, or <= 0.
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not np.isfinite(value) or value <= 0:
        raise errors.HyperparameterError(f"{name} must be a number > 0, got {value!r}.")
    return float(value)


def axis(value):
    """Return ``axis`` as an int (Keras refuses booleans too).

    Raises:
        HyperparameterError: not an int.
    """
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise errors.HyperparameterError(f"axis must be an int such as -1, got {value!r}.")
    return int(value)


def not_empty(name, y_pred):
    """Raise DataError when ``y_pred`` holds no values."""
    if y_pred.ndim == 0 or y_pred.size == 0:
        raise errors.DataError(f"{name}: got an empty batch (y_pred has shape {y_pred.shape}).")


def finite(name, y_true):
    """Raise DataError when the targets contain NaN or infinite values."""
    if np.issubdtype(y_true.dtype, np.floating) and not np.all(np.isfinite(y_true)):
        raise errors.DataError(f"{name}: y_true contains NaN or infinite values; clean the targets first.")


def zero_one(name, y_true, hint):
    """Raise DataError when a target is outside [0, 1]; ``hint`` says what to do instead."""
    if y_true.size and (y_true.min() < 0 or y_true.max() > 1):
        raise errors.DataError(
            f"{name} expects targets in [0, 1], found values from {y_true.min():g} to "
            f"{y_true.max():g}. {hint}"
        )


def same_shape(name, y_true, y_pred):
    """Return y_true reshaped to y_pred's shape, or raise ShapeError.

    A 1-D y_true with y_pred of shape (batch, 1), or the other way round, is accepted
    and reshaped, as in Keras.
    """
    if y_true.shape == y_pred.shape:
        return y_true
    if y_true.size == y_pred.size and (
        y_true.shape + (1,) == y_pred.shape or y_pred.shape + (1,) == y_true.shape
    ):
        return y_true.reshape(y_pred.shape)
    raise errors.ShapeError(
        f"{name}: y_true has shape {y_true.shape} but y_pred has shape "
        f"{y_pred.shape}; they must match (one target per output)."
    )
