"""The merge layers (``nnlib.layers.Add``, ..., ``Concatenate``), from Keras's
``keras/src/layers/merging/merging_test.py``.

Each ``test_keras_*`` case re-expresses the Keras test it names, with Keras's shapes and
tolerance (atol 1e-4). Keras's ``TEST_PARAMETERS`` include ``Dot``, which nnlib does not
have: those cases are skipped. Also skipped: what needs Keras masks (``compute_mask``,
``Masking``) or sparse tensors, which nnlib does not have.

nnlib's own tests compare with the installed Keras on the same numbers: the forward pass
and dL/dx_i from ``tf.GradientTape`` for L = sum(out * r) (eagerly, with broadcasting and
with ties for Maximum and Minimum), a Functional model trained 5 SGD steps from the same
weights, ``nnlib.gradcheck.check_model`` on Functional models with a merge, configs, and
the errors for bad input.
"""

import numpy as np
import pytest

import nnlib
from nnlib import errors, layers
from nnlib.gradcheck import check_model, numerical_gradient
from nnlib.layers import Dense, Input
from nnlib.optimizers import SGD
from nnlib.saving import deserialize_keras_object, serialize_keras_object

ATOL = 1e-4  # Keras's tolerance in merging_test.py
RTOL32 = 1e-6  # float32 parity with Keras on the same numbers

# Keras's TEST_PARAMETERS: (name, layer class name, NumPy reference, layer arguments, output shape)
MERGES = [
    ("add", "Add", np.add, {}, (2, 4, 5)),
    ("subtract", "Subtract", np.subtract, {}, (2, 4, 5)),
    ("minimum", "Minimum", np.minimum, {}, (2, 4, 5)),
    ("maximum", "Maximum", np.maximum, {}, (2, 4, 5)),
    ("multiply", "Multiply", np.multiply, {}, (2, 4, 5)),
    ("average", "Average", lambda a, b: np.multiply(np.add(a, b), 0.5), {}, (2, 4, 5)),
    ("concat", "Concatenate", lambda a, b, **kw: np.concatenate((a, b), **kw), {"axis": -1}, (2, 4, 10)),
]
NO_DOT = pytest.mark.skip(reason="nnlib has no Dot layer (keras.layers.Dot)")
KERAS_CASES = [pytest.param(*case, id=case[0]) for case in MERGES] + [
    pytest.param("dot_2d", "Dot", None, {"axes": -1}, (2, 1), id="dot_2d", marks=NO_DOT),
    pytest.param("dot_3d", "Dot", None, {"axes": -1}, (2, 4, 4), id="dot_3d", marks=NO_DOT),
]
KERAS_INPUT_SHAPE = {"dot_2d": (2, 4)}  # the others: (2, 4, 5)
CLASS_NAMES = [case[1] for case in MERGES]
SEVERAL = ["Add", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"]  # all but Subtract
ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]
NO_MASKS = "Keras masks (compute_mask, Masking) do not exist in nnlib"
NO_SPARSE = "nnlib has no sparse tensors"


@pytest.fixture
def rng():
    return np.random.default_rng(20261207)


def merge_layer(class_name, **kwargs):
    return getattr(layers, class_name)(**kwargs)


def concat_kwargs(class_name):
    return {"axis": -1} if class_name == "Concatenate" else {}


