"""The ``Callback`` base class: code that ``fit`` runs at fixed moments of training.

Taught in Part 4, "Overfitting and regularization" (EarlyStopping) and "Choosing the
learning rate" (ReduceLROnPlateau); the hook names are those of Keras, so a Keras callback written
against ``keras.callbacks.Callback`` ports by changing its import.

``fit`` calls, in this order::

    on_train_begin
    for each epoch:
        on_epoch_begin(epoch)
        for each batch: on_train_batch_begin(batch) ... on_train_batch_end(batch, logs)
        (validation: on_test_begin ... on_test_end)
        on_epoch_end(epoch, logs)      # logs: {"loss": ..., "val_loss": ..., ...}
    on_train_end

A callback stops training by setting ``self.model.stop_training = True``.

The batch hooks cost time on every step, so ``fit`` calls them only when some
callback overrides one of them (a 45-microsecond step has no time to spare).
"""

_TRAIN_BATCH_HOOKS = ("on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end")
_TEST_BATCH_HOOKS = ("on_test_batch_begin", "on_test_batch_end")
_PREDICT_BATCH_HOOKS = ("on_predict_batch_begin", "on_predict_batch_end")


class Callback:
    """Base class: override the hooks you need; the others do nothing.

    Attributes:
        model: the model being trained (set by ``fit`` through ``set_model``).
        params: dict with "verbose", "epochs" and "steps" (batches per epoch).
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        """Remember the model the callback works on."""
        self.model = model

    def set_params(self, params):
        """Remember the training parameters ("epochs", "steps", "verbose")."""
        self.params = params

    # ----- training ---------------------------------------------------------------
    def on_train_begin(self, logs=None):
        """Called once at the start of ``fit``."""

    def on_train_end(self, logs=None):
        """Called once at the end of ``fit``; ``logs`` holds the last epoch's values."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of each epoch (``epoch`` counts from 0)."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of each epoch with the epoch's mean loss and metrics.

        Args:
            epoch: the epoch index, from 0.
            logs: dict such as ``{"loss": 0.31, "accuracy": 0.9, "val_loss": 0.35}``.
        """

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training step (calls ``on_batch_begin``, as Keras)."""
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training step; ``logs`` holds the epoch's running means.

        (Calls ``on_batch_end``, the older Keras name, as Keras does.)
        """
        self.on_batch_end(batch, logs)

    def on_batch_begin(self, batch, logs=None):
        """Older Keras name for ``on_train_batch_begin``."""

    def on_batch_end(self, batch, logs=None):
        """Older Keras name for ``on_train_batch_end``."""

    # ----- evaluation and prediction ----------------------------------------------
    def on_test_begin(self, logs=None):
        """Called at the start of ``evaluate`` (and of each validation inside ``fit``)."""

    def on_test_end(self, logs=None):
        """Called at the end of ``evaluate`` with its results."""

    def on_test_batch_begin(self, batch, logs=None):
        """Called before each evaluation batch."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after each evaluation batch."""

    def on_predict_begin(self, logs=None):
        """Called at the start of ``predict``."""

    def on_predict_end(self, logs=None):
        """Called at the end of ``predict``."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before each prediction batch."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after each prediction batch."""


def overrides_any(callback, hook_names):
    """Whether ``callback`` replaces any of the hooks ``hook_names``.

    A hook counts as replaced when the callback's class defines its own version, or
    when the instance holds one as an attribute (``LambdaCallback`` does this).
    """
    for name in hook_names:
        if name in vars(callback):
            return True
        if getattr(type(callback), name, None) is not getattr(Callback, name):
            return True
    return False
