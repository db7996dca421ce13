"""Tests of nnlib.models.Sequential: building, weights, compile, fit/evaluate/predict."""

import warnings
import copy

import numpy as np
import pytest

from nnlib import errors, optimizers, regularizers
from nnlib.callbacks import Callback, CallbackList, LambdaCallback
from nnlib.layers import Activation, Dense, Dropout, Flatten, Input
from nnlib.models import Sequential


def blobs(n=120, features=4, classes=3, seed=0):
    """Separable classes: class c is centred at 2 * one_hot(c) in the first dims."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    x = rng.standard_normal((n, features)).astype(np.float32) * 0.5
    x[np.arange(n), y % features] += 2.0
    return x, y


def small_model(seed=0, **compile_kwargs):
    model = Sequential([Dense(8, activation="relu", input_shape=(4,)), Dense(3, activation="softmax")], seed=seed)
    compile_kwargs.setdefault("optimizer", "adam")
    compile_kwargs.setdefault("loss", "sparse_categorical_crossentropy")
    model.compile(**compile_kwargs)
    return model


# ----- layers and building ---------------------------------------------------------------
def test_layers_get_unique_names_and_are_built_at_once():
    model = Sequential([Dense(4, input_dim=3), Dense(4), Dense(2)])
    assert [layer.name for layer in model.layers] == ["dense", "dense_1", "dense_2"]
    assert model.built and model.input_shape == (None, 3) and model.output_shape == (None, 2)
    assert model.count_params() == (3 * 4 + 4) + (4 * 4 + 4) + (4 * 2 + 2)


def test_duplicate_names_and_layers_are_rejected_without_changing_the_model():
    layer = Dense(2, name="out")
    model = Sequential([Dense(3, input_dim=2), layer])
    with pytest.raises(errors.HyperparameterError, match="'out'"):
        model.add(Dense(2, name="out"))
    with pytest.raises(errors.HyperparameterError, match="already in this model"):
        model.add(layer)
    with pytest.raises(errors.HyperparameterError, match="nnlib layer"):
        model.add("dense")
    with pytest.raises(errors.HyperparameterError, match="list of layers"):
        Sequential(Dense(2))
    assert len(model.layers) == 2


def test_add_that_cannot_build_leaves_the_model_unchanged():
    model = Sequential([Input(shape=(2, 3)), Flatten(), Dense(4)])
    assert model.output_shape == (None, 4)
    bad = Sequential([Input(shape=(2, 3))])
    built_for_five = Dense(4)
    built_for_five.build((None, 5))
    with pytest.raises(errors.ShapeError, match=r"built for inputs of shape \(None, 5\)"):
        bad.add(built_for_five)
    assert bad.layers == []


def test_lazy_build_from_data_and_explicit_build():
    model = Sequential([Dense(5, activation="tanh"), Dense(1)])
    assert not model.built
    with pytest.raises(errors.NotBuiltError, match="input_shape"):
        model.get_weights()
    out = model.predict(np.ones((3, 7), dtype=np.float32), verbose=0)
    assert out.shape == (3, 1) and model.input_shape == (None, 7)
    other = Sequential([Dense(2)])
    other.build((None, 6))
    assert other.layers[0].kernel.shape == (6, 2)
    third = Sequential([Dense(2)])
    third.build((6,))
    assert third.input_shape == (None, 6)


def test_pop_and_input_layer_not_listed():
    model = Sequential([Input(shape=(3,)), Dense(4), Dense(2)])
    assert len(model.layers) == 2
    removed = model.pop()
    assert removed.units == 2 and model.output_shape == (None, 4)


def test_summary_table(capsys):
    model = Sequential([Dense(32, activation="relu", input_shape=(64,)), Dropout(0.2), Dense(10)])
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert 'Model: "sequential"' in text
    assert "dense (Dense)" in text and "(None, 32)" in text and "2,080" in text
    assert "dropout (Dropout)" in text and "dense_1 (Dense)" in text and "330" in text
    assert "Total params: 2,410" in text
    Sequential([Dense(3)]).summary()
    assert "not built yet" in capsys.readouterr().out


# ----- weights ------------------------------------------------------------------------------
def test_get_and_set_weights_in_keras_order():
    model = Sequential([Dense(3, input_dim=2), Dense(1)])
    shapes = [w.shape for w in model.get_weights()]
    assert shapes == [(2, 3), (3,), (3, 1), (1,)]
    new = [np.full(s, i, dtype=np.float32) for i, s in enumerate(shapes)]
    model.set_weights(new)
    for got, want in zip(model.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    before = model.get_weights()
    with pytest.raises(errors.ShapeError, match="expects 4 arrays"):
        model.set_weights(new[:3])
    with pytest.raises(errors.ShapeError, match=r"dense_1/kernel.*\(3, 1\)"):
        model.set_weights(new[:2] + [np.zeros((1, 3)), new[3]])
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_parameters_are_updated_in_place_by_fit():
    model = small_model()
    kernel = model.layers[0].kernel
    before = kernel.copy()
    x, y = blobs()
    model.fit(x, y, epochs=1, verbose=0)
    assert model.layers[0].kernel is kernel  # the layer's array object never changes
    assert not np.array_equal(kernel, before)


def test_deepcopy_of_a_model_trains_independently():
    model = small_model()
    x, y = blobs()
    clone = copy.deepcopy(model)
    clone.fit(x, y, epochs=2, verbose=0)
    assert not np.array_equal(clone.get_weights()[0], model.get_weights()[0])
    model.fit(x, y, epochs=1, verbose=0)  # the original still trains (its own block)
    assert model.layers[0].kernel.base is model._block.values


# ----- compile, fit, evaluate, predict --------------------------------------------------------
def test_fit_returns_history_with_keras_keys():
    model = small_model(metrics=["accuracy"])
    x, y = blobs()
    history = model.fit(x, y, epochs=3, batch_size=16, validation_split=0.25, verbose=0)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]  # sorted, as Keras 3
    assert all(len(values) == 3 for values in history.history.values())
    assert all(isinstance(v, float) for v in history.history["loss"])
    assert history.epoch == [0, 1, 2] and model.history is history
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_validation_split_takes_the_last_samples_as_keras():
    model = small_model()
    x, y = blobs(100)
    history = model.fit(x, y, epochs=1, batch_size=8, validation_split=0.2, verbose=0, shuffle=False)
    assert history.history["val_loss"][0] == pytest.approx(model.evaluate(x[80:], y[80:], verbose=0))


def test_validation_data():
    model = small_model(metrics=["acc"])
    x, y = blobs()
    history = model.fit(x, y, epochs=2, validation_data=(x[:30], y[:30]), verbose=0)
    assert "val_acc" in history.history and "acc" in history.history


def test_epoch_loss_is_the_sample_weighted_mean_of_batch_losses_before_each_update():
    x, y = blobs(10)
    model = small_model(seed=1, optimizer=optimizers.SGD(0.1))
    twin = copy.deepcopy(model)
    history = model.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0)  # batches of 4, 4, 2
    batch_losses = [twin.train_on_batch(x[s : s + 4], y[s : s + 4]) for s in (0, 4, 8)]
    expected = (4 * batch_losses[0] + 4 * batch_losses[1] + 2 * batch_losses[2]) / 10
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-6)
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_loss_includes_regularization_penalties():
    model = Sequential([Dense(3, input_dim=4, kernel_regularizer=regularizers.L2(0.5)), Dense(1)], seed=0)
    model.compile("sgd", "mse")
    x, y = np.ones((5, 4), dtype=np.float32), np.zeros(5, dtype=np.float32)
    data_loss = float(np.mean(model.predict(x, verbose=0) ** 2))
    penalty = 0.5 * float(np.sum(model.layers[0].kernel.astype(np.float64) ** 2))
    assert model.evaluate(x, y, verbose=0) == pytest.approx(data_loss + penalty, rel=1e-5)


def test_evaluate_return_forms():
    model = small_model()
    x, y = blobs()
    assert isinstance(model.evaluate(x, y, verbose=0), float)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy", "sparse_categorical_accuracy"])
    loss, acc, acc2 = model.evaluate(x, y, verbose=0)
    assert acc == acc2 and 0 <= acc <= 1
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert list(logs) == ["loss", "accuracy", "sparse_categorical_accuracy"]
    assert model.metrics_names == ["loss", "accuracy", "sparse_categorical_accuracy"]


def test_predict_is_independent_of_batch_size_and_float32():
    model = small_model()
    x, _ = blobs(50)
    a = model.predict(x, batch_size=1, verbose=0)
    b = model.predict(x, batch_size=64, verbose=0)
    np.testing.assert_allclose(a, b, rtol=1e-6)
    assert a.dtype == np.float32 and a.shape == (50, 3)
    np.testing.assert_allclose(model(x), a, rtol=1e-6)
    np.testing.assert_allclose(model.predict_on_batch(x), a, rtol=1e-6)


def test_float64_data_keeps_float32_weights():
    model = small_model()
    x, y = blobs()
    model.fit(x.astype(np.float64), y, epochs=1, verbose=0)
    assert all(w.dtype == np.float32 for w in model.get_weights())


def test_integer_and_list_inputs_are_accepted():
    model = Sequential([Dense(4, activation="tanh", input_dim=2), Dense(1, activation="sigmoid")], seed=0)
    model.compile("adam", "binary_crossentropy")
    x = [[0, 0], [0, 1], [1, 0], [1, 1]]
    history = model.fit(x, [0, 1, 1, 0], epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def test_one_dimensional_y_for_a_one_unit_output():
    model = Sequential([Dense(1, input_dim=3)], seed=0)
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).standard_normal((20, 3)).astype(np.float32)
    y = x @ np.array([1.0, -2.0, 0.5], dtype=np.float32)
    loss_1d = model.evaluate(x, y, verbose=0)
    assert loss_1d == pytest.approx(model.evaluate(x, y.reshape(-1, 1), verbose=0))
    model.fit(x, y, epochs=50, batch_size=20, verbose=0)
    assert model.evaluate(x, y, verbose=0) < loss_1d


def test_train_on_batch_and_test_on_batch():
    model = small_model(metrics=["accuracy"])
    x, y = blobs(32)
    loss, acc = model.test_on_batch(x, y)
    first = model.train_on_batch(x, y)
    assert first[0] == pytest.approx(loss, rel=1e-6) and first[1] == pytest.approx(acc)
    assert model.train_on_batch(x, y, return_dict=True)["loss"] < loss


def test_same_seed_gives_same_weights_and_history():
    x, y = blobs()

    def run():
        model = Sequential([Dense(8, activation="relu", input_dim=4), Dropout(0.3), Dense(3, activation="softmax")],
                           seed=42)
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(x, y, epochs=3, batch_size=10, validation_split=0.2, verbose=0)
        return model.get_weights(), history.history

    (w1, h1), (w2, h2) = run(), run()
    assert h1 == h2
    for a, b in zip(w1, w2):
        np.testing.assert_array_equal(a, b)


def test_initial_epoch_and_zero_epochs():
    model = small_model()
    x, y = blobs()
    history = model.fit(x, y, epochs=3, initial_epoch=1, verbose=0)
    assert history.epoch == [1, 2]
    before = model.get_weights()
    assert model.fit(x, y, epochs=0, verbose=0).history == {}
    np.testing.assert_array_equal(before[0], model.get_weights()[0])


def test_fused_softmax_output_is_stable_for_huge_logits():
    model = Sequential([Dense(3, activation="softmax", input_dim=2, kernel_initializer="zeros")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    model.layers[0].params["kernel"][...] = [[1000.0, -1000.0, 0.0], [0.0, 0.0, 0.0]]
    x = np.array([[1.0, 0.0]], dtype=np.float32)
    # log softmax of the true class 1 is -2000: exact from the logits, never log(0)
    assert model.evaluate(x, np.array([1]), verbose=0) == pytest.approx(2000.0)
    assert model.evaluate(x, np.array([0]), verbose=0) == pytest.approx(0.0, abs=1e-6)
    model2 = Sequential([Dense(1, activation="sigmoid", input_dim=1, kernel_initializer="ones")])
    model2.compile("sgd", "binary_crossentropy")
    assert model2.evaluate(np.array([[1000.0]]), np.array([0.0]), verbose=0) == pytest.approx(1000.0)


def test_activation_layer_output_is_fused_too():
    a = Sequential([Dense(3, input_dim=2), Activation("softmax")], seed=0)
    b = Sequential([Dense(3, input_dim=2, activation="softmax")], seed=0)
    for model in (a, b):
        model.compile("sgd", "categorical_crossentropy")
    x = np.random.default_rng(0).standard_normal((6, 2)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2]]
    assert a.evaluate(x, y, verbose=0) == pytest.approx(b.evaluate(x, y, verbose=0))
    for ga, gb in zip(a.gradients(x, y), b.gradients(x, y)):
        np.testing.assert_allclose(ga, gb, rtol=1e-6)


def test_gradients_are_aligned_with_get_weights_and_change_nothing():
    model = small_model()
    x, y = blobs(20)
    before = model.get_weights()
    grads = model.gradients(x, y)
    assert [g.shape for g in grads] == [w.shape for w in before]
    assert all(g.dtype == np.float32 for g in grads)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


# ----- callbacks dispatch ------------------------------------------------------------------------
class CountBatches(Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def test_batch_hooks_are_called_only_when_overridden():
    counter = CountBatches()
    model = small_model()
    x, y = blobs(100)
    model.fit(x, y, epochs=2, batch_size=32, callbacks=[counter], verbose=0)
    assert counter.batches == 2 * 4
    assert CallbackList([counter]).wants_train_batch_hooks
    assert not CallbackList([LambdaCallback(on_epoch_end=print)]).wants_train_batch_hooks
    assert CallbackList([LambdaCallback(on_batch_end=print)]).wants_train_batch_hooks


def test_stop_training_from_a_batch_hook_ends_the_epoch():
    stopper = LambdaCallback(on_train_batch_end=lambda batch, logs: setattr(model, "stop_training", batch >= 1))
    model = small_model()
    x, y = blobs(100)
    history = model.fit(x, y, epochs=5, batch_size=10, callbacks=[stopper], verbose=0)
    assert len(history.history["loss"]) == 1


def test_updating_the_weight_block_in_pieces_changes_nothing(monkeypatch):
    from nnlib.models import weight_block

    x, y = blobs()
    whole = small_model(seed=3)
    whole.fit(x, y, epochs=2, batch_size=16, verbose=0)
    monkeypatch.setattr(weight_block, "CHUNK_SIZE", 7)  # 67 weights in 10 pieces
    pieces = small_model(seed=3)
    pieces.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert len(pieces._block.chunks()[0]) == 10
    for a, b in zip(whole.get_weights(), pieces.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_model_with_a_hand_written_layer_trains():
    from nnlib.layers import Layer

    class Scale(Layer):
        """y = x * s, keeping self.s as a second name for params["s"]."""

        def build(self, input_shape, rng=None):
            self.s = np.ones(input_shape[-1], dtype=self.dtype)
            self.params = {"s": self.s}
            self.grads = {"s": np.zeros_like(self.s)}
            super().build(input_shape, rng)

        def forward(self, x, training=False):
            self._x = x
            return x * self.s

        def backward(self, grad_output):
            self.grads["s"] = np.sum(grad_output * self._x, axis=0)
            return grad_output * self.s

    model = Sequential([Dense(4, activation="tanh", input_dim=4), Scale(), Dense(3, activation="softmax")], seed=0)
    model.compile("adam", "sparse_categorical_crossentropy")
    x, y = blobs()
    history = model.fit(x, y, epochs=5, verbose=0)
    scale = model.layers[1]
    assert scale.params["s"] is scale.s and not np.all(scale.s == 1)  # trained through its own name
    assert model._block is None and history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("loss, activation, make_y", [
    ("binary_crossentropy", "sigmoid", lambda rng: rng.integers(0, 2, (8, 3)).astype(np.float32)),
    ("categorical_crossentropy", "softmax", lambda rng: np.eye(3, dtype=np.float32)[rng.integers(0, 3, 8)]),
    ("sparse_categorical_crossentropy", "softmax", lambda rng: rng.integers(0, 3, 8)),
])
def test_fused_output_loss_agrees_with_the_losses_module(loss, activation, make_y):
    from nnlib import losses
    from nnlib.models.output_loss import OutputLoss

    rng = np.random.default_rng(0)
    layer = Dense(3, activation=activation)
    layer.build((None, 2), rng)
    z = np.concatenate([rng.standard_normal((6, 3)), [[1000, -1000, 0], [-1000, 1000, 5]]]).astype(np.float32)
    y = make_y(rng)
    output = layer.activation(z)
    loss_object = losses.get(loss)
    bound = OutputLoss(loss_object, layer)
    assert bound.fused
    value, delta = bound.value_and_delta(y, output, z)
    assert value == pytest.approx(loss_object.value_from_logits(y, z), rel=1e-6)
    np.testing.assert_allclose(delta, loss_object.gradient_from_logits(y, z), rtol=1e-6, atol=1e-9)
    assert bound.value(y, output, z) == pytest.approx(value)
    assert not OutputLoss(losses.get("mse"), layer).fused


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop", "adagrad"])
def test_two_fit_calls_continue_like_one_call_with_two_epochs(optimizer):
    """The optimizer keeps its state (moments, step count) from one fit call to the next."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")

    def new_model():
        model = Sequential([Input(shape=(2,)), Dense(4, activation="tanh"), Dense(2, activation="softmax")], seed=1)
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
        return model

    split = new_model()
    losses = [split.fit(x, y, batch_size=16, epochs=1, verbose=0).history["loss"][0] for _ in range(3)]
    whole = new_model().fit(x, y, batch_size=16, epochs=3, verbose=0).history["loss"]
    assert losses == whole
    assert split.optimizer.iterations == 3 * 4


