"""A Functional model's architecture as Keras 3 writes it, and the graph rebuilt from it.

Taught in Part 4, "The Functional API" (and "Keras and nnlib, side by side"). Keras 3's
``Functional.get_config()`` lists every layer, the model's Input layers included, each
with the calls that feed it, its "inbound nodes"::

    {"name": "functional", "trainable": True,
     "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4], ...},
         "name": "a", "inbound_nodes": []},
        {"class_name": "Dense", "config": {...}, "name": "dense",
         "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
                                      "config": {"shape": [None, 4], "dtype": "float32",
                                                 "keras_history": ["a", 0, 0]}}],
                            "kwargs": {}}]}],
     "input_layers": ["a", 0, 0],
     "output_layers": ["dense", 0, 0]}

A ``keras_history`` ``[layer, node, tensor]`` names the layer whose output is read, which
call of it (node) and which of its outputs (tensor). A merge layer's argument is a list
of such tensors. ``input_layers`` and ``output_layers`` have the model's arrangement: one
entry, a list of them, or a dict by name. Keras counts a nested Functional model's own
graph as its call number 0, so its output is ``[name, 1, 0]`` in ``output_layers``.

Rebuilding calls every layer on the tensors its node names, in an order where each
tensor exists before it is read, and then ``Model(inputs, outputs)``. An nnlib layer is
used once in a graph (it keeps its last forward pass for the backward pass), so a
config whose layer is called twice (a shared layer) is refused with a clear message.
"""

from .. import errors
from ..layers import InputLayer

# The keyword arguments Keras 3 records for a call on a KerasTensor: a layer whose call
# takes ``mask`` gets mask=None, the noise layers get training=False, the others none.
_CALL_KWARGS = {
    "Dropout": {"training": False},
    "GaussianNoise": {"training": False},
    "Softmax": {"mask": None},
    "BatchNormalization": {"mask": None},
    "Sequential": {"mask": None},
    "Functional": {"mask": None},
}

_MODEL_CLASS_NAMES = ("Functional", "Model")


# ----- nnlib -> Keras ------------------------------------------------------------------------


def functional_config(model):
    """Return what Keras's ``Functional.get_config()`` returns, for an nnlib Functional model.

    Args:
        model: a ``Functional`` model (nnlib's ``Model(inputs, outputs)``).

    Returns:
        ``{"name", "trainable", "layers", "input_layers", "output_layers"}``, every value
        JSON-friendly.
    """
    from .model_config import input_layer_entry, layer_entry

    entries = []
    for layer in model.layers:
        if isinstance(layer, InputLayer):
            entry = input_layer_entry(layer._symbolic_output.shape, layer.dtype, layer.name)
        else:
            entry = layer_entry(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = _inbound_nodes(layer)
        entries.append(entry)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": entries,
        "input_layers": _structure_config(model._input_structure),
        "output_layers": _structure_config(model._output_structure),
    }


def _inbound_nodes(layer):
    """The layer's one call, as Keras writes a node: its tensors and keyword arguments."""
    if isinstance(layer, InputLayer):
        return []
    tensor = layer._symbolic_output  # its one call in the graph (a nested model's too)
    if tensor.called_on_list:  # a merge layer: one argument, the list of tensors
        argument = [_tensor_entry(t) for t in tensor.inputs]
    else:
        argument = _tensor_entry(tensor.inputs[0])
    return [{"args": [argument], "kwargs": dict(_CALL_KWARGS.get(type(layer).__name__, {}))}]


def _tensor_entry(tensor):
    # Each nnlib layer is called once and has one output: call 0, output 0.
    return {"class_name": "__keras_tensor__",
            "config": {"shape": list(tensor.shape), "dtype": tensor.dtype,
                       "keras_history": [tensor.layer.name, 0, 0]}}


def _structure_config(structure):
    """``input_layers``/``output_layers``: ``[name, node, 0]`` per tensor, arranged as the model's."""
    leaves = [[t.layer.name, _own_node_count(t.layer), 0] for t in structure.tensors]
    if structure.kind == "single":
        return leaves[0]
    if structure.kind == "dict":
        return dict(zip(structure.names, leaves))
    return leaves


