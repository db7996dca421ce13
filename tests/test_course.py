"""Tests of nnlib.course: the notebooks' setup helper and the exercise checks."""

import numpy as np
import pytest

import nnlib
from nnlib import course
from nnlib.course import notebook_setup


# --- setup -------------------------------------------------------------------------------

def test_setup_accepts_the_installed_major_minor(capsys):
    major_minor = ".".join(nnlib.__version__.split(".")[:2])
    course.setup(major_minor)
    out = capsys.readouterr().out
    # One fixed line that names only the version the notebook asked for.
    assert out == f"Setup done: nnlib matches this notebook (version {major_minor}).\n"


def test_setup_accepts_the_full_version(capsys):
    course.setup(nnlib.__version__)
    assert "Setup done" in capsys.readouterr().out


def test_setup_rejects_another_version_with_instructions(monkeypatch):
    monkeypatch.setattr(notebook_setup, "__version__", "0.2.0")
    with pytest.raises(course.VersionMismatchError) as info:
        course.setup("0.1")
    message = str(info.value)
    assert "written for nnlib 0.1" in message
    assert "0.2.0 is installed" in message
    assert "make book" in message
    assert course.REPOSITORY_URL in message
    # It is an nnlib error and a RuntimeError.
    assert isinstance(info.value, nnlib.errors.NNLibError)
    assert isinstance(info.value, RuntimeError)


def test_setup_mismatch_on_colab_says_restart(monkeypatch):
    monkeypatch.setattr(notebook_setup, "__version__", "0.0.9")
    monkeypatch.setenv("COLAB_RELEASE_TAG", "test")
    with pytest.raises(course.VersionMismatchError, match="Restart session"):
        course.setup("0.1")


@pytest.mark.parametrize("bad", ["one", "0.x", ""])
def test_setup_rejects_a_malformed_version(bad):
    with pytest.raises(ValueError, match="must look like"):
        course.setup(bad)


def test_setup_report_prints_the_environment(capsys):
    course.setup(nnlib.__version__, report=True)
    out = capsys.readouterr().out
    for name in ("Python:", "NumPy:", "nnlib:", "TensorFlow:", "GPU:", "Colab:"):
        assert name in out


def test_environment_report_does_not_import_tensorflow():
    import sys

    already = "tensorflow" in sys.modules
    report = course.environment_report()
    assert f"NumPy:      {np.__version__}" in report
    assert ("tensorflow" in sys.modules) == already


def test_install_command_uses_the_repository():
    command = course.install_command()
    assert command.startswith("%pip install")
    assert f"git+{course.REPOSITORY_URL}@{course.REPOSITORY_BRANCH}" in command


# --- diagnose: numbers --------------------------------------------------------------------

def test_right_number_passes():
    assert course.diagnose(0.33181, 0.3318) is None
    assert course.diagnose(np.float32(0.5), 0.5) is None
    assert course.diagnose(np.array(2.0), 2.0) is None
    assert course.diagnose(1986, 1986) is None
    assert course.diagnose(1986.0, 1986) is None


def test_missing_answer():
    assert "no answer yet" in course.diagnose(..., 1.0)


def test_none_suggests_a_missing_return():
    assert "return" in course.diagnose(None, 1.0)


def test_number_given_as_text():
    message = course.diagnose("0.5", 0.5)
    assert "expected a number" in message and "quotes" in message


def test_number_given_as_a_one_element_array():
    message = course.diagnose(np.array([[0.5]]), 0.5)
    assert "single number" in message and "(1, 1)" in message and ".item()" in message


def test_number_given_as_a_list():
    assert "single number" in course.diagnose([1, 2], 0.5)


def test_flipped_sign_of_a_number():
    assert "sign is flipped" in course.diagnose(-0.7, 0.7)


def test_constant_factor_on_a_number():
    assert "2 times too large" in course.diagnose(1.4, 0.7)
    assert "2 times too small" in course.diagnose(0.35, 0.7)


def test_plainly_wrong_number_names_both_values():
    assert course.diagnose(0.9, 0.7) == "expected 0.7, got 0.9."


def test_nan_and_inf_are_named():
    assert "NaN" in course.diagnose(float("nan"), 0.7)
    assert "infinite" in course.diagnose(float("inf"), 0.7)


