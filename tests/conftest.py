"""Shared pytest set-up.

TensorFlow is a project requirement, so the nnlib-versus-Keras tests always run.
Its log lines are silenced before the first import (see the toolchain notes).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import pytest  # noqa: E402


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
