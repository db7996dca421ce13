"""Tests of nnlib.initializers: Keras formulas, checked by statistics against Keras."""

import math

import numpy as np
import pytest

from nnlib import errors, initializers

SHAPE = (300, 500)  # fan_in 300, fan_out 500: 150,000 draws
FAN_IN, FAN_OUT = SHAPE

# name -> (distribution, scale of the spread): "uniform" gives the limit, "truncated" the stddev.
EXPECTED = {
    "glorot_uniform": ("uniform", math.sqrt(6 / (FAN_IN + FAN_OUT))),
    "he_uniform": ("uniform", math.sqrt(6 / FAN_IN)),
    "lecun_uniform": ("uniform", math.sqrt(3 / FAN_IN)),
    "random_uniform": ("uniform", 0.05),
    "glorot_normal": ("truncated", math.sqrt(2 / (FAN_IN + FAN_OUT))),
    "he_normal": ("truncated", math.sqrt(2 / FAN_IN)),
    "lecun_normal": ("truncated", math.sqrt(1 / FAN_IN)),
    "random_normal": ("normal", 0.05),
}


def check_statistics(w, distribution, spread):
    """Assert the mean, standard deviation and bounds that the formula promises."""
    assert abs(w.mean()) < 0.02 * spread  # about 8 standard errors of the mean
    if distribution == "uniform":
        assert np.abs(w).max() <= spread
        assert np.abs(w).max() > 0.99 * spread
        assert w.std() == pytest.approx(spread / math.sqrt(3), rel=0.01)
    elif distribution == "truncated":
        # A normal with stddev spread / 0.8796, truncated at 2 of ITS stddevs, has stddev `spread`.
        assert np.abs(w).max() <= 2 * spread / 0.87962566103423978 * (1 + 1e-6)
        assert w.std() == pytest.approx(spread, rel=0.01)
    else:
        assert w.std() == pytest.approx(spread, rel=0.01)
        assert np.abs(w).max() > 3.5 * spread  # not truncated


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_statistics_follow_the_keras_formulas(name):
    w = initializers.get(name)(SHAPE, rng=np.random.default_rng(0))
    assert w.shape == SHAPE and w.dtype == np.float32
    check_statistics(w, *EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_keras_draws_have_the_same_statistics(keras, name):
    """The same checks pass on Keras's own draws, and both agree on the spread."""
    theirs = keras.ops.convert_to_numpy(keras.initializers.get(name)(SHAPE, dtype="float32"))
    ours = initializers.get(name)(SHAPE, rng=np.random.default_rng(1))
    check_statistics(theirs, *EXPECTED[name])
    assert ours.std() == pytest.approx(theirs.std(), rel=0.02)
    assert np.abs(ours).max() == pytest.approx(np.abs(theirs).max(), rel=0.05 if name != "random_normal" else 0.3)


@pytest.mark.parametrize("name, value", [("zeros", 0.0), ("ones", 1.0)])
def test_constant_initializers(keras, name, value):
    ours = initializers.get(name)((3, 4))
    np.testing.assert_array_equal(ours, keras.ops.convert_to_numpy(keras.initializers.get(name)((3, 4))))
    assert np.all(ours == value) and ours.dtype == np.float32


@pytest.mark.parametrize("shape", [(5,), (3, 4), (3, 3, 2, 8), ()])
def test_fans_match_keras(shape):
    from keras.src.initializers.random_initializers import compute_fans

    assert initializers.compute_fans(shape) == compute_fans(shape)


def test_keras_defaults():
    normal, uniform = initializers.RandomNormal(), initializers.RandomUniform()
    assert (normal.mean, normal.stddev) == (0.0, 0.05)
    assert (uniform.minval, uniform.maxval) == (-0.05, 0.05)


def test_the_generator_passed_in_is_used():
    init = initializers.GlorotUniform()
    a = init((4, 3), rng=np.random.default_rng(5))
    b = init((4, 3), rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    rng = np.random.default_rng(5)
    assert not np.array_equal(init((4, 3), rng=rng), init((4, 3), rng=rng))  # the stream moves on


def test_a_seeded_initializer_repeats_its_values_like_keras_3():
    init = initializers.HeNormal(seed=3)
    np.testing.assert_array_equal(init((6, 2)), init((6, 2)))


def test_float64_dtype():
    w = initializers.get("glorot_normal")((10, 10), dtype="float64", rng=np.random.default_rng(0))
    assert w.dtype == np.float64


@pytest.mark.parametrize("name", ["GlorotUniform", "HE_NORMAL", "Zeros", "lecun_normal"])
def test_get_accepts_keras_spellings(name):
    assert isinstance(initializers.get(name), initializers.Initializer)


def test_get_passes_instances_and_none_through():
    init = initializers.RandomNormal(stddev=0.1)
    assert initializers.get(init) is init
    assert initializers.get(None) is None


def test_get_config_round_trip():
    init = initializers.RandomUniform(minval=-1.0, maxval=2.0, seed=4)
    rebuilt = initializers.get(init.get_config())
    np.testing.assert_array_equal(rebuilt((3, 3)), init((3, 3)))


def test_unknown_name_suggests_the_closest():
    with pytest.raises(errors.UnknownNameError) as info:
        initializers.get("glorot_unifrom")
    assert "Did you mean 'glorot_uniform'?" in str(info.value)
    assert "he_normal" in str(info.value)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: initializers.RandomNormal(stddev=0), "stddev"),
        (lambda: initializers.RandomUniform(minval=1, maxval=0), "minval"),
        (lambda: initializers.VarianceScaling(scale=-1), "scale"),
        (lambda: initializers.VarianceScaling(mode="fan_sideways"), "mode"),
        (lambda: initializers.GlorotUniform(seed="x"), "seed"),
    ],
)
def test_invalid_settings_raise(make, message):
    with pytest.raises(errors.NNLibError, match=message):
        make()


@pytest.mark.parametrize("shape", [(3, -1), (2.5, 3), "ab"])
def test_invalid_shapes_raise(shape):
    with pytest.raises(errors.ShapeError, match="shape"):
        initializers.get("glorot_uniform")(shape)
