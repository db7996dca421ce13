"""What EarlyStopping, ReduceLROnPlateau and ModelCheckpoint share: watch one logged value.

Taught in Part 4, "Overfitting and regularization" and "Choosing the learning rate". The rules are those of Keras 3
(``keras/src/callbacks/monitor_callback.py``):

- ``mode="min"``: smaller is better; ``mode="max"``: larger is better;
- ``mode="auto"`` decides from what the value is: "loss" and "val_loss" are
  minimized; a compiled metric goes the way Keras's metric of that class goes
  (accuracy, AUC, precision up; mean squared error, cross-entropy down); anything
  else is an error (a typo such as "val_los" would otherwise be watched silently);
- a new value is an improvement only if it beats the best one by more than
  ``min_delta``.

nnlib raises the "cannot tell" error when training starts, before any weight
changes; Keras raises the same ValueError at the end of the first epoch.
"""

import warnings

import numpy as np

from .. import errors
from .base import Callback

# The direction of Keras 3's metric classes (their ``_direction``), by class name.
_MAXIMIZED_METRICS = {
    "Accuracy", "AccuracyForLoss", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
    "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy", "AUC", "Precision", "Recall",
    "PrecisionAtRecall", "RecallAtPrecision", "SensitivityAtSpecificity", "SpecificityAtSensitivity",
    "F1Score", "FBetaScore", "R2Score", "CosineSimilarity", "PearsonCorrelation", "ConcordanceCorrelation",
    "IoU", "MeanIoU", "OneHotIoU",
}
_MINIMIZED_METRICS = {
    "MeanSquaredError", "RootMeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError", "LogCoshError", "LossMetric", "BinaryCrossentropy",
    "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "Hinge", "SquaredHinge", "CategoricalHinge",
    "KLDivergence", "Poisson",
}


def metric_direction(metric):
    """Return "up", "down" or None (unknown) for a compiled metric object.

    A metric that declares ``_direction`` (Keras's convention, which a ported Keras
    metric may carry) is taken at its word; otherwise its class (or a parent class)
    is looked up among Keras's metrics.
    """
    declared = getattr(metric, "_direction", None)
    if declared in ("up", "down"):
        return declared
    for cls in type(metric).__mro__:
        if cls.__name__ in _MAXIMIZED_METRICS:
            return "up"
        if cls.__name__ in _MINIMIZED_METRICS:
            return "down"
    return None


def compiled_metrics(model):
    """The metric objects ``compile`` gave ``model`` (none for an object without them)."""
    return list(getattr(model, "metrics", None) or []) + list(getattr(model, "weighted_metrics", None) or [])


class MonitorCallback(Callback):
    """Base class for callbacks that watch ``logs[monitor]``.

    Args:
        monitor: the logged quantity, e.g. "val_loss" or "accuracy".
        mode: "auto", "min" or "max".
        baseline: the "best" value to beat at the start, or None (the first value).
        min_delta: smallest change that counts as an improvement (its sign is ignored).

    Attributes:
        monitor_op: ``np.less`` (smaller is better) or ``np.greater``, set by
            ``set_monitor_op`` when training starts.
        best: the best value seen so far (or the baseline).

    Raises:
        HyperparameterError: ``mode`` is not "auto", "min" or "max" (Keras warns and
            uses "auto").
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise errors.HyperparameterError(
                f"{type(self).__name__} mode must be 'auto', 'min' or 'max', got {mode!r}."
            )
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def set_monitor_op(self):
        """Decide whether smaller or larger is better (see the module docstring).

        Raises:
            HyperparameterError: ``mode="auto"`` and the monitored name is neither a
                loss nor one of the model's compiled metrics of known direction.
        """
        if self.mode == "min":
            self.monitor_op = np.less
            return
        if self.mode == "max":
            self.monitor_op = np.greater
            return
        name = self.monitor.removeprefix("val_")
        if name == "loss":
            self.monitor_op = np.less
            return
        metrics = compiled_metrics(self.model)
        for metric in metrics:
            if metric.name == name and metric_direction(metric) is not None:
                self.monitor_op = np.greater if metric_direction(metric) == "up" else np.less
                return
        logged = ["loss"] + [metric.name for metric in metrics]
        raise errors.HyperparameterError(
            f"{type(self).__name__} callback received monitor={self.monitor}, but nnlib (as Keras) isn't "
            "able to automatically determine whether that metric should be maximized or minimized. "
            "Pass `mode='max'` in order to monitor based on the highest metric value, or pass "
            f"`mode='min'` in order to use the lowest value. The model logs: {', '.join(logged)} "
            "(and val_... of each with validation data)."
        )

    def is_improvement(self, value, reference):
        """Whether ``value`` beats ``reference`` by more than ``min_delta`` (True if no reference)."""
        if reference is None:
            return True
        if self.monitor_op is None:
            self.set_monitor_op()
        if self.monitor_op is np.less:
            return bool(value + self.min_delta < reference)
        return bool(value - self.min_delta > reference)

    def monitored_value(self, logs, what):
        """Return ``logs[monitor]``, or None with Keras's warning when it is missing.

        Args:
            logs: the epoch's logs.
            what: the start of the warning, e.g. "Early stopping conditioned on metric".
        """
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"{what} `{self.monitor}` which is not available. Available metrics are: "
                f"{','.join(logs)}. (val_... values need validation_data or validation_split in fit.)",
                stacklevel=3,
            )
        return value
