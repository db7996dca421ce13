"""``CallbackList``: call every callback's hook, in order, from one place.

Taught in Part 4, "Overfitting and regularization" and "Choosing the learning rate" (what ``fit`` does with
``callbacks=[...]``). As in Keras, the user's callbacks come first, then History,
then the progress display, so a callback that adds to the logs (ReduceLROnPlateau
adds "learning_rate") is seen by History.

As in Keras 3 (``python_utils.pythonify_logs``), every hook gets a NEW dict, never
None: ``{}`` when there is nothing to report, else the values as Python floats with
their keys in alphabetical order. That is why ``history.history`` lists "accuracy"
before "loss", and "val_..." after them.
"""

import numpy as np

from .. import errors
from .base import _PREDICT_BATCH_HOOKS, _TEST_BATCH_HOOKS, _TRAIN_BATCH_HOOKS, Callback, overrides_any
from .history import History
from .model_checkpoint import ModelCheckpoint
from .progbar_logger import ProgbarLogger


def keras_logs(logs):
    """Return ``logs`` as Keras 3 hands them to callbacks: a new dict sorted by key.

    Args:
        logs: dict name -> value, or None.

    Returns:
        ``{}`` for None; else a dict with the keys in sorted order, numbers as Python
        floats, nested dicts flattened into it, other values (arrays, lists) as they are.
    """
    if not logs:
        return {}
    result = {}
    for key in sorted(logs):
        value = logs[key]
        if type(value) is float:  # the usual case, checked first: this runs at every batch
            result[key] = value
        elif isinstance(value, dict):
            result.update(keras_logs(value))
        elif isinstance(value, (int, np.integer, np.floating)) or getattr(value, "ndim", None) == 0:
            result[key] = float(value)
        else:
            result[key] = value
    return result


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

    def _call(self, hook, logs, *index):
        """Call ``hook`` on every callback with ``(*index, logs)``; all share one new logs dict."""
        logs = keras_logs(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(*index, logs)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", logs, epoch)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", logs, epoch)

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", logs, batch)

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", logs, batch)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", logs, batch)

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", logs, batch)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", logs, batch)

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", logs, batch)


def _uses(callback, hook_names):
    """Whether ``callback`` needs the per-batch hooks ``hook_names`` to be called.

    Two built-in callbacks define batch hooks that they need only in some settings:
    the progress bar (only with verbose=1) and ModelCheckpoint (only with an integer
    ``save_freq``, and only for training batches).
    """
    if isinstance(callback, ProgbarLogger):
        return callback.shows_batches()
    if isinstance(callback, ModelCheckpoint) and callback.saves_on_batches():
        return hook_names == _TRAIN_BATCH_HOOKS or overrides_any(callback, hook_names)
    if isinstance(callback, ModelCheckpoint) and type(callback).on_train_batch_end is ModelCheckpoint.on_train_batch_end:
        hook_names = tuple(name for name in hook_names if name != "on_train_batch_end")  # saves nothing
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
