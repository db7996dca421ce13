"""``Softmax``: the softmax activation as a layer of its own, over any axis.

Taught in Part 2, "Activation functions" (softmax turns scores into probabilities)
and Part 4, "The same network with nnlib". ``Softmax()`` computes what
``Activation("softmax")`` computes, under Keras's name and with its ``axis``
argument; the function and its backward pass (the Jacobian a_i (delta_ij - a_j)
applied to dL/da) are ``nnlib.activations.Softmax``'s.
"""

import numbers

from .. import activations, errors
from .activation import Activation


class Softmax(Activation):
    """Apply softmax along ``axis``: a_i = exp(z_i) / sum_j exp(z_j).

    As the last layer of a model compiled with a categorical cross-entropy (and
    ``axis=-1``), the loss is computed from the logits, as for ``Activation("softmax")``.

    Args:
        axis: the axis (an int) or axes (a list or tuple of ints) the probabilities
            sum to 1 over. Defaults to -1, the last axis.
        name: the layer's name. Defaults to "softmax".
        dtype: "float32" (default) or "float64".
        input_shape, input_dim: the shape of one sample, for a first layer.

    Attributes:
        axis: an int or a tuple of ints.

    Raises:
        HyperparameterError: ``axis`` is not an int or a non-empty list of ints.
    """

    def __init__(self, axis=-1, name=None, dtype="float32", input_shape=None, input_dim=None):
        super().__init__("softmax", name=name, dtype=dtype, input_shape=input_shape, input_dim=input_dim)
        self.axis = _check_axis(axis, self.name)
        self.activation = activations.Softmax(axis=self.axis)

    def compute_output_shape(self, input_shape):
        """The input's shape; the axes must exist in it.

        Raises:
            ShapeError: ``axis`` names an axis the input does not have.
        """
        rank = len(input_shape)
        for axis in self.axis if isinstance(self.axis, tuple) else (self.axis,):
            if not -rank <= axis < rank:
                raise errors.ShapeError(
                    f"Layer {self.name!r} (Softmax) normalizes over axis {axis}, but its inputs of shape "
                    f"{tuple(input_shape)} have {rank} axes (batch axis included)."
                )
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        del config["activation"]  # the axis says it all: the function is always softmax
        config["axis"] = list(self.axis) if isinstance(self.axis, tuple) else self.axis
        return config


def _check_axis(axis, name):
    """Return ``axis`` as an int or a tuple of ints.

    Raises:
        HyperparameterError: anything else (the message names the layer).
    """
    def is_int(value):
        return isinstance(value, numbers.Integral) and not isinstance(value, bool)

    if is_int(axis):
        return int(axis)
    if isinstance(axis, (list, tuple)) and axis and all(is_int(a) for a in axis):
        return tuple(int(a) for a in axis)
    raise errors.HyperparameterError(
        f"Layer {name!r} (Softmax): axis must be an int or a non-empty list of ints "
        f"(the axes the probabilities sum to 1 over, e.g. -1), got {axis!r}."
    )
