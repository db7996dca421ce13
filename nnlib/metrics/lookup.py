"""``metrics.get``: the metric a name in ``compile(metrics=[...])`` stands for.

Taught in Part 4, "The same network with nnlib". Names follow Keras 3's
``keras.metrics.get``: each class name (``"Precision"``) and its snake case
(``"precision"``, ``"true_positives"``, ``"kl_divergence"``, ``"r2_score"``), and the short forms
``"mse"``, ``"mae"``, ``"mape"``, ``"msle"``, ``"bce"``. The lookup ignores case.

Two differences from ``keras.metrics.get``, both what Keras's ``compile`` does with the
same argument, because nnlib's ``compile`` calls this function:

- ``"accuracy"`` and ``"acc"`` (any case) give the accuracy that fits the loss
  (``AccuracyForLoss``), not the exact-match ``Accuracy``;
- the metric is named by the string given (``get("mse").name == "mse"``), and a plain
  function ``fn(y_true, y_pred)`` becomes a ``MeanMetricWrapper``.

``SensitivityAtSpecificity``, ``SpecificityAtSensitivity``, ``PrecisionAtRecall`` and
``RecallAtPrecision`` need a value (no default), so their names alone raise an error
that says so (Keras fails with a TypeError); build them directly, or from a dict
``{"class_name": "PrecisionAtRecall", "config": {"recall": 0.8}}``.
"""

import inspect

from .. import errors
from . import accuracy_metrics, auc, confusion, loss_metrics, r2_score, reduction, regression, sensitivity_specificity
from .accuracy_for_loss import AccuracyForLoss
from .base import Metric, snake_case

CLASSES = [
    reduction.Mean, reduction.Sum, reduction.MeanMetricWrapper,
    regression.MeanSquaredError, regression.RootMeanSquaredError, regression.MeanAbsoluteError,
    regression.MeanAbsolutePercentageError, regression.MeanSquaredLogarithmicError, regression.CosineSimilarity,
    regression.LogCoshError, r2_score.R2Score,
    auc.AUC, confusion.FalseNegatives, confusion.FalsePositives, confusion.Precision, confusion.Recall,
    confusion.TrueNegatives, confusion.TruePositives,
    sensitivity_specificity.SensitivityAtSpecificity, sensitivity_specificity.SpecificityAtSensitivity,
    sensitivity_specificity.PrecisionAtRecall, sensitivity_specificity.RecallAtPrecision,
    loss_metrics.Hinge, loss_metrics.SquaredHinge, loss_metrics.CategoricalHinge,
    loss_metrics.KLDivergence, loss_metrics.Poisson, loss_metrics.BinaryCrossentropy,
    loss_metrics.CategoricalCrossentropy, loss_metrics.SparseCategoricalCrossentropy,
    accuracy_metrics.Accuracy, accuracy_metrics.BinaryAccuracy, accuracy_metrics.CategoricalAccuracy,
    accuracy_metrics.SparseCategoricalAccuracy, accuracy_metrics.TopKCategoricalAccuracy,
    accuracy_metrics.SparseTopKCategoricalAccuracy,
]
_BY_NAME = {cls.__name__: cls for cls in CLASSES + [AccuracyForLoss, loss_metrics.LossMetric]}
NAMES = {**{snake_case(cls.__name__): cls for cls in CLASSES},
         "mse": regression.MeanSquaredError, "mae": regression.MeanAbsoluteError,
         "mape": regression.MeanAbsolutePercentageError, "msle": regression.MeanSquaredLogarithmicError,
         "bce": loss_metrics.BinaryCrossentropy}
_NEEDS_ARGUMENTS = ("mean_metric_wrapper", "meanmetricwrapper")  # names of classes that need a function
_NEEDS_A_VALUE = {  # classes whose first argument has no default: a bare name cannot build them
    sensitivity_specificity.SensitivityAtSpecificity: "specificity",
    sensitivity_specificity.SpecificityAtSensitivity: "sensitivity",
    sensitivity_specificity.PrecisionAtRecall: "recall",
    sensitivity_specificity.RecallAtPrecision: "precision",
}
_LOWER = {key.lower(): cls for key, cls in NAMES.items()}
_LOWER.update({cls.__name__.lower(): cls for cls in CLASSES})


def get(identifier, loss=None):
    """Return the metric an identifier names, as a ``Metric``.

    Args:
        identifier: a name (see the module docstring), "accuracy"/"acc" (the accuracy
            that fits ``loss``), a ``Metric`` (returned as is), a function
            ``fn(y_true, y_pred)`` returning per-sample values (wrapped in a
            ``MeanMetricWrapper`` named after it), a metric class (instantiated), a
            Keras-style dict ``{"class_name": ..., "config": {...}}``, or None.
        loss: the model's loss, used to resolve "accuracy".

    Returns:
        A ``Metric`` (a new one for a name: its state is empty), or None.

    Raises:
        UnknownNameError: the name is not a metric (the message suggests the closest),
            or the identifier is of another type.
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict) and "class_name" in identifier:
        return _class_named(identifier["class_name"]).from_config(dict(identifier.get("config", {})))
    if isinstance(identifier, str):
        if identifier.lower() in ("accuracy", "acc"):
            return AccuracyForLoss(loss=loss, name=identifier)
        key = identifier.lower()
        if key not in _LOWER or key in _NEEDS_ARGUMENTS:
            raise errors.unknown_name_error("metric", identifier, ["accuracy", "acc", *NAMES])
        cls = _LOWER[key]
        if cls in _NEEDS_A_VALUE:
            raise errors.HyperparameterError(
                f"The metric {identifier!r} needs the argument `{_NEEDS_A_VALUE[cls]}`; pass "
                f"metrics.{cls.__name__}({_NEEDS_A_VALUE[cls]}=...) instead of its name."
            )
        return cls(name=identifier)
    if inspect.isclass(identifier) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        return reduction.MeanMetricWrapper(fn=identifier, name=getattr(identifier, "__name__", None))
    raise errors.UnknownNameError(
        f"Expected a metric name such as 'accuracy' or 'mse', an nnlib Metric or a function "
        f"fn(y_true, y_pred); got {type(identifier).__name__} {identifier!r}."
    )


def _class_named(class_name):
    if class_name not in _BY_NAME:
        raise errors.unknown_name_error("metric class", class_name, list(_BY_NAME))
    return _BY_NAME[class_name]
