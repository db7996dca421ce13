"""Tests for nnlib.course.figures.networks: parameter counts agree with Sequential, and the drawing says them."""

import numpy as np
import pytest

import matplotlib
import matplotlib.pyplot as plt

import nnlib  # noqa: E402
from nnlib import errors  # noqa: E402
from nnlib.layers import Dense  # noqa: E402
from nnlib.course.figures import networks


def build(sizes, use_bias=True):
    layers = [Dense(sizes[1], activation="relu", use_bias=use_bias, input_shape=(sizes[0],))]
    layers += [Dense(n, use_bias=use_bias) for n in sizes[2:]]
    return nnlib.Sequential(layers, seed=0)


@pytest.mark.parametrize("sizes", [[2, 3, 1], [8, 10, 10, 1], [10, 64, 1], [784, 128, 10], [1, 1], [3, 5, 5, 5, 2]])
@pytest.mark.parametrize("use_bias", [True, False])
def test_count_params_agrees_with_sequential(sizes, use_bias):
    model = build(sizes, use_bias)
    assert networks.count_params(sizes, use_bias=use_bias) == model.count_params()
    per_layer = [layer.count_params() for layer in model.layers]
    assert networks.layer_param_counts(sizes, use_bias=use_bias) == per_layer
    assert networks.layer_sizes_of(model) == sizes


def test_known_counts():
    assert networks.count_params([2, 3, 1]) == 13
    assert networks.count_params([4, 5, 3]) == 43
    assert networks.count_params([784, 128, 10]) == 101_770
    assert networks.layer_param_counts([2, 3, 1], use_bias=False) == [6, 3]


@pytest.mark.parametrize("bad", [[3], [], [2, 0, 1], [2, -1], [2, 1.5], [True, 2], "2-3-1", 5, None])
def test_bad_sizes_raise_a_clear_error(bad):
    with pytest.raises(errors.HyperparameterError, match="layer|size"):
        networks.count_params(bad)


def test_layer_sizes_of_an_unbuilt_model_raises():
    with pytest.raises(errors.HyperparameterError, match="built"):
        networks.layer_sizes_of(nnlib.Sequential([Dense(3)]))


def markers(fig):
    """The centres of the circles drawn for the units."""
    from matplotlib.collections import PathCollection

    return np.concatenate([c.get_offsets() for c in fig.axes[0].collections if isinstance(c, PathCollection)])


def connections(fig):
    from matplotlib.collections import LineCollection

    return [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]


def texts_of(fig):
    return [t.get_text() for t in fig.axes[0].texts] + [fig.axes[0].get_title()]


def test_draw_network_labels_layers_and_counts():
    fig = networks.draw_network([2, 3, 1], activations=["tanh", "sigmoid"])
    assert isinstance(fig, matplotlib.figure.Figure)
    assert tuple(fig.get_size_inches()) == networks.NETWORK_SIZE
    texts = texts_of(fig)
    assert "A 2-3-1 network: 13 parameters" in texts
    assert any(t.startswith("input\n2 features") for t in texts)
    assert any(t.startswith("hidden 1\n3 neurons\ntanh") for t in texts)
    assert any(t.startswith("output\n1 neuron\nsigmoid") for t in texts)
    assert "W 2x3 + b (3)\n9 params" in texts and "W 3x1 + b (1)\n4 params" in texts
    # one marker per unit, every connection drawn
    assert len(markers(fig)) == 6
    assert sum(len(lines.get_segments()) for lines in connections(fig)) == 2 * 3 + 3 * 1
    assert not fig.axes[0].axison


def test_a_wide_layer_is_abbreviated():
    fig = networks.draw_network([784, 128, 10], max_units=6)
    texts = texts_of(fig)
    assert "A 784-128-10 network: 101,770 parameters" in texts
    assert texts.count("\u22ee") == 3  # 784, 128 and 10 are all wider than 6
    assert len(markers(fig)) == 3 * 5  # 4 first units + the last one, per layer
    assert sum(len(lines.get_segments()) for lines in connections(fig)) == 2 * 5 * 5
    assert "W 784x128 + b (128)\n100,480 params" in texts


def test_draw_network_without_bias_and_into_an_axes():
    fig, ax = plt.subplots(figsize=(4, 3))
    returned = networks.draw_network([3, 2], use_bias=False, ax=ax, title="no bias")
    assert returned is fig
    assert "W 3x2\n6 params" in texts_of(fig) and ax.get_title() == "no bias"


@pytest.mark.parametrize("kwargs", [{"activations": ["relu"]}, {"max_units": 2}])
def test_draw_network_rejects_bad_options(kwargs):
    with pytest.raises(errors.HyperparameterError):
        networks.draw_network([2, 3, 1], **kwargs)


def test_import_nnlib_diagrams_does_not_need_matplotlib():
    import subprocess
    import sys

    code = "import sys; import nnlib.course.figures.networks; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
