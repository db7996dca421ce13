"""``History``: records the loss and metrics of every epoch; ``fit`` returns it.

Taught in Part 4, "The same network with nnlib" (plotting a loss curve) and Part 4,
"Overfitting and regularization" (comparing ``loss`` with ``val_loss``).
"""

from .base import Callback


class History(Callback):
    """Record each epoch's logs: ``history.history["loss"]`` is the list of epoch losses.

    ``fit`` adds one automatically and returns it, as Keras does.

    Attributes:
        history: dict name -> list with one value per epoch, e.g. keys "loss",
            "accuracy", "val_loss", "val_accuracy".
        epoch: the epoch indices that were run.
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self

    def __repr__(self):
        keys = ", ".join(self.history)
        return f"<History: {len(self.epoch)} epochs, keys: {keys}>"
