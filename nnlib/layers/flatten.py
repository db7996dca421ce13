"""``Flatten``: turn each sample into a vector, (B, d1, d2, ...) -> (B, d1*d2*...).

Taught in Part 4, "Training on real data" (8x8 digit images become 64 features).
"""

import math

from .base import Layer


class Flatten(Layer):
    """Reshape inputs of shape (B, d1, d2, ...) to (B, d1 * d2 * ...).

    Args:
        name: the layer's name. Defaults to "flatten".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, e.g. ``(8, 8)``, for a first layer.
    """

    def __init__(self, name=None, dtype="float32", input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        self._input_batch_shape = None  # shape of the last forward's input

    def compute_output_shape(self, input_shape):
        return (input_shape[0], math.prod(input_shape[1:]))

    def forward(self, x, training=False):
        """Return ``x`` reshaped to (B, features) (a view, no copy)."""
        if self.built and x.shape[1:] != self.input_shape[1:]:
            raise self._wrong_input_error(x)
        self._input_batch_shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_output):
        """Return ``grad_output`` reshaped back to the input's shape."""
        return grad_output.reshape(self._input_batch_shape)
