"""The Functional API, ``Model(inputs, outputs)``, against Keras's tests and the installed Keras.

Keras files: ``keras/src/models/functional_test.py`` and ``model_test.py``. The
``test_keras_*`` cases re-express the Keras tests they name; the ``test_parity_*`` cases
build the same graph in nnlib and in Keras, copy Keras's weights, and compare
predictions, gradients (``tf.GradientTape``), a 20-step training trajectory, the logs,
``evaluate``'s order, the layer order and ``summary()``; the rest check nnlib's errors for
bad input.
"""

import io
from contextlib import redirect_stdout

import numpy as np
import pytest

import nnlib
from nnlib import errors, gradcheck, optimizers
from nnlib.layers import Dense, Input
from nnlib.models import Model, Sequential

RTOL = 1e-5


# ----- the model of the issue: two inputs, two outputs ------------------------------------------------
def two_by_two(layers, make_input, make_model, name="two_by_two"):
    """A two-input, two-output graph built from a layers module (nnlib's or Keras's).

    ``features`` (4,) and ``extras`` (3,) go through their own Dense, are concatenated,
    pass a shared hidden Dense, and feed two heads: ``label`` (3-class softmax) and
    ``score`` (a linear regression). The hidden tensor also feeds the ``score`` head
    directly beside the concatenation: a branch whose gradients add.
    """
    features = make_input(shape=(4,), name="features")
    extras = make_input(shape=(3,), name="extras")
    a = layers.Dense(5, activation="relu", name="dense_features")(features)
    b = layers.Dense(5, activation="tanh", name="dense_extras")(extras)
    merged = layers.Concatenate(name="merge")([a, b])
    hidden = layers.Dense(6, activation="tanh", name="hidden")(merged)
    label = layers.Dense(3, activation="softmax", name="label")(hidden)
    both = layers.Concatenate(name="merge_score")([hidden, b])
    score = layers.Dense(1, name="score")(both)
    return make_model(inputs=[features, extras], outputs=[label, score], name=name)


def nnlib_two_by_two():
    return two_by_two(nnlib.layers, Input, Model)


def keras_two_by_two(keras):
    keras.utils.set_random_seed(0)
    return two_by_two(keras.layers, keras.Input, keras.Model)


