"""The activation layers ``Softmax``, ``ReLU``, ``LeakyReLU``, ``ELU`` and ``PReLU``, from Keras's

- ``keras/src/layers/activations/softmax_test.py``
- ``keras/src/layers/activations/relu_test.py``
- ``keras/src/layers/activations/leaky_relu_test.py``
- ``keras/src/layers/activations/elu_test.py``
- ``keras/src/layers/activations/prelu_test.py``

The ``test_keras_*`` cases re-express those Keras tests. Keras's ``run_layer_test`` is
``run_layer_test`` below: the checks of it that apply to nnlib (nnlib layers have no masks
and are built when first called, not when made). Keras calls a layer on a 1-D array as a
batch of scalars; nnlib's layers take batches with a feature axis, so those inputs are
given as one row here. The other tests are nnlib's own: the same numbers and gradients
as the installed Keras on the same weights (``tf.GradientTape``), gradient checks, the
``.keras`` bridge both ways, and clear errors. The helpers are shared with
``test_keras_layers_core.py``.
"""

import math
import warnings

import numpy as np
import pytest

from nnlib import errors, initializers, layers, losses, regularizers
from nnlib.gradcheck import check_layer
from nnlib.models import Sequential, load_model
from nnlib.saving import deserialize_keras_object, serialize_keras_object
from nnlib.saving.serialization import layer_to_keras


# ----- helpers (also used by test_keras_layers_core.py) --------------------------------------------


