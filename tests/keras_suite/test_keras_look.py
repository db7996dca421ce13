"""What a Keras 3 user sees: automatic names and ``summary()``, compared with the installed Keras.

Keras files: ``keras/src/utils/summary_utils_test.py`` (the table's contents) and
``keras/src/backend/common/global_state_test.py`` / ``naming_test.py`` (names numbered
per session, reset by ``clear_session``). The printed text itself is compared with
what the installed Keras prints for the same model.
"""

import contextlib
import io

import pytest

import nnlib
from nnlib.layers import Dense, Dropout
from nnlib.models import Sequential


def keras_summary(model):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        model.summary()
    return buffer.getvalue().rstrip("\n")


def nnlib_summary(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return "\n".join(lines)


def test_keras_auto_names_are_numbered_per_session(keras):
    """Keras: naming_test.py::NamingUtilsTest::test_uniquify_* through layers and models: the same
    sequence of unnamed layers and models gets the same names in Keras and in nnlib."""
    keras.utils.clear_session()
    nnlib.utils.clear_session()
    keras_names = [keras.layers.Dense(2).name, keras.layers.Dense(2).name, keras.layers.Dropout(0.1).name,
                   keras.Sequential().name, keras.layers.Dense(2, name="out").name, keras.layers.Dense(2).name,
                   keras.Sequential().name]
    names = [Dense(2).name, Dense(2).name, Dropout(0.1).name, Sequential().name, Dense(2, name="out").name,
             Dense(2).name, Sequential().name]
    assert names == keras_names == ["dense", "dense_1", "dropout", "sequential", "out", "dense_2", "sequential_1"]
    nnlib.utils.clear_session()
    assert Dense(1).name == "dense" and Sequential().name == "sequential"


@pytest.mark.parametrize("built", [True, False])
def test_keras_summary_table_as_keras_prints_it(keras, built):
    """Keras: summary_utils_test.py::SummaryUtilsTest::test_print_model_summary (a Sequential
    model): the same table, character for character."""
    keras.utils.clear_session()
    nnlib.utils.clear_session()
    if built:
        keras_model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation="relu"),
                                        keras.layers.Dropout(0.2), keras.layers.Dense(10)])
        model = Sequential([Dense(32, activation="relu", input_shape=(64,)), Dropout(0.2), Dense(10)])
    else:
        keras_model = keras.Sequential([keras.layers.Dense(3)])
        model = Sequential([Dense(3)])
    expected = keras_summary(keras_model)
    found = nnlib_summary(model)
    if not built:  # nnlib adds one line that says how to build the model
        assert found.splitlines()[-1].startswith("The model is not built yet")
        found = "\n".join(found.splitlines()[:-1])
    assert found == expected


def test_summary_wraps_long_names_and_takes_line_length():
    model = Sequential([Dense(3, input_shape=(2,), name="a_very_long_layer_name_that_does_not_fit")])
    text = nnlib_summary(model)
    assert "a_very_long_layer_name_that" in text and "(Dense)" in text
    assert len({len(line) for line in text.splitlines()[1:-3]}) == 1  # every table line as wide
    wide = nnlib_summary(model, line_length=100)
    assert max(len(line) for line in wide.splitlines()) == 100
