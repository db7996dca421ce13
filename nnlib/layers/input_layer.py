"""``Input`` / ``InputLayer``: declare the shape of one sample at the start of a model.

Taught in Part 4, "The same network with nnlib". Keras 3 writes
``Sequential([Input(shape=(64,)), Dense(32), ...])``; older programs write
``Dense(32, input_shape=(64,))`` or ``input_dim=64``. nnlib accepts all three.
The input layer holds no weights and is not listed in ``model.layers``, as in Keras.
"""

from .base import Layer


class InputLayer(Layer):
    """A placeholder that fixes the shape of one sample.

    Args:
        shape: the shape of one sample, e.g. ``(64,)``.
        name: defaults to "input_layer".
        dtype: "float32" (default) or "float64".
    """

    def __init__(self, shape, name=None, dtype="float32"):
        super().__init__(name=name, dtype=dtype, input_shape=shape)

    def forward(self, x, training=False):
        return x

    def backward(self, grad_output):
        return grad_output

    def get_config(self):
        return {"shape": list(self.declared_input_shape), "name": self.name, "dtype": self.dtype}


def Input(shape, name=None, dtype="float32"):  # noqa: N802 (Keras spells it with a capital)
    """Return an ``InputLayer`` for samples of ``shape``, like ``keras.Input``."""
    return InputLayer(shape, name=name, dtype=dtype)
