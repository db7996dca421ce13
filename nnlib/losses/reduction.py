"""From per-sample losses to one number: sample weights and the ``reduction``, as in Keras 3.

Taught in Part 2, "Loss functions" (the mean over the batch) and Part 4, "Training on
real data" (weighing samples).

A loss first computes one value per sample (``call``), then reduces them. With weights
w (one per sample, or one number for all), and B values:

- "sum_over_batch_size" (the default; "mean" is the same): sum(w * values) / B;
- "sum": sum(w * values);
- "mean_with_sample_weight": sum(w * values) / sum(w);
- None or "none": the array w * values, not reduced.

Note the default: a weight of 0 removes a sample from the sum but not from B. The
weights are matched to the values as Keras matches them: shapes (B,) and (B, 1) both
work, and so does a single number.

Every reduction but None is a weighted sum, loss = sum(c * values), so its gradient with
respect to the values is simply c: ``value_weights`` returns c, which the backward pass
of the loss starts from.
"""

import math

import numpy as np

from .. import errors
from ..array_modules import asarray

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)
_DIVIDE_BY_SIZE = ("sum_over_batch_size", "mean")


def standardize_reduction(reduction):
    """Return ``reduction`` if Keras knows it.

    Raises:
        HyperparameterError: another value (a ValueError, as in Keras).
    """
    if reduction not in REDUCTIONS:
        raise errors.HyperparameterError(
            f"Invalid value for argument `reduction`. Expected one of {list(REDUCTIONS)}. "
            f"Received: reduction={reduction!r}"
        )
    return reduction


def for_training(reduction):
    """The reduction fit uses: None and "none" become "sum_over_batch_size", as in Keras's
    compiled loss (which always turns the batch into one number)."""
    return "sum_over_batch_size" if reduction in (None, "none") else reduction


def same_rank_shapes(shape_1, shape_2):
    """Keras's ``squeeze_or_expand_to_same_rank`` on shapes: return the two adjusted shapes.

    When the ranks differ by one and the longer shape ends in 1, either the shorter one
    (if it is 1-D) gets a trailing 1, or the longer one loses it: (B,) and (B, 1) become
    (B, 1) and (B, 1); (B, T) and (B, T, 1) become (B, T) and (B, T).
    """
    new_1, new_2 = tuple(shape_1), tuple(shape_2)
    rank_1, rank_2 = len(new_1), len(new_2)
    if rank_1 == rank_2 + 1 and new_1[-1] == 1:
        if rank_2 == 1:
            new_2 = new_2 + (1,)
        else:
            new_1 = new_1[:-1]
    if rank_2 == rank_1 + 1 and new_2[-1] == 1:
        if rank_1 == 1:
            new_1 = new_1 + (1,)
        else:
            new_2 = new_2[:-1]
    return new_1, new_2


def _sum_to_shape(a, shape):
    """Sum ``a`` over the axes that broadcasting added to ``shape``; return shape ``shape``."""
    extra = a.ndim - len(shape)
    if extra:
        a = a.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and a.shape[i] != 1)
    return a.sum(axis=axes, keepdims=True) if axes else a


def _matched_weights(name, values_shape, sample_weight, dtype):
    """Return (values shape, weights) adjusted to the same rank, and their broadcast shape.

    Raises:
        DataError: the weights are not numbers, or do not fit the values.
    """
    weights = asarray(sample_weight)
    if not (np.issubdtype(weights.dtype, np.number) or weights.dtype == np.bool_):
        raise errors.DataError(f"{name}: sample_weight must hold numbers, got an array of dtype {weights.dtype}.")
    weights = weights.astype(dtype, copy=False)
    values_shape, weights_shape = same_rank_shapes(values_shape, weights.shape)
    weights = weights.reshape(weights_shape)
    try:
        full_shape = np.broadcast_shapes(values_shape, weights_shape)
    except ValueError:
        samples = values_shape[0] if values_shape else 1
        given = weights_shape[0] if weights_shape else 1
        raise errors.DataError(
            f"{name}: sample_weight has {given} weights (shape {tuple(np.shape(sample_weight))}) but the batch "
            f"has {samples} samples (per-sample losses of shape {values_shape}); give one weight per "
            f"sample, shape ({samples},), or a single number."
        ) from None
    return values_shape, weights, full_shape


def combine_mask(sample_weight, mask, reduction, dtype):
    """Merge a mask of valid values (e.g. from ``ignore_class``) into the sample weights.

    For the mean reductions the valid values get the weight total / valid, so that the
    mean is taken over the valid values only (Keras's ``apply_mask``).
    """
    if mask is None:
        return sample_weight
    if reduction in _DIVIDE_BY_SIZE:
        valid = float(mask.sum())
        float_mask = mask * (mask.size / valid if valid else 0.0)
    else:
        float_mask = mask * 1.0
    float_mask = float_mask.astype(dtype, copy=False)
    if sample_weight is None:
        return float_mask
    weights = asarray(sample_weight).astype(dtype, copy=False)
    mask_shape, weights_shape = same_rank_shapes(float_mask.shape, weights.shape)
    return weights.reshape(weights_shape) * float_mask.reshape(mask_shape)


def value_weights(name, values_shape, sample_weight, mask, reduction, dtype):
    """Return c, broadcastable to ``values_shape``, such that loss = sum(c * values).

    Args:
        name: the loss's name, for messages.
        values_shape: the shape of the per-sample values.
        sample_weight: None, a number, or an array that matches the values as in Keras.
        mask: None, or a bool array of the values' shape (False: the value does not count).
        reduction: any reduction but None/"none" (see ``for_training``).
        dtype: the dtype of the values.

    Returns:
        A Python float when there are no weights, else an array.
    """
    weights = combine_mask(sample_weight, mask, reduction, dtype)
    if weights is None:
        if reduction == "sum" or not values_shape:
            return 1.0
        return 1.0 / math.prod(values_shape)
    adjusted_shape, weights, full_shape = _matched_weights(name, values_shape, weights, dtype)
    if not full_shape:  # one value and one weight: Keras returns their product
        return weights
    if reduction == "sum":
        divisor = 1.0
    elif reduction == "mean_with_sample_weight":
        divisor = float(weights.sum())
    else:
        divisor = float(math.prod(full_shape))
    coefficients = np.broadcast_to(weights, full_shape) * (1.0 / divisor if divisor else 0.0)  # no NaN for 0
    return _sum_to_shape(coefficients, adjusted_shape).reshape(values_shape)


def reduce(name, values, sample_weight, mask, reduction):
    """Return the loss of a batch as a Python float (any reduction but None/"none")."""
    if sample_weight is None and mask is None:  # the common case, kept fast
        total = float(values.sum())
        return total if reduction == "sum" else total / max(values.size, 1)
    return float((value_weights(name, values.shape, sample_weight, mask, reduction, values.dtype) * values).sum())


def weigh(name, values, sample_weight, mask):
    """Return the weighted values, without reduction (``reduction=None``), as Keras does."""
    weights = combine_mask(sample_weight, mask, None, values.dtype)
    if weights is None:
        return values
    values_shape, weights, _ = _matched_weights(name, values.shape, weights, values.dtype)
    return values.reshape(values_shape) * weights
