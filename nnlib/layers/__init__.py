"""Layers: the building blocks of a ``Sequential`` model.

Taught in Part 4, "The same network with nnlib". Every layer follows the API of
``Layer`` (``build``, ``forward``, ``backward``, ``params``, ``grads``), so a layer
you write yourself works in a model and in ``nnlib.gradcheck.check_layer``.
"""

from .activation import Activation
from .base import Layer
from .dense import Dense
from .dropout import Dropout
from .flatten import Flatten
from .input_layer import Input, InputLayer

__all__ = ["Layer", "Dense", "Activation", "Dropout", "Flatten", "Input", "InputLayer"]
