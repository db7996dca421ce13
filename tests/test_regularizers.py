"""Tests of nnlib.regularizers: Keras penalty values, gradients, names, errors."""

import numpy as np
import pytest

from nnlib import errors, regularizers

W = np.random.default_rng(0).normal(size=(6, 4)).astype(np.float32)


@pytest.mark.parametrize(
    "make_ours, make_theirs",
    [
        (lambda r: r.L1(), lambda k: k.regularizers.L1()),
        (lambda r: r.L2(), lambda k: k.regularizers.L2()),
        (lambda r: r.l1(0.3), lambda k: k.regularizers.l1(0.3)),
        (lambda r: r.l2(0.05), lambda k: k.regularizers.l2(0.05)),
        (lambda r: r.L1L2(l1=0.01, l2=0.02), lambda k: k.regularizers.L1L2(l1=0.01, l2=0.02)),
        (lambda r: r.l1_l2(l1=0.1), lambda k: k.regularizers.l1_l2(l1=0.1)),
        (lambda r: r.l1_l2(), lambda k: k.regularizers.l1_l2()),
    ],
)
def test_penalty_matches_keras(keras, make_ours, make_theirs):
    ours = make_ours(regularizers)(W)
    theirs = float(make_theirs(keras)(keras.ops.convert_to_tensor(W)))
    assert isinstance(ours, float)
    assert ours == pytest.approx(theirs, rel=1e-6, abs=1e-12)


def test_l2_has_no_one_half():
    assert regularizers.L2(0.5)(np.array([2.0, 1.0])) == pytest.approx(0.5 * 5)


@pytest.mark.parametrize("regularizer", [regularizers.L1(0.2), regularizers.L2(0.3), regularizers.L1L2(0.1, 0.4)])
def test_gradient_matches_central_differences(regularizer):
    w = np.random.default_rng(1).normal(size=(5, 3))
    w = np.where(np.abs(w) < 0.01, 0.5, w)  # |w| has a kink at 0
    numerical = np.zeros_like(w)
    for index in np.ndindex(w.shape):
        step = np.zeros_like(w)
        step[index] = 1e-6
        numerical[index] = (regularizer(w + step) - regularizer(w - step)) / 2e-6
    analytic = regularizer.gradient(w)
    assert np.max(np.abs(analytic - numerical) / np.abs(analytic)) < 1e-6


@pytest.mark.parametrize("regularizer", [regularizers.L1(), regularizers.L2(), regularizers.L1L2(0.1, 0.1)])
def test_gradient_keeps_float32(regularizer):
    assert regularizer.gradient(W).dtype == np.float32


def test_get_and_config_round_trip():
    assert regularizers.get(None) is None
    assert type(regularizers.get("L2")) is regularizers.L2
    assert type(regularizers.get("l1_l2")) is regularizers.L1L2
    custom = regularizers.L1L2(l1=0.2, l2=0.3)
    assert regularizers.get(custom) is custom
    rebuilt = regularizers.get(custom.get_config())
    assert (rebuilt.l1, rebuilt.l2) == (0.2, 0.3)
    assert regularizers.L2().get_config() == {"name": "l2", "l2": 0.01}


def test_unknown_name_suggests_the_closest():
    with pytest.raises(errors.UnknownNameError, match="Did you mean 'l2'"):
        regularizers.get("L22")
    with pytest.raises(errors.UnknownNameError):
        regularizers.get(0.01)


@pytest.mark.parametrize(
    "make", [lambda: regularizers.L1(-0.1), lambda: regularizers.L2(float("nan")), lambda: regularizers.L1L2(l2="a")]
)
def test_invalid_factors(make):
    with pytest.raises(errors.HyperparameterError, match="l[12]"):
        make()
