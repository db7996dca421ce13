"""Tests of nnlib.gradcheck: it passes correct code, catches wrong code, and touches nothing."""

import numpy as np
import pytest

from nnlib import errors, gradcheck, regularizers
from nnlib.layers import Dense, Dropout, Layer
from nnlib.models import Sequential

RNG = np.random.default_rng(0)
X = RNG.standard_normal((6, 4))


@pytest.mark.parametrize("loss, activation, y", [
    ("mse", "linear", RNG.standard_normal((6, 3))),
    ("mae", "tanh", RNG.standard_normal((6, 3))),
    ("binary_crossentropy", "sigmoid", RNG.integers(0, 2, (6, 3)).astype(float)),
    ("categorical_crossentropy", "softmax", np.eye(3)[RNG.integers(0, 3, 6)]),
    ("sparse_categorical_crossentropy", "softmax", RNG.integers(0, 3, 6)),
])
def test_check_model_passes_for_every_loss(loss, activation, y):
    model = Sequential([Dense(5, activation="tanh", input_dim=4, kernel_regularizer=regularizers.L2(0.1)),
                        Dropout(0.5),
                        Dense(3, activation=activation, kernel_regularizer=regularizers.L1(0.01))], seed=1)
    model.compile("sgd", loss)
    report = gradcheck.check_model(model, X, y)
    assert report.passed, str(report)
    assert list(report.max_errors) == ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "input (dL/dx)"]
    assert max(report.max_errors.values()) < 1e-7


def test_model_gradients_agree_with_check_model_in_float64():
    model = Sequential([Dense(4, activation="sigmoid", input_dim=4, dtype="float64"),
                        Dense(3, activation="softmax", dtype="float64")], seed=2)
    model.compile("sgd", "sparse_categorical_crossentropy")
    y = RNG.integers(0, 3, 6)
    grads = model.gradients(X, y)
    for grad, weight in zip(grads, model.weights):
        numeric = np.zeros_like(weight)
        for index in np.ndindex(weight.shape):
            old = weight[index]
            weight[index] = old + 1e-6
            plus = model.evaluate(X, y, verbose=0)
            weight[index] = old - 1e-6
            minus = model.evaluate(X, y, verbose=0)
            weight[index] = old
            numeric[index] = (plus - minus) / 2e-6
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)


def test_a_wrong_backward_is_caught_and_named():
    class ForgotTheDerivative(Dense):
        """Backpropagates through tanh as if it were linear: the classic bug."""

        def backward(self, grad_output):
            return self.backward_from_z(grad_output)

    report = gradcheck.check_layer(ForgotTheDerivative(3, activation="tanh"), X)
    assert not report.passed
    text = str(report)
    assert "FAIL" in text and "MISMATCH" in text and "kernel" in text and "worst at" in text
    assert report.max_errors["kernel"] > 1e-3
    html = report._repr_html_()
    assert "<table>" in html and "FAIL" in html


def test_learner_layer_with_aliased_attributes():
    class Affine(Layer):
        """y = x W + b, written by hand with self.W as an alias of params["W"]."""

        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.units)

        def build(self, input_shape, rng=None):
            rng = np.random.default_rng(0) if rng is None else rng
            self.W = rng.standard_normal((input_shape[-1], self.units)).astype(self.dtype)
            self.b = np.zeros(self.units, dtype=self.dtype)
            self.params = {"W": self.W, "b": self.b}
            self.grads = {"W": np.zeros_like(self.W), "b": np.zeros_like(self.b)}
            super().build(input_shape, rng)

        def forward(self, x, training=False):
            self.x = x
            return x @ self.W + self.b

        def backward(self, grad_output):
            self.grads["W"] = self.x.T @ grad_output
            self.grads["b"] = grad_output.sum(axis=0)
            return grad_output @ self.W.T

    layer = Affine(2)
    report = gradcheck.check_layer(layer, X)
    assert report.passed, str(report)
    assert not layer.built  # the original is untouched: the check works on a copy
    model = Sequential([Affine(3, input_shape=(4,)), Dense(1)], seed=0)
    model.compile("sgd", "mse")
    assert gradcheck.check_model(model, X, RNG.standard_normal(6)).passed


def test_originals_are_not_changed():
    model = Sequential([Dense(3, activation="relu", input_dim=4), Dense(2, activation="softmax")], seed=0)
    model.compile("adam", "categorical_crossentropy")
    before = model.get_weights()
    gradcheck.check_model(model, X, np.eye(2)[RNG.integers(0, 2, 6)])
    assert all(w.dtype == np.float32 for w in model.get_weights())
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    layer = model.layers[0]
    gradcheck.check_layer(layer, X)
    assert layer.dtype == "float32" and layer.kernel.dtype == np.float32


def test_large_arrays_are_sampled():
    report = gradcheck.check_layer(Dense(40, activation="tanh"), RNG.standard_normal((3, 30)), max_entries=50)
    assert report.passed
    assert {row.name: row.checked for row in report.rows} == {"kernel": 50, "bias": 40, "input (dL/dx)": 50}


def test_errors():
    with pytest.raises(errors.ShapeError, match="reshape"):
        gradcheck.check_layer(Dense(2), np.ones(4))
    model = Sequential([Dense(2, input_dim=4)])
    with pytest.raises(errors.NotCompiledError):
        gradcheck.check_model(model, X, np.zeros((6, 2)))


def test_relative_error_definition():
    errors_ = gradcheck.relative_errors(np.array([1.0, 0.0, 1e-9]), np.array([1.0 + 1e-6, 0.0, 0.0]))
    assert errors_[0] == pytest.approx(1e-6 / 2, rel=1e-3)
    assert errors_[1] == 0.0
    assert errors_[2] == pytest.approx(1e-9 / (1e-3 * 2.000001), rel=1e-3)  # judged on the array's scale
