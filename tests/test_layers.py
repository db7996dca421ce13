"""Tests of nnlib.layers: Dense, Activation, Dropout, Flatten, Input and the Layer API."""

import numpy as np
import pytest

from nnlib import activations, errors, regularizers
from nnlib.gradcheck import check_layer
from nnlib.layers import Activation, Dense, Dropout, Flatten, Input, InputLayer, Layer
from nnlib.layers.keras_tensor import KerasTensor


def built_dense(units=3, n_in=4, seed=0, **kwargs):
    layer = Dense(units, **kwargs)
    layer.build((None, n_in), np.random.default_rng(seed))
    return layer


# ----- Dense ------------------------------------------------------------------------
def test_dense_build_creates_kernel_and_bias_with_keras_shapes_and_defaults():
    layer = built_dense(5, 8)
    assert layer.kernel.shape == (8, 5) and layer.bias.shape == (5,)
    assert layer.kernel.dtype == np.float32 and layer.bias.dtype == np.float32
    limit = np.sqrt(6 / (8 + 5))  # glorot_uniform
    assert np.all(np.abs(layer.kernel) <= limit) and np.all(layer.bias == 0)
    assert layer.count_params() == 8 * 5 + 5
    assert layer.input_shape == (None, 8) and layer.output_shape == (None, 5)
    assert [w.shape for w in layer.get_weights()] == [(8, 5), (5,)]  # Keras order


def test_dense_without_bias_and_float64():
    layer = built_dense(2, 3, use_bias=False, dtype="float64")
    assert list(layer.params) == ["kernel"] and layer.bias is None
    assert layer.kernel.dtype == np.float64
    out = layer.forward(np.ones((4, 3)))
    assert out.dtype == np.float64


@pytest.mark.parametrize("activation", ["linear", "relu", "tanh", "sigmoid", "softmax", "leaky_relu", None])
def test_dense_forward_is_activation_of_x_w_plus_b(activation):
    layer = built_dense(3, 4, activation=activation)
    layer.params["bias"][...] = [0.1, -0.2, 0.3]
    x = np.random.default_rng(1).standard_normal((5, 4)).astype(np.float32)
    expected = activations.get(activation)(x @ layer.kernel + layer.bias)
    out = layer.forward(x)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    assert out.dtype == np.float32
    np.testing.assert_allclose(layer.logits, x @ layer.kernel + layer.bias, rtol=1e-6)


@pytest.mark.parametrize("activation", ["linear", "relu", "tanh", "sigmoid", "softmax"])
def test_dense_backward_matches_numerical_gradients(activation):
    layer = Dense(3, activation=activation, kernel_regularizer=regularizers.L2(0.05),
                  bias_regularizer=regularizers.L1(0.01))
    report = check_layer(layer, np.random.default_rng(2).standard_normal((6, 4)))
    assert report.passed, str(report)


def test_dense_backward_formulas_and_float32():
    layer = built_dense(3, 4)
    x = np.random.default_rng(3).standard_normal((5, 4)).astype(np.float32)
    layer.forward(x)
    grad_out = np.random.default_rng(4).standard_normal((5, 3)).astype(np.float32)
    grad_x = layer.backward(grad_out)  # linear activation: delta = grad_out
    np.testing.assert_allclose(layer.grads["kernel"], x.T @ grad_out, rtol=1e-5)
    np.testing.assert_allclose(layer.grads["bias"], grad_out.sum(axis=0), rtol=1e-5)
    np.testing.assert_allclose(grad_x, grad_out @ layer.kernel.T, rtol=1e-5)
    assert grad_x.dtype == np.float32 and all(g.dtype == np.float32 for g in layer.grads.values())


def test_gradients_are_replaced_not_accumulated():
    layer = built_dense(3, 4, activation="tanh")
    x = np.ones((2, 4), dtype=np.float32)
    grad = np.ones((2, 3), dtype=np.float32)
    layer.forward(x)
    layer.backward(grad)
    first = {k: v.copy() for k, v in layer.grads.items()}
    layer.forward(x)
    layer.backward(grad)
    for name in first:
        np.testing.assert_array_equal(layer.grads[name], first[name])


