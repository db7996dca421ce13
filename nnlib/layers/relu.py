"""``ReLU``: the rectified linear unit as a layer, with Keras's three options.

Taught in Part 2, "Activation functions" (ReLU and its variants) and Part 4, "The
same network with nnlib". With the defaults it computes max(0, x), as
``Activation("relu")``; the options give the variants Keras's layer offers:

    f(x) = max_value                          for x >= max_value
    f(x) = x                                  for threshold < x < max_value
    f(x) = -negative_slope * (threshold - x)  for x <= threshold

so ``ReLU(max_value=6)`` is ReLU6 and ``ReLU(negative_slope=0.1)`` a leaky ReLU. The
function and its derivative are ``nnlib.activations.ReLU``'s.
"""

import math
import numbers

from .. import activations, errors
from .activation import Activation


class ReLU(Activation):
    """Apply the rectified linear unit elementwise, with Keras's options.

    Args:
        max_value: the largest output (a number >= 0), or None for no limit.
            Defaults to None.
        negative_slope: the slope below the threshold, a number >= 0. Defaults to 0.
        threshold: where the unit switches on, a number >= 0. Defaults to 0.
        name: the layer's name. Defaults to "re_lu", as Keras names it.
        dtype: "float32" (default) or "float64".
        input_shape, input_dim: the shape of one sample, for a first layer.

    Attributes:
        max_value, negative_slope, threshold: as given (floats, or None).

    Raises:
        HyperparameterError: a negative ``max_value``, or a ``negative_slope`` or
            ``threshold`` that is None or negative (Keras's ValueError).
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, name=None, dtype="float32",
                 input_shape=None, input_dim=None):
        super().__init__("relu", name=name, dtype=dtype, input_shape=input_shape, input_dim=input_dim)
        where = f"(layer {self.name!r})"
        self.max_value = None if max_value is None else non_negative(
            max_value, f"max_value of a ReLU layer cannot be a negative value {where}: expected None or a "
                       f"number >= 0, got max_value={max_value!r}.")
        self.negative_slope = non_negative(
            negative_slope, f"negative_slope of a ReLU layer cannot be None or a negative value {where}: "
                            f"expected a number >= 0, got negative_slope={negative_slope!r}.")
        self.threshold = non_negative(
            threshold, f"threshold of a ReLU layer cannot be None or a negative value {where}: expected a "
                       f"number >= 0, got threshold={threshold!r}.")
        self.activation = activations.ReLU(negative_slope=self.negative_slope, max_value=self.max_value,
                                           threshold=self.threshold)

    def get_config(self):
        config = super().get_config()
        del config["activation"]  # the three options say it all: the function is always relu
        config.update(max_value=self.max_value, negative_slope=self.negative_slope, threshold=self.threshold)
        return config


def non_negative(value, message):
    """Return ``value`` as a float when it is a finite number >= 0.

    Args:
        value: the setting to check.
        message: the error's message (it names the layer and the setting).

    Raises:
        HyperparameterError: None, not a number, infinite, NaN or negative.
    """
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or value < 0):
        raise errors.HyperparameterError(message)
    return float(value)
