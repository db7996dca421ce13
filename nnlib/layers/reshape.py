"""``Reshape``: give each sample another shape, (B, d1, d2, ...) -> (B, *target_shape).

Taught in Part 4, "Training on real data" (64 pixel values become an 8x8 image, and
back). The numbers and their order do not change, only how they are grouped: the
layer is a NumPy reshape of every sample, and its backward pass reshapes dL/dy back
to the input's shape. One entry of ``target_shape`` may be -1, "whatever size makes
the count of numbers match", as in NumPy and Keras.
"""

import math
import numbers

from .. import errors
from .base import Layer


class Reshape(Layer):
    """Reshape every sample to ``target_shape`` (the batch axis is kept).

    Args:
        target_shape: the new shape of ONE sample, a tuple of positive ints in which
            one entry may be -1 (its size is then computed), e.g. ``(8, 8)`` or
            ``(-1, 2)``.
        name: the layer's name. Defaults to "reshape".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Attributes:
        target_shape: a tuple of ints, as given.

    Raises:
        HyperparameterError: ``target_shape`` is not a tuple of positive ints with
            at most one -1.
        ShapeError: (in ``build`` and ``forward``) samples whose number of values
            the target shape cannot hold.
    """

    def __init__(self, target_shape, name=None, dtype="float32", input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        self.target_shape = _check_target_shape(target_shape, self.name)
        self._input_batch_shape = None  # shape of the last forward's input

    def compute_output_shape(self, input_shape):
        """``(B, d1, d2, ...) -> (B, *target_shape)``, with the -1 resolved.

        Raises:
            ShapeError: the target shape cannot hold d1 * d2 * ... values.
        """
        return (input_shape[0],) + self._resolved(tuple(input_shape[1:]))

    def forward(self, x, training=False):
        """Return ``x`` reshaped to ``(B, *target_shape)`` (a view when it can be, no copy).

        With a -1 in the target shape, samples of another size than at build are
        accepted (the -1 takes their size), as in Keras.

        Raises:
            ShapeError: the samples of ``x`` do not hold the number of values the
                target shape needs.
        """
        if x.ndim < 1:
            raise self._wrong_input_error(x)
        self._input_batch_shape = x.shape
        return x.reshape((x.shape[0],) + self._resolved(x.shape[1:]))

    def backward(self, grad_output):
        """Return ``grad_output`` reshaped back to the input's shape."""
        return grad_output.reshape(self._input_batch_shape)

    def _resolved(self, sample_shape):
        """Return ``target_shape`` with its -1 replaced, for samples of ``sample_shape``.

        Raises:
            ShapeError: the sizes do not fit.
        """
        size = math.prod(sample_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape:
            if size % known:
                raise errors.ShapeError(
                    f"Layer {self.name!r} (Reshape) cannot reshape samples of shape {sample_shape} ({size} "
                    f"values) to {self.target_shape}: {size} is not a multiple of {known}, the product of "
                    "the known sizes."
                )
            return tuple(size // known if d == -1 else d for d in self.target_shape)
        if size != known:
            raise errors.ShapeError(
                f"Layer {self.name!r} (Reshape) cannot reshape samples of shape {sample_shape} ({size} values) "
                f"to {self.target_shape} ({known} values); the number of values must stay the same. Use -1 "
                "for one size to be computed."
            )
        return self.target_shape

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = list(self.target_shape)
        return config


def _check_target_shape(target_shape, name):
    """Return ``target_shape`` as a tuple of ints (> 0, or a single -1).

    Raises:
        HyperparameterError: otherwise.
    """
    what = f"Layer {name!r} (Reshape): target_shape"
    try:
        shape = tuple(target_shape)
    except TypeError:
        raise errors.HyperparameterError(
            f"{what} is the shape of one sample, a tuple of ints such as (8, 8), got {target_shape!r}."
        ) from None
    if not shape or not all(isinstance(d, numbers.Integral) and not isinstance(d, bool) for d in shape):
        raise errors.HyperparameterError(
            f"{what} is the shape of one sample, a non-empty tuple of ints such as (8, 8), got {target_shape!r}."
        )
    shape = tuple(int(d) for d in shape)
    if any(d == 0 or d < -1 for d in shape):
        raise errors.HyperparameterError(
            f"{what}: each dimension must be a positive integer, or -1 for a single unknown dimension; "
            f"got target_shape={shape}."
        )
    if shape.count(-1) > 1:
        raise errors.HyperparameterError(
            f"{what}: there must be at most one unknown dimension (-1); got target_shape={shape}."
        )
    return shape