def pair(keras, optimizer="sgd", **compile_arguments):
    """The model in Keras and in nnlib, Keras's weights copied, compiled alike."""
    keras_model = keras_two_by_two(keras)
    model = nnlib_two_by_two()
    model.set_weights(keras_model.get_weights())
    arguments = dict(loss=["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5])
    arguments.update(compile_arguments)
    keras_optimizer = optimizer if isinstance(optimizer, str) else getattr(keras.optimizers, optimizer[0])(**optimizer[1])
    nnlib_optimizer = optimizer if isinstance(optimizer, str) else getattr(optimizers, optimizer[0])(**optimizer[1])
    keras_model.compile(optimizer=keras_optimizer, **arguments)
    model.compile(optimizer=nnlib_optimizer, **arguments)
    return keras_model, model


def data(n=32, seed=0):
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((n, 4)).astype(np.float32)
    extras = rng.standard_normal((n, 3)).astype(np.float32)
    label = (features[:, 0] + extras[:, 1] > 0).astype(np.int64) + (features[:, 2] > 0.8)
    score = (features[:, 1] * extras[:, 0] + 0.5 * extras[:, 2]).astype(np.float32)[:, None]
    return [features, extras], [label, score]


def relative_error(expected, found):
    expected, found = np.asarray(expected, dtype=np.float64), np.asarray(found, dtype=np.float64)
    return float(np.max(np.abs(expected - found)) / max(np.max(np.abs(expected)), 1e-6))


def test_parity_layer_order_names_and_weights(keras):
    keras_model, model = pair(keras)
    assert [layer.name for layer in model.layers] == [layer.name for layer in keras_model.layers]
    assert model.input_names == ["features", "extras"]
    assert model.output_names == keras_model.output_names == ["label", "score"]
    assert [w.shape for w in model.get_weights()] == [w.shape for w in keras_model.get_weights()]
    assert model.count_params() == keras_model.count_params()
    assert model.get_layer("hidden").get_weights()[0].shape == (10, 6)
    assert model.get_layer(index=3).name == keras_model.get_layer(index=3).name


def test_parity_predictions_list_dict_and_call(keras):
    keras_model, model = pair(keras)
    x, _ = data()
    expected = keras_model.predict(x, verbose=0)
    found = model.predict(x, verbose=0)
    assert isinstance(found, list) and len(found) == 2
    for e, f in zip(expected, found):
        assert f.shape == e.shape
        assert relative_error(e, f) < RTOL
    by_name = model.predict({"features": x[0], "extras": x[1]}, verbose=0)
    for e, f in zip(expected, by_name):
        assert relative_error(e, f) < RTOL
    called = model(x)
    assert relative_error(expected[1], called[1]) < RTOL


def test_parity_gradients(keras, tf):
    keras_model, model = pair(keras)
    x, y = data()
    with tf.GradientTape() as tape:
        y_pred = keras_model(x, training=True)
        total = keras_model.compute_loss(x=x, y=y, y_pred=y_pred)
    keras_grads = tape.gradient(total, keras_model.trainable_weights)
    found = model.gradients(x, y)
    assert len(found) == len(keras_grads) == 10
    for keras_grad, grad in zip(keras_grads, found):
        assert relative_error(keras_grad.numpy(), grad) < 1e-4
    assert relative_error(float(total), model.evaluate(x, y, batch_size=32, verbose=0)[0]) < RTOL


def test_gradcheck_on_the_two_by_two_graph():
    model = nnlib_two_by_two()
    model.compile(optimizer="sgd", loss=["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5])
    x, y = data(n=6)
    report = gradcheck.check_model(model, x, y)
    assert report.passed, report


@pytest.mark.parametrize("optimizer", [("SGD", {"learning_rate": 0.1}), ("Adam", {"learning_rate": 0.01})],
                         ids=["sgd", "adam"])
def test_parity_twenty_step_trajectory(keras, tf, optimizer):
    """Twenty full-batch steps: the loss of every step and the final weights match Keras's."""
    keras_model, model = pair(keras, optimizer=optimizer, metrics=[["accuracy"], ["mae"]])
    x, y = data()
    start = model.get_weights()
    full_batch = tf.data.Dataset.from_tensors((tuple(x), tuple(y)))
    expected = keras_model.fit(full_batch, epochs=20, shuffle=False, verbose=0).history
    found = model.fit(x, y, batch_size=32, epochs=20, shuffle=False, verbose=0).history
    assert sorted(found) == sorted(expected)
    assert sorted(found) == ["label_accuracy", "label_loss", "loss", "score_loss", "score_mae"]
    for key in expected:
        assert relative_error(expected[key], found[key]) < 1e-4, key
    for before, keras_w, w in zip(start, keras_model.get_weights(), model.get_weights()):
        assert relative_error(keras_w - before, w - before) < 1e-3
    assert found["loss"][-1] < found["loss"][0]


def test_parity_minibatch_logs_with_dict_data_and_validation(keras):
    keras_model, model = pair(keras, optimizer=("SGD", {"learning_rate": 0.05}),
                              metrics={"label": "accuracy", "score": "mae"})
    x, y = data(n=40, seed=1)
    x_dict = {"features": x[0], "extras": x[1]}
    y_dict = {"label": y[0], "score": y[1]}
    arguments = dict(batch_size=8, epochs=3, shuffle=False, verbose=0,
                     validation_data=(x_dict, y_dict))
    expected = keras_model.fit(x_dict, y_dict, **arguments).history
    found = model.fit(x_dict, y_dict, **arguments).history
    assert sorted(found) == sorted(expected)
    for key in expected:
        assert relative_error(expected[key], found[key]) < 1e-4, key


def test_parity_evaluate_order_and_return_dict(keras):
    keras_model, model = pair(keras, metrics=[["accuracy"], ["mae"]])
    x, y = data(seed=2)
    expected = keras_model.evaluate(x, y, batch_size=8, verbose=0)
    found = model.evaluate(x, y, batch_size=8, verbose=0)
    assert len(found) == len(expected) == 5
    assert relative_error(expected, found) < 1e-5
    expected_dict = keras_model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    found_dict = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    assert sorted(found_dict) == sorted(expected_dict)


def test_parity_summary(keras):
    keras_model, model = pair(keras)
    keras_text, text = io.StringIO(), io.StringIO()
    keras_model.summary(print_fn=lambda line, **_: keras_text.write(line + "\n"))
    with redirect_stdout(text):
        model.summary()
    ours = text.getvalue()
    for layer in keras_model.layers:
        assert layer.name in ours
    for header in ("Layer (type)", "Output Shape", "Param #", "Connected to"):
        assert header in ours and header in keras_text.getvalue()
    assert "merge[0][0]" in ours or "dense_features[0][0]" in ours
    assert f"{keras_model.count_params()}" in ours.replace(",", "")


# ----- a model used as a layer ------------------------------------------------------------------------
def test_parity_nested_model(keras, tf):
    """A Sequential and a Functional model used as layers of an outer Functional model."""
    keras.utils.set_random_seed(3)

    def build(layers, make_input, make_model, sequential):
        inner_input = make_input(shape=(4,), name="inner_in")
        inner = make_model(inner_input, layers.Dense(5, activation="tanh", name="inner_dense")(inner_input),
                           name="inner")
        block = sequential([layers.Dense(4, activation="relu", name="block_dense")], name="block")
        outer_input = make_input(shape=(4,), name="outer_in")
        h = inner(outer_input)
        out = layers.Dense(2, name="head")(block(h))
        return make_model(outer_input, out, name="outer")

    keras_model = build(keras.layers, keras.Input, keras.Model, keras.Sequential)
    model = build(nnlib.layers, Input, Model, Sequential)
    assert [layer.name for layer in model.layers] == [layer.name for layer in keras_model.layers]
    model.set_weights(keras_model.get_weights())
    x = np.random.default_rng(0).standard_normal((10, 4)).astype(np.float32)
    y = np.random.default_rng(1).standard_normal((10, 2)).astype(np.float32)
    assert relative_error(keras_model.predict(x, verbose=0), model.predict(x, verbose=0)) < RTOL
    keras_model.compile(optimizer="sgd", loss="mse")
    model.compile(optimizer="sgd", loss="mse")
    with tf.GradientTape() as tape:
        total = keras_model.compute_loss(x=x, y=y, y_pred=keras_model(x, training=True))
    for keras_grad, grad in zip(tape.gradient(total, keras_model.trainable_weights), model.gradients(x, y)):
        assert relative_error(keras_grad.numpy(), grad) < 1e-4
    assert gradcheck.check_model(model, x, y).passed


def test_parity_frozen_layer_in_a_functional_model(keras, tf):
    """A frozen layer is not updated by fit, and has no gradient, as in Keras."""
    keras_model, model = pair(keras, optimizer=("SGD", {"learning_rate": 0.1}))
    for m in (keras_model, model):
        m.get_layer("dense_extras").trainable = False
        m.compile(optimizer="sgd", loss=["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5])
    assert len(model.trainable_weights) == len(keras_model.trainable_weights) == 8
    assert len(model.non_trainable_weights) == len(keras_model.non_trainable_weights) == 2
    frozen = model.get_layer("dense_extras").get_weights()
    x, y = data()
    full_batch = tf.data.Dataset.from_tensors((tuple(x), tuple(y)))
    expected = keras_model.fit(full_batch, epochs=5, shuffle=False, verbose=0).history
    found = model.fit(x, y, batch_size=32, epochs=5, shuffle=False, verbose=0).history
    assert relative_error(expected["loss"], found["loss"]) < 1e-4
    for before, after in zip(frozen, model.get_layer("dense_extras").get_weights()):
        np.testing.assert_array_equal(before, after)
    for keras_w, w in zip(keras_model.get_weights(), model.get_weights()):
        assert relative_error(keras_w, w) < 1e-4


# ----- Keras's functional_test.py, re-expressed --------------------------------------------------------
def test_keras_basic_flow_multi_input():
    """Keras: functional_test.py::test_basic_flow_multi_input."""
    input_a = Input(shape=(3,), batch_size=None, name="input_a")
    input_b = Input(shape=(3,), name="input_b")
    x = nnlib.layers.Add()([input_a, input_b])
    x = Dense(5)(x)
    outputs = Dense(4)(x)
    model = Model([input_a, input_b], outputs, name="basic")
    assert model.name == "basic"
    assert isinstance(model, nnlib.models.Functional)
    assert len(model.layers) == 5
    in_val = [np.ones((2, 3)), np.ones((2, 3))]
    assert model(in_val).shape == (2, 4)
    assert model.predict({"input_a": in_val[0], "input_b": in_val[1]}, verbose=0).shape == (2, 4)


def test_keras_basic_flow_multi_output():
    """Keras: functional_test.py::test_basic_flow_multi_output."""
    inputs = Input(shape=(3,), name="input")
    x = Dense(5)(inputs)
    output_a = Dense(4)(x)
    output_b = Dense(5)(x)
    model = Model(inputs, [output_a, output_b])
    out_val = model(np.ones((2, 3)))
    assert isinstance(out_val, list) and len(out_val) == 2
    assert out_val[0].shape == (2, 4) and out_val[1].shape == (2, 5)


def test_keras_basic_flow_dict_io():
    """Keras: functional_test.py::test_basic_flow_dict_io."""
    input_a = Input(shape=(3,), name="a")
    input_b = Input(shape=(3,), name="b")
    x = nnlib.layers.Add()([input_a, input_b])
    x = Dense(5)(x)
    outputs = Dense(4)(x)
    model = Model({"a": input_a, "b": input_b}, {"c": outputs})
    out_val = model.predict({"a": np.ones((2, 3)), "b": np.ones((2, 3))}, verbose=0)
    assert isinstance(out_val, dict) and list(out_val) == ["c"]
    assert out_val["c"].shape == (2, 4)
    assert model.output_names == ["c"]


def test_keras_named_input_dict_io():
    """Keras: functional_test.py::test_named_input_dict_io (one named input, a dict of it)."""
    input_a = Input(shape=(3,), name="a")
    model = Model(input_a, Dense(4)(input_a))
    assert model.predict({"a": np.ones((2, 3))}, verbose=0).shape == (2, 4)


def test_keras_layer_getters():
    """Keras: functional_test.py::test_layer_getters."""
    input_a = Input(shape=(3,), name="input_a")
    input_b = Input(shape=(3,), name="input_b")
    x = nnlib.layers.Add(name="add")([input_a, input_b])
    x = Dense(5, name="dense_1")(x)
    outputs = Dense(4, name="dense_2")(x)
    model = Model([input_a, input_b], outputs)
    assert len(model.layers) == 5
    assert [layer.name for layer in model.layers] == ["input_a", "input_b", "add", "dense_1", "dense_2"]
    assert model.get_layer(index=0).name == "input_a"
    assert model.get_layer(name="dense_1").name == "dense_1"
    with pytest.raises(errors.HyperparameterError, match="no layer"):
        model.get_layer("nothing")


def test_keras_training_arg():
    """Keras: functional_test.py::test_training_arg (Dropout acts only with training=True)."""
    inputs = Input((3,))
    outputs = nnlib.layers.Dropout(0.5)(inputs)
    model = Model(inputs, outputs)
    ones = np.ones((20, 3))
    np.testing.assert_array_equal(model(ones, training=False), ones)
    assert np.any(model(ones, training=True) == 0)


def test_keras_functional_is_used_as_a_layer():
    """Keras: functional_test.py::test_functional_as_layer, nnlib's form (a model called once)."""
    inner_in = Input((3,))
    inner = Model(inner_in, Dense(2)(inner_in))
    outer_in = Input((3,))
    outer = Model(outer_in, Dense(1)(inner(outer_in)))
    assert outer.predict(np.ones((4, 3)), verbose=0).shape == (4, 1)
    assert outer.count_params() == 3 * 2 + 2 + 2 * 1 + 1


def test_keras_rank_standardization():
    """Keras: functional_test.py::test_rank_standardization, its error case: a wrong rank is refused."""
    inputs = Input((3,))
    model = Model(inputs, Dense(2)(inputs))
    with pytest.raises(errors.ShapeError):
        model.predict(np.ones((2, 4)), verbose=0)


def test_keras_model_save_and_load_keeps_the_graph(tmp_path):
    """Keras: functional_test.py::test_serialization (get_config / from_config and a saved file)."""
    model = nnlib_two_by_two()
    x, _ = data(n=5)
    expected = model.predict(x, verbose=0)
    again = Model.from_config(model.get_config())
    again.set_weights(model.get_weights())
    for e, f in zip(expected, again.predict(x, verbose=0)):
        np.testing.assert_allclose(f, e, rtol=1e-6)
    model.save(tmp_path / "m.keras")
    loaded = nnlib.saving.load_model(tmp_path / "m.keras")
    for e, f in zip(expected, loaded.predict(x, verbose=0)):
        np.testing.assert_allclose(f, e, rtol=1e-6)


# ----- bad input ---------------------------------------------------------------------------------------
def test_wrong_shape_names_the_layer_and_both_shapes():
    inputs = Input((4,))
    hidden = Dense(3, name="hidden")(inputs)
    other = Input((5,))
    with pytest.raises(errors.ShapeError, match=r"'add'.*\(None, 3\).*\(None, 5\)"):
        nnlib.layers.Add(name="add")([hidden, other])
    built = Dense(2, name="built")
    built.build((None, 3))
    with pytest.raises(errors.ShapeError, match=r"'built'.*\(None, 3\).*\(None, 4\)"):
        built(inputs)


def test_outputs_that_do_not_depend_on_the_inputs_are_refused():
    a = Input((3,), name="a")
    b = Input((3,), name="b")
    out_b = Dense(2)(b)
    with pytest.raises(errors.HyperparameterError, match="not computed from the model's inputs") as info:
        Model(a, out_b)
    assert "name=b" in str(info.value)


def test_an_unused_input_is_refused():
    """Deliberate difference: Keras builds the model and warns; nnlib refuses it."""
    a = Input((3,), name="a")
    b = Input((3,), name="b")
    with pytest.raises(errors.HyperparameterError, match="'b'.*never used"):
        Model([a, b], Dense(2)(a))


def test_dict_keys_that_do_not_match_list_both_sets():
    model = nnlib_two_by_two()
    model.compile(optimizer="sgd", loss=["sparse_categorical_crossentropy", "mse"])
    x, y = data(n=8)
    before = model.get_weights()
    with pytest.raises(errors.DataError, match=r"featurs.*features.*extras|features.*extras.*featurs"):
        model.fit({"featurs": x[0], "extras": x[1]}, y, verbose=0)
    with pytest.raises(errors.DataError, match=r"labels.*label.*score|label.*score.*labels"):
        model.fit(x, {"labels": y[0], "score": y[1]}, verbose=0)
    for w0, w1 in zip(before, model.get_weights()):
        np.testing.assert_array_equal(w0, w1)


def test_class_weight_with_several_outputs_is_refused():
    model = nnlib_two_by_two()
    model.compile(optimizer="sgd", loss=["sparse_categorical_crossentropy", "mse"])
    x, y = data(n=8)
    with pytest.raises((errors.DataError, errors.HyperparameterError), match="class_weight"):
        model.fit(x, y, class_weight={0: 1.0, 1: 2.0, 2: 1.0}, verbose=0)


def test_a_layer_called_twice_is_refused_with_advice():
    """Deliberate difference: Keras shares a layer called twice; nnlib asks for a second layer."""
    a, b = Input((3,)), Input((3,))
    shared = Dense(2, name="shared")
    shared(a)
    with pytest.raises(errors.HyperparameterError, match="'shared'.*already called.*set_weights"):
        shared(b)


def test_a_list_of_inputs_for_a_one_input_model_is_refused():
    inputs = Input((3,), name="only")
    model = Model(inputs, Dense(2)(inputs))
    with pytest.raises((errors.DataError, errors.ShapeError)):
        model.predict([np.ones((2, 3)), np.ones((2, 3))], verbose=0)


def test_functional_with_the_layers_of_a_sequential_trains_like_it():
    """The same layers as a Sequential and as a Functional model: the same history."""
    nnlib.utils.set_random_seed(4)
    sequential = Sequential([Dense(6, activation="relu", input_shape=(4,)), Dense(3, activation="softmax")])
    inputs = Input((4,))
    outputs = Dense(3, activation="softmax")(Dense(6, activation="relu")(inputs))
    functional = Model(inputs, outputs)
    functional.set_weights(sequential.get_weights())
    x, y = data(n=24, seed=5)
    histories = []
    for model in (sequential, functional):
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        histories.append(model.fit(x[0], y[0], batch_size=6, epochs=3, shuffle=False, verbose=0).history)
    for key in histories[0]:
        np.testing.assert_allclose(histories[1][key], histories[0][key], rtol=1e-6)