# ----- ported from merging_test.py --------------------------------------------------------------
@pytest.mark.parametrize("case, class_name, np_op, init_kwargs, expected_output_shape", KERAS_CASES)
def test_keras_basic(rng, case, class_name, np_op, init_kwargs, expected_output_shape):
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_basic.

    run_layer_test on two inputs of shape (2, 4, 5): the output shape, no weights
    (trainable or not), eagerly and on KerasTensors. (Keras's masking, seed-generator and
    mixed-precision checks have no nnlib counterpart.)"""
    input_shape = KERAS_INPUT_SHAPE.get(case, (2, 4, 5))
    layer = merge_layer(class_name, **init_kwargs)
    out = layer([rng.random(input_shape), rng.random(input_shape)])
    assert out.shape == expected_output_shape
    assert layer.trainable_weights == [] and layer.non_trainable_weights == [] and layer.count_params() == 0
    symbolic = merge_layer(class_name, **init_kwargs)([Input(input_shape[1:]), Input(input_shape[1:])])
    assert symbolic.shape == (None,) + expected_output_shape[1:]


def _correctness(rng, class_name, np_op, init_kwargs, expected_output_shape):
    """The body of Keras's test_correctness_static and _dynamic, without compute_mask."""
    x1, x2 = rng.random((2, 4, 5)), rng.random((2, 4, 5))
    x3 = np_op(x1, x2, **init_kwargs)
    input_1, input_2 = Input(shape=(4, 5)), Input(shape=(4, 5))
    out = merge_layer(class_name, **init_kwargs)([input_1, input_2])
    model = nnlib.Model([input_1, input_2], out)
    res = model([x1, x2])
    assert res.shape == expected_output_shape
    np.testing.assert_allclose(res, x3, atol=ATOL)


@pytest.mark.parametrize("case, class_name, np_op, init_kwargs, expected_output_shape", KERAS_CASES)
def test_keras_correctness_static(rng, case, class_name, np_op, init_kwargs, expected_output_shape):
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_correctness_static.

    Keras gives the Inputs batch_size=2; nnlib's Input refuses a fixed batch size (its
    models take any), so this runs with a free batch axis, as test_correctness_dynamic.
    The compute_mask assertions are not ported: nnlib has no masks."""
    with pytest.raises(errors.HyperparameterError, match="batch_size"):
        Input(shape=(4, 5), batch_size=2)
    _correctness(rng, class_name, np_op, init_kwargs, expected_output_shape)


@pytest.mark.parametrize("case, class_name, np_op, init_kwargs, expected_output_shape", KERAS_CASES)
def test_keras_correctness_dynamic(rng, case, class_name, np_op, init_kwargs, expected_output_shape):
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_correctness_dynamic.

    The compute_mask assertions are not ported: nnlib has no masks."""
    _correctness(rng, class_name, np_op, init_kwargs, expected_output_shape)


