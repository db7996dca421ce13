"""Tests of nnlib.course.flops: parameter and FLOP counts, and the energy estimate."""

import numpy as np
import pytest

from nnlib import Sequential, errors
from nnlib.layers import Activation, Dense, Dropout, Flatten
from nnlib.course import devices
from nnlib.course.flops import TRAINING_FACTOR, count_flops, energy_estimate, layer_flops


def _model():
    return Sequential([Flatten(input_shape=(8, 8)), Dense(32, activation="relu"), Dropout(0.2),
                       Dense(16, use_bias=False), Activation("tanh"), Dense(10, activation="softmax")], seed=0)


def test_params_match_count_params_and_per_layer():
    model = _model()
    cost = count_flops(model)
    assert cost.params == model.count_params()
    assert [row.params for row in cost.layers] == [layer.count_params() for layer in model.layers]
    assert [row.kind for row in cost.layers] == ["Flatten", "Dense", "Dropout", "Dense", "Activation", "Dense"]


def test_dense_flops_formula_and_devices_agree():
    model = _model()
    cost = count_flops(model)
    expected = [0, 2 * 64 * 32 + 32, 0, 2 * 32 * 16, 0, 2 * 16 * 10 + 10]
    assert [row.forward_flops for row in cost.layers] == expected
    assert cost.forward_flops == sum(expected)
    assert cost.training_flops == TRAINING_FACTOR * cost.forward_flops
    assert layer_flops(model.layers[1]) == devices.dense_flops(1, 64, 32)
    assert cost.training_total(100, epochs=5) == cost.training_flops * 500


def test_training_factor_counts_the_backward_products():
    # Backward of a Dense layer: dL/dW (2 n_in units) + dL/dx (2 n_in units) + dL/db (units).
    model = Sequential([Dense(20, activation="relu", input_shape=(30,)), Dense(5)], seed=0)
    backward = sum(4 * w.shape[0] * w.shape[1] + w.shape[1] for w in model.get_weights()[::2])
    forward = count_flops(model).forward_flops
    assert backward == pytest.approx(2 * forward, rel=0.01)  # the bias adds differ slightly
    # the rule of thumb of Part 5: about 6 operations per weight
    assert count_flops(model).training_flops == pytest.approx(6 * model.count_params(), rel=0.05)


def test_flops_grow_quadratically_with_width_linearly_with_depth():
    def cost(width, depth):
        layers = [Dense(width, activation="relu", input_shape=(width,))]
        layers += [Dense(width, activation="relu") for _ in range(depth - 1)]
        return count_flops(Sequential(layers, seed=0)).forward_flops

    assert cost(64, 2) == 2 * cost(64, 1)
    assert cost(128, 1) == pytest.approx(4 * cost(64, 1), rel=0.01)


def test_table_and_errors():
    text = count_flops(_model()).table()
    assert "total" in text and "training step" in text
    with pytest.raises(errors.NotBuiltError):
        count_flops(Sequential([Dense(3)]))
    with pytest.raises(errors.NotBuiltError):
        layer_flops(Dense(3))


def test_energy_estimate():
    e = energy_estimate(3.6e15, peak_flops=1e12, power_watts=100, utilization=0.5, pue=1.0,
                        grams_co2_per_kwh=500)
    assert e.seconds == pytest.approx(7200)
    assert e.kwh == pytest.approx(0.2)
    assert e.kg_co2 == pytest.approx(0.1)
    assert energy_estimate(1e12, 1e12, 100, utilization=1.0, pue=2.0).kwh == pytest.approx(2 * 100 / 3.6e6)
    for bad in ({"utilization": 1.5}, {"pue": 0.9}, {"power_watts": 0}, {"grams_co2_per_kwh": np.nan}):
        with pytest.raises(errors.HyperparameterError):
            energy_estimate(**{"flops": 1e9, "peak_flops": 1e12, "power_watts": 100, **bad})
