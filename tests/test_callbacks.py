"""Tests of nnlib.callbacks, with Keras's own callbacks as the oracle where they apply."""

import contextlib
import io
import re

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


def test_monitor_direction_comes_from_the_loss_or_the_compiled_metric():
    from nnlib import metrics

    stopper = EarlyStopping(monitor="val_accuracy", patience=1)
    model = FakeModel()
    model.metrics = [metrics.Accuracy()]
    stopper.set_model(model)
    stopper.on_train_begin()
    assert stopper.monitor_op is np.greater  # accuracy should go up
    for epoch, value in enumerate([0.5, 0.6, 0.55, 0.5]):
        stopper.on_epoch_end(epoch, {"val_accuracy": value})
        if model.stop_training:
            break
    assert stopper.stopped_epoch == 2  # 0.55 is no improvement on 0.6
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


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def shown(text):
    """What a terminal (or nbval) shows of ``text``: the last redraw of each line, no colour codes."""
    text = re.sub(r"^.*\r(?=[^\n])", "", text, flags=re.MULTILINE)  # nbval's carriage-return rule
    return ANSI.sub("", text)


def mask_timings(text):
    text = re.sub(r"\d+s - \d+(ms|s|us)/step", "Ts - T/step", text)
    return re.sub(r"\d+s \d+(ms|s|us)/step", "Ts T/step", text)


def test_progress_output_verbose_2(capsys):
    x, y = data()
    regression_model().fit(x, y, epochs=2, batch_size=16, verbose=2, validation_split=0.25)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Epoch 1/2" and out[2] == "Epoch 2/2"
    assert re.fullmatch(r"3/3 - \d+s - \d+(us|ms|s)/step - loss: \d\.\d{4} - val_loss: \d\.\d{4}", out[1])
    assert "\x1b" not in capsys.readouterr().out  # verbose=2 writes plain text


def test_progress_bar_verbose_1_is_keras_3s_bar(capsys):
    x, y = data()
    regression_model().fit(x, y, epochs=1, batch_size=16, verbose=1)
    out = capsys.readouterr().out
    final = mask_timings(shown(out))
    assert re.fullmatch(r"4/4 ━{20} Ts T/step - loss: \d\.\d{4} *\n", final), final
    assert "\x1b[32m" + "━" * 20 + "\x1b[0m" in out  # the finished bar in green
    assert "Epoch" not in out  # only printed with more than one epoch, as Keras


def test_progress_bar_draws_each_state_in_place():
    from nnlib.callbacks.progbar import Progbar

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        bar = Progbar(target=4, interval=0.0)
        bar.dynamic = True
        for step in (1, 2, 3):
            bar.update(step, [("loss", 1.0 / step)])
        bar.update(4, [("loss", 0.25)], finalize=True)
    out = buffer.getvalue()
    assert out.count("\r") == 4 and out.endswith("\n") and out.count("\n") == 1
    states = ANSI.sub("", out).split("\r")[1:]
    assert [state.split(" ")[1].count("━") for state in states] == [20, 20, 20, 20]
    # the done part of the bar, in green: 5, 10, 15 then 20 of the 20 characters
    assert [len(done) for done in re.findall("\x1b\\[32m(━+)\x1b\\[0m", out)] == [5, 10, 15, 20]
    assert "\x1b[32m" + "━" * 10 + "\x1b[0m\x1b[37m" + "━" * 10 + "\x1b[0m" in out
    assert "loss: 0.2500" in states[-1] and "loss: 0.3333" in states[2]


def test_progress_values_are_formatted_as_keras():
    from nnlib.callbacks.progbar import format_eta, format_time_per_unit, format_value

    assert format_value(0.69314718) == " 0.6931" and format_value(0.0001) == " 1.0000e-04"
    assert format_value(-0.5) == " -0.5000" and format_value(-0.5, verbose=2) == " -5.0000e-01"
    assert format_value([0.2, 0.4]) == " 0.3000"
    assert format_time_per_unit(0.0031) == " 3ms/step" and format_time_per_unit(2e-5) == " 20us/step"
    assert format_time_per_unit(1.5) == " 2s/step" and format_time_per_unit(0) == " 0s/step"
    assert format_eta(7.9) == "7s" and format_eta(125) == "2:05" and format_eta(3725) == "1:02:05"


