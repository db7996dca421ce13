"""Weight initializers: the random starting values of W (and the zeros of b).

Taught in Part 3, "Initialization, vanishing gradients and batch normalization"
(why random, and at which scale). The formulas are those of Keras 3 (keras/src/initializers).

Glorot (Xavier) and He scale the spread of the weights to the number of inputs
(fan_in) and outputs (fan_out) of a layer, so that the signal neither explodes nor
dies as it passes through many layers:

- ``glorot_uniform`` (the Keras ``Dense`` default): U(-limit, limit) with
  limit = sqrt(6 / (fan_in + fan_out)).
- ``glorot_normal``: stddev = sqrt(2 / (fan_in + fan_out)).
- ``he_uniform``: limit = sqrt(6 / fan_in); ``he_normal``: stddev = sqrt(2 / fan_in),
  made for ReLU layers.
- ``lecun_normal``: stddev = sqrt(1 / fan_in).

The "normal" ones draw from a normal distribution TRUNCATED at two standard
deviations (values further out are drawn again), as Keras does. Truncation shrinks the
spread by the factor 0.8796..., so Keras divides the requested stddev by it first; the
weights then have the standard deviation the formula asks for.

Every initializer is called as ``init(shape, dtype="float32", rng=None)`` and draws
from ``rng`` (a ``np.random.Generator``); without one it uses its own ``seed``.
"""

import math
import numbers

import numpy as np

from . import errors, registry
from .utils import make_rng

# Standard deviation of a standard normal truncated to [-2, 2] (Keras's constant).
_TRUNCATED_STDDEV = 0.87962566103423978


def compute_fans(shape):
    """Return (fan_in, fan_out) for a weight shape, as Keras computes them.

    Args:
        shape: a ``Dense`` kernel has shape (n_in, n_out): fan_in = n_in,
            fan_out = n_out. A 1-D shape (n,) gives n for both. For more axes
            (convolution kernels), the leading axes multiply both fans.

    Returns:
        (fan_in, fan_out) as ints.
    """
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive_field = math.prod(shape[:-2])
    return int(shape[-2] * receptive_field), int(shape[-1] * receptive_field)


def truncated_normal(rng, shape, mean=0.0, stddev=1.0):
    """Draw normal numbers, drawing again every value more than 2 stddev from the mean.

    Args:
        rng: a ``np.random.Generator``.
        shape: output shape.
        mean: mean of the normal before truncation.
        stddev: standard deviation of the normal before truncation.

    Returns:
        float64 array of the given shape, all values within mean +- 2 stddev.
    """
    x = rng.standard_normal(shape)
    outside = np.abs(x) > 2
    while np.any(outside):
        x[outside] = rng.standard_normal(np.count_nonzero(outside))
        outside = np.abs(x) > 2
    return mean + stddev * x


class Initializer:
    """Base class. Subclasses implement ``draw(shape, rng) -> float64 array``."""

    name = "initializer"

    def __init__(self, seed=None):
        make_rng(seed)  # raises now, not at the first call, when the seed is invalid
        self.seed = seed

    def __call__(self, shape, dtype="float32", rng=None):
        """Return a new array of initial values.

        Args:
            shape: tuple of non-negative ints, e.g. (n_in, units) for a kernel.
            dtype: a float dtype. Defaults to "float32", as Keras.
            rng: a ``np.random.Generator`` to draw from. Without one, the
                initializer's ``seed`` is used (a fixed int seed then gives the same
                values on every call, as Keras 3 does).

        Returns:
            Array of the given shape and dtype.

        Raises:
            ShapeError: ``shape`` is not a tuple of non-negative ints.
        """
        shape = _check_shape(shape)
        dtype = np.dtype(dtype)
        if not np.issubdtype(dtype, np.floating):
            raise errors.HyperparameterError(f"Initial weights must have a float dtype, got {dtype}.")
        rng = make_rng(self.seed if rng is None else rng)
        return np.asarray(self.draw(shape, rng), dtype=dtype)

    def draw(self, shape, rng):
        """Return new values of ``shape`` drawn from ``rng``. Implemented by each initializer."""
        raise NotImplementedError(f"{type(self).__name__} must implement draw(shape, rng).")

    def get_config(self):
        """Return the constructor arguments (and ``name``) as a dict."""
        return {"name": self.name, "seed": self.seed}

    def __repr__(self):
        config = self.get_config()
        args = ", ".join(f"{k}={v!r}" for k, v in config.items() if k != "name")
        return f"{type(self).__name__}({args})"


