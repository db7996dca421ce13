"""Tests of nnlib.utils: make_rng and to_categorical (checked against Keras)."""

import numpy as np
import pytest

from nnlib import errors
from nnlib.utils import make_rng, to_categorical


def test_make_rng_from_int_is_reproducible():
    assert make_rng(7).random() == make_rng(7).random()
    assert make_rng(7).random() != make_rng(8).random()


def test_make_rng_returns_a_generator_unchanged():
    rng = np.random.default_rng(1)
    assert make_rng(rng) is rng


def test_make_rng_none_gives_a_fresh_generator():
    assert isinstance(make_rng(None), np.random.Generator)
    assert isinstance(make_rng(np.int64(3)), np.random.Generator)


@pytest.mark.parametrize("seed", [-1, "42", 1.5, True])
def test_make_rng_rejects_bad_seeds(seed):
    with pytest.raises(errors.HyperparameterError, match="seed"):
        make_rng(seed)


@pytest.mark.parametrize(
    "labels, num_classes",
    [([0, 2, 1, 2], None), ([[0], [2], [1]], None), ([1, 0], 4), (np.array([3.0, 0.0]), None), ([[0, 1], [1, 2]], 3)],
)
def test_to_categorical_matches_keras(keras, labels, num_classes):
    ours = to_categorical(labels, num_classes)
    theirs = keras.utils.to_categorical(labels, num_classes)
    assert ours.dtype == np.float32
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


def test_to_categorical_does_not_change_its_input():
    y = np.array([[2], [0]])
    to_categorical(y)
    np.testing.assert_array_equal(y, [[2], [0]])


@pytest.mark.parametrize(
    "labels, num_classes, message",
    [
        ([0, -1], None, ">= 0"),
        ([0.5, 1.0], None, "whole-number"),
        ([0, 3], 3, "num_classes=3"),
        ([np.nan, 1.0], None, "whole-number"),
        ([], None, "no labels"),
    ],
)
def test_to_categorical_rejects_bad_labels(labels, num_classes, message):
    with pytest.raises(errors.DataError, match=message):
        to_categorical(labels, num_classes)
