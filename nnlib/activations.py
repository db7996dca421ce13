"""Activation functions a = f(z) and their derivatives.

Taught in Part 2, "Activation functions" (what each one does and why a network needs
a non-linearity) and Part 3, "Backpropagation" (how ``backward`` carries the gradient
from the activation a back to the pre-activation z).

A layer computes z = x W + b and then a = f(z). In the backward pass it receives
grad_a = dL/da and needs grad_z = dL/dz. For an elementwise f this is
grad_z = grad_a * f'(z); softmax mixes the entries of a row, so it needs the whole
Jacobian, and ``Softmax.backward`` applies it without building it.

Every function here is stable for z = +-1000: no overflow, no NaN. Where an exponential
underflows to 0 (exp(-1000)), 0 is the right answer, so that underflow is ignored on
purpose with ``np.errstate(under="ignore")``.
"""

import numpy as np

from . import errors
from .array_modules import array_module, asarray


def _as_float(z):
    """Return ``z`` as a float array (ints become float32, floats keep their dtype).

    A GPU (CuPy) array stays on the GPU: see ``nnlib.array_modules``.
    """
    z = asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float32)
    return z


class ActivationFunction:
    """Base class: an elementwise activation a = f(z) with its derivative f'(z).

    Subclasses implement ``__call__`` and ``derivative``; ``backward`` then works for
    every elementwise function.
    """

    name = "activation"

    def __call__(self, z):
        """Return a = f(z), same shape and dtype as ``z``."""
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(z).")

    def derivative(self, z):
        """Return f'(z) elementwise, same shape as ``z``."""
        raise NotImplementedError(f"{type(self).__name__} must implement derivative(z).")

    def backward(self, z, a, grad_a):
        """Return grad_z = dL/dz from grad_a = dL/da (the vector-Jacobian product).

        Args:
            z: pre-activations, shape (batch, units).
            a: activations f(z) from the forward pass, shape (batch, units).
            grad_a: dL/da, shape (batch, units).

        Returns:
            dL/dz, shape (batch, units): grad_a * f'(z) for an elementwise f.
        """
        return grad_a * self.derivative(z)

    def get_config(self):
        """Return a dict from which ``get`` rebuilds this activation."""
        return {"name": self.name}

    def __repr__(self):
        return f"<activation {self.name}>"


class Linear(ActivationFunction):
    """The identity f(z) = z (Keras: "linear"). A regression output uses it."""

    name = "linear"

    def __call__(self, z):
        return _as_float(z)

    def derivative(self, z):
        return np.ones_like(_as_float(z))

    def backward(self, z, a, grad_a):
        return grad_a


class Step(ActivationFunction):
    """The perceptron's step: f(z) = 1 where z >= 0, else 0.

    Its derivative is 0 everywhere it exists, so gradient descent cannot train
    through it; that is why networks use sigmoid instead (Part 2).
    """

    name = "step"

    def __call__(self, z):
        z = _as_float(z)
        return (z >= 0).astype(z.dtype)

    def derivative(self, z):
        return np.zeros_like(_as_float(z))


class Sigmoid(ActivationFunction):
    """The logistic function f(z) = 1 / (1 + exp(-z)), with f'(z) = f(z) (1 - f(z)).

    Computed from ``e = exp(-|z|)``, which is never larger than 1: for z >= 0 the value is
    1 / (1 + e), for z < 0 it is e / (1 + e). The textbook formula overflows in
    exp(-z) for z = -1000.
    """

    name = "sigmoid"

    def __call__(self, z):
        z = _as_float(z)
        with np.errstate(under="ignore"):
            e = np.exp(-np.abs(z))
            s = 1 / (1 + e)
            return np.where(z >= 0, s, e * s)

    def derivative(self, z):
        a = self(z)
        with np.errstate(under="ignore"):
            return a * (1 - a)

    def backward(self, z, a, grad_a):
        # Reuse a = f(z) from the forward pass: f'(z) = a (1 - a).
        with np.errstate(under="ignore"):
            return grad_a * a * (1 - a)


class Tanh(ActivationFunction):
    """The hyperbolic tangent f(z) = tanh(z), with f'(z) = 1 - tanh(z)^2."""

    name = "tanh"

    def __call__(self, z):
        return np.tanh(_as_float(z))

    def derivative(self, z):
        a = np.tanh(_as_float(z))
        return 1 - a * a

    def backward(self, z, a, grad_a):
        return grad_a * (1 - a * a)


