"""``ReduceLROnPlateau``: lower the learning rate when the monitored value stalls.

Taught in Part 4, "Choosing the learning rate". The logic follows Keras 3
(``keras/src/callbacks/reduce_lr_on_plateau.py``), including the "learning_rate"
entry it adds to each epoch's logs (so it appears in ``history.history``, after the
model's own values, as in Keras; LearningRateScheduler adds the same entry).
"""

import numpy as np

from .. import errors
from .monitor import MonitorCallback


class ReduceLROnPlateau(MonitorCallback):
    """Multiply the learning rate by ``factor`` after ``patience`` epochs without improvement.

    Args:
        monitor: the logged value to watch. Defaults to "val_loss".
        factor: new_lr = lr * factor, with 0 < factor < 1. Defaults to 0.1.
        patience: epochs without improvement before lowering. Defaults to 10.
        verbose: 1 prints a line at each change. Defaults to 0.
        mode: "auto", "min" or "max". Defaults to "auto".
        min_delta: smallest change that counts as an improvement. Defaults to 1e-4.
        cooldown: epochs to wait after a change before counting again. Defaults to 0.
        min_lr: the learning rate never goes below it. Defaults to 0.

    Raises:
        HyperparameterError: ``factor`` is not in (0, 1) (Keras rejects only
            factor >= 1); an unknown ``mode``; when training starts, a ``monitor``
            whose direction ``mode="auto"`` cannot tell.
        LearningRateNotSettableError: (a TypeError) the optimizer was created with a
            learning-rate schedule, when the callback lowers the learning rate.
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if not 0 < factor < 1:
            raise errors.HyperparameterError(
                f"ReduceLROnPlateau needs 0 < factor < 1 (new_lr = lr * factor), got factor={factor}."
            )
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.min_lr = min_lr
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0
        if self.monitor_op is None and self.model is not None:
            self.set_monitor_op()  # an unknown monitor fails before any training

    def in_cooldown(self):
        """Whether the callback is still waiting after its last change."""
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self.set_monitor_op()
        if logs is None:
            logs = {}
        logs["learning_rate"] = float(self.model.optimizer.learning_rate)
        current = self.monitored_value(logs, "Learning rate reduction is conditioned on metric")
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce_learning_rate(epoch):
                self.cooldown_counter = self.cooldown
                self.wait = 0

    def _reduce_learning_rate(self, epoch):
        optimizer = self.model.optimizer
        old_lr = float(optimizer.learning_rate)
        if not old_lr > np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
        return True