def random(*shape, seed=0, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def run_layer_test(layer_cls, init_kwargs, input_shape, call_kwargs=None, expected_output_shape=None,
                   expected_num_trainable_weights=0, expected_num_non_trainable_weights=0,
                   expected_num_losses=0, input_dtype="float32", run_training_check=True):
    """The checks of Keras's ``TestCase.run_layer_test`` that nnlib's layers can pass.

    - the config round trips: ``from_config(get_config())`` and ``serialize_keras_object``
      then ``deserialize_keras_object`` give the same config back;
    - called on data of ``input_shape``: the output shape, the trainable and non-trainable
      weight counts, and the regularizers (Keras's ``layer.losses``, which nnlib sums into
      ``regularization_penalty()``);
    - the training check: in a Sequential model the layer fits one epoch to a finite loss.

    Returns:
        The layer, built and called once.
    """
    call_kwargs = call_kwargs or {}
    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    assert layer_cls.from_config(config).get_config() == config
    assert deserialize_keras_object(serialize_keras_object(layer)).get_config() == config
    x = np.random.default_rng(0).uniform(0, 5, input_shape).astype(input_dtype)
    output = layer(x, **call_kwargs)
    if expected_output_shape is not None:
        assert output.shape == tuple(expected_output_shape)
        assert layer.output_shape == (None,) + tuple(expected_output_shape[1:])
    assert len(layer.trainable_weights) == expected_num_trainable_weights
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights
    regularizers_set = [name for name, value in vars(layer).items()
                        if name.endswith("_regularizer") and value is not None]
    assert len(regularizers_set) == expected_num_losses
    if run_training_check:
        model = Sequential([layers.Input(shape=tuple(input_shape[1:])), layer_cls.from_config(config)], seed=0)
        model.compile(optimizer="sgd", loss="mse")
        y = np.zeros(output.shape, dtype=np.float32)
        history = model.fit(x.astype(np.float32), y, epochs=1, verbose=0)
        assert math.isfinite(history.history["loss"][0])
    return layer


def keras_call_and_gradients(tf, keras_layer, x, upstream, training=False):
    """Keras's output and, by ``tf.GradientTape``, dL/dx and dL/dweights for
    L = sum(output * upstream) + the layer's regularization losses."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = keras_layer(x, training=training)
        loss = tf.reduce_sum(y * upstream) + sum(keras_layer.losses)
    gradients = tape.gradient(loss, [x] + list(keras_layer.trainable_weights))
    return y.numpy(), [None if g is None else g.numpy() for g in gradients]


def assert_same_as_keras(tf, ours, theirs, x, training=False, rtol=1e-5, atol=1e-6):
    """nnlib's layer and Keras's, with the same weights: the same output, dL/dx and dL/dweights."""
    output = ours(x, training=training)
    theirs(x)  # builds the Keras layer
    if ours.params:
        theirs.set_weights(ours.get_weights())
    upstream = random(*output.shape, seed=7, dtype=x.dtype)
    expected, keras_gradients = keras_call_and_gradients(tf, theirs, x, upstream, training)
    np.testing.assert_allclose(output, expected, rtol=rtol, atol=atol)
    ours.forward(x, training=training)
    grad_x = ours.backward(upstream)
    np.testing.assert_allclose(grad_x, keras_gradients[0], rtol=rtol, atol=atol)
    assert len(keras_gradients) - 1 == len(ours.trainable_param_names())
    for name, keras_gradient in zip(ours.trainable_param_names(), keras_gradients[1:]):
        np.testing.assert_allclose(ours.grads[name], keras_gradient, rtol=rtol, atol=atol, err_msg=name)


def keras_twin(keras, ours):
    """The Keras layer of the same class, made from nnlib's config (what ``.keras`` files carry)."""
    config = dict(layer_to_keras(ours)["config"])
    config.pop("name")
    return getattr(keras.layers, type(ours).__name__).from_config(config)


def assert_keras_files_both_ways(tmp_path, keras, make_ours, make_theirs, x):
    """A Sequential with the layer: nnlib's ``.keras`` file opens in Keras with the same
    predictions, and Keras's opens in nnlib (``nnlib.models.load_model``) with the same."""
    sample_shape = x.shape[1:]
    model = Sequential([layers.Input(shape=sample_shape), make_ours()], seed=0)
    model.save(tmp_path / "m.keras")
    from_nnlib = keras.saving.load_model(tmp_path / "m.keras")
    assert type(from_nnlib.layers[0]).__name__ == type(model.layers[0]).__name__
    np.testing.assert_allclose(from_nnlib.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)

    keras_model = keras.Sequential([keras.Input(sample_shape), make_theirs()])
    if keras_model.weights:  # weights other than the initial ones, so that loading them shows
        keras_model.set_weights([np.random.default_rng(3).uniform(0.1, 0.9, w.shape) for w in keras_model.weights])
    keras_model.save(tmp_path / "k.keras")
    from_keras = load_model(tmp_path / "k.keras")
    assert type(from_keras.layers[0]).__name__ == type(keras_model.layers[0]).__name__
    np.testing.assert_allclose(from_keras.predict(x, verbose=0), keras_model.predict(x, verbose=0), atol=1e-6)
    return from_nnlib, from_keras


# ----- softmax_test.py -------------------------------------------------------------------------------


def test_keras_softmax():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax."""
    run_layer_test(layers.Softmax, {}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4))


def test_keras_softmax_correctness():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax_correctness."""
    result = layers.Softmax()(np.array([[1.0, 2.0, 1.0], [1.0, 2.0, 1.0]]))
    expected = [[0.21194157, 0.5761169, 0.21194157], [0.21194157, 0.5761169, 0.21194157]]
    np.testing.assert_allclose(result, expected, rtol=1e-6)


def test_keras_softmax_correctness_with_axis():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax_correctness_with_axis."""
    result = layers.Softmax(axis=1)(np.array([[1.0, 2.0, 1.0], [1.0, 2.0, 1.0]]))
    expected = [[0.21194157, 0.5761169, 0.21194157], [0.21194157, 0.5761169, 0.21194157]]
    np.testing.assert_allclose(result, expected, rtol=1e-6)


MASKS = "nnlib has no masks (Keras's Softmax(...)(inputs, mask=...))"


@pytest.mark.skip(reason=MASKS)
def test_keras_softmax_correctness_with_mask():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax_correctness_with_mask."""


@pytest.mark.skip(reason=MASKS)
def test_keras_softmax_masked_values_are_zero_including_fully_masked():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::
    test_softmax_masked_values_are_zero_including_fully_masked."""


@pytest.mark.skip(reason=MASKS)
def test_keras_softmax_mask_broadcastable():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax_mask_broadcastable."""


@pytest.mark.skip(reason=MASKS)
def test_keras_softmax_mask_broadcastable_fewer_dims():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax_mask_broadcastable_fewer_dims."""


@pytest.mark.skip(reason=MASKS)
def test_keras_softmax_mask_shape_mismatch():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax_mask_shape_mismatch."""


@pytest.mark.skip(reason=MASKS)
def test_keras_softmax_mask_too_many_dims():
    """From keras/src/layers/activations/softmax_test.py::SoftmaxTest::test_softmax_mask_too_many_dims."""


# ----- relu_test.py -----------------------------------------------------------------------------------


def row(*values):
    """Keras's 1-D input (a batch of scalars) as one row of nnlib's batch."""
    return np.array([values], dtype=np.float64)


def test_keras_relu():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_relu."""
    run_layer_test(layers.ReLU, {"max_value": 10, "negative_slope": 1, "threshold": 0.5}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4))


def test_keras_normal_relu_correctness():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_normal_relu_correctness."""
    layer = layers.ReLU(max_value=10, negative_slope=0.0, threshold=0)
    np.testing.assert_allclose(layer(row(-10, -5, 0.0, 5, 10)), row(0.0, 0.0, 0.0, 5.0, 10.0))


def test_keras_leaky_relu_correctness():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_leaky_relu_correctness."""
    layer = layers.ReLU(max_value=10, negative_slope=0.5, threshold=0)
    np.testing.assert_allclose(layer(row(-10, -5, 0.0, 5, 10)), row(-5.0, -2.5, 0.0, 5.0, 10.0))


def test_keras_threshold_relu_correctness():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_threshold_relu_correctness."""
    layer = layers.ReLU(max_value=8, negative_slope=0.0, threshold=5)
    np.testing.assert_allclose(layer(row(6.0, 7.0, 0.0, 5, 10)), row(6.0, 7.0, 0.0, 0.0, 8.0))


def test_keras_relu_invalid_usage():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_invalid_usage (Keras's ValueError
    is nnlib's HyperparameterError, a ValueError, with Keras's words)."""
    with pytest.raises(errors.HyperparameterError, match="max_value of a ReLU layer cannot be a negative value"):
        run_layer_test(layers.ReLU, {"max_value": -10, "negative_slope": 1, "threshold": 0.5}, input_shape=(2, 3, 4))
    with pytest.raises(errors.HyperparameterError,
                       match="negative_slope of a ReLU layer cannot be None or a negative value"):
        run_layer_test(layers.ReLU, {"max_value": 10, "negative_slope": -10, "threshold": 0.5}, input_shape=(2, 3, 4))
    with pytest.raises(errors.HyperparameterError, match="threshold of a ReLU layer cannot be None or a negative value"):
        run_layer_test(layers.ReLU, {"max_value": 10, "negative_slope": 1, "threshold": -10}, input_shape=(2, 3, 4))


def test_keras_relu_get_config():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_get_config."""
    config = layers.ReLU(max_value=5.0, negative_slope=0.2, threshold=1.0).get_config()
    assert (config["max_value"], config["negative_slope"], config["threshold"]) == (5.0, 0.2, 1.0)


def test_keras_relu_get_config_default_params():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_get_config_default_params."""
    config = layers.ReLU().get_config()
    assert config["max_value"] is None
    assert (config["negative_slope"], config["threshold"]) == (0.0, 0.0)


def test_keras_relu_from_config():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_from_config."""
    layer = layers.ReLU(max_value=5.0, negative_slope=0.2, threshold=1.0)
    restored = layers.ReLU.from_config(layer.get_config())
    assert (restored.max_value, restored.negative_slope, restored.threshold) == (
        layer.max_value, layer.negative_slope, layer.threshold)


def test_keras_relu_compute_output_shape():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_compute_output_shape."""
    layer = layers.ReLU()
    assert layer.compute_output_shape((2, 3)) == (2, 3)
    assert layer.compute_output_shape((4, 5, 6)) == (4, 5, 6)
    assert layer.compute_output_shape((1,)) == (1,)


def test_keras_default_relu_no_args():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_default_relu_no_args."""
    np.testing.assert_allclose(layers.ReLU()(row(-3.0, -1.0, 0.0, 1.0, 3.0)), row(0.0, 0.0, 0.0, 1.0, 3.0))


def test_keras_relu_none_max_value_is_unlimited():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_relu_none_max_value_is_unlimited."""
    x = row(0.0, 100.0, 1000.0, 99999.0)
    np.testing.assert_allclose(layers.ReLU(max_value=None)(x), x)


def test_keras_relu_all_zeros_input():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_relu_all_zeros_input."""
    np.testing.assert_allclose(layers.ReLU()(np.zeros((3, 4))), np.zeros((3, 4)))


def test_keras_relu_multidimensional_input():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_relu_multidimensional_input (a fresh
    layer for the 3-D input: an nnlib layer keeps the shape it was built for)."""
    np.testing.assert_allclose(layers.ReLU()(np.array([[-1.0, 2.0], [3.0, -4.0]])), [[0.0, 2.0], [3.0, 0.0]])
    np.testing.assert_allclose(layers.ReLU()(np.ones((2, 3, 4)) * -1.0), np.zeros((2, 3, 4)))


def test_keras_relu_negative_slope_none_raises():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_negative_slope_none_raises."""
    with pytest.raises(ValueError, match="negative_slope of a ReLU layer cannot be None or a negative value"):
        layers.ReLU(negative_slope=None)


def test_keras_relu_threshold_none_raises():
    """From keras/src/layers/activations/relu_test.py::ReLUTest::test_threshold_none_raises."""
    with pytest.raises(ValueError, match="threshold of a ReLU layer cannot be None or a negative value"):
        layers.ReLU(threshold=None)


# ----- leaky_relu_test.py ----------------------------------------------------------------------------


def test_keras_leaky_relu():
    """From keras/src/layers/activations/leaky_relu_test.py::LeakyReLUTest::test_leaky_relu."""
    run_layer_test(layers.LeakyReLU, {"negative_slope": 1}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4))


