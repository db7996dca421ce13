"""``nnlib.activations``, from Keras's ``keras/src/activations/activations_test.py``.

Each ``test_keras_*`` case re-expresses the Keras test it names: the same kinds of input,
the same reference formulas and the same tolerance (rtol 1e-5); the random inputs are drawn
from a seeded generator here. The other tests add what nnlib needs beyond Keras's tests:
every derivative against central differences, the same numbers as the installed Keras on
the same inputs, finite values on extreme inputs, names and configs.

Not ported: Keras activations nnlib does not have (mish, hard_silu, celu, glu, sparsemax,
the shrink and sparse variants, squareplus, log_sigmoid, hard_tanh, threshold).
"""

import math

import numpy as np
import pytest

from nnlib import activations, errors
from nnlib.gradcheck import numerical_gradient
from nnlib.layers import Dense, Input
from nnlib.models import Sequential

RTOL = 1e-5  # Keras's tolerance in these tests


@pytest.fixture
def rng():
    return np.random.default_rng(20261202)


def central_differences(loss_of, z):
    """dL/dz by nnlib.gradcheck.numerical_gradient, for L = loss_of(z) (z is moved in place)."""
    indices = list(np.ndindex(z.shape))
    return numerical_gradient(lambda: loss_of(z), z, indices).reshape(z.shape)


def ref_softmax(values):
    e = np.exp(values - np.max(values))
    return e / np.sum(e)


def ref_log_softmax(values):
    shifted = values - np.max(values)
    return shifted - np.log(np.sum(np.exp(shifted)))


def ref_softplus(x):
    return np.log1p(np.exp(x))


def ref_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def ref_gelu(x, approximate=False):
    if approximate:
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    return x * 0.5 * (1 + np.vectorize(math.erf)(x / np.sqrt(2)))


# ----- softmax and log_softmax over axes ------------------------------------------------------
SOFTMAXES = pytest.mark.parametrize("name, reference", [("softmax", ref_softmax), ("log_softmax", ref_log_softmax)])


@SOFTMAXES
def test_keras_softmax_1d_2d_and_temporal(rng, name, reference):
    """Keras: test_softmax, test_softmax_1d, test_softmax_negative_axis, test_temporal_softmax,
    and the same four for log_softmax."""
    function = getattr(activations, name)
    x = rng.random((2, 5))
    np.testing.assert_allclose(function(x[np.newaxis, :])[0][0], reference(x[0]), rtol=RTOL)
    x1 = rng.random(5)
    np.testing.assert_allclose(function(x1), reference(x1), rtol=RTOL)
    result = function(x, axis=-1)
    for i in range(2):
        np.testing.assert_allclose(result[i], reference(x[i]), rtol=RTOL)
    t = rng.random((2, 2, 3)) * 10
    np.testing.assert_allclose(function(t[np.newaxis, :])[0][0, 0], reference(t[0, 0]), rtol=RTOL)


@SOFTMAXES
def test_keras_softmax_2d_axis_0(rng, name, reference):
    """Keras: test_softmax_2d_axis_0, test_log_softmax_2d_axis_0 (axis=1 of a batch of one 2 x 5
    sample: the columns)."""
    x = rng.random((2, 5))
    result = getattr(activations, name)(x[np.newaxis, :], axis=1)[0]
    expected = np.stack([reference(x[:, i]) for i in range(5)], axis=1)
    np.testing.assert_allclose(result, expected, rtol=RTOL)


@SOFTMAXES
@pytest.mark.parametrize("shape, axis", [((2, 3, 5), (1, 2)), ((2, 3, 4, 5), (2, 3)), ((2, 3, 4, 5, 6), (2, 3, 4))])
def test_keras_softmax_over_several_axes(rng, name, reference, shape, axis):
    """Keras: test_softmax_3d_axis_tuple, test_softmax_higher_dim, test_softmax_higher_dim_multiple_axes,
    and the same three for log_softmax."""
    x = rng.random(shape)
    result = getattr(activations, name)(x, axis=axis)
    for index in np.ndindex(*shape[: axis[0]]):
        np.testing.assert_allclose(result[index], reference(x[index]), rtol=RTOL)


