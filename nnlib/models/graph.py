"""The graph of a Functional model: which layer runs when, forward and backward.

Taught in Part 3, "Backpropagation" (a graph with a branch) and Part 4, "The Functional
API".

``Model(inputs, outputs)`` follows each output's KerasTensor back to the layer that made
it, and that layer's input tensors back to theirs, down to the model's ``Input``
tensors. Ordered so that every layer comes after the layers it reads from (a
topological order), the forward pass is a loop::

    values[input] = x
    for each layer, in order:  values[its output] = layer.forward(values[its inputs])

The backward pass runs the same list in REVERSE. Each layer receives dL/d(its output)
and returns dL/d(each of its inputs). A tensor that feeds several layers (a branch)
collects the gradients of all of them, and they ADD up: by the chain rule, L depends on
the tensor through every path, so dL/dt is the sum over the paths. That sum is the
one thing a graph adds to the backward pass of a Sequential model.
"""

from .. import errors
from ..layers.input_layer import InputLayer


class Graph:
    """The layers between ``inputs`` and ``outputs``, in an order they can run in.

    Args:
        inputs: the model's input KerasTensors (from ``Input``).
        outputs: the model's output KerasTensors.

    Attributes:
        steps: the KerasTensors made by layers (not the inputs), in topological order:
            ``step.layer`` computes ``step`` from ``step.inputs``.
        layers: the layers in Keras's order (by depth from the outputs, then by when
            they were reached), the model's Input layers included.
        consumers: id(tensor) -> how many layers read it, plus one per time it is an output.

    Raises:
        HyperparameterError: an output does not depend on the inputs, a layer needs a
            tensor that is not computed from the inputs, or an input is never used.
    """

    def __init__(self, inputs, outputs):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        input_ids = {id(t) for t in self.inputs}
        if len(input_ids) != len(self.inputs):
            raise errors.HyperparameterError("The same Input is listed twice among the model's inputs.")
        for tensor in self.inputs:
            if not isinstance(tensor.layer, InputLayer):
                raise errors.HyperparameterError(
                    f"The model's inputs must come from nnlib.Input(...); {tensor!r} is the output of "
                    f"layer {tensor.layer.name!r}."
                )
        self.steps, order = _topological_order(self.outputs, input_ids)
        self._check_connected(input_ids)
        self.consumers = _count_consumers(self.steps, self.outputs)
        self.layers = _keras_layer_order(self.inputs, self.steps, self.outputs, order)
        # For the backward pass: a step that reads only the model's inputs owes no dL/d(input)
        # to any layer (only to the caller, with input_gradient=True).
        self._reads_only_inputs = [all(id(t) in input_ids for t in step.inputs) for step in self.steps]

    def _check_connected(self, input_ids):
        """Every tensor the steps read must come from the inputs, and every input be read."""
        known = set(input_ids)
        for step in self.steps:
            for tensor in step.inputs:
                if id(tensor) not in known:
                    raise errors.HyperparameterError(
                        f"Graph disconnected: layer {step.layer.name!r} reads {tensor!r}, which is not "
                        "computed from the model's inputs. Add the Input it comes from to "
                        "Model(inputs=[...])."
                    )
            known.add(id(step))
        for output in self.outputs:
            if id(output) not in known:
                raise errors.HyperparameterError(
                    f"The model's output {output!r} does not depend on its inputs "
                    f"{[t.name for t in self.inputs]}."
                )
        read = {id(tensor) for step in self.steps for tensor in step.inputs} | {id(t) for t in self.outputs}
        unused = [t.name for t in self.inputs if id(t) not in read]
        if unused:
            raise errors.HyperparameterError(
                f"The model's input(s) {unused} are never used: no output depends on them. "
                "Remove them from Model(inputs=[...]) or connect them to a layer."
            )

    def is_chain(self):
        """Whether the graph is a plain chain: one input, one output, each layer reading one tensor
        that no other layer reads (``summary`` then needs no "Connected to" column)."""
        return (len(self.inputs) == 1 and len(self.outputs) == 1
                and all(len(step.inputs) == 1 for step in self.steps)
                and all(count <= 1 for count in self.consumers.values()))

    # ----- the two passes ------------------------------------------------------------
    def forward(self, xs, training=False):
        """Run the layers in order on the input arrays ``xs`` (one per input).

        Returns:
            The list of output arrays, one per output.
        """
        values = {id(tensor): x for tensor, x in zip(self.inputs, xs)}
        for step in self.steps:
            if step.called_on_list:
                arguments = [values[id(tensor)] for tensor in step.inputs]
            else:
                arguments = values[id(step.inputs[0])]
            values[id(step)] = step.layer.forward(arguments, training)
        return [values[id(tensor)] for tensor in self.outputs]

    def backward(self, deltas, fused, input_gradient=False):
        """Run the backward pass from the gradients at the outputs; set every layer's ``grads``.

        Args:
            deltas: one per output: dL/d(output), or dL/dz of the output layer where
                ``fused`` (see ``OutputLoss``), or None for an output without a loss.
            fused: one bool per output.
            input_gradient: also return dL/dx for each input.

        Returns:
            The list of dL/dx, one per input (None for an input no gradient reached),
            when ``input_gradient``; else None.
        """
        grads = {}  # id(tensor) -> dL/d(tensor), summed over the layers that read it
        from_z = {}  # id(output tensor) -> dL/dz of its layer (fused outputs)
        for tensor, delta, is_fused in zip(self.outputs, deltas, fused):
            if delta is None:
                continue
            if is_fused:
                from_z[id(tensor)] = delta
            else:
                _add(grads, tensor, delta)
        for step, reads_only_inputs in zip(reversed(self.steps), reversed(self._reads_only_inputs)):
            layer = step.layer
            grad, delta = grads.pop(id(step), None), from_z.pop(id(step), None)
            if grad is None and delta is None:
                _zero_gradients(layer)  # no loss depends on this layer's output
                continue
            wanted = input_gradient or not reads_only_inputs
            if delta is not None:  # fused output: its only reader is the loss
                result = layer.backward_from_z(delta, input_gradient=wanted)
            elif wanted:
                result = layer.backward(grad)
            else:
                layer.backward_without_input_gradient(grad)  # the data needs no gradient
                result = None
            if result is None:
                continue
            for tensor, part in zip(step.inputs, result if step.called_on_list else [result]):
                _add(grads, tensor, part)  # a tensor read by several layers: the gradients add up
        if input_gradient:
            return [grads.get(id(tensor)) for tensor in self.inputs]
        return None