def _own_node_count(layer):
    """1 for a nested Functional model (Keras counts its own graph as call 0), else 0."""
    from ..models.functional import Functional

    return 1 if isinstance(layer, Functional) else 0


# ----- Keras -> nnlib ------------------------------------------------------------------------


class _Call:
    """One layer call read from a config: the tensors it reads and whether they form a list."""

    def __init__(self, references, on_list):
        self.references = references  # [(layer name, node index, tensor index), ...]
        self.on_list = on_list

    @property
    def producers(self):
        return [name for name, _, _ in self.references]


def functional_from_config(config, custom_objects=None, source="the config"):
    """Build an uncompiled Functional model from Keras's ``Functional.get_config()`` dict.

    Reads Keras 3's nodes (``{"args": [...], "kwargs": {...}}``) and tf.keras 2's
    (``[[layer, node, tensor, kwargs], ...]``). The calls are checked (no shared layer,
    no missing layer, no loop) before any layer is made, and nothing is returned unless
    every layer could be made and called.

    Args:
        config: the ``"config"`` part of a Functional model's entry (what
            ``model.get_config()`` returns).
        custom_objects: dict name -> your own layer classes (and functions).
        source: the file or string the config came from, for error messages.

    Returns:
        A ``Functional`` model with fresh weights.

    Raises:
        ModelFileError: a malformed config, a layer nnlib does not have (named), a
            layer called more than once (a shared layer), a reference to a layer that
            is not there, a loop, or a graph that cannot be built.
    """
    from ..models.functional import Functional

    entries = _checked_entries(config, source)
    calls = {name: _read_call(name, entry, source) for name, entry in entries}
    order = _call_order(entries, calls, source)
    layers = {name: _make_layer(entry, index, custom_objects, source)
              for index, (name, entry) in enumerate(entries)}
    tensors = {name: layer._symbolic_output for name, layer in layers.items() if isinstance(layer, InputLayer)}
    for name in order:
        tensors[name] = _call_layer(layers[name], name, calls[name], layers, tensors, source)
    inputs = _structure_tensors(config["input_layers"], layers, tensors, "input_layers", source)
    outputs = _structure_tensors(config["output_layers"], layers, tensors, "output_layers", source)
    try:
        return Functional(inputs, outputs, name=config.get("name"), trainable=config.get("trainable") is not False)
    except errors.NNLibError as error:
        raise errors.ModelFileError(f"{source}: the saved graph cannot be rebuilt as a model: {error}") from None


def is_functional_config(config):
    """Whether a model config (the whole entry or its ``"config"`` part) describes a Functional model."""
    if not isinstance(config, dict):
        return False
    if "class_name" in config:
        return config["class_name"] in _MODEL_CLASS_NAMES
    return "input_layers" in config or "output_layers" in config


def _checked_entries(config, source):
    """Return [(name, entry)] of the config's layers, after checking the config's shape."""
    keys = ("name", "layers", "input_layers", "output_layers")
    if not isinstance(config, dict) or any(key not in config for key in keys[1:]) \
            or not isinstance(config["layers"], list):
        raise errors.ModelFileError(
            f"{source}: A Functional model configuration must be a dictionary containing the "
            f"{', '.join(repr(k) for k in keys)} keys (the layers and their calls); the file or string "
            "is corrupt."
        )
    entries, seen = [], set()
    for index, entry in enumerate(config["layers"]):
        if not isinstance(entry, dict) or "class_name" not in entry or not isinstance(entry.get("config"), dict):
            raise errors.ModelFileError(
                f"{source}: layer {index} is malformed ({entry!r}). Expected a dictionary containing a 'config' "
                "key (and a 'class_name' key)."
            )
        name = entry.get("name", entry["config"].get("name"))
        if not isinstance(name, str) or not name:
            raise errors.ModelFileError(f"{source}: layer {index} ({entry['class_name']}) has no name, so the "
                                        "calls of the other layers cannot refer to it.")
        if name in seen:
            raise errors.ModelFileError(f"{source}: two layers are named {name!r}; the layers of a Functional "
                                        "model must have unique names.")
        seen.add(name)
        entries.append((name, entry))
    return entries


