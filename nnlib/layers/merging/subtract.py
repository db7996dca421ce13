"""``Subtract`` and ``subtract``: the difference of exactly two inputs.

Taught in Part 4, "The Functional API".
"""

from .base_merge import Merge


class Subtract(Merge):
    """out = x_1 - x_2, element by element (shapes equal or broadcast).

    Args:
        name: the layer's name. Defaults to "subtract".
        dtype: "float32" (default) or "float64".

    Raises:
        ShapeError: not exactly 2 inputs, or shapes that do not broadcast.
    """

    min_inputs = max_inputs = 2

    def _merge(self, xs):
        return xs[0] - xs[1]

    def _merge_gradients(self, grad_output):
        # d(out)/d(x_1) = 1 and d(out)/d(x_2) = -1: dL/dx_1 = g, dL/dx_2 = -g.
        return [grad_output, -grad_output]


def subtract(inputs, **kwargs):
    """The functional form of ``Subtract``: ``subtract([a, b])`` is ``Subtract()([a, b])``.

    Args:
        inputs: a list of two tensors of the same shape.
        **kwargs: the layer's arguments (``name``, ``dtype``).

    Returns:
        ``inputs[0] - inputs[1]``: a KerasTensor, or an array for arrays.
    """
    return Subtract(**kwargs)(inputs)