def test_keras_log_softmax(rng):
    """Keras: test_log_softmax_2d_axis_0, _1d, _negative_axis, test_temporal_log_softmax."""
    x = rng.random((2, 5))
    result = activations.log_softmax(x[np.newaxis, :], axis=1)[0]
    expected = np.stack([ref_log_softmax(x[:, i]) for i in range(5)], axis=1)
    np.testing.assert_allclose(result, expected, rtol=RTOL)
    x1 = rng.random(5)
    np.testing.assert_allclose(activations.log_softmax(x1), ref_log_softmax(x1), rtol=RTOL)
    result = activations.log_softmax(x, axis=-1)
    for i in range(2):
        np.testing.assert_allclose(result[i], ref_log_softmax(x[i]), rtol=RTOL)
    t = rng.random((2, 2, 3)) * 10
    np.testing.assert_allclose(activations.log_softmax(t[np.newaxis, :])[0][0, 0], ref_log_softmax(t[0, 0]),
                               rtol=RTOL)


# ----- elementwise functions, against their formulas ------------------------------------------
RANGES = [(0, 1, (2, 5)), (-10, 10, (5,)), (-10, 10, (3, 3, 3)), (-1e-7, 1e-7, (2, 5)), (10, 100, (2, 5)),
          (-100, -10, (2, 5))]


@pytest.mark.parametrize("name, reference", [
    ("softplus", ref_softplus),
    ("softsign", lambda x: x / (1 + np.abs(x))),
    ("sigmoid", ref_sigmoid),
])
def test_keras_functions_on_every_range(rng, name, reference):
    """Keras: test_softplus, test_softsign, test_sigmoid (random, 1-D, 3-D, near 0, large +-)."""
    function = activations.get(name)
    for low, high, shape in RANGES:
        x = rng.uniform(low, high, shape)
        with np.errstate(over="ignore"):
            expected = reference(x)
        np.testing.assert_allclose(function(x), expected, rtol=RTOL)


def test_keras_selu():
    """Keras: test_selu."""
    alpha, scale = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
    positive = np.array([[1, 2]], dtype="float32")
    np.testing.assert_allclose(activations.selu(positive[np.newaxis, :])[0], positive * scale, rtol=RTOL)
    negative = np.array([[-1, -2]], dtype="float32")
    np.testing.assert_allclose(activations.selu(negative[np.newaxis, :])[0], (np.exp(negative) - 1) * scale * alpha,
                               rtol=RTOL)


def test_keras_hard_sigmoid(rng):
    """Keras: test_hard_sigmoid (Keras 3's hard sigmoid: relu6(x + 3) / 6)."""
    for low, high, shape in [(0, 1, (2, 5)), (-10, 10, (5,)), (-10, 10, (3, 3, 3))]:
        x = rng.uniform(low, high, shape)
        np.testing.assert_allclose(activations.hard_sigmoid(x), np.clip(x / 6 + 0.5, 0, 1), rtol=RTOL)
    np.testing.assert_allclose(activations.hard_sigmoid(rng.uniform(5, 10, (2, 5))), np.ones((2, 5)), rtol=RTOL)


X = np.array([-10, -5, 0.0, 5, 10])


@pytest.mark.parametrize("options, expected", [
    ({"negative_slope": 0.5}, [-5.0, -2.5, 0.0, 5.0, 10.0]),
    ({"max_value": 5.0}, [0.0, 0.0, 0.0, 5.0, 5.0]),
    ({"threshold": 5.0}, [-0.0, -0.0, 0.0, 0.0, 10.0]),
    ({"threshold": 5.0, "max_value": 5.0}, [0.0, 0.0, 0.0, 0.0, 5.0]),
    ({"negative_slope": 0.5, "max_value": 5.0, "threshold": 5.0}, [-7.5, -5.0, -2.5, 0.0, 5.0]),
])
def test_keras_relu_options(options, expected):
    """Keras: test_relu_negative_slope, _max_value, _threshold, _combined_threshold_and_max_value,
    _combined_all_parameters, test_relu_to_trigger_leaky."""
    np.testing.assert_allclose(activations.relu(X, **options), expected, rtol=RTOL)


def test_keras_relu_to_trigger_relu6():
    """Keras: test_relu_to_trigger_relu6."""
    x = np.array([-10, -5, 0.0, 5, 10, 12])
    np.testing.assert_allclose(activations.relu(x, max_value=6.0), [0, 0, 0, 5, 6, 6], rtol=RTOL)
    np.testing.assert_allclose(activations.relu6(x), [0, 0, 0, 5, 6, 6], rtol=RTOL)