def _read_call(name, entry, source):
    """The layer's one call (a ``_Call``), or None for an Input layer or a layer never called."""
    nodes = entry.get("inbound_nodes", [])
    if not isinstance(nodes, list):
        raise errors.ModelFileError(f"{source}: the inbound_nodes of layer {name!r} are not a list.")
    if len(nodes) > 1:
        raise errors.ModelFileError(
            f"{source}: layer {name!r} ({entry['class_name']}) is called {len(nodes)} times in the saved "
            "graph: it is a shared layer (one layer applied to several tensors, its weights shared). "
            "nnlib does not support shared layers: each nnlib layer is used once in a graph, since it "
            "keeps the values of its last forward pass for the backward pass. Rebuild the model with "
            "one layer per call (copy the weights with set_weights) before saving it for nnlib."
        )
    if entry["class_name"] == "InputLayer" or not nodes:
        return None
    node = nodes[0]
    if isinstance(node, list):  # tf.keras 2: [[layer, node, tensor, kwargs], ...]
        references = [_legacy_reference(name, item, source) for item in node]
        return _Call(references, on_list=len(references) > 1)
    if not isinstance(node, dict) or not isinstance(node.get("args"), list):
        raise errors.ModelFileError(f"{source}: the call of layer {name!r} is malformed ({node!r}).")
    _check_call_kwargs(name, node.get("kwargs") or {}, source)
    if len(node["args"]) != 1:
        raise errors.ModelFileError(
            f"{source}: layer {name!r} is called with {len(node['args'])} positional arguments; nnlib's layers "
            "take one input (a tensor, or a list of tensors for a merge layer)."
        )
    argument = node["args"][0]
    if isinstance(argument, list):
        return _Call([_tensor_reference(name, item, source) for item in argument], on_list=True)
    return _Call([_tensor_reference(name, argument, source)], on_list=False)


def _legacy_reference(name, item, source):
    if not isinstance(item, list) or len(item) not in (3, 4) or not isinstance(item[0], str):
        raise errors.ModelFileError(f"{source}: an inbound node of layer {name!r} is malformed ({item!r}); "
                                    "expected [layer_name, node_index, tensor_index, kwargs].")
    if len(item) == 4:
        _check_call_kwargs(name, item[3] or {}, source)
    return tuple(item[:3])


def _tensor_reference(name, item, source):
    config = item.get("config") if isinstance(item, dict) and item.get("class_name") == "__keras_tensor__" else None
    history = config.get("keras_history") if isinstance(config, dict) else None
    if not isinstance(history, list) or len(history) != 3 or not isinstance(history[0], str):
        raise errors.ModelFileError(
            f"{source}: layer {name!r} is called on {item!r}, which is not a tensor of the graph (a "
            "__keras_tensor__ with a keras_history [layer, node, tensor]). nnlib's layers are called on "
            "tensors only."
        )
    return tuple(history)


def _check_call_kwargs(name, kwargs, source):
    """Keras's recorded mask=None and training=False/None change nothing; anything else nnlib cannot do."""
    if not isinstance(kwargs, dict):
        raise errors.ModelFileError(f"{source}: the keyword arguments of layer {name!r}'s call are malformed.")
    kept = {key: value for key, value in kwargs.items()
            if not (value is None or (key == "training" and value is False))}
    if kept:
        raise errors.ModelFileError(
            f"{source}: layer {name!r} is called with {kept}; nnlib's layers in a graph take no call "
            "arguments (training is decided by fit/predict, and there are no masks)."
        )


