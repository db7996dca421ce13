"""``LambdaCallback``: a callback made from plain functions, for one-off needs.

Not used by a chapter: Keras's quick way to print or plot while training.
"""

from .base import Callback


class LambdaCallback(Callback):
    """Run the given functions at the matching hooks, as ``keras.callbacks.LambdaCallback``.

    Example::

        print_loss = LambdaCallback(on_epoch_end=lambda epoch, logs: print(epoch, logs["loss"]))
        model.fit(x, y, epochs=5, callbacks=[print_loss], verbose=0)

    Args:
        on_epoch_begin, on_epoch_end: functions ``f(epoch, logs)``.
        on_train_begin, on_train_end: functions ``f(logs)``.
        on_train_batch_begin, on_train_batch_end: functions ``f(batch, logs)``.
        **kwargs: any other hook by its name, e.g. ``on_batch_end=f`` or
            ``on_test_end=f``.
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        hooks = dict(
            on_epoch_begin=on_epoch_begin,
            on_epoch_end=on_epoch_end,
            on_train_begin=on_train_begin,
            on_train_end=on_train_end,
            on_train_batch_begin=on_train_batch_begin,
            on_train_batch_end=on_train_batch_end,
            **kwargs,
        )
        for name, function in hooks.items():
            if function is None:
                continue
            if not hasattr(Callback, name) or not name.startswith("on_"):
                raise TypeError(f"LambdaCallback got {name}=..., which is not a callback hook.")
            if not callable(function):
                raise TypeError(f"LambdaCallback: {name} must be a function, got {function!r}.")
            setattr(self, name, function)
