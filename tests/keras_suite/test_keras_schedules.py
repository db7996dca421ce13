"""``nnlib.optimizers.schedules``, from Keras's
``keras/src/optimizers/schedules/learning_rate_schedule_test.py``.

The ``test_keras_*`` cases re-express the Keras tests they name (same arguments, steps,
reference formulas and tolerance 1e-6); the others compare every schedule with the
installed Keras step by step, train with a schedule, and check configs and bad input.
"""

import math

import numpy as np
import pytest

from nnlib import errors
from nnlib.optimizers import SGD, schedules

TOL = 1e-6


def close(got, expected, tol=TOL):
    assert got == pytest.approx(expected, abs=tol, rel=tol)


# ----- PiecewiseConstantDecay -----------------------------------------------------------------------
def test_keras_piecewise_values():
    """Keras: PiecewiseConstantDecayTest.test_piecewise_values."""
    lr = schedules.PiecewiseConstantDecay([100, 110, 120], [1.0, 0.1, 0.01, 0.001])
    for step, expected in [(-999, 1.0), (100, 1.0), (105, 0.1), (110, 0.1), (120, 0.01), (999, 0.001)]:
        close(lr(step), expected)


def test_keras_boundary_values():
    """Keras: PiecewiseConstantDecayTest.test_boundary_values."""
    lr = schedules.PiecewiseConstantDecay([1, 2, 3], [0.4, 0.5, 0.6, 0.7])
    for step, expected in [(0, 0.4), (1, 0.4), (2, 0.5), (3, 0.6), (4, 0.7)]:
        close(lr(np.int64(step)), expected)


# ----- PolynomialDecay ------------------------------------------------------------------------------
@pytest.mark.parametrize("power", [1.0, 0.5])
def test_keras_polynomial_decay(power):
    """Keras: LinearDecayTest (power 1) and SqrtDecayTest (power 0.5): test_halfway, test_end,
    test_halfway_with_end, test_beyond_end, test_beyond_end_with_cycle."""
    lr, end = 0.05, 0.001
    close(schedules.PolynomialDecay(lr, 10, 0.0, power=power)(5), lr * 0.5 ** power)
    close(schedules.PolynomialDecay(lr, 10, end, power=power)(10), end)
    close(schedules.PolynomialDecay(lr, 10, end, power=power)(5), (lr - end) * 0.5 ** power + end)
    close(schedules.PolynomialDecay(lr, 10, end, power=power)(15), end)
    close(schedules.PolynomialDecay(lr, 10, end, power=power, cycle=True)(15), (lr - end) * 0.25 ** power + end)


def test_keras_begin_with_cycle():
    """Keras: SqrtDecayTest.test_begin_with_cycle."""
    close(schedules.PolynomialDecay(0.001, 10, cycle=True)(0), 0.001)


# ----- InverseTimeDecay -----------------------------------------------------------------------------
@pytest.mark.parametrize("staircase", [False, True])
def test_keras_inverse_time_decay(staircase):
    """Keras: InverseTimeDecayTest.test_decay and test_staircase."""
    lr = schedules.InverseTimeDecay(0.1, 10, 0.96, staircase=staircase)
    for i in range(11):
        p = i // 10 if staircase else i / 10
        close(lr(i), 0.1 / (1 + 0.96 * p))


# ----- CosineDecay and CosineDecayRestarts ---------------------------------------------------------
def np_cosine_decay(step, decay_steps, alpha=0.0):
    fraction = min(step, decay_steps) / decay_steps
    return (1.0 - alpha) * 0.5 * (1.0 + math.cos(math.pi * fraction)) + alpha


@pytest.mark.parametrize("alpha", [0.0, 0.1])
@pytest.mark.parametrize("initial", [1.0, np.float64(1.0)])
def test_keras_cosine_decay(alpha, initial):
    """Keras: CosineDecayTest.test_decay, test_alpha, test_float64."""
    for step in range(0, 1500, 250):
        close(schedules.CosineDecay(initial, 1000, alpha)(step), np_cosine_decay(step, 1000, alpha))


def test_keras_cosine_warmup_and_warmup_decay():
    """Keras: CosineDecayTest.test_warmup and test_warmup_decay (warm-up from 0 to 10)."""
    for step in range(0, 1500, 250):
        lr = schedules.CosineDecay(0.0, 10, warmup_target=10.0, warmup_steps=1500)
        close(lr(step), step / 1500 * 10.0, tol=1e-5)
    for step in range(0, 3000, 250):
        lr = schedules.CosineDecay(0.0, 1000, warmup_target=10.0, warmup_steps=2000)
        expected = step / 2000 * 10.0 if step < 2001 else 10.0 * np_cosine_decay(step - 2000, 1000)
        close(lr(step), expected, tol=1e-5)