def test_bool_is_not_a_number():
    assert "bool" in course.diagnose(True, 1.0)


# --- diagnose: arrays ---------------------------------------------------------------------

EXPECTED = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])


def test_right_array_passes_also_as_a_list():
    assert course.diagnose(EXPECTED.copy(), EXPECTED) is None
    assert course.diagnose(EXPECTED.tolist(), EXPECTED) is None
    assert course.diagnose(EXPECTED.astype(np.float32), EXPECTED) is None


def test_transposed_array():
    message = course.diagnose(EXPECTED.T, EXPECTED)
    assert "expected shape (2, 3), got shape (3, 2)" in message and "transposed" in message


def test_extra_axis():
    message = course.diagnose(np.array([1.0, 2.0, 3.0]), np.array([[1.0, 2.0, 3.0]]))
    assert "extra or missing axis" in message


def test_other_arrangement():
    message = course.diagnose(EXPECTED.reshape(1, 6), EXPECTED)
    assert "arranged differently" in message


def test_wrong_size():
    assert course.diagnose(np.zeros(4), np.zeros(3)) == "expected shape (3,), got shape (4,)."


def test_number_instead_of_array():
    assert "single number" in course.diagnose(0.5, EXPECTED)


def test_text_instead_of_array():
    assert "the text" in course.diagnose("abc", EXPECTED)


def test_ragged_list():
    assert "not a regular array" in course.diagnose([[1.0, 2.0], [3.0]], np.zeros((2, 2)))


def test_nan_in_array_names_the_index():
    answer = EXPECTED.copy()
    answer[1, 2] = np.nan
    assert course.diagnose(answer, EXPECTED) == (
        "1 value(s) are NaN (not a number), the first at index [1, 2]."
    )


def test_flipped_sign_of_an_array():
    assert "sign is flipped" in course.diagnose(-EXPECTED, EXPECTED)


def test_constant_factor_on_an_array():
    message = course.diagnose(EXPECTED * 0.5, EXPECTED)
    assert "times 0.5" in message and "2 times too small" in message
    message = course.diagnose(EXPECTED * 1.7, EXPECTED)
    assert "off by a factor of 1.7" in message


def test_constant_offset_suggests_a_bias():
    message = course.diagnose(EXPECTED + 0.25, EXPECTED)
    assert "same constant 0.25" in message and "bias" in message


def test_square_matrix_transposed():
    square = np.array([[1.0, 2.0], [3.0, 5.0]])
    assert "transposed" in course.diagnose(square.T, square)


def test_wrong_order():
    assert "wrong order" in course.diagnose(np.array([3.0, 1.0, 2.0]), np.array([1.0, 2.0, 3.0]))


def test_first_wrong_index_is_named():
    answer = EXPECTED.copy()
    answer[0, 2] = 0.9
    answer[1, 1] = 0.9
    assert course.diagnose(answer, EXPECTED) == (
        "2 of 6 values differ; the first at index [0, 2]: expected 0.3, got 0.9."
    )


def test_boolean_array_is_not_numbers():
    assert "booleans" in course.diagnose(np.array([True, False]), np.array([1.0, 0.0]))


# --- diagnose: bools, strings, bad expectations --------------------------------------------

def test_bool_answers():
    assert course.diagnose(True, True) is None
    assert course.diagnose(np.bool_(False), False) is None
    assert course.diagnose(False, True) == "expected True, got False."
    assert "True or False" in course.diagnose(1, True)


def test_string_answers_ignore_case_and_spaces():
    assert course.diagnose("  Sigmoid ", "sigmoid") is None
    assert "not the expected answer" in course.diagnose("tanh", "sigmoid")
    assert "a text" in course.diagnose(3, "sigmoid")


def test_unsupported_expected_value_is_an_authoring_error():
    with pytest.raises(TypeError):
        course.diagnose(1, object())
    with pytest.raises(TypeError):
        course.diagnose(1, np.array(["a"]))


# --- check and check_function print their verdict -----------------------------------------

def test_check_prints_correct(capsys):
    assert course.check(0.5, 0.5, name="a") is None
    assert capsys.readouterr().out == "Correct: `a` is right.\n"


