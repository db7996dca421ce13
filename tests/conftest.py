"""Shared pytest set-up.

TensorFlow is a project requirement, so the nnlib-versus-Keras tests always run.
Its log lines are silenced before the first import (see the toolchain notes).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
# Figures are drawn off-screen (matplotlib's Agg backend) and checked in words and numbers.
os.environ.setdefault("MPLBACKEND", "Agg")

import contextlib  # noqa: E402
import functools  # noqa: E402
import http.server  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_names():
    """Start nnlib's automatic layer and model names from "dense" and "sequential" in every
    test, as Keras's own tests do with ``keras.utils.clear_session()``."""
    naming = sys.modules.get("nnlib.naming")
    if naming is not None:
        naming.clear_session()
    yield


@pytest.fixture(autouse=True)
def close_matplotlib_figures():
    """Close every figure a test made (when matplotlib is in use), so none leaks into the next."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture
def clean_registry():
    """Leave nnlib's registered objects (``register_keras_serializable``) as they were before the test."""
    from nnlib.saving import get_custom_objects

    saved = dict(get_custom_objects())
    yield
    get_custom_objects().clear()
    get_custom_objects().update(saved)


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass  # keep the test output clean


@contextlib.contextmanager
def _serve(directory):
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) in a thread; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve_directory():
    """``with serve_directory(path) as url:`` a local web server for one folder (loopback only)."""
    return _serve
