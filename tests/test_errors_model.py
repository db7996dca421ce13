"""Every error a model raises on purpose: its type, a message that names the problem,
and the promise that a failed call changes no weights."""

import numpy as np
import pytest

from nnlib import errors, optimizers
from nnlib.callbacks import TerminateOnNaN
from nnlib.layers import Dense, Dropout
from nnlib.models import Sequential


def classifier(loss="sparse_categorical_crossentropy", units=3, activation="softmax"):
    model = Sequential([Dense(5, activation="relu", input_shape=(4,), name="hidden"),
                        Dense(units, activation=activation, name="out")], seed=0)
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype(np.float32), rng.integers(0, 3, n)


def assert_fails_without_change(model, call, error, *patterns):
    """Run ``call``; check the error type, each message pattern and the unchanged weights."""
    before = model.get_weights() if model.built else None
    iterations = model.optimizer.iterations if model.compiled else None
    with pytest.raises(error) as info:
        call()
    for pattern in patterns:
        assert pattern in str(info.value), f"{pattern!r} not in: {info.value}"
    if before is not None:
        for old, new in zip(before, model.get_weights()):
            np.testing.assert_array_equal(old, new)
    if iterations is not None:
        assert model.optimizer.iterations == iterations
    return info.value


# ----- shapes -------------------------------------------------------------------------------------
def test_x_with_wrong_feature_count_names_layer_and_shapes():
    model = classifier()
    x, y = data()
    assert_fails_without_change(model, lambda: model.fit(x[:, :3], y, verbose=0),
                                errors.ShapeError, "'hidden'", "(None, 4)", "(40, 3)")
    assert_fails_without_change(model, lambda: model.predict(x[:, :3], verbose=0),
                                errors.ShapeError, "'hidden'", "(40, 3)")
    assert_fails_without_change(model, lambda: model.evaluate(x[:, :3], y, verbose=0),
                                errors.ShapeError, "(None, 4)")


def test_one_dimensional_x_is_an_error_with_a_hint():
    model = classifier()
    _, y = data()
    assert_fails_without_change(model, lambda: model.fit(np.zeros(40), y, verbose=0),
                                errors.ShapeError, "1-D", "reshape(-1, 1)", "reshape(1, -1)")


def test_y_that_does_not_match_the_output_names_the_last_layer():
    model = classifier(loss="mse")
    x, _ = data()
    assert_fails_without_change(model, lambda: model.fit(x, np.zeros((40, 2)), verbose=0),
                                errors.ShapeError, "'out'", "(40, 2)", "(None, 3)")


def test_validation_data_is_checked_before_training():
    model = classifier()
    x, y = data()
    assert_fails_without_change(model, lambda: model.fit(x, y, validation_data=(x[:, :2], y), verbose=0),
                                errors.ShapeError, "x_val", "(40, 2)")
    assert_fails_without_change(model, lambda: model.fit(x, y, validation_data=(x, y, y, y), verbose=0),
                                errors.DataError, "(x_val, y_val)", "length 4")
    assert_fails_without_change(model, lambda: model.fit(x, y, validation_data=(x, y, np.ones(39)), verbose=0),
                                errors.DataError, "40 samples", "sample_weight_val has 39")


# ----- compile and build ---------------------------------------------------------------------------
def test_not_compiled():
    model = Sequential([Dense(3, input_dim=4)])
    x, y = data()
    for call in (lambda: model.fit(x, y), lambda: model.evaluate(x, y),
                 lambda: model.train_on_batch(x, y), lambda: model.gradients(x, y)):
        assert_fails_without_change(model, call, errors.NotCompiledError, "compile(")
    model.compile(optimizer="sgd")  # no loss
    assert_fails_without_change(model, lambda: model.fit(x, y), errors.NotCompiledError, "without one")


def test_not_built():
    model = Sequential([Dense(3), Dense(1)])
    for call in (model.get_weights, lambda: model.set_weights([]), model.count_params, lambda: model.save("x.nnlib")):
        with pytest.raises(errors.NotBuiltError, match="input_shape"):
            call()
    with pytest.raises(errors.NotBuiltError, match="build"):
        model.build()


def test_unknown_names_from_compile():
    model = Sequential([Dense(3, input_dim=4)])
    with pytest.raises(errors.UnknownNameError, match="adam"):
        model.compile(optimizer="adamm", loss="mse")
    with pytest.raises(errors.UnknownNameError, match="mse"):
        model.compile(optimizer="sgd", loss="msee")
    assert not model.compiled


# ----- data ------------------------------------------------------------------------------------------
def test_nan_and_inf_in_the_data_are_located():
    model = classifier(loss="mse")
    x, _ = data()
    y = np.zeros((40, 3), dtype=np.float32)
    bad_x = x.copy()
    bad_x[17, 2] = np.nan
    assert_fails_without_change(model, lambda: model.fit(bad_x, y, verbose=0),
                                errors.DataError, "NaN", "x[17, 2]")
    bad_y = y.copy()
    bad_y[39, 0] = np.inf
    assert_fails_without_change(model, lambda: model.fit(x, bad_y, verbose=0),
                                errors.DataError, "1 NaN or infinite", "y[39, 0]")
    assert_fails_without_change(model, lambda: model.predict(bad_x, verbose=0), errors.DataError, "x[17, 2]")


