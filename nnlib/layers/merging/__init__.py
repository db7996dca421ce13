"""Merge layers: combine a list of inputs into one output (the Functional API).

Taught in Part 4, "The Functional API". Each layer has a functional form with Keras's
name: ``add([a, b])`` is ``Add()([a, b])``. ``Merge`` (``base_merge.py``) is their base
class, and what a merge layer of your own would extend.
"""

from .add import Add, add
from .average import Average, average
from .base_merge import Merge
from .concatenate import Concatenate, concatenate
from .maximum import Maximum, maximum
from .minimum import Minimum, minimum
from .multiply import Multiply, multiply
from .subtract import Subtract, subtract

__all__ = ["Merge", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
           "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate"]
