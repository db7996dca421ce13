"""Tests for nnlib.course.figures.plotting with matplotlib's non-interactive Agg backend.

They check what a reader sees in words and numbers (titles, axis labels, legend entries,
the data of each line), not pixels.
"""

import numpy as np
import pytest

import matplotlib
import matplotlib.pyplot as plt

from nnlib import errors  # noqa: E402
from nnlib.datasets import load_digits, make_blobs, make_moons, make_plane  # noqa: E402
from nnlib.course.figures import plotting


class FakeHistory:
    """Stands in for the History that fit() returns: only ``.history`` is used."""

    def __init__(self, history):
        self.history = history


class LinearBinaryModel:
    """A 'model' whose predict gives P(class 1) = sigmoid(4 * x1): the boundary is x1 = 0."""

    def predict(self, x, verbose="auto"):
        assert verbose == 0, "plot_decision_boundary must ask for no progress bar"
        return 1.0 / (1.0 + np.exp(-4.0 * x[:, :1]))


class NearestCenterModel:
    """A 3-class 'model' with one-hot 'probabilities' for the nearest of three centers."""

    centers = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])

    def predict(self, x):
        distances = ((x[:, None, :] - self.centers[None]) ** 2).sum(axis=-1)
        return np.eye(3)[distances.argmin(axis=1)]


HISTORY = {
    "loss": [0.9, 0.5, 0.3],
    "accuracy": [0.5, 0.7, 0.9],
    "val_loss": [1.0, 0.6, 0.5],
    "val_accuracy": [0.4, 0.6, 0.8],
    "learning_rate": [0.01, 0.01, 0.001],
}


# ----------------------------------------------------------------------------------------
# plot_history
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("history", [HISTORY, FakeHistory(HISTORY)], ids=["dict", "History"])
def test_history_panels_lines_and_labels(history):
    fig = plotting.plot_history(history)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert fig._suptitle.get_text() == "Training history"
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]  # no learning-rate panel
    loss_ax = fig.axes[0]
    assert loss_ax.get_xlabel() == "epoch" and loss_ax.get_ylabel() == "loss"
    train, validation = loss_ax.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(train.get_ydata(), HISTORY["loss"])
    np.testing.assert_allclose(validation.get_ydata(), HISTORY["val_loss"])
    assert [t.get_text() for t in loss_ax.get_legend().get_texts()] == ["training", "validation"]
    np.testing.assert_allclose(fig.get_size_inches(), [9.0, 3.5])


def test_history_without_validation_and_chosen_metrics():
    fig = plotting.plot_history({"loss": [1.0, 0.5], "mae": [0.8, 0.4]}, metrics="mae", title="Regression")
    (ax,) = fig.axes
    assert ax.get_title() == "mae" and fig._suptitle.get_text() == "Regression"
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), [0.8, 0.4])


def test_history_loss_comes_first():
    fig = plotting.plot_history({"accuracy": [0.5], "loss": [0.7]})
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]


def test_history_errors():
    with pytest.raises(errors.UnknownNameError, match="Did you mean 'accuracy'"):
        plotting.plot_history(HISTORY, metrics=["acuracy"])
    with pytest.raises(errors.DataError, match="empty"):
        plotting.plot_history({})
    with pytest.raises(errors.DataError, match="empty"):
        plotting.plot_history({"loss": []})
    with pytest.raises(errors.DataError, match="History"):
        plotting.plot_history([0.5, 0.4])


# ----------------------------------------------------------------------------------------
# plot_decision_boundary
# ----------------------------------------------------------------------------------------


def test_binary_decision_boundary():
    x, y = make_moons(40, seed=0)
    fig = plotting.plot_decision_boundary(LinearBinaryModel(), x, y, resolution=50)
    ax = fig.axes[0]
    assert ax.get_title() == "Decision boundary"
    assert ax.get_xlabel() == "x1" and ax.get_ylabel() == "x2"
    assert fig.axes[1].get_ylabel() == "P(class 1)"  # the colour bar
    points = ax.collections[-1]
    np.testing.assert_allclose(points.get_offsets(), x)
    np.testing.assert_array_equal(points.get_array(), y)
    boundary = [c for c in ax.collections if hasattr(c, "levels") and list(c.levels) == [0.5]]
    assert len(boundary) == 1
    # The p = 0.5 line of sigmoid(4 * x1) is the vertical line x1 = 0.
    vertices = np.concatenate([path.vertices for path in boundary[0].get_paths()])
    np.testing.assert_allclose(vertices[:, 0], 0.0, atol=0.05)
    np.testing.assert_allclose(ax.get_xlim(), [x[:, 0].min() - 0.5, x[:, 0].max() + 0.5], rtol=1e-5)


