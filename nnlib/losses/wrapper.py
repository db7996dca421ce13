"""A loss made from a plain function, as ``compile(loss=my_function)`` makes one in Keras.

Taught in Part 4, "The same network with nnlib" (your own loss). The function returns one
value per sample; the wrapper adds the reduction and the sample weights. Like any loss
without ``call_backward`` it evaluates, but fit cannot train with it (nnlib has no
automatic differentiation): subclass ``Loss`` and write ``call_backward`` for that.
"""

from .base import Loss
from .reduction import same_rank_shapes


class LossFunctionWrapper(Loss):
    """A ``Loss`` whose ``call`` is ``fn(y_true, y_pred, **kwargs)``.

    As in Keras, y_true and y_pred are first brought to the same rank ((B,) and (B, 1)
    become (B, 1) and (B, 1)).

    Args:
        fn: a function (y_true, y_pred) -> per-sample values.
        reduction: see ``Loss``. Defaults to "sum_over_batch_size".
        name: Defaults to the function's name.
        dtype: see ``Loss``.
        **kwargs: more arguments for ``fn``.
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=getattr(fn, "__name__", "loss") if name is None else name,
                         reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        true_shape, pred_shape = same_rank_shapes(y_true.shape, y_pred.shape)
        return self.fn(y_true.reshape(true_shape), y_pred.reshape(pred_shape), **self._fn_kwargs)

    def get_config(self):
        return {**super().get_config(), "fn": self.fn, **self._fn_kwargs}

    def __repr__(self):
        return f"LossFunctionWrapper({getattr(self.fn, '__name__', self.fn)}, kwargs={self._fn_kwargs})"
