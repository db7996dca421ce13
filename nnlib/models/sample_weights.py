"""Sample weights: how much each sample counts in the loss (``fit(sample_weight=...)``).

Taught in Part 4, "Training on real data" (unbalanced classes). With weights w, the
loss of a batch of B samples is sum_i w_i * loss_i / B (Keras's default reduction,
"sum_over_batch_size"): a sample of weight 2 counts as two copies of it, and a sample
of weight 0 does not count at all.

``class_weight`` is a shortcut for the common case: one weight per class, e.g.
``{0: 1.0, 1: 9.0}`` when class 1 is nine times rarer, so that both classes weigh the
same in total. It becomes one weight per sample, read from each sample's label.
"""

import numbers

import numpy as np

from .. import errors


def check_sample_weight(sample_weight, n_samples, dtype, name="sample_weight"):
    """Return the sample weights as an array of shape (n,) in ``dtype``.

    Args:
        sample_weight: array-like of shape (n,) or (n, 1).
        n_samples: the number of samples in x.
        dtype: the model's float dtype.
        name: the argument's name in messages.

    Raises:
        DataError: not numbers, another length, NaN, infinite or negative values.
        ShapeError: another shape.
    """
    weights = np.asarray(sample_weight)
    if not (np.issubdtype(weights.dtype, np.number) or weights.dtype == np.bool_):
        raise errors.DataError(f"{name} must hold numbers, got an array of dtype {weights.dtype}.")
    if weights.ndim == 2 and weights.shape[1] == 1:
        weights = weights.reshape(-1)
    if weights.ndim != 1:
        raise errors.ShapeError(
            f"{name} must hold one weight per sample, shape ({n_samples},), got shape {weights.shape}."
        )
    if len(weights) != n_samples:
        raise errors.DataError(
            f"x has {n_samples} samples but {name} has {len(weights)} weights: they must have the "
            "same length (one weight per sample)."
        )
    weights = weights.astype(dtype, copy=False)
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        first = int(np.argmax(bad))
        raise errors.DataError(
            f"{name} must hold finite weights >= 0; {int(bad.sum())} are not, the first is "
            f"{name}[{first}] = {weights[first]}."
        )
    return weights


def class_labels(y):
    """Return each sample's class as an int array of shape (n,), read as Keras reads it.

    One-hot rows (n, k) with k > 1 give argmax; labels (n,) or (n, 1), and
    probabilities of class 1 for a binary model, are rounded.
    """
    y = np.asarray(y)
    if y.ndim > 1:
        y = np.argmax(y, axis=-1) if y.shape[-1] != 1 else y.reshape(len(y), -1)[:, 0]
    return np.round(y).astype(np.int64)


def check_class_weight(class_weight):
    """Return ``class_weight`` as {int class: float weight}.

    Raises:
        HyperparameterError: not a dict of int classes to finite weights >= 0.
    """
    if not isinstance(class_weight, dict):
        raise errors.HyperparameterError(
            "class_weight must be a dict {class index: weight}, e.g. {0: 1.0, 1: 5.0}, got "
            f"{type(class_weight).__name__} {class_weight!r}."
        )
    checked = {}
    for label, weight in class_weight.items():
        if not isinstance(label, numbers.Integral) or isinstance(label, bool) or label < 0:
            raise errors.HyperparameterError(
                f"class_weight's keys must be class indices (ints >= 0), got {label!r}."
            )
        if not isinstance(weight, numbers.Real) or not np.isfinite(weight) or weight < 0:
            raise errors.HyperparameterError(
                f"class_weight[{label}] must be a finite number >= 0, got {weight!r}."
            )
        checked[int(label)] = float(weight)
    return checked


def class_weight_to_sample_weight(y, class_weight, dtype, present=None):
    """Return one weight per sample, shape (n,): the weight of its class (1.0 if not listed).

    Args:
        y: the targets (labels or one-hot rows), shape (n,), (n, 1) or (n, k).
        class_weight: a dict checked by ``check_class_weight``.
        dtype: the model's float dtype.
        present: the classes that can occur; a class_weight key outside them is an
            error. Defaults to the classes found in ``y`` (then the whole data set is
            in ``y``).

    Raises:
        DataError: class_weight names a class that is not in ``y`` (or ``present``).
    """
    labels = class_labels(y)
    known = np.unique(labels) if present is None else np.asarray(sorted(present))
    unknown = sorted(set(class_weight) - {int(c) for c in known})
    if unknown:
        raise errors.DataError(
            f"class_weight names class(es) {unknown}, which do not occur in y; y has the classes "
            f"{[int(c) for c in known]}."
        )
    table = np.ones(max(int(labels.max(initial=0)), max(class_weight, default=0)) + 1, dtype=dtype)
    for label, weight in class_weight.items():
        table[label] = weight
    return table[np.clip(labels, 0, len(table) - 1)]
