"""Models: ``Sequential``, ``Model`` (the Functional API), and saving/loading (``load_model``).

Taught in Part 4, "The same network with nnlib" and "The Functional API". Same names as
``keras.models``.
"""

from .functional import Functional
from .model import Model
from .saving import load_model, model_from_config, model_from_json, save_model
from .sequential import Sequential

__all__ = ["Model", "Functional", "Sequential", "load_model", "save_model", "model_from_config",
           "model_from_json"]
