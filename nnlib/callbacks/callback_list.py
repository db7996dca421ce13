"""``CallbackList``: call every callback's hook, in order, from one place.

Taught in Part 7, "FAQ: overfitting / learning rate" (what ``fit`` does with
``callbacks=[...]``). As in Keras, the user's callbacks come first, then History,
then the progress display, so a callback that adds to the logs (ReduceLROnPlateau
adds "learning_rate") is seen by History.
"""

from .. import errors
from .base import _PREDICT_BATCH_HOOKS, _TEST_BATCH_HOOKS, _TRAIN_BATCH_HOOKS, Callback, overrides_any
from .history import History
from .progbar_logger import ProgbarLogger


class CallbackList:
    """A list of callbacks that is itself called like one callback.

    Args:
        callbacks: list of ``Callback`` objects, or None.
        model: the model, given to every callback.
        add_history: append a ``History`` unless the list has one.
        add_progbar: append a ``ProgbarLogger`` unless the list has one.
        **params: "verbose", "epochs", "steps", given to every callback.

    Attributes:
        history: the ``History`` callback (when there is one).
        wants_train_batch_hooks: whether some callback overrides a training-batch hook;
            when False, ``fit`` skips the per-batch calls.
    """

    def __init__(self, callbacks=None, model=None, add_history=False, add_progbar=False, **params):
        self.callbacks = check_callbacks(callbacks)
        self.history = next((cb for cb in self.callbacks if isinstance(cb, History)), None)
        if self.history is None and add_history:
            self.history = History()
            self.callbacks.append(self.history)
        if add_progbar and not any(isinstance(cb, ProgbarLogger) for cb in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        if model is not None and self.history is not None:
            model.history = self.history
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(params)
        self.wants_train_batch_hooks = any(_uses(cb, _TRAIN_BATCH_HOOKS) for cb in self.callbacks)
        self.wants_test_batch_hooks = any(_uses(cb, _TEST_BATCH_HOOKS) for cb in self.callbacks)
        self.wants_predict_batch_hooks = any(_uses(cb, _PREDICT_BATCH_HOOKS) for cb in self.callbacks)

    def __iter__(self):
        return iter(self.callbacks)

    def _call(self, hook, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(*args)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", batch, logs)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs)


def _uses(callback, hook_names):
    """Whether ``callback`` needs the per-batch hooks ``hook_names`` to be called."""
    if isinstance(callback, ProgbarLogger):
        return callback.shows_batches()
    return overrides_any(callback, hook_names)


def check_callbacks(callbacks):
    """Return ``callbacks`` as a new list, checking that each one is a ``Callback``.

    Raises:
        HyperparameterError: ``callbacks`` is not a list of Callback objects.
    """
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback):
        callbacks = [callbacks]
    if not isinstance(callbacks, (list, tuple)):
        raise errors.HyperparameterError(
            f"callbacks must be a list of Callback objects, got {type(callbacks).__name__}."
        )
    for callback in callbacks:
        if not isinstance(callback, Callback):
            raise errors.HyperparameterError(
                f"callbacks must hold nnlib.callbacks.Callback objects, got {callback!r}. "
                "(A Keras callback cannot drive an nnlib model; port it by changing its import.)"
            )
    return list(callbacks)
