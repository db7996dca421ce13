"""``GlobalAveragePooling2D`` and ``GlobalMaxPooling2D``: one number per channel.

Taught in Part 4, "Convolutional networks". At the end of a convolutional network each
channel is a map of where one feature was found; a global pooling layer summarizes the
whole map by its mean (or its maximum), whatever the image size:
x (B, H, W, C) -> (B, C), or (B, 1, 1, C) with ``keepdims=True``. Unlike ``Flatten``
it keeps no positions, so the Dense layer after it has C inputs instead of H W C.

Backward passes, g = dL/d(output):

- average: every pixel of a channel gets g / (H W);
- max: the gradient goes to the channel's maximum; when several pixels tie for it,
  they share it equally (g / their number), as TensorFlow's gradient of ``reduce_max``
  does (unlike ``MaxPooling2D``, which gives it all to the first one, as TensorFlow's
  MaxPoolGrad does).

This is Keras 3's pair of layers (``keras/src/layers/pooling/global_*_pooling2d.py``).
"""

import numpy as np

from .. import errors
from . import conv_arguments
from .base import Layer


class GlobalPooling2D(Layer):
    """The shared part of the two global pooling layers (shapes, checks, config).

    Args:
        data_format: None or "channels_last" (the only layout nnlib has).
        keepdims: keep the two spatial axes, of size 1: output (B, 1, 1, C) instead
            of (B, C). Defaults to False, as in Keras.
        name: the layer's name. dtype: "float32" (default) or "float64".
        input_shape: the shape of one image, for a first layer.

    Raises:
        HyperparameterError: ``keepdims`` not a bool, or channels-first data.
    """

    def __init__(self, data_format=None, keepdims=False, name=None, dtype="float32", input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        owner = type(self).__name__
        self.data_format = conv_arguments.channels_last(data_format, owner)
        if not isinstance(keepdims, (bool, np.bool_)):
            raise errors.HyperparameterError(f"{owner}(keepdims=...) must be True or False, got {keepdims!r}.")
        self.keepdims = bool(keepdims)
        self._input_batch_shape = None  # shape of the last forward's input

    def compute_output_shape(self, input_shape):
        """(B, H, W, C) -> (B, C), or (B, 1, 1, C) with ``keepdims``.

        Raises:
            ShapeError: not rank 4.
        """
        shape = conv_arguments.check_image_batch(self, input_shape)
        return (shape[0], 1, 1, shape[3]) if self.keepdims else (shape[0], shape[3])

    def _start(self, x):
        conv_arguments.check_image_batch(self, x)
        self._input_batch_shape = x.shape
        return x if np.issubdtype(x.dtype, np.floating) else x.astype(self.dtype)

    def _as_maps(self, grad_output):
        """dL/d(output) as shape (B, 1, 1, C), to broadcast over the pixels."""
        batch, _, _, channels = self._input_batch_shape
        return grad_output.reshape(batch, 1, 1, channels)

    def _output(self, maps):
        """(B, 1, 1, C) -> the output's shape."""
        return maps if self.keepdims else maps.reshape(maps.shape[0], maps.shape[3])

    def get_config(self):
        """Keras's keys: data_format, keepdims."""
        config = super().get_config()
        config.update(data_format=self.data_format, keepdims=self.keepdims)
        return config


class GlobalAveragePooling2D(GlobalPooling2D):
    """The mean of each channel over the image (Keras's ``GlobalAveragePooling2D``).

    Args: as ``GlobalPooling2D``.
    """

    def forward(self, x, training=False):
        """Return the mean over height and width, shape (B, C) (or (B, 1, 1, C)).

        Raises:
            ShapeError: ``x`` is not a batch of images (rank 4).
        """
        x = self._start(x)
        return self._output(x.mean(axis=(1, 2), keepdims=True))

    def backward(self, grad_output):
        """Every pixel gets g / (H W); return dL/dx, shape (B, H, W, C)."""
        _, height, width, _ = self._input_batch_shape
        share = self._as_maps(grad_output) / (height * width)
        return np.broadcast_to(share, self._input_batch_shape).copy()


class GlobalMaxPooling2D(GlobalPooling2D):
    """The largest value of each channel over the image (Keras's ``GlobalMaxPooling2D``).

    Args: as ``GlobalPooling2D``.
    """

    def __init__(self, data_format=None, keepdims=False, name=None, dtype="float32", input_shape=None):
        super().__init__(data_format, keepdims, name, dtype, input_shape)
        self._winners = None  # where x equals its channel's maximum, (B, H, W, C) of bools

    def forward(self, x, training=False):
        """Return the maximum over height and width, shape (B, C) (or (B, 1, 1, C)).

        Raises:
            ShapeError: ``x`` is not a batch of images (rank 4).
        """
        x = self._start(x)
        maps = x.max(axis=(1, 2), keepdims=True)
        self._winners = x == maps
        return self._output(maps)

    def backward(self, grad_output):
        """The maximum's pixels share g equally; return dL/dx, shape (B, H, W, C)."""
        g = self._as_maps(grad_output)
        ties = np.maximum(self._winners.sum(axis=(1, 2), keepdims=True), 1).astype(g.dtype)
        return np.where(self._winners, g / ties, 0).astype(g.dtype, copy=False)
