"""The learning-rate range test: train briefly while the learning rate grows.

Taught in Part 4, "Choosing the learning rate". The test (Smith, 2017)
trains a compiled model for a few hundred mini-batches while the learning rate grows
geometrically from ``min_lr`` to ``max_lr``, and records the loss of each batch. The
loss first barely moves (the rate is too small), then falls fast, then blows up (the
rate is too large). A good learning rate lies in the falling part, somewhat below the
rate where the loss is lowest.

The test only looks: it trains a copy of the model (the same layers, weights and
optimizer settings), so the model itself, its optimizer's state and its random
generator are left exactly as they were (a model not built yet is built first, which
draws its initial weights). It uses the public Keras-style API only
(``get_config``/``from_config``, ``get_weights``/``set_weights``, ``compile``,
``train_on_batch``), so it works on any nnlib model that has them.

Example::

    result = lr_range_test(model, x_train, y_train, min_lr=1e-5, max_lr=1.0)
    plt.semilogx(result.learning_rates, result.losses)
    print(result.suggestion())
"""

import copy
from dataclasses import dataclass

import numpy as np

from nnlib import errors
from nnlib.utils import make_rng


@dataclass
class LRRangeResult:
    """What ``lr_range_test`` measured.

    Attributes:
        learning_rates: the learning rate of each step, shape (steps,).
        losses: the loss of the batch at each step, before its update, shape (steps,).
        smoothed: ``losses`` smoothed by an exponential moving average with bias
            correction, shape (steps,).
        stopped_early: True when the loss exceeded ``stop_factor`` times its best value
            (or became NaN) before ``max_lr`` was reached.
    """

    learning_rates: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stopped_early: bool

    def best_learning_rate(self):
        """Return the learning rate at which the smoothed loss is lowest."""
        return float(self.learning_rates[int(np.argmin(self.smoothed))])

    def suggestion(self, divisor=10.0):
        """Return a learning rate to train with: the best one divided by ``divisor``.

        At the minimum of the curve the loss is about to blow up; a rate about ten
        times smaller still falls fast and is safe (the usual rule of thumb).
        """
        return self.best_learning_rate() / divisor


def _geometric_rates(min_lr, max_lr, num_steps):
    """Return ``num_steps`` learning rates from ``min_lr`` to ``max_lr``, evenly spaced in log."""
    return min_lr * (max_lr / min_lr) ** (np.arange(num_steps) / max(num_steps - 1, 1))


def _smooth(values, beta):
    """Exponential moving average with bias correction (as Adam's), same shape as ``values``."""
    out = np.empty(len(values))
    average = 0.0
    for i, value in enumerate(values):
        average = beta * average + (1.0 - beta) * value
        out[i] = average / (1.0 - beta ** (i + 1))
    return out


def lr_range_test(model, x, y, min_lr=1e-5, max_lr=1.0, num_steps=100, batch_size=32, seed=0,
                  beta=0.9, stop_factor=4.0):
    """Run a learning-rate range test on a compiled ``Sequential`` model.

    Step i trains one mini-batch (drawn from a seeded shuffle of ``x, y``) with the
    learning rate ``min_lr * (max_lr / min_lr) ** (i / (num_steps - 1))``.

    Args:
        model: a compiled ``nnlib.models.Sequential``; its weights and optimizer are
            left as they were.
        x: inputs, shape (n, features).
        y: targets, as ``fit`` takes them.
        min_lr: the first learning rate, > 0. Defaults to 1e-5.
        max_lr: the last learning rate, > ``min_lr``. Defaults to 1.0.
        num_steps: number of mini-batches (training steps), >= 2. Defaults to 100.
        batch_size: samples per step. Defaults to 32.
        seed: seed of the batch order. Defaults to 0.
        beta: smoothing factor of ``LRRangeResult.smoothed``, in [0, 1). Defaults to 0.9.
        stop_factor: stop when the smoothed loss exceeds this many times its lowest
            value. Defaults to 4.

    Returns:
        An ``LRRangeResult`` (learning rates and losses of the steps that ran).

    Raises:
        NotCompiledError: the model is not compiled.
        HyperparameterError: a bad range or step count, or an optimizer built with a
            learning-rate schedule (its rate cannot be set step by step).
    """
    if not model.compiled or model.loss is None:
        raise errors.NotCompiledError(
            "lr_range_test() needs a compiled model with a loss: call model.compile(optimizer=..., "
            "loss=...) first, e.g. model.compile(optimizer='sgd', loss='mse')."
        )
    if not (0 < min_lr < max_lr):
        raise errors.HyperparameterError(f"Need 0 < min_lr < max_lr, got min_lr={min_lr!r}, max_lr={max_lr!r}.")
    if int(num_steps) != num_steps or num_steps < 2:
        raise errors.HyperparameterError(f"num_steps must be an int >= 2, got {num_steps!r}.")
    if not 0 <= beta < 1:
        raise errors.HyperparameterError(f"beta must be in [0, 1), got {beta!r}.")
    x = np.asarray(x)
    y = np.asarray(y)
    n = len(x)
    batch_size = min(int(batch_size), n)
    rng = make_rng(seed)
    rates = _geometric_rates(float(min_lr), float(max_lr), int(num_steps))

    # The test trains a copy (same architecture, weights and optimizer settings), so the
    # model itself, its optimizer's state and its random generator stay as they were.
    if not model.built:
        model.build((None,) + x.shape[1:])
    trial = type(model).from_config(model.get_config())
    trial.build(model.input_shape)
    trial.set_weights(model.get_weights())
    trial.compile(optimizer=copy.deepcopy(model.optimizer), loss=model.loss)
    try:
        trial.optimizer.learning_rate = float(rates[0])
    except errors.HyperparameterError:
        raise errors.HyperparameterError(
            "lr_range_test sets the learning rate at every step; the model's optimizer was "
            "created with a learning-rate schedule. Compile with a number instead."
        ) from None
    losses, stopped_early = [], False
    order, position = rng.permutation(n), 0
    for rate in rates:
        if position + batch_size > n:
            order, position = rng.permutation(n), 0
        batch = order[position:position + batch_size]
        position += batch_size
        trial.optimizer.learning_rate = float(rate)
        try:
            loss = float(trial.train_on_batch(x[batch], y[batch], return_dict=True)["loss"])
        except errors.DivergenceError:
            stopped_early = True
            break
        losses.append(loss)
        smoothed = _smooth(losses, beta)
        if not np.isfinite(loss) or smoothed[-1] > stop_factor * smoothed.min():
            stopped_early = True
            break
    losses = np.array(losses)
    return LRRangeResult(learning_rates=rates[: len(losses)], losses=losses,
                         smoothed=_smooth(losses, beta), stopped_early=stopped_early)