def layer_values(initializer, shape, dtype, rng):
    """Return the starting values of a layer's weight (what ``Dense.build`` draws).

    A layer passes its model's generator ``rng``; an initializer made with its own
    ``seed`` uses that seed instead, as in Keras.

    Args:
        initializer: an ``Initializer``.
        shape: the weight's shape, e.g. (n_in, units).
        dtype: the layer's dtype.
        rng: the model's ``np.random.Generator``, or None (a fresh generator).

    Returns:
        Array of ``shape`` and ``dtype``.
    """
    if getattr(initializer, "seed", None) is not None:
        rng = None  # the initializer's own seed wins
    elif rng is None:
        rng = make_rng(None)
    return initializer(shape, dtype=dtype, rng=rng)


def _check_shape(shape):
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise errors.ShapeError(f"shape must be a tuple of ints such as (784, 128), got {shape!r}.") from None
    if not all(isinstance(d, numbers.Integral) and d >= 0 for d in shape):
        raise errors.ShapeError(f"shape must hold non-negative ints, got {shape!r}.")
    return tuple(int(d) for d in shape)


class Zeros(Initializer):
    """All zeros (the Keras default for biases)."""

    name = "zeros"

    def draw(self, shape, rng):
        return np.zeros(shape)


class Ones(Initializer):
    """All ones."""

    name = "ones"

    def draw(self, shape, rng):
        return np.ones(shape)


class Constant(Initializer):
    """Every value equal to ``value``, a number or an array (Keras ``Constant``).

    An array value is broadcast to the requested shape by NumPy's rules, as Keras 3
    does: ``Constant([1, 2, 3])`` fills every row of a (4, 3) kernel with 1, 2, 3, and
    ``Constant(np.eye(3))`` gives exactly a (3, 3) weight.

    Args:
        value: a real number, or an array-like of real numbers. Defaults to 0.0.

    Raises:
        HyperparameterError: ``value`` is not a number or an array of numbers.
        ShapeError: (when called) ``value`` cannot be broadcast to the requested shape.
    """

    name = "constant"

    def __init__(self, value=0.0):
        super().__init__(seed=None)
        self.value = _constant_value(value)

    def draw(self, shape, rng):
        if isinstance(self.value, float):
            return np.full(shape, self.value)
        try:
            return np.broadcast_to(self.value, shape).copy()
        except ValueError:
            raise errors.ShapeError(
                f"Constant initializer: its value has shape {self.value.shape}, which cannot fill a "
                f"weight of shape {shape}. Give a value of shape {shape}, one that broadcasts to it "
                f"(e.g. shape {shape[-1:]} repeats along the last axis), or a single number."
            ) from None

    def get_config(self):
        # An array is written as nested lists (JSON), as Keras writes a list value.
        value = self.value if isinstance(self.value, float) else self.value.tolist()
        return {"name": self.name, "value": value}