@pytest.mark.skip(reason=NO_MASKS)
@pytest.mark.parametrize("case, class_name, np_op, init_kwargs, expected_output_shape", KERAS_CASES)
def test_keras_errors(case, class_name, np_op, init_kwargs, expected_output_shape):
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_errors
    (compute_mask's errors)."""


def test_keras_subtract_layer_inputs_length_errors():
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::
    test_subtract_layer_inputs_length_errors."""
    shape = (4, 5)
    input_1, input_2, input_3 = Input(shape=shape), Input(shape=shape), Input(shape=shape)
    with pytest.raises(ValueError, match="layer should be called on exactly 2 inputs"):
        layers.Subtract()([input_1, input_2, input_3])
    with pytest.raises(ValueError, match="layer should be called on exactly 2 inputs"):
        layers.Subtract()([input_1])


@pytest.mark.skip(reason="nnlib has no Dot layer (keras.layers.Dot)")
def test_keras_dot_higher_dim():
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_dot_higher_dim."""


@pytest.mark.skip(reason=NO_MASKS)
@pytest.mark.parametrize("name", ["add", "subtract", "average", "multiply", "maximum", "minimum", "concatenate"])
def test_keras_with_mask(name):
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_add_with_mask,
    test_subtract_with_mask, test_average_with_mask, test_multiply_with_mask,
    test_maximum_with_mask, test_minimum_with_mask, test_concatenate_with_mask."""


@pytest.mark.skip(reason=NO_MASKS)
def test_keras_concatenate_with_mask_symbolic():
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::
    test_concatenate_with_mask_symbolic."""


def test_keras_concatenate_errors():
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_concatenate_errors."""
    x1, x2 = np.ones((1, 1, 1, 1, 5)), np.ones((1, 1, 1, 1, 4))
    out = layers.Concatenate(axis=-1)([x1, x2])
    assert out.shape == (1, 1, 1, 1, 9)
    message = "requires inputs with matching shapes except for the concatenation axis"
    x1, x2 = np.ones((1, 2, 1, 1, 5)), np.ones((1, 1, 1, 1, 4))
    with pytest.raises(ValueError, match=message):
        layers.Concatenate(axis=-1)([x1, x2])
    x1, x2 = np.ones((1, 2, 1, 2, 1)), np.ones((1, 1, 1, 3, 1))
    with pytest.raises(ValueError, match=message):
        layers.Concatenate(axis=1)([x1, x2])


@pytest.mark.skip(reason=NO_SPARSE)
@pytest.mark.parametrize("case, class_name, np_op, init_kwargs, expected_output_shape", KERAS_CASES)
def test_keras_sparse(case, class_name, np_op, init_kwargs, expected_output_shape):
    """From keras/src/layers/merging/merging_test.py::MergingLayersTest::test_sparse."""


# ----- nnlib against the installed Keras, eagerly -----------------------------------------------
def keras_forward_and_gradients(keras, tf, class_name, arrays, r, **kwargs):
    """Keras's output and dL/dx_i (tf.GradientTape) for L = sum(out * r)."""
    variables = [tf.Variable(a) for a in arrays]
    with tf.GradientTape() as tape:
        out = getattr(keras.layers, class_name)(**kwargs)(variables)
        loss = tf.reduce_sum(out * tf.constant(r))
    return out.numpy(), [g.numpy() for g in tape.gradient(loss, variables)]


def assert_same_as_keras(keras, tf, class_name, arrays, rng, rtol=RTOL32, atol=1e-7, **kwargs):
    """nnlib's output and backward equal Keras's for L = sum(out * r), r drawn from ``rng``."""
    layer = merge_layer(class_name, **kwargs)
    out = layer(arrays)
    r = rng.standard_normal(out.shape).astype(arrays[0].dtype)
    grads = layer.backward(r)
    expected_out, expected_grads = keras_forward_and_gradients(keras, tf, class_name, arrays, r, **kwargs)
    assert out.dtype == arrays[0].dtype
    np.testing.assert_allclose(out, expected_out, rtol=rtol, atol=atol)
    assert isinstance(grads, list) and len(grads) == len(arrays)
    for grad, expected, array in zip(grads, expected_grads, arrays):
        assert grad.shape == array.shape
        np.testing.assert_allclose(grad, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_two_inputs_match_keras(keras, tf, rng, class_name):
    arrays = [rng.standard_normal((4, 3, 5)).astype(np.float32) for _ in range(2)]
    assert_same_as_keras(keras, tf, class_name, arrays, rng, **concat_kwargs(class_name))


@pytest.mark.parametrize("class_name", SEVERAL)
def test_three_inputs_match_keras(keras, tf, rng, class_name):
    arrays = [rng.standard_normal((4, 6)).astype(np.float32) for _ in range(3)]
    assert_same_as_keras(keras, tf, class_name, arrays, rng, **concat_kwargs(class_name))


@pytest.mark.parametrize("axis", [1, 2, -1, -2])
def test_concatenate_on_each_axis_matches_keras(keras, tf, rng, axis):
    a = rng.standard_normal((3, 2, 4)).astype(np.float32)
    b = rng.standard_normal((3, 5, 4) if axis in (1, -2) else (3, 2, 6)).astype(np.float32)
    assert_same_as_keras(keras, tf, "Concatenate", [a, b], rng, axis=axis)


BROADCASTS = [
    ((4, 3, 5), (4, 1, 5)),  # one axis of size 1
    ((4, 3, 1), (4, 1, 5)),  # both inputs broadcast
    ((4, 5), (4, 3, 5)),  # ranks differ: (4, 5) is seen as (4, 1, 5), as Keras's expand_dims(x, 1)
    ((4, 3, 5), (4, 1)),  # (4, 1) is seen as (4, 1, 1)
]


@pytest.mark.parametrize("shapes", BROADCASTS, ids=lambda shapes: f"{shapes[0]}-{shapes[1]}")
@pytest.mark.parametrize("class_name", ELEMENTWISE)
def test_broadcasting_matches_keras(keras, tf, rng, class_name, shapes):
    """Keras broadcasts the sample shapes; each gradient is summed back to its input's shape."""
    arrays = [rng.standard_normal(shape).astype(np.float32) for shape in shapes]
    assert_same_as_keras(keras, tf, class_name, arrays, rng, rtol=1e-5, atol=1e-6)
    symbolic = getattr(keras.layers, class_name)()([keras.Input(s[1:]) for s in shapes])
    ours = merge_layer(class_name)([Input(s[1:]) for s in shapes])
    assert ours.shape == tuple(symbolic.shape)


@pytest.mark.parametrize("class_name", ["Maximum", "Minimum"])
def test_ties_send_the_gradient_to_the_first_input_as_tensorflow(keras, tf, rng, class_name):
    """Where inputs tie, TensorFlow's gradient of keras.ops.maximum (minimum) goes to the first
    of them: Keras folds max(max(x1, x2), x3), and tf.maximum's gradient takes a >= b as a's."""
    arrays = [rng.integers(0, 3, size=(6, 8)).astype(np.float32) for _ in range(3)]  # many ties
    assert_same_as_keras(keras, tf, class_name, arrays, rng, rtol=0, atol=0)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    layer = merge_layer(class_name)
    layer([x, x.copy()])
    first, second = layer.backward(np.ones((2, 3), np.float32))
    np.testing.assert_array_equal(first, np.ones((2, 3)))
    np.testing.assert_array_equal(second, np.zeros((2, 3)))


def test_multiply_gradient_is_right_where_an_input_is_zero(keras, tf, rng):
    """dL/dx_i = g * (product of the others), not g * out / x_i: finite at x_i = 0."""
    a = rng.standard_normal((3, 4)).astype(np.float32)
    b = rng.standard_normal((3, 4)).astype(np.float32)
    a[0] = 0.0
    b[1, :2] = 0.0
    assert_same_as_keras(keras, tf, "Multiply", [a, b, a.copy()], rng)


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_float64_backward_matches_central_differences(rng, class_name):
    """Every dL/dx_i against nnlib.gradcheck.numerical_gradient, in float64 (tolerance 1e-10)."""
    count = 2 if class_name == "Subtract" else 3
    # distinct, well-separated values: no tie in Maximum or Minimum within the step h
    values = rng.permutation(count * 4 * 3) * 0.1 - 1.5
    arrays = [block.reshape(4, 3).copy() for block in np.split(values, count)]
    layer = merge_layer(class_name, dtype="float64", **concat_kwargs(class_name))
    r = rng.standard_normal(layer(arrays).shape)
    grads = layer.backward(r)

    def loss():
        return float(np.sum(layer.forward(arrays) * r))

    for array, grad in zip(arrays, grads):
        indices = list(np.ndindex(array.shape))
        numeric = numerical_gradient(loss, array, indices).reshape(array.shape)
        np.testing.assert_allclose(grad, numeric, rtol=1e-10, atol=1e-10)


def test_inputs_are_cast_to_the_layer_dtype(rng):
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((2, 3)).astype(np.float32)
    assert layers.Add()([a, b]).dtype == np.float32
    assert layers.Concatenate(dtype="float64")([b, b]).dtype == np.float64


# ----- inside a Functional model, trained as Keras trains it ------------------------------------
def two_branch_models(keras, class_name):
    """The same model in nnlib and Keras: Dense on each input, the merge, a Dense head."""

    def build(api, input_fn):
        in_a, in_b = input_fn((3,)), input_fn((3,))
        branch_a = api.Dense(4, activation="tanh", name="dense_a")(in_a)
        branch_b = api.Dense(4, activation="tanh", name="dense_b")(in_b)
        merged = getattr(api, class_name)(name="merge", **concat_kwargs(class_name))([branch_a, branch_b])
        return [in_a, in_b], api.Dense(2, name="head")(merged)

    inputs, outputs = build(layers, Input)
    ours = nnlib.Model(inputs, outputs)
    inputs, outputs = build(keras.layers, keras.Input)
    theirs = keras.Model(inputs, outputs)
    for name in ("dense_a", "dense_b", "head"):
        theirs.get_layer(name).set_weights(ours.get_layer(name).get_weights())
    return ours, theirs


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_functional_model_predicts_and_trains_as_keras(keras, rng, class_name):
    """5 full-batch SGD steps from the same weights: the same losses and the same weights."""
    ours, theirs = two_branch_models(keras, class_name)
    x = [rng.standard_normal((8, 3)).astype(np.float32) for _ in range(2)]
    y = rng.standard_normal((8, 2)).astype(np.float32)
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
    ours.compile(optimizer=SGD(learning_rate=0.1), loss="mse")
    theirs.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    ours_history = ours.fit(x, y, batch_size=8, epochs=5, shuffle=False, verbose=0).history["loss"]
    theirs_history = theirs.fit(x, y, batch_size=8, epochs=5, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(ours_history, theirs_history, rtol=1e-5)
    for name in ("dense_a", "dense_b", "head"):
        for mine, keras_weight in zip(ours.get_layer(name).get_weights(), theirs.get_layer(name).get_weights()):
            np.testing.assert_allclose(mine, keras_weight, rtol=1e-5, atol=1e-6)


# ----- gradient checks of Functional models with a merge ----------------------------------------
@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_check_model_on_one_input_that_branches_and_merges(rng, class_name):
    """x = Input((3,)); a = Dense(4)(x); b = Dense(4)(x); out = Dense(1)(Merge()([a, b])):
    x feeds two layers, so its gradient is the sum of two paths."""
    x = Input((3,))
    a, b = Dense(4, activation="tanh")(x), Dense(4, activation="tanh")(x)
    out = Dense(1)(merge_layer(class_name, **concat_kwargs(class_name))([a, b]))
    model = nnlib.Model(x, out)
    model.compile(optimizer="sgd", loss="mse")
    report = check_model(model, rng.standard_normal((5, 3)), rng.standard_normal((5, 1)))
    assert report.passed, str(report)
    assert len(report.rows) == 3 * 2 + 1  # three Dense layers' kernel and bias, and dL/dx


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_check_model_with_one_tensor_merged_with_itself(rng, class_name):
    """Multiply()([h, h]) is h squared: both of the layer's gradients flow into h and add up."""
    x = Input((3,))
    hidden = Dense(4, activation="tanh")(x)
    out = Dense(1)(merge_layer(class_name, **concat_kwargs(class_name))([hidden, hidden]))
    model = nnlib.Model(x, out)
    model.compile(optimizer="sgd", loss="mse")
    report = check_model(model, rng.standard_normal((5, 3)), rng.standard_normal((5, 1)))
    assert report.passed, str(report)


@pytest.mark.parametrize("class_name", ["Concatenate", "Multiply"])
def test_check_model_on_two_inputs(rng, class_name):
    a, b = Input((3,)), Input((3,))
    merged = merge_layer(class_name, **concat_kwargs(class_name))([Dense(4)(a), Dense(4)(b)])
    model = nnlib.Model([a, b], Dense(1)(merged))
    model.compile(optimizer="sgd", loss="mse")
    report = check_model(model, [rng.standard_normal((5, 3)), rng.standard_normal((5, 3))],
                         rng.standard_normal((5, 1)))
    assert report.passed, str(report)
    assert sum(row.name.endswith("(dL/dx)") for row in report.rows) == 2


# ----- configs, names and exports ---------------------------------------------------------------
@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_get_config_round_trip_and_keras_settings(keras, class_name):
    kwargs = {"axis": 1} if class_name == "Concatenate" else {}
    layer = merge_layer(class_name, name="joined", dtype="float64", **kwargs)
    config = layer.get_config()
    assert config == {"name": "joined", "dtype": "float64", **kwargs}
    assert type(layer).from_config(config).get_config() == config
    keras_config = getattr(keras.layers, class_name)(name="joined", **kwargs).get_config()
    assert {key for key in keras_config if key not in ("trainable", "dtype")} == set(config) - {"dtype"}
    # Keras's serialized dict and back: nnlib's saving reads and writes these layers
    rebuilt = keras.saving.deserialize_keras_object(serialize_keras_object(layer))
    assert type(rebuilt).__name__ == class_name and rebuilt.name == "joined"
    assert getattr(rebuilt, "axis", None) == kwargs.get("axis")
    back = deserialize_keras_object(keras.saving.serialize_keras_object(rebuilt))
    assert type(back) is type(layer) and back.get_config()["name"] == "joined"


def test_nnlib_layers_exports_the_merge_names_keras_exports(keras):
    names = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
             "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate"]
    for name in names:
        assert hasattr(keras.layers, name)
        assert name in layers.__all__ and callable(getattr(layers, name))


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_functional_forms_equal_the_layers(rng, class_name):
    arrays = [rng.standard_normal((3, 4)).astype(np.float32) for _ in range(2)]
    function = getattr(layers, class_name.lower())
    np.testing.assert_array_equal(function(arrays), merge_layer(class_name)(arrays))
    tensor = function([Input((4,)), Input((4,))], name="merged")
    assert type(tensor.layer).__name__ == class_name and tensor.layer.name == "merged"


def test_concatenate_function_takes_axis(rng):
    a, b = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 4))
    assert layers.concatenate([a, b], axis=1).shape == (2, 8, 4)
    assert layers.concatenate([Input((3, 4)), Input((5, 4))], axis=1).shape == (None, 8, 4)


