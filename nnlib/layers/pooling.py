"""``MaxPooling2D`` and ``AveragePooling2D``: summarize each small window of an image.

Taught in Part 4, "Convolutional networks". A pooling layer slides a window of
ph x pw pixels over each channel, like a convolution without weights, and keeps one
number per window: the largest (max pooling) or the mean (average pooling). With the
default 2x2 window and strides equal to the window, each image shrinks to half its
height and width, and a feature moved by one pixel often gives the same output (a
little shift invariance).

Shapes (channels last): x (B, H, W, C) -> (B, H_out, W_out, C), each channel on its own,
with Keras's sizes: "valid" H_out = floor((H - ph) / sh) + 1, "same" H_out = ceil(H / sh)
(padding placed as for ``Conv2D``, see ``convolution_windows.py``).

How it is computed: tap (p, q) of every window at once is one strided slice of the
(padded) images, shape (B, H_out, W_out, C) (``convolution_windows.taps``). So the
maximum of the windows is the elementwise maximum of ph pw slices, and their sum the
sum of ph pw slices: a loop over the window's few taps, each step working on the whole
batch. The backward passes, for g = dL/d(output) of shape (B, H_out, W_out, C), add each
tap's share of g back into the same slice (col2im):

- max: each window's gradient goes to the pixel that was its maximum. On ties it goes
  to the FIRST maximal pixel of the window in row-major order (top row first), as
  TensorFlow's MaxPoolGrad does; where windows overlap, a pixel collects the gradient
  of every window it is the maximum of. "same" pads with -inf, so padding never wins.
- average: each of a window's pixels gets g / n, n the number of pixels averaged. With
  "same" padding, n counts only the real (not padded) pixels of the window, as
  TensorFlow's avg_pool (hence Keras) divides by them: a border window of a 2x2 pool
  may average 1, 2 or 4 pixels.

This is Keras 3's pair of layers (``keras/src/layers/pooling/``).
"""

import numpy as np

from .. import errors
from ..array_modules import array_module, to_module
from . import conv_arguments
from .base import Layer
from .convolution_windows import crop, output_length, pad_images, paddings, taps


class Pooling2D(Layer):
    """The shared part of ``MaxPooling2D`` and ``AveragePooling2D`` (windows, sizes, config).

    Args:
        pool_size: the window, an int (square) or a pair (ph, pw).
        strides: the step between windows, an int or a pair. Defaults to None: the
            pool size (windows side by side, not overlapping), as in Keras.
        padding: "valid" or "same" (any capitalization). Defaults to "valid".
        data_format: None or "channels_last" (the only layout nnlib has).
        name: the layer's name. dtype: "float32" (default) or "float64".
        input_shape: the shape of one image, for a first layer.

    Raises:
        HyperparameterError: a size or stride that is not one or two positive ints, an
            unknown padding, or channels-first data.
    """

    pad_value = 0.0  # what "same" padding fills in (-inf for max pooling)

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None, dtype="float32",
                 input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        owner = type(self).__name__
        self.pool_size = conv_arguments.pair(pool_size, "pool_size", owner)
        self.strides = conv_arguments.pair(self.pool_size if strides is None else strides, "strides", owner)
        self.padding = conv_arguments.padding_name(padding, owner)
        self.data_format = conv_arguments.channels_last(data_format, owner)
        self._padded = None  # the last input, padded, (B, H + top + bottom, W + left + right, C)
        self._pads = None  # ((top, bottom), (left, right)) of it
        self._output_hw = None  # (H_out, W_out)

    def compute_output_shape(self, input_shape):
        """(B, H, W, C) -> (B, H_out, W_out, C), Keras's sizes.

        Raises:
            ShapeError: not rank 4, or (with "valid" padding) a window larger than the images.
        """
        shape = conv_arguments.check_image_batch(self, input_shape)
        return (shape[0],) + self._output_size(shape[1], shape[2]) + (shape[3],)

    def _output_size(self, height, width):
        sizes = tuple(output_length(n, k, s, 1, self.padding)
                      for n, k, s in zip((height, width), self.pool_size, self.strides))
        if min(sizes) < 1:
            raise errors.ShapeError(
                f"Layer {self.name!r} ({type(self).__name__}): its {self.pool_size[0]}x{self.pool_size[1]} window "
                f"is larger than the input images of {height}x{width} pixels, and padding='valid' does not pad "
                "them, so the computed output size would be zero or negative. Use a smaller pool_size, "
                "padding='same', or larger images."
            )
        return sizes

    def _prepare(self, x):
        """Check ``x``, pad it ("same") and keep it for the backward pass."""
        _, height, width, _ = conv_arguments.check_image_batch(self, x)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(self.dtype)  # integer pixels (uint8 images) pool in the layer's float type
        self._output_hw = self._output_size(height, width)
        self._pads = paddings(height, width, self.pool_size, self.strides, (1, 1), self.padding)
        self._padded = pad_images(x, self._pads, self.pad_value)

    def _taps(self):
        """(rows, columns) of each tap, row-major: ``self._padded[:, rows, columns]`` is that
        tap of every window of the last input, shape (B, H_out, W_out, C)."""
        return [(rows, columns) for _, _, rows, columns in taps(self.pool_size, *self._output_hw, self.strides)]

    def _fold_taps(self, combine):
        """Combine the taps of every window of the last input, one tap at a time.

        ``combine`` is a NumPy ufunc such as ``np.maximum`` or ``np.add``; returns the
        result, shape (B, H_out, W_out, C).
        """
        result = None
        for rows, columns in self._taps():
            tap = self._padded[:, rows, columns]  # this tap of every window
            result = tap.copy() if result is None else combine(result, tap, out=result)
        return result

    def get_config(self):
        """Keras's keys: pool_size, padding, strides, data_format."""
        config = super().get_config()
        config.update(pool_size=self.pool_size, padding=self.padding, strides=self.strides,
                      data_format=self.data_format)
        return config


