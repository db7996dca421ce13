"""``LearningRateScheduler``: set the learning rate at the start of each epoch.

Next to Part 4, "Choosing the learning rate" (a rate that shrinks as training goes on).
As in Keras 3 (``keras/src/callbacks/learning_rate_scheduler.py``):

- ``schedule(epoch, lr)`` gets the epoch (from 0) and the current learning rate and
  returns the new one; a schedule of one argument, ``schedule(epoch)``, also works;
- it must return a float (``0.01``, ``np.float64(0.01)``), not an int: Keras raises
  a ValueError for ``1``, and so does nnlib;
- each epoch's logs get a "learning_rate" entry, so ``history.history`` has it.

An optimizer created with a ``LearningRateSchedule`` has no number to set: the
schedule already decides each step's rate, and setting one raises a TypeError.
"""

import inspect

import numpy as np

from .. import errors
from .base import Callback


class LearningRateScheduler(Callback):
    """Set ``model.optimizer.learning_rate = schedule(epoch, lr)`` before each epoch.

    Example::

        def halve_after_ten(epoch, lr):
            return lr if epoch < 10 else lr * 0.5

        model.fit(x, y, epochs=20, callbacks=[LearningRateScheduler(halve_after_ten)])

    Args:
        schedule: a function ``(epoch, lr) -> new lr`` or ``(epoch) -> new lr``.
        verbose: 1 prints the new rate at each epoch. Defaults to 0.

    Raises:
        HyperparameterError: (a ValueError, during fit) the schedule returned
            something that is not a float, or the optimizer has no learning rate.
        LearningRateNotSettableError: (a TypeError, during fit) the optimizer was
            created with a learning-rate schedule.
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise errors.HyperparameterError(
                f"LearningRateScheduler needs a function schedule(epoch, lr) -> lr, got {schedule!r}."
            )
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "learning_rate"):
            raise errors.HyperparameterError('Optimizer must have a "learning_rate" attribute.')
        learning_rate = self._call_schedule(epoch, float(optimizer.learning_rate))
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise errors.HyperparameterError(
                f"The output of the `schedule` function should be a float. Got: {learning_rate!r} "
                f"(at epoch {epoch}). Return e.g. 0.01 rather than an int or an array."
            )
        optimizer.learning_rate = float(learning_rate)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.learning_rate)

    def _call_schedule(self, epoch, learning_rate):
        """Call ``schedule(epoch, lr)``, or ``schedule(epoch)`` when it takes one argument."""
        try:
            inspect.signature(self.schedule).bind(epoch, learning_rate)
        except TypeError:  # it does not take two arguments
            return self.schedule(epoch)
        except ValueError:  # no signature to read (some built-ins): try both, as Keras does
            try:
                return self.schedule(epoch, learning_rate)
            except TypeError:
                return self.schedule(epoch)
        return self.schedule(epoch, learning_rate)