def test_keras_leaky_relu_layer_correctness():
    """From keras/src/layers/activations/leaky_relu_test.py::LeakyReLUTest::test_leaky_relu_correctness."""
    layer = layers.LeakyReLU(negative_slope=0.5)
    np.testing.assert_allclose(layer(row(-10, -5, 0.0, 5, 10)), row(-5.0, -2.5, 0.0, 5.0, 10.0))


def test_keras_leaky_relu_invalid_usage():
    """From keras/src/layers/activations/leaky_relu_test.py::LeakyReLUTest::test_invalid_usage."""
    with pytest.raises(ValueError, match="The negative_slope value of a Leaky ReLU layer cannot be None"):
        run_layer_test(layers.LeakyReLU, {"negative_slope": None}, input_shape=(2, 3, 4))


# ----- elu_test.py -------------------------------------------------------------------------------------


def test_keras_elu_config():
    """From keras/src/layers/activations/elu_test.py::ELUTest::test_config (run_class_serialization_test)."""
    layer = layers.ELU()
    config = layer.get_config()
    assert layers.ELU.from_config(config).get_config() == config
    revived = deserialize_keras_object(serialize_keras_object(layer))
    assert isinstance(revived, layers.ELU) and revived.get_config() == config


def test_keras_elu():
    """From keras/src/layers/activations/elu_test.py::ELUTest::test_elu."""
    run_layer_test(layers.ELU, {}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4))


