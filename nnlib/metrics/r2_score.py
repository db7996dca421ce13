"""``R2Score``: the coefficient of determination of a regression, accumulated over batches.

Taught in Part 4, "Training on real data" (how much of the targets' spread a regression
explains). For each output column, over every sample seen (weighted)::

    R2 = 1 - sum((y_true - y_pred) ** 2) / sum((y_true - mean(y_true)) ** 2)

1.0 is a perfect fit, 0.0 is no better than predicting the mean, below 0 is worse. As
in Keras 3 the metric keeps running sums (of y, y ** 2, the squared errors and the
weights), so the result is exact over all batches, not a mean of per-batch scores.

- ``class_aggregation``: None (one score per column), ``"uniform_average"`` (their mean)
  or ``"variance_weighted_average"`` (weighted by each column's spread);
- ``num_regressors`` p > 0 gives the adjusted R2, ``1 - (1 - R2) (n - 1) / (n - p - 1)``,
  where n counts every target value seen (Keras counts batch * outputs).

A column whose targets do not vary and whose errors are not zero scores 0.0 (Keras
replaces the infinite ratio); one whose errors are also zero gives nan, as in Keras.
"""

import warnings

import numpy as np

from .. import errors
from ..array_modules import asarray, to_numpy
from .base import Metric, as_result
from .shapes import same_rank

CLASS_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """The R2 score (coefficient of determination) of the predictions seen so far.

    Args:
        class_aggregation: None, "uniform_average" or "variance_weighted_average".
            Defaults to "uniform_average".
        num_regressors: the number of independent regressors, for the adjusted R2;
            0 is the plain R2. Defaults to 0.
        name: Defaults to "r2_score".
        dtype: Defaults to "float32".

    Raises:
        HyperparameterError: an unknown ``class_aggregation`` or a negative ``num_regressors``.
    """

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in CLASS_AGGREGATIONS:
            raise errors.HyperparameterError(
                f"Invalid value for argument `class_aggregation`. Expected one of {CLASS_AGGREGATIONS}. "
                f"Received: class_aggregation={class_aggregation!r}"
            )
        if isinstance(num_regressors, bool) or not isinstance(num_regressors, (int, np.integer)) \
                or num_regressors < 0:
            raise errors.HyperparameterError(
                "Invalid value for argument `num_regressors`. Expected an integer >= 0. "
                f"Received: num_regressors={num_regressors!r}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = int(num_regressors)
        self.num_samples = self.add_variable((), "zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise errors.ShapeError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        outputs = (y_pred_shape[-1],)
        self.squared_sum = self.add_variable(outputs, "zeros", name="squared_sum")
        self.sum = self.add_variable(outputs, "zeros", name="sum")
        self.total_mse = self.add_variable(outputs, "zeros", name="residual")
        self.count = self.add_variable(outputs, "zeros", name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add this batch's sums.

        Args:
            y_true: targets, shape (batch, outputs) ((batch,) fits (batch, 1)).
            y_pred: predictions, shape (batch, outputs).
            sample_weight: None, one weight per sample (batch,), or weights
                broadcastable to (batch, outputs).

        Raises:
            ShapeError: the inputs are not 2-D, do not match, or the weights do not fit.
        """
        y_true = to_numpy(asarray(y_true)).astype(self.dtype, copy=False)
        y_pred = to_numpy(asarray(y_pred)).astype(self.dtype, copy=False)
        y_true, y_pred = same_rank(y_true, y_pred)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if y_true.shape != y_pred.shape or y_true.shape[-1] != self.sum.shape[0]:
            raise errors.ShapeError(
                f"R2Score: y_true has shape {y_true.shape} and y_pred has shape {y_pred.shape}; both must be "
                f"(batch_size, {self.sum.shape[0]})."
            )
        weight = np.asarray(1.0 if sample_weight is None else to_numpy(sample_weight), dtype=self.dtype)
        if weight.ndim == 1:
            weight = weight[:, None]  # one weight per sample, for every output
        try:
            weight = np.broadcast_to(weight, y_true.shape)
        except ValueError:
            raise errors.ShapeError(
                f"R2Score: sample_weight of shape {np.shape(sample_weight)} does not fit y_true of shape "
                f"{y_true.shape}."
            ) from None
        weighted_y_true = y_true * weight
        self.sum += np.sum(weighted_y_true, axis=0)
        self.squared_sum += np.sum(y_true * weighted_y_true, axis=0)
        self.total_mse += np.sum(np.square(y_true - y_pred) * weight, axis=0)
        self.count += np.sum(weight, axis=0)
        self.num_samples += y_true.size

    def result(self):
        """The (adjusted) R2 score: a number, or one per output with ``class_aggregation=None``."""
        if not self._built:
            return as_result(0.0, self.dtype)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = self.sum / self.count
            total = self.squared_sum - self.sum * mean  # weighted sum of squares about the mean
            raw_scores = 1 - self.total_mse / total
        raw_scores = np.where(np.isinf(raw_scores), 0.0, raw_scores)
        if self.class_aggregation == "uniform_average":
            score = np.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = np.sum(total * raw_scores) / np.sum(total)
        else:
            score = raw_scores
        if self.num_regressors:
            score = self._adjusted(score)
        return as_result(score, self.dtype)

    def _adjusted(self, score):
        """The adjusted R2, or the plain one (with a warning, as Keras) when n - p - 1 <= 0."""
        n, p = float(self.num_samples), float(self.num_regressors)
        if p > n - 1:
            warnings.warn("More independent predictors than datapoints in adjusted R2 score. "
                          "Falling back to standard R2 score.", stacklevel=3)
            return score
        if p == n - 1:
            warnings.warn("Division by zero in Adjusted R2 score. Falling back to standard R2 score.", stacklevel=3)
            return score
        return 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)

    def get_config(self):
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