def test_keras_relu(rng):
    """Keras: test_relu (positive, negative, 1-D, 3-D, near zero, large values)."""
    positive = rng.uniform(0.1, 10, (2, 5))
    np.testing.assert_allclose(activations.relu(positive[np.newaxis, :])[0], positive, rtol=RTOL)
    np.testing.assert_allclose(activations.relu(rng.uniform(-10, -0.1, (2, 5))), np.zeros((2, 5)), rtol=RTOL)
    for low, high, shape in [(-10, 10, (5,)), (-10, 10, (3, 3, 3)), (-1e-7, 1e-7, (2, 5)), (1e4, 1e5, (2, 5)),
                             (-1e5, -1e4, (2, 5))]:
        x = rng.uniform(low, high, shape)
        np.testing.assert_allclose(activations.relu(x), np.maximum(0, x), rtol=RTOL)


@pytest.mark.parametrize("slope", [0.01, 0.3])
def test_keras_leaky_relu(rng, slope):
    """Keras: test_leaky_relu (negative_slope 0.01 and 0.3, positive and negative values)."""
    for x in (rng.random((2, 5)), rng.uniform(-1, 0, (2, 5))):
        expected = np.where(x > 0, x, slope * x)
        np.testing.assert_allclose(activations.leaky_relu(x[np.newaxis, :], negative_slope=slope)[0], expected,
                                   rtol=RTOL)


def test_keras_relu6_silu_elu_exponential(rng):
    """Keras: test_relu6, test_silu, test_elu, test_exponential."""
    for low, high in [(0, 5.9), (6.1, 10), (-1, 0)]:
        x = rng.uniform(low, high, (2, 5))
        np.testing.assert_allclose(activations.relu6(x), np.clip(x, 0, 6), rtol=RTOL)
    for low, high in [(0, 5.9), (-1, 1), (-5.9, 0)]:
        x = rng.uniform(low, high, (2, 5))
        np.testing.assert_allclose(activations.silu(x), x / (1 + np.exp(-x)), rtol=RTOL)
    x = rng.random((2, 5))
    np.testing.assert_allclose(activations.elu(x), x, rtol=RTOL)
    negative = np.array([[-1, -2]], dtype="float32")
    np.testing.assert_allclose(activations.elu(negative), np.exp(negative) - 1, rtol=RTOL)
    for low, high, shape in RANGES[:5]:
        x = rng.uniform(low, high, shape)
        np.testing.assert_allclose(activations.exponential(x), np.exp(x), rtol=RTOL)


def test_keras_gelu(rng):
    """Keras: test_gelu (exact, and approximate=True)."""
    x = rng.random((2, 5))
    np.testing.assert_allclose(activations.gelu(x[np.newaxis, :])[0], ref_gelu(x), rtol=RTOL)
    np.testing.assert_allclose(activations.gelu(x[np.newaxis, :], approximate=True)[0], ref_gelu(x, True), rtol=RTOL)


def test_keras_linear_and_tanh(rng):
    """Keras: test_linear, test_tanh."""
    for x in (rng.random((10, 5)), rng.uniform(-10, 10, 5), rng.uniform(-10, 10, (5, 5, 5))):
        np.testing.assert_allclose(activations.linear(x), x)
        np.testing.assert_allclose(activations.tanh(x), np.tanh(x), rtol=RTOL)


def test_keras_get_method():
    """Keras: test_get_method ("typo" raises ValueError; nnlib's UnknownNameError is one)."""
    assert activations.get("relu") is activations.relu
    assert activations.get(None) is activations.linear
    with pytest.raises(ValueError):
        activations.get("typo")


# ----- beyond Keras's tests --------------------------------------------------------------------
ELEMENTWISE = ["elu", "selu", "gelu", "softplus", "softsign", "silu", "exponential", "hard_sigmoid", "relu6",
               "leaky_relu", "relu", "sigmoid", "tanh"]


DERIVATIVE_CASES = [(name, {}) for name in ELEMENTWISE] + [
    ("elu", {"alpha": 0.7}), ("gelu", {"approximate": True}), ("leaky_relu", {"negative_slope": 0.1}),
    ("relu", {"negative_slope": 0.2, "max_value": 2.5, "threshold": 0.5}),
]


@pytest.mark.parametrize("name, options", DERIVATIVE_CASES, ids=[f"{n}{o}" for n, o in DERIVATIVE_CASES])
def test_derivative_matches_central_differences(name, options):
    function = activations.get(name).with_options(**options)
    # Points away from every kink (0, 0.5, 2.5, +-3, 6), where a derivative is one-sided.
    z = np.array([[-4.1, -2.2, -0.7, -0.3, 0.2], [0.8, 1.3, 2.0, 3.4, 7.1]])
    numeric = central_differences(lambda v: float(np.sum(function(v))), z.copy())
    np.testing.assert_allclose(function.derivative(z), numeric, rtol=1e-6, atol=1e-8)
    grad_a = np.linspace(-1, 1, z.size).reshape(z.shape)
    np.testing.assert_allclose(function.backward(z, function(z), grad_a), grad_a * numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [-1, 0, (0, 1)])
