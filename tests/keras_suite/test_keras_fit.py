"""``fit`` / ``evaluate`` / ``predict`` arguments and inputs, from Keras's trainer tests.

Keras files: ``keras/src/trainers/trainer_test.py``, ``epoch_iterator_test.py``,
``data_adapters/data_adapter_utils_test.py``, ``generator_data_adapter_test.py`` and
``py_dataset_adapter_test.py``. The ``test_keras_*`` cases re-express the Keras tests
they name; the ``test_parity_*`` cases train the same weights on the same batches in
nnlib and in the installed Keras and compare the numbers; the rest check nnlib's
errors for bad input.
"""

import warnings

import numpy as np
import pytest

import nnlib
from nnlib import callbacks, errors, metrics, optimizers
from nnlib.layers import Dense
from nnlib.models import Sequential
from nnlib.models.sample_weights import class_weight_to_sample_weight


def example_model(units=3, inputs=4, seed=0, activation=None, loss="mse", metrics=None, lr=0.01):
    """Keras's ExampleModel: one Dense layer (units) on 4 features, compiled with SGD."""
    model = Sequential([Dense(units, activation=activation, input_shape=(inputs,))], seed=seed)
    model.compile(optimizer=optimizers.SGD(learning_rate=lr), loss=loss, metrics=metrics)
    return model


class EpochAgnosticMeanSquaredError(metrics.MeanSquaredError):
    """Keras's EpochAgnosticMeanSquaredError: an "mse" metric that fit never resets."""

    def __init__(self):
        super().__init__(name="mse")
        super().reset_state()

    def reset_state(self):
        pass  # prevent the reset at the start of each epoch


class StepObserver(callbacks.Callback):
    """Keras's StepObserver: counts batches and epochs, records the "mse" after each batch."""

    def __init__(self):
        super().__init__()
        self.begin_count = self.end_count = 0
        self.epoch_begin_count = self.epoch_end_count = 0
        self.batch_loss_history = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_begin_count += 1

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_end_count += 1

    def on_train_batch_begin(self, batch, logs=None):
        self.begin_count += 1

    def on_train_batch_end(self, batch, logs=None):
        self.end_count += 1
        self.batch_loss_history.append(logs["mse"])


# ----- class_weight -> sample weights ----------------------------------------------------------------
@pytest.mark.parametrize("y, class_weight, expected", [
    (np.array([0, 1, 0, 2]), {0: 1.0, 1: 2.0, 2: 3.0}, [1.0, 2.0, 1.0, 3.0]),
    (np.array([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]), {0: 1.0, 1: 2.0, 2: 3.0}, [1.0, 2.0, 1.0, 3.0]),
    (np.array([[0], [1], [0], [2]]), {0: 1.0, 1: 2.0, 2: 3.0}, [1.0, 2.0, 1.0, 3.0]),
    (np.array([0, 1, 0, 2]), {}, [1.0, 1.0, 1.0, 1.0]),
], ids=["simple_class_labels", "one_hot_encoded_labels", "multi_dimensional_input", "all_unmapped"])
def test_keras_class_weight_to_sample_weights(y, class_weight, expected):
    """Keras: data_adapter_utils_test.py::TestClassWeightToSampleWeights (4 of its 5 cases)."""
    np.testing.assert_allclose(class_weight_to_sample_weight(y, class_weight, np.float32), expected)


def test_keras_class_weight_unmapped_class_is_an_error_in_nnlib():
    """Keras: TestClassWeightToSampleWeights, case "unmapped_class".

    Deliberate difference: Keras gives weight 1 to class 3 (not in class_weight) and
    ignores class 1 (in class_weight, not in y). nnlib also gives weight 1 to an unlisted
    class, but refuses a class_weight key that occurs nowhere in y: it is most often a
    typo or labels counted from 1, and silently ignoring it would train the wrong thing.
    """
    y, class_weight = np.array([0, 3, 0, 2]), {0: 1.0, 1: 2.0, 2: 3.0}
    with pytest.raises(ValueError, match=r"class\(es\) \[1\].*classes \[0, 2, 3\]"):
        class_weight_to_sample_weight(y, class_weight, np.float32)
    np.testing.assert_allclose(class_weight_to_sample_weight(y, {0: 1.0, 2: 3.0}, np.float32),
                               [1.0, 1.0, 1.0, 3.0])