def np_cosine_decay_restarts(step, decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0):
    factor = 1.0
    while step >= decay_steps:
        step -= decay_steps
        decay_steps *= t_mul
        factor *= m_mul
    return (1.0 - alpha) * factor * 0.5 * (1.0 + math.cos(math.pi * step / decay_steps)) + alpha


@pytest.mark.parametrize("options", [{}, {"alpha": 0.1}, {"m_mul": 0.9}, {"t_mul": 1.0}],
                         ids=["decay", "alpha", "mmul", "tmul"])
def test_keras_cosine_decay_restarts(options):
    """Keras: CosineDecayRestartsTest.test_decay, test_float64, test_alpha, test_mmul, test_tmul."""
    for step in range(0, 1500, 250):
        close(schedules.CosineDecayRestarts(1.0, 1000, **options)(step), np_cosine_decay_restarts(step, 1000, **options))


# ----- beyond Keras's tests -------------------------------------------------------------------------
KERAS_CASES = [
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=7, decay_rate=0.9, staircase=True)),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5)),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5, staircase=True)),
    ("PiecewiseConstantDecay", dict(boundaries=[3, 10, 25], values=[0.3, 0.1, 0.03, 0.01])),
    ("PolynomialDecay", dict(initial_learning_rate=0.2, decay_steps=12, end_learning_rate=0.01, power=2.0)),
    ("PolynomialDecay", dict(initial_learning_rate=0.2, decay_steps=12, power=0.5, cycle=True)),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=20, alpha=0.05)),
    ("CosineDecay", dict(initial_learning_rate=0.01, decay_steps=20, warmup_target=0.1, warmup_steps=6)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=5)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=4, t_mul=1.5, m_mul=0.8, alpha=0.1)),
]


@pytest.mark.parametrize("name, config", KERAS_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(KERAS_CASES)])
def test_same_rates_as_keras(keras, name, config):
    ours = getattr(schedules, name)(**config)
    theirs = getattr(keras.optimizers.schedules, name)(**config)
    for step in range(0, 60):
        assert ours(step) == pytest.approx(float(theirs(step)), rel=2e-6, abs=1e-9), f"step {step}"


@pytest.mark.parametrize("name, config", KERAS_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(KERAS_CASES)])
def test_config_round_trip_and_saving_form(name, config):
    schedule = getattr(schedules, name)(**config)
    again = schedules.deserialize(schedules.serialize(schedule))
    assert type(again) is type(schedule) and again.get_config() == schedule.get_config()
    assert [again(s) for s in range(30)] == [schedule(s) for s in range(30)]


def test_an_optimizer_follows_its_schedule():
    """An optimizer reads its schedule at its own step count, as in Keras (0 at the first update)."""
    schedule = schedules.PiecewiseConstantDecay([1, 2], [0.5, 0.25, 0.125])
    optimizer = SGD(learning_rate=schedule)
    w = np.array([1.0])
    seen = []
    for _ in range(4):
        seen.append(optimizer.learning_rate)
        optimizer.apply([np.array([1.0])], [w])
    assert seen == [0.5, 0.5, 0.25, 0.125]
    assert w[0] == pytest.approx(1.0 - 0.5 - 0.5 - 0.25 - 0.125)


@pytest.mark.parametrize("make, words", [
    (lambda: schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5]), "one more entry than boundaries"),
    (lambda: schedules.PiecewiseConstantDecay([20, 10], [1.0, 0.5, 0.1]), "boundaries must increase"),
    (lambda: schedules.PolynomialDecay(0.1, 0), "decay_steps must be a number > 0"),
    (lambda: schedules.InverseTimeDecay(0.1, 10, -1.0), "decay_rate must be a number >= 0"),
    (lambda: schedules.CosineDecay(0.1, 10, alpha=1.5), "alpha must be in [0, 1]"),
    (lambda: schedules.CosineDecay(0.1, -5), "decay_steps must be a number > 0"),
    (lambda: schedules.CosineDecayRestarts(0.1, 10, t_mul=0), "t_mul must be a number > 0"),
])
def test_values_out_of_range_are_clear_errors(make, words):
    """Keras raises ValueError for some of these (decay_steps <= 0, unequal lengths); nnlib checks
    every argument, and its HyperparameterError is a ValueError."""
    with pytest.raises(errors.HyperparameterError) as caught:
        make()
    assert words in str(caught.value) and isinstance(caught.value, ValueError)
