"""The compile settings (optimizer, loss, metrics) as Keras writes them in a saved model.

Taught in Part 4, "Keras and nnlib, side by side". Keras 3 keeps them in the
``compile_config`` of ``config.json``::

    {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {...}},
     "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], ...}

A loss or metric given by name is written as that name; one with settings of its own
as its class and settings. nnlib writes this for its models, so Keras compiles a model
it loads from nnlib with the same optimizer, loss and metrics, and compiles a model
that nnlib loads from Keras the same way.
"""

import numpy as np

from .. import errors, losses, metrics as metrics_module
from ..registry import get_registered_object
from .serialization import deserialize, serialize_keras_object

# Keras compile settings about how training runs, not what it computes: nnlib ignores them.
_EXECUTION_SETTINGS = ("run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss")


def compile_config_for_keras(model):
    """Return Keras's ``compile_config`` for a compiled model, or None for an uncompiled one."""
    if not model.compiled:
        return None
    return {
        "optimizer": serialize_keras_object(model.optimizer),
        "loss": _loss_for_keras(model.loss),
        "loss_weights": None,
        "metrics": [_metric_for_keras(metric, model.loss) for metric in model.metrics] or None,
        "weighted_metrics": [_metric_for_keras(metric, model.loss) for metric in model.weighted_metrics] or None,
        "run_eagerly": False,
        "steps_per_execution": 1,
        "jit_compile": False,
    }


def _loss_for_keras(loss):
    """A loss with its default settings is written by name ("mean_squared_error"), as Keras does."""
    if loss is None:
        return None
    try:
        by_name = losses.get(loss.name)
        if type(by_name) is type(loss) and by_name.get_config() == loss.get_config():
            return loss.name
    except (errors.NNLibError, TypeError, AttributeError):
        pass
    return serialize_keras_object(loss)


def _metric_for_keras(metric, loss):
    """A metric that its name gives back (e.g. "accuracy") is written as that name."""
    try:
        by_name = metrics_module.get(metric.name, loss=loss)
        if type(by_name) is type(metric) and by_name.get_config() == metric.get_config():
            return metric.name
    except (errors.NNLibError, TypeError, AttributeError):
        pass
    return serialize_keras_object(metric)


def compile_from_keras_config(model, config, custom_objects=None, source="the file"):
    """Compile ``model`` with the settings of a Keras ``compile_config``.

    Raises:
        ModelFileError: a setting nnlib does not have (the message says to load with
            ``compile=False`` and compile yourself).
    """
    try:
        for key in config:
            if key not in ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", *_EXECUTION_SETTINGS):
                raise errors.ModelFileError(f"unknown compile setting {key!r}")
        if config.get("loss_weights") is not None:
            raise errors.ModelFileError("loss_weights weigh the outputs of a model with several; nnlib's have one")
        optimizer = _optimizer_from_keras(config.get("optimizer"), custom_objects)
        loss = _from_keras(config.get("loss"), "loss", custom_objects)
        metrics = [_metric_from_keras(m, loss, custom_objects) for m in _as_list(config.get("metrics"))]
        weighted = [_metric_from_keras(m, loss, custom_objects) for m in _as_list(config.get("weighted_metrics"))]
        model.compile(optimizer=optimizer, loss=loss, metrics=metrics, weighted_metrics=weighted)
    except (errors.NNLibError, TypeError, ValueError) as error:
        raise errors.ModelFileError(
            f"{source}: the saved compile settings cannot be restored ({error}). Load with compile=False "
            "and call model.compile(...) yourself."
        ) from None


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _from_keras(value, kind, custom_objects):
    if value is None or not isinstance(value, (str, dict)):
        return value
    if isinstance(value, str):
        return _registered(value, custom_objects) or losses.get(value)
    return deserialize(value, kind, custom_objects)


def _registered(name, custom_objects):
    """Your own loss or metric saved by name: a function as it is, a class as a new object."""
    found = get_registered_object(name, custom_objects)
    return found() if isinstance(found, type) else found


def _metric_from_keras(value, loss, custom_objects):
    if isinstance(value, str):
        return _registered(value, custom_objects) or metrics_module.get(value, loss=loss)
    return deserialize(value, "metric", custom_objects)


def _optimizer_from_keras(value, custom_objects):
    if isinstance(value, str):
        return value
    optimizer = deserialize(value, "optimizer", custom_objects)
    rate = optimizer.get_config().get("learning_rate")
    if isinstance(rate, float):
        # Keras stores the rate as float32: 0.02 comes back as 0.019999999552965164. The
        # shortest decimal with the same float32 value is the number the user wrote.
        optimizer.learning_rate = float(str(np.float32(rate)))
    return optimizer
