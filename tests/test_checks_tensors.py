"""``check`` and ``check_function`` accept tensors of other libraries (TensorFlow's in Part 4).

The tests use small stand-ins with ``__array__``, as TensorFlow's EagerTensor has, so that they
run without TensorFlow; nnlib.course.checks never imports it.
"""

import subprocess
import sys

import numpy as np

from nnlib.course import check, check_function, diagnose


class FakeTensor:
    """An object NumPy converts with ``np.asarray``, like ``tf.constant(...)``."""

    def __init__(self, values):
        self._values = np.asarray(values)

    def __array__(self, dtype=None, copy=None):
        return self._values if dtype is None else self._values.astype(dtype)


class RefusingTensor:
    """An object whose conversion to NumPy fails, like a CuPy array on the GPU."""

    def __array__(self, dtype=None, copy=None):
        raise TypeError("Implicit conversion to a NumPy array is not allowed.")


def test_a_tensor_answer_is_compared_as_its_array():
    assert diagnose(FakeTensor([1.0, 2.0]), np.array([1.0, 2.0])) is None
    assert "1 of 2 values differ" in diagnose(FakeTensor([1.0, 3.0]), np.array([1.0, 2.0]))
    assert "looks transposed" in diagnose(FakeTensor([[1.0, 2.0, 3.0]]), np.array([[1.0], [2.0], [3.0]]))


def test_a_0d_tensor_is_a_number_and_a_bool_tensor_a_bool():
    assert diagnose(FakeTensor(0.25), 0.25) is None
    assert "sign is flipped" in diagnose(FakeTensor(-0.25), 0.25)
    assert diagnose(FakeTensor(True), True) is None


def test_an_expected_tensor_works_too():
    assert diagnose(np.array([1.0, 2.0]), FakeTensor([1.0, 2.0])) is None


def test_a_list_of_tensors_is_checked_item_by_item():
    assert diagnose([FakeTensor([1.0]), FakeTensor([[2.0, 3.0]])], [np.array([1.0]), np.array([[2.0, 3.0]])]) is None


def test_a_tensor_that_refuses_conversion_is_named_not_crashed():
    problem = diagnose(RefusingTensor(), np.array([1.0]))
    assert "RefusingTensor" in problem


def test_check_function_accepts_a_function_returning_tensors(capsys):
    check_function(lambda z: FakeTensor(2 * z), [((1.0,), 2.0), ((np.array([1.0, 2.0]),), np.array([2.0, 4.0]))],
                   name="double")
    assert capsys.readouterr().out.startswith("Correct: `double` passes all 2 test cases.")
    check(FakeTensor([0.5]), np.array([0.5]), name="t")
    assert capsys.readouterr().out.startswith("Correct")


def test_checks_do_not_import_tensorflow():
    code = "import sys, nnlib.course.checks; sys.exit('tensorflow' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
