"""Checking the data once per call, and cutting it into batches.

Taught in Part 4, "Errors and debugging" (what each check catches) and "Training on
real data" (mini-batches).

Every check runs ONCE per ``fit`` / ``evaluate`` / ``predict`` call, on the whole
data, before any weight changes; the training loop itself never checks again (a
step has no time for it). Problems found here raise nnlib errors that say what was
expected, what was found and what to do.

Batches are gathered one at a time, through a shuffled index array, into a buffer
that is reused for every batch: the data set is never copied as a whole (a copy of
MNIST per epoch would double the memory a fit needs).

The data stays in host memory (NumPy) even when the model computes on a GPU
(``Sequential.to(cupy)``, Part 5): each batch is copied to the GPU when its step
comes, as a data loader does. Data given as GPU arrays is copied to the host once,
so that every check here is plain NumPy.
"""

import numbers

import numpy as np

from .. import errors
from ..array_modules import to_module, to_numpy

_CHUNK_ELEMENTS = 1 << 20  # rows are checked in chunks of about a million values


def as_input_array(x, name="x", one_feature=False):
    """Return ``x`` as a numeric NumPy array of shape (samples, features...).

    A GPU (CuPy) array is copied to the host: batches go back to the GPU one by one.
    When the model takes one feature per sample (input shape (None, 1)), a 1-D ``x``
    of shape (n,) is read as n samples and returned with shape (n, 1), as Keras does.

    Args:
        x: the data.
        name: its name in messages ("x", "x_val").
        one_feature: whether the model's input shape is (None, 1).

    Raises:
        DataError: ``x`` is None, not numeric, or has no samples.
        ShapeError: ``x`` is a scalar or 1-D (ambiguous: one sample or one feature?).
    """
    if x is None:
        raise errors.DataError(f"{name} is None; pass a NumPy array of shape (samples, features).")
    array = to_numpy(x)
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise errors.DataError(
            f"{name} must hold numbers, got an array of dtype {array.dtype}. Convert strings or "
            "mixed lists to numbers first."
        )
    if array.ndim == 0:
        raise errors.ShapeError(f"{name} is a single number; pass an array of shape (samples, features).")
    if array.ndim == 1 and one_feature:
        array = array.reshape(-1, 1)
    if array.ndim == 1:
        raise errors.ShapeError(
            f"{name} has shape {array.shape}, which is 1-D, but a model takes {name} of shape "
            f"(samples, features). If each sample has one feature, use {name}.reshape(-1, 1); "
            f"if {name} is a single sample, use {name}.reshape(1, -1)."
        )
    if len(array) == 0:
        raise errors.DataError(f"{name} is empty (shape {array.shape}): there are no samples.")
    return array


def as_target_array(y, n_samples, name="y"):
    """Return ``y`` as a numeric array with ``n_samples`` rows.

    Raises:
        DataError: ``y`` is None, not numeric, or its length differs from ``n_samples``.
    """
    if y is None:
        raise errors.DataError(f"{name} is None; fit and evaluate need targets.")
    array = to_numpy(y)
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise errors.DataError(f"{name} must hold numbers, got an array of dtype {array.dtype}.")
    if array.ndim == 0:
        raise errors.ShapeError(f"{name} is a single number; pass one target per sample.")
    if len(array) != n_samples:
        x_name = "x_val" if name.endswith("_val") else "x"
        raise errors.DataError(
            f"{x_name} has {n_samples} samples but {name} has {len(array)}: they must have the "
            "same length (one target per sample)."
        )
    return array


