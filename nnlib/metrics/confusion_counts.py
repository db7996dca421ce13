"""Counting true/false positives/negatives at each threshold: the heart of Precision, Recall and AUC.

Taught in Part 4, "Training on real data" (the confusion matrix of a classifier). A
score ``p`` counts as a positive prediction at threshold ``t`` when ``p > t``; each
count is the (weighted) number of outputs where prediction and target agree or not:

- true positives (tp): target 1, predicted positive;
- false positives (fp): target 0, predicted positive;
- true negatives (tn): target 0, predicted negative;
- false negatives (fn): target 1, predicted negative.

``confusion_counts`` follows Keras 3's ``update_confusion_matrix_variables``, including
its fast path for evenly spaced thresholds (``i / (n - 1)``, as AUC uses): each score
falls into a bucket ``ceil(p * (n - 1)) - 1``, and a reverse running sum of the buckets
gives every threshold's count at once, in time proportional to the batch plus n.
"""

import numpy as np

from .. import errors
from ..array_modules import array_module, asarray, to_module, to_numpy
from .shapes import same_rank, weights_like

NEG_INF = -1e10  # Keras's stand-in for minus infinity (scores outside the top k)
KINDS = ("tp", "fp", "tn", "fn")


def parse_thresholds(thresholds, default, name):
    """Return ``thresholds`` (a number or a list, or None for ``default``) as a list of floats.

    Raises:
        HyperparameterError: a threshold outside [0, 1], or None.
    """
    if thresholds is None:
        return [float(default)]
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]
    invalid = [t for t in values if t is None or not 0 <= t <= 1]
    if invalid:
        raise errors.HyperparameterError(f"Threshold values must be in [0, 1]. Received: {invalid} (in {name}).")
    return [float(t) for t in values]


def evenly_spaced(thresholds):
    """Whether ``thresholds`` are ``i / (n - 1)`` for i = 0..n-1, with n >= 3 (Keras's test)."""
    n = len(thresholds)
    return n >= 3 and np.allclose(thresholds, np.arange(n, dtype=np.float32) / (n - 1), atol=1e-7)


def confusion_counts(y_true, y_pred, thresholds, kinds, name, top_k=None, class_id=None, sample_weight=None,
                     multi_label=False, label_weights=None, evenly=False):
    """Return the counts of ``kinds`` (some of "tp", "fp", "tn", "fn") in this batch, at each threshold.

    Args:
        y_true: 0/1 targets (any non-zero value is a positive), shape like ``y_pred``.
        y_pred: scores, shape (batch,) or (batch, labels).
        thresholds: n numbers; a prediction is positive where it is > the threshold.
        kinds: which counts to return.
        name: the metric's name, for error messages.
        top_k: keep only the k highest scores of each row (the others become negative).
        class_id: count only the column ``class_id`` of (batch, classes) data.
        sample_weight: None, or weights of shape (batch,) or broadcastable to ``y_pred``.
        multi_label: count each label (column) separately: counts of shape (n, labels).
        label_weights: one weight per label, multiplied into the counts (not multi_label).
        evenly: the thresholds are evenly spaced in [0, 1]: use the bucket fast path.

    Returns:
        A dict from kind to a float32 NumPy array of shape (n,) (or (n, labels)).

    Raises:
        ShapeError: y_true and y_pred (or the weights) do not fit together.
    """
    y_pred = asarray(y_pred).astype(np.float32, copy=False)
    y_true = asarray(y_true).astype(np.float32, copy=False)
    y_pred, y_true = same_rank(y_pred, y_true)
    if y_pred.shape != y_true.shape:
        raise errors.ShapeError(
            f"{name}: y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; they must match."
        )
    weight = None
    if sample_weight is not None:
        weight = weights_like(sample_weight, y_pred, name)[..., None]
        _, weight = same_rank(y_true, weight, expand_rank_1=False)
    if top_k is not None:
        y_pred = _keep_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise errors.ShapeError(
                f"{name}: class_id needs y_pred of shape (batch, classes), found shape {y_pred.shape}."
            )
        if not -y_pred.shape[-1] <= class_id < y_pred.shape[-1]:
            raise errors.ShapeError(
                f"{name}: class_id={class_id} is out of range for y_pred of shape {y_pred.shape} "
                f"(expected 0 <= class_id < {y_pred.shape[-1]})."
            )
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    weight = _combined_weights(weight, label_weights, y_pred, name, multi_label)
    thresholds = np.asarray(thresholds, dtype=np.float32)
    if evenly:
        counts = _bucket_counts(y_true, y_pred, thresholds, weight, multi_label)
    else:
        counts = _compare_counts(y_true, y_pred, thresholds, weight, multi_label)
    return {kind: to_numpy(counts[kind]).astype(np.float32) for kind in kinds}


