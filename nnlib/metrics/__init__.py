"""Metrics: numbers that say how well a model does, reported but not minimized.

Taught in Part 4, "Training on real data" (accuracy of the 8x8 digits model).

Every metric follows Keras 3's stateful protocol (``base.Metric``): ``fit`` calls
``reset_state()`` at the start of each epoch, ``update_state(y_true, y_pred)`` after
each batch, and logs ``result()``, the metric over every sample of the epoch so far.
``metric(y_true, y_pred)`` updates and returns the result in one call.

Modules, one idea each:

- ``base``: the ``Metric`` protocol and how to subclass it;
- ``reduction``: ``Mean``, ``Sum`` and ``MeanMetricWrapper`` (the mean of a per-sample function);
- ``accuracy_metrics``: ``Accuracy`` (exact match), ``BinaryAccuracy``, ``CategoricalAccuracy``,
  ``SparseCategoricalAccuracy``, ``TopKCategoricalAccuracy``, ``SparseTopKCategoricalAccuracy``,
  and their per-sample functions;
- ``accuracy_for_loss``: what the string ``"accuracy"`` means in ``compile``;
- ``confusion_counts``, ``confusion``: true/false positives/negatives, ``Precision``, ``Recall``;
- ``auc``: ``AUC`` (ROC and PR);
- ``sensitivity_specificity``: ``SensitivityAtSpecificity``, ``SpecificityAtSensitivity``,
  ``PrecisionAtRecall``, ``RecallAtPrecision`` (one rate at its best while another is held);
- ``regression``: ``MeanSquaredError``, ``RootMeanSquaredError``, ``MeanAbsoluteError``, ...;
- ``r2_score``: ``R2Score`` (the coefficient of determination, adjusted or not);
- ``loss_metrics``: losses as metrics (``BinaryCrossentropy``, ``KLDivergence``, ...);
- ``lookup``: ``get``, from the names ``compile`` accepts.
"""

from .accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from .accuracy_for_loss import AccuracyForLoss
from .auc import AUC
from .base import Metric
from .confusion import FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives, TruePositives
from .lookup import get
from .loss_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    Hinge,
    KLDivergence,
    LossMetric,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
)
from .r2_score import R2Score
from .reduction import Mean, MeanMetricWrapper, Sum
from .regression import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    RootMeanSquaredError,
)
from .sensitivity_specificity import (
    PrecisionAtRecall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
)

__all__ = [
    "AUC", "Accuracy", "AccuracyForLoss", "BinaryAccuracy", "BinaryCrossentropy", "CategoricalAccuracy",
    "CategoricalCrossentropy", "CategoricalHinge", "CosineSimilarity", "FalseNegatives", "FalsePositives", "Hinge",
    "KLDivergence", "LogCoshError", "LossMetric", "Mean", "MeanAbsoluteError", "MeanAbsolutePercentageError",
    "MeanMetricWrapper", "MeanSquaredError", "MeanSquaredLogarithmicError", "Metric", "Poisson", "Precision",
    "PrecisionAtRecall", "R2Score", "Recall", "RecallAtPrecision", "RootMeanSquaredError", "SensitivityAtSpecificity",
    "SpecificityAtSensitivity", "SparseCategoricalAccuracy", "SparseCategoricalCrossentropy",
    "SparseTopKCategoricalAccuracy", "SquaredHinge", "Sum", "TopKCategoricalAccuracy", "TrueNegatives",
    "TruePositives", "accuracy", "binary_accuracy", "categorical_accuracy", "get", "sparse_categorical_accuracy",
    "sparse_top_k_categorical_accuracy", "top_k_categorical_accuracy",
]
