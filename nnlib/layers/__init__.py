"""Layers: the building blocks of a ``Sequential`` model.

Taught in Part 4, "The same network with nnlib". Every layer follows the API of
``Layer`` (``build``, ``forward``, ``backward``, ``params``, ``grads``), so a layer
you write yourself works in a model and in ``nnlib.gradcheck.check_layer``.
"""

from .activation import Activation
from .base import Layer
from .batch_normalization import BatchNormalization
from .conv2d import Conv2D
from .dense import Dense
from .dropout import Dropout
from .elu import ELU
from .flatten import Flatten
from .gaussian_noise import GaussianNoise
from .global_pooling import GlobalAveragePooling2D, GlobalMaxPooling2D
from .input_layer import Input, InputLayer
from .leaky_relu import LeakyReLU
from .merging import (Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, add, average,
                      concatenate, maximum, minimum, multiply, subtract)
from .normalization import Normalization
from .pooling import AveragePooling2D, MaxPooling2D
from .prelu import PReLU
from .relu import ReLU
from .rescaling import Rescaling
from .reshape import Reshape
from .softmax import Softmax

__all__ = ["Layer", "Dense", "Activation", "Dropout", "Flatten", "Input", "InputLayer",
           "BatchNormalization", "Normalization",
           "Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
           "Softmax", "ReLU", "LeakyReLU", "ELU", "PReLU", "Rescaling", "Reshape", "GaussianNoise",
           "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
           "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate"]
