"""``Maximum`` and ``maximum``: the element-wise maximum of several inputs.

Taught in Part 4, "The Functional API". The gradient and its rule for ties are
explained in ``extremum.py``.
"""

from .extremum import ExtremumMerge


class Maximum(ExtremumMerge):
    """out = max(x_1, ..., x_n), element by element (shapes equal or broadcast).

    Backward: dL/dx_i = dL/dout where x_i is the largest, 0 elsewhere; a tie goes to
    the first of the tied inputs, as in TensorFlow.

    Args:
        name: the layer's name. Defaults to "maximum".
        dtype: "float32" (default) or "float64".

    Raises:
        ShapeError: fewer than 2 inputs, or shapes that do not broadcast.
    """

    extremum = "maximum"


def maximum(inputs, **kwargs):
    """The functional form of ``Maximum``: ``maximum([a, b])`` is ``Maximum()([a, b])``.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: the layer's arguments (``name``, ``dtype``).

    Returns:
        Their element-wise maximum: a KerasTensor, or an array for arrays.
    """
    return Maximum(**kwargs)(inputs)
