"""``Dropout``: randomly silence inputs while training, to fight overfitting.

Taught in Part 7, "FAQ: overfitting"; used from Part 4, "The same network with nnlib".

While training, each input is kept with probability 1 - rate and multiplied by
1 / (1 - rate) ("inverted dropout"), so the expected value of every output equals
its input and nothing needs rescaling at inference, where the layer does nothing.
"""

import numbers

import numpy as np

from .. import errors
from ..array_modules import array_module, to_module
from ..utils import make_rng
from .base import Layer


class Dropout(Layer):
    """Inverted dropout, active only when ``training`` is True.

    Args:
        rate: fraction of the inputs to drop, in [0, 1).
        seed: None (use the model's random generator, so ``Sequential(seed=...)``
            fixes the masks too), an int, or a ``np.random.Generator``.
        name: the layer's name. Defaults to "dropout".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Raises:
        HyperparameterError: ``rate`` is outside [0, 1).
    """

    def __init__(self, rate, seed=None, name=None, dtype="float32", input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        if not isinstance(rate, numbers.Real) or isinstance(rate, bool) or not 0 <= rate < 1:
            raise errors.HyperparameterError(
                f"Dropout rate is the fraction of inputs to drop and must be in [0, 1), got "
                f"{rate!r}. rate=0.5 drops half of them; rate=1 would drop everything."
            )
        self.rate = float(rate)
        self.seed = seed
        self._rng = None if seed is None else make_rng(seed)
        self._mask = None  # kept inputs scaled by 1/(1-rate), zeros elsewhere

    def build(self, input_shape, rng=None):
        """Take the model's generator ``rng`` for the masks (unless a seed was given)."""
        if self.seed is None:
            self._rng = make_rng(rng)
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """Return ``x * mask / (1 - rate)`` when training, else ``x`` itself."""
        if not training or self.rate == 0:
            self._mask = None
            return x
        if self._rng is None:
            self._rng = make_rng(None)
        keep = self._rng.random(x.shape, dtype=x.dtype) >= self.rate  # True with probability 1 - rate
        mask = keep * np.asarray(1 / (1 - self.rate), dtype=x.dtype)
        # The mask is drawn on the host, by the model's generator (the same masks on
        # every device); on a GPU it is copied over to meet x there.
        self._mask = to_module(mask, array_module(x))
        return x * self._mask

    def backward(self, grad_output):
        """Return dL/dx: the gradient flows only through the kept inputs."""
        if self._mask is None:
            return grad_output
        return grad_output * self._mask

    def get_config(self):
        config = super().get_config()
        config["rate"] = self.rate
        if isinstance(self.seed, numbers.Integral):
            config["seed"] = int(self.seed)
        return config