def test_automatic_names_follow_keras():
    assert [layers.Add().name, layers.Add().name, layers.Concatenate().name] == ["add", "add_1", "concatenate"]


# ----- bad input: nnlib errors that say what was expected and what was found --------------------
@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_one_input_only_is_refused(rng, class_name):
    """Keras 3 accepts a one-element list (and returns it unchanged, except Subtract); nnlib
    asks for at least two, since merging one tensor is almost always a mistake."""
    expected = "exactly 2" if class_name == "Subtract" else "at least 2"
    with pytest.raises(errors.ShapeError, match=f"'merge'.*{expected} inputs, got 1"):
        merge_layer(class_name, name="merge")([rng.standard_normal((2, 3))])
    with pytest.raises(errors.ShapeError, match=f"{expected} inputs, got 1"):
        merge_layer(class_name)([Input((3,))])
    with pytest.raises(errors.ShapeError, match=r"must be called on a list of inputs.*\(None, 3\)"):
        merge_layer(class_name)(rng.standard_normal((2, 3)))
    with pytest.raises(errors.ShapeError, match="got 0"):
        merge_layer(class_name)([])


def test_subtract_refuses_three_arrays(rng):
    with pytest.raises(errors.ShapeError, match="exactly 2 inputs, got 3"):
        layers.Subtract()([rng.standard_normal((2, 3))] * 3)


