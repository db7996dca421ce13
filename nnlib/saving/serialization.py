"""Objects as Keras-shaped dicts and back: ``serialize_keras_object``, ``deserialize_keras_object``.

Taught in Part 4, "Keras and nnlib, side by side". Keras 3 writes every object
of a model (a layer, its initializers, the optimizer, the loss) as a dict of four keys::

    {"module": "keras.initializers", "class_name": "HeNormal",
     "config": {"seed": None}, "registered_name": None}

``class_name`` and ``module`` say which class to build, ``config`` holds its constructor
arguments, and ``registered_name`` is the name of a class you registered yourself
(``"my_package>Double"``, see ``register_keras_serializable``). nnlib writes the same
dicts, naming its classes as Keras does (nnlib's ``Dense`` is ``keras.layers.Dense``),
so Keras can read them, and it reads Keras's dicts by building its own class of the
same name. Keras settings that nnlib does not have are dropped when they are at their
neutral value (``trainable=True``, a ``None``) and rejected otherwise, so a model never
loads with a setting silently ignored.
"""

import inspect
import re
import types

import numpy as np

from .. import activations, errors, initializers, losses, metrics, optimizers, regularizers
from .. import layers as layers_module
from ..layers import InputLayer, Layer
from ..optimizers import schedules
from ..registry import get_registered_name, get_registered_object

# The layers nnlib has, under their Keras class names: every Layer that nnlib.layers exports.
LAYER_CLASSES = {
    name: cls for name, cls in vars(layers_module).items()
    if isinstance(cls, type) and issubclass(cls, Layer) and cls is not Layer
}

# Where Keras keeps each kind of object; nnlib's own classes are written under these.
KERAS_MODULES = {
    "layer": "keras.layers",
    "activation": "keras.activations",
    "initializer": "keras.initializers",
    "regularizer": "keras.regularizers",
    "loss": "keras.losses",
    "metric": "keras.metrics",
    "optimizer": "keras.optimizers",
    "schedule": "keras.optimizers.schedules",
    "model": "keras",
}

# Keras settings nnlib has no argument for, at the value that changes nothing.
NEUTRAL_KERAS_SETTINGS = {
    "trainable": True,
    "sparse": False,
    "ragged": False,
    "optional": False,
    "data_format": "channels_last",
    "reduction": "sum_over_batch_size",
    "use_ema": False,
    "ema_momentum": 0.99,
    "autocast": True,
}


def to_snake_case(name):
    """Return a class name in Keras's snake case: "Dense" -> "dense", "MyLayer2D" -> "my_layer2d"."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def dtype_policy(dtype):
    """Return Keras's config of the dtype policy for ``dtype`` ("float32", "float64")."""
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": str(dtype)}, "registered_name": None}


def _is_nnlib_class(cls):
    return cls.__module__.split(".")[0] == "nnlib"


def _keras_dict(kind, obj, config):
    """The four-key dict of ``obj``: Keras's module for nnlib's classes, else the user's."""
    cls = obj if isinstance(obj, type) else type(obj)
    if _is_nnlib_class(cls):
        return {"module": KERAS_MODULES[kind], "class_name": cls.__name__, "config": config, "registered_name": None}
    return {"module": cls.__module__, "class_name": cls.__name__, "config": config,
            "registered_name": get_registered_name(cls)}


def _function_dict(function):
    name = get_registered_name(function)
    return {"module": function.__module__, "class_name": "function", "config": name, "registered_name": name}


# ----- nnlib -> Keras ------------------------------------------------------------------------


