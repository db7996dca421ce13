"""``ProgbarLogger``: the progress display of ``fit(verbose=1)`` and ``verbose=2``.

Taught in Part 4, "The same network with nnlib". No tqdm needed:

- ``verbose=1`` in a terminal or in Jupyter: one line per epoch, redrawn in place
  with a carriage return ("\\r") at most every 0.05 s, like Keras's progress bar::

      Epoch 3/10
      43/43 [==============================] - 0s 1ms/step - loss: 0.2771 - accuracy: 0.9213

  Elsewhere (output sent to a file) only the finished line is written.
- ``verbose=2``: one finished line per epoch, without the bar::

      43/43 - 0s - 1ms/step - loss: 0.2771 - accuracy: 0.9213

The timing part ("0s 1ms/step") has the same form as Keras's, so the same rules
hide it when notebook outputs are compared.
"""

import sys
import time

from .base import Callback

_BAR_WIDTH = 30
_REDRAW_INTERVAL = 0.05  # seconds between two redraws of a dynamic bar


def format_value(value):
    """Format a logged number as Keras does: 4 decimals, or scientific when tiny."""
    if isinstance(value, (int, float)):
        return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"
    return str(value)


def format_time_per_step(seconds):
    """Return e.g. "2ms/step", "15us/step" or "1s/step"."""
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/step"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/step"
    return f"{seconds * 1e6:.0f}us/step"


def dynamic_display():
    """Whether the output can be redrawn in place (a terminal, or a Jupyter kernel's stream)."""
    stream = sys.stdout
    return (hasattr(stream, "isatty") and stream.isatty()) or type(stream).__module__.startswith("ipykernel")


class Progbar:
    """One progress line for ``target`` steps.

    Args:
        target: number of steps (batches).
        verbose: 1 (bar, redrawn) or 2 (one line at the end).
    """

    def __init__(self, target, verbose=1):
        self.target = target
        self.verbose = verbose
        self.dynamic = dynamic_display()
        self.start = time.perf_counter()
        self._last_draw = 0.0
        self._width = 0

    def update(self, current, logs=None, finalize=False):
        """Show step ``current`` with the running values ``logs``."""
        if self.verbose != 1 and not finalize:
            return
        now = time.perf_counter()
        if not finalize and (not self.dynamic or now - self._last_draw < _REDRAW_INTERVAL):
            return
        self._last_draw = now
        elapsed = now - self.start
        values = "".join(f" - {key}: {format_value(value)}" for key, value in (logs or {}).items())
        digits = len(str(self.target))
        count = f"{current:{digits}d}/{self.target}"
        if self.verbose == 2:
            per_step = format_time_per_step(elapsed / max(current, 1))
            sys.stdout.write(f"{count} - {elapsed:.0f}s - {per_step}{values}\n")
            sys.stdout.flush()
            return
        done = int(_BAR_WIDTH * current / max(self.target, 1))
        if finalize:
            bar = "=" * _BAR_WIDTH
            timing = f"{elapsed:.0f}s {format_time_per_step(elapsed / max(current, 1))}"
        else:
            bar = "=" * max(done - 1, 0) + ">" + "." * (_BAR_WIDTH - max(done, 1))
            eta = elapsed / max(current, 1) * (self.target - current)
            timing = f"ETA: {eta:.0f}s"
        line = f"{count} [{bar}] - {timing}{values}"
        padding = " " * max(self._width - len(line), 0)
        self._width = len(line)
        prefix = "\r" if self.dynamic else ""
        sys.stdout.write(prefix + line + padding + ("\n" if finalize else ""))
        sys.stdout.flush()


class ProgbarLogger(Callback):
    """Print training progress; ``fit`` adds one when ``verbose`` is 1 or 2.

    Args:
        verbose: 1 (progress bar) or 2 (one line per epoch). ``fit`` passes its own
            ``verbose`` through ``params``.
    """

    def __init__(self, verbose=1):
        super().__init__()
        self.verbose = verbose
        self.epochs = 1
        self.steps = None
        self._bar = None
        self._in_fit = False

    def set_params(self, params):
        super().set_params(params)
        self.verbose = params.get("verbose", self.verbose)
        self.epochs = params.get("epochs", 1)
        self.steps = params.get("steps")

    def shows_batches(self):
        """Whether the display changes per batch: only a bar redrawn in place does
        (verbose=2, or output to a file, prints once per epoch)."""
        return self.verbose == 1 and dynamic_display()

    def on_train_begin(self, logs=None):
        self._in_fit = True

    def on_train_end(self, logs=None):
        self._in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        if self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}")
        self._bar = Progbar(self.steps, self.verbose)

    def on_train_batch_end(self, batch, logs=None):
        self._bar.update(batch + 1, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._bar.update(self.steps, logs, finalize=True)

    def on_test_begin(self, logs=None):
        if not self._in_fit:
            self._bar = Progbar(self.steps, self.verbose)

    def on_test_batch_end(self, batch, logs=None):
        if not self._in_fit:
            self._bar.update(batch + 1, logs)

    def on_test_end(self, logs=None):
        if not self._in_fit:
            self._bar.update(self.steps, logs, finalize=True)

    def on_predict_begin(self, logs=None):
        self._bar = Progbar(self.steps, self.verbose)

    def on_predict_batch_end(self, batch, logs=None):
        self._bar.update(batch + 1)

    def on_predict_end(self, logs=None):
        self._bar.update(self.steps, finalize=True)
