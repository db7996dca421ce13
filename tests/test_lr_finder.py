"""Tests of nnlib.course.lr_finder: the learning-rate range test."""

import numpy as np
import pytest

from nnlib import errors
from nnlib.datasets import make_blobs
from nnlib.layers import Dense
from nnlib.models import Sequential
from nnlib.optimizers import SGD, Adam
from nnlib.optimizers.schedules import ExponentialDecay
from nnlib.course.lr_finder import LRRangeResult, _geometric_rates, _smooth, lr_range_test


def small_model(optimizer="sgd"):
    model = Sequential([Dense(8, activation="relu", input_shape=(2,)), Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture
def data():
    x, y = make_blobs(n_samples=300, n_classes=3, seed=0)
    return x.astype(np.float32), y


def test_geometric_rates_span_the_range():
    rates = _geometric_rates(1e-4, 1.0, 5)
    np.testing.assert_allclose(rates, [1e-4, 1e-3, 1e-2, 1e-1, 1.0])


def test_smooth_is_bias_corrected():
    np.testing.assert_allclose(_smooth([2.0, 2.0, 2.0], 0.9), [2.0, 2.0, 2.0])
    assert _smooth([1.0, 3.0], 0.0).tolist() == [1.0, 3.0]


def test_curve_falls_then_rises_and_weights_are_restored(data):
    x, y = data
    model = small_model(SGD(learning_rate=0.01))
    before = model.get_weights() if model.built else None
    result = lr_range_test(model, x, y, min_lr=1e-4, max_lr=100.0, num_steps=120, batch_size=32)
    assert isinstance(result, LRRangeResult)
    assert len(result.learning_rates) == len(result.losses) == len(result.smoothed)
    assert result.stopped_early  # 100 is far too large for SGD here
    assert np.all(np.diff(result.learning_rates) > 0)
    assert result.smoothed.min() < 0.8 * result.smoothed[0]  # the loss fell somewhere
    assert 1e-4 < result.best_learning_rate() < 100.0
    assert result.suggestion() == pytest.approx(result.best_learning_rate() / 10)
    after = model.get_weights()
    if before is not None:
        for a, b in zip(before, after):
            np.testing.assert_array_equal(a, b)
    assert model.optimizer.learning_rate == pytest.approx(0.01)


def test_model_trains_the_same_after_the_test(data):
    x, y = data
    reference = small_model(Adam(learning_rate=0.01))
    reference.fit(x, y, epochs=1, batch_size=32, verbose=0)
    expected = reference.fit(x, y, epochs=2, batch_size=32, verbose=0).history["loss"]

    model = small_model(Adam(learning_rate=0.01))
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    weights = model.get_weights()
    lr_range_test(model, x, y, num_steps=30)
    for a, b in zip(weights, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert model.optimizer.iterations == reference.optimizer.iterations - 2 * 10
    got = model.fit(x, y, epochs=2, batch_size=32, verbose=0).history["loss"]
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_same_seed_same_curve(data):
    x, y = data
    first = lr_range_test(small_model(), x, y, num_steps=20)
    second = lr_range_test(small_model(), x, y, num_steps=20)
    np.testing.assert_array_equal(first.losses, second.losses)


def test_errors(data):
    x, y = data
    with pytest.raises(errors.NotCompiledError):
        lr_range_test(Sequential([Dense(3, input_shape=(2,))]), x, y)
    model = small_model()
    with pytest.raises(errors.HyperparameterError, match="min_lr"):
        lr_range_test(model, x, y, min_lr=1.0, max_lr=0.1)
    with pytest.raises(errors.HyperparameterError, match="num_steps"):
        lr_range_test(model, x, y, num_steps=1)
    scheduled = small_model(SGD(learning_rate=ExponentialDecay(0.1, decay_steps=10, decay_rate=0.9)))
    with pytest.raises(errors.HyperparameterError, match="schedule"):
        lr_range_test(scheduled, x, y)
