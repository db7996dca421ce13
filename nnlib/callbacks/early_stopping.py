"""``EarlyStopping``: stop training when the monitored value stops improving.

Taught in Part 4, "Overfitting and regularization". The logic follows Keras 3
(``keras/src/callbacks/early_stopping.py``) line by line, so the same run stops at
the same epoch in both libraries. A ``monitor`` whose direction ``mode="auto"`` cannot
tell (a typo such as "val_los") is an error, as in Keras (see ``monitor.py``); a
monitored value missing from the logs (``"val_loss"`` without validation data) is a
warning at each epoch, as in Keras.
"""

from .monitor import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Stop training after ``patience`` epochs without improvement.

    Args:
        monitor: the logged value to watch. Defaults to "val_loss".
        min_delta: smallest change that counts as an improvement. Defaults to 0.
        patience: epochs without improvement before stopping. Defaults to 0.
        verbose: 1 prints a line when it stops or restores weights. Defaults to 0.
        mode: "auto" (from the name), "min" or "max". Defaults to "auto".
        baseline: a value the monitored quantity must beat; epochs that do not beat
            it count as "no improvement". Defaults to None.
        restore_best_weights: at the end of training, put back the weights of the
            best epoch. Defaults to False (keep the last weights), as Keras.
        start_from_epoch: epochs to wait before watching (a warm-up). Defaults to 0.

    Raises:
        HyperparameterError: an unknown ``mode``; when training starts, a ``monitor``
            whose direction ``mode="auto"`` cannot tell.

    Attributes:
        stopped_epoch: the epoch at which training was stopped (0 if it was not).
        best_epoch: the epoch with the best value.
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.best_epoch = 0

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0
        if self.monitor_op is None and self.model is not None:
            self.set_monitor_op()  # an unknown monitor fails before any training

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self.set_monitor_op()
        current = self.monitored_value(logs, "Early stopping conditioned on metric")
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Keep the first watched epoch's weights, even if it never improves.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch

        self.wait += 1
        if self.is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # Only an improvement over the baseline resets the patience.
            if self.baseline is None or self.is_improvement(current, self.baseline):
                self.wait = 0
            return

        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
