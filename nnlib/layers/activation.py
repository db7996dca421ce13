"""``Activation``: apply an activation function as a layer of its own.

Taught in Part 4, "The same network with nnlib". ``Dense(10, activation="relu")`` and
``Dense(10)`` followed by ``Activation("relu")`` compute the same thing; the second
form shows the pre-activations z as a layer's output, which helps when debugging.
Backpropagation through it is Part 3's delta = dL/da * f'(z).
"""

from .. import activations
from .base import Layer


class Activation(Layer):
    """Apply ``activation`` elementwise (softmax: over the last axis).

    Args:
        activation: a name ("relu", "sigmoid", "softmax", ...) or an nnlib activation.
        name: the layer's name. Defaults to "activation".
        dtype: "float32" (default) or "float64".
        input_shape, input_dim: the shape of one sample, for a first layer.

    Raises:
        UnknownNameError: the activation name is unknown.
    """

    def __init__(self, activation, name=None, dtype="float32", input_shape=None, input_dim=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape, input_dim=input_dim)
        self.activation = activations.get(activation)
        self._z = None  # the input z of the last forward pass
        self._a = None  # the output f(z)

    @property
    def logits(self):
        """The input z of the last forward pass (the logits for a softmax output)."""
        return self._z

    def forward(self, x, training=False):
        """Return f(x), same shape as ``x``."""
        self._z = x
        self._a = self.activation(x)
        return self._a

    def backward(self, grad_output):
        """Return dL/dz = dL/da * f'(z) (softmax: its Jacobian applied to dL/da)."""
        return self.activation.backward(self._z, self._a, grad_output)

    def backward_from_z(self, delta, input_gradient=True):
        """Return ``delta`` = dL/dz unchanged: the loss already went through f."""
        return delta if input_gradient else None

    def get_config(self):
        config = super().get_config()
        config["activation"] = self.activation.get_config()
        return config
