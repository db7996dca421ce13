"""``LeakyReLU``: a ReLU that lets a little gradient through below zero.

Taught in Part 2, "Activation functions" (the dying-ReLU problem and its fix) and
Part 4, "The same network with nnlib". f(x) = x for x > 0, else negative_slope * x,
so f'(x) is 1 or negative_slope and never 0: a unit whose inputs are all negative
still learns. The function and its derivative are ``nnlib.activations.LeakyReLU``'s.
"""

import warnings

from .. import activations
from .activation import Activation
from .relu import non_negative


class LeakyReLU(Activation):
    """Apply f(x) = x for x > 0, else ``negative_slope * x``, elementwise.

    Args:
        negative_slope: the slope for x <= 0, a number >= 0. Defaults to 0.3, the
            default of Keras's layer (the function ``nnlib.activations.leaky_relu``
            defaults to 0.2, as Keras's does).
        alpha: the name tf.keras 2 gave ``negative_slope``. Accepted with a warning,
            as Keras 3 accepts it; when given it wins over ``negative_slope``.
        name: the layer's name. Defaults to "leaky_re_lu", as Keras names it.
        dtype: "float32" (default) or "float64".
        input_shape, input_dim: the shape of one sample, for a first layer.

    Attributes:
        negative_slope: a float.

    Raises:
        HyperparameterError: ``negative_slope`` is None or negative (Keras's ValueError).
    """

    def __init__(self, negative_slope=0.3, alpha=None, name=None, dtype="float32", input_shape=None,
                 input_dim=None):
        if alpha is not None:
            negative_slope = alpha
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.", stacklevel=2)
        super().__init__("leaky_relu", name=name, dtype=dtype, input_shape=input_shape, input_dim=input_dim)
        self.negative_slope = non_negative(
            negative_slope, f"The negative_slope value of a Leaky ReLU layer cannot be None or negative value "
                            f"(layer {self.name!r}): expected a float >= 0, got negative_slope={negative_slope!r}.")
        self.activation = activations.LeakyReLU(negative_slope=self.negative_slope)

    def get_config(self):
        config = super().get_config()
        del config["activation"]  # the slope says it all: the function is always leaky_relu
        config["negative_slope"] = self.negative_slope
        return config
