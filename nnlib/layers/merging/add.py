"""``Add`` and ``add``: the element-wise sum of several inputs.

Taught in Part 4, "The Functional API" (a residual connection is ``add([x, f(x)])``).
"""

from .base_merge import Merge


class Add(Merge):
    """out = x_1 + x_2 + ... + x_n, element by element (shapes equal or broadcast).

    Args:
        name: the layer's name. Defaults to "add".
        dtype: "float32" (default) or "float64".

    Raises:
        ShapeError: fewer than 2 inputs, or shapes that do not broadcast.
    """

    def _merge(self, xs):
        output = xs[0]
        for x in xs[1:]:
            output = output + x  # left to right, as Keras adds them
        return output

    def _merge_gradients(self, grad_output):
        # d(out)/d(x_i) = 1, so every input receives dL/dout itself: dL/dx_i = g.
        return [grad_output] * len(self._input_batch_shapes)


def add(inputs, **kwargs):
    """The functional form of ``Add``: ``add([a, b])`` is ``Add()([a, b])``.

    Args:
        inputs: a list of tensors (KerasTensors or arrays) of the same shape.
        **kwargs: the layer's arguments (``name``, ``dtype``).

    Returns:
        Their sum: a KerasTensor, or an array for arrays.
    """
    return Add(**kwargs)(inputs)
