"""``Multiply`` and ``multiply``: the element-wise product of several inputs.

Taught in Part 4, "The Functional API" (a gate: ``multiply([x, sigmoid(g)])``).
"""

from .base_merge import Merge


class Multiply(Merge):
    """out = x_1 * x_2 * ... * x_n, element by element (shapes equal or broadcast).

    Args:
        name: the layer's name. Defaults to "multiply".
        dtype: "float32" (default) or "float64".

    Raises:
        ShapeError: fewer than 2 inputs, or shapes that do not broadcast.
    """

    def __init__(self, name=None, dtype="float32"):
        super().__init__(name=name, dtype=dtype)
        self._xs = None  # the last forward's inputs: each one's gradient needs the others

    def _merge(self, xs):
        self._xs = xs
        output = xs[0]
        for x in xs[1:]:
            output = output * x  # left to right, as Keras multiplies them
        return output

    def _merge_gradients(self, grad_output):
        # d(out)/d(x_i) = the product of the OTHER inputs, so dL/dx_i = g * prod_{j != i} x_j.
        # (Multiplying them, rather than dividing out by x_i, stays right where x_i = 0.)
        grads = []
        for i in range(len(self._xs)):
            part = grad_output
            for j, x in enumerate(self._xs):
                if j != i:
                    part = part * x
            grads.append(part)
        return grads


def multiply(inputs, **kwargs):
    """The functional form of ``Multiply``: ``multiply([a, b])`` is ``Multiply()([a, b])``.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: the layer's arguments (``name``, ``dtype``).

    Returns:
        Their product: a KerasTensor, or an array for arrays.
    """
    return Multiply(**kwargs)(inputs)
