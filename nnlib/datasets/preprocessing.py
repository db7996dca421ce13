"""Getting data ready for a network: split it, one-hot the labels, standardize the inputs.

Taught in Part 4, "Real data: the 8x8 digits" (hold out a test set; scale with the
statistics of the TRAINING data only, so nothing about the test set leaks into training),
and used by the playground and in Part 4, "Overfitting and regularization".

The names and return orders follow scikit-learn (``train_test_split``, ``StandardScaler``)
and Keras (``to_categorical``), so the code carries over.
"""

import math
import numbers

import numpy as np

from .. import errors, utils

__all__ = ["train_test_split", "one_hot", "Standardizer", "standardize"]


def _as_rows(name, array):
    """``array`` as an ndarray with at least one axis (its first axis counts the samples)."""
    array = np.asarray(array)
    if array.ndim == 0:
        raise errors.ShapeError(f"{name} must have one row per sample, got a single value {array!r}.")
    return array


def _number_of_test_samples(test_size, n_samples):
    """Turn ``test_size`` (a fraction or a count) into a number of test samples, 1 .. n_samples - 1."""
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise errors.HyperparameterError(
            f"test_size must be a fraction between 0 and 1 or a whole number of samples, got {test_size!r}."
        )
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    elif 0.0 < test_size < 1.0:
        n_test = math.ceil(test_size * n_samples)  # sklearn rounds the test part up
    else:
        raise errors.HyperparameterError(f"A fractional test_size must be strictly between 0 and 1, got {test_size}.")
    if not 1 <= n_test <= n_samples - 1:
        raise errors.HyperparameterError(
            f"test_size={test_size!r} gives {n_test} test samples out of {n_samples}; both the training and the "
            "test part need at least one sample."
        )
    return n_test


def _stratified_test_indices(labels, n_test, rng):
    """Pick ``n_test`` indices so that every class keeps (about) its share in the test part."""
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if counts.min() < 2:
        lonely = classes[counts.argmin()].tolist()  # a plain Python value for the message
        raise errors.DataError(
            f"Class {lonely!r} has only one sample, so it cannot be in both the training and the test part. "
            "Remove it, collect more samples, or split without stratify."
        )
    # Each class's share of n_test, rounded down, then the samples still missing go to the classes
    # with the largest remainders ("largest remainder" rounding keeps the total exact).
    ideal = n_test * counts / counts.sum()
    per_class = np.floor(ideal).astype(np.int64)
    missing = n_test - per_class.sum()
    per_class[np.argsort(-(ideal - per_class), kind="stable")[:missing]] += 1
    chosen = [rng.permutation(np.flatnonzero(inverse == k))[:count] for k, count in enumerate(per_class)]
    return np.concatenate(chosen)


def train_test_split(x, y, test_size=0.25, seed=None, stratify=None):
    """Split x and y into a training part and a test part, like scikit-learn's ``train_test_split``.

    The rows are shuffled first (with ``seed``), so the same seed always gives the same split.

    Args:
        x: inputs, shape ``(n, ...)``.
        y: targets, shape ``(n, ...)`` (class indices, one-hot rows or regression targets).
        test_size: the fraction of the samples that goes to the test part (strictly between
            0 and 1, rounded up), or a whole number of test samples. Defaults to 0.25.
        seed: None, an int or a ``np.random.Generator`` (see ``nnlib.utils.make_rng``).
        stratify: optional class labels, shape ``(n,)`` or ``(n, 1)``, usually ``y`` itself;
            each class then gets (as close as possible) the same share of the test part
            as of the whole data. For one-hot ``y``, pass ``y.argmax(axis=1)``.

    Returns:
        ``x_train, x_test, y_train, y_test`` (in scikit-learn's order).

    Raises:
        DataError: x, y and stratify do not have the same number of rows, there are fewer than
            2 samples, or a class of ``stratify`` has a single sample.
        ShapeError: ``stratify`` is not one label per sample.
        HyperparameterError: test_size leaves no sample in one of the parts.
    """
    x = _as_rows("x", x)
    y = _as_rows("y", y)
    if len(x) != len(y):
        raise errors.DataError(f"x has {len(x)} samples but y has {len(y)}; they need one target per input row.")
    n_samples = len(x)
    if n_samples < 2:
        raise errors.DataError(f"Splitting needs at least 2 samples, got {n_samples}.")
    n_test = _number_of_test_samples(test_size, n_samples)
    rng = utils.make_rng(seed)

    if stratify is None:
        test_rows = rng.permutation(n_samples)[:n_test]
    else:
        labels = _as_rows("stratify", stratify)
        if labels.ndim == 2 and labels.shape[1] == 1:
            labels = labels[:, 0]
        if labels.ndim != 1:
            raise errors.ShapeError(
                f"stratify must hold one class label per sample, shape ({n_samples},), got {labels.shape}. "
                "For one-hot labels pass y.argmax(axis=1)."
            )
        if len(labels) != n_samples:
            raise errors.DataError(f"stratify has {len(labels)} labels but x has {n_samples} samples.")
        test_rows = rng.permutation(_stratified_test_indices(labels, n_test, rng))

    is_test = np.zeros(n_samples, dtype=bool)
    is_test[test_rows] = True
    train_rows = rng.permutation(np.flatnonzero(~is_test))
    return x[train_rows], x[test_rows], y[train_rows], y[test_rows]


