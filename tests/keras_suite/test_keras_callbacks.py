"""``nnlib.callbacks``, from Keras's ``keras/src/callbacks/*_test.py``.

The ``test_keras_*`` cases re-express the Keras tests they name (same data sizes, settings
and expectations); where nnlib deliberately differs, the test says so and why. The
``test_parity_*`` cases run the installed Keras and nnlib on the same data and weights and
compare what a user sees: the history's keys, the CSV file, the printed progress, the
checkpoint file names, the learning rates.

ModelCheckpoint is tested through ``RecordingSequential``, an nnlib Sequential whose
``save``/``save_weights`` write a small marker file and record the call, so these tests
check the callback, not the file formats (tests/test_saving.py does those); one test
(``test_keras_model_checkpoint_loading``) saves and loads real files.
"""

import contextlib
import csv
import io
import os
import re
import warnings

import numpy as np
import pytest

from nnlib import callbacks, errors, initializers, metrics, optimizers
from nnlib.layers import Dense
from nnlib.models import Sequential
from nnlib.optimizers import schedules
from nnlib.utils import to_categorical


# ----- helpers ----------------------------------------------------------------------------------------
class RecordingSequential(Sequential):
    """A real Sequential whose saving only records the call and writes a marker file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = []

    def save(self, filepath, overwrite=True, **kwargs):
        self.saved.append(("save", filepath))
        with open(filepath, "w") as marker:
            marker.write("model")

    def save_weights(self, filepath, overwrite=True, **kwargs):
        self.saved.append(("save_weights", filepath))
        with open(filepath, "w") as marker:
            marker.write("weights")


def get_test_data(train_samples, test_samples, input_dim, num_classes, seed=42):
    """Keras's ``test_utils.get_test_data``: class-dependent Gaussian blobs."""
    rng = np.random.default_rng(seed)
    n = train_samples + test_samples
    y = rng.integers(0, num_classes, size=n)
    centres = rng.standard_normal((num_classes, input_dim))
    x = (centres[y] + 0.3 * rng.standard_normal((n, input_dim))).astype("float32")
    return (x[:train_samples], y[:train_samples]), (x[train_samples:], y[train_samples:])


def random_regression(rows=10, inputs=5, seed=0, binary=False):
    """Keras's ``np.random.random`` data; ``binary``: 0/1 targets (see ``MONITOR_METRICS``)."""
    rng = np.random.default_rng(seed)
    x_train, y_train, x_test, y_test = (rng.random((rows, inputs)), rng.random((rows, 1)),
                                        rng.random((rows, inputs)), rng.random((rows, 1)))
    if binary:
        y_train, y_test = np.round(y_train), np.round(y_test)
    return x_train, y_train, x_test, y_test


def two_dense_model(compile_metrics, loss="mae", optimizer="adam", cls=Sequential):
    model = cls([Dense(1, activation="relu"), Dense(1, activation="relu")], seed=0)
    model.compile(loss=loss, optimizer=optimizer, metrics=compile_metrics)
    return model