def test_keras_elu_correctness():
    """From keras/src/layers/activations/elu_test.py::ELUTest::test_correctness."""
    def np_elu(x, alpha=1.0):
        return (x > 0) * x + (x <= 0) * alpha * (np.exp(x) - 1)

    x = np.random.default_rng(0).random((2, 2, 5))
    np.testing.assert_allclose(layers.ELU()(x), np_elu(x))
    np.testing.assert_allclose(layers.ELU(alpha=0.7)(x), np_elu(x, alpha=0.7))


# ----- prelu_test.py -----------------------------------------------------------------------------------


def test_keras_prelu():
    """From keras/src/layers/activations/prelu_test.py::PReLUTest::test_prelu (without
    alpha_constraint="MaxNorm": nnlib has no weight constraints)."""
    layer = run_layer_test(layers.PReLU, {"alpha_initializer": "zeros", "alpha_regularizer": "L1", "shared_axes": 1},
                           input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4), expected_num_trainable_weights=1,
                           expected_num_losses=1)
    assert layer.alpha.shape == (1, 4)


def test_keras_prelu_correctness():
    """From keras/src/layers/activations/prelu_test.py::PReLUTest::test_prelu_correctness (without
    alpha_constraint="non_neg": nnlib has no weight constraints; they act in updates, not here)."""
    def np_prelu(x, alpha):
        return (x > 0) * x + (x <= 0) * alpha * x

    rng = np.random.default_rng(0)
    inputs = rng.standard_normal((2, 10, 5, 3))
    layer = layers.PReLU(alpha_initializer="glorot_uniform", alpha_regularizer="l1", shared_axes=(1, 2))
    layer.build(inputs.shape)
    weights = rng.random((1, 1, 3))
    layer.set_weights([weights])
    np.testing.assert_allclose(layer(inputs), np_prelu(inputs, weights), rtol=1e-6)


