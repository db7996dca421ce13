"""``Conv2D``: a 2-D convolution, z = (windows of x) K + b, then a = f(z).

Taught in Part 4, "Convolutional networks". A filter is a small kh x kw x C block of
weights; it slides over the image and, at each position, gives the sum of its weights
times the pixels under it (a cross-correlation, which deep learning calls convolution).
With F filters the output has F channels. The same weights are used at every position
(weight sharing), so the layer has kh kw C F + F parameters however large the image is.

Notation, for a batch of B images (channels last, as Keras):

- x: inputs, shape (B, H, W, C); K (``kernel``): shape (kh, kw, C, F), Keras's layout;
  b (``bias``): shape (F,)
- X: the im2col matrix, every window of the (padded) x as one row, shape
  (N, kh kw C) with N = B H_out W_out (``convolution_windows.py``)
- z = X K + b, with K read as a (kh kw C, F) matrix: ONE matrix product, shape (N, F),
  seen as (B, H_out, W_out, F); a = f(z) is the layer's output
- delta = dL/dz, shape (N, F), from dL/da through the activation

and the backward pass is the transpose of that product, as for ``Dense``:

- dL/dK = X^T delta           shape (kh kw C, F), seen as (kh, kw, C, F)
- dL/db = sum of delta over the N rows   shape (F,)
- dL/dX = delta K^T           shape (N, kh kw C), one gradient per window tap
- dL/dx: each tap's gradient added back at the pixel it read (col2im), the
  padding cropped off: shape (B, H, W, C). The product is laid out tap by tap:
  columns (p, q) of dL/dX are delta K[p, q]^T, added at the pixels tap (p, q) read.

This is Keras 3's layer (``keras/src/layers/convolutional/conv2d.py``): the same
arguments, weight layout, "same" padding and output sizes, and the same numbers (to
float32 rounding). Grouped convolutions (``groups`` > 1), channels-first images,
constraints and LoRA are not in nnlib; those arguments exist so that Keras's configs
load, at their neutral values.
"""

import numbers

import numpy as np

from .. import activations, errors, initializers, regularizers
from . import conv_arguments
from .base import Layer
from .convolution_windows import crop, output_length, pad_images, paddings, span, taps, windows


