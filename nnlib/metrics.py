"""Metrics: numbers that say how well a model does, reported but not minimized.

Taught in Part 4, "Training on real data" (accuracy of the 8x8 digits model).

A metric returns one value per sample (1.0 or 0.0 for accuracies); the model averages
them over an epoch. ``get("accuracy", loss=...)`` picks the right accuracy from the loss,
as ``model.compile(metrics=["accuracy"])`` does in Keras:

- binary cross-entropy: ``binary_accuracy`` (p > 0.5 counts as class 1);
- categorical cross-entropy: ``categorical_accuracy`` (argmax of y vs argmax of p);
- sparse categorical cross-entropy: ``sparse_categorical_accuracy`` (y vs argmax of p);
- any other loss: chosen from the shapes at the first call, by Keras 3's rule.
"""

import numpy as np

from . import errors
from . import losses as losses_module
from .array_modules import asarray


def _per_sample(matches):
    """Mean over every axis but the first: shape (batch,)."""
    matches = matches.astype(np.float32)
    return matches.reshape(len(matches), -1).mean(axis=1) if matches.ndim > 1 else matches


def _same_shape(name, y_true, y_pred):
    """Return y_true reshaped like y_pred ((batch,) and (batch, 1) fit together)."""
    y_true = asarray(y_true)
    if y_true.shape != y_pred.shape:
        if y_true.shape + (1,) == y_pred.shape or y_pred.shape + (1,) == y_true.shape:
            return y_true.reshape(y_pred.shape)
        raise errors.ShapeError(
            f"{name}: y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; "
            "they must match."
        )
    return y_true


class Metric:
    """Base class: ``metric(y_true, y_pred)`` returns per-sample values, shape (batch,).

    Args:
        name: the name shown in logs and in ``history.history``. Defaults to the
            metric's own name.
    """

    name = "metric"

    def __init__(self, name=None):
        if name is not None:
            self.name = str(name)

    def __call__(self, y_true, y_pred):
        """Return the metric of each sample, shape (batch,). Implemented by each metric."""
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(y_true, y_pred).")

    def get_config(self):
        """Return the metric's settings; ``get(config["name"])`` rebuilds the built-in ones."""
        return {"name": self.name}

    def __repr__(self):
        return f"{type(self).__name__}(name={self.name!r})"


class BinaryAccuracy(Metric):
    """1.0 where (y_pred > threshold) equals y_true, else 0.0; averaged over the outputs.

    Args:
        threshold: a probability above it counts as class 1. Defaults to 0.5.
        name: Defaults to "binary_accuracy".
    """

    name = "binary_accuracy"

    def __init__(self, threshold=0.5, name=None):
        super().__init__(name)
        self.threshold = float(threshold)

    def __call__(self, y_true, y_pred):
        y_pred = asarray(y_pred)
        y_true = _same_shape(self.name, y_true, y_pred)
        return _per_sample(y_true == (y_pred > self.threshold))

    def get_config(self):
        return {"name": self.name, "threshold": self.threshold}


class CategoricalAccuracy(Metric):
    """1.0 where argmax(y_true) equals argmax(y_pred): y_true holds one-hot rows."""

    name = "categorical_accuracy"

    def __call__(self, y_true, y_pred):
        y_pred = asarray(y_pred)
        y_true = asarray(y_true)
        if y_pred.ndim >= 2 and y_true.shape in (y_pred.shape[:-1], y_pred.shape[:-1] + (1,)) \
                and y_pred.shape[-1] > 1:
            raise errors.DataError(
                f"{self.name} expects one-hot targets of shape {y_pred.shape}, got integer labels "
                f"of shape {y_true.shape}. Use sparse_categorical_accuracy."
            )
        y_true = _same_shape(self.name, y_true, y_pred)
        return _per_sample(np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1))


class SparseCategoricalAccuracy(Metric):
    """1.0 where the label y_true equals argmax(y_pred): y_true holds class indices."""

    name = "sparse_categorical_accuracy"

    def __call__(self, y_true, y_pred):
        y_pred = asarray(y_pred)
        y_true = asarray(y_true)
        if y_pred.ndim < 2:
            raise errors.ShapeError(f"{self.name} expects y_pred of shape (batch, classes), got {y_pred.shape}.")
        if y_true.shape == y_pred.shape[:-1] + (1,):
            y_true = y_true.reshape(y_pred.shape[:-1])
        if y_true.shape == y_pred.shape and y_pred.shape[-1] > 1:
            raise errors.DataError(
                f"{self.name} expects integer labels of shape {y_pred.shape[:-1]}, got one-hot rows "
                f"of shape {y_true.shape}. Use categorical_accuracy."
            )
        if y_true.shape != y_pred.shape[:-1]:
            raise errors.ShapeError(
                f"{self.name}: y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; "
                f"expected one label per row, shape {y_pred.shape[:-1]}."
            )
        return _per_sample(y_true == np.argmax(y_pred, axis=-1))


