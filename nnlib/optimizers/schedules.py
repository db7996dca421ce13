"""Learning-rate schedules: a learning rate that changes with the optimizer's step.

Taught in Part 7, "FAQ: choosing the learning rate".

A schedule is passed as ``learning_rate`` to any optimizer, e.g.
``SGD(learning_rate=ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.96))``. The
optimizer calls it with its ``iterations`` (0 at the first update), like Keras.
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
        for what, value in (("initial_learning_rate", initial_learning_rate), ("decay_steps", decay_steps),
                            ("decay_rate", decay_rate)):
            if not (isinstance(value, numbers.Real) and not isinstance(value, bool)
                    and math.isfinite(value) and value > 0):
                raise errors.HyperparameterError(f"{what} must be a number > 0, got {value!r}.")
        self.initial_learning_rate = float(initial_learning_rate)
        self.decay_steps = decay_steps
        self.decay_rate = float(decay_rate)
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step):
        f32 = np.float32
        p = f32(step) / f32(self.decay_steps)
        if self.staircase:
            p = np.floor(p)
        return float(f32(self.initial_learning_rate) * f32(self.decay_rate) ** p)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


_CLASSES = {"ExponentialDecay": ExponentialDecay}


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
