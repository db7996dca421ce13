"""Activation functions a = f(z) and their derivatives.

Taught in Part 2, "Activation functions" (what each one does and why a network needs
a non-linearity) and Part 3, "Backpropagation" (how ``backward`` carries the gradient
from the activation a back to the pre-activation z).

A layer computes z = x W + b and then a = f(z). In the backward pass it receives
grad_a = dL/da and needs grad_z = dL/dz. For an elementwise f this is
grad_z = grad_a * f'(z); softmax mixes the entries of a row, so it needs the whole
Jacobian, and ``Softmax.backward`` applies it without building it.

The functions and their Keras names: linear, step (the perceptron's; not in Keras),
sigmoid, tanh, relu (with Keras's ``negative_slope``, ``max_value`` and ``threshold``),
leaky_relu, relu6, elu, selu, gelu, softplus, softsign, silu (also "swish"),
exponential, hard_sigmoid, softmax and log_softmax (over any ``axis``). Options are
given as in Keras, per call (``relu(z, max_value=6)``) or to the class
(``ReLU(max_value=6)``); ``with_options`` returns the changed activation.

Every function here except ``exponential`` (which is unbounded, as in Keras) is stable
for z = +-1000: no overflow, no NaN. Where an exponential underflows to 0
(exp(-1000)), 0 is the right answer, so that underflow is ignored on purpose with
``np.errstate(under="ignore")``.
"""

import math

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


