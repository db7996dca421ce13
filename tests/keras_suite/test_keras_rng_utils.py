"""``nnlib.utils.set_random_seed``, from Keras's ``keras/src/utils/rng_utils_test.py``.

Keras's tests build the same unseeded model (Dense, Dropout, Dense) and predict, after
``set_random_seed(42)``, again without re-seeding, after re-seeding with 42, and after
seeding with 1337: the first and third results are equal, the others differ. nnlib's
Dropout is active only in training (as Keras's), so the model is also trained for a few
steps, which brings in the shuffles and the dropout masks.
"""

import random

import numpy as np
import pytest

from nnlib import utils
from nnlib.errors import HyperparameterError
from nnlib.layers import Dense, Dropout, Input
from nnlib.models import Sequential


@pytest.fixture(autouse=True)
def restore_random_state(monkeypatch):
    """Each test starts unseeded and leaves Python's and NumPy's global generators as it found them."""
    monkeypatch.setattr(utils, "_seed_sequence", None)
    python_state, numpy_state = random.getstate(), np.random.get_state()
    yield
    random.setstate(python_state)
    np.random.set_state(numpy_state)


def model_output():
    """Keras's get_model_output, plus two epochs of training (shuffles and dropout masks)."""
    model = Sequential([Input(shape=(10,)), Dense(10), Dropout(0.5), Dense(10)])
    x = np.random.random((32, 10)).astype("float32")
    prediction = model.predict(x, batch_size=16, verbose=0)
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, np.zeros((32, 10)), batch_size=8, epochs=2, verbose=0)
    return prediction, model.get_weights(), history.history["loss"]


def same(a, b):
    return all(np.array_equal(u, v) for u, v in zip(a[1], b[1])) and np.array_equal(a[0], b[0]) and a[2] == b[2]


def test_keras_set_random_seed_with_seed_generator():
    """Keras: TestRandomSeedSetting.test_set_random_seed_with_seed_generator."""
    utils.set_random_seed(42)
    y1 = model_output()
    y2 = model_output()  # the second call continues the sequence: other numbers
    assert not np.allclose(y1[0], y2[0])
    utils.set_random_seed(42)
    y3 = model_output()  # re-seeding repeats the first call exactly
    assert same(y1, y3)
    utils.set_random_seed(1337)
    y4 = model_output()
    assert not np.allclose(y1[0], y4[0])


def test_keras_set_random_seed_with_global_seed_generator():
    """Keras: TestRandomSeedSetting.test_set_random_seed_with_global_seed_generator.

    Keras draws from ``keras.random`` without a seed; nnlib's counterpart is ``make_rng(None)``.
    """
    utils.set_random_seed(42)
    y1 = utils.make_rng(None).integers(0, 1000, size=(32, 10))
    y2 = utils.make_rng(None).integers(0, 1000, size=(32, 10))
    assert not np.array_equal(y1, y2)
    utils.set_random_seed(42)
    y3 = utils.make_rng(None).integers(0, 1000, size=(32, 10))
    assert np.array_equal(y1, y3)
    utils.set_random_seed(1337)
    assert not np.array_equal(y1, utils.make_rng(None).integers(0, 1000, size=(32, 10)))


def test_python_and_numpy_generators_are_seeded_as_keras_seeds_them():
    """Keras's set_random_seed calls random.seed and np.random.seed: the user's own draws repeat."""
    utils.set_random_seed(7)
    first = (random.random(), np.random.random(3))
    utils.set_random_seed(7)
    assert random.random() == first[0] and np.array_equal(np.random.random(3), first[1])


def test_an_explicit_seed_is_not_affected():
    """``Sequential(seed=0)`` gives the same weights whether or not a global seed was set."""
    def weights():
        model = Sequential([Input(shape=(4,)), Dense(3), Dense(2)], seed=0)
        return model.get_weights()

    unseeded = weights()
    utils.set_random_seed(123)
    assert all(np.array_equal(a, b) for a, b in zip(unseeded, weights()))


def test_without_set_random_seed_unseeded_models_differ():
    a = Sequential([Input(shape=(4,)), Dense(3)]).get_weights()
    b = Sequential([Input(shape=(4,)), Dense(3)]).get_weights()
    assert not np.array_equal(a[0], b[0])


@pytest.mark.parametrize("seed", [1.5, "42", None, -1, True])
def test_a_seed_that_is_not_a_non_negative_int_is_refused(seed):
    """Keras raises ValueError ("Expected `seed` argument to be an integer"); nnlib's
    HyperparameterError is a ValueError. nnlib also refuses negative ints, which
    np.random.seed would refuse later."""
    with pytest.raises(ValueError, match="non-negative int") as caught:
        utils.set_random_seed(seed)
    assert isinstance(caught.value, HyperparameterError)
    assert utils._seed_sequence is None  # nothing was changed
