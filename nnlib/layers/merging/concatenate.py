"""``Concatenate`` and ``concatenate``: join several inputs along one axis.

Taught in Part 4, "The Functional API" (two inputs' features side by side,
``concatenate([a, b])``, before a Dense layer).
"""

import numbers

from ... import errors
from ...array_modules import array_module
from .base_merge import Merge


class Concatenate(Merge):
    """out = [x_1, x_2, ..., x_n] joined along ``axis``.

    The inputs must have the same shape except along ``axis`` (no broadcasting, as in
    Keras). The output's size along ``axis`` is the sum of theirs; the other sizes
    are the inputs'. The backward pass cuts dL/dout back into the pieces: each input
    gets the slice of the gradient where its values went.

    Args:
        axis: the axis to join along, counted in the batch shape (batch axis = 0), so
            -1 (the default) is the last axis and 1 the first axis after the batch.
            The batch axis itself is refused (see Raises).
        name: the layer's name. Defaults to "concatenate".
        dtype: "float32" (default) or "float64".

    Attributes:
        axis: as given.

    Raises:
        HyperparameterError: ``axis`` is not an integer.
        ShapeError: fewer than 2 inputs, inputs of different ranks, sizes that differ
            on an axis other than ``axis``, an ``axis`` outside the inputs' axes, or
            the batch axis (nnlib's models keep one sample per row through every
            layer; Keras accepts ``axis=0`` there, and a model built so cannot train).
    """

    def __init__(self, axis=-1, name=None, dtype="float32"):
        super().__init__(name=name, dtype=dtype)
        if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
            raise errors.HyperparameterError(
                f"Concatenate(axis=...) takes an integer axis such as -1 (the last), got {axis!r}."
            )
        self.axis = int(axis)

    def _merged_sample_shape(self, samples, shapes):
        """Sizes add up along the axis; every other size must be the same for all inputs."""
        ranks = {len(shape) for shape in shapes}
        if len(ranks) > 1:
            raise self._mismatch_error(shapes, "they have different numbers of axes")
        rank = ranks.pop()
        if not -rank <= self.axis < rank:
            valid = list(range(1, rank)) + list(range(1 - rank, 0))
            raise errors.ShapeError(
                f"{self._who()} has axis={self.axis}, but its inputs of shapes {shapes} have {rank} axes "
                f"(the batch axis included): axis must be one of {valid}."
            )
        axis = self.axis % rank
        if axis == 0:
            raise errors.ShapeError(
                f"{self._who()} has axis={self.axis}, the batch axis of inputs of shapes {shapes}: joining "
                f"along it would change the number of samples. Choose an axis from 1 to {rank - 1} "
                "(or -1 for the last)."
            )
        sample_axis = axis - 1
        for other in range(len(samples[0])):
            sizes = sorted({sample[other] for sample in samples})
            if other != sample_axis and len(sizes) > 1:
                raise self._mismatch_error(shapes, f"they differ on axis {other + 1} (sizes {sizes})")
        merged = list(samples[0])
        merged[sample_axis] = sum(sample[sample_axis] for sample in samples)
        return tuple(merged)

    def _mismatch_error(self, shapes, why):
        return errors.ShapeError(
            f"{self._who()} requires inputs with matching shapes except for the concatenation axis "
            f"(axis={self.axis}); got shapes {shapes}: {why}."
        )

    def _merge(self, xs):
        return array_module(*xs).concatenate(xs, axis=self.axis)

    def _merge_gradients(self, grad_output):
        # out[..., offset_i : offset_i + size_i, ...] = x_i along the axis, so
        # dL/dx_i = dL/dout[..., offset_i : offset_i + size_i, ...] (a slice, nothing added).
        sizes = [shape[self.axis] for shape in self._input_batch_shapes]
        offsets, total = [], 0
        for size in sizes[:-1]:
            total += size
            offsets.append(total)
        return array_module(grad_output).split(grad_output, offsets, axis=self.axis)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def concatenate(inputs, axis=-1, **kwargs):
    """The functional form of ``Concatenate``: ``concatenate([a, b])`` is ``Concatenate()([a, b])``.

    Args:
        inputs: a list of tensors, of the same shape except along ``axis``.
        axis: the axis to join along (default -1, the last).
        **kwargs: the layer's other arguments (``name``, ``dtype``).

    Returns:
        The joined tensor: a KerasTensor, or an array for arrays.
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