def test_evaluate_and_predict_progress(capsys):
    x, y = data()
    model = regression_model()
    model.evaluate(x, y, batch_size=32)
    model.predict(x, batch_size=32, verbose=2)
    model.predict(x, batch_size=32)
    out = mask_timings(shown(capsys.readouterr().out)).splitlines()
    assert re.fullmatch(r"2/2 ━{20} Ts T/step - loss: \d\.\d{4} *", out[0])
    assert out[1] == "2/2 - Ts - T/step"
    assert re.fullmatch(r"2/2 ━{20} Ts T/step *", out[2])


def test_progress_keys_in_keras_order_whatever_the_dict_order(capsys):
    from nnlib.callbacks import CallbackList

    logger = ProgbarLogger()
    callbacks = CallbackList([logger], verbose=2, epochs=1, steps=1)
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    callbacks.on_epoch_end(0, {"val_loss": 0.5, "loss": 0.25, "val_accuracy": 0.75, "accuracy": 1.0})
    line = capsys.readouterr().out
    assert line.endswith("- accuracy: 1.0000 - loss: 0.2500 - val_accuracy: 0.7500 - val_loss: 0.5000\n")


def test_hooks_get_a_new_sorted_dict_never_none():
    from nnlib.callbacks import CallbackList

    seen = []
    spy = LambdaCallback(on_train_begin=lambda logs: seen.append(logs),
                         on_epoch_end=lambda epoch, logs: seen.append(logs),
                         on_predict_batch_end=lambda batch, logs: seen.append(logs))
    callbacks = CallbackList([spy])
    callbacks.on_train_begin(None)
    given = {"loss": np.float32(0.5), "accuracy": 1, "auc": {"auc": np.float64(0.25)}}
    callbacks.on_epoch_end(0, given)
    outputs = np.zeros((2, 1))
    callbacks.on_predict_batch_end(0, {"outputs": outputs})
    assert seen[0] == {}
    assert list(seen[1]) == ["accuracy", "auc", "loss"] and seen[1] is not given
    assert all(type(value) is float for value in seen[1].values())
    assert seen[2]["outputs"] is outputs


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


def test_nbval_sanitizer_hides_the_progress_bar_timings_only():
    """tests/nbval_sanitize.cfg, applied as nbval applies it (streams coalesced, then the rules):
    two runs that differ only in their timings (and the padding that follows from them)
    compare equal; a different loss does not."""
    nbformat = pytest.importorskip("nbformat")
    plugin = pytest.importorskip("nbval.plugin")
    import pathlib

    patterns = plugin.get_sanitize_patterns(pathlib.Path(__file__).with_name("nbval_sanitize.cfg").read_text())

    def as_nbval_compares(text):
        (output,) = plugin.coalesce_streams([nbformat.v4.new_output("stream", name="stdout", text=text)])
        text = output.text
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    x, y = data()
    model = regression_model()
    run = io.StringIO()
    with contextlib.redirect_stdout(run):
        model.fit(x, y, epochs=2, batch_size=16, verbose=1, validation_split=0.25)
        model.evaluate(x, y, verbose=1)
        model.predict(x, verbose=1)
    first = run.getvalue()
    slower = re.sub(r"\x1b\[1m\d+s\x1b\[0m \d+(ms|us)/step", "\x1b[1m12s\x1b[0m 1s/step", first)
    slower = slower.replace("\n", "   \n")  # a longer earlier redraw leaves padding
    assert slower != first
    assert as_nbval_compares(slower) == as_nbval_compares(first)
    assert "━" * 20 + "\x1b[0m\x1b[37m\x1b[0m Ts T/step - loss: " in as_nbval_compares(first)
    last = list(re.finditer(r"loss: \d\.\d{4}", first))[-1]  # on a final line (earlier redraws are erased)
    other_loss = first[:last.start()] + "loss: 9.9999" + first[last.end():]
    assert as_nbval_compares(other_loss) != as_nbval_compares(first)


