"""Small helpers every other module uses: random generators and one-hot labels.

Taught in Part 4, "XOR with nnlib" (random generators) and Part 2, "Loss functions"
(one-hot labels for categorical cross-entropy).

Every function that draws random numbers takes a ``seed`` and turns it into its own
generator with ``make_rng``, so two cells of a notebook cannot disturb each other's
numbers. Without a seed (``seed=None``) the numbers are fresh each run, unless
``set_random_seed`` was called: then, as after ``keras.utils.set_random_seed``, every
unseeded model, initializer, shuffle and dropout mask draws its generator from that one
seed, in order, and the whole program repeats itself run after run. That seed is the
library's one piece of global state. nnlib never draws from NumPy's global generator;
``set_random_seed`` seeds it (and Python's ``random``) only for the user's own code, as
Keras does.
"""

import numbers
import random

import numpy as np

from .errors import DataError, HyperparameterError
from .naming import clear_session  # noqa: F401  (keras.utils.clear_session)
from .py_dataset import PyDataset  # noqa: F401  (keras.utils.PyDataset)
from .registry import (  # noqa: F401  (keras.utils has them too)
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)

# Set by ``set_random_seed``: unseeded generators are spawned from it, one after another.
_seed_sequence = None


def set_random_seed(seed):
    """Make every later unseeded random draw reproducible, as ``keras.utils.set_random_seed``.

    Seeds Python's ``random`` and NumPy's global generator (as Keras does, for the user's own
    code), and the source from which nnlib makes each generator that is asked for without a
    seed: ``Sequential()`` without ``seed=``, initializers, shuffles and dropout masks. The
    n-th such generator after ``set_random_seed(s)`` is the same in every run, so running a
    program twice after the same call gives the same weights, batches and losses. An explicit
    seed (``Sequential(seed=0)``, ``Dense(kernel_initializer=GlorotUniform(seed=1))``) is not
    affected.

    Args:
        seed: a non-negative int.

    Raises:
        HyperparameterError: ``seed`` is not a non-negative int (a ValueError, as Keras raises).
    """
    global _seed_sequence
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0:
        raise HyperparameterError(
            f"set_random_seed expects a non-negative int, got {type(seed).__name__} {seed!r}."
        )
    random.seed(int(seed))
    np.random.seed(int(seed))
    _seed_sequence = np.random.SeedSequence(int(seed))


def make_rng(seed=None):
    """Return a NumPy random generator built from ``seed``.

    Args:
        seed: None (fresh, unpredictable numbers, or the next generator of
            ``set_random_seed``'s sequence after that was called), a non-negative int (the same
            numbers on every run), or a ``np.random.Generator`` (returned as is, so
            several calls can share one stream of numbers).

    Returns:
        A ``np.random.Generator``.

    Raises:
        HyperparameterError: ``seed`` is a negative int or of another type.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        if _seed_sequence is not None:  # after set_random_seed: the next generator of its sequence
            return np.random.default_rng(_seed_sequence.spawn(1)[0])
        return np.random.default_rng()
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise HyperparameterError(f"seed must be a non-negative int, got {seed}.")
        return np.random.default_rng(int(seed))
    raise HyperparameterError(
        f"seed must be None, a non-negative int or a np.random.Generator, "
        f"got {type(seed).__name__} {seed!r}."
    )


def to_categorical(y, num_classes=None):
    """Turn class indices into one-hot rows, like ``keras.utils.to_categorical``.

    ``to_categorical([0, 2, 1])`` is ``[[1, 0, 0], [0, 0, 1], [0, 1, 0]]``: row i has a
    single 1, in column ``y[i]``. Categorical cross-entropy needs labels in this form;
    sparse categorical cross-entropy takes the indices directly.

    Args:
        y: class indices, shape (n,) or (n, 1) (a trailing axis of size 1 is dropped,
            as Keras does). Whole numbers (ints, or floats such as 2.0).
        num_classes: number of columns; defaults to ``max(y) + 1``.

    Returns:
        float32 array, shape (n, num_classes). (Keras returns float64 with the same
        values; float32 is nnlib's default dtype.)

    Raises:
        DataError: ``y`` holds negative, fractional or non-finite values, or an index
            that is >= ``num_classes``.
    """
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] == 1:
        y = y.reshape(y.shape[:-1])
    if y.size == 0 and num_classes is None:
        raise DataError("to_categorical got no labels; pass num_classes to one-hot an empty array.")
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.bool_)):
        if not np.issubdtype(y.dtype, np.floating) or not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise DataError(
                f"to_categorical expects whole-number class indices such as 0, 1, 2; got values "
                f"like {y.ravel()[:5].tolist()} (dtype {y.dtype}). If these are probabilities or "
                "one-hot rows already, you do not need to_categorical."
            )
    indices = y.astype(np.int64)
    if indices.size and indices.min() < 0:
        raise DataError(f"Class indices must be >= 0, found {indices.min()}.")
    if num_classes is None:
        num_classes = int(indices.max()) + 1
    if not isinstance(num_classes, numbers.Integral) or num_classes < 1:
        raise HyperparameterError(f"num_classes must be a positive int, got {num_classes!r}.")
    if indices.size and indices.max() >= num_classes:
        raise DataError(
            f"Found class index {indices.max()} but num_classes={num_classes} allows only "
            f"0..{num_classes - 1}. Raise num_classes or check the labels."
        )
    one_hot = np.zeros((indices.size, int(num_classes)), dtype=np.float32)
    one_hot[np.arange(indices.size), indices.ravel()] = 1.0
    return one_hot.reshape(indices.shape + (int(num_classes),))
