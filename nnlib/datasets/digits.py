"""The 8x8 handwritten digits, shipped inside nnlib (no download, works offline).

Taught in Part 4, "Real data: the 8x8 digits", and used again in Part 3 (deep
networks), Part 4 (overfitting, the learning rate), the FAQ (multi-class problems) and
Part 6 (learning curves, misclassified digits).

The data: 1797 images of handwritten digits 0-9, each 8x8 pixels whose values are whole
numbers 0..16 (how many of the 16 pixels of a 4x4 block of the original 32x32 bitmap were
ink). They are the test set ("optdigits.tes") of the UCI Machine Learning Repository's
"Optical Recognition of Handwritten Digits" by E. Alpaydin and C. Kaynak (1998),
https://doi.org/10.24432/C50P49, the same 1797 samples that scikit-learn's
``load_digits`` returns. UCI distributes the dataset under the Creative Commons
Attribution 4.0 International licence (CC BY 4.0); this attribution must stay with the
file. ``nnlib/datasets/data/DATA.md`` says how the file was made.

The file ``data/digits.npz`` (about 45 KB) holds two uint8 arrays: ``images`` of shape
(1797, 8, 8) and ``labels`` of shape (1797,).
"""

import hashlib
import io
from importlib import resources

import numpy as np

from .. import errors

__all__ = ["load_digits", "DIGITS_SHA256"]

#: SHA-256 of ``data/digits.npz``; a different hash means the installed copy is damaged.
DIGITS_SHA256 = "b2dab7b501728c22e9119ad76740b2e17c77a231e42d1e592380d90886f1a05e"

_DATA_FILE = "digits.npz"


def _read_digits_file():
    """Return the bytes of the shipped ``digits.npz`` after checking their SHA-256."""
    data_file = resources.files(__package__).joinpath("data", _DATA_FILE)
    try:
        content = data_file.read_bytes()
    except FileNotFoundError as error:
        raise errors.DatasetNotFoundError(
            f"The digits file {data_file} is missing from the nnlib installation. "
            "Reinstall nnlib (pip install --force-reinstall nnlib) to restore it."
        ) from error
    found = hashlib.sha256(content).hexdigest()
    if found != DIGITS_SHA256:
        raise errors.ChecksumError(
            f"The digits file {data_file} is damaged: its SHA-256 is {found}, expected {DIGITS_SHA256}. "
            "Reinstall nnlib to restore it."
        )
    return content


def load_digits(as_images=False):
    """Load the 1797 handwritten 8x8 digits that ship with nnlib.

    The values and their order are exactly those of ``sklearn.datasets.load_digits()``.

    Args:
        as_images: when False (the default) each image is flattened into a row of 64 pixels
            (row by row), ready for a ``Dense`` layer; when True the images keep their
            8x8 shape, ready for ``plt.imshow`` or a ``Flatten`` layer.

    Returns:
        ``(x, y)``: x float32 with values 0.0 .. 16.0, shape ``(1797, 64)``, or
        ``(1797, 8, 8)`` with ``as_images=True``; y int64 digit labels 0 .. 9, shape ``(1797,)``.

    Raises:
        DatasetNotFoundError: the data file is missing from the installation.
        ChecksumError: the data file is damaged.

    Example:
        >>> x, y = load_digits()
        >>> x.shape, y.shape
        ((1797, 64), (1797,))
    """
    with np.load(io.BytesIO(_read_digits_file()), allow_pickle=False) as archive:
        images = archive["images"]
        labels = archive["labels"]
    x = images.astype(np.float32)
    if not as_images:
        x = x.reshape(len(x), -1)  # (1797, 8, 8) -> (1797, 64), row after row
    return x, labels.astype(np.int64)
