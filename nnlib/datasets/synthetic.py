"""Small two-dimensional toy datasets, made up on the spot from a seed.

Used throughout the book: the XOR problem of Part 4 ("XOR from scratch"), the moons,
circles, spirals and gaussian blobs of the Part 4 playground (the same shapes as the
TensorFlow Playground, plus multiclass spirals and blobs), and the plane and sine
regression tasks of Part 2 ("Loss functions") and the playground's regression mode.

Every generator has the same shape of call, ``make_<name>(n_samples, noise, ..., seed)``,
and returns ``(x, y)``:

- ``x``: the inputs, float32, shape ``(n_samples, 2)`` (``(n_samples, 1)`` for the sine);
- ``y``: for classification, int64 class indices, shape ``(n_samples,)`` (turn them into
  one-hot rows with :func:`nnlib.datasets.one_hot` when the loss needs them);
  for regression, float32 targets, shape ``(n_samples, 1)``.

``noise`` is always the standard deviation of the Gaussian noise that is added (to the
points for classification, to the targets for regression). The same ``seed`` always gives
the same data; the generators never touch NumPy's global random state.
"""

import math
import numbers

import numpy as np

from .. import errors, utils

__all__ = ["make_xor", "make_moons", "make_circles", "make_spirals", "make_blobs", "make_plane", "make_sine"]


# ----------------------------------------------------------------------------------------
# Argument checks, shared by every generator
# ----------------------------------------------------------------------------------------


def _check_count(name, value, minimum):
    """Return ``value`` as an int after checking that it is a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise errors.HyperparameterError(
            f"{name} must be a whole number >= {minimum}, got {value!r} ({type(value).__name__})."
        )
    if value < minimum:
        raise errors.HyperparameterError(f"{name} must be >= {minimum}, got {value}.")
    return int(value)


def _check_nonnegative(name, value):
    """Return ``value`` as a float after checking that it is a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise errors.HyperparameterError(f"{name} must be a number >= 0, got {value!r} ({type(value).__name__}).")
    if not math.isfinite(value) or value < 0:
        raise errors.HyperparameterError(f"{name} must be a finite number >= 0, got {value}.")
    return float(value)


def _check_samples_per_class(n_samples, n_classes):
    """Every class needs at least one sample, or a classifier has nothing to learn from."""
    if n_samples < n_classes:
        raise errors.HyperparameterError(
            f"n_samples={n_samples} is fewer than the {n_classes} classes: every class needs at least "
            f"one sample. Use n_samples >= {n_classes}."
        )


def _samples_per_class(n_samples, n_classes):
    """Split ``n_samples`` as evenly as possible; the first classes get the extra samples."""
    counts = np.full(n_classes, n_samples // n_classes)
    counts[: n_samples % n_classes] += 1
    return counts


def _finish_classification(x, y, shuffle, rng):
    """Cast to the library's dtypes and shuffle the rows (x and y together)."""
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.int64)
    if shuffle:
        order = rng.permutation(len(y))
        x, y = x[order], y[order]
    return x, y


# ----------------------------------------------------------------------------------------
# Classification
# ----------------------------------------------------------------------------------------


def make_xor(n_samples=200, noise=0.1, seed=None, shuffle=True):
    """The XOR problem: four clusters at the corners of the unit square.

    The corners (0, 0), (0, 1), (1, 0), (1, 1) get the labels 0, 1, 1, 0 (``x1 XOR x2``), so
    no straight line separates the classes: a network needs a hidden layer. Samples go to the
    corners in turn, then Gaussian noise moves them. With ``n_samples=4, noise=0.0,
    shuffle=False`` the result is exactly the XOR truth table.

    Args:
        n_samples: number of points, at least 2. Defaults to 200.
        noise: standard deviation of the Gaussian noise added to each coordinate. Defaults to 0.1.
        seed: None, an int or a ``np.random.Generator`` (see ``nnlib.utils.make_rng``).
        shuffle: shuffle the rows; when False the corners repeat in the order above.
            Defaults to True.

    Returns:
        ``(x, y)``: x float32 of shape ``(n_samples, 2)``, y int64 of shape ``(n_samples,)``.

    Raises:
        HyperparameterError: n_samples < 2, or a negative or non-finite noise.
    """
    n_samples = _check_count("n_samples", n_samples, 2)
    noise = _check_nonnegative("noise", noise)
    rng = utils.make_rng(seed)

    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    corner = np.arange(n_samples) % 4
    x = corners[corner] + noise * rng.standard_normal((n_samples, 2))
    y = np.array([0, 1, 1, 0])[corner]
    return _finish_classification(x, y, shuffle, rng)


