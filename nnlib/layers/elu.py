"""``ELU``: the exponential linear unit as a layer.

Taught in Part 2, "Activation functions". f(x) = x for x > 0, else
alpha * (exp(x) - 1): smooth at 0 for alpha = 1, and tending to -alpha for very
negative x, so the mean output stays nearer zero than a ReLU's. The function and its
derivative (1, or alpha * exp(x)) are ``nnlib.activations.ELU``'s.
"""

import math
import numbers

from .. import activations, errors
from .activation import Activation


class ELU(Activation):
    """Apply f(x) = x for x > 0, else ``alpha * (exp(x) - 1)``, elementwise.

    Args:
        alpha: the scale of the negative part (outputs tend to -alpha). Defaults to 1.0.
        name: the layer's name. Defaults to "elu".
        dtype: "float32" (default) or "float64".
        input_shape, input_dim: the shape of one sample, for a first layer.

    Attributes:
        alpha: a float.

    Raises:
        HyperparameterError: ``alpha`` is not a finite number.
    """

    def __init__(self, alpha=1.0, name=None, dtype="float32", input_shape=None, input_dim=None):
        super().__init__("elu", name=name, dtype=dtype, input_shape=input_shape, input_dim=input_dim)
        if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not math.isfinite(alpha):
            raise errors.HyperparameterError(
                f"Layer {self.name!r} (ELU): alpha must be a finite number (outputs tend to -alpha for very "
                f"negative inputs), got alpha={alpha!r}."
            )
        self.alpha = float(alpha)
        self.activation = activations.ELU(alpha=self.alpha)

    def get_config(self):
        config = super().get_config()
        del config["activation"]  # alpha says it all: the function is always elu
        config["alpha"] = self.alpha
        return config