def test_backward_without_input_gradient_sets_the_same_parameter_gradients():
    a, b = built_dense(3, 4, activation="relu"), built_dense(3, 4, activation="relu")
    x = np.random.default_rng(5).standard_normal((6, 4)).astype(np.float32)
    grad = np.random.default_rng(6).standard_normal((6, 3)).astype(np.float32)
    a.forward(x)
    a.backward(grad)
    b.forward(x)
    b.backward_without_input_gradient(grad)
    for name in a.grads:
        np.testing.assert_allclose(a.grads[name], b.grads[name])


def test_dense_rejects_wrong_input_shapes_naming_the_layer():
    layer = built_dense(3, 4)
    layer.name = "hidden"
    with pytest.raises(errors.ShapeError, match=r"'hidden'.*\(None, 4\).*\(5, 7\)"):
        layer.forward(np.ones((5, 7), dtype=np.float32))
    with pytest.raises(errors.ShapeError, match=r"reshape\(-1, 1\)"):
        layer.forward(np.ones(4, dtype=np.float32))
    with pytest.raises(errors.ShapeError, match="Flatten"):
        layer.forward(np.ones((2, 2, 4), dtype=np.float32))


def test_dense_hyperparameter_errors():
    for units in (0, -3, 2.5, "10", True):
        with pytest.raises(errors.HyperparameterError, match="units"):
            Dense(units)
    with pytest.raises(errors.UnknownNameError, match="relu"):
        Dense(3, activation="rellu")
    with pytest.raises(errors.HyperparameterError, match="not both"):
        Dense(3, input_dim=4, input_shape=(4,))
    with pytest.raises(errors.HyperparameterError, match="dtype"):
        Dense(3, dtype="int32")


def test_dense_regularization_penalty():
    layer = built_dense(2, 3, kernel_regularizer=regularizers.L2(0.1), bias_regularizer="l1")
    layer.params["bias"][...] = [1.0, -2.0]
    expected = 0.1 * np.sum(layer.kernel.astype(np.float64) ** 2) + 0.01 * 3.0
    assert layer.regularization_penalty() == pytest.approx(expected, rel=1e-6)
    assert built_dense().regularization_penalty() == 0.0


def test_initializer_with_its_own_seed_wins_over_the_model_generator():
    from nnlib import initializers

    a = built_dense(3, 4, seed=1, kernel_initializer=initializers.GlorotUniform(seed=7))
    b = built_dense(3, 4, seed=2, kernel_initializer=initializers.GlorotUniform(seed=7))
    np.testing.assert_array_equal(a.kernel, b.kernel)
    c, d = built_dense(3, 4, seed=1), built_dense(3, 4, seed=2)
    assert not np.array_equal(c.kernel, d.kernel)


# ----- weights --------------------------------------------------------------------------
def test_set_weights_copies_in_place_and_validates_first():
    layer = built_dense(3, 4)
    kernel = layer.kernel
    new = [np.full((4, 3), 0.5), np.arange(3.0)]
    layer.set_weights(new)
    assert layer.kernel is kernel  # same array object: optimizers keep working on it
    np.testing.assert_array_equal(layer.kernel, 0.5)
    before = layer.get_weights()
    with pytest.raises(errors.ShapeError, match="expects 2 arrays"):
        layer.set_weights([np.zeros((4, 3))])
    with pytest.raises(errors.ShapeError, match=r"'bias'.*\(3,\).*\(4,\)"):
        layer.set_weights([np.zeros((4, 3)), np.zeros(4)])
    for old, now in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, now)


def test_get_weights_returns_copies():
    layer = built_dense(3, 4)
    weights = layer.get_weights()
    weights[0][...] = 99
    assert not np.any(layer.kernel == 99)


def test_unbuilt_layer_raises_not_built():
    with pytest.raises(errors.NotBuiltError, match="input_shape"):
        Dense(3).get_weights()
    with pytest.raises(errors.NotBuiltError):
        Dense(3).count_params()


def test_calling_a_layer_builds_it():
    layer = Dense(2, activation="relu")
    out = layer(np.ones((3, 5), dtype=np.float32))
    assert layer.built and out.shape == (3, 2) and layer.kernel.shape == (5, 2)


def test_default_names_are_snake_case():
    assert Dense(2).name == "dense" and Dropout(0.1).name == "dropout"
    assert Activation("relu").name == "activation" and Flatten().name == "flatten"
    assert Dense(2, name="out").name == "out"