def test_multiclass_decision_boundary_with_one_hot_labels():
    x, y = make_blobs(60, noise=0.3, seed=0)
    fig = plotting.plot_decision_boundary(NearestCenterModel(), x, np.eye(3)[y], resolution=40, title="Blobs")
    ax = fig.axes[0]
    assert ax.get_title() == "Blobs"
    filled = ax.collections[0]
    np.testing.assert_allclose(filled.levels, [-0.5, 0.5, 1.5, 2.5])
    np.testing.assert_array_equal(ax.collections[-1].get_array(), y)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "$\\mathdefault{0}$",
        "$\\mathdefault{1}$",
        "$\\mathdefault{2}$",
    ]
    np.testing.assert_allclose(fig.get_size_inches(), plotting.DECISION_BOUNDARY_SIZE)


def test_regression_heat_map_and_a_plain_function():
    x, y = make_plane(30, seed=0)
    fig = plotting.plot_decision_boundary(lambda grid: grid @ np.array([[2.0], [-1.0]]), x, y, regression=True)
    assert fig.axes[0].get_title() == "Model output"
    assert fig.axes[1].get_ylabel() == "prediction"


def test_decision_boundary_into_an_existing_axes():
    fig, (left, right) = plt.subplots(1, 2)
    x, y = make_moons(20, seed=0)
    assert plotting.plot_decision_boundary(LinearBinaryModel(), x, y, ax=right, resolution=20) is fig
    assert right.get_title() == "Decision boundary" and left.get_title() == ""


def test_decision_boundary_with_an_nnlib_or_keras_like_predict_signature():
    calls = []

    class Recorder:
        def predict(self, x, batch_size=None, verbose="auto"):
            calls.append(verbose)
            return np.full((len(x), 1), 0.3)

    plotting.plot_decision_boundary(Recorder(), np.zeros((3, 2)), resolution=10)
    assert calls == [0]


def test_decision_boundary_errors():
    x, y = make_moons(10, seed=0)
    with pytest.raises(errors.ShapeError, match=r"\(n, 2\)"):
        plotting.plot_decision_boundary(LinearBinaryModel(), np.zeros((10, 3)), y)
    with pytest.raises(errors.DataError, match="one value per sample"):
        plotting.plot_decision_boundary(LinearBinaryModel(), x, y[:5], resolution=10)
    with pytest.raises(errors.ShapeError, match="grid points"):
        plotting.plot_decision_boundary(lambda grid: np.zeros((3, 1)), x, y, resolution=10)
    with pytest.raises(errors.DataError, match="NaN"):
        plotting.plot_decision_boundary(lambda grid: np.full((len(grid), 1), np.nan), x, y, resolution=10)
    with pytest.raises(errors.HyperparameterError, match="resolution"):
        plotting.plot_decision_boundary(LinearBinaryModel(), x, y, resolution=1)
    with pytest.raises(TypeError, match="predict"):
        plotting.plot_decision_boundary(object(), x, y)


# ----------------------------------------------------------------------------------------
# plot_activation
# ----------------------------------------------------------------------------------------


def test_activation_by_name_plots_f_and_its_derivative():
    fig = plotting.plot_activation("sigmoid")
    ax = fig.axes[0]
    assert ax.get_title() == "sigmoid and its derivative"
    assert ax.get_xlabel() == "z (pre-activation)" and ax.get_ylabel() == "f(z) and f'(z)"
    f_line, slope_line = [line for line in ax.get_lines() if line.get_label() in ("sigmoid(z)", "sigmoid'(z)")]
    z = f_line.get_xdata()
    assert z[0] == -5.0 and z[-1] == 5.0 and len(z) == 401
    sigmoid = 1.0 / (1.0 + np.exp(-z))
    np.testing.assert_allclose(f_line.get_ydata(), sigmoid, atol=1e-7)
    np.testing.assert_allclose(slope_line.get_ydata(), sigmoid * (1.0 - sigmoid), atol=1e-7)
    np.testing.assert_allclose(fig.get_size_inches(), plotting.ACTIVATION_SIZE)


@pytest.mark.parametrize("name", ["relu", "tanh", "step", "linear", "leaky_relu"])
def test_every_elementwise_activation_can_be_plotted(name):
    fig = plotting.plot_activation(name, z_range=(-2, 2), num=41)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert f"{name}(z)" in labels and f"{name}'(z)" in labels


