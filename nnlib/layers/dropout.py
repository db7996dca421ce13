"""``Dropout``: randomly silence inputs while training, to fight overfitting.

Taught in Part 4, "Overfitting and regularization".

While training, each input is kept with probability 1 - rate and multiplied by
1 / (1 - rate) ("inverted dropout"), so the expected value of every output equals
its input and nothing needs rescaling at inference, where the layer does nothing.

With Keras's ``noise_shape`` one random draw can silence a whole slice: for inputs of
shape (B, T, F), ``noise_shape=(None, 1, None)`` draws a mask of shape (B, 1, F) and
repeats it along the T axis (NumPy broadcasting), so a feature is dropped at every
time step of a sample or at none.

``SeededNoise`` holds what every layer that draws noise while training shares (this
one and ``GaussianNoise``): where its random numbers come from.
"""

import numbers

import numpy as np

from .. import errors
from ..array_modules import array_module, to_module
from ..utils import make_rng
from .base import Layer


class SeededNoise(Layer):
    """Base class of the layers that draw random noise while training.

    The generator follows one rule: a ``seed`` given to the layer makes its own
    generator; without one (``seed=None``) the layer takes the generator its model
    passes to ``build``, so ``Sequential(seed=...)`` fixes the noise too, and a layer
    built on its own draws from ``nnlib.utils.make_rng(None)``, which follows
    ``nnlib.utils.set_random_seed``.

    Args:
        seed: None, a non-negative int, or a ``np.random.Generator``.
        name, dtype, input_shape: as for every ``Layer``.

    Raises:
        HyperparameterError: ``seed`` is not one of those.
    """

    def __init__(self, seed=None, name=None, dtype="float32", input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        self.seed = seed
        self._rng = None if seed is None else make_rng(seed)

    def build(self, input_shape, rng=None):
        """Take the model's generator ``rng`` for the noise (unless a seed was given)."""
        if self.seed is None:
            self._rng = make_rng(rng)
        super().build(input_shape, rng)

    def noise_generator(self):
        """Return the layer's ``np.random.Generator`` (made now if ``build`` never ran)."""
        if self._rng is None:
            self._rng = make_rng(None)
        return self._rng

    def get_config(self):
        config = super().get_config()
        if isinstance(self.seed, numbers.Integral):
            config["seed"] = int(self.seed)  # a Generator cannot be written down
        return config


class Dropout(SeededNoise):
    """Inverted dropout, active only when ``training`` is True.

    Args:
        rate: fraction of the inputs to drop, in [0, 1).
        noise_shape: None (one draw per input), or the shape of the mask, one entry
            per axis of the input, batch axis included; an entry of 1 shares a draw
            along that axis and None takes the input's size, as in Keras, e.g.
            ``(None, 1, None)`` for inputs of shape (B, T, F).
        seed: None (use the model's random generator, so ``Sequential(seed=...)``
            fixes the masks too), an int, or a ``np.random.Generator``.
        name: the layer's name. Defaults to "dropout".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Raises:
        HyperparameterError: ``rate`` is outside [0, 1), or ``noise_shape`` is not a
            tuple of positive ints and Nones.
        ShapeError: (in ``build`` and ``forward``) ``noise_shape`` does not fit the
            input: another number of axes, or an entry that is neither 1 nor the
            input's size.
    """

    def __init__(self, rate, noise_shape=None, seed=None, name=None, dtype="float32", input_shape=None):
        super().__init__(seed=seed, name=name, dtype=dtype, input_shape=input_shape)
        if not isinstance(rate, numbers.Real) or isinstance(rate, bool) or not 0 <= rate < 1:
            raise errors.HyperparameterError(
                f"Dropout rate is the fraction of inputs to drop and must be in [0, 1), got "
                f"{rate!r}. rate=0.5 drops half of them; rate=1 would drop everything."
            )
        self.rate = float(rate)
        self.noise_shape = _check_noise_shape(noise_shape, self.name)
        self._mask = None  # kept inputs scaled by 1/(1-rate), zeros elsewhere

    def build(self, input_shape, rng=None):
        """Check ``noise_shape`` against the input's axes; take the model's generator."""
        if self.noise_shape is not None:
            self._mask_shape(tuple(input_shape))
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """Return ``x * mask / (1 - rate)`` when training, else ``x`` itself.

        Args:
            x: inputs, shape (B, ...).
            training: drop inputs only when True.

        Returns:
            An array of the shape of ``x``.

        Raises:
            ShapeError: ``noise_shape`` does not fit the shape of ``x``.
        """
        if not training or self.rate == 0:
            self._mask = None
            return x
        shape = x.shape if self.noise_shape is None else self._mask_shape(x.shape)
        keep = self.noise_generator().random(shape, dtype=x.dtype) >= self.rate  # True with probability 1 - rate
        mask = keep * np.asarray(1 / (1 - self.rate), dtype=x.dtype)
        # The mask is drawn on the host, by the model's generator (the same masks on
        # every device); on a GPU it is copied over to meet x there.
        self._mask = to_module(mask, array_module(x))
        return x * self._mask  # a mask with entries of 1 in noise_shape repeats along those axes

    def backward(self, grad_output):
        """Return dL/dx: the gradient flows only through the kept inputs (dL/dx = dL/dy * mask)."""
        if self._mask is None:
            return grad_output
        return grad_output * self._mask

    def _mask_shape(self, input_shape):
        """Return the mask's shape for inputs of ``input_shape``: noise_shape with its Nones filled.

        Raises:
            ShapeError: noise_shape has another number of axes, or an entry that is
                neither 1 nor the input's size there.
        """
        if len(self.noise_shape) != len(input_shape):
            raise errors.ShapeError(
                f"Layer {self.name!r} (Dropout) has noise_shape={self.noise_shape}, with {len(self.noise_shape)} "
                f"axes, but its inputs have shape {tuple(input_shape)}, with {len(input_shape)}. Give one entry "
                "per axis, batch axis first (None takes the input's size)."
            )
        shape = tuple(size if wanted is None else wanted for wanted, size in zip(self.noise_shape, input_shape))
        for axis, (wanted, size) in enumerate(zip(shape, input_shape)):
            if wanted != 1 and size is not None and wanted != size:
                raise errors.ShapeError(
                    f"Layer {self.name!r} (Dropout) has noise_shape={self.noise_shape}, which does not fit "
                    f"inputs of shape {tuple(input_shape)}: at axis {axis} it needs 1 (one draw shared "
                    f"along the axis), None or {size}, not {wanted}."
                )
        return shape

    def get_config(self):
        config = super().get_config()
        config["rate"] = self.rate
        if self.noise_shape is not None:
            config["noise_shape"] = list(self.noise_shape)
        return config


def _check_noise_shape(noise_shape, layer_name):
    """Return ``noise_shape`` as a tuple of positive ints and Nones (or None).

    Raises:
        HyperparameterError: a string, not iterable, or an entry that is not a
            positive int or None.
    """
    if noise_shape is None:
        return None
    what = f"Layer {layer_name!r} (Dropout): noise_shape"
    if isinstance(noise_shape, str):
        raise errors.HyperparameterError(
            f"{what} must be a tuple or list of integers (or None), one per input axis, "
            f"e.g. (None, 1, None); got the string {noise_shape!r}."
        )
    try:
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise errors.HyperparameterError(
            f"{what} must be a tuple or list of integers (or None), one per input axis, "
            f"e.g. (None, 1, None); got {noise_shape!r}."
        ) from None
    for axis, entry in enumerate(noise_shape):
        if entry is None:
            continue
        if not isinstance(entry, numbers.Integral) or isinstance(entry, bool):
            raise errors.HyperparameterError(
                f"{what} must hold integers or None; the entry at index {axis} is {entry!r} "
                f"(type {type(entry).__name__})."
            )
        if entry <= 0:
            raise errors.HyperparameterError(
                f"{what} must hold positive integers or None; the entry at index {axis} is {entry}."
            )
    return tuple(None if entry is None else int(entry) for entry in noise_shape)