# ----- nnlib's own: the same numbers and gradients as Keras ----------------------------------------------

PARITY_CASES = [
    (layers.Softmax, {}),
    (layers.Softmax, {"axis": 1}),
    (layers.Softmax, {"axis": [1, 2]}),
    (layers.ReLU, {}),
    (layers.ReLU, {"max_value": 6.0}),
    (layers.ReLU, {"max_value": 1.0}),
    (layers.ReLU, {"negative_slope": 0.2}),
    (layers.ReLU, {"threshold": 0.5}),
    (layers.ReLU, {"max_value": 2.0, "negative_slope": 0.3, "threshold": 0.5}),
    (layers.ReLU, {"max_value": 10, "negative_slope": 1, "threshold": 0.5}),
    (layers.LeakyReLU, {}),
    (layers.LeakyReLU, {"negative_slope": 0.0}),
    (layers.LeakyReLU, {"negative_slope": 1.5}),
    (layers.ELU, {}),
    (layers.ELU, {"alpha": 0.5}),
    (layers.ELU, {"alpha": -0.5}),
    (layers.PReLU, {"alpha_initializer": "random_uniform"}),
    (layers.PReLU, {"alpha_initializer": "random_uniform", "shared_axes": 1}),
    (layers.PReLU, {"alpha_initializer": "glorot_uniform", "shared_axes": [1, 2], "alpha_regularizer": "l2"}),
    (layers.PReLU, {"alpha_initializer": "ones", "alpha_regularizer": regularizers.L1L2(l1=0.01, l2=0.02)}),
]


def case_id(case):
    cls, kwargs = case
    return f"{cls.__name__}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"


@pytest.mark.parametrize("case", PARITY_CASES, ids=case_id)
def test_forward_and_gradients_match_keras(keras, tf, case):
    cls, kwargs = case
    ours = cls(**kwargs)
    x = 3 * random(4, 3, 5, seed=1)
    if cls is layers.PReLU:
        ours.build(x.shape, np.random.default_rng(0))
    assert_same_as_keras(tf, ours, keras_twin(keras, ours), x)


@pytest.mark.parametrize("case", PARITY_CASES, ids=case_id)
def test_gradient_check(case):
    cls, kwargs = case
    report = check_layer(cls(**kwargs), 3 * random(4, 3, 5, seed=2, dtype=np.float64))
    assert report.passed, str(report)


@pytest.mark.parametrize("case", PARITY_CASES, ids=case_id)
def test_config_round_trip_and_keras_reads_it(keras, case):
    cls, kwargs = case
    ours = cls(**kwargs, name="act")
    config = ours.get_config()
    assert cls.from_config(config).get_config() == config
    theirs = keras_twin(keras, ours).get_config()
    for key, value in config.items():
        if key in ("name", "dtype") or key.endswith(("_initializer", "_regularizer")):
            continue
        assert theirs[key] == (tuple(value) if isinstance(theirs[key], tuple) else value), key


@pytest.mark.parametrize("cls, kwargs", [
    (layers.Softmax, {"axis": 1}),
    (layers.ReLU, {"max_value": 1.0, "negative_slope": 0.1, "threshold": 0.2}),
    (layers.LeakyReLU, {"negative_slope": 0.1}),
    (layers.ELU, {"alpha": 0.5}),
    (layers.PReLU, {"alpha_initializer": "random_uniform", "alpha_regularizer": "l2", "shared_axes": [1]}),
])
def test_keras_files_both_ways(tmp_path, keras, cls, kwargs):
    from_nnlib, from_keras = assert_keras_files_both_ways(
        tmp_path, keras, lambda: cls(**kwargs), lambda: getattr(keras.layers, cls.__name__)(**kwargs),
        random(5, 3, 4, seed=4))
    for key, value in kwargs.items():
        if not key.endswith(("_initializer", "_regularizer")):
            assert getattr(from_keras.layers[0], key) == value
            assert from_nnlib.layers[0].get_config()[key] == value


