"""``GaussianNoise``: add random normal noise to the inputs while training.

Not used by a chapter: a regularizer with Keras's name and numbers, next to Dropout
(Part 4, "Overfitting and regularization").

While training the layer returns y = x + n, with every n drawn from a normal
distribution of mean 0 and standard deviation ``stddev``; at inference it returns x
unchanged. The noise does not depend on x, so the gradient passes straight through:
dL/dx = dL/dy.
"""

import numbers

import numpy as np

from .. import errors
from ..array_modules import array_module, to_module
from .dropout import SeededNoise


class GaussianNoise(SeededNoise):
    """Additive zero-centred Gaussian noise, active only when ``training`` is True.

    Args:
        stddev: standard deviation of the noise, in [0, 1] as Keras requires.
        seed: None (use the model's random generator, so ``Sequential(seed=...)``
            fixes the noise too; ``nnlib.utils.set_random_seed`` for a layer on its
            own), an int, or a ``np.random.Generator``.
        name: the layer's name. Defaults to "gaussian_noise".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Raises:
        HyperparameterError: ``stddev`` is outside [0, 1], or ``seed`` is invalid.
    """

    def __init__(self, stddev, seed=None, name=None, dtype="float32", input_shape=None):
        super().__init__(seed=seed, name=name, dtype=dtype, input_shape=input_shape)
        if not isinstance(stddev, numbers.Real) or isinstance(stddev, bool) or not 0 <= stddev <= 1:
            raise errors.HyperparameterError(
                f"Layer {self.name!r} (GaussianNoise): stddev is the standard deviation of the noise "
                f"and must be a number in [0, 1], got {stddev!r}."
            )
        self.stddev = float(stddev)

    def forward(self, x, training=False):
        """Return ``x + noise`` when training (noise ~ N(0, stddev^2), shape of ``x``), else ``x``."""
        if not training or self.stddev == 0:
            return x
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(self.dtype)  # integer inputs get float noise, in the layer's dtype
        noise = self.noise_generator().normal(0.0, self.stddev, x.shape).astype(x.dtype, copy=False)
        # Drawn on the host by the layer's generator (the same noise on every device).
        return x + to_module(noise, array_module(x))

    def backward(self, grad_output):
        """Return dL/dx = dL/dy: the added noise does not depend on x."""
        return grad_output

    def get_config(self):
        config = super().get_config()
        config["stddev"] = self.stddev
        return config
