"""MNIST from the file Keras uses (``mnist.npz``), checked, cached and usable offline.

Not used by a chapter (they train on the 8x8 digits, which ship with nnlib): it is here
for readers who move on to 28x28 images, and for the Keras tutorials in tests/tutorials.

MNIST is 70,000 grey-scale 28x28 images of handwritten digits (Y. LeCun, C. Cortes and
C. J. C. Burges, derived from NIST data); as the Keras documentation states, it is made
available under the Creative Commons Attribution-Share Alike 3.0 licence.

nnlib reads the same ``mnist.npz`` that ``keras.datasets.mnist.load_data()`` downloads,
and returns the same arrays in the same layout. The file is about 11 MB, so it is not
shipped with nnlib: it is looked for in a cache folder, and downloaded only when you ask
for it (``download=True``). Every file is checked against its SHA-256 checksum before use.

Where the file is looked for (the first that applies):

1. ``path``, when you give one;
2. ``<cache_dir>/mnist.npz``, when you give ``cache_dir``;
3. ``$NNLIB_DATA/mnist.npz``, when the environment variable ``NNLIB_DATA`` is set;
4. ``~/.nnlib/datasets/mnist.npz``.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from .. import errors

__all__ = ["load_mnist", "default_cache_dir", "file_sha256", "MNIST_URL", "MNIST_SHA256", "MNIST_FILENAME"]

#: Where Keras downloads MNIST from.
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
#: SHA-256 of that file (the checksum Keras also checks).
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
#: The file's name inside the cache folder.
MNIST_FILENAME = "mnist.npz"

_ARRAY_NAMES = ("x_train", "y_train", "x_test", "y_test")
_CHUNK_BYTES = 1 << 20  # read and hash 1 MiB at a time


def default_cache_dir():
    """Return the folder where datasets are cached: ``$NNLIB_DATA``, else ``~/.nnlib/datasets``."""
    from_environment = os.environ.get("NNLIB_DATA")
    if from_environment:
        return Path(from_environment).expanduser()
    return Path.home() / ".nnlib" / "datasets"


def file_sha256(path):
    """Return the SHA-256 checksum of a file as 64 hexadecimal characters."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_mnist(path=None, cache_dir=None, download=False, sha256=MNIST_SHA256, url=MNIST_URL, verbose=True):
    """Load MNIST like ``keras.datasets.mnist.load_data()``, from a local, verified file.

    Args:
        path: the ``mnist.npz`` file to use. Defaults to ``mnist.npz`` inside ``cache_dir``.
        cache_dir: the folder that holds (or will hold) ``mnist.npz``. Defaults to the
            ``NNLIB_DATA`` environment variable, else ``~/.nnlib/datasets``.
        download: when the file is missing, download it from ``url`` (verified, then moved
            into place). Defaults to False: nnlib never uses the network unless asked to.
        sha256: the expected SHA-256 of the file, or None to skip the check (only for a file
            you made yourself). Defaults to the checksum of the Keras file.
        url: where to download from. Defaults to the Keras URL.
        verbose: print one line when a download starts and one when it ends. Defaults to True.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: for the Keras file, x_train uint8 of shape
        ``(60000, 28, 28)``, y_train uint8 ``(60000,)``, x_test uint8 ``(10000, 28, 28)``,
        y_test uint8 ``(10000,)``; pixel values 0..255, labels 0..9.

    Raises:
        DatasetNotFoundError: the file is not there and ``download`` is False, or the download
            failed. The message says where to put the file and how to get it.
        ChecksumError: the file's SHA-256 is not ``sha256``. The file is left where it is and
            is not used.
        DataError: the file is not an ``.npz`` archive holding x_train, y_train, x_test and
            y_test with image-like shapes.
        HyperparameterError: ``sha256`` is not 64 hexadecimal characters.
    """
    if sha256 is not None:
        if not isinstance(sha256, str) or len(sha256) != 64 or any(c not in "0123456789abcdefABCDEF" for c in sha256):
            raise errors.HyperparameterError(f"sha256 must be 64 hexadecimal characters or None, got {sha256!r}.")
        sha256 = sha256.lower()  # hexdigest() is lower case
    target = _target_path(path, cache_dir)
    if not target.is_file():
        if not download:
            raise errors.DatasetNotFoundError(_how_to_get_message(target, url))
        _download(url, target, sha256, verbose)
    elif sha256 is not None:
        found = file_sha256(target)
        if found != sha256:
            raise errors.ChecksumError(
                f"The MNIST file {target} has SHA-256 {found}, but {sha256} was expected, so it "
                "was not used (it is damaged, incomplete, or a different file). It has been left where it is: "
                f"delete or move it, then download it again with load_mnist(download=True) or from {url}."
            )
    return _read_mnist_npz(target)