def test_a_keras_prelu_brings_its_initializer_and_regularizer(tmp_path, keras):
    keras_model = keras.Sequential([keras.Input((2, 3, 4)), keras.layers.PReLU(
        alpha_initializer=keras.initializers.RandomNormal(stddev=0.3, seed=1),
        alpha_regularizer=keras.regularizers.L2(0.05), shared_axes=[1, 2])])
    keras_model.save(tmp_path / "k.keras")
    prelu = load_model(tmp_path / "k.keras").layers[0]
    assert isinstance(prelu.alpha_initializer, initializers.RandomNormal) and prelu.alpha_initializer.stddev == 0.3
    assert isinstance(prelu.alpha_regularizer, regularizers.L2) and prelu.alpha_regularizer.l2 == pytest.approx(0.05)
    assert prelu.shared_axes == [1, 2] and prelu.alpha.shape == (1, 1, 4)
    np.testing.assert_array_equal(prelu.alpha, keras_model.layers[0].get_weights()[0])


def test_training_with_these_layers_matches_keras(keras):
    """The layers inside a model: fit gives Keras's losses and weights (softmax fused with the loss)."""
    x = random(32, 6, seed=5)
    y = np.random.default_rng(6).integers(0, 3, 32)
    model = Sequential([layers.Input(shape=(6,)), layers.Dense(8), layers.PReLU(alpha_initializer="ones"),
                        layers.Dense(8), layers.ELU(0.8), layers.Dense(8), layers.LeakyReLU(0.1),
                        layers.Dense(8), layers.ReLU(max_value=3.0, negative_slope=0.05), layers.Dense(3),
                        layers.Softmax()], seed=0)
    twin = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8), keras.layers.PReLU(alpha_initializer="ones"),
                             keras.layers.Dense(8), keras.layers.ELU(0.8), keras.layers.Dense(8),
                             keras.layers.LeakyReLU(0.1), keras.layers.Dense(8),
                             keras.layers.ReLU(max_value=3.0, negative_slope=0.05), keras.layers.Dense(3),
                             keras.layers.Softmax()])
    twin.set_weights(model.get_weights())
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    twin.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    ours = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0).history["loss"]
    theirs = twin.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_softmax_as_last_layer_is_fused_with_the_cross_entropy():
    """Softmax() ends a model as Activation("softmax") does: the loss is computed from its logits
    (the numbers of that path are checked against Keras in the test above)."""
    from nnlib.models.output_loss import OutputLoss

    assert OutputLoss(losses.CategoricalCrossentropy(), layers.Softmax()).fused
    assert not OutputLoss(losses.CategoricalCrossentropy(), layers.Softmax(axis=0)).fused  # not the class axis
    assert not OutputLoss(losses.CategoricalCrossentropy(), layers.ReLU()).fused


# ----- nnlib's own: behaviour and errors ---------------------------------------------------------------


@pytest.mark.parametrize("layer", [layers.Softmax(), layers.Softmax(axis=[0, 1]), layers.ReLU(max_value=6.0),
                                   layers.ReLU(negative_slope=0.1, threshold=2.0), layers.LeakyReLU(),
                                   layers.ELU(), layers.PReLU(alpha_initializer="ones")],
                         ids=lambda layer: type(layer).__name__)
