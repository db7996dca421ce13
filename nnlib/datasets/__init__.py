"""Datasets for the book: toy 2-D problems, the 8x8 digits, MNIST, and preprocessing.

- ``nnlib.datasets.synthetic``: XOR, moons, circles, spirals, gaussian blobs (classification)
  and a plane and a sine (regression), generated from a seed (Part 4 and the playground).
- ``nnlib.datasets.digits``: the 1797 8x8 handwritten digits, shipped with nnlib
  (Part 4, "Real data: the 8x8 digits").
- ``nnlib.datasets.mnist``: the Keras ``mnist.npz``, checksum-verified, cached, offline
  unless ``download=True`` (for readers who move on to 28x28 images; no chapter needs it).
- ``nnlib.datasets.preprocessing``: ``train_test_split``, ``one_hot``, ``standardize``.

Example:
    >>> from nnlib.datasets import load_digits, train_test_split, standardize
    >>> x, y = load_digits()
    >>> x_train, x_test, y_train, y_test = train_test_split(x, y, seed=0, stratify=y)
    >>> x_train, x_test = standardize(x_train, x_test)
"""

from .digits import load_digits
from .mnist import load_mnist
from .preprocessing import Standardizer, one_hot, standardize, train_test_split
from .synthetic import make_blobs, make_circles, make_moons, make_plane, make_sine, make_spirals, make_xor

__all__ = [
    "make_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_blobs",
    "make_plane",
    "make_sine",
    "load_digits",
    "load_mnist",
    "train_test_split",
    "one_hot",
    "Standardizer",
    "standardize",
]