def _keep_top_k(y_pred, k):
    """y_pred with every score outside each row's k highest replaced by NEG_INF (ties: lower index first)."""
    xp = array_module(y_pred)
    best = np.argsort(-y_pred, axis=-1, kind="stable")[..., :k]
    in_top_k = np.any(best[..., :, None] == xp.arange(y_pred.shape[-1]), axis=-2)
    return np.where(in_top_k, y_pred, np.float32(NEG_INF))


def _combined_weights(weight, label_weights, y_pred, name, multi_label):
    """The sample weights times the label weights, broadcast to ``y_pred``'s shape (or None)."""
    if weight is not None:
        weight = _broadcast(weight, y_pred.shape, "sample_weight", name)
    if label_weights is not None and not multi_label:
        labels = to_module(label_weights, array_module(y_pred)).astype(np.float32)
        labels = _broadcast(labels[None], y_pred.shape, "label_weights", name)
        weight = labels if weight is None else weight * labels
    return weight


def _broadcast(weight, shape, what, name):
    try:
        return np.broadcast_to(weight, shape)
    except ValueError:
        raise errors.ShapeError(
            f"{name}: {what} of shape {weight.shape} does not fit y_pred of shape {shape}."
        ) from None


def _compare_counts(y_true, y_pred, thresholds, weight, multi_label):
    """Counts by comparing every score with every threshold: arrays of shape (n, batch * labels)."""
    xp = array_module(y_pred)
    if multi_label:  # (n, batch, labels), summed over the batch
        predicted = y_pred[None] > xp.asarray(thresholds).reshape(-1, *([1] * y_pred.ndim))
        positive, axis = (y_true != 0)[None], 1
    else:  # (n, outputs), summed over the outputs
        predicted = y_pred.reshape(1, -1) > xp.asarray(thresholds)[:, None]
        positive, axis = (y_true != 0).reshape(1, -1), 1
        weight = None if weight is None else weight.reshape(1, -1)
    ones = np.float32(1) if weight is None else weight

    def count(label, prediction):
        return np.sum(np.where(label & prediction, ones, np.float32(0)), axis=axis, dtype=np.float32)

    return {"tp": count(positive, predicted), "fp": count(~positive, predicted),
            "tn": count(~positive, ~predicted), "fn": count(positive, ~predicted)}


def _bucket_counts(y_true, y_pred, thresholds, weight, multi_label):
    """Counts for evenly spaced thresholds: one bucket per score, then reverse running sums."""
    n = len(thresholds)
    with_epsilon = bool(thresholds[0] < 0.0 or thresholds[-1] > 1.0)
    scores = np.clip(y_pred, 0.0, 1.0)
    buckets = np.ceil(scores * np.float32(n - 1)) - 1
    if with_epsilon:
        buckets = np.maximum(buckets, 0)
    buckets = buckets.astype(np.int64)
    positive = (y_true != 0).astype(np.float32)
    weight = np.float32(1) if weight is None else weight
    true_labels, false_labels = positive * weight, (1 - positive) * weight
    columns = 1 if not multi_label else y_pred.shape[-1]  # one curve, or one per label
    buckets, true_labels, false_labels = (
        a.reshape(-1, columns) for a in np.broadcast_arrays(buckets, true_labels, false_labels)
    )
    tp = _reverse_cumsum(_bucket_sums(buckets, true_labels, n))
    fp = _reverse_cumsum(_bucket_sums(buckets, false_labels, n))
    tn = np.sum(false_labels, axis=0, dtype=np.float32) - fp
    fn = np.sum(true_labels, axis=0, dtype=np.float32) - tp
    if not multi_label:
        tp, fp, tn, fn = tp[:, 0], fp[:, 0], tn[:, 0], fn[:, 0]
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn}


def _bucket_sums(buckets, values, n):
    """Sum of ``values`` per bucket (0..n-1), per column; buckets below 0 are dropped (as segment_sum)."""
    columns = []
    for column in range(buckets.shape[1]):
        index, value = buckets[:, column], values[:, column]
        kept = index >= 0
        columns.append(np.bincount(index[kept], weights=value[kept], minlength=n)[:n].astype(np.float32))
    return np.stack(columns, axis=1)


def _reverse_cumsum(sums):
    """``out[j] = sums[j] + sums[j + 1] + ...``: the count of scores above threshold j."""
    return np.cumsum(sums[::-1], axis=0, dtype=np.float32)[::-1]
