"""``Normalization``: standardize the inputs with statistics computed once from the data.

Mentioned in Part 3, "Initialization, vanishing gradients and batch normalization" (why inputs on a common scale train
faster); used from Part 4, "Training on real data".

Features on very different scales (a price in dollars next to a ratio) give a loss
surface that is steep in some directions and flat in others, so one learning rate
fits none of them. Standardizing each feature,

    out = (x - mean) / sqrt(variance),

with the mean and variance of the training data, puts them all on the scale of 1.
``adapt(x_train)`` computes those statistics (over every axis except ``axis``) and
stores them; training never changes them (they are not trainable). With
``invert=True`` the layer undoes the standardization: out = mean + x * sqrt(variance),
e.g. to turn a model's standardized predictions back into the data's units.

This is Keras 3's preprocessing layer (``keras/src/layers/preprocessing/normalization.py``):
the same arguments and numbers, the weights ``mean``, ``variance`` and ``count`` (the
last kept for Keras's file layout: Keras 3's ``adapt`` leaves it 0, and so does nnlib's)
when the statistics come from ``adapt``, and no weights when they are given as
``mean=`` and ``variance=``. The standard deviation is floored at 1e-7 (Keras's
``backend.epsilon()``), so a constant feature gives finite outputs.
"""

import math
import numbers

import numpy as np

from .. import errors
from ..array_modules import array_module, to_module, to_numpy
from ..py_dataset import PyDataset
from .base import Layer, normalize_batch_shape

STD_FLOOR = 1e-7  # the smallest standard deviation divided by (Keras's backend.epsilon())


