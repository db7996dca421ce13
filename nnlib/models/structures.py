"""How a model's inputs or outputs are arranged: one tensor, a list of them, or a dict.

Taught in Part 4, "The Functional API". A model built as ``Model(inputs, outputs)`` keeps
the arrangement it was given, as Keras does: ``Model([a, b], out)`` takes ``x`` as a list
of two arrays, ``Model({"a": a, "b": b}, out)`` as a dict with those keys, and
``predict`` returns outputs arranged the same way. Inside, everything is a flat list in a
fixed order; ``Structure`` converts between that list and what the user gives or gets.
As in Keras, the flat order of a dict is the order of its keys, SORTED: a list given
to a dict model (``x=[...]``, ``loss=[...]``) is read in that order, and
``model.inputs`` / ``model.layers`` list the inputs in it.
"""

from .. import errors


class Structure:
    """The arrangement of a model's inputs or outputs.

    Args:
        tensors: what the model was given: one KerasTensor, a list/tuple of them, or a
            dict name -> KerasTensor.
        what: "inputs" or "outputs", for messages.

    Attributes:
        kind: "single", "list" or "dict".
        tensors: the KerasTensors as a flat list (a dict's in the order of its sorted keys).
        names: one name per tensor: the dict's keys, else the producing layers' names
            (Keras's ``model.output_names``).
        given_names: the names in the order they were given (a dict's own order).
    """

    def __init__(self, tensors, what):
        from ..layers.keras_tensor import KerasTensor

        self.what = what
        if isinstance(tensors, dict):
            self.kind, self.given_names = "dict", list(tensors)
            self.names = sorted(tensors, key=str)
            flat = [tensors[key] for key in self.names]
        elif isinstance(tensors, (list, tuple)):
            self.kind, flat = "list", list(tensors)
        else:
            self.kind, flat = "single", [tensors]
        if not flat:
            raise errors.HyperparameterError(f"A model needs at least one of its {what}; got none.")
        for tensor in flat:
            if not isinstance(tensor, KerasTensor):
                raise errors.HyperparameterError(
                    f"Model {what} must be KerasTensors (from nnlib.Input and the layers called on it), "
                    f"got {type(tensor).__name__}."
                )
        self.tensors = flat
        if self.kind != "dict":
            self.names = [tensor.layer.name for tensor in flat]
            self.given_names = list(self.names)

    def __len__(self):
        return len(self.tensors)

    def flatten(self, value, name, needed=None):
        """Return ``value`` (an array, a list or a dict of arrays) as a list in the model's order.

        One array is accepted where the model has one tensor; a list must have one entry
        per tensor; a dict must have exactly the model's names as keys. With ``needed``
        (targets: which outputs need them), the targets of the outputs that need none
        may be left out, as Keras allows: a dict without their keys, a list of the
        needed arrays only, or one array when only one output needs targets; they
        come back as None.

        Args:
            value: what the user gave.
            name: its name in messages ("x", "y", "sample_weight").
            needed: None (every entry is needed), or one bool per tensor.

        Raises:
            DataError: the wrong number of arrays, or dict keys that are not the model's.
        """
        count = len(self.tensors)
        wanted = [True] * count if needed is None else [bool(w) for w in needed]
        if isinstance(value, dict):
            unknown = set(value) - set(self.names)
            missing = [key for key, w in zip(self.names, wanted) if w and key not in value]
            if unknown or missing:
                details = ([f"unknown: {sorted(unknown, key=str)}"] if unknown else []) + \
                    ([f"missing: {missing}"] if missing else [])
                raise errors.DataError(
                    f"{name} is a dict with the keys {sorted(value, key=str)}, but the model's {self.what} are "
                    f"named {self.names} ({'; '.join(details)}): give one array per name."
                )
            return [value.get(key) for key in self.names]
        if isinstance(value, (list, tuple)) and count > 1:
            if len(value) == count:
                return list(value)
            if needed is not None and len(value) == sum(wanted):
                return _spread(list(value), wanted)
            raise errors.DataError(
                f"{name} holds {len(value)} arrays, but the model has {count} {self.what} "
                f"({', '.join(self.names)}): give one array per {self.what[:-1]}, in this order, or a dict "
                "with these names."
            )
        if count > 1:
            if needed is not None and sum(wanted) == 1:
                return _spread([value], wanted)
            raise errors.DataError(
                f"{name} is one array, but the model has {count} {self.what} ({', '.join(self.names)}): "
                f"give a list of {count} arrays or a dict with these names."
            )
        if isinstance(value, (list, tuple)) and value and all(getattr(item, "ndim", 0) >= 1 for item in value):
            if len(value) == 1:
                return [value[0]]  # [x] for a model with one input, as Keras takes it
            raise errors.DataError(
                f"{name} is a list of {len(value)} arrays, but the model has one {self.what[:-1]} "
                f"({self.names[0]!r}): give one array."
            )
        return [value]

    def pack(self, flat):
        """Return the flat list ``flat`` arranged as the model's tensors: one, a list or a dict."""
        if self.kind == "single":
            return flat[0]
        if self.kind == "dict":
            by_name = dict(zip(self.names, flat))
            return {key: by_name[key] for key in self.given_names}  # in the order the dict was given
        return list(flat)


def _spread(given, wanted):
    """Put the entries of ``given`` where ``wanted`` is True, None elsewhere."""
    entries = iter(given)
    return [next(entries) if w else None for w in wanted]


def per_output(setting, names, name, default=None, what="outputs"):
    """Spread a compile setting over the outputs: one entry per name, in order.

    Args:
        setting: None, one value (used for every output), a list with one entry per
            output, or a dict name -> value (missing names get ``default``).
        names: the output names, in order.
        name: the setting's name, for messages ("loss", "loss_weights", ...).

    Raises:
        HyperparameterError: a list of the wrong length, or a dict with unknown names.
    """
    count = len(names)
    if isinstance(setting, dict):
        unknown = set(setting) - set(names)
        if unknown:
            raise errors.HyperparameterError(
                f"compile({name}=...) names {sorted(unknown)}, but the model's {what} are {list(names)}."
            )
        return [setting.get(key, default) for key in names]
    if isinstance(setting, (list, tuple)):
        if len(setting) != count:
            raise errors.HyperparameterError(
                f"compile({name}=...) is a list of {len(setting)}, but the model has {count} {what} "
                f"({', '.join(names)}): give one entry per output, or a dict by output name."
            )
        return list(setting)
    return [setting if setting is not None else default] * count
