"""nnlib: the from-scratch NumPy neural-network library of the course.

Every chapter of "Neural Networks in Python, from NumPy to TensorFlow" imports it.
It speaks the Keras API so that a program written for Keras runs on nnlib by changing
only its imports (``keras.layers`` -> ``nnlib.layers``, ``from tensorflow import keras``
-> ``import nnlib as keras``), and it gives the same numbers as Keras for the same
weights and data.

    >>> import nnlib
    >>> model = nnlib.Sequential([nnlib.layers.Dense(1, activation="sigmoid", input_dim=2)], seed=0)
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")

Importing nnlib loads NumPy only. The book's teaching aids (the setup cell, the exercise
checks, widgets, figures, the Part 5 helpers) live in ``nnlib.course``, which uses the
library and is never imported by it.
"""

__version__ = "0.1.0"

from . import (  # noqa: E402  (the version above is read by nnlib.course)
    activations,
    array_modules,
    callbacks,
    datasets,
    errors,
    gradcheck,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    regularizers,
    saving,
    utils,
)
from .layers import Input  # noqa: E402
from .layers.keras_tensor import KerasTensor  # noqa: E402
from .models import Model, Sequential, load_model  # noqa: E402

__all__ = [
    "Input",
    "KerasTensor",
    "Model",
    "Sequential",
    "load_model",
    "activations",
    "array_modules",
    "callbacks",
    "datasets",
    "errors",
    "gradcheck",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "optimizers",
    "regularizers",
    "saving",
    "utils",
]
