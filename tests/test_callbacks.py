"""Tests of nnlib.callbacks, with Keras's own callbacks as the oracle where they apply."""

import numpy as np
import pytest

from nnlib import errors
from nnlib.callbacks import (
    Callback,
    EarlyStopping,
    History,
    LambdaCallback,
    ProgbarLogger,
    ReduceLROnPlateau,
    TerminateOnNaN,
)
from nnlib.layers import Dense
from nnlib.models import Sequential


class FakeOptimizer:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate


class FakeModel:
    """Just what EarlyStopping and ReduceLROnPlateau touch, for nnlib and Keras alike."""

    def __init__(self):
        self.stop_training = False
        self.weights = [np.array([-1.0])]
        self.optimizer = FakeOptimizer(0.1)

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.array(w) for w in weights]


def drive(callback, values, key="val_loss"):
    """Feed one logged value per epoch, as fit would; return (epochs run, model, logs)."""
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    all_logs = []
    epochs = 0
    for epoch, value in enumerate(values):
        model.weights = [np.array([float(epoch)])]  # "the weights after epoch e" are e
        logs = {key: value}
        callback.on_epoch_end(epoch, logs)
        all_logs.append(logs)
        epochs += 1
        if model.stop_training:
            break
    callback.on_train_end()
    return epochs, model, all_logs


SEQUENCES = [
    [1.0, 0.9, 0.95, 0.96, 0.97, 0.8, 0.81, 0.82, 0.83, 0.84],
    [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
    [3.0, 2.0, 1.0, 1.5, 0.999, 0.9995, 0.9990, 1.2, 1.3, 1.4, 1.5],
    [1.0, 1.1, 1.2, 0.7, 0.71, 0.69, 0.695, 0.7, 0.8],
]
EARLY_STOPPING_SETTINGS = [
    {},
    {"patience": 2},
    {"patience": 2, "min_delta": 0.05},
    {"patience": 1, "restore_best_weights": True},
    {"patience": 3, "baseline": 0.85},
    {"patience": 3, "baseline": 0.85, "restore_best_weights": True},
    {"patience": 1, "start_from_epoch": 3},
    {"patience": 2, "mode": "max"},
    {"patience": 2, "mode": "min", "min_delta": -0.01},
]


@pytest.mark.parametrize("settings", EARLY_STOPPING_SETTINGS)
@pytest.mark.parametrize("values", SEQUENCES)
def test_early_stopping_matches_keras(keras, settings, values):
    ours_epochs, ours_model, _ = drive(EarlyStopping(**settings), values)
    keras_epochs, keras_model, _ = drive(keras.callbacks.EarlyStopping(**settings), values)
    assert ours_epochs == keras_epochs
    assert ours_model.weights == keras_model.weights  # same restored weights (or none)


@pytest.mark.parametrize(
    "settings",
    [
        {"patience": 1},
        {"patience": 2, "factor": 0.5},
        {"patience": 1, "cooldown": 2},
        {"patience": 1, "min_lr": 0.02, "factor": 0.5},
        {"patience": 2, "min_delta": 0.2},
        {"patience": 1, "mode": "max"},
    ],
)
@pytest.mark.parametrize("values", SEQUENCES)
def test_reduce_lr_on_plateau_matches_keras(keras, settings, values):
    _, ours, ours_logs = drive(ReduceLROnPlateau(**settings), values)
    _, theirs, keras_logs = drive(keras.callbacks.ReduceLROnPlateau(**settings), values)
    assert ours.optimizer.learning_rate == pytest.approx(theirs.optimizer.learning_rate)
    assert [log["learning_rate"] for log in ours_logs] == pytest.approx([log["learning_rate"] for log in keras_logs])


def test_monitor_direction_is_inferred_from_the_name():
    epochs, _, _ = drive(EarlyStopping(monitor="val_accuracy", patience=1), [0.5, 0.6, 0.55, 0.5], "val_accuracy")
    assert epochs == 3  # accuracy should go up: 0.55 and 0.5 are no improvement
    with pytest.raises(errors.HyperparameterError, match="mode='min'"):
        drive(EarlyStopping(monitor="weird_number"), [1.0, 2.0], "weird_number")
    with pytest.raises(errors.HyperparameterError, match="mode"):
        EarlyStopping(mode="up")
    with pytest.raises(errors.HyperparameterError, match="factor"):
        ReduceLROnPlateau(factor=1.5)


def test_missing_monitor_warns_and_does_nothing():
    with pytest.warns(UserWarning, match="val_loss"):
        epochs, _, _ = drive(EarlyStopping(), [1.0, 2.0, 3.0], key="loss")
    assert epochs == 3


# ----- with real training ------------------------------------------------------------------
def data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 3)).astype(np.float32)
    y = (x @ np.array([1.0, -1.0, 0.5], dtype=np.float32)).reshape(-1, 1)
    return x, y


def regression_model(learning_rate=0.01, seed=0):
    from nnlib import optimizers

    model = Sequential([Dense(4, activation="tanh", input_dim=3), Dense(1)], seed=seed)
    model.compile(optimizers.SGD(learning_rate), "mse")
    return model


def test_early_stopping_in_fit_restores_best_weights():
    x, y = data()
    model = regression_model(learning_rate=0.5)
    stopper = EarlyStopping(monitor="loss", patience=1, restore_best_weights=True)
    weights_per_epoch = []
    keep = LambdaCallback(on_epoch_end=lambda epoch, logs: weights_per_epoch.append(model.get_weights()))
    history = model.fit(x, y, epochs=200, batch_size=8, callbacks=[keep, stopper], verbose=0)
    losses = history.history["loss"]
    assert len(losses) < 200 and stopper.stopped_epoch == len(losses) - 1
    best = int(np.argmin(losses))
    assert stopper.best_epoch == best
    for got, want in zip(model.get_weights(), weights_per_epoch[best]):
        np.testing.assert_array_equal(got, want)