class Normalization(Layer):
    """Shift and scale inputs to mean 0 and variance 1, with statistics from ``adapt``.

    Args:
        axis: the axis (an int), axes (a tuple of ints) or None: each index of these
            axes gets its own mean and variance, computed over all the other axes.
            Defaults to -1 (one mean and variance per feature of the last axis);
            None gives one scalar mean and variance for all the numbers. The batch
            axis (0) cannot be kept.
        mean, variance: the statistics, given instead of calling ``adapt``; both or
            neither. They are broadcast to the kept axes as Keras does: a scalar
            fills them all, an array lines up with the last kept axes. The variance
            must not be negative.
        invert: apply the inverse map, mean + x * sqrt(variance). Defaults to False.
        name: the layer's name. Defaults to "normalization".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Attributes:
        mean, variance: the statistics in the shape that broadcasts against the
            input, e.g. (1, C) for inputs of shape (B, C); None before ``build``.
        non_trainable_names: ("mean", "variance", "count"): the weights ``adapt``
            fills; none of them is trained.

    Raises:
        HyperparameterError: a bad ``axis``, only one of ``mean`` and ``variance``,
            or statistics of different shapes, of too high a rank, or negative variances.
    """

    non_trainable_names = ("mean", "variance", "count")

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, name=None, dtype="float32",
                 input_shape=None):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        self.axis = _axis_tuple(axis)
        if not isinstance(invert, (bool, np.bool_)):
            raise errors.HyperparameterError(f"Normalization(invert=...) must be True or False, got {invert!r}.")
        self.invert = bool(invert)
        if (mean is None) != (variance is None):
            raise errors.HyperparameterError(
                "Normalization: when setting the statistics directly, both mean and variance must be set; "
                f"got mean={mean!r} and variance={variance!r}. Give both, or neither and call adapt(data)."
            )
        if mean is not None:
            _check_given_statistics(mean, variance, self.axis)
        self.input_mean = mean  # as given (kept for get_config)
        self.input_variance = variance
        self._keep_axes = None  # the kept axes as sorted non-negative indices, set by build
        self._reduce_axes = None  # the others, averaged over
        self._broadcast_shape = None  # the input's shape with 1 on every reduced axis
        self._given = None  # (mean, variance) broadcast, when given to the constructor
        self._adapted = False  # whether adapt() (or set_weights) gave the weights their values
        self._std = None  # the divisor of the last forward pass, broadcast shape

    # ----- the statistics ----------------------------------------------------------
    @property
    def mean(self):
        """The mean, broadcastable against the input (e.g. shape (1, C)); None before build."""
        return self._statistic(0, "mean")

    @property
    def variance(self):
        """The variance, broadcastable against the input (e.g. shape (1, C)); None before build."""
        return self._statistic(1, "variance")

    def _statistic(self, index, name):
        if not self.built:
            return None
        if self._given is not None:
            return self._given[index]
        return self.params[name].reshape(self._broadcast_shape)  # a view of the weight

    # ----- building ------------------------------------------------------------------
    def compute_output_shape(self, input_shape):
        self._axes_for(input_shape)  # ShapeError for axes the input does not have
        return tuple(input_shape)

    def _axes_for(self, input_shape):
        """Return (kept axes, reduced axes) as sorted non-negative indices for ``input_shape``."""
        rank = len(input_shape)
        if any(not -rank <= a < rank for a in self.axis):
            raise errors.ShapeError(
                f"Layer {self.name!r} (Normalization): all axis values must be in the range [-ndim, ndim) = "
                f"[{-rank}, {rank}) for inputs of shape {tuple(input_shape)}; got axis={self.axis}."
            )
        keep = tuple(sorted({a % rank for a in self.axis}))
        if 0 in keep:
            raise errors.ShapeError(
                f"Layer {self.name!r} (Normalization): axis={self.axis} keeps axis 0, the batch axis, whose "
                "size is not known: the axes to be kept must have a known shape. Keep feature axes (axis=-1) "
                "or use axis=None for one scalar mean and variance."
            )
        return keep, tuple(d for d in range(rank) if d not in keep)

    def build(self, input_shape, rng=None):
        """Create the weights mean and variance (shape of the kept axes) and count, or
        broadcast the given statistics.

        Args:
            input_shape: a batch shape, e.g. ``(None, C)``.
            rng: unused (the weights start at mean 0, variance 1, count 0, as in Keras).

        Raises:
            ShapeError: ``axis`` does not fit ``input_shape``, or the given mean and
                variance cannot be broadcast to the kept axes.
        """
        input_shape = normalize_batch_shape(input_shape)
        self._keep_axes, self._reduce_axes = self._axes_for(input_shape)
        self._broadcast_shape = tuple(input_shape[d] if d in self._keep_axes else 1 for d in range(len(input_shape)))
        statistics_shape = tuple(input_shape[d] for d in self._keep_axes)
        self.params, self.grads = {}, {}
        if self.input_mean is None:
            self.params = {
                "mean": np.zeros(statistics_shape, dtype=self.dtype),
                "variance": np.ones(statistics_shape, dtype=self.dtype),
                "count": np.zeros((), dtype=np.int64),  # Keras's weight for old files; never read
            }
        else:
            # A list, so that a copy cast to float64 (nnlib.gradcheck) converts them too.
            self._given = [self._broadcast_given(value) for value in (self.input_mean, self.input_variance)]
        super().build(input_shape, rng)

    def _broadcast_given(self, value):
        """Lay a given mean or variance along the kept axes, then broadcast it (Keras's rule).

        A scalar fills every position; otherwise the array's axes line up with the
        LAST kept axes, right to left, and size-1 axes are repeated.
        """
        value = np.asarray(to_numpy(value), dtype=self.dtype)
        target = self._broadcast_shape
        if value.ndim > 0:
            expanded = [1] * len(target)
            for i in range(1, value.ndim + 1):
                expanded[self._keep_axes[-i]] = value.shape[-i]
            value = value.reshape(expanded)
        try:
            return np.ascontiguousarray(np.broadcast_to(value, target))
        except ValueError:
            raise errors.ShapeError(
                f"Layer {self.name!r} (Normalization): the given mean/variance of shape "
                f"{np.shape(self.input_mean)} cannot be broadcast to the kept axes {self._keep_axes} of "
                f"inputs of shape {self.input_shape or '?'} (statistics of shape {target})."
            ) from None

    # ----- adapt ---------------------------------------------------------------------
    def adapt(self, data):
        """Compute the mean and variance of ``data`` over every axis except ``axis``.

        Args:
            data: an array of shape (n, ...) (NumPy, or anything ``np.asarray`` takes
                that has a shape, such as a TensorFlow tensor), or batches: a list,
                generator or other iterable (a tf.data Dataset), or an
                ``nnlib.utils.PyDataset``, each batch an array or a tuple whose first
                item is the array (``(x, y)``). Batches are combined exactly (the
                result equals that of the whole array, up to rounding).

        Raises:
            HyperparameterError: the layer was given ``mean`` and ``variance``.
            DataError: an empty iterable, or a batch without a ``shape``.
            ShapeError: data of rank < 2, or whose kept axes differ from the layer's
                input shape.
        """
        if self.input_mean is not None:
            raise errors.HyperparameterError(
                f"Layer {self.name!r} (Normalization) was given mean and variance, so adapt() has nothing to "
                "set. Create the layer without them to compute them from data."
            )
        if _is_array(data):
            data = np.asarray(to_numpy(data))
            self._build_for(data.shape)
            mean = np.mean(data, axis=self._reduce_axes)
            variance = np.var(data, axis=self._reduce_axes)
        else:
            mean, variance = self._combined_statistics(_batches(data))
        self.params["mean"][...] = to_module(np.asarray(mean), array_module(self.params["mean"]))
        self.params["variance"][...] = to_module(np.asarray(variance), array_module(self.params["variance"]))
        self._adapted = True

    def _build_for(self, shape):
        """Build from a data shape, or check that it fits the layer already built."""
        if len(shape) < 2:
            raise errors.ShapeError(
                f"Layer {self.name!r} (Normalization): adapt() takes data of shape (n_samples, ...), got "
                f"shape {tuple(shape)}. For n samples of one feature use data.reshape(-1, 1)."
            )
        if not self.built:
            self.build((None,) + tuple(shape[1:]))
            return
        keep = self._keep_axes
        if len(shape) != len(self.input_shape) or any(shape[d] != self.input_shape[d] for d in keep):
            raise errors.ShapeError(
                f"Layer {self.name!r} (Normalization) was built with input_shape={self.input_shape}, but adapt() "
                f"is being called with data of an incompatible shape, {tuple(shape)} (axes {keep} must match)."
            )

    def _combined_statistics(self, batches):
        """Merge the batches' means and variances into those of all the data.

        With n samples so far (mean M, variance V) and a batch of k (mean m, variance v),
        the new mean is M' = M (n/(n+k)) + m (k/(n+k)) and, since a variance is the mean
        squared distance to the mean, V' = (V + (M - M')^2) n/(n+k) + (v + (m - M')^2) k/(n+k)
        (Keras's update; numbers in the layer's dtype, as Keras computes them).
        """
        total_mean = total_variance = None
        total_count = 0
        for batch in batches:
            batch = np.asarray(to_numpy(batch), dtype=self.dtype)
            self._build_for(batch.shape)
            batch_mean = np.mean(batch, axis=self._reduce_axes)
            batch_variance = np.var(batch, axis=self._reduce_axes)
            if total_mean is None:
                total_mean = np.zeros_like(batch_mean)
                total_variance = np.zeros_like(batch_variance)
            count = math.prod(batch.shape[d] for d in self._reduce_axes)
            total_count += count
            batch_weight = count / total_count
            existing_weight = 1.0 - batch_weight
            new_mean = total_mean * existing_weight + batch_mean * batch_weight
            total_variance = ((total_variance + (total_mean - new_mean) ** 2) * existing_weight
                              + (batch_variance + (batch_mean - new_mean) ** 2) * batch_weight)
            total_mean = new_mean
        return total_mean, total_variance

    # ----- the two passes --------------------------------------------------------------
    def forward(self, x, training=False):
        """Return (x - mean) / sqrt(variance), or mean + x * sqrt(variance) with ``invert``.

        Args:
            x: inputs, shape ``input_shape`` with the batch axis filled in.
            training: unused (the statistics never change while training).

        Returns:
            An array of the shape of x, in the layer's dtype.

        Raises:
            NotBuiltError: the layer has no statistics yet (neither adapted nor given).
            ShapeError: ``x`` does not have the shape the layer was built for.
        """
        self._require_statistics()
        if x.ndim != len(self.input_shape) or any(x.shape[d] != self.input_shape[d] for d in self._keep_axes):
            raise errors.ShapeError(
                f"Layer {self.name!r} expects inputs of shape {self.input_shape} (rank {len(self.input_shape)}, "
                f"the sizes of axes {self._keep_axes} as when it was built or adapted), but got an array of "
                f"shape {x.shape}."
            )
        xp = array_module(x)
        x = x.astype(self.dtype, copy=False)
        mean, variance = (to_module(value, xp) for value in (self.mean, self.variance))
        self._std = np.maximum(np.sqrt(variance), STD_FLOOR)  # floored sqrt(var)
        if self.invert:
            return mean + x * self._std
        return (x - mean) / self._std

    def backward(self, grad_output):
        """Return dL/dx: the output is affine in x with slope 1/std (or std when inverted).

        Args:
            grad_output: dL/d(output), the shape of the last forward's input.
        """
        if self.invert:
            return grad_output * self._std  # d(mean + x std)/dx = std
        return grad_output / self._std  # d((x - mean)/std)/dx = 1/std

    def _require_statistics(self):
        if not self.built:
            self._require_built("the forward pass")
        if self._given is not None or self._adapted:
            return
        # Weights written straight into the arrays (a loaded model) count as statistics;
        # mean 0 and variance 1 everywhere are what build() made: nothing was adapted.
        if np.any(to_numpy(self.params["mean"]) != 0) or np.any(to_numpy(self.params["variance"]) != 1):
            self._adapted = True
            return
        raise errors.NotBuiltError(
            f"Layer {self.name!r} (Normalization) has no statistics yet: call layer.adapt(x_train) before "
            "using it (or before fit/predict), or create it with Normalization(mean=..., variance=...)."
        )

    def set_weights(self, weights):
        """Copy ``[mean, variance, count]`` into the layer (which then counts as adapted).

        Raises:
            NotBuiltError: the layer has not been built yet.
            ShapeError: wrong number of arrays or an array of the wrong shape.
        """
        super().set_weights(weights)
        self._adapted = bool(self.params)

    def get_config(self):
        config = super().get_config()
        config.update(
            axis=self.axis,
            invert=self.invert,
            mean=_as_list(self.input_mean),
            variance=_as_list(self.input_variance),
        )
        return config