def test_check_prints_problem_and_hint(capsys):
    course.check(-0.5, 0.5, name="a", hint="Look at the sign of the error.")
    assert capsys.readouterr().out == (
        "Not yet: `a`: the sign is flipped: expected 0.5, got -0.5.\n"
        "Hint: Look at the sign of the error.\n"
    )


def test_check_gives_no_hint_before_an_answer(capsys):
    course.check(..., 0.5, name="a", hint="secret")
    out = capsys.readouterr().out
    assert "no answer yet" in out and "secret" not in out


def neuron(x, w, b):
    return 1 / (1 + np.exp(-(x @ w + b)))


CASES = [
    ((np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.0), 0.37754),
    ((np.array([0.0, 0.0]), np.array([1.0, 1.0]), 0.0), 0.5),
]


def test_check_function_passes(capsys):
    course.check_function(neuron, CASES)
    assert capsys.readouterr().out == "Correct: `neuron` passes all 2 test cases.\n"


def test_check_function_names_the_failing_call(capsys):
    def neuron_without_bias(x, w, b):
        return 1 / (1 + np.exp(-(x @ w)))

    cases = [((np.array([1.0]), np.array([1.0]), 1.0), 0.8808)]
    course.check_function(neuron_without_bias, cases, name="neuron")
    out = capsys.readouterr().out
    assert out.startswith("Not yet: neuron([1.0], [1.0], 1)")
    assert "expected 0.8808, got 0.7311" in out


def test_check_function_reports_an_exception(capsys):
    def broken(x, w, b):
        return x.dot(w, b, 3)

    course.check_function(broken, CASES, name="neuron", hint="Use x @ w + b.")
    out = capsys.readouterr().out
    assert "raised TypeError" in out and "Hint: Use x @ w + b." in out


def test_check_function_without_an_answer(capsys):
    course.check_function(..., CASES, name="neuron")
    assert "no answer yet" in capsys.readouterr().out


def test_check_function_rejects_a_non_function(capsys):
    course.check_function(0.5, CASES, name="neuron")
    assert "expected a function" in capsys.readouterr().out


# --- reveal=False: quiz-like questions ------------------------------------------------------

def test_hidden_expected_number_says_too_small_or_large():
    assert course.diagnose(35, 43, reveal=False) == "got 35, which is too small."
    assert course.diagnose(50, 43, reveal=False) == "got 50, which is too large."
    assert course.diagnose(-43, 43, reveal=False) == "the sign is flipped."
    assert "43" not in course.diagnose(86, 43, reveal=False).replace("2 times", "")


def test_hidden_expected_array_names_the_index_only():
    message = course.diagnose([1958, 1990, 1998], [1958, 1986, 1998], reveal=False)
    assert message == "1 of 3 values differ; the first at index [1]: got 1990, which is too large."


def test_hidden_expected_bool():
    assert course.diagnose(False, True, reveal=False) == "False is not right."


def test_placeholders_inside_a_list_are_counted():
    assert course.diagnose([1986, ..., ...], [1986, 1998, 1958]) == (
        "2 entries are still `...`: replace each one with your answer."
    )
    assert "1 entry is still" in course.diagnose([[1.0, ...]], [[1.0, 2.0]])


def test_check_function_reports_calls_with_string_array_arguments(capsys):
    from nnlib.course import check_function

    check_function(lambda group: 0.0, [((np.array(["A", "B"]),), 1.0)], name="share")
    out = capsys.readouterr().out
    assert "Not yet" in out and "share(['A', 'B'])" in out


def test_check_compares_ragged_lists_and_dicts_item_by_item(capsys):
    from nnlib.course import check

    check([(3, 4), (4,)], [(3, 4), (4,)], name="shapes")
    assert "Correct" in capsys.readouterr().out
    check([(3, 4), (3,)], [(3, 4), (4,)], name="shapes")
    out = capsys.readouterr().out
    assert "Not yet" in out and "item 1" in out
    check({"w": 1.0, "b": 2.0}, {"w": 1.0, "b": 0.5}, name="params")
    out = capsys.readouterr().out
    assert "Not yet" in out and "['b']" in out
    check({"w": 1.0}, {"w": 1.0, "b": 0.5}, name="params")
    assert "expected the keys" in capsys.readouterr().out
