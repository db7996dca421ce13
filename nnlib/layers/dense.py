"""``Dense``: the fully connected layer, z = x W + b, then a = f(z).

Taught in Part 4, "The same network with nnlib" (how to use it) and Part 3,
"Backpropagation" (the backward pass below, line by line).

Notation of the book, for a batch of B samples:

- x: inputs, shape (B, n_in); W (``kernel``): shape (n_in, units); b (``bias``): (units,)
- z = x W + b: pre-activations, shape (B, units); a = f(z): the layer's output
- delta = dL/dz, shape (B, units), from dL/da through the activation

and the three gradients backpropagation needs:

- dL/dW = x^T delta        shape (n_in, units)
- dL/db = sum of delta over the batch   shape (units,)
- dL/dx = delta W^T        shape (B, n_in), handed to the previous layer

Inputs with more axes, (B, d1, ..., n_in), are handled as Keras does: W acts on the
last axis alone, so the layer treats them as B * d1 * ... rows of n_in features and
gives outputs of shape (B, d1, ..., units); the sums over the batch in dL/dW and dL/db
then run over every row.
"""

import numbers

import numpy as np

from .. import activations, errors, initializers, regularizers
from .base import Layer


class Dense(Layer):
    """A fully connected layer: ``a = activation(x @ kernel + bias)``.

    On inputs of shape (B, d1, ..., n_in) it acts on the last axis, as in Keras: the
    kernel is still (n_in, units) and the output is (B, d1, ..., units). A layer built
    for one rank takes inputs of that rank.

    Args:
        units: number of neurons (outputs), a positive int.
        activation: name ("relu", "sigmoid", "softmax", ...), an nnlib activation,
            or None for the identity ("linear"), as Keras.
        use_bias: whether to add the bias b. Defaults to True.
        kernel_initializer: how W starts. Defaults to "glorot_uniform", as Keras.
        bias_initializer: how b starts. Defaults to "zeros".
        kernel_regularizer: a penalty on W added to the loss, e.g.
            ``nnlib.regularizers.l2(0.01)`` or the name "l2". Defaults to None.
        bias_regularizer: the same for b. Defaults to None.
        input_dim: number of input features, for the first layer of a model.
        input_shape: ``(n_in,)``, the same as ``input_dim=n_in``.
        name: the layer's name. Defaults to "dense" (made unique by the model).
        dtype: "float32" (default) or "float64".

    Raises:
        HyperparameterError: ``units`` is not a positive int.
        UnknownNameError: an unknown activation, initializer or regularizer name.
    """

    def __init__(
        self,
        units,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        input_dim=None,
        input_shape=None,
        name=None,
        dtype="float32",
    ):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape, input_dim=input_dim)
        if not isinstance(units, numbers.Integral) or isinstance(units, bool) or units < 1:
            raise errors.HyperparameterError(f"Dense(units=...) must be a positive int, got {units!r}.")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        # What the backward pass needs from the last forward pass.
        self._x = None  # inputs as rows of features, (B, n_in) (B * d1 * ... rows for more axes)
        self._z = None  # pre-activations, (B, units) or (B, d1, ..., units)
        self._a = None  # outputs f(z), the shape of z
        self._input_batch_shape = None  # the last input's shape, when it had more than 2 axes

    @property
    def kernel(self):
        """The weight matrix W, shape (n_in, units).

        Raises:
            NotBuiltError: the layer has not been built, so W does not exist yet.
        """
        self._require_built("reading .kernel")
        return self.params["kernel"]

    @property
    def bias(self):
        """The bias vector b, shape (units,), or None when ``use_bias=False``.

        Raises:
            NotBuiltError: the layer has not been built, so b does not exist yet.
        """
        self._require_built("reading .bias")
        return self.params.get("bias")

    @property
    def logits(self):
        """The pre-activations z of the last forward pass, shape (B, ..., units)."""
        return self._z

    def compute_output_shape(self, input_shape):
        """(B, ..., n_in) -> (B, ..., units): only the last axis changes, as in Keras."""
        if len(input_shape) < 2:
            raise errors.ShapeError(
                f"Layer {self.name!r} (Dense) takes inputs of shape (batch, features), got "
                f"{tuple(input_shape)}."
            )
        return tuple(input_shape[:-1]) + (self.units,)

    def build(self, input_shape, rng=None):
        """Create W, shape (n_in, units), and b, shape (units,).

        Args:
            input_shape: ``(None, n_in)``, or ``(None, d1, ..., n_in)``.
            rng: ``np.random.Generator`` for the initial values. An initializer given
                its own ``seed`` uses that seed instead, as in Keras.
        """
        self.compute_output_shape(input_shape)  # a ShapeError for a 1-D shape, before drawing weights
        n_in = input_shape[-1]
        self.params = {"kernel": initializers.layer_values(self.kernel_initializer, (n_in, self.units),
                                                           self.dtype, rng)}
        if self.use_bias:
            self.params["bias"] = initializers.layer_values(self.bias_initializer, (self.units,), self.dtype, rng)
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """Return a = f(x W + b).

        Args:
            x: inputs, shape (B, n_in), or (B, d1, ..., n_in) for a layer built so.
            training: unused (Dense behaves the same in training and inference).

        Returns:
            a, shape (B, units), or (B, d1, ..., units).

        Raises:
            ShapeError: ``x`` does not end in n_in features, or has another number of
                axes than the layer was built for; the message names the layer.
        """
        if x.ndim != 2:
            return self._forward_on_more_axes(x)
        kernel = self.params["kernel"]
        if x.shape[1] != kernel.shape[0]:
            raise self._wrong_input_error(x)
        z = x @ kernel  # z = x W
        if self.use_bias:
            z += self.params["bias"]  # z = x W + b (b broadcast over the batch)
        self._x, self._z = x, z
        self._a = self.activation(z)  # a = f(z)
        return self._a

    def _forward_on_more_axes(self, x):
        """``forward`` for x of shape (B, d1, ..., n_in): z = x W + b on its rows, then a = f(z)."""
        kernel = self.params["kernel"]
        if x.ndim != len(self.input_shape) or x.shape[-1] != kernel.shape[0]:
            raise self._wrong_input_error(x)
        rows = x.reshape(-1, x.shape[-1])  # B * d1 * ... rows of n_in features
        z = rows @ kernel
        if self.use_bias:
            z += self.params["bias"]
        self._x, self._input_batch_shape = rows, x.shape
        self._z = z.reshape(x.shape[:-1] + (self.units,))
        self._a = self.activation(self._z)  # f on z's own shape (a softmax's axis counts there)
        return self._a

    def backward(self, grad_output):
        """Backpropagate dL/da: set dL/dW and dL/db, return dL/dx.

        Args:
            grad_output: dL/da, shape (B, units) (or (B, d1, ..., units)).

        Returns:
            dL/dx, shape (B, n_in) (or (B, d1, ..., n_in)).
        """
        delta = self.activation.backward(self._z, self._a, grad_output)  # dL/dz = dL/da * f'(z)
        return self.backward_from_z(delta)

    def backward_without_input_gradient(self, grad_output):
        """Set dL/dW and dL/db only (the model's first layer: nobody needs dL/dx)."""
        delta = self.activation.backward(self._z, self._a, grad_output)
        self.backward_from_z(delta, input_gradient=False)

    def backward_from_z(self, delta, input_gradient=True):
        """Backpropagate delta = dL/dz through z = x W + b.

        The model calls this directly when the loss hands it dL/dz (softmax or
        sigmoid output with the matching cross-entropy: delta = (a - y) / B).

        Args:
            delta: dL/dz, shape (B, units) (or (B, d1, ..., units)).
            input_gradient: whether to compute and return dL/dx.

        Returns:
            dL/dx, shape (B, n_in) (or (B, d1, ..., n_in)), or None when
            ``input_gradient`` is False.
        """
        if delta.ndim != 2:
            # Every row of z = x W + b is one "sample": the same formulas, on the rows.
            grad_x = self.backward_from_z(delta.reshape(-1, self.units), input_gradient)
            return None if grad_x is None else grad_x.reshape(self._input_batch_shape)
        kernel, grads = self.params["kernel"], self.grads
        # The gradients are written into the arrays grads already holds (out=...), so
        # that a model can keep all of them in one block; their old values are replaced.
        np.matmul(self._x.T, delta, out=grads["kernel"])  # dL/dW = x^T delta
        if self.kernel_regularizer is not None:
            grads["kernel"] += self.kernel_regularizer.gradient(kernel)  # + d penalty / dW
        if self.use_bias:
            delta.sum(axis=0, out=grads["bias"])  # dL/db = sum of delta over the batch
            if self.bias_regularizer is not None:
                grads["bias"] += self.bias_regularizer.gradient(self.params["bias"])
        if input_gradient:
            return delta @ kernel.T  # dL/dx = delta W^T
        return None

    def regularization_penalty(self):
        """Return the kernel and bias penalties (e.g. l2 * sum(W**2)) as a float."""
        penalty = 0.0
        if self.kernel_regularizer is not None:
            penalty += float(self.kernel_regularizer(self.params["kernel"]))
        if self.bias_regularizer is not None and self.use_bias:
            penalty += float(self.bias_regularizer(self.params["bias"]))
        return penalty

    def get_config(self):
        config = super().get_config()
        config.update(
            units=self.units,
            activation=self.activation.get_config(),
            use_bias=self.use_bias,
            kernel_initializer=_config_of(self.kernel_initializer),
            bias_initializer=_config_of(self.bias_initializer),
            kernel_regularizer=_config_of(self.kernel_regularizer),
            bias_regularizer=_config_of(self.bias_regularizer),
        )
        return config


def _config_of(obj):
    """Return ``obj.get_config()`` (which ``get`` turns back into the object), or None."""
    return None if obj is None else obj.get_config()
