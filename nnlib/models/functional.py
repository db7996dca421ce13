"""``Functional``: a model built from a graph of layers, ``Model(inputs, outputs)``.

Taught in Part 4, "The Functional API". Where ``Sequential`` runs layers in a row, a
Functional model runs any graph of them: several inputs (``Concatenate()([a, b])``),
several outputs, a tensor read by two layers (a branch), a model used as a layer::

    inputs = Input(shape=(8,))
    hidden = Dense(16, activation="relu")(inputs)
    outputs = Dense(1, activation="sigmoid")(hidden)
    model = Model(inputs, outputs)      # nnlib.Model returns a Functional model

The layers are built (their weights drawn) when they are called on the KerasTensors;
``Model`` only finds the graph between the inputs and the outputs (``graph.py``) and
runs it. Everything else (compile, fit, evaluate, predict, saving) is ``Model``'s.
"""

from .. import errors
from ..naming import unique_name
from .graph import Graph
from .model import Model
from .output_loss import OutputLoss
from .structures import Structure


class Functional(Model):
    """A model whose layers form a graph from ``inputs`` to ``outputs``.

    Args:
        inputs: the KerasTensor of an ``Input``, a list of them, or a dict name -> one.
        outputs: the KerasTensor(s) the model computes: one, a list, or a dict.
            ``fit`` and ``predict`` take and give data arranged the same way.
        name: the model's name. Defaults to "functional", "functional_1", ...
        trainable: False freezes every layer.

    Raises:
        HyperparameterError: the outputs do not depend on the inputs, an input is never
            used, or something other than KerasTensors is given.
    """

    def __init__(self, inputs, outputs, name=None, trainable=True):
        self._given_name = name
        self._input_structure = Structure(inputs, "inputs")
        self._output_structure = Structure(outputs, "outputs")
        self._graph = Graph(self._input_structure.tensors, self._output_structure.tensors)
        super().__init__(None, name=name or unique_name("functional"))
        self._layers = list(self._graph.layers)  # Input layers included, as Keras lists them
        inputs = self._input_structure.tensors
        self._input_shape = inputs[0].shape if len(inputs) == 1 else [t.shape for t in inputs]
        self._ensure_weight_block()
        if not trainable:
            self.trainable = False  # (True leaves the layers as they are: some may be frozen)

    # ----- what the model takes and gives ------------------------------------------
    @property
    def inputs(self):
        """The input KerasTensors, as a list."""
        return list(self._input_structure.tensors)

    @property
    def outputs(self):
        """The output KerasTensors, as a list."""
        return list(self._output_structure.tensors)

    @property
    def input(self):
        """The input KerasTensor(s), arranged as given to ``Model`` (one, a list or a dict)."""
        return self._input_structure.pack(self._input_structure.tensors)

    @property
    def output(self):
        """The output KerasTensor(s), arranged as given to ``Model`` (one, a list or a dict)."""
        return self._output_structure.pack(self._output_structure.tensors)

    @property
    def input_names(self):
        """The inputs' names (the Input layers' names, or the dict's keys)."""
        return list(self._input_structure.names)

    @property
    def output_names(self):
        """The outputs' names: the layers that make them (or the dict's keys), as Keras names them."""
        return list(self._output_structure.names)

    @property
    def output_shape(self):
        """The batch shape of the output, or a list of them for several outputs."""
        shapes = [t.shape for t in self._output_structure.tensors]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def _takes_lists(self):
        """Whether fit and predict work with lists: several inputs or several outputs."""
        return len(self._input_structure) > 1 or len(self._output_structure) > 1

    def _single_input(self, x, name, what="inputs"):
        structure = self._input_structure if what == "inputs" else self._output_structure
        if x is None or not isinstance(x, (list, tuple, dict)):
            return x
        return structure.flatten(x, name)[0]

    def _pack_outputs(self, flat):
        return self._output_structure.pack(flat)

    def compute_output_shape(self, input_shape):
        """The output batch shape(s): those of the graph, for the input shape it was built for.

        Raises:
            ShapeError: ``input_shape`` is not the one the model was built for.
        """
        if _without_batch(input_shape) != _without_batch(self._input_shape):
            raise errors.ShapeError(
                f"Model {self.name!r} takes inputs of shape {self._input_shape}, not {tuple(input_shape)}."
            )
        return self.output_shape

    # ----- building: done when the layers were called -------------------------------
    def add(self, layer):
        """Not possible: a Functional model's layers are fixed by its graph."""
        raise errors.HyperparameterError(
            f"Model {self.name!r} is a Functional model: its layers come from Model(inputs, outputs). "
            "Call the new layer on model.outputs and build a new Model, or use a Sequential."
        )

    def pop(self):
        """Not possible: see ``add``."""
        self.add(None)

    def build(self, input_shape=None, rng=None):
        """Nothing to do: the layers were built when they were called on the KerasTensors."""
        if input_shape is not None:
            self.compute_output_shape(input_shape)

    def _build_for_data(self, x_shape):
        """Nothing to do (see ``build``); the data was checked against the inputs' shapes."""

    # ----- the passes (graph.py), as fit, evaluate and predict run them -------------
    def forward(self, x, training=False):
        """Run the graph on ``x`` (an array, or a list with one array per input).

        Returns:
            The output array, or a list of them for several outputs.
        """
        outputs = self._graph.forward(x if isinstance(x, list) else [x], training)
        return outputs if len(outputs) > 1 else outputs[0]

    def _bind_output_losses(self):
        """One ``OutputLoss`` per output (None where the output has no loss).

        The fused shortcut (softmax or sigmoid with its cross-entropy) is used where the
        loss is the output's only reader: a branch from an output needs dL/da as well.
        """
        losses = self._compiled_outputs.losses
        bound = self._output_losses
        if bound is None or [b and b.loss for b in bound] != losses:
            bound = []
            for tensor, loss in zip(self._output_structure.tensors, losses):
                only_reader = self._graph.consumers.get(id(tensor), 0) == 1
                bound.append(None if loss is None else OutputLoss(loss, tensor.layer, allow_fused=only_reader))
            self._output_losses = bound
        return bound

    def _backward_from_outputs(self, deltas, fused, input_gradient=False):
        grads = self._graph.backward(deltas, fused, input_gradient)
        if grads is None:
            return None
        return grads if len(grads) > 1 else grads[0]

    def _backward(self, grad_output, input_gradient=True):
        """The backward pass from dL/d(output), as a layer of another model."""
        count = len(self._output_structure)
        deltas = grad_output if count > 1 else [grad_output]
        return self._backward_from_outputs(deltas, [False] * count, input_gradient)

    def __repr__(self):
        return (f"<Functional name={self.name!r}, {len(self._input_structure)} input(s), "
                f"{len(self._output_structure)} output(s), {len(self._layers)} layers>")

    def get_config(self):
        """Return the graph as Keras's ``Functional.get_config()`` does (layers, calls, inputs, outputs)."""
        from ..saving.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuild an uncompiled model from ``get_config()``'s dict (nnlib's or Keras's)."""
        from ..saving.functional_config import functional_from_config

        return functional_from_config(config, custom_objects)


def _without_batch(shape):
    if shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s[1:]) for s in shape]
    return tuple(shape[1:])
