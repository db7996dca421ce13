"""Accuracies: how often a prediction is right, as functions per sample and as metrics.

Taught in Part 4, "Training on real data" (accuracy of the 8x8 digits model).

Each function returns 1.0 where a prediction is right and 0.0 where it is wrong, one
value per output (``binary_accuracy``, ``accuracy``) or per sample (the categorical
ones); each class is the ``Mean`` of its function over the samples seen, as in Keras 3:

- ``Accuracy``: exact match, ``y_pred == y_true`` (for predicted labels, not scores);
- ``BinaryAccuracy``: ``(y_pred > threshold) == y_true``;
- ``CategoricalAccuracy``: ``argmax(y_pred) == argmax(y_true)`` for one-hot targets;
- ``SparseCategoricalAccuracy``: ``argmax(y_pred) == y_true`` for integer labels;
- ``TopKCategoricalAccuracy`` / ``SparseTopKCategoricalAccuracy``: the true class is
  among the k highest scores.

The string ``"accuracy"`` in ``compile`` means one of the last four, chosen from the
loss: see ``accuracy_for_loss``.
"""

import numpy as np

from .. import errors
from ..array_modules import asarray
from .reduction import MeanMetricWrapper
from .shapes import matching


def accuracy(y_true, y_pred):
    """1.0 where ``y_pred`` equals ``y_true`` exactly, else 0.0; shape of ``y_pred``."""
    y_true, y_pred = matching("accuracy", y_true, y_pred)
    return (y_true == y_pred).astype(np.float32)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``(y_pred > threshold)`` equals ``y_true``, else 0.0; shape of ``y_pred``."""
    y_true, y_pred = matching("binary_accuracy", y_true, y_pred)
    return (y_true == (y_pred > threshold)).astype(np.float32)


def categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_true) equals argmax(y_pred): one-hot rows; shape (batch,).

    Raises:
        DataError: ``y_true`` holds integer labels (use ``sparse_categorical_accuracy``).
        ShapeError: the shapes do not match.
    """
    y_pred, y_true = asarray(y_pred), asarray(y_true)
    if _looks_like_labels(y_true, y_pred):
        raise errors.DataError(
            f"categorical_accuracy expects one-hot targets of shape {y_pred.shape}, got integer "
            f"labels of shape {y_true.shape}. Use sparse_categorical_accuracy."
        )
    y_true, y_pred = matching("categorical_accuracy", y_true, y_pred)
    return (np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)).astype(np.float32)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the label ``y_true`` equals argmax(y_pred); shape (batch,).

    Args:
        y_true: class indices, shape (batch,) or (batch, 1).
        y_pred: scores or probabilities, shape (batch, classes).

    Raises:
        DataError: ``y_true`` holds one-hot rows (use ``categorical_accuracy``).
        ShapeError: the shapes do not fit.
    """
    labels, y_pred = _labels("sparse_categorical_accuracy", y_true, y_pred)
    return (labels == np.argmax(y_pred, axis=-1)).astype(np.float32)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the class of the one-hot ``y_true`` is among the ``k`` highest scores; shape (batch,)."""
    y_pred, y_true = asarray(y_pred), asarray(y_true)
    if _looks_like_labels(y_true, y_pred):
        raise errors.DataError(
            f"top_k_categorical_accuracy expects one-hot targets of shape {y_pred.shape}, got "
            f"integer labels of shape {y_true.shape}. Use sparse_top_k_categorical_accuracy."
        )
    y_true, y_pred = matching("top_k_categorical_accuracy", y_true, y_pred)
    return _in_top_k(np.argmax(y_true, axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the label ``y_true`` is among the ``k`` highest scores of ``y_pred``; shape (batch,).

    Args:
        from_sorted_ids: ``y_pred`` already holds class indices, best first (Keras 3.7).
    """
    if from_sorted_ids:
        y_pred, labels = asarray(y_pred), asarray(y_true).reshape(-1)
        return np.any(y_pred[:, :k] == labels[:, None], axis=1).astype(np.float32)
    labels, y_pred = _labels("sparse_top_k_categorical_accuracy", y_true, y_pred)
    return _in_top_k(labels, y_pred, k)


def _in_top_k(labels, y_pred, k):
    """Whether each label's score is among the k highest; ties at the border count as in (TF's rule)."""
    scores = y_pred.reshape(-1, y_pred.shape[-1])
    labels = labels.reshape(-1).astype(np.int64)
    own = np.take_along_axis(scores, labels[:, None], axis=-1)
    higher = np.sum(scores > own, axis=-1)
    return (higher < k).astype(np.float32).reshape(y_pred.shape[:-1])


def _looks_like_labels(y_true, y_pred):
    """Integer labels (batch,) or (batch, 1) given where one-hot rows (batch, classes) belong."""
    return y_pred.ndim >= 2 and y_pred.shape[-1] > 1 and y_true.shape in (y_pred.shape[:-1], y_pred.shape[:-1] + (1,))


def _labels(name, y_true, y_pred):
    """Return (labels of shape y_pred.shape[:-1], y_pred), checking the shapes."""
    y_pred, y_true = asarray(y_pred), asarray(y_true)
    if y_pred.ndim < 2:
        raise errors.ShapeError(f"{name} expects y_pred of shape (batch, classes), got {y_pred.shape}.")
    if y_true.shape == y_pred.shape[:-1] + (1,):
        y_true = y_true.reshape(y_pred.shape[:-1])
    if y_true.shape == y_pred.shape and y_pred.shape[-1] > 1:
        raise errors.DataError(
            f"{name} expects integer labels of shape {y_pred.shape[:-1]}, got one-hot rows "
            f"of shape {y_true.shape}. Use {name.replace('sparse_', '')}."
        )
    if y_true.shape != y_pred.shape[:-1]:
        raise errors.ShapeError(
            f"{name}: y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; "
            f"expected one label per row, shape {y_pred.shape[:-1]}."
        )
    return y_true, y_pred


class Accuracy(MeanMetricWrapper):
    """How often ``y_pred`` equals ``y_true`` EXACTLY: for predicted labels, not probabilities.

    ``Accuracy()([[1], [2], [3], [4]], [[0], [2], [3], [4]])`` is 0.75. For the
    accuracy of scores or probabilities use ``BinaryAccuracy``, ``CategoricalAccuracy``
    or ``SparseCategoricalAccuracy`` (or the string ``"accuracy"`` in ``compile``).

    Args:
        name: Defaults to "accuracy".
        dtype: Defaults to "float32".
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``(y_pred > threshold)`` equals the 0/1 target.

    Args:
        name: Defaults to "binary_accuracy".
        dtype: Defaults to "float32".
        threshold: a probability above it counts as class 1. Defaults to 0.5.
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype, threshold=float(threshold))
        self.threshold = float(threshold)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) equals argmax(y_true), for one-hot targets.

    Args:
        name: Defaults to "categorical_accuracy".
        dtype: Defaults to "float32".
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often argmax(y_pred) equals the integer label ``y_true``.

    Args:
        name: Defaults to "sparse_categorical_accuracy".
        dtype: Defaults to "float32".
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the true class (one-hot ``y_true``) is among the ``k`` highest scores.

    Args:
        k: how many of the highest scores count. Defaults to 5.
        name: Defaults to "top_k_categorical_accuracy".
        dtype: Defaults to "float32".
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=int(k))
        self.k = int(k)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label ``y_true`` is among the ``k`` highest scores.

    Args:
        k: how many of the highest scores count. Defaults to 5.
        name: Defaults to "sparse_top_k_categorical_accuracy".
        dtype: Defaults to "float32".
        from_sorted_ids: ``y_pred`` holds class indices sorted best first, not scores.
            Defaults to False.
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids=False):
        super().__init__(fn=sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=int(k),
                         from_sorted_ids=bool(from_sorted_ids))
        self.k = int(k)
        self.from_sorted_ids = bool(from_sorted_ids)

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