def test_extreme_inputs_stay_finite(layer):
    x = np.array([[-1e30, -1e4, -1.0, 0.0, 1.0, 1e4, 1e30]], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        output = layer(x)
        grad = layer.backward(np.ones_like(output))
    assert np.all(np.isfinite(output)) and np.all(np.isfinite(grad))


def test_names_and_defaults_are_keras_s(keras):
    keras.utils.clear_session()  # Keras numbers its names for the whole session, as nnlib does
    assert layers.ReLU().name == keras.layers.ReLU().name == "re_lu"
    assert layers.LeakyReLU().name == keras.layers.LeakyReLU().name == "leaky_re_lu"
    assert layers.ELU().name == "elu" and layers.Softmax().name == "softmax"
    assert layers.LeakyReLU().negative_slope == keras.layers.LeakyReLU().negative_slope == 0.3
    assert layers.ELU().alpha == 1.0 and layers.Softmax().axis == -1
    prelu = layers.PReLU()
    prelu.build((None, 3, 4))
    assert prelu.alpha.shape == (3, 4) and np.all(prelu.alpha == 0)  # "Zeros": a plain ReLU to start


def test_leaky_relu_takes_the_old_alpha_keyword_with_a_warning(keras):
    with pytest.warns(UserWarning, match="Argument `alpha` is deprecated. Use `negative_slope` instead"):
        layer = layers.LeakyReLU(alpha=0.1)
    with pytest.warns(UserWarning, match="`alpha` is deprecated"):
        theirs = keras.layers.LeakyReLU(alpha=0.1)
    assert layer.negative_slope == theirs.negative_slope == 0.1
    assert layer.get_config()["negative_slope"] == 0.1 and "alpha" not in layer.get_config()
    with pytest.warns(UserWarning):
        assert layers.LeakyReLU(negative_slope=0.5, alpha=0.2).negative_slope == 0.2  # alpha wins, as in Keras


def test_leaky_relu_reads_a_tf_keras_2_config_with_alpha():
    config = {"module": "keras.layers", "class_name": "LeakyReLU", "registered_name": None,
              "config": {"name": "leaky", "trainable": True, "dtype": "float32", "alpha": 0.25}}
    with pytest.warns(UserWarning, match="alpha"):
        layer = deserialize_keras_object(config)
    assert isinstance(layer, layers.LeakyReLU) and layer.negative_slope == 0.25


@pytest.mark.parametrize("make, match", [
    (lambda: layers.ReLU(max_value=-1), r"max_value of a ReLU layer cannot be a negative value.*'re_lu'.*-1"),
    (lambda: layers.ReLU(negative_slope="0.1"), r"negative_slope.*expected a number >= 0.*'0\.1'"),
    (lambda: layers.ReLU(threshold=math.inf), r"threshold.*inf"),
    (lambda: layers.LeakyReLU(-0.1), r"Leaky ReLU layer cannot be None or negative.*-0\.1"),
    (lambda: layers.ELU(alpha=None), r"'elu'.*alpha must be a finite number.*None"),
    (lambda: layers.ELU(alpha=math.nan), r"alpha must be a finite number.*nan"),
    (lambda: layers.Softmax(axis="last"), r"'softmax'.*axis must be an int or a non-empty list of ints.*'last'"),
    (lambda: layers.Softmax(axis=[]), r"axis must be an int"),
    (lambda: layers.PReLU(shared_axes=0), r"'pre_lu'.*shared_axes.*ints >= 1.*batch axis.*0"),
    (lambda: layers.PReLU(shared_axes=[1, "2"]), r"shared_axes"),
    (lambda: layers.PReLU(alpha_initializer="zeroes"), r"zeros"),
])
def test_bad_arguments_raise_clear_errors(make, match):
    with pytest.raises(errors.NNLibError, match=match):
        make()


def test_bad_shapes_raise_shape_errors():
    with pytest.raises(errors.ShapeError, match=r"'soft'.*axis 3.*\(None, 4\).*2 axes"):
        layers.Softmax(axis=3, name="soft")(np.ones((2, 4)))
    with pytest.raises(errors.ShapeError, match=r"'p'.*axis 2.*\(None, 4\)"):
        layers.PReLU(shared_axes=2, name="p").build((None, 4))
    prelu = layers.PReLU(shared_axes=1, name="p2")
    prelu.build((None, 3, 4))
    assert prelu(np.ones((2, 7, 4))).shape == (2, 7, 4)  # a shared axis may change size, as in Keras
    with pytest.raises(errors.ShapeError, match=r"'p2'.*\(None, 3, 4\).*\(2, 3, 5\)"):
        prelu(np.ones((2, 3, 5)))


def test_prelu_regularization_penalty_and_its_gradient():
    layer = layers.PReLU(alpha_initializer=initializers.Constant(0.5), alpha_regularizer=regularizers.L2(0.1))
    x = random(3, 4, seed=8)
    layer(x)
    assert layer.regularization_penalty() == pytest.approx(0.1 * 4 * 0.25)
    layer.backward(np.zeros_like(x))
    np.testing.assert_allclose(layer.grads["alpha"], 2 * 0.1 * 0.5)  # only d penalty / d alpha
    assert layers.PReLU().regularization_penalty() == 0.0


def test_prelu_alpha_is_a_trained_weight():
    layer = layers.PReLU()
    with pytest.raises(errors.NotBuiltError, match="alpha"):
        layer.alpha  # noqa: B018
    layer.build((None, 5))
    assert layer.trainable_weights[0] is layer.alpha and layer.count_params() == 5
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 1
