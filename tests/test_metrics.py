"""Tests of nnlib.metrics: Keras accuracies, "accuracy" resolution, names and errors."""

import numpy as np
import pytest

from nnlib import errors, losses, metrics

RNG = np.random.default_rng(0)
PROBABILITIES = RNG.uniform(0, 1, size=(12, 1)).astype(np.float32)
PROBABILITIES[:2, 0] = [0.5, 0.5000001]  # exactly at and just above the threshold
BINARY = (RNG.random((12, 1)) > 0.5).astype(np.float32)
SCORES = RNG.normal(size=(12, 4)).astype(np.float32)
LABELS = RNG.integers(0, 4, 12)
ONE_HOT = np.eye(4, dtype=np.float32)[LABELS]


def keras_values(keras, function, y_true, y_pred):
    values = keras.ops.convert_to_numpy(getattr(keras.metrics, function)(y_true, y_pred))
    return values.reshape(len(values), -1).mean(axis=1)


@pytest.mark.parametrize(
    "name, y_true, y_pred",
    [
        ("binary_accuracy", BINARY, PROBABILITIES),
        ("binary_accuracy", BINARY[:, 0], PROBABILITIES),
        ("binary_accuracy", (RNG.random((12, 3)) > 0.5).astype(np.float32), RNG.random((12, 3)).astype(np.float32)),
        ("categorical_accuracy", ONE_HOT, SCORES),
        ("sparse_categorical_accuracy", LABELS, SCORES),
        ("sparse_categorical_accuracy", LABELS[:, None], SCORES),
    ],
)
def test_accuracies_match_keras(keras, name, y_true, y_pred):
    ours = metrics.get(name)(y_true, y_pred)
    assert ours.shape == (12,) and ours.dtype == np.float32
    np.testing.assert_array_equal(ours, keras_values(keras, name, y_true, y_pred))


def test_mean_accuracy_matches_keras_metric_objects(keras):
    keras_metric = keras.metrics.SparseCategoricalAccuracy()
    keras_metric.update_state(LABELS, SCORES)
    assert float(np.mean(metrics.get("sparse_categorical_accuracy")(LABELS, SCORES))) == pytest.approx(
        float(keras_metric.result()))


@pytest.mark.parametrize("name, function", [("mse", "mean_squared_error"), ("mae", "mean_absolute_error")])
def test_regression_metrics_match_keras(keras, name, function):
    y, p = RNG.normal(size=(12, 3)).astype(np.float32), SCORES[:, :3]
    np.testing.assert_allclose(metrics.get(name)(y, p), keras_values(keras, function, y, p), rtol=1e-6)
    assert metrics.get(name).name == name


@pytest.mark.parametrize(
    "loss, expected",
    [
        ("binary_crossentropy", metrics.BinaryAccuracy),
        ("bce", metrics.BinaryAccuracy),
        (losses.BinaryCrossentropy(from_logits=True), metrics.BinaryAccuracy),
        ("categorical_crossentropy", metrics.CategoricalAccuracy),
        ("sparse_categorical_crossentropy", metrics.SparseCategoricalAccuracy),
        (losses.SparseCategoricalCrossentropy(), metrics.SparseCategoricalAccuracy),
    ],
)
def test_accuracy_is_resolved_from_the_loss(loss, expected):
    for written in ["accuracy", "acc", "Accuracy"]:
        metric = metrics.get(written, loss=loss)
        assert metric.name == written
        assert type(metric.resolved) is expected
        assert metric.resolved.name == written


@pytest.mark.parametrize(
    "y_true, y_pred, expected",
    [
        (BINARY, PROBABILITIES, metrics.BinaryAccuracy),
        (LABELS, SCORES, metrics.SparseCategoricalAccuracy),
        (LABELS[:, None], SCORES, metrics.SparseCategoricalAccuracy),
        (ONE_HOT, SCORES, metrics.CategoricalAccuracy),
    ],
)
def test_accuracy_without_a_known_loss_follows_the_shapes_like_keras(keras, y_true, y_pred, expected):
    metric = metrics.get("accuracy", loss="mse")
    values = metric(y_true, y_pred)
    assert type(metric.resolved) is expected
    keras_name = {metrics.BinaryAccuracy: "binary_accuracy", metrics.CategoricalAccuracy: "categorical_accuracy",
                  metrics.SparseCategoricalAccuracy: "sparse_categorical_accuracy"}[expected]
    np.testing.assert_array_equal(values, keras_values(keras, keras_name, y_true, y_pred))


def test_binary_threshold():
    values = metrics.BinaryAccuracy(threshold=0.8)(np.array([1.0, 1.0, 0.0]), np.array([[0.9], [0.7], [0.85]]))
    np.testing.assert_array_equal(values, [1.0, 0.0, 0.0])


def test_crossentropy_names_are_metrics_too():
    metric = metrics.get("binary_crossentropy")
    values = metric(BINARY, PROBABILITIES)
    np.testing.assert_allclose(values, losses.get("binary_crossentropy").per_sample(BINARY, PROBABILITIES))


def test_unknown_metric_suggests_the_closest():
    with pytest.raises(errors.UnknownNameError) as info:
        metrics.get("acuracy")
    assert "Did you mean 'accuracy'?" in str(info.value)
    with pytest.raises(errors.UnknownNameError):
        metrics.get(5)


def test_metric_instances_pass_through():
    metric = metrics.CategoricalAccuracy(name="cat")
    assert metrics.get(metric) is metric


def test_label_format_errors():
    with pytest.raises(errors.DataError, match="sparse_categorical_accuracy"):
        metrics.get("categorical_accuracy")(LABELS, SCORES)
    with pytest.raises(errors.DataError, match="categorical_accuracy"):
        metrics.get("sparse_categorical_accuracy")(ONE_HOT, SCORES)
    with pytest.raises(errors.ShapeError):
        metrics.get("binary_accuracy")(BINARY[:5], PROBABILITIES)
    with pytest.raises(errors.ShapeError):
        metrics.get("sparse_categorical_accuracy")(LABELS[:5], SCORES)