def _finite(what, value, minimum=None):
    """Return ``value`` as a float if it is a finite number (>= ``minimum`` when given).

    Raises:
        HyperparameterError: otherwise.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number) or (minimum is not None and number < minimum):
        bound = "" if minimum is None else f" >= {minimum:g}"
        raise errors.HyperparameterError(f"{what} must be a finite number{bound}, got {value!r}.")
    return number


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

    def _options(self):
        """The activation's options and their values (none for most activations)."""
        config = self.get_config()
        config.pop("name")
        return config

    def with_options(self, **options):
        """Return the same activation with some options changed, e.g. ``relu.with_options(max_value=6)``.

        Calling an activation with options, as in Keras (``relu(z, max_value=6)``), uses it.

        Raises:
            HyperparameterError: an option this activation does not have.
        """
        config = self._options()
        unknown = sorted(set(options) - set(config))
        if unknown:
            raise errors.HyperparameterError(
                f"The activation {self.name!r} has no option {', '.join(unknown)}; "
                f"its options are: {', '.join(sorted(config)) or 'none'}."
            )
        return type(self)(**{**config, **options})

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

    At z = 0 the derivative is taken as 0, as TensorFlow does. Keras's options are
    accepted, at construction (``ReLU(max_value=6)``) or per call
    (``relu(z, negative_slope=0.1)``), with Keras's meaning:

    f(z) = z where z > threshold (clipped to ``max_value`` when given), else 0, minus
    ``negative_slope * max(threshold - z, 0)``.

    Args:
        negative_slope: slope below the threshold. Defaults to 0.
        max_value: the largest output, or None (no limit).
        threshold: where the unit switches on. Defaults to 0.
    """

    name = "relu"

    def __init__(self, negative_slope=0.0, max_value=None, threshold=0.0):
        self.negative_slope = _finite("negative_slope", negative_slope, minimum=0.0)
        self.max_value = None if max_value is None else _finite("max_value", max_value, minimum=0.0)
        self.threshold = _finite("threshold", threshold)

    def _is_plain(self):
        return self.negative_slope == 0 and self.max_value is None and self.threshold == 0

    def _options(self):
        return {"negative_slope": self.negative_slope, "max_value": self.max_value, "threshold": self.threshold}

    def __call__(self, z, **options):
        if options:
            return self.with_options(**options)(z)
        z = _as_float(z)
        if self._is_plain():
            return np.maximum(z, 0)
        on = z > self.threshold
        a = np.where(on, z, 0).astype(z.dtype)
        if self.max_value is not None:
            a = np.minimum(a, np.asarray(self.max_value, dtype=z.dtype))
        if self.negative_slope:
            a = a - np.asarray(self.negative_slope, dtype=z.dtype) * np.maximum(self.threshold - z, 0)
        return a

    def derivative(self, z):
        z = _as_float(z)
        slope = (z > self.threshold)
        if self.max_value is not None:
            slope = slope & (z < self.max_value)
        slope = slope.astype(z.dtype)
        if self.negative_slope:
            slope = slope + np.asarray(self.negative_slope, dtype=z.dtype) * (z < self.threshold)
        return slope

    def backward(self, z, a, grad_a):
        if self._is_plain():
            return grad_a * (z > 0)
        return grad_a * self.derivative(z)

    def get_config(self):
        if self._is_plain():
            return {"name": self.name}
        return {"name": self.name, "negative_slope": self.negative_slope, "max_value": self.max_value,
                "threshold": self.threshold}


class LeakyReLU(ActivationFunction):
    """f(z) = z for z > 0, else negative_slope * z.

    Args:
        negative_slope: slope for z <= 0. Defaults to 0.2, the default of
            ``keras.activations.leaky_relu`` (the ``keras.layers.LeakyReLU`` layer
            uses 0.3).
    """

    name = "leaky_relu"

    def __init__(self, negative_slope=0.2):
        self.negative_slope = _finite("negative_slope", negative_slope, minimum=0.0)

    def __call__(self, z, **options):
        if options:
            return self.with_options(**options)(z)
        z = _as_float(z)
        return np.where(z > 0, z, self.negative_slope * z)

    def derivative(self, z):
        z = _as_float(z)
        return np.where(z > 0, 1, self.negative_slope).astype(z.dtype)

    def get_config(self):
        return {"name": self.name, "negative_slope": self.negative_slope}


class AlongAxis(ActivationFunction):
    """Base class of the activations computed along an axis (softmax, log_softmax).

    Args:
        axis: an int or a tuple of ints, as in Keras. Defaults to -1 (the last axis).
    """

    def __init__(self, axis=-1):
        self.axis = _check_axis(axis)

    def _options(self):
        return {"axis": self.axis}

    def get_config(self):
        config = {"name": self.name}
        if self.axis != -1:
            config["axis"] = list(self.axis) if isinstance(self.axis, tuple) else self.axis
        return config


class Softmax(AlongAxis):
    """Softmax over ``axis`` (the last one by default): a_i = exp(z_i) / sum_j exp(z_j).

    Subtracting the maximum first (softmax(z) = softmax(z - max z)) keeps every
    exponent <= 0, so nothing overflows. Each a_i depends on every z_j along the axis,
    so there is no elementwise derivative: ``backward`` applies the Jacobian
    da_i/dz_j = a_i (delta_ij - a_j) to grad_a directly.

    Args:
        axis: an int or a tuple of ints, as in ``keras.activations.softmax``. Defaults to -1.
    """

    name = "softmax"

    def __call__(self, z, **options):
        if options:
            return self.with_options(**options)(z)
        z = _as_float(z)
        with np.errstate(under="ignore"):
            e = np.exp(z - np.max(z, axis=self.axis, keepdims=True))
            return e / np.sum(e, axis=self.axis, keepdims=True)

    def derivative(self, z):
        raise errors.NNLibError(
            "softmax has no elementwise derivative: each output depends on every input of "
            "its row. Use softmax.backward(z, a, grad_a) for the gradient (a vector-Jacobian "
            "product) or softmax.jacobian(z) for the full Jacobian."
        )

    def jacobian(self, z):
        """Return the Jacobian da/dz of each row (softmax over the last axis).

        Args:
            z: pre-activations, shape (batch, n).

        Returns:
            Array of shape (batch, n, n) with J[b, i, j] = a_i (delta_ij - a_j).
        """
        a = Softmax()(z)
        with np.errstate(under="ignore"):
            return a[..., :, None] * (array_module(a).eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def backward(self, z, a, grad_a):
        # grad_z_j = sum_i grad_a_i a_i (delta_ij - a_j) = a_j (grad_a_j - sum_i grad_a_i a_i)
        with np.errstate(under="ignore"):
            return a * (grad_a - np.sum(grad_a * a, axis=self.axis, keepdims=True))



def _check_axis(axis):
    """Return ``axis`` as an int or a tuple of ints.

    Raises:
        HyperparameterError: anything else.
    """
    if isinstance(axis, (list, tuple)) and axis and all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
        return tuple(axis)
    if isinstance(axis, int) and not isinstance(axis, bool):
        return axis
    raise errors.HyperparameterError(f"axis must be an int or a tuple of ints, got {axis!r}.")


class ELU(ActivationFunction):
    """The exponential linear unit: f(z) = z for z > 0, else alpha (exp(z) - 1).

    Args:
        alpha: the value f approaches for very negative z is -alpha. Defaults to 1.
    """

    name = "elu"

    def __init__(self, alpha=1.0):
        self.alpha = _finite("alpha", alpha)

    def __call__(self, z, **options):
        if options:
            return self.with_options(**options)(z)
        z = _as_float(z)
        with np.errstate(under="ignore"):
            return np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0)))

    def derivative(self, z):
        z = _as_float(z)
        with np.errstate(under="ignore"):
            return np.where(z > 0, 1, self.alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)

    def get_config(self):
        return {"name": self.name, "alpha": self.alpha}


class SELU(ActivationFunction):
    """The scaled ELU: f(z) = scale * elu(z, alpha), with Keras's constants (Klambauer et al., 2017).

    With these constants, and LeCun-normal initial weights, the activations keep mean 0 and
    variance 1 from layer to layer.
    """

    name = "selu"
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946

    def __call__(self, z):
        return self.scale * ELU(self.alpha)(z)

    def derivative(self, z):
        return self.scale * ELU(self.alpha).derivative(z)


class GELU(ActivationFunction):
    """The Gaussian error linear unit f(z) = z Phi(z), Phi the standard normal CDF.

    Args:
        approximate: use the tanh approximation
            0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))) instead of the exact
            0.5 z (1 + erf(z / sqrt(2))). Defaults to False, as Keras.
    """

    name = "gelu"
    _C = math.sqrt(2 / math.pi)

    def __init__(self, approximate=False):
        if not isinstance(approximate, bool):
            raise errors.HyperparameterError(f"approximate must be True or False, got {approximate!r}.")
        self.approximate = approximate

    def __call__(self, z, **options):
        if options:
            return self.with_options(**options)(z)
        z = _as_float(z)
        if self.approximate:
            return 0.5 * z * (1 + np.tanh(self._C * (z + 0.044715 * z ** 3)))
        return 0.5 * z * (1 + _erf(z / math.sqrt(2)))

    def derivative(self, z):
        z = _as_float(z)
        if self.approximate:
            t = np.tanh(self._C * (z + 0.044715 * z ** 3))
            return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * self._C * (1 + 3 * 0.044715 * z * z)
        with np.errstate(under="ignore"):
            density = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        return 0.5 * (1 + _erf(z / math.sqrt(2))) + z * density

    def get_config(self):
        return {"name": self.name, "approximate": self.approximate}


def _erf(x):
    """The error function, elementwise (NumPy has none: Python's math.erf, one value at a time)."""
    xp = array_module(x)
    if xp is not np:
        special = getattr(getattr(xp, "scipy", None), "special", None)  # e.g. cupyx.scipy.special
        if special is None:
            raise errors.DeviceError(f"gelu(approximate=False) needs erf, which {xp.__name__} lacks; "
                                     "use approximate=True.")
        return special.erf(x)
    return np.frompyfunc(math.erf, 1, 1)(x).astype(x.dtype)


class Softplus(ActivationFunction):
    """f(z) = log(1 + exp(z)), a smooth ReLU; f'(z) = sigmoid(z).

    Computed as ``np.logaddexp(0, z)``, which neither overflows for z = 1000 nor loses
    the small values for z = -1000.
    """

    name = "softplus"

    def __call__(self, z):
        z = _as_float(z)
        with np.errstate(under="ignore"):
            return np.logaddexp(np.zeros((), dtype=z.dtype), z)

    def derivative(self, z):
        return sigmoid(z)


class Softsign(ActivationFunction):
    """f(z) = z / (1 + abs(z)), a slower-saturating tanh; f'(z) = 1 / (1 + abs(z))^2."""

    name = "softsign"

    def __call__(self, z):
        z = _as_float(z)
        return z / (1 + np.abs(z))

    def derivative(self, z):
        z = _as_float(z)
        return 1 / (1 + np.abs(z)) ** 2


class SiLU(ActivationFunction):
    """The sigmoid-weighted linear unit f(z) = z sigmoid(z) (Keras: "silu", also "swish").

    f'(z) = s + z s (1 - s), with s = sigmoid(z).
    """

    name = "silu"

    def __call__(self, z):
        z = _as_float(z)
        return z * sigmoid(z)

    def derivative(self, z):
        z = _as_float(z)
        s = sigmoid(z)
        with np.errstate(under="ignore"):
            return s + z * s * (1 - s)


class Exponential(ActivationFunction):
    """f(z) = exp(z) = f'(z). Unbounded: exp(z) is infinite for z > 709 (float64), as in Keras."""

    name = "exponential"

    def __call__(self, z):
        z = _as_float(z)
        with np.errstate(under="ignore", over="ignore"):
            return np.exp(z)

    def derivative(self, z):
        return self(z)


class HardSigmoid(ActivationFunction):
    """A piecewise-linear sigmoid, as Keras 3: f(z) = relu6(z + 3) / 6 = clip(z / 6 + 0.5, 0, 1)."""

    name = "hard_sigmoid"

    def __call__(self, z):
        z = _as_float(z)
        return np.clip(z / 6 + 0.5, 0, 1).astype(z.dtype)

    def derivative(self, z):
        z = _as_float(z)
        return ((z > -3) & (z < 3)).astype(z.dtype) / 6


class ReLU6(ActivationFunction):
    """f(z) = min(max(z, 0), 6); f'(z) = 1 for 0 < z < 6, else 0."""

    name = "relu6"

    def __call__(self, z):
        z = _as_float(z)
        return np.clip(z, 0, 6).astype(z.dtype)

    def derivative(self, z):
        z = _as_float(z)
        return ((z > 0) & (z < 6)).astype(z.dtype)


class LogSoftmax(AlongAxis):
    """log(softmax(z)) over ``axis``, computed as z - max z - log(sum exp(z - max z)).

    The logarithm of a softmax computed first would be log(0) = -inf wherever the softmax
    underflows; this form stays finite. ``backward``: grad_z = grad_a - softmax(z) sum(grad_a).

    Args:
        axis: an int or a tuple of ints. Defaults to -1.
    """

    name = "log_softmax"

    def __call__(self, z, **options):
        if options:
            return self.with_options(**options)(z)
        z = _as_float(z)
        shifted = z - np.max(z, axis=self.axis, keepdims=True)
        with np.errstate(under="ignore"):
            return shifted - np.log(np.sum(np.exp(shifted), axis=self.axis, keepdims=True))

    def derivative(self, z):
        raise errors.NNLibError(
            "log_softmax has no elementwise derivative: each output depends on every input along "
            "its axis. Use log_softmax.backward(z, a, grad_a)."
        )

    def backward(self, z, a, grad_a):
        with np.errstate(under="ignore"):
            return grad_a - np.exp(a) * np.sum(grad_a, axis=self.axis, keepdims=True)



step = Step()
sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
leaky_relu = LeakyReLU()
softmax = Softmax()
linear = Linear()
elu = ELU()
selu = SELU()
gelu = GELU()
softplus = Softplus()
softsign = Softsign()
silu = SiLU()
swish = silu  # Keras's other name for silu
exponential = Exponential()
hard_sigmoid = HardSigmoid()
relu6 = ReLU6()
log_softmax = LogSoftmax()

_CLASSES = (Linear, Step, Sigmoid, Tanh, ReLU, LeakyReLU, Softmax, ELU, SELU, GELU, Softplus, Softsign,
            SiLU, Exponential, HardSigmoid, ReLU6, LogSoftmax)
_BY_NAME = {cls.name: cls for cls in _CLASSES}
_INSTANCES = {f.name: f for f in (step, sigmoid, tanh, relu, leaky_relu, softmax, linear, elu, selu, gelu,
                                   softplus, softsign, silu, exponential, hard_sigmoid, relu6, log_softmax)}
_ALIASES = {"swish": "silu"}


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
        name = _ALIASES.get(name, name)
        if name not in _BY_NAME:
            raise errors.unknown_name_error("activation", name, _BY_NAME)
        return _BY_NAME[name](**config) if config else _INSTANCES[name]
    if isinstance(identifier, str):
        name = _ALIASES.get(identifier.lower(), identifier.lower())
        if name not in _INSTANCES:
            raise errors.unknown_name_error("activation", identifier, _INSTANCES)
        return _INSTANCES[name]
    raise errors.UnknownNameError(
        f"Expected an activation name ({', '.join(sorted(_INSTANCES))}), None or an "
        f"nnlib ActivationFunction; got {type(identifier).__name__} {identifier!r}."
    )