def _target_path(path, cache_dir):
    """The file to read: ``path`` itself, or ``mnist.npz`` inside the cache folder."""
    if path is not None:
        return Path(path).expanduser()
    folder = default_cache_dir() if cache_dir is None else Path(cache_dir).expanduser()
    return folder / MNIST_FILENAME


def _how_to_get_message(target, url):
    """The DatasetNotFoundError message: where the file should be and three ways to get it."""
    return (
        f"MNIST was not found at {target}. Get it in one of these ways:\n"
        "  1. let nnlib download it (about 11 MB): load_mnist(download=True);\n"
        f"  2. download {url} yourself and save it as {target};\n"
        "  3. if Keras downloaded it before, copy ~/.keras/datasets/mnist.npz there, or pass its "
        "location with load_mnist(path=...).\n"
        "To keep datasets somewhere else, pass cache_dir=... or set the NNLIB_DATA environment variable."
    )


def _download(url, target, sha256, verbose):
    """Download ``url`` to ``target``: into a temporary file, verified, then renamed into place.

    The temporary file sits in the target's folder, so the final ``os.replace`` is atomic:
    ``target`` either does not exist or is the complete, verified file.
    """
    import urllib.error  # imported here: only a download needs the network modules
    import urllib.request

    target.parent.mkdir(parents=True, exist_ok=True)
    if verbose:
        print(f"Downloading {url} to {target}")
    handle, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temporary = Path(temporary_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as file:
            with urllib.request.urlopen(url, timeout=60) as response:
                for chunk in iter(lambda: response.read(_CHUNK_BYTES), b""):
                    digest.update(chunk)
                    file.write(chunk)
        found = digest.hexdigest()
        if sha256 is not None and found != sha256:
            raise errors.ChecksumError(
                f"The file downloaded from {url} has SHA-256 {found}, but {sha256} was expected, so "
                f"it was discarded and {target} was not written. Try again later, or download it yourself."
            )
        os.replace(temporary, target)
    except (urllib.error.URLError, OSError) as error:
        raise errors.DatasetNotFoundError(
            f"Could not download {url}: {error}. Check the internet connection, or download the file "
            f"yourself and save it as {target}."
        ) from error
    finally:
        temporary.unlink(missing_ok=True)  # only our own partial download; gone already after os.replace
    if verbose:
        print(f"Saved {target}")


def _read_mnist_npz(target):
    """Read the four arrays of an ``mnist.npz`` file and check their shapes."""
    try:
        archive = np.load(target, allow_pickle=False)
    except (ValueError, OSError) as error:
        raise errors.DataError(f"{target} is not a readable .npz archive: {error}") from error
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise errors.DataError(f"{target} holds a single array; an mnist.npz archive holds {list(_ARRAY_NAMES)}.")
    with archive:
        missing = [name for name in _ARRAY_NAMES if name not in archive.files]
        if missing:
            raise errors.DataError(
                f"{target} lacks the arrays {missing}; an mnist.npz file holds {list(_ARRAY_NAMES)}."
            )
        x_train, y_train, x_test, y_test = (archive[name] for name in _ARRAY_NAMES)
    for images, labels, part in ((x_train, y_train, "train"), (x_test, y_test, "test")):
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise errors.DataError(
                f"{target}: expected x_{part} of shape (n, height, width) and y_{part} of shape (n,), "
                f"got {images.shape} and {labels.shape}."
            )
    return (x_train, y_train), (x_test, y_test)
