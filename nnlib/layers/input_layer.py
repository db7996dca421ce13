"""``Input`` / ``InputLayer``: declare the shape of one sample at the start of a model.

Taught in Part 4, "The same network with nnlib" and "The Functional API".
``Input(shape=(64,))`` returns a ``KerasTensor``, the placeholder of the data a model
will receive (``keras_tensor.py``): the start of a Functional model,
``Model(inputs, outputs)``, and the first entry of ``Sequential([Input(shape=(64,)),
Dense(32), ...])``. Older programs write ``Dense(32, input_shape=(64,))`` or
``input_dim=64``; nnlib accepts all of them. The input layer holds no weights and is
not listed in a Sequential's ``model.layers``, as in Keras.
"""

from .. import errors
from .base import Layer
from .keras_tensor import KerasTensor


class InputLayer(Layer):
    """A placeholder that fixes the shape of one sample.

    Args:
        shape: the shape of one sample, e.g. ``(64,)``.
        batch_size: accepted for Keras's signature; nnlib's batch axis is always free,
            so it must be None.
        dtype: "float32" (default) or "float64".
        batch_shape: ``(None,) + shape``, another way to give the shape.
        name: defaults to "input_layer" (numbered as Keras numbers it).

    Attributes:
        output: the layer's ``KerasTensor``, of shape ``(None,) + shape``.
    """

    def __init__(self, shape=None, batch_size=None, dtype="float32", batch_shape=None, name=None):
        shape = _sample_shape(shape, batch_size, batch_shape)
        super().__init__(name=name, dtype=dtype or "float32", input_shape=shape)
        self.build((None,) + self.declared_input_shape)
        self._symbolic_output = KerasTensor(self.output_shape, self.dtype, layer=self)  # its ``output``

    def forward(self, x, training=False):
        return x

    def backward(self, grad_output):
        return grad_output

    def get_config(self):
        return {"shape": list(self.declared_input_shape), "name": self.name, "dtype": self.dtype}


def Input(shape=None, batch_size=None, dtype="float32", batch_shape=None, name=None):  # noqa: N802
    """Return the ``KerasTensor`` of a new ``InputLayer`` for samples of ``shape``, like ``keras.Input``.

    Example::

        inputs = Input(shape=(8,))              # KerasTensor, shape (None, 8)
        hidden = Dense(4, activation="relu")(inputs)
        model = Model(inputs, Dense(1)(hidden))

    Raises:
        ShapeError: no shape, or one that is not a tuple of positive ints.
    """
    return InputLayer(shape, batch_size=batch_size, dtype=dtype, batch_shape=batch_shape, name=name).output


def _sample_shape(shape, batch_size, batch_shape):
    if batch_size is not None:
        raise errors.HyperparameterError(
            f"Input(batch_size={batch_size!r}): nnlib's models take batches of any size, so "
            "leave batch_size as None."
        )
    if batch_shape is not None:
        if shape is not None:
            raise errors.HyperparameterError("Give Input either shape=... or batch_shape=..., not both.")
        batch_shape = tuple(batch_shape)
        if not batch_shape or batch_shape[0] is not None:
            raise errors.HyperparameterError(
                f"batch_shape must start with None (any batch size), got {batch_shape!r}."
            )
        shape = batch_shape[1:]
    if shape is None:
        raise errors.ShapeError("Input needs the shape of one sample, e.g. Input(shape=(64,)).")
    return shape
