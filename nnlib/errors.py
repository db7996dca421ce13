"""The errors nnlib raises, and the helpers that word their messages.

Taught in Part 4, "Errors and debugging". Every error nnlib raises on purpose is an
``NNLibError``, so ``except nnlib.errors.NNLibError`` catches all of them. Each class
also derives from the built-in exception a Python user would reach for first
(``ValueError`` for bad values, ``TypeError`` for bad types, ``RuntimeError`` for a
call made at the wrong time), so code written for Keras or NumPy keeps working.

A good message says three things: what was expected, what was found, and what to do.
"""

import difflib


class NNLibError(Exception):
    """Root of every error nnlib raises on purpose."""


class ShapeError(NNLibError, ValueError):
    """An array has the wrong shape for the layer, loss or weights it is given to."""


class UnknownNameError(NNLibError, ValueError):
    """A string names no known activation, loss, optimizer, metric, initializer, ..."""


class NotCompiledError(NNLibError, RuntimeError):
    """A model was trained or evaluated before ``compile()`` was called."""


class NotBuiltError(NNLibError, RuntimeError):
    """Weights were asked for before the layer or model knew its input shape."""


class DataError(NNLibError, ValueError):
    """Training or evaluation data is unusable: NaN/Inf, empty, mismatched lengths,
    labels in the wrong format for the loss, or targets outside the loss's range."""


class HyperparameterError(NNLibError, ValueError):
    """A hyperparameter is outside its valid range (learning rate, momentum, rate, ...)."""


class LearningRateNotSettableError(HyperparameterError, TypeError):
    """A number was assigned to the learning rate of an optimizer built on a schedule.

    A ``TypeError`` as in Keras (and a ``HyperparameterError``, a ``ValueError``, as nnlib's
    other learning-rate errors).
    """


class DivergenceError(NNLibError, FloatingPointError):
    """Training produced a NaN or infinite loss; training stopped at that batch."""


class ModelFileError(NNLibError, ValueError):
    """A saved model file is corrupt, truncated, or from an incompatible version."""


class DatasetNotFoundError(NNLibError, FileNotFoundError):
    """A dataset file is not on disk and nnlib may not download it here."""


class ChecksumError(NNLibError, ValueError):
    """A dataset file is on disk but its checksum does not match the expected one."""


class DeviceError(NNLibError, RuntimeError):
    """An array library or device was asked for that this machine cannot provide (CuPy
    without a GPU), or arrays on different devices were mixed."""


class MissingGradientError(NNLibError, NotImplementedError):
    """A user-defined loss has a ``call`` but no ``call_backward``: nnlib has no automatic
    differentiation, so it cannot train with that loss (evaluating it works)."""


def closest_name(name, valid_names):
    """Return the valid name closest to ``name``, or None when none is close."""
    matches = difflib.get_close_matches(str(name).lower(), [v.lower() for v in valid_names], n=1, cutoff=0.6)
    if not matches:
        return None
    by_lower = {v.lower(): v for v in valid_names}
    return by_lower[matches[0]]


def unknown_name_error(kind, name, valid_names):
    """Build the ``UnknownNameError`` for an unknown ``kind`` name.

    The message lists every valid name and suggests the closest one, e.g.
    ``Unknown activation 'rellu'. Did you mean 'relu'? Valid names: ...``.

    Args:
        kind: what was being looked up, e.g. ``"activation"`` or ``"loss"``.
        name: the name the user gave.
        valid_names: every name that would have been accepted.
    """
    valid = sorted(set(valid_names))
    guess = closest_name(name, valid)
    hint = f" Did you mean {guess!r}?" if guess else ""
    return UnknownNameError(f"Unknown {kind} {name!r}.{hint} Valid names: {', '.join(valid)}.")