def test_relu_derivative_line():
    fig = plotting.plot_activation("relu", z_range=(-1, 1), num=4)  # z = -1, -1/3, 1/3, 1
    line = next(line for line in fig.axes[0].get_lines() if line.get_label() == "relu'(z)")
    np.testing.assert_array_equal(line.get_ydata(), [0.0, 0.0, 1.0, 1.0])


def test_own_function_gets_a_numerical_derivative():
    def softplus(z):
        return np.log1p(np.exp(z))

    fig = plotting.plot_activation(softplus, z_range=(-3, 3), num=61, title="Softplus")
    ax = fig.axes[0]
    assert ax.get_title() == "Softplus"
    line = next(line for line in ax.get_lines() if line.get_label() == "softplus'(z) (numerical)")
    np.testing.assert_allclose(line.get_ydata(), 1.0 / (1.0 + np.exp(-line.get_xdata())), atol=1e-6)


def test_activation_errors():
    with pytest.raises(errors.UnknownNameError, match="relu"):
        plotting.plot_activation("rellu")
    with pytest.raises(errors.NNLibError, match="softmax"):
        plotting.plot_activation("softmax")
    with pytest.raises(errors.HyperparameterError, match="z_range"):
        plotting.plot_activation("tanh", z_range=(1, -1))
    with pytest.raises(errors.HyperparameterError, match="num"):
        plotting.plot_activation("tanh", num=1)


# ----------------------------------------------------------------------------------------
# plot_digits
# ----------------------------------------------------------------------------------------


def test_digits_grid_with_labels():
    x, y = load_digits()
    fig = plotting.plot_digits(x[:12], y[:12], n_cols=6)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 12 and len(fig.axes) == 12
    np.testing.assert_array_equal(shown[3].images[0].get_array(), x[3].reshape(8, 8))
    assert [ax.get_title() for ax in shown[:3]] == ["label 0", "label 1", "label 2"]
    assert fig._suptitle.get_text() == "Digits"
    np.testing.assert_allclose(fig.get_size_inches(), [6 * 1.1, 2 * 1.4 + 0.4])


def test_misclassified_digits_are_red_and_counted():
    images, y = load_digits(as_images=True)
    predictions = y[:5].copy()
    predictions[[1, 3]] = 9
    probabilities = np.eye(10)[predictions]  # model.predict output works too
    fig = plotting.plot_digits(images[:5], y[:5], probabilities)
    shown = [ax for ax in fig.axes if ax.images]
    assert shown[1].get_title() == "label 1\npred 9"
    assert matplotlib.colors.same_color(shown[1].title.get_color(), "red")
    assert matplotlib.colors.same_color(shown[0].title.get_color(), "black")
    assert fig._suptitle.get_text() == "2 of 5 predictions wrong (red)"


def test_digits_max_images_and_mnist_sized_rows():
    rows = np.zeros((80, 784), dtype=np.uint8)
    fig = plotting.plot_digits(rows, max_images=30)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 30 and shown[0].images[0].get_array().shape == (28, 28)


def test_digits_errors():
    with pytest.raises(errors.ShapeError, match="square"):
        plotting.plot_digits(np.zeros((3, 10)))
    with pytest.raises(errors.ShapeError, match=r"images\[None\]"):
        plotting.plot_digits(np.zeros((8, 8, 1, 1)))
    with pytest.raises(errors.DataError, match="no images"):
        plotting.plot_digits(np.zeros((0, 64)))
    with pytest.raises(errors.DataError, match="labels"):
        plotting.plot_digits(np.zeros((3, 64)), labels=[1, 2])
    with pytest.raises(errors.HyperparameterError, match="n_cols"):
        plotting.plot_digits(np.zeros((3, 64)), n_cols=0)


def test_importing_nnlib_plotting_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, nnlib.course.figures.plotting; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_with_a_trained_nnlib_model():
    models = pytest.importorskip("nnlib.models")
    layers = pytest.importorskip("nnlib.layers")
    x, y = make_moons(64, seed=0)
    model = models.Sequential(
        [layers.Input((2,)), layers.Dense(4, activation="tanh"), layers.Dense(1, activation="sigmoid")], seed=0
    )
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=3, verbose=0, validation_split=0.25)
    fig = plotting.plot_history(history)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    np.testing.assert_allclose(fig.axes[0].get_lines()[1].get_ydata(), history.history["val_loss"])
    fig = plotting.plot_decision_boundary(model, x, y, resolution=30)
    assert fig.axes[0].get_title() == "Decision boundary"
