"""``PReLU``: a leaky ReLU whose negative slope is learned.

Taught in Part 2, "Activation functions" (ReLU's variants) and Part 3,
"Backpropagation" (a layer with a weight that is not a matrix).

f(x) = x for x > 0, else alpha * x, where alpha is a weight of the layer, one per
input entry (shape: one sample's shape), or shared along ``shared_axes`` (size 1
there). As in Keras, f is computed as relu(x) - alpha * relu(-x). With upstream
gradient g = dL/dy:

- dL/dx = g where x > 0, alpha * g where x < 0 (and 0 at x = 0, as TensorFlow's relu)
- dL/dalpha = sum of g * min(x, 0) over the batch axis and the shared axes
"""

import numbers

import numpy as np

from .. import errors, initializers, regularizers
from .base import Layer


class PReLU(Layer):
    """Parametric ReLU: ``f(x) = x`` for x > 0, else ``alpha * x``, with alpha trained.

    Args:
        alpha_initializer: how alpha starts. Defaults to "Zeros" (a plain ReLU), as Keras.
        alpha_regularizer: a penalty on alpha added to the loss, e.g.
            ``nnlib.regularizers.l2(0.01)`` or "l1". Defaults to None.
        shared_axes: None, an axis or a list of axes (1 is the first axis after the
            batch axis) along which one alpha is shared, e.g. ``[1, 2]`` for one
            alpha per channel of (B, H, W, C) feature maps.
        name: the layer's name. Defaults to "pre_lu".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Attributes:
        shared_axes: a list of ints, or None.

    Raises:
        HyperparameterError: ``shared_axes`` holds something other than positive ints.
        ShapeError: (in ``build``) a shared axis the input does not have; (in
            ``forward``) an input of another shape than the layer was built for.
        UnknownNameError: an unknown initializer or regularizer name.
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, shared_axes=None, name=None,
                 dtype="float32", input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.shared_axes = _check_shared_axes(shared_axes, self.name)
        self._x = None  # the input of the last forward pass

    @property
    def alpha(self):
        """The learned slopes, shape of one sample with 1 on the shared axes.

        Raises:
            NotBuiltError: the layer has not been built, so alpha does not exist yet.
        """
        self._require_built("reading .alpha")
        return self.params["alpha"]

    def build(self, input_shape, rng=None):
        """Create alpha: the sample shape of ``input_shape``, with 1 on each shared axis.

        Raises:
            ShapeError: a shared axis is not an axis of the input.
        """
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if axis >= len(input_shape):
                raise errors.ShapeError(
                    f"Layer {self.name!r} (PReLU) shares alpha along axis {axis}, but its inputs of shape "
                    f"{tuple(input_shape)} have axes 1..{len(input_shape) - 1} after the batch axis."
                )
            param_shape[axis - 1] = 1
        alpha = initializers.layer_values(self.alpha_initializer, tuple(param_shape), self.dtype, rng)
        self.params = {"alpha": alpha}
        self.grads = {"alpha": np.zeros_like(alpha)}
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """Return relu(x) - alpha * relu(-x), the shape of ``x``.

        Raises:
            ShapeError: ``x`` differs from the shape the layer was built for on an axis
                that is neither the batch axis nor a shared one.
        """
        shared = self.shared_axes or ()
        if x.ndim != len(self.input_shape) or any(
                size != built for axis, (size, built) in enumerate(zip(x.shape, self.input_shape))
                if axis > 0 and axis not in shared):
            raise self._wrong_input_error(x)  # only the batch axis and the shared axes may change size
        self._x = x
        alpha = self.params["alpha"]
        return np.maximum(x, 0) + alpha * np.minimum(x, 0)  # relu(x) - alpha relu(-x)

    def backward(self, grad_output):
        """Set dL/dalpha (summed over the batch and shared axes) and return dL/dx."""
        x, alpha = self._x, self.params["alpha"]
        negative = np.minimum(x, 0)  # dy/dalpha = -relu(-x) = min(x, 0)
        summed_axes = (0,) + tuple(self.shared_axes or ())
        grad_alpha = np.sum(grad_output * negative, axis=summed_axes, keepdims=True)[0]
        if self.alpha_regularizer is not None:
            grad_alpha = grad_alpha + self.alpha_regularizer.gradient(alpha)  # + d penalty / dalpha
        self.grads["alpha"][...] = grad_alpha  # replaced in place (the array may sit in a model's block)
        # dy/dx = 1 for x > 0, alpha for x < 0, 0 at x = 0 (both relu terms have slope 0 there)
        slope = (x > 0) + alpha * (x < 0)
        return grad_output * slope.astype(grad_output.dtype, copy=False)

    def regularization_penalty(self):
        """Return the alpha penalty (e.g. ``l1 * sum(abs(alpha))``) as a float."""
        if self.alpha_regularizer is None:
            return 0.0
        return float(self.alpha_regularizer(self.params["alpha"]))

    def get_config(self):
        config = super().get_config()
        config.update(
            alpha_initializer=self.alpha_initializer.get_config(),
            alpha_regularizer=None if self.alpha_regularizer is None else self.alpha_regularizer.get_config(),
            shared_axes=None if self.shared_axes is None else list(self.shared_axes),
        )
        return config


def _check_shared_axes(shared_axes, name):
    """Return ``shared_axes`` as a list of positive ints (an int becomes a list of one), or None.

    Raises:
        HyperparameterError: an entry that is not a positive int.
    """
    if shared_axes is None:
        return None
    axes = list(shared_axes) if isinstance(shared_axes, (list, tuple)) else [shared_axes]
    for axis in axes:
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral) or axis < 1:
            raise errors.HyperparameterError(
                f"Layer {name!r} (PReLU): shared_axes holds the axes along which alpha is shared, ints >= 1 "
                f"(axis 0 is the batch axis), got shared_axes={shared_axes!r}."
            )
    return [int(axis) for axis in axes]
