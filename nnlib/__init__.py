"""nnlib: the from-scratch NumPy neural-network library of the course.

Every chapter of "Neural Networks in Python, from NumPy to TensorFlow" imports it.
It speaks the Keras API (``Sequential``, ``Dense``, ``compile``, ``fit``) so that a
program written for Keras runs on nnlib by changing only its imports, and it gives
the same numbers as Keras for the same weights and data.
"""

__version__ = "0.1.0"

from . import errors  # noqa: E402
