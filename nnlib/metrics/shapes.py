"""How a metric lines up ``y_true``, ``y_pred`` and ``sample_weight`` (Keras 3's rules).

Taught in Part 4, "Training on real data". A batch of 32 one-output predictions has
shape (32, 1) while its targets often have shape (32,): the two ranks differ by one and
the extra axis has length 1, so it is squeezed (or added), as Keras's
``squeeze_or_expand_to_same_rank`` does. Any other mismatch is an error that names both
shapes.
"""

import numpy as np

from .. import errors
from ..array_modules import array_module, asarray, to_module


def same_rank(x1, x2, expand_rank_1=True):
    """Return (x1, x2) with a trailing axis of length 1 squeezed or added so their ranks agree.

    Keras's rule: when the ranks differ by exactly one and the longer array ends in an
    axis of length 1, that axis goes, except when the other array is 1-D and
    ``expand_rank_1``: then the 1-D array gains the axis instead. Other shapes are
    returned unchanged.
    """
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        if x2.ndim == 1 and expand_rank_1:
            return x1, x2[:, None]
        return x1.reshape(x1.shape[:-1]), x2
    if x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        if x1.ndim == 1 and expand_rank_1:
            return x1[:, None], x2
        return x1, x2.reshape(x2.shape[:-1])
    return x1, x2


def matching(name, y_true, y_pred):
    """Return (y_true, y_pred) as arrays of the same shape ((batch,) fits (batch, 1)).

    Raises:
        ShapeError: the shapes still differ; the message names both.
    """
    y_pred = asarray(y_pred)
    y_true = asarray(y_true)
    if y_true.shape != y_pred.shape:
        y_true, y_pred = same_rank(y_true, y_pred)
        if y_true.shape != y_pred.shape:
            raise errors.ShapeError(
                f"{name}: y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; "
                "they must match."
            )
    return y_true, y_pred


def weights_like(sample_weight, values, name):
    """``sample_weight`` as an array of ``values``'s library and dtype (GPU weights stay there)."""
    weight = to_module(sample_weight, array_module(values))
    weight = weight.astype(values.dtype if values.dtype.kind == "f" else np.float32, copy=False)
    if weight.ndim and values.ndim and weight.shape[0] not in (1, values.shape[0]):
        raise errors.ShapeError(
            f"{name}: sample_weight has shape {weight.shape} but the batch has "
            f"{values.shape[0]} samples (values of shape {values.shape})."
        )
    return weight
