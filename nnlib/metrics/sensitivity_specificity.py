"""The best of one rate while another is held at a minimum: ``SensitivityAtSpecificity`` and kin.

Taught in Part 4, "Training on real data" (choosing the threshold of a classifier).
Each metric counts tp, fp, tn and fn at ``num_thresholds`` thresholds evenly spaced in
[0, 1] (see ``confusion_counts``), computes two rates at every threshold, and returns
the largest value of the first among the thresholds where the second is >= the given
value (0.0 when no threshold reaches it), as Keras 3 does:

- ``SensitivityAtSpecificity``: best recall tp / (tp + fn) with specificity tn / (tn + fp) >= value;
- ``SpecificityAtSensitivity``: best specificity with recall >= value;
- ``PrecisionAtRecall``: best precision tp / (tp + fp) with recall >= value;
- ``RecallAtPrecision``: best recall with precision >= value.

With ``num_thresholds=1`` the only threshold is 0.5; otherwise the thresholds are
0, 1/(n-1), ..., 1.
"""

import numpy as np

from .. import errors
from .base import Metric, as_result
from .confusion import divide_no_nan
from .confusion_counts import KINDS, confusion_counts


def _rates(tp, fp, tn, fn):
    """Sensitivity (= recall), specificity and precision at each threshold, arrays of shape (thresholds,)."""
    return {"sensitivity": divide_no_nan(tp, tp + fn), "specificity": divide_no_nan(tn, tn + fp),
            "precision": divide_no_nan(tp, tp + fp)}


class _BestRateUnderConstraint(Metric):
    """The largest ``_maximized`` rate among the thresholds where the ``_constrained`` rate is >= ``value``.

    Subclasses set ``_constrained`` and ``_maximized`` (keys of ``_rates``) and
    ``_value_name`` (the Keras argument that holds ``value``).
    """

    _constrained = _maximized = _value_name = None

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not 0 <= value <= 1:
            raise errors.HyperparameterError(
                f"Argument `{self._value_name}` must be in the range [0, 1]. Received: {self._value_name}={value!r}"
            )
        if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, (int, np.integer)) \
                or num_thresholds <= 0:
            raise errors.HyperparameterError(
                f"Argument `num_thresholds` must be an integer > 0. Received: num_thresholds={num_thresholds!r}"
            )
        if class_id is not None and (isinstance(class_id, bool) or not isinstance(class_id, (int, np.integer))
                                     or class_id < 0):
            raise errors.HyperparameterError(
                f"Argument `class_id` must be None or an integer >= 0. Received: class_id={class_id!r}"
            )
        self.value = value
        self.num_thresholds = int(num_thresholds)
        self.class_id = None if class_id is None else int(class_id)
        if self.num_thresholds == 1:
            self.thresholds, self._evenly = [0.5], False
        else:
            inner = [(i + 1) * 1.0 / (self.num_thresholds - 1) for i in range(self.num_thresholds - 2)]
            self.thresholds, self._evenly = [0.0] + inner + [1.0], True
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add this batch's counts at every threshold.

        Args:
            y_true: 0/1 targets, shape like ``y_pred`` ((batch,) fits (batch, 1)).
            y_pred: scores in [0, 1], shape (batch,) or (batch, classes).
            sample_weight: None, or one weight per sample (or per output).
        """
        counts = confusion_counts(y_true, y_pred, self.thresholds, KINDS, self.name, class_id=self.class_id,
                                  sample_weight=sample_weight, evenly=self._evenly)
        self.true_positives += counts["tp"]
        self.false_positives += counts["fp"]
        self.true_negatives += counts["tn"]
        self.false_negatives += counts["fn"]

    def result(self):
        """The best ``_maximized`` rate where the constraint holds, or 0.0 where it never does."""
        rates = _rates(self.true_positives, self.false_positives, self.true_negatives, self.false_negatives)
        feasible = rates[self._constrained] >= self.value
        return as_result(np.max(np.where(feasible, rates[self._maximized], 0.0), initial=0.0), self.dtype)

    def get_config(self):
        return {**super().get_config(), "class_id": self.class_id, "num_thresholds": self.num_thresholds,
                self._value_name: self.value}


class SensitivityAtSpecificity(_BestRateUnderConstraint):
    """The best sensitivity (recall) over the thresholds where specificity is >= ``specificity``.

    Args:
        specificity: a number in [0, 1].
        num_thresholds: how many thresholds to try (> 0). Defaults to 200.
        class_id: count only this column of (batch, classes) data.
        name: Defaults to "sensitivity_at_specificity".
        dtype: Defaults to "float32".

    Raises:
        HyperparameterError: ``specificity`` outside [0, 1], ``num_thresholds <= 0`` or
            a negative ``class_id``.
    """

    _constrained, _maximized, _value_name = "specificity", "sensitivity", "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)
        self.specificity = specificity


class SpecificityAtSensitivity(_BestRateUnderConstraint):
    """The best specificity over the thresholds where sensitivity (recall) is >= ``sensitivity``.

    Args:
        sensitivity: a number in [0, 1].
        num_thresholds: how many thresholds to try (> 0). Defaults to 200.
        class_id: count only this column of (batch, classes) data.
        name: Defaults to "specificity_at_sensitivity".
        dtype: Defaults to "float32".

    Raises:
        HyperparameterError: ``sensitivity`` outside [0, 1], ``num_thresholds <= 0`` or
            a negative ``class_id``.
    """

    _constrained, _maximized, _value_name = "sensitivity", "specificity", "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)
        self.sensitivity = sensitivity


class PrecisionAtRecall(_BestRateUnderConstraint):
    """The best precision over the thresholds where recall is >= ``recall``.

    Args:
        recall: a number in [0, 1].
        num_thresholds: how many thresholds to try (> 0). Defaults to 200.
        class_id: count only this column of (batch, classes) data.
        name: Defaults to "precision_at_recall".
        dtype: Defaults to "float32".

    Raises:
        HyperparameterError: ``recall`` outside [0, 1], ``num_thresholds <= 0`` or a
            negative ``class_id``.
    """

    _constrained, _maximized, _value_name = "sensitivity", "precision", "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)
        self.recall = recall


class RecallAtPrecision(_BestRateUnderConstraint):
    """The best recall over the thresholds where precision is >= ``precision`` (0.0 if none reaches it).

    Args:
        precision: a number in [0, 1].
        num_thresholds: how many thresholds to try (> 0). Defaults to 200.
        class_id: count only this column of (batch, classes) data.
        name: Defaults to "recall_at_precision".
        dtype: Defaults to "float32".

    Raises:
        HyperparameterError: ``precision`` outside [0, 1], ``num_thresholds <= 0`` or a
            negative ``class_id``.
    """

    _constrained, _maximized, _value_name = "precision", "sensitivity", "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)
        self.precision = precision