def one_hot(y, num_classes=None):
    """Turn class indices into one-hot rows (the same as ``nnlib.utils.to_categorical``).

    Args:
        y: class indices, shape ``(n,)`` or ``(n, 1)``.
        num_classes: number of columns. Defaults to ``max(y) + 1``.

    Returns:
        float32 array of shape ``(n, num_classes)`` with a single 1 per row, in column ``y[i]``.

    Raises:
        DataError: negative, fractional or too large class indices.
    """
    return utils.to_categorical(y, num_classes=num_classes)


class Standardizer:
    """Rescale every feature to mean 0 and standard deviation 1, with statistics of the training data.

    ``fit`` measures each column's mean and standard deviation on the training inputs;
    ``transform`` then computes ``(x - mean) / std`` for any data (training, test, a grid of
    points to plot). A column that is constant in the training data (such as the always-blank
    corner pixels of the 8x8 digits) has std 0; it is divided by 1 instead, so it becomes 0
    rather than NaN.

    Attributes:
        mean: per-feature means, shape ``(n_features,)`` (None before ``fit``).
        std: per-feature standard deviations with zeros replaced by 1, shape ``(n_features,)``.

    Example:
        >>> scaler = Standardizer().fit(x_train)
        >>> x_train_s, x_test_s = scaler.transform(x_train), scaler.transform(x_test)
    """

    def __init__(self):
        self.mean = None
        self.std = None

    def fit(self, x):
        """Measure the per-feature mean and standard deviation of ``x``.

        Args:
            x: training inputs, shape ``(n, n_features)`` with n >= 1, finite values.

        Returns:
            The Standardizer itself, so that ``Standardizer().fit(x)`` can be chained.

        Raises:
            ShapeError: x is not two-dimensional.
            DataError: x is empty or holds NaN or infinite values.
        """
        x = self._check(x, "fit")
        if len(x) == 0:
            raise errors.DataError("Standardizer.fit needs at least one sample, got an empty array.")
        dtype = x.dtype if x.dtype == np.float64 else np.float32
        mean = x.mean(axis=0, dtype=np.float64)
        std = x.std(axis=0, dtype=np.float64)  # population std (ddof=0), as scikit-learn's StandardScaler
        std[std == 0.0] = 1.0  # constant features: divide by 1, not 0
        self.mean, self.std = mean.astype(dtype), std.astype(dtype)
        return self

    def transform(self, x):
        """Return ``(x - mean) / std``, computed with the statistics from ``fit``.

        Args:
            x: inputs, shape ``(m, n_features)``.

        Returns:
            Standardized inputs, shape ``(m, n_features)``, float32 (float64 for float64 input).

        Raises:
            NotBuiltError: ``fit`` has not been called yet.
            ShapeError: x does not have the number of features seen by ``fit``.
            DataError: x holds NaN or infinite values.
        """
        if self.mean is None:
            raise errors.NotBuiltError("This Standardizer has not been fitted: call fit(x_train) first.")
        x = self._check(x, "transform")
        if x.shape[1] != len(self.mean):
            raise errors.ShapeError(
                f"Standardizer was fitted on {len(self.mean)} features but got an array with {x.shape[1]} "
                f"(shape {x.shape})."
            )
        dtype = np.float64 if x.dtype == np.float64 else np.float32
        return ((x - self.mean) / self.std).astype(dtype, copy=False)

    def fit_transform(self, x):
        """``fit(x)`` followed by ``transform(x)``."""
        return self.fit(x).transform(x)

    def inverse_transform(self, x):
        """Undo ``transform``: return ``x * std + mean``, shape ``(m, n_features)``."""
        if self.mean is None:
            raise errors.NotBuiltError("This Standardizer has not been fitted: call fit(x_train) first.")
        x = self._check(x, "inverse_transform")
        if x.shape[1] != len(self.mean):
            raise errors.ShapeError(f"Standardizer was fitted on {len(self.mean)} features, got shape {x.shape}.")
        return x * self.std + self.mean

    @staticmethod
    def _check(x, method):
        """``x`` as a 2-D array of finite numbers, else a clear error naming ``method``."""
        x = np.asarray(x)
        if not (np.issubdtype(x.dtype, np.number) or x.dtype == np.bool_):
            raise errors.DataError(f"Standardizer.{method} needs numbers, got an array of dtype {x.dtype}.")
        if x.ndim != 2:
            raise errors.ShapeError(
                f"Standardizer.{method} expects shape (n_samples, n_features), got {x.shape}. "
                "Flatten images first, e.g. x.reshape(len(x), -1)."
            )
        if not np.all(np.isfinite(x)):
            raise errors.DataError(f"Standardizer.{method} got NaN or infinite values; clean the data first.")
        return x


def standardize(x_train, *others):
    """Standardize ``x_train`` and any other arrays with the mean and std of ``x_train``.

    The statistics come from the training data only, so the test data are scaled the same
    way without anything about them leaking into training. Constant features become 0.

    Args:
        x_train: training inputs, shape ``(n, n_features)``.
        *others: more inputs to scale the same way (validation, test), each
            ``(m, n_features)``.

    Returns:
        The standardized ``x_train`` alone when no other arrays are given, else a tuple
        ``(x_train_std, *others_std)`` in the order given; float32 (float64 for float64 input).

    Raises:
        ShapeError: an array is not 2-D, or its number of features differs from x_train's.
        DataError: x_train is empty, or an array holds NaN or infinite values.

    Example:
        >>> x_train_s, x_test_s = standardize(x_train, x_test)
    """
    scaler = Standardizer().fit(x_train)
    scaled = tuple(scaler.transform(x) for x in (x_train, *others))
    return scaled[0] if not others else scaled