def _axis_tuple(axis):
    """``axis`` as a tuple of ints: None -> (), -1 -> (-1,), [1, 2] -> (1, 2)."""
    if axis is None:
        return ()
    if isinstance(axis, numbers.Integral) and not isinstance(axis, bool):
        return (int(axis),)
    if isinstance(axis, (tuple, list)) and all(isinstance(a, numbers.Integral) and not isinstance(a, bool)
                                               for a in axis):
        return tuple(int(a) for a in axis)
    raise errors.HyperparameterError(
        f"Normalization(axis=...) must be an int, a tuple of ints or None, got {axis!r}."
    )


def _check_given_statistics(mean, variance, axis):
    mean_shape, variance_shape = np.shape(to_numpy(mean)), np.shape(to_numpy(variance))
    if mean_shape != variance_shape:
        raise errors.HyperparameterError(
            f"Normalization: when setting the statistics directly, mean and variance must have the same shape; "
            f"got mean of shape {mean_shape} and variance of shape {variance_shape}."
        )
    if len(mean_shape) > len(axis):
        raise errors.HyperparameterError(
            f"Normalization: the rank of mean must be less than or equal to the number of axes "
            f"({len(axis)}); got mean of shape {mean_shape} for axis={axis}."
        )
    values = np.asarray(to_numpy(variance), dtype=np.float64)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise errors.HyperparameterError(
            f"Normalization(variance=...) must hold finite non-negative numbers (variances), got {variance!r}."
        )