class Conv2D(Layer):
    """A 2-D convolution layer: ``a = activation(conv(x, kernel) + bias)``, as Keras's.

    Args:
        filters: number of filters, the output's channels, a positive int.
        kernel_size: the window, an int (square) or a pair (kh, kw).
        strides: the step between windows, an int or a pair. Defaults to (1, 1).
            Strides > 1 cannot be combined with a dilation > 1 (as in Keras).
        padding: "valid" (no padding: the output shrinks by the kernel size minus 1)
            or "same" (zeros around the image, one more row/column at the bottom/right
            when the total is odd, so that with strides 1 the output has the input's
            size). Any capitalization. Defaults to "valid".
        data_format: None or "channels_last" (the only layout nnlib has).
        dilation_rate: the spacing of the kernel's taps, an int or a pair; a 3x3 kernel
            with dilation 2 spans 5x5 pixels. Defaults to (1, 1).
        groups: Keras's grouped convolution; nnlib has only ``groups=1``.
        activation: name ("relu", ...), an nnlib activation, or None (linear).
        use_bias: whether to add the bias b. Defaults to True.
        kernel_initializer: how K starts. Defaults to "glorot_uniform", with Keras's
            fans: fan_in = kh kw C, fan_out = kh kw F.
        bias_initializer: how b starts. Defaults to "zeros".
        kernel_regularizer, bias_regularizer: penalties added to the loss (e.g. "l2").
        activity_regularizer, kernel_constraint, bias_constraint, lora_rank, lora_alpha:
            Keras's; nnlib has none of them, only None is accepted.
        input_shape: the shape of one image, e.g. ``(8, 8, 1)``, for a first layer.
        name: the layer's name. Defaults to "conv2d" (numbered as Keras does).
        dtype: "float32" (default) or "float64".

    Raises:
        HyperparameterError: ``filters`` not a positive int, a size or stride that is
            not one or two positive ints, an unknown padding, strides > 1 with
            dilation > 1, ``groups`` other than 1, channels-first data, a constraint.
        UnknownNameError: an unknown activation, initializer or regularizer name.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        input_shape=None,
        name=None,
        dtype="float32",
    ):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        if not isinstance(filters, numbers.Integral) or isinstance(filters, bool) or filters < 1:
            raise errors.HyperparameterError(
                "Conv2D: Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters!r}."
            )
        self.filters = int(filters)
        self.kernel_size = conv_arguments.pair(kernel_size, "kernel_size", "Conv2D")
        self.strides = conv_arguments.pair(strides, "strides", "Conv2D")
        self.padding = conv_arguments.padding_name(padding, "Conv2D")
        self.data_format = conv_arguments.channels_last(data_format, "Conv2D")
        self.dilation_rate = conv_arguments.pair(dilation_rate, "dilation_rate", "Conv2D")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise errors.HyperparameterError(
                "Conv2D: `strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}."
            )
        if groups != 1:
            raise errors.HyperparameterError(
                f"Conv2D(groups={groups!r}): nnlib has no grouped convolutions; use groups=1 (every "
                "filter sees every input channel)."
            )
        self.groups = 1
        conv_arguments.only_none("Conv2D", activity_regularizer=activity_regularizer,
                                 kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                                 lora_rank=lora_rank, lora_alpha=lora_alpha)
        self.activity_regularizer = self.kernel_constraint = self.bias_constraint = None
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        # What the backward pass needs from the last forward pass.
        self._cols = None  # X, the im2col matrix, (N, kh kw C)
        self._z = None  # pre-activations, (B, H_out, W_out, F)
        self._a = None  # outputs f(z), the shape of z
        self._pads = None  # ((top, bottom), (left, right)) of the last input
        self._padded_shape = None  # (B, H + top + bottom, W + left + right, C)

    # ----- weights -------------------------------------------------------------------
    @property
    def kernel(self):
        """The filters K, shape (kh, kw, C, F), Keras's layout.

        Raises:
            NotBuiltError: the layer has not been built yet.
        """
        self._require_built("reading .kernel")
        return self.params["kernel"]

    @property
    def bias(self):
        """The bias b, shape (F,), or None when ``use_bias=False``.

        Raises:
            NotBuiltError: the layer has not been built yet.
        """
        self._require_built("reading .bias")
        return self.params.get("bias")

    @property
    def logits(self):
        """The pre-activations z of the last forward pass, shape (B, H_out, W_out, F)."""
        return self._z

    # ----- shapes -----------------------------------------------------------------------
    def compute_output_shape(self, input_shape):
        """(B, H, W, C) -> (B, H_out, W_out, filters), Keras's sizes (see ``convolution_windows``).

        Raises:
            ShapeError: not rank 4, or (with "valid" padding) a kernel larger than the images.
        """
        shape = conv_arguments.check_image_batch(self, input_shape)
        return (shape[0],) + self._output_size(shape[1], shape[2]) + (self.filters,)

    def _output_size(self, height, width):
        sizes = tuple(output_length(n, k, s, d, self.padding)
                      for n, k, s, d in zip((height, width), self.kernel_size, self.strides, self.dilation_rate))
        if min(sizes) < 1:
            spans = tuple(span(k, d) for k, d in zip(self.kernel_size, self.dilation_rate))
            dilated = f" (dilation_rate={self.dilation_rate}: it spans {spans[0]}x{spans[1]} pixels)" \
                if max(self.dilation_rate) > 1 else ""
            raise errors.ShapeError(
                f"Layer {self.name!r} (Conv2D): its {self.kernel_size[0]}x{self.kernel_size[1]} kernel"
                f"{dilated} is larger than the input images of {height}x{width} pixels, and padding='valid' "
                "does not pad them, so the kernel fits nowhere: the computed output size would be zero or "
                "negative. Use a smaller kernel_size, padding='same', or larger images."
            )
        return sizes

    def build(self, input_shape, rng=None):
        """Create K, shape (kh, kw, C, filters), and b, shape (filters,).

        Args:
            input_shape: ``(None, H, W, C)``.
            rng: ``np.random.Generator`` for the initial values (an initializer given
                its own ``seed`` uses that seed instead, as in Keras).

        Raises:
            ShapeError: not rank 4, or a kernel larger than "valid"-padded images.
        """
        self.compute_output_shape(input_shape)  # the ShapeErrors, before drawing weights
        kernel_shape = self.kernel_size + (input_shape[-1], self.filters)
        self.params = {"kernel": initializers.layer_values(self.kernel_initializer, kernel_shape, self.dtype, rng)}
        if self.use_bias:
            self.params["bias"] = initializers.layer_values(self.bias_initializer, (self.filters,), self.dtype, rng)
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        super().build(input_shape, rng)

    # ----- the two passes -----------------------------------------------------------------
    def forward(self, x, training=False):
        """Return a = f(X K + b), X the im2col matrix of x.

        Images of another height and width than at build are accepted (the weights do
        not depend on them), as in Keras; the channels must be those of the build.

        Args:
            x: images, shape (B, H, W, C).
            training: unused (the layer behaves the same in training and inference).

        Returns:
            a, shape (B, H_out, W_out, filters).

        Raises:
            ShapeError: ``x`` is not a batch of images with C channels, or its images
                are smaller than a "valid" kernel; the message names the layer.
        """
        self._require_built("the forward pass")
        kernel = self.params["kernel"]
        batch, height, width, _ = conv_arguments.check_image_batch(self, x, channels=kernel.shape[2])
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(self.dtype)  # integer pixels (uint8 images) compute in the layer's float type
        out_h, out_w = self._output_size(height, width)
        self._pads = paddings(height, width, self.kernel_size, self.strides, self.dilation_rate, self.padding)
        padded = pad_images(x, self._pads)  # zeros around the images ("same"), else x itself
        self._padded_shape = padded.shape
        view = windows(padded, self.kernel_size, self.strides, self.dilation_rate)  # (B, H_out, W_out, kh, kw, C)
        self._cols = view.reshape(batch * out_h * out_w, -1)  # X: the one copy, (N, kh kw C)
        z = self._cols @ kernel.reshape(-1, self.filters)  # z = X K, (N, F)
        if self.use_bias:
            z += self.params["bias"]  # + b, broadcast over the N rows
        self._z = z.reshape(batch, out_h, out_w, self.filters)
        self._a = self.activation(self._z)  # a = f(z)
        return self._a

    def backward(self, grad_output):
        """Backpropagate dL/da: set dL/dK and dL/db, return dL/dx.

        Args:
            grad_output: dL/da, shape (B, H_out, W_out, filters).

        Returns:
            dL/dx, shape (B, H, W, C) of the last forward's input.
        """
        delta = self.activation.backward(self._z, self._a, grad_output)  # dL/dz = dL/da * f'(z)
        return self.backward_from_z(delta)

    def backward_without_input_gradient(self, grad_output):
        """Set dL/dK and dL/db only (a model's first layer: nobody needs dL/dx)."""
        delta = self.activation.backward(self._z, self._a, grad_output)
        self.backward_from_z(delta, input_gradient=False)

    def backward_from_z(self, delta, input_gradient=True):
        """Backpropagate delta = dL/dz through z = X K + b (the transpose of the forward product).

        Args:
            delta: dL/dz, shape (B, H_out, W_out, filters).
            input_gradient: whether to compute and return dL/dx.

        Returns:
            dL/dx, shape (B, H, W, C), or None when ``input_gradient`` is False.
        """
        kernel, grads = self.params["kernel"], self.grads
        rows = delta.reshape(-1, self.filters)  # (N, F)
        np.matmul(self._cols.T, rows, out=grads["kernel"].reshape(-1, self.filters))  # dL/dK = X^T delta
        if self.kernel_regularizer is not None:
            grads["kernel"] += self.kernel_regularizer.gradient(kernel)
        if self.use_bias:
            rows.sum(axis=0, out=grads["bias"])  # dL/db = sum of delta over the rows
            if self.bias_regularizer is not None:
                grads["bias"] += self.bias_regularizer.gradient(self.params["bias"])
        if not input_gradient:
            return None
        return self._input_gradient(rows, delta.shape)

    def _input_gradient(self, rows, delta_shape):
        """dL/dx from delta (N, F) rows: dL/dX = delta K^T, then col2im.

        The product is laid out tap by tap: block (p, q) of dL/dX = delta K^T is
        delta K[p, q]^T, shape (N, C), the gradient of what tap (p, q) of every window
        read. One batched product gives all kh kw blocks, shape (kh kw, N, C); each is
        then added back at the pixels its tap read (one strided slice,
        ``convolution_windows.taps``). The same sums as the (N, kh kw C) matrix followed
        by col2im, but every addition reads a contiguous block (faster on a CPU).

        Returns:
            dL/dx, shape (B, H, W, C), the padding's gradient cropped off.
        """
        kernel = self.params["kernel"]
        batch, out_h, out_w, _ = delta_shape
        channels = kernel.shape[2]
        kernel_by_tap = np.transpose(kernel.reshape(-1, channels, self.filters), (0, 2, 1)).copy()  # (taps, F, C)
        tap_grads = np.matmul(rows, kernel_by_tap)  # (kh kw, N, C): dL/dX = delta K^T, tap by tap
        padded_grad = np.zeros_like(tap_grads, shape=self._padded_shape)
        for tap, (_, _, tap_rows, tap_columns) in enumerate(
                taps(self.kernel_size, out_h, out_w, self.strides, self.dilation_rate)):
            padded_grad[:, tap_rows, tap_columns] += tap_grads[tap].reshape(batch, out_h, out_w, channels)
        return crop(padded_grad, self._pads)  # the padding's gradient is dropped

    def regularization_penalty(self):
        """Return the kernel and bias penalties (e.g. l2 * sum(K**2)) as a float."""
        penalty = 0.0
        if self.kernel_regularizer is not None:
            penalty += float(self.kernel_regularizer(self.params["kernel"]))
        if self.bias_regularizer is not None and self.use_bias:
            penalty += float(self.bias_regularizer(self.params["bias"]))
        return penalty

    def get_config(self):
        """Keras's keys: filters, kernel_size, strides, padding, data_format, dilation_rate, groups, ..."""
        config = super().get_config()
        config.update(
            filters=self.filters,
            kernel_size=self.kernel_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
            groups=self.groups,
            activation=self.activation.get_config(),
            use_bias=self.use_bias,
            kernel_initializer=_config_of(self.kernel_initializer),
            bias_initializer=_config_of(self.bias_initializer),
            kernel_regularizer=_config_of(self.kernel_regularizer),
            bias_regularizer=_config_of(self.bias_regularizer),
            activity_regularizer=None,
            kernel_constraint=None,
            bias_constraint=None,
        )
        return config


def _config_of(obj):
    """Return ``obj.get_config()`` (which ``get`` turns back into the object), or None."""
    return None if obj is None else obj.get_config()
