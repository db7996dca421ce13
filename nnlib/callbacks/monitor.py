"""What EarlyStopping and ReduceLROnPlateau share: watch one logged value per epoch.

Taught in Part 7, "FAQ: overfitting / learning rate". The rules are those of Keras 3
(``keras/src/callbacks/monitor_callback.py``):

- ``mode="auto"`` decides from the name whether smaller is better: losses and errors
  ("loss", "val_loss", "mse", ...) are minimized, accuracies maximized.
- a new value is an improvement only if it beats the best one by more than
  ``min_delta``.
"""

import warnings

from .. import errors
from .base import Callback

_MAXIMIZED = ("acc", "accuracy")
_MINIMIZED = ("loss", "mse", "mae", "error", "crossentropy")


class MonitorCallback(Callback):
    """Base class for callbacks that watch ``logs[monitor]`` at the end of each epoch.

    Args:
        monitor: the logged quantity, e.g. "val_loss" or "accuracy".
        mode: "auto", "min" or "max".
        min_delta: smallest change that counts as an improvement (its sign is ignored).

    Raises:
        HyperparameterError: ``mode`` is not "auto", "min" or "max".
    """

    def __init__(self, monitor="val_loss", mode="auto", min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise errors.HyperparameterError(f"mode must be 'auto', 'min' or 'max', got {mode!r}.")
        self.monitor = monitor
        self.mode = mode
        self.min_delta = abs(min_delta)
        self.best = None
        self._minimize = None  # decided at the first epoch, from mode and the name

    def _decide_direction(self):
        if self.mode != "auto":
            return self.mode == "min"
        name = self.monitor.removeprefix("val_")
        if name.endswith(_MAXIMIZED):
            return False
        if any(word in name for word in _MINIMIZED):
            return True
        raise errors.HyperparameterError(
            f"{type(self).__name__} cannot tell whether {self.monitor!r} should go up or down. "
            "Pass mode='min' (smaller is better) or mode='max' (larger is better)."
        )

    def is_improvement(self, value, reference):
        """Whether ``value`` beats ``reference`` by more than ``min_delta``."""
        if reference is None:
            return True
        if self._minimize is None:
            self._minimize = self._decide_direction()
        if self._minimize:
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def monitored_value(self, logs):
        """Return ``logs[monitor]``, or None (with a warning) when it is missing."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"{type(self).__name__} is conditioned on {self.monitor!r}, which is not "
                f"available. Available values: {', '.join(logs)}. (val_* values need "
                "validation_data or validation_split in fit.)",
                stacklevel=3,
            )
        return value