def make_moons(n_samples=200, noise=0.1, seed=None, shuffle=True):
    """Two interleaving half circles ("moons"), as in scikit-learn's ``make_moons``.

    Class 0 is the upper half of the unit circle; class 1 is the lower half, shifted by
    (1, -0.5) so that each moon reaches into the other. Without noise (and without
    shuffling) the points are those of scikit-learn's ``make_moons``.

    Args:
        n_samples: number of points, at least 2; class 0 gets ``n_samples // 2`` of them.
            Defaults to 200.
        noise: standard deviation of the Gaussian noise added to each coordinate. Defaults to 0.1.
        seed: None, an int or a ``np.random.Generator``.
        shuffle: shuffle the rows; when False all of class 0 comes first. Defaults to True.

    Returns:
        ``(x, y)``: x float32 of shape ``(n_samples, 2)``, y int64 of shape ``(n_samples,)``.

    Raises:
        HyperparameterError: n_samples < 2, or a negative or non-finite noise.
    """
    n_samples = _check_count("n_samples", n_samples, 2)
    noise = _check_nonnegative("noise", noise)
    rng = utils.make_rng(seed)

    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    angle_outer = np.linspace(0.0, np.pi, n_outer)
    angle_inner = np.linspace(0.0, np.pi, n_inner)
    outer = np.column_stack([np.cos(angle_outer), np.sin(angle_outer)])
    inner = np.column_stack([1.0 - np.cos(angle_inner), 0.5 - np.sin(angle_inner)])
    x = np.concatenate([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
    y = np.concatenate([np.zeros(n_outer), np.ones(n_inner)])
    return _finish_classification(x, y, shuffle, rng)


def make_circles(n_samples=200, noise=0.05, factor=0.5, seed=None, shuffle=True):
    """A small circle inside a large one, as in scikit-learn's ``make_circles``.

    Class 0 lies on the circle of radius 1, class 1 on the circle of radius ``factor``.
    A linear model cannot separate them; features such as x1**2 + x2**2 or one hidden layer
    can. Without noise (and without shuffling) the points are those of scikit-learn's
    ``make_circles``.

    Args:
        n_samples: number of points, at least 2; class 0 gets ``n_samples // 2`` of them.
            Defaults to 200.
        noise: standard deviation of the Gaussian noise added to each coordinate.
            Defaults to 0.05.
        factor: radius of the inner circle, strictly between 0 and 1. Defaults to 0.5.
        seed: None, an int or a ``np.random.Generator``.
        shuffle: shuffle the rows; when False all of class 0 comes first. Defaults to True.

    Returns:
        ``(x, y)``: x float32 of shape ``(n_samples, 2)``, y int64 of shape ``(n_samples,)``.

    Raises:
        HyperparameterError: n_samples < 2, a negative or non-finite noise, or factor
            outside (0, 1).
    """
    n_samples = _check_count("n_samples", n_samples, 2)
    noise = _check_nonnegative("noise", noise)
    factor = _check_nonnegative("factor", factor)
    if not 0.0 < factor < 1.0:
        raise errors.HyperparameterError(
            f"factor is the inner circle's radius and must be strictly between 0 and 1, got {factor}."
        )
    rng = utils.make_rng(seed)

    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    angle_outer = np.linspace(0.0, 2.0 * np.pi, n_outer, endpoint=False)
    angle_inner = np.linspace(0.0, 2.0 * np.pi, n_inner, endpoint=False)
    outer = np.column_stack([np.cos(angle_outer), np.sin(angle_outer)])
    inner = factor * np.column_stack([np.cos(angle_inner), np.sin(angle_inner)])
    x = np.concatenate([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
    y = np.concatenate([np.zeros(n_outer), np.ones(n_inner)])
    return _finish_classification(x, y, shuffle, rng)


def make_spirals(n_samples=300, noise=0.05, n_classes=2, turns=1.5, seed=None, shuffle=True):
    """``n_classes`` spiral arms winding out of the origin, one arm per class.

    Arm k starts at the origin at angle 2*pi*k/n_classes and winds ``turns`` times around
    it while its radius grows from 0 to 1. The hardest of the toy problems: the network
    must learn a boundary that winds with the arms.

    Args:
        n_samples: number of points, at least ``n_classes``; split as evenly as possible
            between the arms. Defaults to 300.
        noise: standard deviation of the Gaussian noise added to each coordinate.
            Defaults to 0.05 (neighbouring arms are about 1 / (turns * n_classes) apart).
        n_classes: number of arms (classes), at least 2. Defaults to 2.
        turns: how many times each arm winds around the origin, > 0. Defaults to 1.5.
        seed: None, an int or a ``np.random.Generator``.
        shuffle: shuffle the rows; when False the arms come one after the other.
            Defaults to True.

    Returns:
        ``(x, y)``: x float32 of shape ``(n_samples, 2)``, y int64 of shape ``(n_samples,)``
        with values ``0 .. n_classes - 1``.

    Raises:
        HyperparameterError: n_classes < 2, n_samples < n_classes, turns <= 0, or a
            negative or non-finite noise.
    """
    n_classes = _check_count("n_classes", n_classes, 2)
    n_samples = _check_count("n_samples", n_samples, 2)
    _check_samples_per_class(n_samples, n_classes)
    noise = _check_nonnegative("noise", noise)
    turns = _check_nonnegative("turns", turns)
    if turns == 0:
        raise errors.HyperparameterError("turns must be > 0, got 0.")
    rng = utils.make_rng(seed)

    arms, labels = [], []
    for k, count in enumerate(_samples_per_class(n_samples, n_classes)):
        radius = np.linspace(0.0, 1.0, count)  # how far along the arm, 0 .. 1
        angle = 2.0 * np.pi * (k / n_classes + turns * radius)
        arms.append(radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]))
        labels.append(np.full(count, k))
    x = np.concatenate(arms) + noise * rng.standard_normal((n_samples, 2))
    return _finish_classification(x, np.concatenate(labels), shuffle, rng)


def make_blobs(n_samples=300, noise=0.5, n_classes=None, centers=None, seed=None, shuffle=True):
    """Gaussian blobs: one round cloud of points per class.

    By default the ``n_classes`` centers sit evenly spaced on a circle of radius 2 around the
    origin (class 0 at (2, 0)), so the classes are well separated when ``noise`` is small.
    Pass ``centers`` to place them yourself.

    Args:
        n_samples: number of points, at least the number of classes; split as evenly as
            possible between the classes. Defaults to 300.
        noise: standard deviation of each blob (the same in every direction). Defaults to 0.5.
        n_classes: number of blobs, at least 2. Defaults to 3, or to ``len(centers)``.
        centers: optional blob centers, shape ``(n_classes, n_features)``; class k is drawn
            around ``centers[k]``. With centers of n_features columns, x has n_features columns.
        seed: None, an int or a ``np.random.Generator``.
        shuffle: shuffle the rows; when False the classes come one after the other.
            Defaults to True.

    Returns:
        ``(x, y)``: x float32 of shape ``(n_samples, 2)`` (or ``(n_samples, n_features)``
        with custom centers), y int64 of shape ``(n_samples,)`` with values ``0 .. n_classes - 1``.

    Raises:
        HyperparameterError: fewer than 2 classes, n_samples below the number of classes, a
            negative or non-finite noise, centers that are not a finite 2-D array, or
            n_classes that disagrees with ``len(centers)``.
    """
    if centers is None:
        n_classes = _check_count("n_classes", 3 if n_classes is None else n_classes, 2)
        angle = 2.0 * np.pi * np.arange(n_classes) / n_classes
        centers = 2.0 * np.column_stack([np.cos(angle), np.sin(angle)])
    else:
        centers = np.asarray(centers, dtype=np.float64)
        if centers.ndim != 2 or centers.shape[0] < 2 or centers.shape[1] < 1:
            raise errors.HyperparameterError(
                "centers must have shape (n_classes, n_features) with at least 2 rows, "
                f"got shape {centers.shape}."
            )
        if not np.all(np.isfinite(centers)):
            raise errors.HyperparameterError("centers contains NaN or infinite values.")
        if n_classes is not None and n_classes != centers.shape[0]:
            raise errors.HyperparameterError(
                f"n_classes={n_classes} but centers has {centers.shape[0]} rows: give one of them, "
                "or make them agree."
            )
        n_classes = centers.shape[0]
    n_samples = _check_count("n_samples", n_samples, 2)
    _check_samples_per_class(n_samples, n_classes)
    noise = _check_nonnegative("noise", noise)
    rng = utils.make_rng(seed)

    labels = np.repeat(np.arange(n_classes), _samples_per_class(n_samples, n_classes))
    x = centers[labels] + noise * rng.standard_normal((n_samples, centers.shape[1]))
    return _finish_classification(x, labels, shuffle, rng)


# ----------------------------------------------------------------------------------------
# Regression
# ----------------------------------------------------------------------------------------


def make_plane(n_samples=200, noise=0.1, weights=(2.0, -1.0), bias=0.5, seed=None):
    """A linear regression task: targets on a tilted plane, y = x1*w1 + x2*w2 + b + noise.

    The inputs are uniform in the square [-1, 1] x [-1, 1]. Because the true weights are
    known, a single ``Dense(1)`` layer trained on this data can be checked: its kernel should
    approach ``weights`` and its bias ``bias``.

    Args:
        n_samples: number of points, at least 1. Defaults to 200.
        noise: standard deviation of the Gaussian noise added to the targets. Defaults to 0.1.
        weights: the plane's slopes (w1, w2). Defaults to (2.0, -1.0).
        bias: the plane's height at the origin. Defaults to 0.5.
        seed: None, an int or a ``np.random.Generator``.

    Returns:
        ``(x, y)``: x float32 of shape ``(n_samples, 2)``, y float32 of shape ``(n_samples, 1)``.

    Raises:
        HyperparameterError: n_samples < 1, a negative or non-finite noise, weights that are
            not two finite numbers, or a non-finite bias.
    """
    n_samples = _check_count("n_samples", n_samples, 1)
    noise = _check_nonnegative("noise", noise)
    weights = np.asarray(weights, dtype=np.float64)
    if weights.shape != (2,) or not np.all(np.isfinite(weights)):
        raise errors.HyperparameterError(f"weights must be two finite numbers (w1, w2), got {weights!r}.")
    if isinstance(bias, bool) or not isinstance(bias, numbers.Real) or not math.isfinite(bias):
        raise errors.HyperparameterError(f"bias must be a finite number, got {bias!r}.")
    rng = utils.make_rng(seed)

    x = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    y = x @ weights[:, None] + bias + noise * rng.standard_normal((n_samples, 1))  # y = x w + b + noise
    return x.astype(np.float32), y.astype(np.float32)


def make_sine(n_samples=200, noise=0.1, seed=None):
    """A one-input non-linear regression task: y = sin(x) + noise, for x in [-pi, pi].

    A straight line cannot follow one full period of the sine; a network with one small
    hidden layer can.

    Args:
        n_samples: number of points, at least 1. Defaults to 200.
        noise: standard deviation of the Gaussian noise added to the targets. Defaults to 0.1.
        seed: None, an int or a ``np.random.Generator``.

    Returns:
        ``(x, y)``: x float32 of shape ``(n_samples, 1)``, uniform in [-pi, pi] (not sorted),
        and y float32 of shape ``(n_samples, 1)``.

    Raises:
        HyperparameterError: n_samples < 1, or a negative or non-finite noise.
    """
    n_samples = _check_count("n_samples", n_samples, 1)
    noise = _check_nonnegative("noise", noise)
    rng = utils.make_rng(seed)

    x = rng.uniform(-np.pi, np.pi, size=(n_samples, 1))
    y = np.sin(x) + noise * rng.standard_normal((n_samples, 1))
    return x.astype(np.float32), y.astype(np.float32)