def serialize_keras_object(obj):
    """Return ``obj`` as a JSON-friendly, Keras-shaped value (what Keras's function of that name does).

    Args:
        obj: None, a number, a string, a list or dict of them, a function, or an nnlib
            object (layer, model, activation, initializer, regularizer, loss, metric,
            optimizer, learning-rate schedule), or an object of your own with ``get_config()``.

    Returns:
        Plain values as they are; objects as ``{"module", "class_name", "config",
        "registered_name"}`` dicts.

    Raises:
        TypeError: the object has no ``get_config()`` and is not a plain value.
    """
    from ..models.model import Model
    from .model_config import model_to_keras_config

    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": str(obj.dtype)}}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(item) for item in obj]
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, Model):  # a Sequential or Functional model
        return model_to_keras_config(obj)
    if isinstance(obj, Layer):
        return layer_to_keras(obj)
    if isinstance(obj, activations.ActivationFunction):
        return activation_to_keras(obj, as_function=True)
    if isinstance(obj, types.FunctionType):
        return _function_dict(obj)
    if isinstance(obj, initializers.Initializer):
        return _keras_dict("initializer", obj, _settings_without_name(obj.get_config()))
    if isinstance(obj, regularizers.Regularizer):
        return _keras_dict("regularizer", obj, _settings_without_name(obj.get_config()))
    if isinstance(obj, optimizers.Optimizer):
        return _keras_dict("optimizer", obj, serialize_keras_object(obj.get_config()))
    if isinstance(obj, schedules.LearningRateSchedule):
        return _keras_dict("schedule", obj, serialize_keras_object(obj.get_config()))
    for kind, base in (("loss", losses.Loss), ("metric", metrics.Metric)):
        if isinstance(obj, base):
            return _keras_dict(kind, obj, serialize_keras_object(obj.get_config()))
    if hasattr(obj, "get_config"):
        return {"module": type(obj).__module__, "class_name": type(obj).__name__,
                "config": serialize_keras_object(obj.get_config()), "registered_name": get_registered_name(type(obj))}
    raise TypeError(
        f"Cannot save an object of type {type(obj).__name__} ({obj!r}): to be saved, a class needs "
        "a get_config() method returning its constructor arguments."
    )


def _settings_without_name(config):
    """An initializer's or regularizer's settings as Keras writes them: no name, no Nones."""
    return {key: _seed_for_json(key, value) for key, value in config.items() if key != "name" and value is not None}


def _seed_for_json(key, value):
    # A seed given as a np.random.Generator cannot be written down; the weights are saved
    # anyway, and only a re-initialization would need it.
    if key == "seed" and not isinstance(value, (int, type(None))):
        return None
    return serialize_keras_object(value)


def activation_to_keras(activation, as_function=False):
    """Return an activation as Keras writes it in a layer's config: its name, e.g. "relu".

    An activation with options Keras's string names cannot hold (``relu`` with a
    ``max_value``) is written as an nnlib dict, which nnlib reads back and Keras rejects.
    With ``as_function`` a plain activation is written as Keras writes a function.
    """
    config = activation.get_config()
    if set(config) == {"name"} and _is_nnlib_class(type(activation)):
        name = config["name"]
        if as_function:
            return {"module": "keras.activations", "class_name": "function", "config": name, "registered_name": name}
        return name
    options = {key: value for key, value in config.items() if key != "name"}
    return {"module": type(activation).__module__, "class_name": type(activation).__name__,
            "config": serialize_keras_object(options), "registered_name": get_registered_name(type(activation))}


def layer_to_keras(layer):
    """Return ``{"module", "class_name", "config", "registered_name", "build_config"}`` for a layer.

    nnlib's layers get Keras's names for their settings; the objects in them (the
    activation, initializers, regularizers) are written as Keras writes them. A layer
    of your own keeps its ``get_config()`` as it is.
    """
    config = dict(layer.get_config())
    if _is_nnlib_class(type(layer)):
        config.pop("input_shape", None)  # the model's InputLayer holds it, as in Keras 3
        keras_config = {"name": config.pop("name", layer.name), "trainable": config.pop("trainable", True),
                        "dtype": dtype_policy(config.pop("dtype", layer.dtype))}
        for key, value in config.items():
            keras_config[key] = _layer_setting_to_keras(layer, key, value)
    else:
        keras_config = serialize_keras_object(config)
    entry = _keras_dict("layer", layer, keras_config)
    if layer.built:
        entry["build_config"] = {"input_shape": list(layer.input_shape)}
    return entry


def _layer_setting_to_keras(layer, key, value):
    if key == "activation":
        return activation_to_keras(layer.activation)
    if key.endswith(("_initializer", "_regularizer")):
        return serialize_keras_object(getattr(layer, key))
    return serialize_keras_object(value)


# ----- Keras -> nnlib ------------------------------------------------------------------------


def deserialize_keras_object(config, custom_objects=None):
    """Rebuild the object a Keras-shaped ``config`` describes, as Keras's function of that name.

    Args:
        config: what ``serialize_keras_object`` (nnlib's or Keras's) returned: a plain
            value, a list, or a ``{"module", "class_name", "config", ...}`` dict.
        custom_objects: dict name -> your own class or function (those registered with
            ``register_keras_serializable`` are found without it).

    Returns:
        The object (plain values come back as they are).

    Raises:
        ModelFileError: a class nnlib does not know, or settings it cannot build.
    """
    return deserialize(config, None, custom_objects)


