"""The confusion matrix of a classifier, its per-class numbers, and its picture.

Taught in Part 4, "Real data: the 8x8 digits": accuracy is one number; the confusion
matrix says WHICH classes are mistaken for which (a 3 read as an 8, a 1 read as a 7).
Row ``i``, column ``j`` counts the samples whose true class is ``i`` and whose predicted
class is ``j`` (scikit-learn's convention), so the diagonal holds the correct answers.

Example:
    >>> from nnlib.course.figures.confusion import confusion_matrix, per_class_recall
    >>> m = confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
    >>> m.tolist()
    [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    >>> per_class_recall(m).tolist()
    [1.0, 0.5, 1.0]

matplotlib is imported inside ``plot_confusion_matrix`` only, so ``import nnlib`` stays light.
"""

import numpy as np

from nnlib import errors

__all__ = ["confusion_matrix", "per_class_recall", "per_class_precision", "plot_confusion_matrix"]

CONFUSION_FIGURE_SIZE = (5.5, 4.8)  # inches


def _as_class_indices(labels, name):
    """Class indices, shape (n,), from (n,), (n, 1), one-hot rows or probabilities (n, k)."""
    labels = np.asarray(labels)
    if labels.ndim == 2:
        labels = labels[:, 0] if labels.shape[1] == 1 else labels.argmax(axis=1)
    if labels.ndim != 1:
        raise errors.ShapeError(
            f"{name} must be class indices of shape (n,) or rows of shape (n, k); got shape {labels.shape}."
        )
    if labels.size and not np.all(np.equal(np.mod(labels, 1), 0)):
        raise errors.DataError(f"{name} must hold whole class indices; found fractional values such as {labels[0]!r}. "
                               "For probabilities pass the (n, k) array, or its argmax(axis=1).")
    labels = labels.astype(np.int64)
    if labels.size and labels.min() < 0:
        raise errors.DataError(f"{name} must hold class indices 0, 1, 2, ...; found {int(labels.min())}.")
    return labels


def confusion_matrix(y_true, y_pred, num_classes=None):
    """Count, for every pair of classes (true i, predicted j), how many samples fall there.

    Args:
        y_true: the true classes, shape ``(n,)``, or one-hot rows ``(n, k)``.
        y_pred: the predicted classes, shape ``(n,)``, or the model's probabilities
            ``(n, k)`` (their argmax is used).
        num_classes: the matrix's size k. Defaults to the largest class seen plus one.

    Returns:
        int64 array of shape ``(k, k)``: entry ``[i, j]`` is the number of samples of true
        class i predicted as class j. Its sum is n; its trace counts the correct answers.

    Raises:
        DataError: y_true and y_pred do not have one value per sample each, hold negative or
            fractional classes, or a class is ``>= num_classes``.
        ShapeError: the labels are not ``(n,)`` or ``(n, k)``.
    """
    true = _as_class_indices(y_true, "y_true")
    predicted = _as_class_indices(y_pred, "y_pred")
    if len(true) != len(predicted):
        raise errors.DataError(
            f"y_true has {len(true)} samples but y_pred has {len(predicted)}; they need one value per sample each."
        )
    largest = int(max(true.max(initial=-1), predicted.max(initial=-1)))
    if num_classes is None:
        num_classes = largest + 1
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
        raise errors.HyperparameterError(f"num_classes must be a whole number >= 1, got {num_classes!r}.")
    if largest >= num_classes:
        raise errors.DataError(
            f"Class {largest} appears, but num_classes={num_classes} allows only 0 .. {num_classes - 1}."
        )
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (true, predicted), 1)  # one count per (true, predicted) pair
    return matrix


def _check_square(matrix):
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise errors.ShapeError(f"A confusion matrix is square (k, k); got shape {matrix.shape}.")
    return matrix


def per_class_recall(matrix):
    """The fraction of each true class that was recognised: diagonal / row sums.

    Args:
        matrix: a confusion matrix, shape ``(k, k)`` (rows: true classes).

    Returns:
        float64 array ``(k,)``; NaN for a class with no sample.
    """
    matrix = _check_square(matrix).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.diag(matrix) / matrix.sum(axis=1)


def per_class_precision(matrix):
    """The fraction of each predicted class that was right: diagonal / column sums.

    Args:
        matrix: a confusion matrix, shape ``(k, k)`` (columns: predicted classes).

    Returns:
        float64 array ``(k,)``; NaN for a class that was never predicted.
    """
    matrix = _check_square(matrix).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.diag(matrix) / matrix.sum(axis=0)


def plot_confusion_matrix(matrix, class_names=None, title="Confusion matrix", ax=None):
    """Draw a confusion matrix as a grid of counts, darker for larger counts.

    The diagonal (correct answers) usually dominates; the off-diagonal cells with a
    count are the mistakes, and their row and column say what was mistaken for what.

    Args:
        matrix: a confusion matrix, shape ``(k, k)``, from ``confusion_matrix``.
        class_names: optional k labels for the axes. Defaults to 0 .. k-1.
        title: the axes' title.
        ax: optional matplotlib Axes to draw into; a new 5.5 x 4.8 inch figure otherwise.

    Returns:
        The matplotlib ``Figure``.

    Raises:
        ShapeError: the matrix is not square, or ``class_names`` does not have k entries.
    """
    import matplotlib.pyplot as plt

    matrix = _check_square(matrix)
    k = matrix.shape[0]
    names = [str(i) for i in range(k)] if class_names is None else [str(c) for c in class_names]
    if len(names) != k:
        raise errors.ShapeError(f"class_names has {len(names)} entries, the matrix has {k} classes.")
    if ax is None:
        fig, ax = plt.subplots(figsize=CONFUSION_FIGURE_SIZE, layout="constrained")
    else:
        fig = ax.figure
    image = ax.imshow(matrix, cmap="Blues")
    fig.colorbar(image, ax=ax, label="number of samples")
    threshold = matrix.max() / 2 if matrix.size else 0
    for i in range(k):
        for j in range(k):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if matrix[i, j] > threshold else "black")
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    return fig
