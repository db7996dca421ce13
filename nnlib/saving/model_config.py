"""A model's architecture as Keras writes it: ``model.to_json()``, ``model_from_json``.

Taught in Part 4, "Keras and nnlib, side by side" and "The Functional API". Keras 3
describes a ``Sequential`` model as::

    {"module": "keras", "class_name": "Sequential", "registered_name": None,
     "config": {"name": "sequential", "trainable": True, "dtype": {...},
                "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [None, 4], ...}},
                           {"class_name": "Dense", "config": {"units": 8, ...}}, ...],
                "build_input_shape": [None, 4]},
     "build_config": {"input_shape": [None, 4]}}

and a Functional model (``Model(inputs, outputs)``) as ``{"module":
"keras.src.models.functional", "class_name": "Functional", "config": ...}``, its config
being the graph of ``functional_config.py``. A model used as a layer of another is
written inside it as such an entry. nnlib writes the same (``to_json``, the
``config.json`` of a ``.keras`` file) and reads Keras's, tf.keras 2's
(``batch_input_shape`` on the first layer) and the configs of older nnlib files
(``{"name", "input_shape", "layers"}``).
"""

import json

from .. import errors
from ..layers import InputLayer
from .compile_config import compile_config_for_keras
from .functional_config import functional_config, functional_from_config, is_functional_config
from .serialization import deserialize, dtype_policy, layer_to_keras

FUNCTIONAL_MODULE = "keras.src.models.functional"  # where Keras 3 writes its Functional class


def model_to_keras_config(model):
    """Return the Keras 3 config of a model (its layers, not its weights).

    Args:
        model: a ``Sequential`` or a ``Functional`` model, built or not.

    Returns:
        ``{"module": "keras", "class_name": "Sequential", "config": ..., ...}``, or
        ``{"module": "keras.src.models.functional", "class_name": "Functional", ...}``.
    """
    config = model.get_config()
    if _is_functional(model):
        # Keras builds a Functional model from its graph, so there is no input shape to give.
        return {"module": FUNCTIONAL_MODULE, "class_name": "Functional", "config": config,
                "registered_name": "Functional", "build_config": {"input_shape": None}}
    entry = {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None}
    if config.get("build_input_shape") is not None:
        entry["build_config"] = {"input_shape": config["build_input_shape"]}
    return entry


def _is_functional(model):
    from ..models.functional import Functional

    return isinstance(model, Functional)


def layer_entry(layer):
    """Return a layer's entry in a model's config: a layer's Keras dict, or a nested model's.

    A model used as a layer is written as Keras writes it there: its whole config, with
    its compile settings (``{}`` when it was not compiled).
    """
    from ..models.model import Model

    if isinstance(layer, Model):
        entry = model_to_keras_config(layer)
        entry["compile_config"] = compile_config_for_keras(layer) or {}
        return entry
    entry = layer_to_keras(layer)
    if "build_config" in entry:  # shapes as JSON lists (a merge layer has a list of tuples)
        entry["build_config"] = {"input_shape": _json_shape(entry["build_config"]["input_shape"])}
    return entry


def _json_shape(shape):
    if isinstance(shape, (list, tuple)):
        return [_json_shape(item) for item in shape]
    return shape


def input_layer_entry(batch_shape, dtype, name):
    """Return Keras 3's entry for an ``InputLayer`` of ``batch_shape`` (``None`` first)."""
    config = {"batch_shape": [None, *batch_shape[1:]], "dtype": dtype, "sparse": False, "ragged": False,
              "name": name}
    return {"module": "keras.layers", "class_name": "InputLayer", "config": config, "registered_name": None}


def sequential_config(model):
    """Return what Keras's ``Sequential.get_config()`` returns, for an nnlib model."""
    layers = [layer_entry(layer) for layer in model.layers]
    batch_shape = None if model.input_shape is None else [None, *model.input_shape[1:]]
    if batch_shape is not None:
        layers.insert(0, input_layer_entry(batch_shape, model.dtype, "input_layer"))
    config = {"name": model.name, "trainable": model.trainable, "dtype": dtype_policy(model.dtype), "layers": layers}
    if batch_shape is not None:
        config["build_input_shape"] = batch_shape
    return config


def model_from_keras_config(config, custom_objects=None, source="the config"):
    """Build an uncompiled model from a Keras config (or an older nnlib one).

    Args:
        config: the whole ``{"class_name": "Sequential", "config": ...}`` dict (or
            ``"Functional"``), or its ``"config"`` part (what ``model.get_config()`` returns).
        custom_objects: dict name -> your own layer classes (and functions).
        source: the file or string the config came from, for error messages.

    Returns:
        A ``Sequential`` (built when the config gives the input shape) or a
        ``Functional`` model.

    Raises:
        ModelFileError: neither a Sequential nor a Functional model, an unknown layer,
            a shared layer, or settings nnlib cannot build; the message names the layer.
    """
    if not isinstance(config, dict):
        raise errors.ModelFileError(f"{source}: a model config is a dict, got {type(config).__name__}.")
    if is_functional_config(config):
        return functional_from_config(config.get("config", {}) if "class_name" in config else config,
                                      custom_objects, source)
    if "class_name" in config:
        if config["class_name"] != "Sequential":
            raise errors.ModelFileError(
                f"{source} holds a Keras {config['class_name']!r} model; nnlib builds Sequential and "
                "Functional models (a stack of layers, or Model(inputs, outputs)), not subclassed ones."
            )
        config = config.get("config", {})
    return _sequential_from_config(config, custom_objects, source)


def _sequential_from_config(config, custom_objects, source):
    from ..models.sequential import Sequential

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
        layer = layer_from_entry(entry, index, custom_objects, source)
        try:
            model.add(layer)
        except errors.NNLibError as error:
            raise errors.ModelFileError(f"{source}: layer {index} ({layer.name!r}) cannot follow the layers "
                                        f"before it: {error}") from None
    build_shape = config.get("build_input_shape")
    if build_shape is not None and not model.built and model.layers:
        try:
            model.build(tuple(build_shape))
        except errors.NNLibError as error:
            raise errors.ModelFileError(f"{source}: the model cannot be built for {build_shape}: {error}") from None
    if config.get("trainable") is False:
        model.trainable = False
    return model


def layer_from_entry(entry, index, custom_objects, source):
    """Build the layer (or nested model) of one entry of a model's ``"layers"`` list.

    Raises:
        ModelFileError: a malformed entry, a layer nnlib does not have, or settings it
            cannot build; the message names the layer and its position.
    """
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
        model: a ``Sequential`` or ``Functional`` model.
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
        A ``Sequential`` (with fresh weights, built when the JSON gives the input shape)
        or a ``Functional`` model.

    Raises:
        ModelFileError: the string is not JSON, or describes a model nnlib cannot build.
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise errors.ModelFileError(f"model_from_json expects the JSON text of model.to_json(): {error}") from None
    return model_from_keras_config(config, custom_objects, source="the JSON")
