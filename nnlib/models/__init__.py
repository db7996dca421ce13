"""Models: ``Sequential``, and saving/loading (``load_model``).

Taught in Part 4, "The same network with nnlib". Same names as ``keras.models``.
"""

from .saving import load_model, model_from_config, model_from_json, save_model
from .sequential import Sequential

__all__ = ["Sequential", "load_model", "save_model", "model_from_config", "model_from_json"]