def test_length_mismatch_and_empty_data():
    model = classifier()
    x, y = data()
    assert_fails_without_change(model, lambda: model.fit(x, y[:30], verbose=0),
                                errors.DataError, "40 samples", "30")
    assert_fails_without_change(model, lambda: model.fit(x[:0], y[:0], verbose=0), errors.DataError, "empty")
    assert_fails_without_change(model, lambda: model.fit(None, y, verbose=0), errors.DataError, "None")
    assert_fails_without_change(model, lambda: model.fit(np.array([["a", "b", "c", "d"]]), y[:1], verbose=0),
                                errors.DataError, "numbers")


def test_integer_labels_with_categorical_crossentropy():
    model = classifier(loss="categorical_crossentropy")
    x, y = data()
    assert_fails_without_change(model, lambda: model.fit(x, y, verbose=0),
                                errors.DataError, "sparse_categorical_crossentropy", "to_categorical")


def test_binary_targets_outside_zero_one_even_in_the_last_batch():
    model = classifier(loss="binary_crossentropy", units=1, activation="sigmoid")
    x, _ = data()
    y = np.zeros(40, dtype=np.float32)
    y[-1] = 2.0  # only the last batch holds the bad target: it must fail before the first update
    assert_fails_without_change(model, lambda: model.fit(x, y, batch_size=8, shuffle=False, verbose=0),
                                errors.DataError, "[0, 1]", "2")


def test_sparse_labels_out_of_range():
    model = classifier()
    x, y = data()
    y = y.copy()
    y[5] = 7
    assert_fails_without_change(model, lambda: model.fit(x, y, verbose=0), errors.DataError, "0..2", "7")


# ----- hyperparameters --------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, pattern", [
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": 2.5}, "batch_size"),
    ({"epochs": -1}, "epochs"),
    ({"validation_split": 1.0}, "validation_split"),
    ({"validation_split": -0.1}, "validation_split"),
    ({"verbose": 3}, "verbose"),
    ({"shuffle": "yes"}, "shuffle"),
    ({"initial_epoch": -2}, "initial_epoch"),
])
def test_invalid_fit_arguments(kwargs, pattern):
    model = classifier()
    x, y = data()
    assert_fails_without_change(model, lambda: model.fit(x, y, **kwargs), errors.HyperparameterError, pattern)


def test_validation_split_too_small_for_the_data():
    model = classifier()
    x, y = data(1)
    assert_fails_without_change(model, lambda: model.fit(x, y, validation_split=0.5, verbose=0),
                                errors.DataError, "too few")


def test_invalid_layer_hyperparameters():
    with pytest.raises(errors.HyperparameterError, match=r"\[0, 1\)"):
        Dropout(1.0)
    with pytest.raises(errors.HyperparameterError, match="units"):
        Dense(0)


def test_set_weights_with_wrong_count_or_shape():
    model = classifier()
    weights = model.get_weights()
    assert_fails_without_change(model, lambda: model.set_weights(weights[:-1]), errors.ShapeError, "expects 4")
    bad = weights[:3] + [np.zeros(5)]
    assert_fails_without_change(model, lambda: model.set_weights(bad), errors.ShapeError, "out/bias", "(3,)", "(5,)")


# ----- divergence -----------------------------------------------------------------------------------------
def diverging_model():
    model = Sequential([Dense(8, activation="relu", input_dim=4), Dense(1)], seed=0)
    model.compile(optimizers.SGD(learning_rate=5.0), "mse")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 4)).astype(np.float32) * 100
    return model, x, rng.standard_normal(64).astype(np.float32) * 100


def test_divergence_raises_with_where_and_what_to_try_and_restores_weights():
    model, x, y = diverging_model()
    before = model.get_weights()
    with pytest.raises(errors.DivergenceError) as info:
        model.fit(x, y, epochs=5, batch_size=8, verbose=0)
    message = str(info.value)
    for part in ("epoch", "batch", "learning rate 5", "smaller learning rate", "standardize", "clip",
                 "TerminateOnNaN"):
        assert part in message, message
    error = info.value
    assert error.learning_rate == 5.0 and error.epoch >= 0 and error.batch >= 0
    assert not np.isfinite(error.loss)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_terminate_on_nan_turns_divergence_into_a_quiet_stop(capsys):
    model, x, y = diverging_model()
    history = model.fit(x, y, epochs=5, batch_size=8, verbose=0, callbacks=[TerminateOnNaN()])
    assert len(history.history["loss"]) < 5
    assert "terminating training" in capsys.readouterr().out


def test_train_on_batch_divergence_does_not_update():
    model, x, y = diverging_model()
    model.layers[0].params["kernel"][...] = 1e30  # the loss overflows to inf
    assert_fails_without_change(model, lambda: model.train_on_batch(x, y), errors.DivergenceError, "learning rate")
