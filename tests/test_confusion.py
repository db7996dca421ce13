"""Tests for nnlib.course.figures.confusion: the counts against scikit-learn, the per-class numbers, the errors
and the figure (words and numbers, not pixels)."""

import numpy as np
import pytest

from nnlib import errors
from nnlib.course.figures.confusion import confusion_matrix, per_class_precision, per_class_recall, plot_confusion_matrix


def test_small_example_by_hand():
    m = confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
    assert m.dtype == np.int64
    assert m.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert per_class_recall(m).tolist() == [1.0, 0.5, 1.0]
    assert per_class_precision(m).tolist() == [1.0, 1.0, 0.5]


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_scikit_learn(seed):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(seed)
    true, predicted = rng.integers(0, 6, 200), rng.integers(0, 6, 200)
    expected = sklearn_metrics.confusion_matrix(true, predicted, labels=range(6))
    np.testing.assert_array_equal(confusion_matrix(true, predicted, num_classes=6), expected)


def test_accepts_one_hot_labels_and_probabilities():
    true = np.eye(3)[[0, 2, 1, 1]]
    probabilities = np.array([[0.8, 0.1, 0.1], [0.2, 0.3, 0.5], [0.1, 0.6, 0.3], [0.5, 0.4, 0.1]])
    m = confusion_matrix(true, probabilities)
    assert m.tolist() == [[1, 0, 0], [1, 1, 0], [0, 0, 1]]
    assert m.sum() == 4 and np.trace(m) == 3


def test_num_classes_adds_empty_rows_and_nan_recall():
    m = confusion_matrix([0, 1], [0, 1], num_classes=4)
    assert m.shape == (4, 4)
    recall = per_class_recall(m)
    assert recall[:2].tolist() == [1.0, 1.0] and np.isnan(recall[2:]).all()


def test_clear_errors():
    with pytest.raises(errors.DataError, match="one value per sample"):
        confusion_matrix([0, 1, 2], [0, 1])
    with pytest.raises(errors.DataError, match="num_classes=2"):
        confusion_matrix([0, 1, 2], [0, 1, 1], num_classes=2)
    with pytest.raises(errors.DataError, match="0, 1, 2"):
        confusion_matrix([0, -1], [0, 1])
    with pytest.raises(errors.DataError, match="whole class indices"):
        confusion_matrix([0.5, 1.0], [0, 1])
    with pytest.raises(errors.ShapeError):
        confusion_matrix(np.zeros((2, 2, 2)), [0, 1])
    with pytest.raises(errors.HyperparameterError):
        confusion_matrix([0, 1], [0, 1], num_classes=0)
    with pytest.raises(errors.ShapeError, match="square"):
        per_class_recall(np.zeros((2, 3)))


def test_plot_has_title_labels_and_counts():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0])
    fig = plot_confusion_matrix(m, class_names=["a", "b", "c"], title="Test matrix")
    ax = fig.axes[0]
    assert ax.get_title() == "Test matrix"
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    counts = sorted(t.get_text() for t in ax.texts)
    assert counts == sorted(["1", "1", "1", "2", "1"])  # zero cells are left blank
    with pytest.raises(errors.ShapeError):
        plot_confusion_matrix(m, class_names=["a", "b"])
    plt.close("all")


def test_import_stays_light():
    import subprocess
    import sys

    code = "import sys, nnlib.course.figures.confusion; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