# ----- callback_test.py ---------------------------------------------------------------------------------
def test_keras_model_state_is_current_on_epoch_end():
    """From keras/src/callbacks/callback_test.py::CallbackTest::test_model_state_is_current_on_epoch_end.

    Keras counts calls in a subclassed Model's variable; nnlib checks the same thing with
    the optimizer's step counter: at ``on_batch_end`` the batch's update is done.
    """
    seen = []

    class CBK(callbacks.Callback):
        def on_batch_end(self, batch, logs):
            seen.append((int(self.model.optimizer.iterations), batch + 1))

    model = Sequential([Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.random.random((8, 1)), np.random.random((8, 1)), callbacks=[CBK()], batch_size=2, verbose=0)
    assert seen == [(1, 1), (2, 2), (3, 3), (4, 4)]


# ----- monitor_callback_test.py / early_stopping_test.py ------------------------------------------------
MONITOR_CASES = [
    ("max", "val_mse", np.greater),
    ("min", "val_loss", np.less),
    ("auto", "val_mse", np.less),
    ("auto", "loss", np.less),
    ("auto", "acc", np.greater),
    ("auto", "val_accuracy", np.greater),
    ("auto", "hinge", np.less),
]
# Keras also has metrics.F1Score: not in nnlib. Keras's tests fit random targets in [0, 1);
# nnlib's hinge metric refuses targets other than -1/1 or 0/1 (a clear error), so the
# targets are rounded to 0/1 in these cases.
MONITOR_METRICS = ["mse", "acc", "accuracy", "hinge"]


@pytest.mark.parametrize("mode, monitor, expected", MONITOR_CASES)
def test_keras_monitor_op_logic(mode, monitor, expected):
    """From keras/src/callbacks/monitor_callback_test.py::MonitorCallbackTest::test_monitor_op_logic.

    Keras's case ("auto", "f1_score", max) is left out: nnlib has no F1Score metric.
    ``_set_monitor_op`` is public in nnlib: ``set_monitor_op``.
    """
    x_train, y_train, x_test, y_test = random_regression(binary=True)
    model = two_dense_model(MONITOR_METRICS)
    monitor_callback = callbacks.MonitorCallback(monitor, mode)
    monitor_callback.set_model(model)
    model.fit(x_train, y_train, batch_size=5, validation_data=(x_test, y_test), epochs=2, verbose=0)
    monitor_callback.set_monitor_op()
    assert monitor_callback.monitor_op is expected


def test_keras_monitor_op_logic_unknown_monitor():
    """From keras/src/callbacks/monitor_callback_test.py::MonitorCallbackTest::test_monitor_op_logic (the ValueError)."""
    monitor_callback = callbacks.MonitorCallback("unknown")
    monitor_callback.set_model(two_dense_model(MONITOR_METRICS))
    with pytest.raises(ValueError, match="mode='max'"):
        monitor_callback.set_monitor_op()


def test_keras_min_delta():
    """From keras/src/callbacks/monitor_callback_test.py::MonitorCallbackTest::test_min_delta."""
    monitor_callback = callbacks.MonitorCallback(mode="max", min_delta=0.5)
    monitor_callback.set_monitor_op()
    assert monitor_callback.is_improvement(0.75, 0)
    assert monitor_callback.is_improvement(0.5, None)
    assert not monitor_callback.is_improvement(0.5, 0)
    assert not monitor_callback.is_improvement(0.2, 0.5)


@pytest.mark.parametrize("mode, monitor, expected", MONITOR_CASES)
def test_keras_early_stopping(mode, monitor, expected):
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping."""
    x_train, y_train, x_test, y_test = random_regression(binary=True)
    model = two_dense_model(MONITOR_METRICS)
    cbks = [callbacks.EarlyStopping(patience=0, monitor=monitor, mode=mode)]
    model.fit(x_train, y_train, batch_size=5, validation_data=(x_test, y_test), callbacks=cbks, epochs=2, verbose=0)
    assert cbks[0].monitor_op is expected


def test_keras_early_stopping_unknown_monitor_raises():
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping (the ValueError).

    Keras raises at the end of the first epoch; nnlib raises the same ValueError when
    training starts, so the weights are untouched.
    """
    x_train, y_train, x_test, y_test = random_regression(binary=True)
    model = two_dense_model(MONITOR_METRICS)
    before = model.get_weights() if model.built else None
    with pytest.raises(ValueError, match="monitor=unknown"):
        model.fit(x_train, y_train, batch_size=5, validation_data=(x_test, y_test),
                  callbacks=[callbacks.EarlyStopping(patience=0, monitor="unknown")], epochs=2, verbose=0)
    if before is not None:
        for got, want in zip(model.get_weights(), before):
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("patience", [0, 1, 2, 3])
def test_keras_early_stopping_patience(patience):
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_patience."""
    losses = [10.0, 9.0, 8.0, 9.0, 8.9, 8.8, 8.7, 8.6, 8.5]
    stopper = callbacks.EarlyStopping(monitor="loss", patience=patience)
    stopper.set_model(Sequential())
    stopper.model.compile(loss="mse", optimizer="sgd")
    stopper.on_train_begin()
    for epoch, loss in enumerate(losses):
        stopper.on_epoch_end(epoch=epoch, logs={"loss": loss})
        if stopper.model.stop_training:
            break
    assert stopper.stopped_epoch == max(patience, 1) + 2


def test_keras_early_stopping_reuse():
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_reuse."""
    patience = 3
    data = np.random.default_rng(1).random((100, 1))
    labels = np.where(data > 0.5, 1, 0)
    model = two_dense_model(["mse"], optimizer="sgd")
    stopper = callbacks.EarlyStopping(monitor="mse", patience=patience)
    history1 = model.fit(data, labels, callbacks=[stopper], verbose=0, epochs=20)
    assert len(history1.epoch) >= patience
    history2 = model.fit(data, labels, callbacks=[stopper], verbose=0, epochs=20)
    assert len(history2.epoch) >= patience


def test_keras_state_reset_across_fit_calls():
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::test_state_reset_across_fit_calls."""
    stopper = callbacks.EarlyStopping(monitor="loss", patience=3)
    stopper.set_model(Sequential())
    stopper.on_train_begin()
    stopper.best, stopper.wait, stopper.stopped_epoch, stopper.best_epoch = 0.1, 3, 5, 5
    stopper.best_weights = object()
    stopper.on_train_begin()
    assert stopper.best is None and stopper.wait == 0 and stopper.stopped_epoch == 0
    assert stopper.best_epoch == 0 and stopper.best_weights is None


def test_keras_early_stopping_with_baseline():
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_with_baseline."""
    x_train, y_train, _, _ = random_regression()
    model = two_dense_model(["mse"], optimizer="sgd")
    patience = 3
    stopper = callbacks.EarlyStopping(monitor="mse", patience=patience, baseline=0.6)
    hist = model.fit(x_train, y_train, callbacks=[stopper], verbose=0, epochs=20)
    assert len(hist.epoch) >= patience


class DummyModel:
    """Keras's DummyModel: its "weights" are the epoch number."""

    def __init__(self):
        self.stop_training = False
        self.weights = -1

    def get_weights(self):
        return self.weights

    def set_weights(self, weights):
        self.weights = weights


@pytest.mark.parametrize(
    "settings, losses, stop_at_epoch_3, epochs_expected",
    [
        ({"patience": 2}, [0.2, 0.15, 0.1, 0.11, 0.12], False, 5),
        ({"patience": 5, "baseline": 0.5}, [0.9, 0.8, 0.7, 0.71, 0.72, 0.73], False, 5),
        ({"patience": 5, "baseline": 0.5}, [0.9, 0.8, 0.7, 0.71, 0.72, 0.73], True, 4),
    ],
)
def test_keras_early_stopping_final_weights_when_restoring_model_weights(
        settings, losses, stop_at_epoch_3, epochs_expected):
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::
    test_early_stopping_final_weights_when_restoring_model_weights (its three scenarios)."""
    early_stop = callbacks.EarlyStopping(monitor="val_loss", restore_best_weights=True, **settings)
    early_stop.set_model(DummyModel())
    epochs_trained = 0
    early_stop.on_train_begin()
    for epoch, loss in enumerate(losses):
        epochs_trained += 1
        early_stop.model.weights = epoch
        early_stop.on_epoch_end(epoch, logs={"val_loss": loss})
        if stop_at_epoch_3 and epoch == 3:
            early_stop.model.stop_training = True
        if early_stop.model.stop_training:
            break
    early_stop.on_train_end()
    assert epochs_trained == epochs_expected
    assert early_stop.model.get_weights() == 2


@pytest.mark.parametrize("start_from_epoch, patience", [(2, 3), (2, 0)])
def test_keras_early_stopping_with_start_from_epoch(start_from_epoch, patience):
    """From keras/src/callbacks/early_stopping_test.py::EarlyStoppingTest::test_early_stopping_with_start_from_epoch."""
    x_train, y_train, _, _ = random_regression()
    model = two_dense_model(["mse"], optimizer="sgd")
    stopper = callbacks.EarlyStopping(monitor="mse", patience=patience, start_from_epoch=start_from_epoch)
    history = model.fit(x_train, y_train, callbacks=[stopper], verbose=0, epochs=20)
    assert len(history.epoch) >= patience + start_from_epoch


def test_keras_early_stopping_missing_monitor_warns():
    """Keras 3 warns (and carries on) when the monitored value is missing from the logs."""
    x_train, y_train, _, _ = random_regression()
    model = two_dense_model(["mse"], optimizer="sgd")
    with pytest.warns(UserWarning, match="Early stopping conditioned on metric `val_loss` which is not available"):
        history = model.fit(x_train, y_train, callbacks=[callbacks.EarlyStopping()], verbose=0, epochs=3)
    assert len(history.epoch) == 3


def test_unknown_mode_is_an_error_where_keras_warns():
    """Deliberately different from keras/src/callbacks/model_checkpoint_test.py (case 6): Keras warns
    "mode 'unknown' is unknown, fallback to auto mode"; nnlib raises, since a typo in mode
    would otherwise silently change what "better" means."""
    with pytest.raises(ValueError, match="mode must be 'auto', 'min' or 'max'"):
        callbacks.ModelCheckpoint("m.keras", mode="unknown")
    with pytest.raises(ValueError, match="mode"):
        callbacks.EarlyStopping(mode="unknown")


# ----- csv_logger_test.py -------------------------------------------------------------------------------
TRAIN_SAMPLES, TEST_SAMPLES, INPUT_DIM, BATCH_SIZE = 10, 10, 3, 4


def test_keras_csv_logger(tmp_path):
    """From keras/src/callbacks/csv_logger_test.py::CSVLoggerTest::test_CSVLogger."""
    rng = np.random.default_rng(1337)
    x_train, y_train = rng.random((TRAIN_SAMPLES, INPUT_DIM)), rng.random((TRAIN_SAMPLES, 1))
    x_test, y_test = rng.random((TEST_SAMPLES, INPUT_DIM)), rng.random((TEST_SAMPLES, 1))
    filepath = tmp_path / "log.tsv"
    sep = "\t"

    def make_model():
        model = Sequential([Dense(2, activation="relu"), Dense(1)], seed=1337)
        model.compile(loss="mse", optimizer="sgd", metrics=["mse"])
        return model

    fit = dict(batch_size=BATCH_SIZE, validation_data=(x_test, y_test), verbose=0)
    # case 1: a new file with the separator
    make_model().fit(x_train, y_train, callbacks=[callbacks.CSVLogger(filepath, separator=sep)], epochs=1, **fit)
    assert csv.Sniffer().sniff(filepath.read_text()).delimiter == sep
    # case 2: append to the file, without a second header; case 3: reuse the logger
    model = make_model()
    cbks = [callbacks.CSVLogger(filepath, separator=sep, append=True)]
    model.fit(x_train, y_train, callbacks=cbks, epochs=1, **fit)
    model.fit(x_train, y_train, callbacks=cbks, epochs=2, **fit)
    lines = filepath.read_text().splitlines()
    assert all(line.count(sep) == 4 for line in lines)
    assert len(lines) == 5 and " ".join(lines).count("epoch") == 1
    os.remove(filepath)
    # case 3 (Keras's second "case 3"): val_loss columns exist when validation_freq > 1
    hist = make_model().fit(x_train, y_train, validation_freq=3, callbacks=[callbacks.CSVLogger(filepath, separator=sep)],
                            epochs=5, **fit)
    with open(filepath, newline="") as csvfile:
        rows = list(csv.DictReader(csvfile, delimiter=sep))
    assert len(rows) == 5
    for idx, row in enumerate(rows, 1):
        assert "val_loss" in row
        assert row["val_loss"] == (str(hist.history["val_loss"][0]) if idx == 3 else "NA")


def test_keras_stop_training_csv(tmp_path):
    """From keras/src/callbacks/csv_logger_test.py::CSVLoggerTest::test_stop_training_csv."""
    rng = np.random.default_rng(1337)
    x_train = rng.random((TRAIN_SAMPLES, INPUT_DIM))
    y_train = to_categorical(rng.choice(np.arange(2), size=TRAIN_SAMPLES), 2)
    x_test = rng.random((TEST_SAMPLES, INPUT_DIM))
    y_test = to_categorical(rng.choice(np.arange(2), size=TEST_SAMPLES), 2)
    model = Sequential()
    for _ in range(5):
        model.add(Dense(2, activation="relu", kernel_initializer=initializers.Constant(value=1e5)))
    model.add(Dense(2))
    model.compile(loss="mean_squared_error", optimizer="sgd")
    logfile = tmp_path / "csv_logger.csv"
    with contextlib.redirect_stdout(io.StringIO()):
        history = model.fit(x_train, y_train, batch_size=BATCH_SIZE, validation_data=(x_test, y_test),
                            callbacks=[callbacks.TerminateOnNaN(), callbacks.CSVLogger(logfile)], epochs=20)
    loss = history.history["loss"]
    assert len(loss) == 1 and (np.isnan(loss[0]) or np.isinf(loss[0]))
    with open(logfile, newline="") as f:
        values = [row for row in csv.reader(f) if row]
    assert "nan" in values[-1] or "inf" in values[-1]


# ----- learning_rate_scheduler_test.py ------------------------------------------------------------------
def scheduler_setup():
    (x_train, y_train), _ = get_test_data(10, 10, 3, 2)
    model = Sequential([Dense(5), Dense(2)], seed=0)
    model.compile(loss="mse", optimizer="sgd")
    return model, x_train, to_categorical(y_train, 2)


def test_keras_updates_learning_rate(capsys):
    """From keras/src/callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_updates_learning_rate.

    Keras reads ``optimizer.learning_rate.value`` (a variable); nnlib's learning rate is a float.
    """
    model, x, y = scheduler_setup()
    model.fit(x, y, callbacks=[callbacks.LearningRateScheduler(lambda step: 1.0 / (2.0 + step), verbose=1)], epochs=1)
    assert model.optimizer.learning_rate == 0.5


def test_keras_verbose_logging(capsys):
    """From keras/src/callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_verbose_logging.

    Keras's test turns interactive logging off and reads the absl log; nnlib prints (as
    Keras does with interactive logging on, its default).
    """
    model, x, y = scheduler_setup()
    model.fit(x, y, callbacks=[callbacks.LearningRateScheduler(lambda step: 1.0 / (1.0 + step), verbose=1)],
              epochs=1, verbose=0)
    assert "\nEpoch 1: LearningRateScheduler setting learning rate to 1.0." in capsys.readouterr().out


def test_keras_schedule_dependent_on_previous_learning_rate():
    """From keras/src/callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::
    test_schedule_dependent_on_previous_learning_rate."""
    model, x, y = scheduler_setup()
    model.compile(loss="mse", optimizer=optimizers.Adam(0.03))
    model.fit(x, y, callbacks=[callbacks.LearningRateScheduler(lambda step, lr: lr / 2)], epochs=2, verbose=0)
    assert model.optimizer.learning_rate == 0.03 / 4.0


def test_keras_throws_when_optimizer_has_schedule():
    """From keras/src/callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::
    test_throws_when_optimizer_has_schedule (a TypeError; nnlib's message is its own)."""
    model, x, y = scheduler_setup()
    model.compile(loss="mse", optimizer=optimizers.Adam(schedules.PolynomialDecay(initial_learning_rate=0.1,
                                                                                    decay_steps=10)))
    with pytest.raises(TypeError, match="created with a learning-rate schedule"):
        model.fit(x, y, callbacks=[callbacks.LearningRateScheduler(lambda step, lr: lr / 2)], epochs=2, verbose=0)


def test_keras_learning_rate_in_history():
    """From keras/src/callbacks/learning_rate_scheduler_test.py::LearningRateSchedulerTest::test_learning_rate_in_history."""
    model, x, y = scheduler_setup()
    history = model.fit(x, y, callbacks=[callbacks.LearningRateScheduler(lambda step, lr: 0.5)], epochs=1, verbose=0)
    assert "learning_rate" in history.history
    assert type(history.history["learning_rate"][0]) is float
    assert history.history["learning_rate"][0] == 0.5


def test_keras_schedule_must_return_a_float():
    """Keras 3 raises ValueError("The output of the `schedule` function should be a float") for an int."""
    model, x, y = scheduler_setup()
    with pytest.raises(ValueError, match="should be a float. Got: 1"):
        model.fit(x, y, callbacks=[callbacks.LearningRateScheduler(lambda epoch: 1)], epochs=1, verbose=0)


# ----- reduce_lr_on_plateau_test.py ---------------------------------------------------------------------
def test_keras_reduce_lr_throws_when_optimizer_has_schedule():
    """From keras/src/callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_throws_when_optimizer_has_schedule."""
    model, x, y = scheduler_setup()
    model.compile(loss="mse", optimizer=optimizers.Adam(schedules.PolynomialDecay(initial_learning_rate=0.1,
                                                                                    decay_steps=10)))
    with pytest.raises(TypeError):
        model.fit(x, y, validation_data=(x, y), epochs=5, verbose=0,
                  callbacks=[callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss", min_delta=100)])


def test_keras_reduce_lr_state_reset_across_fit_calls():
    """From keras/src/callbacks/reduce_lr_on_plateau_test.py::ReduceLROnPlateauTest::test_state_reset_across_fit_calls."""
    reduce_lr = callbacks.ReduceLROnPlateau(monitor="loss")
    reduce_lr.set_model(Sequential())
    reduce_lr.on_train_begin()
    reduce_lr.best, reduce_lr.wait, reduce_lr.cooldown_counter = 0.1, 3, 2
    reduce_lr.on_train_begin()
    assert reduce_lr.best is None and reduce_lr.wait == 0 and reduce_lr.cooldown_counter == 0


# ----- model_checkpoint_test.py -------------------------------------------------------------------------
NUM_CLASSES, NUM_HIDDEN = 3, 5


@pytest.fixture
def checkpoint_data():
    (x_train, y_train), (x_test, y_test) = get_test_data(30, 30, 3, NUM_CLASSES)
    return x_train, to_categorical(y_train, NUM_CLASSES), x_test, to_categorical(y_test, NUM_CLASSES)


def checkpoint_model(compile_metrics=None):
    model = RecordingSequential([Dense(NUM_HIDDEN, activation="relu"), Dense(NUM_CLASSES, activation="softmax")],
                                seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="sgd",
                  metrics=compile_metrics or [metrics.Accuracy(name="acc")])
    return model


def fit_with(model, data, cbks, epochs=1, batch_size=5, verbose=0):
    x_train, y_train, x_test, y_test = data
    with contextlib.redirect_stdout(io.StringIO()):
        return model.fit(x_train, y_train, batch_size=batch_size, validation_data=(x_test, y_test),
                         callbacks=cbks, epochs=epochs, verbose=verbose)


@pytest.mark.parametrize(
    "monitor, save_best_only, mode",
    [("val_loss", False, "auto"), ("val_loss", False, "min"), ("val_acc", False, "max"), ("val_acc", True, "max")],
)
def test_keras_model_checkpoint_options_cases_1_to_4(tmp_path, checkpoint_data, monitor, save_best_only, mode):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options,
    cases 1-4 (the folder "subdir" is created)."""
    filepath = tmp_path / "subdir" / "checkpoint.keras"
    model = checkpoint_model()
    fit_with(model, checkpoint_data,
             [callbacks.ModelCheckpoint(filepath, monitor=monitor, save_best_only=save_best_only, mode=mode)])
    assert filepath.exists() and model.saved == [("save", str(filepath))]


def test_keras_model_checkpoint_case_5_metric_not_available(tmp_path, checkpoint_data):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options, case 5."""
    filepath = tmp_path / "checkpoint.keras"
    with pytest.warns(UserWarning, match="Can save best model only with unknown available"):
        fit_with(checkpoint_model(), checkpoint_data,
                 [callbacks.ModelCheckpoint(filepath, monitor="unknown", save_best_only=True, mode="min")])
    assert filepath.exists()


@pytest.mark.parametrize("weights_only, suffix", [(False, ".keras"), (True, ".weights.h5")])
def test_keras_model_checkpoint_cases_8_integer_save_freq(tmp_path, checkpoint_data, weights_only, suffix):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options,
    cases 8a and 8b: 5 batches per epoch and save_freq=15 save after epochs 3, 6 and 9."""
    filepath = str(tmp_path / ("checkpoint.epoch{epoch:02d}" + suffix))
    model = checkpoint_model()
    fit_with(model, checkpoint_data, [callbacks.ModelCheckpoint(filepath, monitor="val_acc", save_freq=15,
                                                                save_weights_only=weights_only)],
             epochs=10, batch_size=6)
    for epoch in range(1, 10):
        assert os.path.exists(filepath.format(epoch=epoch)) == (epoch in (3, 6, 9))
    assert {call for call, _ in model.saved} == {"save_weights" if weights_only else "save"}


def test_keras_model_checkpoint_case_9_save_freq(tmp_path):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options, case 9."""
    filepath = str(tmp_path / "checkpoint.weights.h5")
    with pytest.raises(ValueError, match="Unrecognized save_freq"):
        callbacks.ModelCheckpoint(filepath, save_weights_only=True, mode="max", save_freq="invalid_save_freq")
    callbacks.ModelCheckpoint(filepath, save_weights_only=True, mode="max", save_freq="epoch")
    callbacks.ModelCheckpoint(filepath, save_weights_only=True, mode="max", save_freq=3)


@pytest.mark.parametrize("weights_only, suffix", [(False, ".keras"), (True, ".weights.h5")])
def test_keras_model_checkpoint_cases_10_batch_in_filename(tmp_path, checkpoint_data, weights_only, suffix):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options,
    cases 10a and 10b (with verbose=1, as Keras)."""
    filepath = str(tmp_path / ("checkpoint.epoch{epoch:02d}batch{batch:02d}" + suffix))
    fit_with(checkpoint_model(), checkpoint_data,
             [callbacks.ModelCheckpoint(filepath, monitor="val_acc", save_freq=1, save_weights_only=weights_only)],
             epochs=5, batch_size=15, verbose=1)
    for epoch in range(1, 6):
        for batch in (1, 2):
            assert os.path.exists(filepath.format(epoch=epoch, batch=batch))


@pytest.mark.parametrize(
    "monitor, mode, threshold, saved",
    [("val_acc", "max", -0.01, True), ("val_loss", "auto", None, True), ("val_loss", "min", 0, False),
     ("val_loss", "auto", 0, False)],
)
def test_keras_model_checkpoint_cases_11_to_14_initial_value_threshold(tmp_path, checkpoint_data, monitor, mode,
                                                                        threshold, saved):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options,
    cases 11-14."""
    filepath = tmp_path / "checkpoint.keras"
    fit_with(checkpoint_model(), checkpoint_data,
             [callbacks.ModelCheckpoint(filepath, monitor=monitor, save_best_only=True,
                                        initial_value_threshold=threshold, mode=mode)])
    assert filepath.exists() == saved


def test_keras_model_checkpoint_case_15_auc_direction(tmp_path, checkpoint_data):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_options,
    case 15: "val_auc" is maximized, so nothing beats a threshold of 1."""
    filepath = tmp_path / "checkpoint.keras"
    checkpoint = callbacks.ModelCheckpoint(filepath, monitor="val_auc", save_best_only=True,
                                           initial_value_threshold=1, mode="auto")
    fit_with(checkpoint_model([metrics.AUC()]), checkpoint_data, [checkpoint])
    assert not filepath.exists() and checkpoint.monitor_op is np.greater


@pytest.mark.skipif(not hasattr(Sequential, "save_weights"), reason="Sequential.save_weights is not there yet")
def test_keras_model_checkpoint_loading(tmp_path, checkpoint_data):
    """From keras/src/callbacks/model_checkpoint_test.py::ModelCheckpointTest::test_model_checkpoint_loading.

    With real files: a Sequential (Keras's test uses a functional model, which nnlib has not).
    """
    pytest.importorskip("h5py")
    from nnlib.models import load_model

    def get_model():
        model = Sequential([Dense(NUM_HIDDEN, activation="relu"), Dense(NUM_CLASSES, activation="softmax")], seed=0)
        model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=[metrics.Accuracy(name="acc")])
        return model

    for name, weights_only in [("checkpoint.model.keras", False), ("checkpoint.weights.h5", True)]:
        model = get_model()
        filepath = tmp_path / name
        fit_with(model, checkpoint_data, [callbacks.ModelCheckpoint(filepath, monitor="val_loss", save_best_only=True,
                                                                    save_weights_only=weights_only, mode="auto")])
        assert filepath.exists()
        if weights_only:
            new_model = get_model()
            new_model.build((None, 3))
            new_model.load_weights(filepath)
        else:
            new_model = load_model(filepath)
        ref_weights, new_weights = model.get_weights(), new_model.get_weights()
        assert len(ref_weights) == len(new_weights)
        for ref, got in zip(ref_weights, new_weights):
            np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-6)


# ----- parity with the installed Keras -------------------------------------------------------------------
def keras_and_nnlib_models(keras, compile_metrics=("accuracy",), optimizer="sgd"):
    """A Keras model and an nnlib model with the same weights, compiled the same way."""
    keras.utils.set_random_seed(0)
    theirs = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                               keras.layers.Dense(1, activation="sigmoid")])
    theirs.compile(optimizer, "binary_crossentropy", metrics=list(compile_metrics))
    ours = Sequential([Dense(4, activation="relu", input_dim=3), Dense(1, activation="sigmoid")])
    ours.compile(optimizer, "binary_crossentropy", metrics=list(compile_metrics))
    ours.set_weights(theirs.get_weights())
    return theirs, ours


def toy_data(n=64):
    rng = np.random.default_rng(3)
    x = rng.random((n, 3)).astype("float32")
    return x, (x.sum(axis=1) > 1.5).astype("float32").reshape(-1, 1)


def captured(function):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        function()
    return buffer.getvalue()


def shown(text):
    """What a terminal (or nbval) shows: the last redraw of each line (nbval's carriage-return rule)."""
    return re.sub(r"^.*\r(?=[^\n])", "", text, flags=re.MULTILINE)


def masked(text):
    """Hide the timings, as tests/nbval_sanitize.cfg does (and the colour codes around them)."""
    text = re.sub(r"\d+s - \d+(ms|s|us)/step", "Ts - T/step", text)
    text = re.sub(r"\x1b\[1m(\d+s|\d+:\d+(:\d+)?)\x1b\[0m \d+(ms|s|us)/step", "Ts T/step", text)
    return re.sub(r" +\n", "\n", text)  # padding depends on the widths of earlier redraws


def numbers_of(text):
    return [float(v) for v in re.findall(r": (-?\d+\.\d+(?:e[-+]\d+)?)", text)]


@pytest.mark.parametrize("verbose", [1, 2])
def test_parity_progress_output_of_fit_evaluate_predict(keras, verbose):
    """The same lines as Keras 3 for fit (with validation), evaluate and predict, timings aside."""
    x, y = toy_data()
    theirs, ours = keras_and_nnlib_models(keras)
    outputs = []
    for model in (theirs, ours):
        outputs.append(captured(lambda: (
            model.fit(x, y, epochs=2, batch_size=16, shuffle=False, validation_data=(x[:16], y[:16]), verbose=verbose),
            model.evaluate(x, y, verbose=verbose),
            model.predict(x, verbose=verbose))))
    keras_text, nnlib_text = (masked(shown(text)) for text in outputs)
    layout = re.compile(r"-?\d+\.\d{4}(e[-+]\d+)?")
    assert layout.sub("V", nnlib_text) == layout.sub("V", keras_text)
    assert numbers_of(nnlib_text) == pytest.approx(numbers_of(keras_text), abs=2e-4)
    if verbose == 1:
        assert "\x1b[32m" + "━" * 20 + "\x1b[0m\x1b[37m\x1b[0m" in outputs[1]  # the finished bar, as Keras draws it


def test_parity_history_keys_in_keras_order(keras):
    """Keras 3 sorts the logs it hands to callbacks: history keys "accuracy", "loss", "mae",
    "val_...", then what a callback added ("learning_rate")."""
    x, y = toy_data()
    histories = []
    for model in keras_and_nnlib_models(keras, compile_metrics=("mae", "accuracy")):
        histories.append(model.fit(x, y, epochs=2, batch_size=16, validation_data=(x, y), verbose=0,
                                   callbacks=[callbacks.ReduceLROnPlateau() if isinstance(model, Sequential)
                                              else keras.callbacks.ReduceLROnPlateau()]).history)
    assert list(histories[1]) == list(histories[0]) == [
        "accuracy", "loss", "mae", "val_accuracy", "val_loss", "val_mae", "learning_rate"]


def test_parity_csv_logger_file(keras, tmp_path):
    """The same CSV file as Keras's: header, "\\r\\n" line ends, values (to float32 precision)."""
    x, y = toy_data()
    texts = []
    for lib, model in zip(("keras", "nnlib"), keras_and_nnlib_models(keras)):
        path = tmp_path / f"{lib}.csv"
        logger = callbacks.CSVLogger(path) if lib == "nnlib" else keras.callbacks.CSVLogger(str(path))
        model.fit(x, y, epochs=3, batch_size=16, shuffle=False, validation_data=(x[:16], y[:16]), verbose=0,
                  callbacks=[logger])
        texts.append(path.read_bytes().decode())
    keras_lines, nnlib_lines = (text.split("\r\n") for text in texts)
    assert nnlib_lines[0] == keras_lines[0] == "epoch,accuracy,loss,val_accuracy,val_loss"
    assert len(nnlib_lines) == len(keras_lines) == 5 and nnlib_lines[-1] == ""
    for ours, theirs in zip(nnlib_lines[1:-1], keras_lines[1:-1]):
        assert [float(v) for v in ours.split(",")] == pytest.approx([float(v) for v in theirs.split(",")], abs=1e-5)


def test_parity_checkpoint_file_names(keras, tmp_path):
    """The same file names as Keras's ModelCheckpoint for epoch and batch templates."""
    x, y = toy_data(30)
    names = []
    for lib, model in zip(("keras", "nnlib"), keras_and_nnlib_models(keras)):
        folder = tmp_path / lib
        template = str(folder / "w_{epoch:02d}_{batch:03d}.weights.h5")
        checkpoint_class = callbacks.ModelCheckpoint if lib == "nnlib" else keras.callbacks.ModelCheckpoint
        checkpoint = checkpoint_class(template, save_weights_only=True, save_freq=4)
        if lib == "nnlib":  # record the names only: the weights files are tested elsewhere
            model.save_weights = lambda filepath, overwrite=True: open(filepath, "w").close()
        model.fit(x, y, epochs=3, batch_size=10, verbose=0, callbacks=[checkpoint])
        names.append(sorted(os.listdir(folder)))
    assert names[1] == names[0] == ["w_02_001.weights.h5", "w_03_002.weights.h5"]


def test_parity_learning_rate_scheduler(keras):
    """The same learning rates (to float32 precision: Keras keeps them in float32 variables)."""
    x, y = toy_data()

    def schedule(epoch, lr):
        return lr if epoch < 2 else lr * 0.5

    histories = []
    for model in keras_and_nnlib_models(keras):
        scheduler = (callbacks.LearningRateScheduler(schedule) if isinstance(model, Sequential)
                     else keras.callbacks.LearningRateScheduler(schedule))
        histories.append(model.fit(x, y, epochs=4, verbose=0, callbacks=[scheduler]).history)
    assert histories[1]["learning_rate"] == pytest.approx(histories[0]["learning_rate"], rel=1e-6)
    assert histories[1]["learning_rate"] == [0.01, 0.01, 0.005, 0.0025]


def test_parity_unknown_monitor_fails_in_both(keras):
    x, y = toy_data()
    for model, stopper in zip(keras_and_nnlib_models(keras),
                              (keras.callbacks.EarlyStopping(monitor="val_los"),
                               callbacks.EarlyStopping(monitor="val_los"))):
        with pytest.raises(ValueError, match="monitor=val_los"):
            model.fit(x, y, epochs=1, verbose=0, callbacks=[stopper])


def test_parity_checkpoint_file_name_rules(keras):
    """The names Keras 3 refuses are refused (ValueError), when the callback is created."""
    for name, weights_only in [("m.h5x", False), ("m.npz", False), ("m.keras", True), ("m.weights.npy", True)]:
        with pytest.raises(ValueError, match="must end in"):
            keras.callbacks.ModelCheckpoint(name, save_weights_only=weights_only)
        with pytest.raises(ValueError, match="must end in"):
            callbacks.ModelCheckpoint(name, save_weights_only=weights_only)
    for name, weights_only in [("m.keras", False), ("m.weights.h5", True)]:
        keras.callbacks.ModelCheckpoint(name, save_weights_only=weights_only)
        callbacks.ModelCheckpoint(name, save_weights_only=weights_only)


def test_checkpoint_names_nnlib_refuses_where_keras_accepts():
    """Deliberately different: Keras accepts "m.h5" and "m.weights.h5" for whole models (tf.keras 2's
    legacy HDF5 format); nnlib does not write that format, so it refuses them at once instead
    of failing at the first save."""
    for name in ("m.h5", "m.weights.h5"):
        with pytest.raises(ValueError, match="must end in `.keras`"):
            callbacks.ModelCheckpoint(name)
    callbacks.ModelCheckpoint("m.nnlib")
    callbacks.ModelCheckpoint("m.weights.npz", save_weights_only=True)


def test_tensorboard_is_out_of_scope():
    """TensorBoard (keras/src/callbacks/tensorboard_test.py) is out of scope: creating one says so."""
    with pytest.raises(NotImplementedError, match="out of scope for nnlib.*CSVLogger"):
        callbacks.TensorBoard(log_dir="logs")


def test_hooks_receive_empty_dicts_as_in_keras(keras):
    """Keras 3 passes {} (never None) to hooks that have nothing to report."""
    x, y = toy_data(16)
    seen = {}
    for lib, model in zip(("keras", "nnlib"), keras_and_nnlib_models(keras)):
        base = callbacks.Callback if lib == "nnlib" else keras.callbacks.Callback
        record = seen.setdefault(lib, [])

        class Spy(base):
            def on_train_begin(self, logs=None):
                record.append(("train_begin", logs))

            def on_epoch_begin(self, epoch, logs=None):
                record.append(("epoch_begin", logs))

            def on_train_batch_begin(self, batch, logs=None):
                record.append(("batch_begin", logs))

            def on_test_begin(self, logs=None):
                record.append(("test_begin", logs))

            def on_predict_begin(self, logs=None):
                record.append(("predict_begin", logs))

            def on_predict_end(self, logs=None):
                record.append(("predict_end", logs))

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x, y, epochs=1, verbose=0, validation_data=(x, y), callbacks=[Spy()])
            model.predict(x, verbose=0, callbacks=[Spy()])
    assert seen["nnlib"] == seen["keras"]
    assert all(logs == {} for _, logs in seen["nnlib"])