@pytest.mark.parametrize("class_name", ELEMENTWISE)
def test_shapes_that_do_not_broadcast_are_refused(rng, class_name):
    message = r"'merge' \(%s\) cannot merge inputs of shapes \[\(None, 3\), \(None, 4\)\]" % class_name
    with pytest.raises(errors.ShapeError, match=message):
        merge_layer(class_name, name="merge")([rng.standard_normal((2, 3)), rng.standard_normal((2, 4))])
    with pytest.raises(errors.ShapeError, match="size 3 meets a size 4"):
        merge_layer(class_name)([Input((3,)), Input((4,))])
    with pytest.raises(errors.ShapeError, match=r"\(None, 2, 3\).*\(None, 4, 3\)"):
        merge_layer(class_name)([Input((2, 3)), Input((4, 3))])


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_different_batch_sizes_are_refused(rng, class_name):
    with pytest.raises(errors.ShapeError, match=r"different batch sizes: got shapes \[\(2, 3\), \(5, 3\)\]"):
        merge_layer(class_name)([rng.standard_normal((2, 3)), rng.standard_normal((5, 3))])


@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_a_built_layer_refuses_other_shapes(rng, class_name):
    layer = merge_layer(class_name, name="merge")
    layer([rng.standard_normal((2, 3)), rng.standard_normal((2, 3))])
    with pytest.raises(errors.ShapeError, match=r"built for inputs of shapes \[\(None, 3\), \(None, 3\)\].*\(2, 5\)"):
        layer.forward([rng.standard_normal((2, 3)), rng.standard_normal((2, 5))])
    with pytest.raises(errors.ShapeError, match="a list of arrays"):
        layer.forward(rng.standard_normal((2, 3)))


