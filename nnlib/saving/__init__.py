"""Saving and loading models, as ``keras.saving``: nnlib's own files and Keras 3's.

Taught in Part 4, "Real data: the 8x8 digits" (save the trained model, load it back).
The same names as Keras 3::

    model.save("digits.keras")                  # a Keras 3 file: keras.saving.load_model opens it
    model = nnlib.saving.load_model("digits.keras")
    model.save_weights("digits.weights.h5")     # Keras's weights layout
    model.load_weights("digits.weights.h5")
    json_text = model.to_json()                 # the architecture only
    model = nnlib.models.model_from_json(json_text)

Your own layers, losses and metrics are saved by class name; to load them, pass
``custom_objects={"Double": Double}`` or register them once with
``@register_keras_serializable()``. The modules: ``api.py`` (which file gets which
format), ``keras_archive.py`` and ``nnlib_archive.py`` (the two model files),
``model_config.py``, ``functional_config.py`` (a Functional model's graph) and
``compile_config.py`` (the JSON), ``serialization.py`` (objects
as Keras-shaped dicts), ``weights_layout.py``, ``h5_weights.py`` and ``npz_weights.py``
(the weights), ``atomic_file.py`` (no half-written files).
"""

from ..registry import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from .api import load_model, load_weights, save_model, save_weights
from .serialization import deserialize_keras_object, serialize_keras_object

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_keras_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
]