class ReLU(ActivationFunction):
    """The rectified linear unit f(z) = max(0, z); f'(z) = 1 for z > 0, else 0.

    At z = 0 the derivative is taken as 0, as TensorFlow does.
    """

    name = "relu"

    def __call__(self, z):
        z = _as_float(z)
        return np.maximum(z, 0)

    def derivative(self, z):
        z = _as_float(z)
        return (z > 0).astype(z.dtype)

    def backward(self, z, a, grad_a):
        return grad_a * (z > 0)


class LeakyReLU(ActivationFunction):
    """f(z) = z for z > 0, else negative_slope * z.

    Args:
        negative_slope: slope for z <= 0. Defaults to 0.2, the default of
            ``keras.activations.leaky_relu`` (the ``keras.layers.LeakyReLU`` layer
            uses 0.3).
    """

    name = "leaky_relu"

    def __init__(self, negative_slope=0.2):
        if not np.isfinite(negative_slope) or negative_slope < 0:
            raise errors.HyperparameterError(
                f"negative_slope must be a finite number >= 0, got {negative_slope!r}."
            )
        self.negative_slope = float(negative_slope)

    def __call__(self, z):
        z = _as_float(z)
        return np.where(z > 0, z, self.negative_slope * z)

    def derivative(self, z):
        z = _as_float(z)
        return np.where(z > 0, 1, self.negative_slope).astype(z.dtype)

    def get_config(self):
        return {"name": self.name, "negative_slope": self.negative_slope}


class Softmax(ActivationFunction):
    """Softmax over the last axis: a_i = exp(z_i) / sum_j exp(z_j).

    Subtracting the row maximum first (softmax(z) = softmax(z - max z)) keeps every
    exponent <= 0, so nothing overflows. Each a_i depends on every z_j of its row,
    so there is no elementwise derivative: ``backward`` applies the Jacobian
    da_i/dz_j = a_i (delta_ij - a_j) to grad_a directly.
    """

    name = "softmax"

    def __call__(self, z):
        z = _as_float(z)
        with np.errstate(under="ignore"):
            e = np.exp(z - np.max(z, axis=-1, keepdims=True))
            return e / np.sum(e, axis=-1, keepdims=True)

    def derivative(self, z):
        raise errors.NNLibError(
            "softmax has no elementwise derivative: each output depends on every input of "
            "its row. Use softmax.backward(z, a, grad_a) for the gradient (a vector-Jacobian "
            "product) or softmax.jacobian(z) for the full Jacobian."
        )

    def jacobian(self, z):
        """Return the Jacobian da/dz of each row.

        Args:
            z: pre-activations, shape (batch, n).

        Returns:
            Array of shape (batch, n, n) with J[b, i, j] = a_i (delta_ij - a_j).
        """
        a = self(z)
        with np.errstate(under="ignore"):
            return a[..., :, None] * (array_module(a).eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def backward(self, z, a, grad_a):
        # grad_z_j = sum_i grad_a_i a_i (delta_ij - a_j) = a_j (grad_a_j - sum_i grad_a_i a_i)
        with np.errstate(under="ignore"):
            return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


step = Step()
sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
leaky_relu = LeakyReLU()
softmax = Softmax()
linear = Linear()

_BY_NAME = {
    "linear": Linear,
    "step": Step,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "softmax": Softmax,
}
_INSTANCES = {f.name: f for f in (step, sigmoid, tanh, relu, leaky_relu, softmax, linear)}


def get(identifier):
    """Return the activation an identifier names.

    Args:
        identifier: None (linear, as a Keras ``Dense`` without activation), a name
            such as ``"relu"`` (case-insensitive, Keras names), an
            ``ActivationFunction``, or a dict from ``get_config()``.

    Returns:
        An ``ActivationFunction``.

    Raises:
        UnknownNameError: the name is not an activation (the message suggests the
            closest one), or the identifier is of another type.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, ActivationFunction):
        return identifier
    if isinstance(identifier, dict):
        config = dict(identifier)
        name = str(config.pop("name", "")).lower()
        if name not in _BY_NAME:
            raise errors.unknown_name_error("activation", name, _BY_NAME)
        return _BY_NAME[name](**config) if config else _INSTANCES[name]
    if isinstance(identifier, str):
        name = identifier.lower()
        if name not in _INSTANCES:
            raise errors.unknown_name_error("activation", identifier, _INSTANCES)
        return _INSTANCES[name]
    raise errors.UnknownNameError(
        f"Expected an activation name ({', '.join(sorted(_INSTANCES))}), None or an "
        f"nnlib ActivationFunction; got {type(identifier).__name__} {identifier!r}."
    )