def kind_of(module, class_name=None, key=None):
    """Which kind of object a Keras dict describes, from its module (or its key in a config)."""
    if class_name in ("Sequential", "Functional"):
        return "model"
    module = module.replace("keras.src.", "keras.") if module else module  # early Keras 3 wrote these
    for kind, keras_module in sorted(KERAS_MODULES.items(), key=lambda item: -len(item[1])):
        if kind != "model" and module and (module.startswith(keras_module) or
                                           module.startswith(keras_module.replace("keras", "nnlib", 1))):
            return kind
    if key == "activation":
        return "activation"
    if key and key.endswith("_initializer"):
        return "initializer"
    if key and key.endswith("_regularizer"):
        return "regularizer"
    if key and key.endswith("_constraint") or (module or "").startswith("keras.constraints"):
        return "constraint"
    return None


def deserialize(config, kind, custom_objects, key=None):
    """``deserialize_keras_object`` with a hint: ``kind`` is what the caller expects ("layer", ...)."""
    if isinstance(config, list):
        return [deserialize(item, kind, custom_objects) for item in config]
    if not isinstance(config, dict):
        return config
    if "class_name" not in config:
        return {name: deserialize(value, None, custom_objects, key=name) for name, value in config.items()}
    class_name, settings = config["class_name"], config.get("config", {})
    if class_name == "__numpy__":
        return np.array(settings["value"], dtype=settings["dtype"])
    if class_name == "__bytes__":
        return settings["value"].encode("utf-8")
    kind = kind_of(config.get("module"), class_name, key) or kind
    registered_name = config.get("registered_name")
    if class_name == "function":
        if not isinstance(settings, str) or not settings:
            raise TypeError(f"Expected 'config' to be a non-null str (the function's name), got {settings!r}.")
        return _function_from_keras(settings, registered_name, kind, custom_objects)
    if kind == "model":
        from .model_config import model_from_keras_config

        return model_from_keras_config(config, custom_objects)
    if not isinstance(settings, dict):
        raise TypeError(f"Expected 'config' to be a dict (the settings of {class_name}), got {settings!r}.")
    cls = _custom_class(config, custom_objects)
    if cls is None:
        _refuse_unknown_registered_name(registered_name, (class_name,))
        cls = builtin_class(kind, class_name)
    return build_from_keras_settings(cls, settings, kind, custom_objects)


def _refuse_unknown_registered_name(registered_name, own_names):
    """A config that names a registered class nobody registered must not quietly build a built-in one."""
    if registered_name and registered_name not in own_names:
        raise errors.ModelFileError(
            f"The registered_name {registered_name!r} is not registered, and the config resolved to a Keras "
            "built-in instead. Register your class or function with "
            "@nnlib.saving.register_keras_serializable(), or pass it in custom_objects."
        )


def _custom_class(config, custom_objects):
    for name in (config.get("registered_name"), config["class_name"]):
        if name:
            found = get_registered_object(name, custom_objects)
            if found is not None:
                return found
    return None


def _function_from_keras(name, registered_name, kind, custom_objects):
    for candidate in (registered_name, name):
        if candidate:
            found = get_registered_object(candidate, custom_objects)
            if found is not None:
                return found
    getters = {"activation": activations.get, "loss": losses.get, "metric": metrics.get}
    for getter_kind in [kind] if kind in getters else list(getters):
        try:
            function = getters[getter_kind](name)
        except (errors.UnknownNameError, TypeError):
            continue
        _refuse_unknown_registered_name(registered_name, (name, "function"))
        return function
    raise errors.ModelFileError(_could_not_locate(name))


def _could_not_locate(name):
    return (
        f"Could not locate class or function {name!r}. If it is your own, pass "
        f"custom_objects={{{name!r}: {name}}} or decorate it with "
        "@nnlib.saving.register_keras_serializable() and import it before loading."
    )