def test_softmax_backward_matches_central_differences(name, axis):
    function = activations.get(name).with_options(axis=axis)
    z = np.random.default_rng(3).normal(size=(2, 3, 4))
    weights = np.random.default_rng(4).normal(size=z.shape)  # L = sum(weights * f(z))
    numeric = central_differences(lambda v: float(np.sum(weights * function(v))), z.copy())
    np.testing.assert_allclose(function.backward(z, function(z), weights), numeric, rtol=1e-6, atol=1e-8)


KERAS_CASES = [
    ("elu", {}), ("elu", {"alpha": 0.5}), ("selu", {}), ("gelu", {}), ("gelu", {"approximate": True}),
    ("softplus", {}), ("softsign", {}), ("silu", {}), ("swish", {}), ("exponential", {}), ("hard_sigmoid", {}),
    ("relu6", {}), ("leaky_relu", {}), ("leaky_relu", {"negative_slope": 0.05}),
    ("relu", {"negative_slope": 0.3, "max_value": 4.0, "threshold": 1.0}), ("relu", {"max_value": 6.0}),
    ("softmax", {"axis": 0}), ("log_softmax", {}), ("log_softmax", {"axis": (0, 1)}),
]


@pytest.mark.parametrize("name, options", KERAS_CASES, ids=[f"{n}{o}" for n, o in KERAS_CASES])
def test_same_numbers_as_keras(keras, name, options):
    z = np.random.default_rng(5).uniform(-6, 6, size=(4, 3, 5)).astype("float32")
    expected = np.asarray(getattr(keras.activations, name)(z, **options))
    got = getattr(activations, name)(z, **options)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=2e-6, atol=2e-6)


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if n != "exponential"] + ["softmax", "log_softmax"])
def test_finite_on_extreme_inputs(name):
    z = np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]])
    function = activations.get(name)
    assert np.all(np.isfinite(function(z))), name
    if name not in ("softmax", "log_softmax"):
        assert np.all(np.isfinite(function.derivative(z))), name


def test_names_configs_and_aliases():
    assert activations.get("swish") is activations.silu
    for name in ("elu", "selu", "gelu", "softplus", "softsign", "silu", "exponential", "hard_sigmoid", "relu6",
                 "log_softmax"):
        function = activations.get(name)
        assert activations.get(function.get_config()).get_config() == function.get_config()
    relu = activations.get({"name": "relu", "max_value": 6.0})
    assert relu.max_value == 6.0 and activations.get(relu.get_config()).max_value == 6.0
    assert activations.relu.get_config() == {"name": "relu"}  # saved files of plain ReLU models do not change


def test_bad_options_are_clear_errors():
    with pytest.raises(errors.HyperparameterError, match="no option alpha; its options are: max_value, "):
        activations.relu(X, alpha=1.0)
    with pytest.raises(errors.HyperparameterError, match="max_value must be a finite number >= 0"):
        activations.ReLU(max_value=-1)
    with pytest.raises(errors.HyperparameterError, match="axis must be an int or a tuple"):
        activations.Softmax(axis="last")
    with pytest.raises(errors.HyperparameterError, match="approximate must be True or False"):
        activations.GELU(approximate="yes")


@pytest.mark.parametrize("name", ["elu", "selu", "gelu", "softplus", "silu", "relu6", "hard_sigmoid", "softsign"])
def test_a_dense_layer_trains_with_the_new_activations(name):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3))
    y = (x[:, :1] - 0.5 * x[:, 1:2]) ** 2
    model = Sequential([Input(shape=(3,)), Dense(8, activation=name), Dense(1)], seed=0)
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, epochs=30, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_softmax_over_another_axis_is_not_fused_with_the_cross_entropy():
    """The fused softmax + cross-entropy gradient assumes the last axis; softmax(axis=0) must not use it."""
    from nnlib.models.output_loss import OutputLoss
    from nnlib.losses import CategoricalCrossentropy

    assert OutputLoss(CategoricalCrossentropy(), Dense(3, activation="softmax")).fused
    assert not OutputLoss(CategoricalCrossentropy(), Dense(3, activation=activations.Softmax(axis=0))).fused
