"""Tests of nnlib.course.figures.saliency: input gradients agree with numerical gradients."""

import numpy as np
import pytest

from nnlib import Sequential, errors
from nnlib.gradcheck import numerical_gradient
from nnlib.layers import Activation, Dense, Flatten
from nnlib.utils import make_rng
from nnlib.course.figures.saliency import class_scores, input_gradient, saliency_map


def _model(last_separate=False):
    layers = [Flatten(input_shape=(3, 4), dtype="float64"), Dense(6, activation="tanh", dtype="float64")]
    if last_separate:
        layers += [Dense(5, dtype="float64"), Activation("softmax", dtype="float64")]
    else:
        layers += [Dense(5, activation="softmax", dtype="float64")]
    return Sequential(layers, seed=1)


def _numeric(model, x, classes, score):
    grads = np.zeros_like(x)
    for k, c in enumerate(classes):
        xk = x[k:k + 1].copy()

        def f():
            return float(class_scores(model, xk, score=score)[0, c])

        indices = [tuple(i) for i in np.ndindex(xk.shape)]
        grads[k] = np.asarray(numerical_gradient(f, xk, indices, step=1e-6)).reshape(x.shape[1:])
    return grads


@pytest.mark.parametrize("score", ["logit", "probability"])
@pytest.mark.parametrize("last_separate", [False, True])
def test_input_gradient_matches_numerical_gradient(score, last_separate):
    model = _model(last_separate)
    x = make_rng(0).normal(size=(3, 3, 4))
    classes = np.array([0, 4, 2])
    analytic = input_gradient(model, x, class_index=classes, score=score)
    assert analytic.shape == x.shape
    np.testing.assert_allclose(analytic, _numeric(model, x, classes, score), rtol=1e-5, atol=1e-8)


def test_default_class_is_the_prediction_and_saliency_is_absolute():
    model = _model()
    x = make_rng(2).normal(size=(4, 3, 4))
    predicted = np.argmax(model.predict(x, verbose=0), axis=1)
    np.testing.assert_allclose(input_gradient(model, x), input_gradient(model, x, class_index=predicted))
    np.testing.assert_allclose(saliency_map(model, x, class_index=1), np.abs(input_gradient(model, x, 1)))
    assert np.any(saliency_map(model, x, class_index=1, absolute=False) < 0)


def test_weights_do_not_change_and_bad_input():
    model = _model()
    before = [w.copy() for w in model.get_weights()]
    input_gradient(model, make_rng(3).normal(size=(2, 3, 4)), class_index=3)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(errors.HyperparameterError):
        input_gradient(model, np.zeros((1, 3, 4)), class_index=7)
    with pytest.raises(errors.HyperparameterError):
        input_gradient(model, np.zeros((1, 3, 4)), score="loss")
    with pytest.raises(errors.ShapeError):
        input_gradient(model, np.zeros(12))