def test_predict_on_float64_input_for_a_float32_model_is_float32_and_quiet():
    model = Sequential([Input(shape=(3,)), Dense(2)], seed=0)
    x = np.random.default_rng(0).normal(size=(70, 3))  # float64
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = model.predict(x, batch_size=32, verbose=0)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, x.astype("float32") @ model.get_weights()[0], rtol=1e-6)


def test_trainable_variables_is_keras_name_for_trainable_weights():
    """A Keras custom loop, ``apply_gradients(zip(grads, model.trainable_variables))``, runs on nnlib."""
    import nnlib
    from nnlib.layers import BatchNormalization, Dense, Input
    from nnlib.optimizers import SGD

    x = np.random.default_rng(0).normal(size=(16, 3))
    y = np.random.default_rng(1).normal(size=(16, 1))
    inputs = Input(shape=(3,))
    functional = nnlib.Model(inputs, Dense(1)(BatchNormalization()(Dense(4)(inputs))))
    sequential = Sequential([Input(shape=(3,)), Dense(4), Dense(1)], seed=0)
    for model in (sequential, functional):
        assert [id(v) for v in model.trainable_variables] == [id(w) for w in model.trainable_weights]
        assert [id(v) for v in model.layers[-1].trainable_variables] == [id(w) for w in model.layers[-1].trainable_weights]
        model.compile(optimizer="sgd", loss="mse")
        before = [w.copy() for w in model.trainable_variables]
        grads = model.gradients(x, y)
        optimizer = SGD(learning_rate=0.1)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        for w, w0, g in zip(model.trainable_variables, before, grads):
            np.testing.assert_allclose(w, w0 - 0.1 * g, rtol=1e-6, atol=1e-7)