class Accuracy(Metric):
    """The accuracy that fits the loss, as Keras's ``metrics=["accuracy"]``.

    Args:
        loss: the model's loss (a name or a ``Loss``), or None.
        name: the name the user wrote ("accuracy" or "acc"). Defaults to "accuracy".
    """

    name = "accuracy"

    def __init__(self, loss=None, name=None):
        super().__init__(name)
        self.resolved = self._from_loss(loss)

    def _from_loss(self, loss):
        if loss is None:
            return None
        if isinstance(loss, str):
            try:
                loss = losses_module.get(loss)
            except errors.UnknownNameError:
                return None
        loss_name = getattr(loss, "name", None)
        accuracy = {
            "binary_crossentropy": BinaryAccuracy,
            "categorical_crossentropy": CategoricalAccuracy,
            "sparse_categorical_crossentropy": SparseCategoricalAccuracy,
        }.get(loss_name)
        return accuracy(name=self.name) if accuracy else None

    @staticmethod
    def from_shapes(y_true, y_pred, name):
        """Keras 3's rule: one output -> binary; labels of lower rank -> sparse; else categorical."""
        y_true, y_pred = asarray(y_true), asarray(y_pred)
        if y_pred.ndim == 0 or y_pred.shape[-1] == 1 or y_pred.ndim == 1:
            return BinaryAccuracy(name=name)
        if y_true.ndim < y_pred.ndim or y_true.shape[-1] == 1:
            return SparseCategoricalAccuracy(name=name)
        return CategoricalAccuracy(name=name)

    def __call__(self, y_true, y_pred):
        if self.resolved is None:
            self.resolved = self.from_shapes(y_true, y_pred, self.name)
        return self.resolved(y_true, y_pred)


class LossMetric(Metric):
    """A loss reported as a metric, per sample (e.g. ``metrics=["mse"]``).

    Args:
        loss: a loss name or ``Loss``.
        name: Defaults to the loss's name.
    """

    def __init__(self, loss, name=None):
        self.loss = losses_module.get(loss)
        super().__init__(name if name is not None else self.loss.name)

    def __call__(self, y_true, y_pred):
        return self.loss.per_sample(y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "loss": self.loss.get_config()}


class MeanSquaredError(LossMetric):
    """Per-sample mean squared error, as the metric "mse"."""

    def __init__(self, name=None):
        super().__init__("mean_squared_error", name)

    def get_config(self):
        return {"name": self.name}


class MeanAbsoluteError(LossMetric):
    """Per-sample mean absolute error, as the metric "mae"."""

    def __init__(self, name=None):
        super().__init__("mean_absolute_error", name)

    def get_config(self):
        return {"name": self.name}


binary_accuracy = BinaryAccuracy()
categorical_accuracy = CategoricalAccuracy()
sparse_categorical_accuracy = SparseCategoricalAccuracy()
mse = MeanSquaredError(name="mse")
mae = MeanAbsoluteError(name="mae")

_CLASSES = {
    "binary_accuracy": BinaryAccuracy,
    "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "mse": MeanSquaredError,
    "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError,
    "mean_absolute_error": MeanAbsoluteError,
}
_LOSS_NAMES = ["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"]


def get(identifier, loss=None):
    """Return the metric an identifier names.

    Args:
        identifier: a name: "accuracy" or "acc" (the accuracy that fits ``loss``),
            "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
            "mse", "mae", or a cross-entropy loss name (case-insensitive); a ``Metric``
            (returned as is).
        loss: the model's loss, used to resolve "accuracy".

    Returns:
        A ``Metric`` whose ``name`` is the string the user wrote.

    Raises:
        UnknownNameError: the name is not a metric (the message suggests the closest).
    """
    if isinstance(identifier, Metric):
        return identifier
    if not isinstance(identifier, str):
        raise errors.UnknownNameError(
            f"Expected a metric name such as 'accuracy' or 'mse', or an nnlib Metric; got "
            f"{type(identifier).__name__} {identifier!r}."
        )
    key = identifier.lower()
    if key in ("accuracy", "acc"):
        return Accuracy(loss=loss, name=identifier)
    if key in _CLASSES:
        return _CLASSES[key](name=identifier)
    if key in _LOSS_NAMES:
        return LossMetric(key, name=identifier)
    raise errors.unknown_name_error("metric", identifier, ["accuracy", "acc", *_CLASSES, *_LOSS_NAMES])