def _add(grads, tensor, gradient):
    """dL/d(tensor) += gradient (the sum over the layers that read the tensor)."""
    key = id(tensor)
    grads[key] = gradient if key not in grads else grads[key] + gradient


def _zero_gradients(layer):
    for gradient in layer.grads.values():
        gradient[...] = 0


def _topological_order(outputs, input_ids):
    """Depth-first search from the outputs: the layer tensors, each after those it reads.

    Returns:
        (steps, order): the KerasTensors made by layers, in an order they can be
        computed in, and id(layer) -> when the search first reached it.
    """
    steps, order, done, on_path = [], {}, set(), set()

    def visit(tensor):
        key = id(tensor)
        order.setdefault(id(tensor.layer), len(order))  # when the search first reached the layer
        if key in done or key in input_ids:
            return
        if isinstance(tensor.layer, InputLayer):
            return  # an Input that is not among the model's inputs: reported by _check_connected
        if key in on_path:
            raise errors.HyperparameterError(f"The graph has a cycle through layer {tensor.layer.name!r}.")
        on_path.add(key)
        for parent in tensor.inputs:
            visit(parent)
        on_path.discard(key)
        done.add(key)
        steps.append(tensor)

    for output in outputs:
        visit(output)
    return steps, order


def _count_consumers(steps, outputs):
    counts = {}
    for step in steps:
        for tensor in step.inputs:
            counts[id(tensor)] = counts.get(id(tensor), 0) + 1
    for tensor in outputs:
        counts[id(tensor)] = counts.get(id(tensor), 0) + 1
    return counts


def _keras_layer_order(inputs, steps, outputs, order):
    """The layers as Keras lists them: by depth (the longest path to an output), deepest first.

    Layers of equal depth keep the order in which the search from the outputs reached
    them; an Input comes with its depth, as in Keras's ``model.layers``.
    """
    depth = {}
    for tensor in outputs:
        depth[id(tensor)] = 0
    for step in reversed(steps):
        d = depth.setdefault(id(step), 0)
        for tensor in step.inputs:
            depth[id(tensor)] = max(depth.get(id(tensor), 0), d + 1)
    for index, tensor in enumerate(inputs):
        order.setdefault(id(tensor.layer), len(order) + index)
    tensors = list(inputs) + list(steps)
    tensors.sort(key=lambda t: (-depth.get(id(t), 0), order[id(t.layer)]))
    return [t.layer for t in tensors]
