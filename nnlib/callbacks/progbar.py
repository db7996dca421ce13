"""``Progbar``: Keras 3's progress bar, drawn the way Keras 3 draws it.

Taught in Part 4, "The same network with nnlib". A port of ``keras/src/utils/progbar.py``
(as ``ProgbarLogger`` uses it), so that ``fit``, ``evaluate`` and ``predict`` print what
Keras 3 prints. ``verbose=1``, one line redrawn in place::

    32/32 ━━━━━━━━━━━━━━━━━━━━ 0s 3ms/step - accuracy: 0.5000 - loss: 0.6931

a bar of 20 "━", the done part in green (ANSI colour codes, which terminals and
Jupyter show as colours), the count and the time in bold; while running, the time is
the ETA; at the end, the seconds elapsed. The time per step leaves out the first step
(which includes one-off set-up). ``verbose=2``, one plain line at the end::

    32/32 - 0s - 3ms/step - accuracy: 0.5000 - loss: 0.6931

Values: 4 decimals, or scientific notation when tiny (Keras tests ``abs(v) > 1e-3``
with verbose=1 but ``v > 1e-3`` with verbose=2, so a negative value prints as
``-5.0000e-01`` there: nnlib prints the same).

Redrawing: as Keras, the bar is redrawn (backspaces and a carriage return, at most
every 0.05 s) when the output is a terminal, a Jupyter kernel, or any POSIX system
(Keras tests ``"posix" in sys.modules``): so also in a file on Linux and macOS, where
a viewer that honours "\\r" shows the last state only (as nbval and terminals do).
Elsewhere each update starts a new line.
"""

import math
import os
import sys
import time

BAR_WIDTH = 20
REDRAW_INTERVAL = 0.05  # seconds between two redraws with verbose=1

_BOLD, _GREEN, _WHITE, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


def dynamic_display():
    """Whether Keras would redraw the bar in place (see the module docstring)."""
    stream = sys.stdout
    return (
        (hasattr(stream, "isatty") and stream.isatty())
        or "ipykernel" in sys.modules
        or os.name == "posix"
        or "PYCHARM_HOSTED" in os.environ
    )


def format_time_per_unit(seconds, unit_name="step"):
    """Return e.g. " 3ms/step", " 15us/step" or " 1s/step" (with Keras's leading space)."""
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"


def format_eta(seconds):
    """Return the time left as Keras writes it: "7s", "2:05" or "1:02:05"."""
    if seconds > 3600:
        return "%d:%02d:%02d" % (seconds // 3600, (seconds % 3600) // 60, seconds % 60)
    if seconds > 60:
        return "%d:%02d" % (seconds // 60, seconds % 60)
    return "%ds" % seconds


def format_value(value, verbose=1):
    """Format one logged value: " 0.6931" or " 1.2000e-04" (with Keras's leading space)."""
    if isinstance(value, (list, tuple)):  # several thresholds: Keras shows their mean
        value = sum(value) / max(len(value), 1)
    if not isinstance(value, (int, float)):
        return f" {value}"
    tiny = abs(value) <= 1e-3 if verbose == 1 else value <= 1e-3
    return f" {value:.4e}" if tiny else f" {value:.4f}"


class Progbar:
    """One progress line for ``target`` steps.

    Args:
        target: the number of steps, or None when unknown.
        width: the bar's width in characters. Defaults to 20.
        verbose: 1 (the bar, redrawn) or 2 (one line at the end). Defaults to 1.
        interval: the shortest time between two redraws, in seconds. Defaults to 0.05.
        unit_name: the name of a step in "3ms/step". Defaults to "step".
    """

    def __init__(self, target, width=BAR_WIDTH, verbose=1, interval=REDRAW_INTERVAL, unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.dynamic = dynamic_display()
        self._values = {}  # name -> latest value, in the order first seen
        self._start = time.perf_counter()
        self._last_update = -math.inf  # the first update is always drawn
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current, values=None, finalize=None):
        """Show step ``current`` (counted from 1) with the values ``values``.

        Args:
            current: the number of steps done.
            values: list of ``(name, value)`` pairs, shown as they are, in the order
                each name was first seen.
            finalize: whether this is the last update; None means
                ``current >= target``.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or []:
            self._values[name] = value
        now = time.perf_counter()
        time_per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if not finalize and now - self._last_update < self.interval:
                return
            self._write(self._bar_line(current, now, time_per_unit, finalize))
        elif self.verbose == 2 and finalize and self.target:
            self._write(self._summary_line(current, now, time_per_unit))
        self._last_update = now

    def _bar_line(self, current, now, time_per_unit, finalize):
        """The verbose=1 text: erase the previous line, then the bar, time and values."""
        message = "\b" * self._prev_total_width + "\r" if self.dynamic else "\n"
        hidden = 0  # characters of the colour codes, which take no room on screen
        if self.target:
            digits = int(math.log10(self.target)) + 1
            bar = f"{_BOLD}{current:{digits}d}/{self.target}{_RESET} "
            done = int(self.width * current / self.target)
            hidden += 8
            if done > 0:
                bar += f"{_GREEN}{'━' * done}{_RESET}"
                hidden += 9
            bar += f"{_WHITE}{'━' * (self.width - done)}{_RESET}"
            hidden += 9
        else:
            bar = "%7d/Unknown" % current
        if self.target and not finalize:
            info = f" {_BOLD}{format_eta(time_per_unit * (self.target - current))}{_RESET}"
        else:
            info = f" {_BOLD}{now - self._start:.0f}s{_RESET}"
        hidden += 8
        info += format_time_per_unit(time_per_unit, self.unit_name)
        info += "".join(f" - {name}:{format_value(value)}" for name, value in self._values.items())
        total_width = len(bar) + len(info) - hidden
        padding = " " * max(self._prev_total_width - total_width, 0)
        self._prev_total_width = total_width
        return message + bar + info + padding + ("\n" if finalize else "")

    def _summary_line(self, current, now, time_per_unit):
        """The verbose=2 text: count, seconds, time per step and values, on one line."""
        digits = int(math.log10(self.target)) + 1
        line = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s -"
        line += format_time_per_unit(time_per_unit, self.unit_name)
        line += "".join(f" - {name}:{format_value(value, verbose=2)}" for name, value in self._values.items())
        return line + "\n"

    def _step_duration(self, current, now):
        """Seconds per step, leaving out the first step once there are more (as Keras)."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            per_step = (now - self._time_after_first_step) / (current - 1)
        else:
            per_step = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_step

    @staticmethod
    def _write(text):
        sys.stdout.write(text)
        sys.stdout.flush()