def test_reduce_lr_on_plateau_in_fit_logs_learning_rate():
    x, y = data()
    model = regression_model(learning_rate=0.05)
    history = model.fit(x, y, epochs=4, verbose=0,
                        callbacks=[ReduceLROnPlateau(monitor="loss", patience=0, min_delta=10.0, factor=0.5)])
    # logged before the change at each epoch's end; epoch 0 is always an improvement
    assert history.history["learning_rate"] == pytest.approx([0.05, 0.05, 0.025, 0.0125])
    assert model.optimizer.learning_rate == pytest.approx(0.00625)


def test_terminate_on_nan_stops_quietly_like_keras(capsys):
    x, y = data()
    y = y * 1e3
    model = regression_model(learning_rate=10.0)
    history = model.fit(x, y, epochs=20, batch_size=8, callbacks=[TerminateOnNaN()], verbose=0)
    assert len(history.history["loss"]) < 20
    assert not np.isfinite(history.history["loss"][-1])
    assert "Invalid loss, terminating training" in capsys.readouterr().out


def test_lambda_callback_hooks_and_order():
    x, y = data()
    model = regression_model()
    calls = []
    callback = LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: calls.append(f"epoch_begin {epoch}"),
        on_train_batch_end=lambda batch, logs: calls.append(f"batch {batch} {sorted(logs)}"),
        on_epoch_end=lambda epoch, logs: calls.append(f"epoch_end {epoch} {sorted(logs)}"),
        on_train_end=lambda logs: calls.append("train_end"),
    )
    model.fit(x, y, epochs=2, batch_size=32, callbacks=[callback], verbose=0, validation_split=0.25)
    assert calls == [
        "train_begin",
        "epoch_begin 0", "batch 0 ['loss']", "batch 1 ['loss']", "epoch_end 0 ['loss', 'val_loss']",
        "epoch_begin 1", "batch 0 ['loss']", "batch 1 ['loss']", "epoch_end 1 ['loss', 'val_loss']",
        "train_end",
    ]
    with pytest.raises(TypeError, match="not a callback hook"):
        LambdaCallback(on_banana=print)


def test_batch_logs_are_running_means_of_the_epoch():
    x, y = data(16)
    model = regression_model()
    seen = []
    model.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0,
              callbacks=[LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(logs["loss"]))])
    history_loss = model.history.history["loss"][0]
    assert seen[-1] == pytest.approx(history_loss)


def test_history_records_every_key():
    history = History()
    history.set_model(FakeModel())
    history.on_train_begin()
    history.on_epoch_end(0, {"loss": 1.0, "acc": 0.5})
    history.on_epoch_end(1, {"loss": 0.5, "acc": 0.7})
    assert history.history == {"loss": [1.0, 0.5], "acc": [0.5, 0.7]} and history.epoch == [0, 1]


def test_invalid_callbacks_argument():
    x, y = data()
    model = regression_model()
    before = model.get_weights()
    with pytest.raises(errors.HyperparameterError, match="Callback"):
        model.fit(x, y, callbacks=[print], verbose=0)
    with pytest.raises(errors.HyperparameterError, match="list"):
        model.fit(x, y, callbacks="early", verbose=0)
    np.testing.assert_array_equal(before[0], model.get_weights()[0])


def test_progress_output_verbose_2(capsys):
    x, y = data()
    regression_model().fit(x, y, epochs=2, batch_size=16, verbose=2, validation_split=0.25)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Epoch 1/2" and out[2] == "Epoch 2/2"
    assert out[1].startswith("3/3 - ") and "s/step - loss: " in out[1] and " - val_loss: " in out[1]


def test_progress_output_verbose_1_not_a_terminal(capsys):
    x, y = data()
    regression_model().fit(x, y, epochs=1, batch_size=16, verbose=1)
    out = capsys.readouterr().out
    assert "\r" not in out  # captured output is not a terminal: only the finished line
    assert out.startswith("4/4 [==============================] - ") and "loss: " in out


def test_progress_bar_redraws_in_place_in_a_terminal(monkeypatch, capsys):
    from nnlib.callbacks import progbar_logger

    monkeypatch.setattr(progbar_logger, "dynamic_display", lambda: True)
    monkeypatch.setattr(progbar_logger, "_REDRAW_INTERVAL", 0.0)
    x, y = data()
    regression_model().fit(x, y, epochs=1, batch_size=16, verbose=1)
    out = capsys.readouterr().out
    assert out.count("\r") >= 4 and out.endswith("\n") and ">" in out


def test_evaluate_and_predict_progress(capsys):
    x, y = data()
    model = regression_model()
    model.evaluate(x, y, batch_size=32)
    model.predict(x, batch_size=32, verbose=2)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2/2 [") and "loss:" in out[0]
    assert out[1].startswith("2/2 - ")


def test_custom_callback_sees_model_and_params():
    seen = {}

    class Spy(Callback):
        def on_train_begin(self, logs=None):
            seen.update(self.params, model=self.model)

    x, y = data()
    model = regression_model()
    model.fit(x, y, epochs=3, batch_size=16, callbacks=[Spy()], verbose=0)
    assert seen["model"] is model and seen["epochs"] == 3 and seen["steps"] == 4 and seen["verbose"] == 0


def test_progbar_logger_is_not_added_twice():
    from nnlib.callbacks import CallbackList

    logger = ProgbarLogger()
    callbacks = CallbackList([logger], add_progbar=True, verbose=2, epochs=1, steps=1)
    assert sum(isinstance(cb, ProgbarLogger) for cb in callbacks) == 1
