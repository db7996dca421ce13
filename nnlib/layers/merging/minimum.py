"""``Minimum`` and ``minimum``: the element-wise minimum of several inputs.

Taught in Part 4, "The Functional API". The gradient and its rule for ties are
explained in ``extremum.py``.
"""

from .extremum import ExtremumMerge


class Minimum(ExtremumMerge):
    """out = min(x_1, ..., x_n), element by element (shapes equal or broadcast).

    Backward: dL/dx_i = dL/dout where x_i is the smallest, 0 elsewhere; a tie goes to
    the first of the tied inputs, as in TensorFlow.

    Args:
        name: the layer's name. Defaults to "minimum".
        dtype: "float32" (default) or "float64".

    Raises:
        ShapeError: fewer than 2 inputs, or shapes that do not broadcast.
    """

    extremum = "minimum"


def minimum(inputs, **kwargs):
    """The functional form of ``Minimum``: ``minimum([a, b])`` is ``Minimum()([a, b])``.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: the layer's arguments (``name``, ``dtype``).

    Returns:
        Their element-wise minimum: a KerasTensor, or an array for arrays.
    """
    return Minimum(**kwargs)(inputs)