def test_concatenate_refuses_a_wrong_axis(rng):
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    with pytest.raises(errors.ShapeError, match=r"axis=2, but its inputs .* have 2 axes .* one of \[1, -1\]"):
        layers.Concatenate(axis=2)([a, b])
    with pytest.raises(errors.ShapeError, match="axis=-3"):
        layers.Concatenate(axis=-3)([Input((3,)), Input((4,))])
    with pytest.raises(errors.ShapeError, match="the batch axis"):
        layers.Concatenate(axis=0)([a, b])
    with pytest.raises(errors.ShapeError, match="the batch axis"):
        layers.Concatenate(axis=-3)([Input((2, 3)), Input((2, 3))])
    with pytest.raises(errors.ShapeError, match="matching shapes except for the concatenation axis"):
        layers.Concatenate(axis=1)([Input((3, 4)), Input((3, 5))])  # they differ on axis 2, not 1
    for axis in ("last", 1.0, True, None):
        with pytest.raises(errors.HyperparameterError, match="integer axis"):
            layers.Concatenate(axis=axis)


def test_concatenate_refuses_different_ranks_and_sizes(rng):
    with pytest.raises(errors.ShapeError, match=r"different numbers of axes"):
        layers.Concatenate()([Input((4, 2)), Input((2,))])
    message = r"\(None, 4, 2\), \(None, 3, 5\)\]: they differ on axis 1 \(sizes \[3, 4\]\)"
    with pytest.raises(errors.ShapeError, match=message):
        layers.Concatenate()([Input((4, 2)), Input((3, 5))])


