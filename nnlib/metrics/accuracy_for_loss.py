"""What ``compile(metrics=["accuracy"])`` means: the accuracy that fits the loss.

Taught in Part 4, "Training on real data". The string ``"accuracy"`` (or ``"acc"``, in
any case) does not mean ``metrics.Accuracy`` (exact match) but the accuracy that suits
the model's outputs, as in Keras 3's ``compile``:

- binary cross-entropy: ``BinaryAccuracy`` (p > 0.5 counts as class 1);
- categorical cross-entropy: ``CategoricalAccuracy`` (argmax of y vs argmax of p);
- sparse categorical cross-entropy: ``SparseCategoricalAccuracy`` (y vs argmax of p);
- any other loss: chosen from the shapes of the first batch, by Keras 3's rule (one
  output: binary; labels of lower rank, or of last axis 1: sparse; else categorical).

Keras 3 always decides from the shapes; nnlib asks the loss first, which gives the
same choice for the usual shapes and a clear error (from the chosen accuracy) when the
targets do not fit the loss.
"""

from .. import errors
from .. import losses as losses_module
from ..array_modules import asarray
from .accuracy_metrics import BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy
from .base import Metric, as_result

_ACCURACY_OF_LOSS = {
    "binary_crossentropy": BinaryAccuracy,
    "categorical_crossentropy": CategoricalAccuracy,
    "sparse_categorical_crossentropy": SparseCategoricalAccuracy,
}


class AccuracyForLoss(Metric):
    """The accuracy ``"accuracy"`` stands for; ``resolved`` is the accuracy metric it uses.

    Args:
        loss: the model's loss (a name or a ``Loss``), or None (decide from the shapes).
        name: the name the user wrote ("accuracy", "acc", ...). Defaults to "accuracy".
        dtype: Defaults to "float32".
    """

    def __init__(self, loss=None, name="accuracy", dtype=None):
        super().__init__(dtype=dtype, name=name)
        self.loss = loss
        self.resolved = self._from_loss(loss)

    def _from_loss(self, loss):
        if isinstance(loss, str):
            try:
                loss = losses_module.get(loss)
            except errors.UnknownNameError:
                return None
        accuracy = _ACCURACY_OF_LOSS.get(getattr(loss, "name", None))
        return accuracy(name=self.name, dtype=self.dtype) if accuracy else None

    @staticmethod
    def from_shapes(y_true, y_pred, name="accuracy", dtype=None):
        """Keras 3's rule: one output -> binary; labels of lower rank (or last axis 1) -> sparse; else categorical."""
        y_true, y_pred = asarray(y_true), asarray(y_pred)
        if y_pred.ndim <= 1 or y_pred.shape[-1] == 1:
            return BinaryAccuracy(name=name, dtype=dtype)
        if y_true.ndim < y_pred.ndim or y_true.shape[-1] == 1:
            return SparseCategoricalAccuracy(name=name, dtype=dtype)
        return CategoricalAccuracy(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add the batch to the chosen accuracy (chosen now from the shapes if the loss did not decide)."""
        if self.resolved is None:
            self.resolved = self.from_shapes(y_true, y_pred, self.name, self.dtype)
        self.resolved.update_state(y_true, y_pred, sample_weight)

    def result(self):
        """The chosen accuracy's result; 0.0 before the first batch."""
        return self.resolved.result() if self.resolved is not None else as_result(0.0, self.dtype)

    def reset_state(self):
        if self.resolved is not None:
            self.resolved.reset_state()

    def get_config(self):
        loss = self.loss if self.loss is None or isinstance(self.loss, str) else self.loss.name
        return {"name": self.name, "dtype": self.dtype, "loss": loss}