# ----- steps_per_epoch --------------------------------------------------------------------------------
def test_keras_insufficient_data():
    """Keras: epoch_iterator_test.py::TestEpochIterator::test_insufficient_data (through fit)."""
    batch_size, steps_per_epoch = 8, 6
    size = batch_size * (steps_per_epoch - 2)
    x = np.arange(size, dtype=np.float32).reshape((size, 1))
    model = example_model(units=1, inputs=1, lr=1e-4, metrics=["mse"])
    observer = StepObserver()
    with pytest.warns(UserWarning, match="ran out of data"):
        model.fit(x, x * 2, batch_size=batch_size, steps_per_epoch=steps_per_epoch, callbacks=[observer],
                  verbose=0, shuffle=False)
    assert observer.begin_count == steps_per_epoch - 2


@pytest.mark.parametrize("steps_per_epoch", [None, 7])
def test_keras_fit_with_val_split(steps_per_epoch):
    """Keras: trainer_test.py::TestTrainer::test_fit_with_val_split."""
    batch_size, size = 20, 20 * (7 - 2)
    model = example_model(metrics=["mse"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 7 steps of 4 batches run out of data, as in Keras
        history = model.fit(np.ones((size, 4)), np.zeros((size, 3)), batch_size=batch_size,
                            steps_per_epoch=steps_per_epoch, epochs=3, validation_split=0.2, verbose=0)
    assert "loss" in history.history and "val_loss" in history.history
    assert len(history.history["val_loss"]) == 3


@pytest.mark.parametrize("case", ["match_one_epoch", "match_multi_epoch", "not_match_too_low",
                                  "not_match_but_high_enough"])
def test_keras_steps_per_epoch(case):
    """Keras: trainer_test.py::TestTrainer::test_steps_per_epoch (the batch counts and the
    same losses and weights as a fit without steps_per_epoch)."""
    batch_size, epochs, num_batches = 8, 4, 10
    steps_per_epoch = {"match_one_epoch": num_batches, "match_multi_epoch": num_batches // (epochs // 2),
                       "not_match_too_low": num_batches - 1, "not_match_but_high_enough": num_batches + 1}[case]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((num_batches * batch_size, 4)).astype(np.float32)
    y = np.ones((num_batches * batch_size, 1), dtype=np.float32)
    model = example_model(units=1, metrics=[EpochAgnosticMeanSquaredError()])
    observer = StepObserver()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, y, batch_size=batch_size, epochs=epochs, steps_per_epoch=steps_per_epoch,
                  callbacks=[observer], verbose=0, shuffle=False)
    if case != "not_match_too_low":
        expected = epochs * min(steps_per_epoch, num_batches)
    else:
        cycle = [num_batches // steps_per_epoch * steps_per_epoch, num_batches % steps_per_epoch] * epochs
        expected = sum(cycle[:epochs])
    assert observer.begin_count == observer.end_count == expected
    assert observer.epoch_begin_count == observer.epoch_end_count == epochs
    if case == "not_match_too_low":
        return
    model_2 = example_model(units=1, metrics=[EpochAgnosticMeanSquaredError()])
    observer_2 = StepObserver()
    epochs_2 = epochs // (num_batches // steps_per_epoch) if case == "match_multi_epoch" else epochs
    model_2.fit(x, y, batch_size=batch_size, epochs=epochs_2, callbacks=[observer_2], verbose=0, shuffle=False)
    np.testing.assert_allclose(observer.batch_loss_history, observer_2.batch_loss_history, rtol=1e-6)
    for w1, w2 in zip(model.get_weights(), model_2.get_weights()):
        np.testing.assert_allclose(w1, w2, rtol=1e-6)
    np.testing.assert_allclose(model.predict(x, verbose=0), model_2.predict(x, verbose=0), rtol=1e-6)


def test_keras_evaluate_with_different_batch_size_same_loss():
    """Keras: trainer_test.py::TestTrainer::test_evaluate_with_different_batch_size_same_loss."""
    x, y = np.random.default_rng(0).random((100, 4)), np.ones((100, 1))
    model = example_model(units=1)
    assert model.evaluate(x, y, batch_size=80, verbose=0) == pytest.approx(
        model.evaluate(x, y, batch_size=100, verbose=0), rel=1e-6)


def test_keras_fit_with_different_batch_size_same_loss():
    """Keras: trainer_test.py::TestTrainer::test_fit_with_different_batch_size_same_loss."""
    rng = np.random.default_rng(0)
    x = rng.random((100, 4))
    y = np.ones((100, 1))
    model = Sequential([Dense(1, input_shape=(4,))], seed=0)
    model.trainable = False
    model.compile(loss="mse")
    weights = model.get_weights()
    loss1 = model.fit(x, y, batch_size=80, verbose=0).history["loss"]
    loss2 = model.fit(x, y, batch_size=100, verbose=0).history["loss"]
    np.testing.assert_allclose(loss1, loss2, rtol=1e-6)
    for before, after in zip(weights, model.get_weights()):
        np.testing.assert_array_equal(before, after)


# ----- generators, PyDataset, iterables of batches -----------------------------------------------------
class Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.train_counter = self.val_counter = 0

    def on_train_batch_end(self, batch, logs=None):
        self.train_counter += 1

    def on_test_batch_end(self, batch, logs=None):
        self.val_counter += 1


def test_keras_validation_data_infinite_generator():
    """Keras: trainer_test.py::TestTrainer::test_validation_data_infinite_generator."""
    model = Sequential([Dense(3, input_shape=(2,))], seed=0)
    model.compile(optimizer="sgd", loss="mse", metrics=["mse"])

    def infinite_gen():
        while True:
            yield np.ones((2, 2)), np.ones((2, 3))

    recorder = Recorder()
    model.fit(infinite_gen(), validation_data=infinite_gen(), steps_per_epoch=3, validation_steps=4,
              epochs=1, shuffle=False, callbacks=[recorder], verbose=0)
    assert (recorder.train_counter, recorder.val_counter) == (3, 4)


def test_keras_python_generator_input():
    """Keras: epoch_iterator_test.py::TestEpochIterator::test_python_generator_input."""
    def generator():
        for i in range(3):
            yield np.full((2, 4), i, dtype=np.float32), np.zeros((2, 3), dtype=np.float32)

    model = example_model()
    recorder = Recorder()
    model.fit(generator(), callbacks=[recorder], verbose=0)
    assert recorder.train_counter == 3


def test_keras_empty_generator_raises_clear_error():
    """Keras: generator_data_adapter_test.py::GeneratorDataAdapterTest::test_empty_generator_raises_clear_error."""
    def generator():
        if False:
            yield

    model = example_model()
    with pytest.raises(ValueError, match="gave no batches"):
        model.fit(generator(), verbose=0)


@pytest.mark.parametrize("argument", ["y", "sample_weight"])
def test_keras_generator_with_y_error(argument):
    """Keras: data_adapter_utils_test.py::test_generator_with_y_error and
    epoch_iterator_test.py::test_unsupported_y_arg_tfdata / test_unsupported_sample_weights_arg_tfdata."""
    model = example_model()
    generator = ((np.ones((2, 4)), np.ones((2, 3))) for _ in range(2))
    with pytest.raises(ValueError, match=f"{argument} cannot be given"):
        model.fit(generator, **{argument: np.ones(2)}, verbose=0)


class ExamplePyDataset(nnlib.utils.PyDataset):
    """Keras's ExamplePyDataset: slices of x and y, one batch per index."""

    def __init__(self, x, y, sample_weight=None, batch_size=32, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.sample_weight, self.batch_size = x, y, sample_weight, batch_size
        self.epochs_ended = 0

    def __len__(self):
        return int(np.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, idx):
        rows = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        if self.sample_weight is not None:
            return self.x[rows], self.y[rows], self.sample_weight[rows]
        return self.x[rows], self.y[rows]

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_keras_py_dataset_class_weight():
    """Keras: py_dataset_adapter_test.py::PyDatasetAdapterTest::test_class_weight, through fit:
    the PyDataset's batches weighted by class train exactly as arrays with those sample weights."""
    rng = np.random.default_rng(0)
    x = rng.integers(1, 100, (4, 5)).astype(np.float32) / 100
    y = np.array([0, 1, 2, 1])
    class_w = {0: 2, 1: 1, 2: 3}

    def model():
        m = Sequential([Dense(3, activation="softmax", input_shape=(5,))], seed=0)
        m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        return m

    from_dataset = model()
    data_set = ExamplePyDataset(x, y, batch_size=2)
    history = from_dataset.fit(data_set, class_weight=class_w, epochs=2, shuffle=False, verbose=0)
    from_arrays = model()
    expected = from_arrays.fit(x, y, sample_weight=np.array([2.0, 1.0, 3.0, 1.0]), batch_size=2, epochs=2,
                               shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], expected.history["loss"], rtol=1e-6)
    assert data_set.epochs_ended == 2  # on_epoch_end after each epoch, as in Keras


@pytest.mark.parametrize("shuffle", [False, True])
def test_keras_py_dataset_basic_flow(shuffle):
    """Keras: py_dataset_adapter_test.py::PyDatasetAdapterTest::test_basic_flow: every batch is
    seen once per epoch (shuffled or in order), with its sample weights."""
    x = np.arange(64, dtype=np.float32).reshape(16, 4) / 64
    y = np.zeros((16, 3), dtype=np.float32)
    seen = []

    class Watched(ExamplePyDataset):
        def __getitem__(self, idx):
            seen.append(idx)
            return super().__getitem__(idx)

    model = example_model()
    model.fit(Watched(x, y, np.ones(16), batch_size=4), epochs=3, shuffle=shuffle, verbose=0)
    for epoch in range(3):
        assert sorted(seen[4 * epoch : 4 * epoch + 4]) == [0, 1, 2, 3]
    if not shuffle:
        assert seen == [0, 1, 2, 3] * 3


def test_one_shot_generator_for_several_epochs_warns_and_stops():
    """Deliberate difference: Keras runs the later epochs of an used-up generator with no batch
    and warns; nnlib warns that the generator can be read only once and stops training there,
    keeping the first epoch's history."""
    generator = ((np.ones((2, 4)), np.zeros((2, 3))) for _ in range(3))
    model = example_model()
    with pytest.warns(UserWarning, match="can be read only once"):
        history = model.fit(generator, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 1


def test_evaluate_and_predict_take_generators_and_steps():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((10, 4)).astype(np.float32)
    y = rng.standard_normal((10, 3)).astype(np.float32)
    model = example_model()
    batches = [(x[i : i + 4], y[i : i + 4]) for i in range(0, 10, 4)]
    assert model.evaluate(iter(batches), verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-6)
    np.testing.assert_allclose(model.predict(iter(batches), verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    np.testing.assert_allclose(model.predict(x, steps=2, batch_size=4, verbose=0), model.predict(x[:8], verbose=0),
                               rtol=1e-6)
    assert model.evaluate(x, y, batch_size=4, steps=1, verbose=0) == pytest.approx(
        model.evaluate(x[:4], y[:4], verbose=0), rel=1e-6)


def test_a_bad_batch_names_the_batch():
    model = example_model()
    batches = [(np.ones((2, 4)), np.ones((2, 3))), (np.ones((2, 5)), np.ones((2, 3)))]
    with pytest.raises(errors.ShapeError, match="batch 2 of x"):
        model.fit(batches.__iter__(), verbose=0)
    with pytest.raises(errors.DataError, match="no targets"):
        model.fit(iter([np.ones((2, 4))]), verbose=0)
    with pytest.raises(errors.DataError, match="tuple of length 4"):
        model.fit(iter([(np.ones((2, 4)),) * 4]), verbose=0)


# ----- the other fit arguments -------------------------------------------------------------------------
def test_initial_epoch_and_validation_freq():
    """Keras semantics: epochs counts from 0 to epochs - 1, starting at initial_epoch; validation runs
    after the epochs whose 1-based number is a multiple of validation_freq (or is listed)."""
    x = np.random.default_rng(0).standard_normal((16, 4))
    y = np.zeros((16, 3))
    seen = []
    recorder = callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append((epoch, "val_loss" in logs)))
    history = example_model().fit(x, y, epochs=6, initial_epoch=2, validation_data=(x, y), validation_freq=2,
                                  callbacks=[recorder], verbose=0)
    assert seen == [(2, False), (3, True), (4, False), (5, True)]
    assert len(history.history["loss"]) == 4 and len(history.history["val_loss"]) == 2
    seen.clear()
    example_model().fit(x, y, epochs=3, validation_data=(x, y), validation_freq=[1, 3], callbacks=[recorder],
                        verbose=0)
    assert seen == [(0, True), (1, False), (2, True)]


def test_one_dimensional_x_for_a_one_feature_model():
    """Keras accepts x of shape (n,) when the model's input shape is (None, 1) (and refuses it otherwise)."""
    x = np.linspace(-1, 1, 20)
    model = example_model(units=1, inputs=1)
    model.fit(x, 2 * x, epochs=2, verbose=0)
    np.testing.assert_allclose(model.predict(x, verbose=0), model.predict(x.reshape(-1, 1), verbose=0))
    with pytest.raises(errors.ShapeError, match=r"reshape\(-1, 1\)"):
        example_model(units=1, inputs=3).fit(x, x, verbose=0)


def test_sample_weight_and_class_weight_bad_input():
    x, y = np.ones((10, 4)), np.array([0, 1] * 5)
    model = example_model(units=2, activation="softmax", loss="sparse_categorical_crossentropy")
    before = model.get_weights() if model.built else None
    cases = [
        (dict(sample_weight=np.ones(9)), errors.DataError, "10 samples but sample_weight has 9"),
        (dict(sample_weight=np.ones((10, 2))), errors.ShapeError, r"shape \(10,\)"),
        (dict(sample_weight=np.r_[np.ones(9), np.nan]), errors.DataError, r"sample_weight\[9\] = nan"),
        (dict(sample_weight=-np.ones(10)), errors.DataError, ">= 0"),
        (dict(class_weight={0: 1.0, 2: 5.0}), errors.DataError, r"class\(es\) \[2\]"),
        (dict(class_weight={"a": 1.0}), errors.HyperparameterError, "class indices"),
        (dict(class_weight=[1.0, 2.0]), errors.HyperparameterError, "dict"),
        (dict(class_weight={0: 1.0}, sample_weight=np.ones(10)), errors.HyperparameterError, "both"),
        (dict(steps_per_epoch=0), errors.HyperparameterError, "steps_per_epoch"),
        (dict(validation_freq=0), errors.HyperparameterError, "validation_freq"),
    ]
    for kwargs, error, pattern in cases:
        with pytest.raises(error, match=pattern):
            model.fit(x, y, verbose=0, **kwargs)
        if before is not None:
            for w0, w1 in zip(before, model.get_weights()):
                np.testing.assert_array_equal(w0, w1)
    with pytest.raises(errors.DataError, match="validation_split cannot be used"):
        model.fit(iter([(x, y)]), validation_split=0.2, verbose=0)


# ----- the same numbers as Keras ----------------------------------------------------------------------
def keras_pair(keras, units=3, inputs=4, activation="softmax", loss="sparse_categorical_crossentropy",
               metrics=None, weighted_metrics=None, seed=0):
    """The same one-layer model in Keras and in nnlib (Keras's weights copied), both compiled with SGD."""
    keras.utils.set_random_seed(seed)
    keras_model = keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(units, activation=activation)])
    keras_model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss, metrics=metrics,
                        weighted_metrics=weighted_metrics)
    model = Sequential([Dense(units, activation=activation, input_shape=(inputs,))])
    model.compile(optimizer=optimizers.SGD(0.1), loss=loss, metrics=metrics, weighted_metrics=weighted_metrics)
    model.set_weights(keras_model.get_weights())
    return keras_model, model


def classification_data(n=24, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype(np.float32), rng.integers(0, 3, n), rng.uniform(0, 2, n).astype(np.float32)


def assert_same_history(expected, found, rtol=1e-5):
    assert sorted(expected) == sorted(found)
    for key in expected:
        np.testing.assert_allclose(found[key], expected[key], rtol=rtol, atol=1e-6, err_msg=key)


def test_parity_sample_weight_fit_evaluate_and_validation(keras):
    x, y, w = classification_data()
    keras_model, model = keras_pair(keras, metrics=["accuracy"], weighted_metrics=["accuracy"][:0])
    arguments = dict(sample_weight=w, batch_size=8, epochs=3, shuffle=False, verbose=0,
                     validation_data=(x[:10], y[:10], w[:10]))
    expected = keras_model.fit(x, y, **arguments).history
    found = model.fit(x, y, **arguments).history
    assert_same_history(expected, found)
    np.testing.assert_allclose(model.evaluate(x, y, sample_weight=w, verbose=0),
                               keras_model.evaluate(x, y, sample_weight=w, verbose=0), rtol=1e-5)


def test_parity_class_weight(keras):
    x, y, _ = classification_data(seed=1)
    keras_model, model = keras_pair(keras)
    arguments = dict(class_weight={0: 1.0, 1: 3.0, 2: 0.5}, batch_size=6, epochs=3, shuffle=False, verbose=0)
    assert_same_history(keras_model.fit(x, y, **arguments).history, model.fit(x, y, **arguments).history)
    for w1, w2 in zip(keras_model.get_weights(), model.get_weights()):
        np.testing.assert_allclose(w2, w1, rtol=1e-5, atol=1e-6)


def test_parity_binary_class_weight_and_mse_sample_weight(keras):
    x, y, w = classification_data(seed=2)
    keras_model, model = keras_pair(keras, units=1, activation="sigmoid", loss="binary_crossentropy")
    arguments = dict(class_weight={0: 2.0, 1: 0.5}, batch_size=5, epochs=2, shuffle=False, verbose=0)
    assert_same_history(keras_model.fit(x, y % 2, **arguments).history,
                        model.fit(x, y % 2, **arguments).history)
    keras_model, model = keras_pair(keras, units=2, activation="tanh", loss="mse")
    target = np.stack([x[:, 0], x[:, 1] * x[:, 2]], axis=1)
    arguments = dict(sample_weight=w, batch_size=7, epochs=2, shuffle=False, verbose=0)
    assert_same_history(keras_model.fit(x, target, **arguments).history,
                        model.fit(x, target, **arguments).history)


def test_parity_tf_data_dataset_and_generator(keras):
    """A tf.data Dataset of (x, y, w) batches, and a Python generator, train as Keras trains on them."""
    import tensorflow as tf

    x, y, w = classification_data(n=20, seed=3)
    keras_model, model = keras_pair(keras)
    dataset = tf.data.Dataset.from_tensor_slices((x, y, w)).batch(6)
    assert_same_history(keras_model.fit(dataset, epochs=3, verbose=0).history,
                        model.fit(dataset, epochs=3, verbose=0).history)

    def batches():
        while True:
            for start in range(0, 20, 5):
                yield x[start : start + 5], y[start : start + 5]

    keras_model, model = keras_pair(keras, seed=1)
    arguments = dict(steps_per_epoch=3, epochs=3, verbose=0)
    assert_same_history(keras_model.fit(batches(), **arguments).history, model.fit(batches(), **arguments).history)
    np.testing.assert_allclose(model.predict(dataset, verbose=0), keras_model.predict(dataset, verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_parity_one_dimensional_x_and_validation_freq(keras):
    x = np.linspace(-1, 1, 16).astype(np.float32)
    keras_model, model = keras_pair(keras, units=1, inputs=1, activation=None, loss="mse")
    arguments = dict(epochs=4, batch_size=4, shuffle=False, verbose=0, validation_data=(x, 3 * x),
                     validation_freq=2, initial_epoch=1)
    assert_same_history(keras_model.fit(x, 3 * x, **arguments).history, model.fit(x, 3 * x, **arguments).history)
