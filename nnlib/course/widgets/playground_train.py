"""The playground's training: data, network and losses for one ``PlaygroundSettings``.

Taught in Part 4, "A playground". A ``Trainer`` makes the dataset, splits it, builds the
network with ``Sequential`` and trains it with ``model.fit``, one epoch per call of
``train_epoch``. It uses exactly the calls that "copy as code" writes out (both follow the
same ``recipe``), so the copied program reaches the same losses.
"""

import math

import numpy as np

from .playground_settings import recipe

__all__ = ["Trainer"]


class Trainer:
    """Train one small network on one of the playground's datasets.

    Args:
        settings: ``PlaygroundSettings``.

    Attributes:
        settings: the settings.
        model: the nnlib ``Sequential`` model.
        x_train, x_test: inputs, shape (n, 2).
        y_train, y_test: targets as the loss wants them (class indices, one-hot rows or values).
        labels_train, labels_test: class indices (or regression targets), shape (n,), for the picture.
        train_loss, test_loss: the loss after each epoch so far (lists of floats).
        train_accuracy, test_accuracy: the same for the accuracy (classification only).
        diverged: True once a loss became NaN or infinite (training then stops).
    """

    def __init__(self, settings):
        from nnlib import datasets, utils
        from nnlib.models import Sequential

        self.settings = settings
        self.recipe = r = recipe(settings)
        x, y = getattr(datasets, r.data_function)(**r.data_arguments)
        if r.centre:
            x = x - r.centre  # centre the data on the origin
        if r.one_hot:
            y = utils.to_categorical(y)  # one-hot rows for the squared error
        self.x_train, self.x_test, self.y_train, self.y_test = datasets.train_test_split(
            x, y, test_size=r.test_size, seed=settings.seed
        )
        self.labels_train = self._labels(self.y_train)
        self.labels_test = self._labels(self.y_test)
        self.model = Sequential(self._layers(), seed=settings.seed)
        self.model.compile(optimizer=self._optimizer(), loss=r.loss, metrics=list(r.metrics))
        self.train_loss, self.test_loss = [], []
        self.train_accuracy, self.test_accuracy = [], []
        self.diverged = False

    @staticmethod
    def _labels(y):
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            return y.argmax(axis=1)  # one-hot rows -> class indices
        return y.reshape(len(y))

    def _layers(self):
        """The layers of the recipe: ``Input(shape=(2,))`` and one ``Dense`` per entry."""
        from nnlib import regularizers
        from nnlib.layers import Dense, Input

        layers = [Input(shape=(2,))]
        for units, activation in self.recipe.layers:
            regularizer = None
            if self.recipe.regularizer is not None:
                name, rate = self.recipe.regularizer
                regularizer = getattr(regularizers, name)(rate)
            layers.append(Dense(units, activation=activation, kernel_regularizer=regularizer))
        return layers

    def _optimizer(self):
        from nnlib import optimizers

        name, arguments = self.recipe.optimizer
        return getattr(optimizers, name)(**arguments)

    @property
    def epoch(self):
        """How many epochs have been trained."""
        return len(self.train_loss)

    @property
    def loss_name(self):
        """The loss, as compiled (e.g. ``"binary_crossentropy"``)."""
        return self.recipe.loss

    def train_epoch(self, epochs=1):
        """Train ``epochs`` more epochs (nothing happens once training has diverged).

        Returns:
            The training loss of the last epoch (NaN after divergence).
        """
        from nnlib.errors import DivergenceError

        for _ in range(epochs):
            if self.diverged:
                break
            s = self.settings
            try:
                history = self.model.fit(
                    self.x_train, self.y_train, batch_size=s.batch_size, epochs=1,
                    validation_data=(self.x_test, self.y_test), verbose=0,
                )
            except DivergenceError:
                self.diverged = True
                break
            logs = history.history
            self.train_loss.append(float(logs["loss"][-1]))
            self.test_loss.append(float(logs["val_loss"][-1]))
            if "accuracy" in logs:
                self.train_accuracy.append(float(logs["accuracy"][-1]))
                self.test_accuracy.append(float(logs["val_accuracy"][-1]))
            if not (math.isfinite(self.train_loss[-1]) and math.isfinite(self.test_loss[-1])):
                self.diverged = True
        return self.train_loss[-1] if self.train_loss and not self.diverged else float("nan")

    def predict(self, x):
        """The network's output for inputs ``x`` (shape (m, 2)), as float64 (NaN if it diverged)."""
        with np.errstate(all="ignore"):
            return np.asarray(self.model.predict(x, batch_size=len(x), verbose=0), dtype=np.float64)

    def status(self, short=False):
        """One line: the epoch and the latest losses (and test accuracy); ``short`` for a plot title."""
        if self.diverged:
            if short:
                return f"diverged at epoch {self.epoch + 1}: lower the learning rate"
            return f"diverged at epoch {self.epoch + 1}: the loss became NaN or infinite (lower the learning rate)"
        if not self.train_loss:
            return "epoch 0: not trained yet"
        if short:
            text = f"epoch {self.epoch}: train {self.train_loss[-1]:.4f}, test {self.test_loss[-1]:.4f}"
            return text + (f", test accuracy {self.test_accuracy[-1]:.2f}" if self.test_accuracy else "")
        text = f"epoch {self.epoch}: train loss {self.train_loss[-1]:.4f}, test loss {self.test_loss[-1]:.4f}"
        if self.train_accuracy:
            text += f", test accuracy {self.test_accuracy[-1]:.2f}"
        return text