class MaxPooling2D(Pooling2D):
    """Keep the largest value of each window, channel by channel (Keras's ``MaxPooling2D``).

    Args:
        pool_size: the window. Defaults to (2, 2), as Keras.
        strides, padding, data_format, name, dtype, input_shape: as ``Pooling2D``.
    """

    pad_value = -np.inf

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None,
                 dtype="float32", input_shape=None):
        super().__init__(pool_size, strides, padding, data_format, name, dtype, input_shape)
        self._maxima = None  # the last output, (B, H_out, W_out, C)

    def forward(self, x, training=False):
        """Return the maximum of each window, shape (B, H_out, W_out, C).

        Raises:
            ShapeError: ``x`` is not a batch of images, or its images are smaller than
                a "valid" window.
        """
        self._prepare(x)
        self._maxima = self._fold_taps(np.maximum)
        return self._maxima

    def backward(self, grad_output):
        """Send each window's gradient to its first maximal pixel; return dL/dx, shape (B, H, W, C).

        The taps are visited in row-major order; the first tap equal to its window's
        maximum takes the window's gradient, and the window is then served.
        """
        padded_grad = np.zeros_like(self._padded, dtype=grad_output.dtype)
        waiting = np.ones_like(self._maxima, dtype=bool)  # windows whose maximum was not met yet
        for rows, columns in self._taps():
            first = self._padded[:, rows, columns] == self._maxima
            first &= waiting  # only the first maximal tap of a window
            waiting &= ~first
            padded_grad[:, rows, columns] += np.where(first, grad_output, 0)
        return crop(padded_grad, self._pads)


class AveragePooling2D(Pooling2D):
    """Keep the mean of each window, channel by channel (Keras's ``AveragePooling2D``).

    With ``padding="same"`` a window that hangs over the border averages only its real
    pixels (TensorFlow's and Keras's rule), so padding does not pull the means to 0.

    Args:
        pool_size: the window, an int or a pair (no default, as in Keras).
        strides, padding, data_format, name, dtype, input_shape: as ``Pooling2D``.
    """

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None, dtype="float32",
                 input_shape=None):
        super().__init__(pool_size, strides, padding, data_format, name, dtype, input_shape)
        self._counts = None  # pixels averaged per output position, (1, H_out, W_out, 1)

    def forward(self, x, training=False):
        """Return the mean of each window (of its real pixels), shape (B, H_out, W_out, C).

        Raises:
            ShapeError: ``x`` is not a batch of images, or its images are smaller than
                a "valid" window.
        """
        self._prepare(x)
        total = self._fold_taps(np.add)
        self._counts = self._pixel_counts(x.shape[1], x.shape[2], total)
        total /= self._counts
        return total

    def _pixel_counts(self, height, width, like):
        """n per output position: ph pw for "valid"; for "same" the real pixels of each window.

        A window's rows are [i sh, i sh + ph) of the padded image and the real rows are
        [top, top + H), so it has (overlap of the rows) x (overlap of the columns) real
        pixels. Returns an array of shape (1, H_out, W_out, 1) in the dtype of ``like``.
        """
        counts = []
        for length, size, stride, (before, _), out in zip((height, width), self.pool_size, self.strides,
                                                          self._pads, self._output_hw):
            starts = np.arange(out) * stride - before
            counts.append(np.minimum(starts + size, length) - np.maximum(starts, 0))
        grid = np.multiply.outer(counts[0], counts[1]).astype(like.dtype)[None, :, :, None]
        return to_module(grid, array_module(like))  # next to the data (on the GPU when it is there)

    def backward(self, grad_output):
        """Give each pixel of a window g / n; return dL/dx, shape (B, H, W, C)."""
        share = grad_output / self._counts  # (B, H_out, W_out, C)
        padded_grad = np.zeros_like(self._padded, dtype=share.dtype)
        for rows, columns in self._taps():
            padded_grad[:, rows, columns] += share
        return crop(padded_grad, self._pads)
