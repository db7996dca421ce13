"""TruePositives, FalsePositives, TrueNegatives, FalseNegatives, Precision and Recall.

Taught in Part 4, "Training on real data" (when accuracy hides a rare class). Each
metric keeps one count per threshold over the batches seen (see ``confusion_counts``):

- precision = tp / (tp + fp): of the outputs predicted positive, how many are;
- recall = tp / (tp + fn): of the positive outputs, how many were found.

Both are 0.0 while their denominator is 0 (Keras's ``divide_no_nan``). With one
threshold ``result()`` is one number, with several an array of one value per threshold.
"""

import numpy as np

from .base import Metric, as_result
from .confusion_counts import NEG_INF, confusion_counts, evenly_spaced, parse_thresholds


def divide_no_nan(numerator, denominator):
    """numerator / denominator, with 0 wherever the denominator is 0."""
    safe = np.where(denominator == 0, 1, denominator)
    return np.where(denominator == 0, 0, numerator / safe)


class _ConditionCount(Metric):
    """The (weighted) count of one cell of the confusion matrix, at each threshold."""

    _kind = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_thresholds(thresholds, 0.5, self.name)
        self._evenly = evenly_spaced(self.thresholds)
        self.accumulator = self.add_variable(shape=(len(self.thresholds),), initializer="zeros", name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add this batch's count at each threshold.

        Args:
            y_true: 0/1 targets, shape like ``y_pred`` ((batch,) fits (batch, 1)).
            y_pred: scores, usually probabilities in [0, 1].
            sample_weight: None, or one weight per sample (or per output).
        """
        counts = confusion_counts(y_true, y_pred, self.thresholds, (self._kind,), self.name,
                                  sample_weight=sample_weight, evenly=self._evenly)
        self.accumulator += counts[self._kind]

    def result(self):
        return as_result(self.accumulator[0] if len(self.thresholds) == 1 else self.accumulator, self.dtype)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConditionCount):
    """The (weighted) number of outputs with target 1 and score > threshold.

    Args:
        thresholds: a number or a list of numbers in [0, 1]. Defaults to 0.5.
        name: Defaults to "true_positives".
        dtype: Defaults to "float32".
    """

    _kind = "tp"


class FalsePositives(_ConditionCount):
    """The (weighted) number of outputs with target 0 and score > threshold (arguments as ``TruePositives``)."""

    _kind = "fp"


class TrueNegatives(_ConditionCount):
    """The (weighted) number of outputs with target 0 and score <= threshold (arguments as ``TruePositives``)."""

    _kind = "tn"


class FalseNegatives(_ConditionCount):
    """The (weighted) number of outputs with target 1 and score <= threshold (arguments as ``TruePositives``)."""

    _kind = "fn"


class _PrecisionOrRecall(Metric):
    """tp and one other count per threshold; ``top_k`` and ``class_id`` select what is counted."""

    _other = None

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        self.thresholds = parse_thresholds(thresholds, 0.5 if top_k is None else NEG_INF, self.name)
        self._evenly = evenly_spaced(self.thresholds)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape=shape, initializer="zeros", name="true_positives")
        self._other_counts = self.add_variable(shape=shape, initializer="zeros", name=self._other)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add this batch's counts.

        Args:
            y_true: 0/1 targets, shape like ``y_pred`` ((batch,) fits (batch, 1)).
            y_pred: scores, shape (batch,) or (batch, classes).
            sample_weight: None, or one weight per sample (or per output).
        """
        counts = confusion_counts(y_true, y_pred, self.thresholds, ("tp", self._other), self.name,
                                  top_k=self.top_k, class_id=self.class_id, sample_weight=sample_weight,
                                  evenly=self._evenly)
        self.true_positives += counts["tp"]
        self._other_counts += counts[self._other]

    def result(self):
        value = divide_no_nan(self.true_positives, self.true_positives + self._other_counts)
        return as_result(value[0] if len(self.thresholds) == 1 else value, self.dtype)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


class Precision(_PrecisionOrRecall):
    """tp / (tp + fp): the fraction of positive predictions that are right.

    Args:
        thresholds: a number or list of numbers in [0, 1]; a score above it is a
            positive prediction. Defaults to 0.5 (or, with ``top_k``, every score in
            the top k).
        top_k: count only the k highest scores of each row as predictions.
        class_id: count only this column of (batch, classes) data.
        name: Defaults to "precision".
        dtype: Defaults to "float32".
    """

    _other = "fp"

    @property
    def false_positives(self):
        """The false positives at each threshold, shape (thresholds,)."""
        return self._other_counts


class Recall(_PrecisionOrRecall):
    """tp / (tp + fn): the fraction of positive targets that are found (arguments as ``Precision``)."""

    _other = "fn"

    @property
    def false_negatives(self):
        """The false negatives at each threshold, shape (thresholds,)."""
        return self._other_counts
