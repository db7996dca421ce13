"""``Merge``: the base class of layers that combine several inputs into one output.

Taught in Part 4, "The Functional API". A merge layer is called on a LIST of tensors,
``Add()([a, b])``, and returns one. It has no weights; what it adds to a network is the
backward pass of a function of several inputs: the gradient dL/d(output) is handed to
EACH input, shaped by how that input enters the output::

    out = f(x_1, ..., x_n)   =>   dL/dx_i = dL/dout * d(out)/d(x_i)

``backward`` therefore returns a list, one dL/dx_i per input, in the inputs' order.

Shapes follow Keras's rules for the element-wise merges (``Add``, ``Multiply``, ...):
the sample shapes (everything after the batch axis) must be equal, or broadcast the
way NumPy broadcasts them, compared from the last axis (each pair of sizes equal, or
one of them 1). An input with fewer axes gets axes of size 1 right after the batch
axis, as Keras's ``expand_dims(x, axis=1)`` gives it. Where an input was broadcast
(repeated along an axis), its gradient is the SUM over the copies: each copy used the
same number, so their contributions to dL add up.
"""

from ... import errors
from ..base import Layer, normalize_batch_shape


class Merge(Layer):
    """Base class of the merge layers: checks, shapes, and the two passes.

    A subclass implements ``_merge(xs)`` (the output, from inputs of one rank) and
    ``_merge_gradients(grad_output)`` (one dL/dx_i per input, each of the output's
    shape or broadcastable to it); the base class checks the inputs, lines up their
    ranks, and sums each gradient back to its input's shape.

    Args:
        name: the layer's name. Defaults to the class name in snake_case ("add", ...).
        dtype: "float32" (default) or "float64"; inputs are cast to it.

    Attributes:
        min_inputs, max_inputs: how many inputs the layer takes (class attributes;
            None for no upper limit).
        input_shape: after ``build``, the list of the inputs' batch shapes.
        output_shape: after ``build``, the output's batch shape.

    Raises:
        ShapeError: (in ``build`` and ``forward``) not a list of inputs, too few or
            too many of them, shapes that do not merge, or arrays that differ from the
            shapes the layer was built for. (Keras 3 also takes a list of ONE input and
            returns it unchanged; nnlib asks for two or more, since merging a single
            tensor is almost always a slip.)
    """

    min_inputs = 2
    max_inputs = None

    def __init__(self, name=None, dtype="float32"):
        super().__init__(name=name, dtype=dtype)
        self._input_batch_shapes = None  # shapes of the last forward's inputs, for backward

    # ----- shapes ---------------------------------------------------------------
    def build(self, input_shape, rng=None):
        """Check the inputs' shapes and compute the output's; there are no weights.

        Args:
            input_shape: a list of batch shapes, one per input, e.g.
                ``[(None, 4), (None, 4)]``.
            rng: unused (a merge layer draws nothing).
        """
        shapes = self._check_input_shapes(input_shape)
        self.input_shape = shapes
        self.output_shape = tuple(self.compute_output_shape(shapes))
        self.built = True

    def compute_output_shape(self, input_shape):
        """Return the output's batch shape for a list of input batch shapes.

        The element-wise merges broadcast the sample shapes (see the module
        docstring): ``[(None, 4, 5), (None, 1, 5)]`` -> ``(None, 4, 5)``.
        """
        shapes = self._check_input_shapes(input_shape)
        return (None,) + self._merged_sample_shape([shape[1:] for shape in shapes], shapes)

    def _merged_sample_shape(self, samples, shapes):
        """The broadcast of the sample shapes ``samples`` (``shapes`` only for messages)."""
        rank = max(len(sample) for sample in samples)
        merged = [1] * rank
        for sample in samples:
            padded = (1,) * (rank - len(sample)) + tuple(sample)  # size-1 axes after the batch axis
            for axis, size in enumerate(padded):
                if size != 1 and merged[axis] not in (1, size):
                    raise errors.ShapeError(
                        f"{self._who()} cannot merge inputs of shapes {shapes}: the sample shapes must "
                        f"be equal, or broadcast (compared from the last axis, each pair of sizes "
                        f"equal or one of them 1); here a size {merged[axis]} meets a size {size}."
                    )
                merged[axis] = max(merged[axis], size)
        return tuple(merged)

    def _check_input_shapes(self, input_shape):
        """Return ``input_shape`` as a list of normalized batch shapes, or raise ShapeError."""
        if not isinstance(input_shape, (list, tuple)) or not all(
            isinstance(shape, (list, tuple)) for shape in input_shape
        ):
            raise errors.ShapeError(
                f"{self._who()} must be called on a list of inputs, e.g. "
                f"{type(self).__name__}()([x1, x2]); got one input of shape {_as_shape(input_shape)}."
            )
        shapes = [normalize_batch_shape(shape) for shape in input_shape]
        self._check_count(len(shapes), f"inputs of shapes {shapes}")
        return shapes

    def _check_count(self, count, what):
        low, high = self.min_inputs, self.max_inputs
        if count < low or (high is not None and count > high):
            expected = f"exactly {low}" if low == high else f"at least {low}"
            raise errors.ShapeError(
                f"Layer {self.name!r}: a {type(self).__name__} layer should be called on {expected} "
                f"inputs, got {count} ({what})."
            )

    # ----- the two passes ---------------------------------------------------------
    def forward(self, inputs, training=False):
        """Merge a list of arrays into one.

        Args:
            inputs: list of arrays, one per input, each of shape (B, ...) as built.
            training: unused (merging is the same in training and inference).

        Returns:
            The merged array, shape ``(B,) + output_shape[1:]``, in the layer's dtype.

        Raises:
            ShapeError: not a list, another number of arrays or other shapes than the
                layer was built for, or arrays with different batch sizes.
        """
        xs = self._check_arrays(inputs)
        self._input_batch_shapes = [x.shape for x in xs]
        rank = max(x.ndim for x in xs)
        # An input with fewer axes gets size-1 axes after the batch axis (a view, no copy).
        aligned = [x.reshape(x.shape[:1] + (1,) * (rank - x.ndim) + x.shape[1:]) for x in xs]
        return self._merge(aligned)

    def backward(self, grad_output):
        """Return the list of dL/dx_i, one per input, each of that input's shape.

        Args:
            grad_output: dL/d(output), shape of the last ``forward``'s output.

        Returns:
            A list of arrays: dL/dx_1, ..., dL/dx_n, in the order of the inputs.
        """
        parts = self._merge_gradients(grad_output)
        return [_sum_to_shape(part, shape) for part, shape in zip(parts, self._input_batch_shapes)]

    def _merge(self, xs):
        """Return the output for inputs ``xs`` of one rank (keep what backward needs)."""
        raise NotImplementedError(f"{type(self).__name__} must implement _merge(xs).")

    def _merge_gradients(self, grad_output):
        """Return one dL/dx_i per input, each of the output's shape (or broadcastable to it)."""
        raise NotImplementedError(f"{type(self).__name__} must implement _merge_gradients(grad_output).")

    # ----- helpers ----------------------------------------------------------------
    def _check_arrays(self, inputs):
        """Check the forward pass's list of arrays; return them in the layer's dtype."""
        if not isinstance(inputs, (list, tuple)):
            raise errors.ShapeError(
                f"{self._who()} must be called on a list of arrays, e.g. "
                f"{type(self).__name__}()([x1, x2]); got one array of shape {_as_shape(inputs)}."
            )
        xs = list(inputs)
        got = [tuple(getattr(x, "shape", ())) for x in xs]
        self._check_count(len(xs), f"arrays of shapes {got}")
        if len(xs) != len(self.input_shape) or any(
            len(shape) != len(built) or shape[1:] != built[1:] for shape, built in zip(got, self.input_shape)
        ):
            raise errors.ShapeError(
                f"{self._who()} was built for inputs of shapes {self.input_shape}, but got arrays of "
                f"shapes {got}."
            )
        if len({shape[0] for shape in got}) > 1:
            raise errors.ShapeError(
                f"{self._who()} cannot merge arrays with different batch sizes: got shapes {got}. "
                "Every input must hold the same number of samples."
            )
        return [x.astype(self.dtype, copy=False) for x in xs]

    def _who(self):
        return f"Layer {self.name!r} ({type(self).__name__})"


def _sum_to_shape(grad, shape):
    """Sum ``grad`` (the output's shape) over the axes along which an input of ``shape`` was broadcast.

    The input was seen as ``(B,) + (1,) * k + shape[1:]`` (k = the ranks' difference);
    along each axis where that has size 1 and the output does not, the input's one
    number was used for every entry, so dL/dx there is the sum over that axis.
    """
    shape = tuple(shape)
    aligned = shape[:1] + (1,) * (grad.ndim - len(shape)) + shape[1:]
    axes = tuple(axis for axis, (g, s) in enumerate(zip(grad.shape, aligned)) if s == 1 and g != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


def _as_shape(value):
    shape = getattr(value, "shape", None)
    return tuple(shape) if shape is not None else value
