"""The exercise checks: ``check``, ``check_function`` and ``diagnose``.

Used by the exercises of every chapter; introduced in Part 1, "What is a neural network?".
``check(answer, expected)`` compares a learner's answer with the expected one and prints
either ``Correct`` or what is wrong with it: a missing answer, the wrong type, the wrong
shape (a transposed matrix, an extra axis), a NaN, a flipped sign, a constant factor or
offset, values in the wrong order, or the first index where the values differ.
``check_function(f, cases)`` does the same for a function the learner wrote, case by case;
``diagnose`` returns the verdict as text instead of printing it.

An answer may also be a tensor of another library, such as TensorFlow's (Part 4, "TensorFlow
below fit"): anything NumPy can read with ``np.asarray`` is compared as that NumPy array.
This module never imports TensorFlow; it only uses the tensor's ``__array__`` method.
"""

import math
import textwrap
from numbers import Integral, Real

import numpy as np

__all__ = ["check", "check_function", "diagnose"]


def _say(text):
    """Print a verdict wrapped at 79 columns, so that it reads well in a notebook and on the website."""
    print(textwrap.fill(text, width=79, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False))


def _fmt(value):
    """Format a number for a message: 4 significant digits, plain ints kept whole."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (Integral, np.integer)):
        return str(int(value))
    if isinstance(value, (Real, np.floating)):
        return f"{float(value):.4g}"
    return repr(value)


def _kind(value):
    """Name the type of ``value`` the way a learner would say it."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return f"the bool {bool(value)}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} (dtype {value.dtype})"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    if callable(value):
        return f"a function ({getattr(value, '__name__', type(value).__name__)})"
    return f"a {type(value).__name__}"