def _constant_value(value):
    """Return ``value`` as a float (a number or a 0-d array) or a float64 array.

    Raises:
        HyperparameterError: not a real number or an array of real numbers.
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        array = None
    if array is None or not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_) \
            or np.issubdtype(array.dtype, np.complexfloating):
        raise errors.HyperparameterError(
            f"Constant(value=...) takes a real number or an array of real numbers, got {value!r}."
        )
    if array.ndim == 0:
        return float(array)
    return array.astype(np.float64)


class RandomNormal(Initializer):
    """Normal values with the given mean and standard deviation (not truncated).

    Args:
        mean: Defaults to 0.0.
        stddev: Defaults to 0.05, as Keras.
        seed: int, None or Generator, used when no ``rng`` is passed.
    """

    name = "random_normal"

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        _check_positive("stddev", stddev)
        self.mean, self.stddev = float(mean), float(stddev)

    def draw(self, shape, rng):
        return rng.normal(self.mean, self.stddev, shape)

    def get_config(self):
        return {"name": self.name, "mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class TruncatedNormal(RandomNormal):
    """Normal values, drawn again when further than 2 stddev from the mean (Keras ``TruncatedNormal``)."""

    name = "truncated_normal"

    def draw(self, shape, rng):
        return truncated_normal(rng, shape, self.mean, self.stddev)


class RandomUniform(Initializer):
    """Uniform values in [minval, maxval).

    Args:
        minval: Defaults to -0.05, as Keras.
        maxval: Defaults to 0.05, as Keras.
        seed: int, None or Generator, used when no ``rng`` is passed.
    """

    name = "random_uniform"

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        if not minval < maxval:
            raise errors.HyperparameterError(f"minval must be < maxval, got minval={minval}, maxval={maxval}.")
        self.minval, self.maxval = float(minval), float(maxval)

    def draw(self, shape, rng):
        return rng.uniform(self.minval, self.maxval, shape)

    def get_config(self):
        return {"name": self.name, "minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class VarianceScaling(Initializer):
    """The family behind Glorot, He and LeCun: the spread follows the layer's fans.

    With n = fan_in, fan_out or (fan_in + fan_out) / 2 (``mode``) and
    s = scale / n:

    - ``distribution="uniform"``: U(-limit, limit) with limit = sqrt(3 s).
    - ``distribution="truncated_normal"``: a normal truncated at 2 stddev, with
      stddev = sqrt(s) / 0.8796... so that the result has standard deviation sqrt(s).
    - ``distribution="untruncated_normal"``: a plain normal with stddev sqrt(s).

    Args:
        scale: positive float. Defaults to 1.0.
        mode: "fan_in", "fan_out" or "fan_avg". Defaults to "fan_in".
        distribution: "truncated_normal" (or "normal"), "untruncated_normal" or
            "uniform". Defaults to "truncated_normal".
        seed: int, None or Generator, used when no ``rng`` is passed.
    """

    name = "variance_scaling"

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        super().__init__(seed)
        _check_positive("scale", scale)
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise errors.unknown_name_error("mode", mode, ["fan_in", "fan_out", "fan_avg"])
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("truncated_normal", "untruncated_normal", "uniform"):
            raise errors.unknown_name_error(
                "distribution", distribution, ["truncated_normal", "untruncated_normal", "uniform"]
            )
        self.scale, self.mode, self.distribution = float(scale), mode, distribution

    def draw(self, shape, rng):
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        s = self.scale / max(1.0, n)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * s)
            return rng.uniform(-limit, limit, shape)
        if self.distribution == "untruncated_normal":
            return rng.normal(0.0, math.sqrt(s), shape)
        return truncated_normal(rng, shape, 0.0, math.sqrt(s) / _TRUNCATED_STDDEV)

    def get_config(self):
        config = {"scale": self.scale, "mode": self.mode, "distribution": self.distribution}
        return {"name": self.name, **config, "seed": self.seed}


class _NamedVarianceScaling(VarianceScaling):
    """A VarianceScaling with fixed settings; only ``seed`` is configurable."""

    settings = {}

    def __init__(self, seed=None):
        super().__init__(seed=seed, **self.settings)

    def get_config(self):
        return {"name": self.name, "seed": self.seed}


class GlorotUniform(_NamedVarianceScaling):
    """U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)). The Keras ``Dense`` default."""

    name = "glorot_uniform"
    settings = {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform"}


class GlorotNormal(_NamedVarianceScaling):
    """Truncated normal with standard deviation sqrt(2 / (fan_in + fan_out))."""

    name = "glorot_normal"
    settings = {"scale": 1.0, "mode": "fan_avg", "distribution": "truncated_normal"}


class HeUniform(_NamedVarianceScaling):
    """U(-limit, limit), limit = sqrt(6 / fan_in). Made for ReLU layers."""

    name = "he_uniform"
    settings = {"scale": 2.0, "mode": "fan_in", "distribution": "uniform"}


class HeNormal(_NamedVarianceScaling):
    """Truncated normal with standard deviation sqrt(2 / fan_in). Made for ReLU layers."""

    name = "he_normal"
    settings = {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal"}


class LecunUniform(_NamedVarianceScaling):
    """U(-limit, limit), limit = sqrt(3 / fan_in)."""

    name = "lecun_uniform"
    settings = {"scale": 1.0, "mode": "fan_in", "distribution": "uniform"}


class LecunNormal(_NamedVarianceScaling):
    """Truncated normal with standard deviation sqrt(1 / fan_in)."""

    name = "lecun_normal"
    settings = {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal"}


def _check_positive(what, value):
    if not (isinstance(value, numbers.Real) and math.isfinite(value) and value > 0):
        raise errors.HyperparameterError(f"{what} must be a positive number, got {value!r}.")


_CLASSES = {
    cls.name: cls
    for cls in (
        Zeros, Ones, Constant, RandomNormal, TruncatedNormal, RandomUniform, VarianceScaling,
        GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal,
    )
}
# Keras also accepts the class names ("GlorotUniform"); lower-cased they read "glorotuniform".
_ALIASES = {cls.__name__.lower(): name for name, cls in _CLASSES.items()}


def get(identifier):
    """Return the initializer an identifier names.

    Args:
        identifier: a Keras name such as ``"glorot_uniform"`` or ``"he_normal"`` or a
            class name such as ``"GlorotUniform"`` (case-insensitive), an
            ``Initializer`` (returned as is), a dict from ``get_config()``, or None
            (returns None, as Keras).

    Returns:
        An ``Initializer`` (or None).

    Raises:
        UnknownNameError: the name is not an initializer (the message suggests the
            closest one) or the identifier is of another type.
    """
    return registry.resolve(
        "initializer", identifier, Initializer, _CLASSES, _ALIASES, (),
        expected="an initializer name such as 'glorot_uniform', an nnlib Initializer or None",
    )
