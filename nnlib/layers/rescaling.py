"""``Rescaling``: y = x * scale + offset, to bring raw inputs into a small range.

Taught in Part 4, "Training on real data" (pixel values 0..16 or 0..255 become
numbers near 0..1 inside the model, so the same model takes the raw data).

The scale and the offset are fixed numbers, not weights: ``Rescaling(1 / 255)`` maps
[0, 255] to [0, 1], and ``Rescaling(1 / 127.5, offset=-1)`` maps it to [-1, 1]. Either
may be an array that broadcasts over the last axes of a sample (one scale per
channel of (B, H, W, C) images: shape (C,)). The backward pass is dL/dx = dL/dy * scale.
"""

import numbers

import numpy as np

from .. import errors
from ..array_modules import array_module, to_module
from .base import Layer


class Rescaling(Layer):
    """Multiply the inputs by ``scale`` and add ``offset``, in training and inference alike.

    Inputs of any dtype (e.g. uint8 pixels) are cast to the layer's dtype first, as
    Keras does, so the output is always float.

    Args:
        scale: a number, or an array-like that broadcasts against one sample.
        offset: a number or such an array. Defaults to 0.0.
        name: the layer's name. Defaults to "rescaling".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Attributes:
        scale, offset: floats, or float64 arrays.

    Raises:
        HyperparameterError: ``scale`` or ``offset`` is not a finite number or an
            array of finite numbers.
        ShapeError: (in ``build``) an array ``scale`` or ``offset`` that would change
            the shape of a sample.
    """

    def __init__(self, scale, offset=0.0, name=None, dtype="float32", input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        self.scale = _factor("scale", scale, self.name)
        self.offset = _factor("offset", offset, self.name)

    def compute_output_shape(self, input_shape):
        """The input's shape.

        Raises:
            ShapeError: ``scale`` or ``offset`` does not broadcast to one sample's shape.
        """
        sample = tuple(input_shape[1:])
        for what, value in (("scale", self.scale), ("offset", self.offset)):
            shape = np.shape(value)
            try:
                fits = np.broadcast_shapes(shape, sample) == sample
            except ValueError:
                fits = False
            if not fits:
                raise errors.ShapeError(
                    f"Layer {self.name!r} (Rescaling) has a {what} of shape {shape}, which does not broadcast "
                    f"to samples of shape {sample} without changing them. Give one number, or an array "
                    f"matching the last axes of a sample (e.g. shape {sample[-1:]} for one per channel)."
                )
        return tuple(input_shape)

    def forward(self, x, training=False):
        """Return y = x * scale + offset in the layer's dtype (shape of ``x``)."""
        x = x.astype(self.dtype, copy=False)
        return x * self._constant(self.scale, x) + self._constant(self.offset, x)

    def backward(self, grad_output):
        """Return dL/dx = dL/dy * scale (the offset has no effect on the gradient)."""
        return grad_output * self._constant(self.scale, grad_output)

    @staticmethod
    def _constant(value, like):
        """``value`` in the dtype of ``like`` and in its array module (a float stays a float)."""
        if isinstance(value, float):
            return value
        return to_module(value.astype(like.dtype), array_module(like))

    def get_config(self):
        config = super().get_config()
        for what in ("scale", "offset"):
            value = getattr(self, what)
            config[what] = value if isinstance(value, float) else value.tolist()  # JSON: lists
        return config


def _factor(what, value, name):
    """Return ``value`` as a float (a number or a 0-d array) or a float64 array.

    Raises:
        HyperparameterError: not finite numbers.
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if isinstance(value, (bool, str)) or array is None or not np.all(np.isfinite(array)):
        raise errors.HyperparameterError(
            f"Layer {name!r} (Rescaling): {what} must be a finite number or an array of finite numbers, "
            f"got {value!r}."
        )
    if array.ndim == 0:
        return float(array)
    return array