def _is_number(value):
    """True for a real number: int, float, a NumPy scalar or a 0-d numeric array (not bool)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (Real, np.integer, np.floating)):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def _nice_factor(ratio):
    """Return a readable name for a ratio such as 2, 0.5, 10 or 1/3, or None."""
    candidates = [2, 3, 4, 5, 10, 100, 1000]
    for k in candidates:
        if math.isclose(ratio, k, rel_tol=1e-3):
            return f"{k} times too large"
        if math.isclose(ratio, 1 / k, rel_tol=1e-3):
            return f"{k} times too small"
    return None


def _index_text(index):
    """Format an index tuple: (2,) -> "[2]", (0, 1) -> "[0, 1]"."""
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def _off_by(got, want):
    """Say whether ``got`` is too small or too large, without giving ``want`` away."""
    return f"got {_fmt(got)}, which is too {'small' if got < want else 'large'}"


def _diagnose_number(answer, expected, rtol, atol, reveal):
    """Return what is wrong with a scalar answer, or None when it is right."""
    if isinstance(answer, np.ndarray) and answer.ndim > 0 and answer.size == 1 and answer.dtype.kind in "iuf":
        return (
            f"expected a single number, got an array of shape {answer.shape}. "
            "Take the number out with `.item()` (or index it, e.g. `[0, 0]`)."
        )
    if isinstance(answer, str):
        return f"expected a number, got {_kind(answer)}. Remove the quotes."
    if not _is_number(answer):
        return f"expected a single number, got {_kind(answer)}."
    got, want = float(answer), float(expected)
    if math.isnan(got):
        return "the answer is NaN (not a number): look for 0/0, log(0) or inf - inf in your computation."
    if math.isinf(got):
        return f"the answer is {got} (infinite): look for a division by zero or an overflow."
    if math.isclose(got, want, rel_tol=rtol, abs_tol=atol):
        return None
    values = f"expected {_fmt(want)}, got {_fmt(got)}" if reveal else _off_by(got, want)
    if want != 0 and math.isclose(got, -want, rel_tol=rtol, abs_tol=atol):
        return f"the sign is flipped: {values}." if reveal else "the sign is flipped."
    if want != 0 and got != 0:
        factor = _nice_factor(got / want)
        if factor:
            return f"{values}: {factor}."
    return f"{values}."


def _diagnose_array(answer, expected, rtol, atol, reveal):
    """Return what is wrong with an array answer, or None when it is right."""
    if _is_number(answer) and expected.ndim > 0:
        return f"expected an array of shape {expected.shape}, got a single number ({_fmt(answer)})."
    if not isinstance(answer, (np.ndarray, list, tuple)) and not _is_number(answer):
        return f"expected an array of shape {expected.shape}, got {_kind(answer)}."
    try:
        got = np.asarray(answer)
    except ValueError:
        got = np.asarray(answer, dtype=object)
    if got.dtype.kind not in "iuf":
        if got.dtype.kind == "b":
            return f"expected numbers, got an array of booleans (shape {got.shape})."
        return (
            f"expected an array of numbers of shape {expected.shape}, got {_kind(answer)} that is not "
            "a regular array of numbers (rows of different lengths, or text inside?)."
        )
    if got.shape != expected.shape:
        message = f"expected shape {expected.shape}, got shape {got.shape}"
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            return message + ": it looks transposed. Try `.T`, or swap the order in the matrix product."
        if got.size == expected.size:
            if np.squeeze(got).shape == np.squeeze(expected).shape:
                return message + ": the same values with an extra or missing axis of size 1. Use `.reshape(...)`."
            return message + ": the right number of values, arranged differently. Check your `.reshape(...)`."
        return message + "."
    nan = np.argwhere(np.isnan(got)) if got.dtype.kind == "f" else np.empty((0, got.ndim))
    if len(nan):
        return f"{len(nan)} value(s) are NaN (not a number), the first at index {_index_text(nan[0])}."
    got = got.astype(np.float64)
    want = expected.astype(np.float64)
    close = np.isclose(got, want, rtol=rtol, atol=atol)
    if close.all():
        return None
    nonzero = want != 0
    if nonzero.any() and np.allclose(got, -want, rtol=rtol, atol=atol):
        return "every value has the wrong sign: the sign is flipped."
    if nonzero.any() and np.allclose(got[~nonzero], 0, atol=atol):
        ratios = got[nonzero] / want[nonzero]
        if np.allclose(ratios, ratios[0], rtol=1e-4) and not math.isclose(ratios[0], 1.0, rel_tol=rtol):
            factor = _nice_factor(float(ratios[0])) or f"off by a factor of {_fmt(ratios[0])}"
            return f"every value is the expected one times {_fmt(ratios[0])} ({factor})."
    offsets = got - want
    if got.size > 1 and np.allclose(offsets, offsets.flat[0], rtol=0, atol=max(atol, 1e-6)):
        return (
            f"every value is off by the same constant {_fmt(offsets.flat[0])}: "
            "a missing or extra term (a bias?)."
        )
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, want.T, rtol=rtol, atol=atol):
        return "the matrix is transposed. Try `.T`, or swap the order in the matrix product."
    if got.size > 1 and np.allclose(np.sort(got, axis=None), np.sort(want, axis=None), rtol=rtol, atol=atol):
        return "the right values, but in the wrong order."
    wrong = np.argwhere(~close)
    first = tuple(wrong[0])
    if reveal:
        values = f"expected {_fmt(want[first])}, got {_fmt(got[first])}"
    else:
        values = _off_by(got[first], want[first])
    return f"{len(wrong)} of {got.size} values differ; the first at index {_index_text(first)}: {values}."


def _as_numpy(value):
    """A tensor of another library (TensorFlow, PyTorch, JAX) as a NumPy array; anything else as is.

    Only objects that are not already NumPy or Python values and that NumPy can convert
    (they have ``__array__``) are converted, a 0-d tensor to a NumPy scalar. One whose
    conversion fails (a CuPy array on the GPU, a PyTorch tensor that requires grad) is
    returned unchanged, and the checks then say what kind of object it is.
    """
    plain = (np.ndarray, np.generic, list, tuple, dict, str, bool, Real, Integral)
    if isinstance(value, plain) or not hasattr(value, "__array__"):
        return value
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 (a library that refuses implicit conversion)
        return value
    return array[()] if array.ndim == 0 else array  # a 0-d tensor as a NumPy scalar


def _count_ellipses(value):
    """Count the ``...`` placeholders inside (nested) lists and tuples."""
    if value is Ellipsis:
        return 1
    if isinstance(value, (list, tuple)):
        return sum(_count_ellipses(item) for item in value)
    return 0


def diagnose(answer, expected, *, rtol=1e-4, atol=1e-6, reveal=True):
    """Return what is wrong with ``answer``, or None when it matches ``expected``.

    Args:
        answer: the learner's answer: a number, an array (or list), a bool or a str.
            ``...`` (Ellipsis) means "not answered yet".
        expected: the right answer, of the same kind.
        rtol: relative tolerance for numbers (as in ``np.isclose``).
        atol: absolute tolerance for numbers.
        reveal: name the expected value in the message. Pass False for quiz-like
            questions (a count, a year): the message then only says "too small/large".

    Returns:
        None, or a one-sentence description of the problem.

    Raises:
        TypeError: ``expected`` is of a kind the checker does not handle.
    """
    if answer is Ellipsis:
        return "no answer yet: replace the `...` with your code, then run the cell again."
    missing = _count_ellipses(answer)
    if missing:
        return f"{missing} entr{'y is' if missing == 1 else 'ies are'} still `...`: replace each one with your answer."
    if answer is None:
        return "got None. Did a function forget to `return` its result?"
    answer, expected = _as_numpy(answer), _as_numpy(expected)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(answer, (bool, np.bool_)):
            return f"expected True or False, got {_kind(answer)}."
        if bool(answer) == bool(expected):
            return None
        return f"expected {bool(expected)}, got {bool(answer)}." if reveal else f"{bool(answer)} is not right."
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return f"expected a text (a str), got {_kind(answer)}."
        if answer.strip().lower() == expected.strip().lower():
            return None
        return f"{answer!r} is not the expected answer."
    if _is_number(expected):
        return _diagnose_number(answer, expected, rtol, atol, reveal)
    if isinstance(expected, dict):
        return _diagnose_mapping(answer, expected, rtol, atol, reveal)
    if isinstance(expected, (list, tuple)) and not _is_regular(expected):
        return _diagnose_sequence(answer, expected, rtol, atol, reveal)
    if isinstance(expected, (np.ndarray, list, tuple)):
        want = np.asarray(expected)
        if want.dtype.kind not in "iuf":
            raise TypeError(f"check() compares numbers; the expected array has dtype {want.dtype}.")
        return _diagnose_array(answer, want, rtol, atol, reveal)
    raise TypeError(
        f"check() handles numbers, arrays, bools and strings; the expected answer is {_kind(expected)}."
    )


def _is_regular(values):
    """Whether a list/tuple forms a regular (non-ragged) numeric array."""
    try:
        return np.asarray(values).dtype.kind in "iufb"
    except ValueError:  # ragged: items of different shapes
        return False


def _diagnose_sequence(answer, expected, rtol, atol, reveal):
    """Compare a ragged list item by item, e.g. a list of shapes [(3, 4), (4,)]."""
    if not isinstance(answer, (list, tuple)) or len(answer) != len(expected):
        return f"expected a list of {len(expected)} items, got {_kind(answer)}."
    for index, (got, want) in enumerate(zip(answer, expected)):
        problem = diagnose(got, want, rtol=rtol, atol=atol, reveal=reveal)
        if problem:
            return f"item {index}: {problem}"
    return None


def _diagnose_mapping(answer, expected, rtol, atol, reveal):
    """Compare a dict key by key."""
    if not isinstance(answer, dict):
        return f"expected a dict, got {_kind(answer)}."
    if set(answer) != set(expected):
        return f"expected the keys {sorted(map(str, expected))}, got {sorted(map(str, answer))}."
    for key, want in expected.items():
        problem = diagnose(answer[key], want, rtol=rtol, atol=atol, reveal=reveal)
        if problem:
            return f"[{key!r}]: {problem}"
    return None


def check(answer, expected, *, name="answer", rtol=1e-4, atol=1e-6, reveal=True, hint=None):
    """Check a learner's answer and print ``Correct`` or what is wrong with it.

    Example::

        a = ...                                   # the learner replaces ... with code
        check(a, 0.3318, name="a", hint="a = f(x . w + b)")

    Args:
        answer: the learner's answer (``...`` while not answered).
        expected: the right answer (a number, an array, a bool or a str).
        name: the name shown in the message, e.g. the variable's name.
        rtol: relative tolerance for numbers.
        atol: absolute tolerance for numbers.
        reveal: name the expected value in the message (False for quiz-like questions).
        hint: a sentence printed after a wrong (not a missing) answer.

    Returns:
        None: the verdict is printed (a notebook cell ending in ``check(...)`` shows only the
        message). Use ``diagnose`` to get it as a value.
    """
    problem = diagnose(answer, expected, rtol=rtol, atol=atol, reveal=reveal)
    if problem is None:
        _say(f"Correct: `{name}` is right.")
        return
    _say(f"Not yet: `{name}`: {problem}")
    if hint and answer is not Ellipsis:
        _say(f"Hint: {hint}")


def _call_text(name, args):
    """Format a call such as ``neuron(0.5, -1.0)`` for a message."""
    def short(value):
        if isinstance(value, np.ndarray):
            if value.size <= 8:
                shown = np.round(value, 4) if np.issubdtype(value.dtype, np.number) else value
                return repr(shown.tolist())
            return f"<array of shape {value.shape}>"
        return _fmt(value) if _is_number(value) else repr(value)

    return f"{name}(" + ", ".join(short(a) for a in args) + ")"


def check_function(function, cases, *, name=None, rtol=1e-4, atol=1e-6, hint=None):
    """Check a function the learner wrote on several inputs; print ``Correct`` or the first failure.

    Example::

        check_function(neuron, [((np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.0), 0.3775)])

    Args:
        function: the learner's function (``...`` while not written).
        cases: a list of ``(args, expected)`` pairs; ``args`` is a tuple of positional arguments.
        name: the function's name in messages; defaults to ``function.__name__``.
        rtol: relative tolerance for numbers.
        atol: absolute tolerance for numbers.
        hint: a sentence printed after a failure.

    Returns:
        None: the verdict is printed.
    """
    label = name or getattr(function, "__name__", "function")
    if function is Ellipsis:
        _say(f"Not yet: `{label}`: no answer yet: replace the `...` with your function, then run the cell again.")
        return
    if not callable(function):
        _say(f"Not yet: `{label}`: expected a function (def ...), got {_kind(function)}.")
        return
    for args, expected in cases:
        call = _call_text(label, args)
        try:
            result = function(*args)
        except Exception as error:  # the learner's code: report any error as a message
            _say(f"Not yet: {call} raised {type(error).__name__}: {error}")
            if hint:
                _say(f"Hint: {hint}")
            return
        problem = diagnose(result, expected, rtol=rtol, atol=atol)
        if problem is not None:
            _say(f"Not yet: {call}: {problem}")
            if hint and result is not Ellipsis:
                _say(f"Hint: {hint}")
            return
    _say(f"Correct: `{label}` passes all {len(cases)} test cases.")