def _call_order(entries, calls, source):
    """The called layers in an order where each reads only tensors made before it (Kahn's algorithm)."""
    classes = dict((name, entry["class_name"]) for name, entry in entries)
    for name, call in calls.items():
        for producer in call.producers if call else []:
            if producer not in classes:
                raise errors.ModelFileError(
                    f"{source}: Invalid Functional model configuration. Missing node: {producer} (layer "
                    f"{name!r} reads the output of a layer {producer!r} that the config does not have)."
                )
            if calls[producer] is None and classes[producer] != "InputLayer":
                raise errors.ModelFileError(
                    f"{source}: layer {name!r} reads the output of layer {producer!r}, which is never called "
                    "in the saved graph (it has no inbound node)."
                )
    ready = {name for name in classes if classes[name] == "InputLayer"}
    order, waiting = [], [name for name in classes if calls[name] is not None]
    while waiting:
        runnable = [name for name in waiting if all(p in ready for p in calls[name].producers)]
        if not runnable:
            raise errors.ModelFileError(
                f"{source}: Invalid Functional model configuration: the graph has a loop (or disconnected "
                f"nodes); the calls of layers {waiting} can never run, each waits for another's output."
            )
        order += runnable
        ready.update(runnable)
        waiting = [name for name in waiting if name not in ready]
    return order


def _make_layer(entry, index, custom_objects, source):
    from .model_config import layer_from_entry

    if entry["class_name"] == "InputLayer" and "batch_input_shape" in entry["config"]:
        settings = dict(entry["config"])  # tf.keras 2's spelling of the batch shape
        settings["batch_shape"] = settings.pop("batch_input_shape")
        entry = {**entry, "config": settings}
    return layer_from_entry(entry, index, custom_objects, source)


def _call_layer(layer, name, call, layers, tensors, source):
    """Call ``layer`` on the tensors ``call`` names; return its output KerasTensor."""
    inputs = [_tensor(reference, layers, tensors, f"the call of layer {name!r}", source, call_argument=True)
              for reference in call.references]
    try:
        return layer(inputs if call.on_list else inputs[0])
    except errors.NNLibError as error:
        raise errors.ModelFileError(f"{source}: layer {name!r} cannot be called on its saved inputs: {error}") from None


def _tensor(reference, layers, tensors, where, source, call_argument=False):
    """The KerasTensor a ``[layer, node, tensor]`` reference names, after checking the indices."""
    producer, node_index, tensor_index = reference
    if producer not in layers:
        raise errors.ModelFileError(
            f"{source}: Invalid Functional model configuration. Missing node: {producer} ({where} names it).")
    if producer not in tensors:
        raise errors.ModelFileError(
            f"{source}: {where} reads the output of layer {producer!r}, which is never called in the saved "
            "graph (it has no inbound node)."
        )
    # Keras 3 numbers a call argument's node among the calls inside this model (0); tf.keras 2
    # and the input/output lists count a nested Functional's own graph as call 0.
    allowed = {0, _own_node_count(layers[producer])} if call_argument else {_own_node_count(layers[producer])}
    if node_index not in allowed:
        raise errors.ModelFileError(
            f"{source}: {where} reads call {node_index} of layer {producer!r}, so that layer is called more "
            "than once (a shared layer). nnlib does not support shared layers: each nnlib layer is used "
            "once in a graph. Rebuild the model with one layer per call."
        )
    if tensor_index != 0:
        raise errors.ModelFileError(
            f"{source}: {where} reads output {tensor_index} of layer {producer!r}; nnlib's layers have one "
            "output each, so a model with several outputs cannot be used as a layer of another."
        )
    return tensors[producer]


def _structure_tensors(value, layers, tensors, what, source):
    """``input_layers``/``output_layers`` as the KerasTensors, arranged as saved (one, a list or a dict)."""
    if _is_reference(value):
        return _tensor(tuple(value[:3]), layers, tensors, what, source)
    if isinstance(value, dict):
        return {key: _leaf(item, layers, tensors, what, source) for key, item in value.items()}
    if isinstance(value, list) and value:
        return [_leaf(item, layers, tensors, what, source) for item in value]
    raise errors.ModelFileError(f"{source}: {what} is malformed ({value!r}); expected [layer, node, tensor] "
                                "entries: one, a list or a dict of them.")


def _leaf(item, layers, tensors, what, source):
    if not _is_reference(item):
        raise errors.ModelFileError(
            f"{source}: {what} holds {item!r}: a nested structure. nnlib's models take one tensor, a flat "
            "list or a flat dict of them as inputs and outputs."
        )
    return _tensor(tuple(item[:3]), layers, tensors, what, source)


def _is_reference(value):
    return isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
