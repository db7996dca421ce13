"""``Average`` and ``average``: the element-wise mean of several inputs.

Taught in Part 4, "The Functional API" (averaging the predictions of an ensemble).
"""

from .base_merge import Merge


class Average(Merge):
    """out = (x_1 + x_2 + ... + x_n) / n, element by element (shapes equal or broadcast).

    Args:
        name: the layer's name. Defaults to "average".
        dtype: "float32" (default) or "float64".

    Raises:
        ShapeError: fewer than 2 inputs, or shapes that do not broadcast.
    """

    def _merge(self, xs):
        total = xs[0]
        for x in xs[1:]:
            total = total + x
        return total / len(xs)  # the sum first, then one division, as Keras computes it

    def _merge_gradients(self, grad_output):
        # d(out)/d(x_i) = 1/n for every input: dL/dx_i = g / n.
        n = len(self._input_batch_shapes)
        return [grad_output / n] * n


def average(inputs, **kwargs):
    """The functional form of ``Average``: ``average([a, b])`` is ``Average()([a, b])``.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: the layer's arguments (``name``, ``dtype``).

    Returns:
        Their mean: a KerasTensor, or an array for arrays.
    """
    return Average(**kwargs)(inputs)
