"""``LayerStack``: a model's layers, their shapes and their weights.

Taught in Part 4, "The same network with nnlib". This is the half of a model that
knows nothing about training: adding layers in a row and building them once the input
size is known (each layer's input shape is the previous layer's output shape), and
the weights (``get_weights``/``set_weights`` in Keras order, ``trainable_weights``,
``summary``). A Functional model (``functional.py``) uses the weights half only: its
layers come from its graph. The other half, ``compile``/``fit``/``evaluate``/``predict``,
is ``Model``'s (``model.py``).

The weights live in one array library, the model's ``array_module``: NumPy unless
``to(cupy)`` moved them to a GPU (Part 5, "nnlib on a GPU with CuPy"). They are always
created on the host, by the model's generator, so a seed gives the same initial
weights on every device.
"""

import copy

import numpy as np

from .. import array_modules, errors
from ..layers.base import Layer, check_weight_list, normalize_batch_shape
from ..layers.input_layer import InputLayer
from ..layers.keras_tensor import KerasTensor
from ..utils import make_rng
from . import summary as summary_module
from .weight_block import WeightBlock


class LayerStack:
    """A list of layers applied one after the other, and their weights.

    Args:
        layers: list of layers to add, in order. Defaults to none.
        name: the model's name.
        seed: None, an int or a ``np.random.Generator`` for the initial weights
            (and, in ``Sequential``, the shuffling and the dropout masks).
    """

    def __init__(self, layers=None, name=None, seed=None):
        self.name = name
        self.seed = seed
        self._rng = make_rng(seed)
        self._layers = []
        self._input_shape = None  # batch shape, e.g. (None, 64), once known
        self._block = None  # WeightBlock of the built layers
        self._xp = np  # the array module that holds the weights (see ``to``)
        if layers is not None:
            if isinstance(layers, Layer) or not isinstance(layers, (list, tuple)):
                raise errors.HyperparameterError(
                    f"{type(self).__name__}(layers) takes a list of layers, got {type(layers).__name__}; "
                    f"write {type(self).__name__}([layer1, layer2])."
                )
            for layer in layers:
                self.add(layer)

    # ----- layers and building --------------------------------------------------
    @property
    def layers(self):
        """The layers, in order (a new list; an Input is not listed, as in Keras)."""
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        """Return the layer called ``name``, or the one at position ``index`` of ``layers``.

        Raises:
            HyperparameterError: neither or both given, an unknown name, or an index out of range.
        """
        if (name is None) == (index is None):
            raise errors.HyperparameterError("get_layer takes either name=... or index=..., not both or neither.")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise errors.HyperparameterError(
                    f"get_layer(index={index}): model {self.name!r} has {len(layers)} layers."
                )
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise errors.HyperparameterError(
            f"Model {self.name!r} has no layer named {name!r}; its layers are {[layer.name for layer in layers]}."
        )

    @property
    def built(self):
        """Whether every layer has its weights."""
        return bool(self._layers) and all(layer.built for layer in self._layers)

    @property
    def input_shape(self):
        """Shape of a batch of inputs, e.g. (None, 64), or None while unknown."""
        return self._input_shape

    @property
    def output_shape(self):
        """Shape of a batch of outputs, e.g. (None, 10), or None while unbuilt."""
        return self._layers[-1].output_shape if self.built else None

    @property
    def dtype(self):
        """The float dtype of the first layer ("float32" unless chosen otherwise)."""
        return self._layers[0].dtype if self._layers else "float32"

    def add(self, layer):
        """Append ``layer`` (built at once when the input shape is known).

        Raises:
            HyperparameterError: ``layer`` is not an nnlib layer, is already in the
                model, or its name is taken.
            ShapeError: the layer cannot take the previous layer's output.
        """
        if isinstance(layer, KerasTensor) and isinstance(layer.layer, InputLayer):
            layer = layer.layer  # Sequential([Input(shape=(64,)), ...]), as Keras takes it
        if not isinstance(layer, (Layer, LayerStack)):  # a model may be a layer of another
            raise errors.HyperparameterError(
                f"Sequential.add expects an nnlib layer (nnlib.layers.Dense, ...), got "
                f"{type(layer).__module__}.{type(layer).__name__}."
            )
        if isinstance(layer, InputLayer):
            if self._layers:
                raise errors.HyperparameterError("An Input must be the first element of a Sequential model.")
            self._input_shape = (None,) + layer.declared_input_shape
            return
        if any(layer is existing for existing in self._layers):
            raise errors.HyperparameterError(f"Layer {layer.name!r} is already in this model; create a new one.")
        self._give_unique_name(layer)
        if not self._layers and self._input_shape is None:
            self._input_shape = _input_shape_of(layer)
        self._layers.append(layer)
        if self._input_shape is not None:
            try:
                self._build_layers()
            except errors.NNLibError:
                self._layers.pop()  # a failed add leaves the model as it was
                raise

    def pop(self):
        """Remove and return the last layer."""
        if not self._layers:
            raise errors.HyperparameterError("There is no layer to pop: the model is empty.")
        layer = self._layers.pop()
        self._ensure_weight_block()
        return layer

    def build(self, input_shape=None, rng=None):
        """Create every layer's weights for inputs of ``input_shape``.

        Args:
            input_shape: a batch shape such as ``(None, 64)``, or the shape of one
                sample given as a 1-tuple ``(64,)``. Defaults to the shape given to
                the first layer.
            rng: not used (the model draws its weights from its own generator);
                accepted so that a model can be built as a layer of another.

        Raises:
            NotBuiltError: no input shape is known.
            ShapeError: a layer cannot take the shape it would receive.
        """
        if input_shape is not None:
            shape = tuple(input_shape)
            shape = (None,) + shape if len(shape) == 1 else shape
            shape = normalize_batch_shape(shape)
            if self._input_shape is not None and shape != self._input_shape and self.built:
                raise errors.ShapeError(
                    f"Model {self.name!r} was built for inputs of shape {self._input_shape}, "
                    f"not {shape}. Create a new model for another input size."
                )
            self._input_shape = shape
        if self._input_shape is None:
            raise errors.NotBuiltError(self._not_built_message("build()"))
        if not self._layers:
            raise errors.NotBuiltError(f"Model {self.name!r} has no layers; add some with model.add(...).")
        self._build_layers()

    def _build_layers(self):
        """Build the layers that are not built yet, then lay the weights out in one block."""
        shape = self._input_shape
        for layer in self._layers:
            if not layer.built:
                layer.build(shape, self._rng)
                layer.move_weights(self._xp)
            elif layer.input_shape != shape:
                raise errors.ShapeError(
                    f"Layer {layer.name!r} was built for inputs of shape {layer.input_shape}, but "
                    f"in this model it receives {shape}."
                )
            shape = layer.output_shape
        self._ensure_weight_block()

    def _ensure_weight_block(self):
        """(Re)make the weight block when the layers changed or the block was lost."""
        if not self.built:
            self._block = None
        elif self._block is None or not self._block.holds(self._layers):
            self._block = WeightBlock(self._layers) if WeightBlock.can_hold(self._layers) else None

    def _build_for_data(self, x_shape):
        """Build from the shape of the data when the model does not know its input shape."""
        if not self.built:
            self.build((None,) + tuple(x_shape[1:]))

    def compute_output_shape(self, input_shape):
        """Return the output batch shape for a batch ``input_shape`` (no weights needed)."""
        shape = normalize_batch_shape(input_shape)
        for layer in self._layers:
            shape = tuple(layer.compute_output_shape(shape))
        return shape

    def _give_unique_name(self, layer):
        taken = {existing.name for existing in self._layers}
        if layer._given_name is not None:
            if layer.name in taken:
                raise errors.HyperparameterError(
                    f"The model already has a layer named {layer.name!r}; layer names must be unique."
                )
            return
        base, suffix = layer.name, 0
        while layer.name in taken:
            suffix += 1
            layer.name = f"{base}_{suffix}"

    def _not_built_message(self, what):
        return (
            f"Model {self.name!r} is not built yet, so {what} cannot run: its weights are created "
            "once the input size is known. Give the first layer input_shape=(n_features,) (or "
            "input_dim=n_features), call model.build((None, n_features)), or call fit/predict."
        )

    # ----- where the weights live ----------------------------------------------------
    @property
    def array_module(self):
        """The array library that holds the weights and does the arithmetic: numpy or cupy."""
        return self._xp

    def to(self, array_module):
        """Keep the weights in ``array_module`` and compute there; return the model.

        ``model.to("cupy")`` (or ``model.to(cupy)``) copies every weight to the GPU;
        from then on each batch is copied to the GPU and the forward pass, the
        backward pass and the optimizer's update run there, with the very same code.
        ``model.to("numpy")`` brings the weights back. ``predict``, ``get_weights``
        and ``gradients`` return NumPy arrays wherever the model computes, as Keras
        does. Moving a model starts its optimizer's state (Adam's moments, ...)
        afresh, so move it before training.

        Args:
            array_module: ``"numpy"``, ``"cupy"``, or the module itself.

        Raises:
            DeviceError: ``"cupy"`` on a machine without CuPy or without a GPU.
            HyperparameterError: anything else that is not an array module.
        """
        xp = array_modules.get(array_module)
        if xp is not self._xp:
            for layer in self._layers:
                if layer.built:
                    layer.move_weights(xp)
            self._xp = xp
            self._block = None
            self._ensure_weight_block()
        return self

    def __deepcopy__(self, memo):
        """Copy the layers and weights; the copy shares the array module (a module cannot be copied)."""
        memo[id(self._xp)] = self._xp
        clone = type(self).__new__(type(self))
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            setattr(clone, name, copy.deepcopy(value, memo))
        return clone

    # ----- weights -----------------------------------------------------------------
    @property
    def weights(self):
        """The parameter arrays themselves (not copies), in Keras order."""
        return [w for layer in self._layers for w in layer.weights]

    @property
    def trainable(self):
        """Whether ``fit`` may update the model's weights (False once the model is frozen)."""
        return getattr(self, "_trainable", True)

    @trainable.setter
    def trainable(self, value):
        """Freeze (False) or unfreeze (True) the model and every layer in it, as Keras does.

        Keras reads the setting when ``compile`` runs, so compile again after changing
        it; nnlib reads it at every ``fit`` call, so code written for Keras works.
        """
        if not isinstance(value, (bool, np.bool_)):
            raise errors.HyperparameterError(f"trainable must be True or False, got {value!r}.")
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = bool(value)

    def _trainable_slots(self):
        """(layer, parameter name) of every weight ``fit`` updates, in Keras order."""
        return [(layer, name) for layer in self._layers for name in layer.trainable_param_names()]

    @property
    def trainable_weights(self):
        """The weights ``fit`` updates: all but those of frozen layers and moving statistics."""
        return [layer.params[name] for layer, name in self._trainable_slots()]

    @property
    def trainable_variables(self):
        """Keras's other name for ``trainable_weights`` (the same list), as in
        ``optimizer.apply_gradients(zip(grads, model.trainable_variables))``."""
        return self.trainable_weights

    @property
    def non_trainable_weights(self):
        """The other weights (frozen layers', BatchNormalization's moving statistics)."""
        return [w for layer in self._layers for w in layer.non_trainable_weights]

    def get_weights(self):
        """Return copies of all weights, in Keras order: [kernel, bias] per Dense.

        Raises:
            NotBuiltError: the model is not built yet.
        """
        if not self.built:
            raise errors.NotBuiltError(self._not_built_message("get_weights()"))
        return [w for layer in self._layers for w in layer.get_weights()]

    def set_weights(self, weights):
        """Copy ``weights`` (in the order of ``get_weights()``) into the model, in place.

        Raises:
            NotBuiltError: the model is not built yet.
            ShapeError: wrong number of arrays or a wrong shape (nothing changes then).
        """
        if not self.built:
            raise errors.NotBuiltError(self._not_built_message("set_weights()"))
        params = {f"{layer.name}/{name}": p for layer in self._layers for name, p in layer.params.items()}
        arrays = check_weight_list(weights, params, owner=f"Model {self.name!r}")
        for param, value in zip(params.values(), arrays):
            param[...] = array_modules.to_module(value, self._xp)

    def count_params(self):
        """Return the total number of weights."""
        if not self.built:
            raise errors.NotBuiltError(self._not_built_message("count_params()"))
        return sum(layer.count_params() for layer in self._layers)

    def summary(self, line_length=None, print_fn=None):
        """Print a table of the layers, their output shapes and parameter counts.

        Args:
            line_length: the table's total width. Defaults to Keras 3's column widths.
            print_fn: function called once with the whole table (a string with
                newlines), as in Keras 3. Defaults to ``print``.
        """
        summary_module.print_summary(self, line_length=line_length, print_fn=print_fn)


def _input_shape_of(layer):
    """The batch input shape a first layer declares (``input_shape=``, or a model's), or None."""
    declared = getattr(layer, "declared_input_shape", None)
    if declared is not None:
        return (None,) + tuple(declared)
    shape = layer.input_shape if isinstance(layer, LayerStack) else None
    if shape is not None and not isinstance(shape, list):  # a model with one input
        return tuple(shape)
    return None

