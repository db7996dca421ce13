"""Tests for nnlib.course.figures.networks: the numbers its diagrams show, and what they draw.

The chain-rule values of ``neuron_graph_values`` are checked against central differences;
the figures are checked in words and numbers (title, texts), not pixels.
"""

import subprocess
import sys

import numpy as np
import pytest

import matplotlib.pyplot as plt

from nnlib import errors  # noqa: E402
from nnlib.course.figures import networks


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_neuron_graph_gradients_match_central_differences(activation):
    point = dict(x=1.5, w=0.8, b=-0.5, y=1.0)
    values = networks.neuron_graph_values(activation=activation, **point)
    h = 1e-6
    for name in ("x", "w", "b"):
        plus = dict(point, **{name: point[name] + h})
        minus = dict(point, **{name: point[name] - h})
        numeric = (networks.neuron_graph_values(activation=activation, **plus)["L"]
                   - networks.neuron_graph_values(activation=activation, **minus)["L"]) / (2 * h)
        assert values[f"dL/d{name}"] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_neuron_graph_forward_values():
    v = networks.neuron_graph_values(2.0, 0.5, 0.25, 0.0, activation="linear")
    assert (v["u"], v["z"], v["a"], v["L"]) == (1.0, 1.25, 1.25, 1.5625)
    assert v["dL/da"] == 2.5 and v["dL/dw"] == 5.0 and v["dL/dx"] == 1.25


def test_draw_neuron_graph_shows_values_and_gradients():
    fig = networks.draw_neuron_graph(1.5, 0.8, -0.5, 1.0)
    shown = texts(fig)
    assert "z = 0.700" in shown and "dL/dL = 1.000" in shown
    assert any(t.startswith("dL/dw = ") for t in shown)
    assert fig.axes[0].get_title() == "Computational graph of L = (sigmoid(w x + b) - y)²"
    assert tuple(fig.get_size_inches()) == networks.NEURON_GRAPH_SIZE


def test_draw_weighted_network_labels_weights_nodes_and_biases():
    w1, w2 = np.array([[0.5, -0.3], [0.8, 0.2]]), np.array([[1.2], [-0.7]])
    fig = networks.draw_weighted_network([w1, w2], node_values=[[1, 0], [0.6, 0.4], [0.7]],
                                     biases=[[0.1, -0.1], [0.05]], layer_names=["in", "hidden", "out"],
                                     title="2-2-1")
    shown = texts(fig)
    for label in ("w=0.50", "w=-0.30", "w=-0.70", "0.60", "0.70", "b=0.05", "hidden"):
        assert label in shown
    assert fig.axes[0].get_title() == "2-2-1"
    assert len(fig.axes[0].lines) == 6  # one line per weight


def test_draw_weighted_network_with_gradients_on_the_edges():
    w1, w2 = np.ones((2, 3)), np.ones((3, 1))
    fig = networks.draw_weighted_network([w1, w2], edge_values=[-w1, 2 * w2], edge_label="dL/dw")
    shown = texts(fig)
    assert "dL/dw=-1.00" in shown and "dL/dw=2.00" in shown


def test_draw_weighted_network_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    assert networks.draw_weighted_network([np.ones((1, 1))], ax=ax) is fig


@pytest.mark.parametrize("kwargs, message", [
    (dict(weights=[np.ones((2, 2)), np.ones((3, 1))]), "first axis must be 2"),
    (dict(weights=[np.ones(3)]), "shape (n_in, n_out)"),
    (dict(weights=[]), "at least one"),
    (dict(weights=[np.ones((2, 1))], node_values=[[1, 2]]), "one array per layer"),
    (dict(weights=[np.ones((2, 1))], node_values=[[1, 2, 3], [1]]), "has 3 values"),
    (dict(weights=[np.ones((2, 1))], edge_values=[np.ones((1, 2))]), "same shapes"),
])
def test_draw_weighted_network_explains_bad_shapes(kwargs, message):
    with pytest.raises(errors.ShapeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        networks.draw_weighted_network(**kwargs)


def test_import_does_not_load_matplotlib():
    code = "import sys, nnlib.course.figures.networks; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