# ----- ModelCheckpoint, CSVLogger, LearningRateScheduler, TensorBoard --------------------------------------
class SavingFakeModel(FakeModel):
    """Records the calls ModelCheckpoint makes, without writing real model files."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def save(self, filepath, overwrite=True):
        self.calls.append(("save", filepath, overwrite))

    def save_weights(self, filepath, overwrite=True):
        self.calls.append(("save_weights", filepath, overwrite))


def run_checkpoint(checkpoint, epoch_logs, batches=0):
    model = SavingFakeModel()
    checkpoint.set_model(model)
    checkpoint.on_train_begin({})
    for epoch, logs in enumerate(epoch_logs):
        checkpoint.on_epoch_begin(epoch, {})
        for batch in range(batches):
            checkpoint.on_train_batch_end(batch, dict(logs))
        checkpoint.on_epoch_end(epoch, dict(logs))
    return model.calls


def test_model_checkpoint_fills_the_file_name_template(tmp_path):
    template = str(tmp_path / "model_{epoch:02d}-{val_loss:.2f}.keras")
    calls = run_checkpoint(callbacks_module().ModelCheckpoint(template), [{"val_loss": 0.4123}, {"val_loss": 0.3}])
    assert calls == [("save", str(tmp_path / "model_01-0.41.keras"), True),
                     ("save", str(tmp_path / "model_02-0.30.keras"), True)]


def test_model_checkpoint_save_best_only_and_weights_only(tmp_path, capsys):
    checkpoint = callbacks_module().ModelCheckpoint(tmp_path / "best.weights.npz", monitor="val_accuracy", mode="max",
                                                    save_best_only=True, save_weights_only=True, verbose=1)
    calls = run_checkpoint(checkpoint, [{"val_accuracy": v} for v in (0.5, 0.7, 0.6, 0.8)])
    assert [call[0] for call in calls] == ["save_weights"] * 3 and checkpoint.best == 0.8
    out = capsys.readouterr().out
    assert "\nEpoch 2: val_accuracy improved from 0.50000 to 0.70000, saving model to " in out
    assert "\nEpoch 3: val_accuracy did not improve from 0.70000\n" in out
    assert out.count("finished saving model to") == 3


def test_model_checkpoint_errors(tmp_path):
    ModelCheckpoint = callbacks_module().ModelCheckpoint
    with pytest.raises(errors.HyperparameterError, match="save_freq"):
        ModelCheckpoint("m.keras", save_freq=0)
    with pytest.raises(errors.HyperparameterError, match=r"\.weights\.h5"):
        ModelCheckpoint("m.keras", save_weights_only=True)
    with pytest.raises(KeyError, match="nope.*fields available are: loss, epoch"):
        run_checkpoint(ModelCheckpoint(str(tmp_path / "{nope}.keras")), [{"loss": 1.0}])
    (tmp_path / "taken.keras").mkdir()
    with pytest.raises(IsADirectoryError, match="non-directory filepath"):
        run_checkpoint(ModelCheckpoint(str(tmp_path / "taken.keras")), [{"loss": 1.0}])
    with pytest.warns(UserWarning, match="only when `monitor` is a scalar"):
        calls = run_checkpoint(ModelCheckpoint(str(tmp_path / "m.keras"), monitor="auc", mode="max",
                                               save_best_only=True), [{"auc": [0.1, 0.2]}])
    assert len(calls) == 1


def test_model_checkpoint_costs_nothing_per_batch_when_saving_per_epoch():
    from nnlib.callbacks import CallbackList

    cbs = callbacks_module()
    assert not CallbackList([cbs.ModelCheckpoint("m.keras")]).wants_train_batch_hooks
    assert CallbackList([cbs.ModelCheckpoint("m.keras", save_freq=3)]).wants_train_batch_hooks
    assert not CallbackList([cbs.ModelCheckpoint("m.keras", save_freq=3)]).wants_test_batch_hooks
    assert not CallbackList([ProgbarLogger()], verbose=2, epochs=1, steps=4).wants_train_batch_hooks
    assert CallbackList([ProgbarLogger()], verbose=2, epochs=1, steps=None).wants_train_batch_hooks


@pytest.mark.skipif(not hasattr(Sequential, "save_weights"), reason="Sequential.save_weights is not there yet")
def test_model_checkpoint_with_a_real_model_saves_the_best_epoch(tmp_path):
    x, y = data()
    model = regression_model(learning_rate=0.05)
    path = tmp_path / "best.weights.npz"
    checkpoint = callbacks_module().ModelCheckpoint(path, monitor="loss", save_best_only=True, save_weights_only=True)
    weights_per_epoch = []
    keep = LambdaCallback(on_epoch_end=lambda epoch, logs: weights_per_epoch.append(model.get_weights()))
    history = model.fit(x, y, epochs=5, batch_size=8, verbose=0, callbacks=[keep, checkpoint])
    best = int(np.argmin(history.history["loss"]))
    restored = regression_model()
    restored.load_weights(path)
    for got, want in zip(restored.get_weights(), weights_per_epoch[best]):
        np.testing.assert_array_equal(got, want)


def callbacks_module():
    import nnlib.callbacks

    return nnlib.callbacks


def test_csv_logger_appends_and_writes_lists_and_missing_values(keras, tmp_path):
    def write(logger_class, path):
        logger = logger_class(str(path), separator=";", append=True)
        for logs in ([{"loss": 0.5, "auc": [0.25, 0.75]}], [{"loss": 0.25}]):
            logger.on_train_begin({})
            for epoch, epoch_logs in enumerate(logs):
                logger.on_epoch_end(epoch, epoch_logs)
            logger.on_train_end({})
        return path.read_bytes()

    ours = write(callbacks_module().CSVLogger, tmp_path / "nnlib.csv")
    assert ours == write(keras.callbacks.CSVLogger, tmp_path / "keras.csv")
    # The second run keeps the first header; its columns come from its own first epoch, as in Keras.
    assert ours == b'epoch;auc;loss;val_auc;val_loss\r\n0;"""[0.25, 0.75]""";0.5;NA;NA\r\n0;0.25;NA\r\n'


def test_learning_rate_scheduler_one_or_two_arguments_and_bad_values():
    from nnlib.callbacks import LearningRateScheduler

    def run(schedule, epochs=3):
        model = FakeModel()
        scheduler = LearningRateScheduler(schedule)
        scheduler.set_model(model)
        rates = []
        for epoch in range(epochs):
            scheduler.on_epoch_begin(epoch, {})
            logs = {}
            scheduler.on_epoch_end(epoch, logs)
            rates.append(logs["learning_rate"])
        return rates

    assert run(lambda epoch: 0.1 / (epoch + 1)) == pytest.approx([0.1, 0.05, 0.1 / 3])
    assert run(lambda epoch, lr: lr * 0.5) == pytest.approx([0.05, 0.025, 0.0125])
    assert run(lambda epoch, lr=None: np.float32(0.25)) == [0.25, 0.25, 0.25]
    with pytest.raises(errors.HyperparameterError, match="should be a float. Got: 1"):
        run(lambda epoch: 1)
    with pytest.raises(errors.HyperparameterError, match="function"):
        LearningRateScheduler(0.1)


def test_tensorboard_says_what_to_use_instead():
    with pytest.raises(NotImplementedError, match="History.*CSVLogger"):
        callbacks_module().TensorBoard()