# ----- Activation, Dropout, Flatten, Input --------------------------------------------
def test_activation_layer_forward_backward():
    layer = Activation("tanh")
    x = np.linspace(-2, 2, 8, dtype=np.float32).reshape(2, 4)
    np.testing.assert_allclose(layer(x), np.tanh(x), rtol=1e-6)
    assert check_layer(Activation("softmax"), np.random.default_rng(0).standard_normal((3, 4))).passed
    assert check_layer(Activation("sigmoid"), np.random.default_rng(0).standard_normal((3, 4))).passed


@pytest.mark.parametrize("rate", [1.0, -0.1, 1.5, "0.5", None])
def test_dropout_rate_must_be_in_zero_one(rate):
    with pytest.raises(errors.HyperparameterError, match=r"\[0, 1\)"):
        Dropout(rate)


def test_dropout_is_identity_at_inference_and_inverted_while_training():
    layer = Dropout(0.25, seed=0)
    x = np.ones((400, 50), dtype=np.float32)
    assert layer(x) is x
    out = layer.forward(x, training=True)
    kept = out != 0
    assert out.dtype == np.float32
    assert abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(out[kept], 1 / 0.75, rtol=1e-6)  # inverted dropout scaling
    assert abs(out.mean() - 1.0) < 0.02  # expected value is preserved
    grad = layer.backward(np.ones_like(x))
    np.testing.assert_array_equal(grad, out)  # same mask in the backward pass


def test_dropout_seed_makes_masks_repeat():
    x = np.ones((10, 10), dtype=np.float32)
    a = Dropout(0.5, seed=3).forward(x, training=True)
    b = Dropout(0.5, seed=3).forward(x, training=True)
    np.testing.assert_array_equal(a, b)


def test_dropout_gradient_check_in_training_mode():
    report = check_layer(Dropout(0.5, seed=1), np.random.default_rng(0).standard_normal((4, 6)), training=True)
    assert report.passed, str(report)


def test_flatten():
    layer = Flatten()
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    out = layer(x)
    assert out.shape == (2, 12) and layer.output_shape == (None, 12)
    assert layer.backward(np.ones((2, 12))).shape == (2, 3, 4)
    with pytest.raises(errors.ShapeError, match="flatten"):
        layer.forward(np.ones((2, 4, 3)))


def test_input_returns_the_keras_tensor_of_an_input_layer():
    tensor = Input(shape=(8,))
    assert isinstance(tensor, KerasTensor) and tensor.shape == (None, 8)
    assert isinstance(tensor.layer, InputLayer) and tensor.layer.declared_input_shape == (8,)


def test_a_keras_tensor_has_no_values():
    with pytest.raises(errors.HyperparameterError, match="placeholder"):
        np.asarray(Input(shape=(3,)))


def test_custom_layer_following_the_base_api():
    class Scale(Layer):
        """y = x * s, one weight per feature."""

        def build(self, input_shape, rng=None):
            self.params = {"s": np.ones(input_shape[-1], dtype=self.dtype)}
            self.grads = {"s": np.zeros_like(self.params["s"])}
            super().build(input_shape, rng)

        def forward(self, x, training=False):
            self._x = x
            return x * self.params["s"]

        def backward(self, grad_output):
            self.grads["s"] = np.sum(grad_output * self._x, axis=0)
            return grad_output * self.params["s"]

    layer = Scale()
    assert layer.name == "scale"
    assert check_layer(layer, np.random.default_rng(0).standard_normal((5, 3))).passed


def test_large_inputs_do_not_warn():
    # pytest turns RuntimeWarnings into errors (pyproject)
    for activation in ("sigmoid", "softmax", "tanh", "relu"):
        layer = built_dense(3, 2, activation=activation)
        out = layer.forward(np.array([[1000.0, -1000.0], [-1000.0, 1000.0]], dtype=np.float32))
        assert np.all(np.isfinite(out))


def test_reading_kernel_or_bias_of_an_unbuilt_dense_says_to_build_it():
    layer = Dense(3)
    for attribute in ("kernel", "bias"):
        with pytest.raises(errors.NotBuiltError, match="has no weights yet.*Build it"):
            getattr(layer, attribute)
