"""Tests for nnlib.datasets.load_mnist, offline.

There is no internet at test time, so each test builds a small file in the mnist.npz
format (the same four arrays, fewer images) and passes its SHA-256 to the loader; the
download path is tested against a local HTTP server on 127.0.0.1.
"""

import hashlib

import numpy as np
import pytest

from nnlib import errors
from nnlib.datasets import load_mnist
from nnlib.datasets import mnist as mnist_module


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fake_mnist(tmp_path):
    """A small mnist.npz look-alike (uint8 images and labels) in its own folder, and its arrays."""
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, size=(12, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, size=12, dtype=np.uint8),
        "x_test": rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, size=5, dtype=np.uint8),
    }
    folder = tmp_path / "served"
    folder.mkdir()
    path = folder / "mnist.npz"
    np.savez_compressed(path, **arrays)
    return path, arrays


@pytest.fixture
def http_server(fake_mnist, monkeypatch, serve_directory):
    """Serve the fake file's folder on 127.0.0.1 (a free port) for the length of one test."""
    for variable in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)  # talk to 127.0.0.1 directly, never through a proxy
    with serve_directory(fake_mnist[0].parent) as url:
        yield url


def _assert_same_arrays(loaded, arrays):
    (x_train, y_train), (x_test, y_test) = loaded
    for name, value in (("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)):
        np.testing.assert_array_equal(value, arrays[name])
        assert value.dtype == np.uint8


def test_the_keras_constants():
    assert mnist_module.MNIST_URL == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
    assert mnist_module.MNIST_SHA256 == "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def test_loads_a_verified_file_from_a_path(fake_mnist):
    path, arrays = fake_mnist
    _assert_same_arrays(load_mnist(path=path, sha256=_sha256(path)), arrays)


def test_loads_from_cache_dir_and_from_the_environment_variable(fake_mnist, monkeypatch):
    path, arrays = fake_mnist
    _assert_same_arrays(load_mnist(cache_dir=path.parent, sha256=_sha256(path)), arrays)
    monkeypatch.setenv("NNLIB_DATA", str(path.parent))
    assert mnist_module.default_cache_dir() == path.parent
    _assert_same_arrays(load_mnist(sha256=_sha256(path)), arrays)


def test_default_cache_dir_without_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("NNLIB_DATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert mnist_module.default_cache_dir() == tmp_path / ".nnlib" / "datasets"


def test_sha256_none_skips_the_check(fake_mnist):
    path, arrays = fake_mnist
    _assert_same_arrays(load_mnist(path=path, sha256=None), arrays)


def test_missing_file_says_how_to_get_it(tmp_path):
    with pytest.raises(errors.DatasetNotFoundError) as caught:
        load_mnist(cache_dir=tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "mnist.npz") in message
    assert mnist_module.MNIST_URL in message
    assert "download=True" in message
    assert isinstance(caught.value, FileNotFoundError)
    assert list(tmp_path.iterdir()) == []  # nothing was created


def test_wrong_checksum_names_the_file_and_both_hashes_and_keeps_the_file(fake_mnist):
    path, _ = fake_mnist
    content = path.read_bytes()
    wrong = "0" * 64
    with pytest.raises(errors.ChecksumError) as caught:
        load_mnist(path=path, sha256=wrong)
    message = str(caught.value)
    assert str(path) in message and wrong in message and _sha256(path) in message
    assert path.read_bytes() == content  # the user's file is neither deleted nor changed


def test_wrong_checksum_is_not_overwritten_by_download(fake_mnist, http_server):
    path, _ = fake_mnist
    content = path.read_bytes()
    with pytest.raises(errors.ChecksumError):
        load_mnist(path=path, sha256="0" * 64, download=True, url=f"{http_server}/mnist.npz", verbose=False)
    assert path.read_bytes() == content


def test_download_from_a_local_server(fake_mnist, http_server, tmp_path, capsys):
    source, arrays = fake_mnist
    cache = tmp_path / "cache" / "nested"  # created on demand
    loaded = load_mnist(cache_dir=cache, download=True, url=f"{http_server}/mnist.npz", sha256=_sha256(source))
    _assert_same_arrays(loaded, arrays)
    assert (cache / "mnist.npz").read_bytes() == source.read_bytes()
    assert [p.name for p in cache.iterdir()] == ["mnist.npz"]  # no temporary file left behind
    assert "Downloading" in capsys.readouterr().out
    # Now it is cached: a second call works offline, without download=True.
    _assert_same_arrays(load_mnist(cache_dir=cache, sha256=_sha256(source)), arrays)


def test_download_with_a_wrong_checksum_writes_nothing(fake_mnist, http_server, tmp_path):
    source, _ = fake_mnist
    cache = tmp_path / "cache"
    with pytest.raises(errors.ChecksumError) as caught:
        load_mnist(cache_dir=cache, download=True, url=f"{http_server}/mnist.npz", sha256="f" * 64, verbose=False)
    assert _sha256(source) in str(caught.value) and "f" * 64 in str(caught.value)
    assert list(cache.iterdir()) == []  # neither mnist.npz nor a partial file


def test_failed_download_raises_dataset_not_found(http_server, tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(errors.DatasetNotFoundError, match="Could not download"):
        load_mnist(cache_dir=cache, download=True, url=f"{http_server}/no-such-file.npz", verbose=False)
    assert list(cache.iterdir()) == []


def test_a_file_that_is_not_mnist_is_a_data_error(tmp_path):
    wrong_arrays = tmp_path / "wrong.npz"
    np.savez(wrong_arrays, images=np.zeros((2, 28, 28), dtype=np.uint8))
    with pytest.raises(errors.DataError, match="lacks the arrays"):
        load_mnist(path=wrong_arrays, sha256=None)
    not_an_archive = tmp_path / "text.npz"
    not_an_archive.write_text("hello")
    with pytest.raises(errors.DataError, match="not a readable"):
        load_mnist(path=not_an_archive, sha256=None)
    bad_shapes = tmp_path / "shapes.npz"
    flat_images = dict(x_train=np.zeros((3, 784)), y_train=np.zeros(3), x_test=np.zeros((1, 8, 8)), y_test=np.zeros(1))
    np.savez(bad_shapes, **flat_images)
    with pytest.raises(errors.DataError, match="x_train"):
        load_mnist(path=bad_shapes, sha256=None)
    single_array = tmp_path / "single.npy"
    np.save(single_array, np.zeros((2, 28, 28), dtype=np.uint8))
    with pytest.raises(errors.DataError, match="single array"):
        load_mnist(path=single_array, sha256=None)


@pytest.mark.parametrize("sha256", ["abc", 123, "g" * 64])
def test_a_malformed_expected_checksum_is_rejected(fake_mnist, sha256):
    with pytest.raises(errors.HyperparameterError, match="sha256"):
        load_mnist(path=fake_mnist[0], sha256=sha256)


def test_the_expected_checksum_may_be_upper_case(fake_mnist):
    path, arrays = fake_mnist
    _assert_same_arrays(load_mnist(path=path, sha256=_sha256(path).upper()), arrays)
