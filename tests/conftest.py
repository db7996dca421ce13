"""Shared pytest set-up.

TensorFlow is a project requirement, so the nnlib-versus-Keras tests always run.
Its log lines are silenced before the first import (see the toolchain notes).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
# Figures are drawn off-screen (matplotlib's Agg backend) and checked in words and numbers.
os.environ.setdefault("MPLBACKEND", "Agg")

import sys  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_matplotlib_figures():
    """Close every figure a test made (when matplotlib is in use), so none leaks into the next."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(scope="session")
def keras():
    """The Keras 3 module (imported once per test session; importing takes seconds)."""
    import keras as keras_module

    return keras_module


@pytest.fixture(scope="session")
def tf():
    """The TensorFlow module."""
    import tensorflow as tf_module

    return tf_module
