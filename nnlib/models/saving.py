"""Saving and loading, under the names ``nnlib.models`` has always had.

The work is done in ``nnlib.saving``; Part 4, "Real data: the 8x8 digits", saves its
trained model and loads it back. This module keeps ``from nnlib.models.saving import
load_model`` working.
"""

from ..saving.api import load_model, save_model
from ..saving.model_config import model_from_json, model_from_keras_config


def model_from_config(config, custom_objects=None, source="the config"):
    """Rebuild an uncompiled ``Sequential`` from ``model.get_config()`` (or a Keras config).

    Raises:
        ModelFileError: a layer class is unknown or its settings are invalid.
    """
    return model_from_keras_config(config, custom_objects, source)


__all__ = ["load_model", "save_model", "model_from_config", "model_from_json"]