def check_finite(array, name):
    """Raise DataError if ``array`` holds NaN or infinity, saying where.

    A finite float64 sum proves every value finite (NaN and infinity would spread
    into it), and costs one pass without a temporary copy; only when it is not
    finite are the rows searched, in chunks, for the culprit.
    """
    if not np.issubdtype(array.dtype, np.floating):
        return
    with np.errstate(all="ignore"):
        total = np.sum(array, dtype=np.float64)
    if np.isfinite(total):
        return
    rows_per_chunk = max(1, _CHUNK_ELEMENTS // max(1, array[0].size))
    bad_count, first = 0, None
    for start in range(0, len(array), rows_per_chunk):
        bad = ~np.isfinite(array[start : start + rows_per_chunk])
        count = int(bad.sum())
        if count and first is None:
            position = np.argwhere(bad)[0]
            first = (start + int(position[0]),) + tuple(int(i) for i in position[1:])
            value = array[first]
        bad_count += count
    if first is None:  # the sum overflowed, but every value is finite
        return
    where = f"{name}[{', '.join(str(i) for i in first)}]"
    raise errors.DataError(
        f"{name} contains {bad_count} NaN or infinite value(s); the first is {where} = {value}. "
        f"Remove or fill these samples (e.g. np.nan_to_num, or drop the rows) before training."
    )


def batch_length(x):
    """The number of samples in a batch: an array, or a list of arrays (several inputs)."""
    return len(x[0]) if isinstance(x, list) else len(x)


def to_device(array, xp):
    """Return the host array ``array`` as an array of the model's module ``xp`` (None stays None).

    For NumPy this is the array itself; for CuPy, a copy in GPU memory. A list of
    arrays (several inputs or outputs) is moved array by array.
    """
    if isinstance(array, list):
        return [to_device(item, xp) for item in array]
    return None if array is None else to_module(array, xp)


def check_batch_size(batch_size):
    """Return the batch size (None -> 32, as Keras).

    Raises:
        HyperparameterError: not an int >= 1.
    """
    if batch_size is None:
        return 32
    if not isinstance(batch_size, numbers.Integral) or isinstance(batch_size, bool) or batch_size < 1:
        raise errors.HyperparameterError(
            f"batch_size must be an int >= 1 (typical: 32), got {batch_size!r}."
        )
    return int(batch_size)


def check_verbose(verbose):
    """Return verbose as 0, 1 or 2 ("auto" -> 1, as Keras).

    Raises:
        HyperparameterError: any other value.
    """
    if verbose == "auto":
        return 1
    if isinstance(verbose, bool) or verbose not in (0, 1, 2):
        raise errors.HyperparameterError(f"verbose must be 0, 1, 2 or 'auto', got {verbose!r}.")
    return int(verbose)


def check_count(what, value):
    """Return ``value`` as an int >= 0 (epochs, initial_epoch).

    Raises:
        HyperparameterError: otherwise.
    """
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 0:
        raise errors.HyperparameterError(f"{what} must be an int >= 0, got {value!r}.")
    return int(value)


def check_validation_split(validation_split):
    """Raise HyperparameterError unless 0 <= validation_split < 1."""
    if (not isinstance(validation_split, numbers.Real) or isinstance(validation_split, bool)
            or not 0 <= validation_split < 1):
        raise errors.HyperparameterError(
            f"validation_split is the fraction of the data kept for validation and must be in "
            f"[0, 1), got {validation_split!r}. Typical: 0.2."
        )


def split_validation(x, y, validation_split, sample_weight=None):
    """Split off the LAST ``validation_split`` fraction as validation data (as Keras).

    The split is taken before any shuffling, so sort or shuffle the data yourself
    if its last rows are special (e.g. sorted by class). The pieces are views: no copy.

    Returns:
        ((x_train, y_train, w_train), (x_val, y_val, w_val)); the w are None without
        ``sample_weight``.

    Raises:
        HyperparameterError: ``validation_split`` is outside [0, 1).
        DataError: too few samples to leave some on both sides.
    """
    check_validation_split(validation_split)
    n = batch_length(x)
    split_at = int(np.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise errors.DataError(
            f"The data has {n} samples, too few to split with validation_split={validation_split}: "
            "one side would be empty. Use more data or another validation_split."
        )
    head, tail = slice(None, split_at), slice(split_at, None)
    return ((_cut(x, head), _cut(y, head), _cut(sample_weight, head)),
            (_cut(x, tail), _cut(y, tail), _cut(sample_weight, tail)))


def _cut(arrays, rows):
    """``arrays[rows]`` for an array, each array of a list (several inputs), or None."""
    if arrays is None:
        return None
    if isinstance(arrays, list):
        return [_cut(array, rows) for array in arrays]
    return arrays[rows]


def batches(x, y, batch_size, dtype, rng=None, xp=np, sample_weight=None):
    """The batches of array data: a ``BatchIterator``, or a ``ListBatchIterator`` for lists.

    Lists come from models with several inputs or outputs (``Model([a, b], ...)``);
    the arguments are those of ``BatchIterator``.
    """
    if isinstance(x, list) or isinstance(y, list) or isinstance(sample_weight, list):
        from .list_batches import ListBatchIterator

        xs = x if isinstance(x, list) else [x]
        return ListBatchIterator(xs, y, batch_size, dtype, rng, xp=xp, sample_weight=sample_weight)
    return BatchIterator(x, y, batch_size, dtype, rng, xp=xp, sample_weight=sample_weight)


class BatchIterator:
    """Yield the batches of one epoch, ``(x_batch, y_batch, w_batch)``, one at a time.

    With ``shuffle`` each epoch draws a new order from ``rng`` and gathers each batch
    with ``np.take`` into a buffer allocated once; without it the batches are plain
    slices (views) of the data. Either way the data is never copied as a whole, and
    float ``x`` is converted to ``dtype`` one batch at a time.

    The yielded arrays are overwritten by the next batch: use them before asking
    for the next one (the training loop does).

    Args:
        x: inputs, NumPy array of shape (n, features...).
        y: targets, NumPy array of shape (n, ...), or None (predict).
        batch_size: samples per batch; the last batch may be smaller.
        dtype: the model's float dtype.
        rng: ``np.random.Generator`` for the shuffling.
        xp: the model's array module; with CuPy each batch is copied to the GPU.
            Defaults to NumPy.
        sample_weight: one weight per sample, shape (n,), or None: then every
            ``w_batch`` is None (and costs nothing).

    Attributes:
        steps: batches per epoch, ceil(n / batch_size).
    """

    def __init__(self, x, y, batch_size, dtype, rng=None, xp=np, sample_weight=None):
        if not np.issubdtype(x.dtype, np.floating) or x.dtype.itemsize < np.dtype(dtype).itemsize:
            # integers, booleans, or floats narrower than the model's (float32 data for a
            # float64 model): converted once, as np.take cannot cast them into the buffer
            x = x.astype(dtype)
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.batch_size = batch_size
        self.rng = rng
        self.n = len(x)
        self.steps = -(-self.n // batch_size)  # ceil(n / batch_size)
        rows = min(batch_size, self.n)
        # Zeros, not np.empty: when x is float64 and the model float32, np.take(out=...)
        # reads the buffer's old contents too, and leftover garbage could be a NaN that
        # makes NumPy warn "invalid value encountered in cast".
        self._x_buffer = np.zeros((rows,) + x.shape[1:], dtype=dtype)
        self._y_buffer = None if y is None else np.zeros((rows,) + y.shape[1:], dtype=y.dtype)
        self._x_is_ready = x.dtype == np.dtype(dtype)
        self.xp = xp

    def epoch(self, shuffle=False):
        """Yield (x_batch, y_batch, w_batch) for one pass over the data.

        y_batch is None for predict; w_batch is None without sample weights.
        """
        if self.xp is np:
            yield from self._host_batches(shuffle)
            return
        for x_batch, y_batch, w_batch in self._host_batches(shuffle):
            yield to_device(x_batch, self.xp), to_device(y_batch, self.xp), to_device(w_batch, self.xp)

    def _host_batches(self, shuffle):
        """The batches of one epoch as NumPy arrays."""
        y, w = self.y, self.sample_weight
        if not shuffle and self._x_is_ready:
            for start in range(0, self.n, self.batch_size):
                stop = start + self.batch_size
                yield (self.x[start:stop], None if y is None else y[start:stop],
                       None if w is None else w[start:stop])
            return
        order = self.rng.permutation(self.n) if shuffle else np.arange(self.n)
        for start in range(0, self.n, self.batch_size):
            index = order[start : start + self.batch_size]
            rows = len(index)
            x_batch = np.take(self.x, index, axis=0, out=self._x_buffer[:rows], mode="clip")
            y_batch = None if y is None else np.take(y, index, axis=0, out=self._y_buffer[:rows], mode="clip")
            yield x_batch, y_batch, None if w is None else w[index]
