"""``AUC``: the area under the ROC or the precision-recall curve, from counts at many thresholds.

Taught in Part 4, "Training on real data" (judging a classifier at every threshold at
once). ``AUC`` counts tp, fp, tn and fn at ``num_thresholds`` thresholds evenly spaced
in [0, 1] (plus -1e-7 and 1 + 1e-7 at the ends, so that scores of exactly 0 and 1 are
counted), then sums the curve as Keras 3 does:

- ``curve="ROC"``: recall (y) against the false-positive rate fp / (fp + tn) (x);
- ``curve="PR"``: precision (y) against recall (x); with
  ``summation_method="interpolation"`` it uses Davis and Goadrich's (2006)
  interpolation between the points, which is what Keras computes;
- ``summation_method``: "interpolation" (trapezoids), "minoring" (the lower of the two
  heights) or "majoring" (the higher).

The result approximates the exact area; more thresholds bring it closer.
"""

import numpy as np

from .. import errors
from ..activations import sigmoid
from ..array_modules import asarray
from .base import Metric, as_result
from .confusion import divide_no_nan
from .confusion_counts import KINDS, confusion_counts, evenly_spaced, parse_thresholds

EPSILON = 1e-7
CURVES = ("ROC", "PR", "PRGAIN")
SUMMATION_METHODS = ("interpolation", "majoring", "minoring")


class AUC(Metric):
    """The area under the ROC curve (or the PR curve) of the scores seen so far.

    Args:
        num_thresholds: how many thresholds to count at (> 1). Defaults to 200.
        curve: "ROC" or "PR" (or "PRGAIN"). Defaults to "ROC".
        summation_method: "interpolation", "minoring" or "majoring". Defaults to "interpolation".
        name: Defaults to "auc".
        dtype: Defaults to "float32".
        thresholds: your own thresholds in [0, 1] instead of ``num_thresholds``.
        multi_label: one curve per label (column), then their mean. Defaults to False
            (all outputs pooled into one curve).
        num_labels: the number of labels, with ``multi_label`` (else learnt at the first batch).
        label_weights: one weight per label (multi_label: weights of the mean; else
            weights of the counts).
        from_logits: the scores are logits; a sigmoid is applied first. Defaults to False.

    Raises:
        HyperparameterError: ``num_thresholds <= 1``, a threshold outside [0, 1], or an
            unknown curve or summation method.
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None, dtype=None,
                 thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False):
        super().__init__(name=name, dtype=dtype)
        self.curve = _choice("AUC curve", curve, CURVES, str.upper)
        self.summation_method = _choice("AUC summation method", summation_method, SUMMATION_METHODS, str.lower)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(parse_thresholds(thresholds, 0.5, self.name))
            self.num_thresholds = len(inner) + 2
            self._evenly = evenly_spaced(np.array([0.0] + inner + [1.0]))
        else:
            if not isinstance(num_thresholds, (int, np.integer)) or num_thresholds <= 1:
                raise errors.HyperparameterError(
                    f"Argument `num_thresholds` must be an integer > 1. Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = int(num_thresholds)
            inner = [(i + 1) * 1.0 / (self.num_thresholds - 1) for i in range(self.num_thresholds - 2)]
            self._evenly = True
        self._thresholds = np.array([0.0 - EPSILON] + inner + [1.0 + EPSILON])
        self.multi_label = bool(multi_label)
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else np.asarray(label_weights, dtype=self.dtype)
        self._from_logits = bool(from_logits)
        if num_labels and not self.multi_label:
            raise errors.HyperparameterError("`num_labels` is needed only when `multi_label` is True.")
        self._built = False
        if not self.multi_label or num_labels:
            self._build(num_labels)

    @property
    def thresholds(self):
        """The thresholds counted at, including the two just outside [0, 1]."""
        return list(self._thresholds)

    def _build(self, num_labels):
        shape = (self.num_thresholds, num_labels) if self.multi_label else (self.num_thresholds,)
        self._num_labels = num_labels
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add this batch's counts at every threshold.

        Args:
            y_true: 0/1 targets, shape like ``y_pred``.
            y_pred: scores in [0, 1] (or logits with ``from_logits``), shape (batch,) or
                (batch, labels).
            sample_weight: None, or one weight per sample (or per output).
        """
        y_pred = asarray(y_pred)
        if not self._built:
            if y_pred.ndim != 2:
                raise errors.ShapeError(
                    f"{self.name}: `y_pred` must have rank 2 when `multi_label=True`. Found shape {y_pred.shape}."
                )
            self._build(y_pred.shape[1])
        if self._from_logits:
            y_pred = sigmoid(y_pred)
        counts = confusion_counts(y_true, y_pred, self._thresholds, KINDS, self.name, sample_weight=sample_weight,
                                  multi_label=self.multi_label,
                                  label_weights=None if self.multi_label else self.label_weights,
                                  evenly=self._evenly)
        self.true_positives += counts["tp"]
        self.false_positives += counts["fp"]
        self.true_negatives += counts["tn"]
        self.false_negatives += counts["fn"]

    def result(self):
        """The area under the curve, as a number."""
        if not self._built:
            return as_result(0.0, self.dtype)
        if self.curve == "PR" and self.summation_method == "interpolation":
            return as_result(self._by_label(self._interpolated_pr_terms()), self.dtype)
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, divide_no_nan(tp, tp + fp)
        else:  # PRGAIN: precision gain against recall gain (Flach and Kull, 2015)
            scale = divide_no_nan(tp + fn, tn + fp)
            recall_gain = np.where(tp == 0, 0.0, 1.0 - scale * divide_no_nan(fn, tp))
            x = np.maximum(recall_gain, 0.0)
            y = np.where(tp == 0, 1.0, 1.0 - scale * divide_no_nan(fp, tp))
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return as_result(self._by_label((x[:-1] - x[1:]) * heights), self.dtype)

    def _interpolated_pr_terms(self):
        """The PR curve's area between neighbouring thresholds, interpolated as Davis & Goadrich."""
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both_positive = (p[:-1] > 0) & (p[1:] > 0)
        ratio = np.where(both_positive, divide_no_nan(p[:-1], np.maximum(p[1:], 0)), 1.0)
        with np.errstate(divide="ignore"):
            log_ratio = np.log(np.where(ratio > 0, ratio, 1.0))
        return divide_no_nan(slope * (dtp + intercept * log_ratio), np.maximum(tp[1:] + fn[1:], 0))

    def _by_label(self, terms):
        """The sum of the terms; with multi_label, the (weighted) mean over labels of each label's sum."""
        if not self.multi_label:
            return np.sum(terms)
        by_label = np.sum(terms, axis=0)
        if self.label_weights is None:
            return np.mean(by_label)
        return divide_no_nan(np.sum(by_label * self.label_weights), np.sum(self.label_weights))

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        config = {**super().get_config(), "num_thresholds": self.num_thresholds, "curve": self.curve,
                  "summation_method": self.summation_method, "multi_label": self.multi_label,
                  "num_labels": self.num_labels,
                  "label_weights": None if self.label_weights is None else self.label_weights.tolist(),
                  "from_logits": self._from_logits}
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config


def _choice(what, value, allowed, normalize):
    """``value`` as one of ``allowed`` (any case; a Keras enum's ``.value`` too), or an error naming them."""
    key = normalize(str(getattr(value, "value", value)))
    choices = [normalize(a) for a in allowed]
    if key not in choices:
        expected = ", ".join(f'"{a}"' for a in allowed)
        raise errors.HyperparameterError(f'Invalid {what} value: "{value}". Expected values are [{expected}].')
    return allowed[choices.index(key)]