def _is_array(data):
    """An array (NumPy, CuPy, a tensor): ``np.asarray`` takes it; a list or a dataset is batches."""
    return hasattr(data, "shape") and (hasattr(data, "__array__") or hasattr(data, "__cuda_array_interface__"))


def _batches(data):
    """Yield the input arrays of ``data``'s batches (the first item of a tuple batch).

    Raises:
        DataError: not iterable, no batch at all, or a batch without a ``shape``.
    """
    if isinstance(data, PyDataset):
        dataset = data
        data = (dataset[i] for i in range(len(dataset)))
    try:
        iterator = iter(data)
    except TypeError:
        raise errors.DataError(
            f"Normalization.adapt() takes an array or an iterable of batches, got {type(data).__name__}."
        ) from None
    empty = True
    for batch in iterator:
        empty = False
        if isinstance(batch, tuple):  # (x, y) or (x, y, sample_weight)
            batch = batch[0]
        if not hasattr(batch, "shape"):
            raise errors.DataError(
                "Normalization.adapt() expects an iterable that yields arrays or tensors with a `.shape` "
                f"attribute (e.g. NumPy arrays), got an element of type {type(batch).__name__}."
            )
        yield batch
    if empty:
        raise errors.DataError(
            "Normalization.adapt() received an empty iterable (no batches). Pass a non-empty iterable of "
            "arrays, e.g. layer.adapt([x]), or the array itself."
        )


def _as_list(value):
    """A given statistic as JSON-friendly lists (None stays None), as Keras writes it."""
    return None if value is None else np.asarray(to_numpy(value)).tolist()
