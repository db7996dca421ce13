"""The compile settings (optimizer, loss, metrics) as Keras writes them in a saved model.

Taught in Part 4, "Keras and nnlib, side by side". Keras 3 keeps them in the
``compile_config`` of ``config.json``::

    {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {...}},
     "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], ...}

A loss or metric given by name is written as that name; one with settings of its own
as its class and settings. A model with several outputs has one loss per output, loss
weights and metrics per output, as lists in output order, or as dicts by output name
when the model's outputs are a dict (Keras writes them as they were given to
``compile``; nnlib writes the same settings spelled out per output)::

    {"loss": {"x": "mean_squared_error", "y": "mean_absolute_error"},
     "loss_weights": {"x": 1.0, "y": 0.5}, "metrics": {"x": ["mae"], "y": ["mse"]}, ...}

nnlib writes this for its models, so Keras compiles a model it loads from nnlib with the
same optimizer, loss and metrics, and compiles a model that nnlib loads from Keras the
same way.
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
    compiled = model._compiled_outputs
    if len(compiled.names) == 1:
        weight = compiled.loss_weights[0]
        loss = _loss_for_keras(compiled.losses[0])
        loss_weights = None if weight == 1.0 else weight
        metrics = [_metric_for_keras(metric, compiled.losses[0]) for metric in model.metrics] or None
        weighted = [_metric_for_keras(metric, compiled.losses[0]) for metric in model.weighted_metrics] or None
    else:
        as_dict = getattr(getattr(model, "_output_structure", None), "kind", None) == "dict"
        loss = _arranged([_loss_for_keras(item) for item in compiled.losses], compiled.names, as_dict)
        loss_weights = None if all(w == 1.0 for w in compiled.loss_weights) else \
            _arranged(compiled.loss_weights, compiled.names, as_dict)
        metrics = _per_output_metrics(model.metrics, compiled, as_dict)
        weighted = _per_output_metrics(model.weighted_metrics, compiled, as_dict)
    return {
        "optimizer": serialize_keras_object(model.optimizer),
        "loss": loss,
        "loss_weights": loss_weights,
        "metrics": metrics,
        "weighted_metrics": weighted,
        "run_eagerly": False,
        "steps_per_execution": 1,
        "jit_compile": False,
    }


def _arranged(values, names, as_dict):
    """One value per output, as a list in output order, or a dict by output name (Nones left out)."""
    if as_dict:
        return {name: value for name, value in zip(names, values) if value is not None}
    return list(values)


def _per_output_metrics(metrics, compiled, as_dict):
    """Metrics of a model with several outputs: a list of them per output (None when there are none)."""
    if not metrics:
        return None
    lists = [[] for _ in compiled.names]
    for metric in metrics:  # an OutputMetric: the metric and the output it reads
        lists[metric.index].append(_metric_for_keras(metric.metric, compiled.losses[metric.index]))
    return _arranged([items or None for items in lists] if as_dict else lists, compiled.names, as_dict)


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

    The losses, loss weights and metrics may be given per output (lists, or dicts by
    output name), as Keras writes them for a model with several outputs.

    Raises:
        ModelFileError: a setting nnlib does not have, or settings that do not fit the
            model's outputs (the message says to load with ``compile=False`` and compile
            yourself).
    """
    try:
        for key in config:
            if key not in ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", *_EXECUTION_SETTINGS):
                raise errors.ModelFileError(f"unknown compile setting {key!r}")
        optimizer = _optimizer_from_keras(config.get("optimizer"), custom_objects)
        model.compile(optimizer=optimizer,
                      loss=_per_output(config.get("loss"), "loss", custom_objects),
                      loss_weights=config.get("loss_weights"),
                      metrics=_per_output(config.get("metrics"), "metric", custom_objects),
                      weighted_metrics=_per_output(config.get("weighted_metrics"), "metric", custom_objects))
    except (errors.NNLibError, TypeError, ValueError) as error:
        raise errors.ModelFileError(
            f"{source}: the saved compile settings cannot be restored ({error}). Load with compile=False "
            "and call model.compile(...) yourself."
        ) from None


def _per_output(value, kind, custom_objects):
    """A loss or metrics setting with its objects rebuilt, arranged as saved (lists and dicts by output)."""
    if isinstance(value, list):
        return [_per_output(item, kind, custom_objects) for item in value]
    if isinstance(value, dict) and "class_name" not in value:  # {output name: setting}
        return {name: _per_output(item, kind, custom_objects) for name, item in value.items()}
    if isinstance(value, dict):
        return deserialize(value, kind, custom_objects)
    if isinstance(value, str):
        # A name: your own object if you registered it; else compile looks it up (a metric such as
        # "accuracy" needs the output's loss to know which accuracy it is).
        return _registered(value, custom_objects) or value
    return value


def _registered(name, custom_objects):
    """Your own loss or metric saved by name: a function as it is, a class as a new object."""
    found = get_registered_object(name, custom_objects)
    return found() if isinstance(found, type) else found


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
