"""Where each weight array lives in a Keras weights file, and loading them all or none.

Taught in Part 4, "Keras and nnlib, side by side". Keras 3's
``model.weights.h5`` is a tree of groups, one per layer, addressed not by the layer's
name but by its class and position, so that two models built alike match::

    layers/dense/vars/0      kernel of the first Dense, shape (n_in, units)
    layers/dense/vars/1      its bias, shape (units,)
    layers/dropout/vars      (a layer without weights has an empty group)
    layers/dense_1/vars/0    kernel of the second Dense
    vars                     the model's own variables (none)
    optimizer/vars/0, /1     the optimizer's step count and learning rate

A Functional model lists its Input layers too (``layers/input_layer/vars``, empty), and a
model used as a layer has its own layers under its path, named by class as well::

    layers/functional/layers/dense/vars/0    kernel of a Dense inside a nested Functional
    layers/functional/vars                   (the nested model's own variables: none)

BatchNormalization stores gamma, beta, moving_mean, moving_variance as vars/0 to /3, the
order of its ``get_weights()``.

Each ``vars`` group also carries the object's name as an attribute. Here that tree is a
dict ``{group path: WeightGroup}``; ``h5_weights.py`` and ``npz_weights.py`` write it to
a file and read it back.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np

from .. import errors
from .serialization import to_snake_case


@dataclass
class WeightGroup:
    """The arrays of one object (a layer, the model, the optimizer), in Keras's order.

    Attributes:
        name: the object's name, e.g. "dense_1" (stored beside the arrays).
        arrays: the arrays, ``vars/0``, ``vars/1``, ...
    """

    name: str
    arrays: list = field(default_factory=list)


def layer_paths(model, prefix=""):
    """Return Keras's group path for each layer of ``model``: "layers/dense", "layers/dense_1", ...

    The n-th layer of a class gets the class name in snake case, with "_n" from the
    second on, whatever the layer is called. A Functional model's Input layers are
    among its layers ("layers/input_layer", with no weights), as in Keras.

    Args:
        model: a Sequential or Functional model.
        prefix: the model's own path, for a model nested in another
            ("layers/sequential" gives "layers/sequential/layers/dense", ...).
    """
    counts, paths = {}, []
    for layer in model.layers:
        key = to_snake_case(type(layer).__name__)
        if key in counts:
            counts[key] += 1
            key = f"{key}_{counts[key]}"
        else:
            counts[key] = 0
        paths.append(f"{prefix}/layers/{key}" if prefix else f"layers/{key}")
    return paths


def _is_model(layer):
    from ..models.model import Model

    return isinstance(layer, Model)


def weight_leaves(model, prefix=""):
    """Return (path, layer) for every layer that holds weights itself, in ``get_weights()`` order.

    A model used as a layer is not a leaf: its layers are, under its path
    ("layers/functional/layers/dense"), as Keras stores them.
    """
    leaves = []
    for path, layer in zip(layer_paths(model, prefix), model.layers):
        leaves += weight_leaves(layer, path) if _is_model(layer) else [(path, layer)]
    return leaves


def _model_groups(model, prefix, groups):
    """Add the groups of ``model``'s layers under ``prefix``, nested models included."""
    for path, layer in zip(layer_paths(model, prefix), model.layers):
        if _is_model(layer):
            groups[path] = WeightGroup(layer.name)  # a nested model's own variables: none
            _model_groups(layer, path, groups)
        else:
            groups[path] = WeightGroup(layer.name, layer.get_weights())


def model_weight_groups(model):
    """Return the tree of ``model``'s weights, ``{path: WeightGroup}``, as Keras saves a model.

    The optimizer's group holds its step count and learning rate only (its moments are
    not saved, as for a Keras optimizer that has not taken a step); Keras then starts its
    optimizer afresh, as nnlib does.

    Raises:
        NotBuiltError: the model has no weights yet.
    """
    model.get_weights()  # NotBuiltError for an unbuilt model, with nnlib's message
    groups = {}
    _model_groups(model, "", groups)
    groups[""] = WeightGroup(model.name)
    if model.compiled:
        optimizer = model.optimizer
        rate = optimizer.get_config().get("learning_rate")
        arrays = [np.asarray(optimizer.iterations, dtype=np.int64)]
        if isinstance(rate, (int, float)):
            arrays.append(np.asarray(rate, dtype=np.float32))
        groups["optimizer"] = WeightGroup(optimizer.name, arrays)
    return groups


def set_model_weights(model, groups, source, skip_mismatch=False):
    """Copy the layers' arrays of ``groups`` into ``model``: all of them, or none.

    Every array is checked against its layer first; only when all fit are they copied.
    The optimizer's group is not read (nnlib does not restore an optimizer's state).

    Args:
        model: a built Sequential or Functional model.
        groups: ``{path: WeightGroup}`` read from a file.
        source: the file, for the messages.
        skip_mismatch: leave the layers whose arrays do not fit as they are (with a
            warning) instead of failing, as Keras's ``skip_mismatch``.

    Raises:
        ModelFileError: a layer's arrays are missing or have other shapes, or the file
            holds weights for layers the model does not have. The model is unchanged.
    """
    weights, problems = [], []
    leaves = weight_leaves(model)
    for path, layer in leaves:
        current = layer.get_weights()
        stored = groups.get(path, WeightGroup(layer.name)).arrays
        problem = _mismatch(layer, path, current, stored)
        if problem and skip_mismatch:
            warnings.warn(f"Skipping the weights of layer {layer.name!r} in {source}: {problem}", stacklevel=3)
            stored = current
        elif problem:
            problems.append(problem)
        weights.extend(stored)
    paths = {path for path, _ in leaves}
    extra = [path for path, group in groups.items()
             if path.startswith("layers/") and group.arrays and path not in paths]
    if extra and not skip_mismatch:
        problems.append(f"the file holds weights for layers the model does not have: {', '.join(sorted(extra))}")
    if problems:
        raise errors.ModelFileError(
            f"{source} does not fit this model's architecture ({len(problems)} problem(s)); no weight was "
            "changed:\n- " + "\n- ".join(problems)
        )
    model.set_weights(weights)


def _mismatch(layer, path, current, stored):
    expected = [tuple(w.shape) for w in current]
    found = [tuple(np.shape(w)) for w in stored]
    if expected == found:
        return None
    return (
        f"layer {layer.name!r} ({type(layer).__name__}, stored at {path}) expected {len(expected)} weight "
        f"arrays of shapes {expected}, but received {len(found)} of shapes {found}; the shapes must match"
    )
