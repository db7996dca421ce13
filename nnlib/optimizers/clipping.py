"""Gradient clipping: keep one bad batch from throwing the weights far away.

Used in Part 4, "Errors and debugging" (a diverging run). An optimizer created with
``clipnorm``, ``global_clipnorm`` or ``clipvalue`` calls one of these functions on the
gradients of every step before its update, as Keras 3 does
(``keras/src/optimizers/base_optimizer.py``):

    clipnorm=c         each gradient g:        g = g * c / max(norm(g), c)
    global_clipnorm=c  all gradients together: g = g * c / max(global_norm, c)
    clipvalue=c        each number:            g = min(max(g, -c), c)

where norm(g) = sqrt(sum(g ** 2)) and global_norm = sqrt(sum over all gradients of
sum(g ** 2)). A gradient whose norm is at most c keeps its direction and its length;
a longer one is shrunk to length c, still pointing the same way. ``clipvalue`` cuts
every number separately, so it can change the direction.

The functions return new arrays (the caller's gradients are left alone) in the
gradients' dtype, with Keras's order of operations, so float32 results match Keras's.
"""

import numpy as np


def l2_norm(arrays):
    """Return sqrt(sum of the squares of every number in ``arrays``), a scalar.

    The sum of squares of each array is ``dot(a, a)`` (one fast call). Finite numbers
    whose squares overflow (abs(g) > 1.8e19 in float32) are rescaled by the largest abs(g)
    first, so the norm stays finite where the true norm is.

    Args:
        arrays: list of arrays of any shapes.

    Returns:
        A NumPy scalar of the arrays' dtype.
    """
    with np.errstate(over="ignore"):
        total = sum(_sum_of_squares(a) for a in arrays)
    if np.isfinite(total):
        return np.sqrt(total)
    largest = max(np.max(np.abs(a)) for a in arrays)
    if not np.isfinite(largest):  # an inf or a NaN inside: the norm is inf or NaN, as in Keras
        return np.sqrt(total)
    return largest * np.sqrt(sum(_sum_of_squares(a / largest) for a in arrays))


def _sum_of_squares(array):
    flat = array.reshape(-1)
    return np.dot(flat, flat)


def clip_by_norm(gradient, clipnorm):
    """Shrink ``gradient`` to length ``clipnorm`` if it is longer (Keras's ``clipnorm``).

    Args:
        gradient: array of any shape.
        clipnorm: the largest norm allowed, a number > 0.

    Returns:
        ``gradient * clipnorm / max(norm(gradient), clipnorm)``, same shape and dtype.
    """
    c = gradient.dtype.type(clipnorm)
    return gradient * c / np.maximum(l2_norm([gradient]), c)


def clip_by_global_norm(gradients, clipnorm):
    """Shrink all ``gradients`` by one factor so that their global norm is at most ``clipnorm``.

    Keras's ``global_clipnorm``: the factor is ``clipnorm * min(1 / global_norm, 1 / clipnorm)``,
    and NaN when the global norm is not finite (the step then shows the problem instead of
    hiding it).

    Args:
        gradients: list of arrays of any shapes.
        clipnorm: the largest global norm allowed, a number > 0.

    Returns:
        A list of new arrays, same shapes and dtypes.
    """
    norm = l2_norm(gradients)
    scalar = norm.dtype.type
    with np.errstate(divide="ignore"):  # an all-zero gradient: 1 / 0 = inf, and min() picks 1 / c
        scale = scalar(clipnorm) * np.minimum(1 / norm, scalar(1.0 / clipnorm))
    with np.errstate(invalid="ignore"):
        scale = scale + (norm - norm)  # NaN when the norm is inf or NaN, as in Keras
    return [g * g.dtype.type(scale) for g in gradients]


def clip_by_value(gradient, clipvalue):
    """Cut every number of ``gradient`` to [-clipvalue, clipvalue] (Keras's ``clipvalue``).

    Args:
        gradient: array of any shape.
        clipvalue: a number > 0.

    Returns:
        A new array, same shape and dtype.
    """
    c = gradient.dtype.type(clipvalue)
    return np.clip(gradient, -c, c)
