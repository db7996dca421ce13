"""A model's architecture as Keras writes it: ``model.to_json()``, ``model_from_json``.

Taught in Part 4, "Keras and nnlib, side by side". Keras 3 describes a
``Sequential`` model as::

    {"module": "keras", "class_name": "Sequential", "registered_name": None,
     "config": {"name": "sequential", "trainable": True, "dtype": {...},
                "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [None, 4], ...}},
                           {"class_name": "Dense", "config": {"units": 8, ...}}, ...],
                "build_input_shape": [None, 4]},
     "build_config": {"input_shape": [None, 4]}}

nnlib writes the same (``to_json``, the ``config.json`` of a ``.keras`` file) and reads
Keras's, tf.keras 2's (``batch_input_shape`` on the first layer) and the configs of
older nnlib files (``{"name", "input_shape", "layers"}``).
"""

import json

from .. import errors
from ..layers import InputLayer
from .serialization import deserialize, dtype_policy, layer_to_keras


def model_to_keras_config(model):
    """Return the Keras 3 config of a ``Sequential`` model (its layers, not its weights).

    Args:
        model: a ``Sequential``, built or not.

    Returns:
        ``{"module": "keras", "class_name": "Sequential", "config": ..., ...}``.
    """
    config = model.get_config()
    entry = {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None}
    if config.get("build_input_shape") is not None:
        entry["build_config"] = {"input_shape": config["build_input_shape"]}
    return entry


def sequential_config(model):
    """Return what Keras's ``Sequential.get_config()`` returns, for an nnlib model."""
    layers = [layer_to_keras(layer) for layer in model.layers]
    batch_shape = None if model.input_shape is None else [None, *model.input_shape[1:]]
    if batch_shape is not None:
        input_layer = {"batch_shape": batch_shape, "dtype": model.dtype, "sparse": False, "ragged": False,
                       "name": "input_layer"}
        layers.insert(0, {"module": "keras.layers", "class_name": "InputLayer", "config": input_layer,
                          "registered_name": None})
    config = {"name": model.name, "trainable": True, "dtype": dtype_policy(model.dtype), "layers": layers}
    if batch_shape is not None:
        config["build_input_shape"] = batch_shape
    return config


def model_from_keras_config(config, custom_objects=None, source="the config"):
    """Build an uncompiled ``Sequential`` from a Keras config (or an older nnlib one).

    Args:
        config: the whole ``{"class_name": "Sequential", "config": ...}`` dict, or its
            ``"config"`` part (what ``model.get_config()`` returns).
        custom_objects: dict name -> your own layer classes (and functions).
        source: the file or string the config came from, for error messages.

    Returns:
        A ``Sequential``, built when the config gives the input shape.

    Raises:
        ModelFileError: not a Sequential model, an unknown layer, or settings nnlib
            cannot build; the message names the layer.
    """
    from ..models.sequential import Sequential

    if not isinstance(config, dict):
        raise errors.ModelFileError(f"{source}: a model config is a dict, got {type(config).__name__}.")
    if "class_name" in config:
        if config["class_name"] != "Sequential":
            raise errors.ModelFileError(
                f"{source} holds a Keras {config['class_name']!r} model; nnlib builds Sequential models only "
                "(a stack of layers, each feeding the next)."
            )
        config = config.get("config", {})
    layer_entries = config.get("layers") if isinstance(config, dict) else None
    if not isinstance(layer_entries, list) or "name" not in config:
        raise errors.ModelFileError(
            f"{source}: A Sequential model configuration must be a dictionary containing the 'name' and "
            "'layers' keys; the file or string is corrupt."
        )
    model = Sequential(name=config.get("name"))
    if config.get("input_shape"):  # nnlib's configs before the Keras format
        model.add(InputLayer(tuple(config["input_shape"])))
    for index, entry in enumerate(layer_entries):
        model.add(_layer_from_entry(entry, index, custom_objects, source))
    build_shape = config.get("build_input_shape")
    if build_shape is not None and not model.built and model.layers:
        try:
            model.build(tuple(build_shape))
        except errors.NNLibError as error:
            raise errors.ModelFileError(f"{source}: the model cannot be built for {build_shape}: {error}") from None
    return model


def _layer_from_entry(entry, index, custom_objects, source):
    if not isinstance(entry, dict) or "class_name" not in entry or "config" not in entry:
        raise errors.ModelFileError(
            f"{source}: layer {index} is malformed ({entry!r}). Expected a dictionary containing a 'config' "
            "key (and a 'class_name' key)."
        )
    name = entry["config"].get("name", "?") if isinstance(entry["config"], dict) else "?"
    try:
        return deserialize(entry, "layer", custom_objects)
    except (errors.ModelFileError, TypeError) as error:
        raise errors.ModelFileError(f"{source}: layer {index} ({entry['class_name']} {name!r}): {error}") from None


def model_to_json(model, **kwargs):
    """Return the Keras 3 JSON of ``model``'s architecture (``model.to_json()``).

    Args:
        model: a ``Sequential``.
        **kwargs: passed on to ``json.dumps`` (e.g. ``indent=2``), as in Keras.
    """
    return json.dumps(model_to_keras_config(model), **kwargs)


def model_from_json(json_string, custom_objects=None):
    """Build an uncompiled model from ``model.to_json()``'s string, as ``keras.models.model_from_json``.

    Reads the JSON of nnlib's ``to_json`` and of Keras's (for the layers nnlib has).

    Args:
        json_string: the JSON text.
        custom_objects: dict name -> your own layer classes and functions.

    Returns:
        A ``Sequential`` (with fresh weights, built when the JSON gives the input shape).

    Raises:
        ModelFileError: the string is not JSON, or describes a model nnlib cannot build.
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise errors.ModelFileError(f"model_from_json expects the JSON text of model.to_json(): {error}") from None
    return model_from_keras_config(config, custom_objects, source="the JSON")