def builtin_class(kind, class_name):
    """Return nnlib's class for Keras's ``class_name`` of this ``kind``.

    Raises:
        ModelFileError: nnlib has no such class; for a layer the message lists nnlib's layers.
    """
    if kind == "layer":
        if class_name not in LAYER_CLASSES:
            raise errors.ModelFileError(
                f"The Keras layer {class_name!r} is not one nnlib has. nnlib's layers are: "
                f"{', '.join(sorted(LAYER_CLASSES))}. For a layer you wrote yourself, pass "
                f"custom_objects={{{class_name!r}: {class_name}}} or register it with "
                "@nnlib.saving.register_keras_serializable()."
            )
        return LAYER_CLASSES[class_name]
    if kind == "schedule":
        cls = getattr(schedules, class_name, None)
        if isinstance(cls, type) and issubclass(cls, schedules.LearningRateSchedule):
            return cls
        raise errors.ModelFileError(f"nnlib has no learning-rate schedule {class_name!r}.")
    getters = {"initializer": initializers.get, "regularizer": regularizers.get, "loss": losses.get,
               "metric": metrics.get, "optimizer": optimizers.get, "activation": activations.get}
    if kind == "constraint":
        raise errors.ModelFileError(f"nnlib has no weight constraints, so Keras's {class_name!r} cannot be kept.")
    if kind not in getters:
        raise errors.ModelFileError(_could_not_locate(class_name))
    for name in (class_name, to_snake_case(class_name)):
        try:
            return type(getters[kind](name))
        except (errors.UnknownNameError, TypeError):
            continue
    raise errors.ModelFileError(f"The Keras {kind} {class_name!r} is not one nnlib has.")


def build_from_keras_settings(cls, settings, kind, custom_objects):
    """Build ``cls`` from Keras's ``settings`` (a config dict), as nnlib's constructor takes them.

    Nested objects are rebuilt first; a Keras dtype policy becomes its dtype name;
    Keras settings the constructor has no argument for must be neutral.

    Raises:
        ModelFileError: a setting nnlib does not have, or values the class rejects.
    """
    arguments = {key: _setting_from_keras(key, value, custom_objects) for key, value in settings.items()}
    frozen = False
    if kind == "layer":
        arguments = _layer_arguments(cls, arguments)
        frozen = arguments.pop("trainable", True) is False  # Layer.from_config freezes it again
    arguments = supported_arguments(cls, arguments)
    if frozen:
        arguments["trainable"] = False
    try:
        if hasattr(cls, "from_config"):
            return cls.from_config(arguments)
        return cls(**arguments)
    except (errors.NNLibError, TypeError, ValueError) as error:
        raise errors.ModelFileError(f"{cls.__name__} cannot be built from the settings {arguments}: {error}") from None


def _setting_from_keras(key, value, custom_objects):
    if isinstance(value, dict) and value.get("class_name") == "DTypePolicy":
        return value.get("config", {}).get("name", "float32")
    if isinstance(value, (dict, list)):
        return deserialize(value, None, custom_objects, key=key)
    if isinstance(value, str) and kind_of(None, key=key):  # "activation": "my_fn" of your own
        found = get_registered_object(value, custom_objects)
        if found is not None:
            return found
    return value


def _layer_arguments(cls, arguments):
    """Keras's spellings of the input shape, as nnlib's layers take it."""
    if "batch_input_shape" in arguments:  # tf.keras 2 wrote the first layer's input shape so
        shape = arguments.pop("batch_input_shape")
        if shape is not None:
            arguments["input_shape"] = tuple(shape[1:])
    if cls is InputLayer:
        batch_shape = arguments.pop("batch_shape", None)
        if batch_shape is not None:
            arguments["shape"] = tuple(batch_shape[1:])
        arguments.pop("batch_size", None)
    return arguments


def supported_arguments(cls, arguments):
    """Return the ``arguments`` that ``cls`` takes, dropping neutral Keras settings it lacks.

    Raises:
        ModelFileError: a setting ``cls`` has no argument for, at a value that matters.
    """
    try:
        parameters = inspect.signature(cls.__init__).parameters
    except (TypeError, ValueError):  # a constructor written in C: let it check its arguments
        return arguments
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return arguments
    kept, rejected = {}, {}
    for key, value in arguments.items():
        if key in parameters:
            kept[key] = value
        elif value is not None and NEUTRAL_KERAS_SETTINGS.get(key, object()) != value:
            rejected[key] = value
    if rejected:
        accepted = [name for name in parameters if name != "self"]
        raise errors.ModelFileError(
            f"nnlib's {cls.__name__} has no setting {', '.join(f'{k}={v!r}' for k, v in rejected.items())} "
            f"(its settings: {', '.join(accepted)}); the model cannot be rebuilt as it was saved."
        )
    return kept
