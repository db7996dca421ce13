"""``ExtremumMerge``: what ``Maximum`` and ``Minimum`` share (pick one input per entry).

Taught in Part 4, "The Functional API".

out = max(x_1, ..., x_n) (or min) copies, at each entry, the value of ONE input, so the
gradient there goes to that input alone: dL/dx_i = g where x_i is the one picked, 0
elsewhere. Where several inputs tie, the FIRST of them (the lowest i) is picked, as
TensorFlow's gradient of ``keras.ops.maximum`` / ``keras.ops.minimum`` does: Keras folds
``out = max(max(x_1, x_2), x_3) ...`` and TensorFlow sends the gradient of
``max(a, b)`` to ``a`` where ``a >= b`` (``a <= b`` for the minimum), so an earlier
input keeps every tie (checked with ``tf.GradientTape`` in
tests/keras_suite/test_keras_merging.py).
"""

from ...array_modules import array_module
from .base_merge import Merge


class ExtremumMerge(Merge):
    """Base of ``Maximum`` and ``Minimum``: the element-wise extremum and its gradient.

    Subclasses name the array function in ``extremum`` ("maximum" or "minimum").

    Args:
        name: the layer's name.
        dtype: "float32" (default) or "float64".

    Raises:
        ShapeError: fewer than 2 inputs, or shapes that do not broadcast.
    """

    extremum = None  # "maximum" or "minimum": the NumPy/CuPy function

    def __init__(self, name=None, dtype="float32"):
        super().__init__(name=name, dtype=dtype)
        self._xs = None  # the last forward's inputs and output, to see which input was picked
        self._output = None

    def _merge(self, xs):
        pick = getattr(array_module(*xs), self.extremum)
        output = xs[0]
        for x in xs[1:]:
            output = pick(output, x)  # left to right, as Keras folds them
        self._xs, self._output = xs, output
        return output

    def _merge_gradients(self, grad_output):
        # dL/dx_i = g where x_i is the FIRST input equal to out, else 0 (ties: the earliest input).
        xp = array_module(grad_output)
        taken = xp.zeros(self._output.shape, dtype=bool)  # entries an earlier input already won
        grads = []
        for x in self._xs:
            wins = (x == self._output) & ~taken
            grads.append(grad_output * wins)
            taken |= wins
        return grads
