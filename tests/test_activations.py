"""Tests of nnlib.activations: derivatives, stability at +-1000, and Keras values."""

import numpy as np
import pytest

from nnlib import activations, errors

ELEMENTWISE = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "step"]


def numerical_derivative(f, z, h=1e-6):
    """Central differences (f(z + h) - f(z - h)) / 2h, elementwise, in float64."""
    return (f(z + h) - f(z - h)) / (2 * h)


def max_relative_error(a, b, floor=1e-10):
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)))


def points_away_from_kinks(rng, shape=(20, 7)):
    """float64 points in (-4, 4), none within 0.01 of 0 (relu and step are not differentiable there)."""
    z = rng.uniform(-4, 4, size=shape)
    return np.where(np.abs(z) < 0.01, 0.5, z)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences(name):
    f = activations.get(name)
    z = points_away_from_kinks(np.random.default_rng(0))
    assert max_relative_error(f.derivative(z), numerical_derivative(f, z)) < 1e-6


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_is_grad_times_derivative(name):
    rng = np.random.default_rng(1)
    f = activations.get(name)
    z = points_away_from_kinks(rng)
    grad_a = rng.normal(size=z.shape)
    np.testing.assert_allclose(f.backward(z, f(z), grad_a), grad_a * f.derivative(z), rtol=1e-12, atol=1e-15)


def test_softmax_backward_matches_the_full_jacobian():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(6, 5)) * 3
    grad_a = rng.normal(size=(6, 5))
    a = activations.softmax(z)
    jacobian = activations.softmax.jacobian(z)  # J[b, i, j] = da_i / dz_j
    expected = np.einsum("bi,bij->bj", grad_a, jacobian)
    assert max_relative_error(activations.softmax.backward(z, a, grad_a), expected) < 1e-12


def test_softmax_jacobian_matches_central_differences():
    z = np.random.default_rng(3).normal(size=(3, 4))
    h = 1e-6
    numerical = np.zeros((3, 4, 4))
    for j in range(4):
        step = np.zeros(4)
        step[j] = h
        numerical[:, :, j] = (activations.softmax(z + step) - activations.softmax(z - step)) / (2 * h)
    assert max_relative_error(activations.softmax.jacobian(z), numerical) < 1e-6


def test_softmax_backward_matches_central_differences_of_a_scalar_loss():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(4, 6))
    weights = rng.normal(size=(4, 6))

    def loss(z):  # L = sum(weights * softmax(z)), so dL/da = weights
        return np.sum(weights * activations.softmax(z))

    numerical = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = 1e-6
        numerical[index] = (loss(z + step) - loss(z - step)) / 2e-6
    analytic = activations.softmax.backward(z, activations.softmax(z), weights)
    assert max_relative_error(analytic, numerical) < 1e-6


def test_softmax_has_no_elementwise_derivative():
    with pytest.raises(errors.NNLibError, match="backward"):
        activations.softmax.derivative(np.zeros((2, 3)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_stable_at_plus_minus_1000(name, dtype):
    f = activations.get(name)
    z = np.array([[-1000.0, -30.0, 0.0, 30.0, 1000.0], [1000.0, 1000.0, -1000.0, 0.0, 5.0]], dtype=dtype)
    with np.errstate(all="raise"):
        a = f(z)
        grad_z = f.backward(z, a, np.ones_like(z))
        derivative = f.derivative(z) if name != "softmax" else grad_z
    for array in (a, grad_z, derivative):
        assert np.all(np.isfinite(array))
        assert array.dtype == dtype


def test_sigmoid_and_softmax_limits():
    z = np.array([[-1000.0, 1000.0]])
    np.testing.assert_array_equal(activations.sigmoid(z), [[0.0, 1.0]])
    np.testing.assert_array_equal(activations.softmax(z), [[0.0, 1.0]])
    np.testing.assert_allclose(activations.softmax(np.array([[1000.0, 1000.0]])), [[0.5, 0.5]])


def test_integer_input_becomes_float32():
    assert activations.relu(np.array([-1, 2])).dtype == np.float32


def test_step_is_the_perceptron_threshold():
    np.testing.assert_array_equal(activations.step(np.array([-2.0, -1e-9, 0.0, 3.0])), [0, 0, 1, 1])


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "softmax", "linear"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_match_keras(keras, name, dtype):
    rng = np.random.default_rng(5)
    z = (rng.normal(size=(8, 5)) * 4).astype(dtype)
    z[0, :3] = [-1000, 1000, 0]
    z[1, :] = [1000, -1000, 500, 1000, -3]
    ours = activations.get(name)(z)
    theirs = keras.ops.convert_to_numpy(getattr(keras.activations, name)(keras.ops.convert_to_tensor(z)))
    assert ours.dtype == theirs.dtype
    # TensorFlow rounds leaky_relu's slope 0.2 to float32 even for float64 inputs (1.5e-8 relative).
    tolerance = 1e-6 if dtype == "float32" else 1e-7
    np.testing.assert_allclose(ours, theirs, rtol=tolerance, atol=tolerance)


def test_derivatives_match_tensorflow_autodiff(tf):
    z64 = points_away_from_kinks(np.random.default_rng(6), (5, 4))
    for name in ["sigmoid", "tanh", "relu", "leaky_relu"]:
        f = activations.get(name)
        z = tf.Variable(z64)
        with tf.GradientTape() as tape:
            a = {"sigmoid": tf.math.sigmoid, "tanh": tf.math.tanh, "relu": tf.nn.relu,
                 "leaky_relu": lambda x: tf.nn.leaky_relu(x, alpha=0.2)}[name](z)
        np.testing.assert_allclose(f.derivative(z64), tape.gradient(a, z).numpy(), rtol=1e-7, err_msg=name)


def test_get_resolves_names_case_insensitively():
    assert activations.get("ReLU") is activations.relu
    assert activations.get("SIGMOID") is activations.sigmoid
    assert activations.get(None) is activations.linear
    assert activations.get(activations.tanh) is activations.tanh


def test_get_rebuilds_leaky_relu_from_its_config():
    custom = activations.LeakyReLU(negative_slope=0.1)
    rebuilt = activations.get(custom.get_config())
    assert rebuilt.negative_slope == 0.1
    np.testing.assert_allclose(rebuilt(np.array([-2.0])), [-0.2])


def test_unknown_name_suggests_the_closest():
    with pytest.raises(errors.UnknownNameError) as info:
        activations.get("rellu")
    message = str(info.value)
    assert "'rellu'" in message and "Did you mean 'relu'?" in message
    for name in ["sigmoid", "softmax", "tanh", "linear"]:
        assert name in message


def test_get_rejects_other_types():
    with pytest.raises(errors.UnknownNameError, match="ActivationFunction"):
        activations.get(42)


def test_negative_slope_must_be_non_negative():
    with pytest.raises(errors.HyperparameterError, match="negative_slope"):
        activations.LeakyReLU(negative_slope=-0.1)