def test_a_merge_layer_is_not_a_layer_of_one_input():
    """Calling a merge layer on one KerasTensor names the layer and says to pass a list."""
    with pytest.raises(errors.ShapeError, match=r"'add'.*must be called on a list of inputs"):
        layers.Add()(Input((3,)))


# ----- on a GPU array module (strict, the CuPy stand-in of tests/strict_array_module.py) ------
@pytest.mark.parametrize("class_name", CLASS_NAMES)
def test_device_arrays_stay_on_the_device_with_the_same_numbers(rng, class_name):
    from strict_array_module import DeviceArray, strict

    second = (2, 3, 4) if class_name == "Concatenate" else (2, 1, 4)  # the element-wise ones broadcast
    arrays = [rng.standard_normal((2, 3, 4)).astype(np.float32), rng.standard_normal(second).astype(np.float32)]
    host, device = merge_layer(class_name), merge_layer(class_name)
    out = device([strict.asarray(a) for a in arrays])
    expected = host(arrays)
    r = rng.standard_normal(expected.shape).astype(np.float32)
    grads, expected_grads = device.backward(strict.asarray(r)), host.backward(r)
    assert isinstance(out, DeviceArray) and all(isinstance(g, DeviceArray) for g in grads)
    np.testing.assert_array_equal(out.get(), expected)
    for grad, expected_grad in zip(grads, expected_grads):
        np.testing.assert_array_equal(grad.get(), expected_grad)
