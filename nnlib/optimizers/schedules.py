"""Learning-rate schedules: a learning rate that changes with the optimizer's step.

Taught in Part 3, "Gradient descent", and Part 4, "Choosing the learning rate".

A schedule is passed as ``learning_rate`` to any optimizer, e.g.
``SGD(learning_rate=ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.96))``. The
optimizer calls it with its ``iterations`` (0 at the first update), like Keras.

The schedules and their formulas are Keras's (``keras.optimizers.schedules``), computed in
float32 as Keras computes them: ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay,
PolynomialDecay, CosineDecay (with an optional linear warm-up) and CosineDecayRestarts.
"""

import math
import numbers

import numpy as np

from .. import errors


class LearningRateSchedule:
    """Base class: ``schedule(step) -> learning rate`` (a Python float)."""

    def __call__(self, step):
        """Return the learning rate at optimizer step ``step``. Implemented by each schedule."""
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(step).")

    def get_config(self):
        """Return the constructor arguments as a dict."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_config().")

    @classmethod
    def from_config(cls, config):
        """Rebuild a schedule from ``get_config()``."""
        return cls(**config)


def _positive(what, value):
    """Return ``value`` if it is a finite number > 0. Raises HyperparameterError otherwise."""
    if not (isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) and value > 0):
        raise errors.HyperparameterError(f"{what} must be a number > 0, got {value!r}.")
    return value


def _non_negative(what, value):
    """Return ``value`` if it is a finite number >= 0. Raises HyperparameterError otherwise."""
    if not (isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) and value >= 0):
        raise errors.HyperparameterError(f"{what} must be a number >= 0, got {value!r}.")
    return value


def _progress(step, decay_steps, staircase):
    """step / decay_steps in float32, rounded down with ``staircase`` (Exponential/InverseTimeDecay)."""
    p = np.float32(step) / np.float32(decay_steps)
    return np.floor(p) if staircase else p


class ExponentialDecay(LearningRateSchedule):
    """lr(step) = initial_learning_rate * decay_rate ** (step / decay_steps).

    With ``staircase=True`` the exponent is rounded down, so the rate drops in steps
    every ``decay_steps`` updates. Computed in float32, as Keras does.

    Args:
        initial_learning_rate: learning rate at step 0 (> 0).
        decay_steps: number of steps over which the rate is multiplied by
            ``decay_rate`` (> 0).
        decay_rate: the factor (> 0), e.g. 0.96.
        staircase: whether to decay at whole multiples of ``decay_steps`` only.
            Defaults to False.
        name: Defaults to "ExponentialDecay".

    Raises:
        HyperparameterError: a value is outside its range.
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="ExponentialDecay"):
        self.initial_learning_rate = float(_positive("initial_learning_rate", initial_learning_rate))
        self.decay_steps = _positive("decay_steps", decay_steps)
        self.decay_rate = float(_positive("decay_rate", decay_rate))
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step):
        f32 = np.float32
        return float(f32(self.initial_learning_rate) * f32(self.decay_rate) ** _progress(step, self.decay_steps,
                                                                                             self.staircase))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """lr(step) = initial_learning_rate / (1 + decay_rate * step / decay_steps).

    Args:
        initial_learning_rate: learning rate at step 0 (> 0).
        decay_steps: how often the decay is applied (> 0).
        decay_rate: how fast the rate falls (>= 0).
        staircase: round ``step / decay_steps`` down. Defaults to False.
        name: Defaults to "InverseTimeDecay".
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="InverseTimeDecay"):
        self.initial_learning_rate = float(_positive("initial_learning_rate", initial_learning_rate))
        self.decay_steps = _positive("decay_steps", decay_steps)
        self.decay_rate = float(_non_negative("decay_rate", decay_rate))
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step):
        f32 = np.float32
        p = _progress(step, self.decay_steps, self.staircase)
        return float(f32(self.initial_learning_rate) / (f32(1) + f32(self.decay_rate) * p))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant rate between boundaries: ``values[0]`` up to and including step
    ``boundaries[0]``, ``values[1]`` up to ``boundaries[1]``, ..., ``values[-1]`` after the last.

    Args:
        boundaries: increasing step numbers, one fewer than ``values``.
        values: the learning rates (> 0) of the intervals.
        name: Defaults to "PiecewiseConstant".
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        boundaries, values = list(boundaries), list(values)
        if len(boundaries) != len(values) - 1:
            raise errors.HyperparameterError(
                f"values needs one more entry than boundaries (one rate per interval); got "
                f"{len(boundaries)} boundaries and {len(values)} values."
            )
        for value in values:
            _positive("each of values", value)
        for boundary in boundaries:
            _non_negative("each boundary", boundary)
        if any(b >= c for b, c in zip(boundaries, boundaries[1:])):
            raise errors.HyperparameterError(f"boundaries must increase, got {boundaries}.")
        self.boundaries, self.values, self.name = boundaries, values, name

    def __call__(self, step):
        for boundary, value in zip(self.boundaries, self.values):
            if step <= boundary:
                return float(np.float32(value))
        return float(np.float32(self.values[-1]))

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """From ``initial_learning_rate`` to ``end_learning_rate`` in ``decay_steps`` steps:
    lr = (initial - end) * (1 - step / decay_steps) ** power + end, then ``end``.

    With ``cycle=True`` the decay starts again, over the next multiple of ``decay_steps``,
    instead of staying at ``end_learning_rate``.

    Args:
        initial_learning_rate: learning rate at step 0 (> 0).
        decay_steps: length of the decay (> 0).
        end_learning_rate: the final rate (>= 0). Defaults to 0.0001.
        power: the polynomial's power (> 0). Defaults to 1 (linear).
        cycle: Defaults to False.
        name: Defaults to "PolynomialDecay".
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                 name="PolynomialDecay"):
        self.initial_learning_rate = float(_positive("initial_learning_rate", initial_learning_rate))
        self.decay_steps = _positive("decay_steps", decay_steps)
        self.end_learning_rate = float(_non_negative("end_learning_rate", end_learning_rate))
        self.power = float(_positive("power", power))
        self.cycle = bool(cycle)
        self.name = name

    def __call__(self, step):
        f32 = np.float32
        step, decay_steps = f32(step), f32(self.decay_steps)
        if self.cycle:
            multiplier = f32(1) if step == 0 else np.ceil(step / f32(self.decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = min(step, decay_steps)
        p = step / decay_steps
        start, end = f32(self.initial_learning_rate), f32(self.end_learning_rate)
        return float((start - end) * (f32(1) - p) ** f32(self.power) + end)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}


def _cosine(fraction):
    """0.5 (1 + cos(pi fraction)) in float32: 1 at fraction 0, 0 at fraction 1."""
    return np.float32(0.5) * (np.float32(1) + np.cos(np.float32(math.pi) * np.float32(fraction)))


class CosineDecay(LearningRateSchedule):
    """Half a cosine from the rate down to ``alpha`` times it in ``decay_steps`` steps
    (Loshchilov & Hutter, 2017), after an optional linear warm-up.

    Without warm-up: lr = initial * ((1 - alpha) * 0.5 (1 + cos(pi t / decay_steps)) + alpha),
    t = min(step, decay_steps). With ``warmup_target``, the rate first grows linearly from
    ``initial_learning_rate`` to ``warmup_target`` in ``warmup_steps`` steps, then decays
    from ``warmup_target``.

    Args:
        initial_learning_rate: learning rate at step 0 (> 0).
        decay_steps: length of the decay (> 0).
        alpha: the last rate as a fraction of the first, in [0, 1]. Defaults to 0.
        name: Defaults to "CosineDecay".
        warmup_target: the rate reached by the warm-up, or None (no warm-up).
        warmup_steps: length of the warm-up (>= 0). Defaults to 0.
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay", warmup_target=None,
                 warmup_steps=0):
        self.initial_learning_rate = float(_non_negative("initial_learning_rate", initial_learning_rate))
        self.decay_steps = _positive("decay_steps", decay_steps)
        if not 0 <= _non_negative("alpha", alpha) <= 1:
            raise errors.HyperparameterError(f"alpha must be in [0, 1], got {alpha!r}.")
        self.alpha = float(alpha)
        self.name = name
        self.warmup_target = None if warmup_target is None else float(_positive("warmup_target", warmup_target))
        self.warmup_steps = _non_negative("warmup_steps", warmup_steps)

    def _decayed(self, t, start):
        f32 = np.float32
        return start * ((f32(1) - f32(self.alpha)) * _cosine(t / f32(self.decay_steps)) + f32(self.alpha))

    def __call__(self, step):
        f32 = np.float32
        step, start = f32(step), f32(self.initial_learning_rate)
        if self.warmup_target is None:
            return float(self._decayed(min(step, f32(self.decay_steps)), start))
        target, warmup = f32(self.warmup_target), f32(self.warmup_steps)
        step = min(step, f32(self.decay_steps) + warmup)
        if step < warmup:
            return float((target - start) * (step / warmup) + start)
        return float(self._decayed(step - warmup, target))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter, 2017).

    The first period lasts ``first_decay_steps``; each next one is ``t_mul`` times longer
    and starts from ``m_mul`` times the previous starting rate.

    Args:
        initial_learning_rate: learning rate at step 0 (> 0).
        first_decay_steps: length of the first period (> 0).
        t_mul: growth of the period length (> 0). Defaults to 2.
        m_mul: factor of the starting rate at each restart (> 0). Defaults to 1.
        alpha: the lowest rate as a fraction of the period's first, in [0, 1]. Defaults to 0.
        name: Defaults to "SGDRDecay".
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                 name="SGDRDecay"):
        self.initial_learning_rate = float(_positive("initial_learning_rate", initial_learning_rate))
        self.first_decay_steps = _positive("first_decay_steps", first_decay_steps)
        self.t_mul = float(_positive("t_mul", t_mul))
        self.m_mul = float(_positive("m_mul", m_mul))
        if not 0 <= _non_negative("alpha", alpha) <= 1:
            raise errors.HyperparameterError(f"alpha must be in [0, 1], got {alpha!r}.")
        self.alpha = float(alpha)
        self.name = name

    def __call__(self, step):
        f32 = np.float32
        fraction = f32(step) / f32(self.first_decay_steps)
        t_mul = f32(self.t_mul)
        if t_mul == 1:
            restart = np.floor(fraction)
            fraction = fraction - restart
        else:  # the periods' lengths form a geometric series: find the one step falls in
            restart = np.floor(np.log(f32(1) - fraction * (f32(1) - t_mul)) / np.log(t_mul))
            before = (f32(1) - t_mul ** restart) / (f32(1) - t_mul)
            fraction = (fraction - before) / t_mul ** restart
        scale = f32(self.m_mul) ** restart
        decayed = (f32(1) - f32(self.alpha)) * scale * _cosine(fraction) + f32(self.alpha)
        return float(f32(self.initial_learning_rate) * decayed)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "first_decay_steps": self.first_decay_steps,
                "t_mul": self.t_mul, "m_mul": self.m_mul, "alpha": self.alpha, "name": self.name}


_CLASSES = {cls.__name__: cls for cls in (ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay,
                                          CosineDecay, CosineDecayRestarts)}


def serialize(schedule):
    """Return ``{"class_name": ..., "config": ...}`` for saving a schedule."""
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config):
    """Rebuild a schedule saved by ``serialize``.

    Raises:
        UnknownNameError: the class name is not a schedule.
    """
    class_name = config.get("class_name")
    if class_name not in _CLASSES:
        raise errors.unknown_name_error("learning-rate schedule", class_name, _CLASSES)
    return _CLASSES[class_name].from_config(config.get("config", {}))
