"""``KerasTensor``: a placeholder for data that has not arrived yet (the Functional API).

Taught in Part 4, "The Functional API". ``x = Input(shape=(8,))`` returns one; calling a
layer on it, ``h = Dense(4)(x)``, builds the layer for that shape and returns the
placeholder of the layer's output, which remembers the layer and the placeholders it
was called on. ``Model(inputs=x, outputs=h)`` follows these links back from the outputs
to the inputs and finds the graph of layers to run (``nnlib/models/graph.py``).

No number is computed here: a ``KerasTensor`` holds a shape and a dtype, as Keras's
does. The shape has ``None`` for the batch axis, e.g. ``(None, 8)``.
"""

from .. import errors


class KerasTensor:
    """The symbolic output of a layer: a shape, a dtype, and where it comes from.

    Args:
        shape: the batch shape, ``None`` first, e.g. ``(None, 8)``.
        dtype: the float dtype of the values it stands for.
        layer: the layer whose output it is (an ``InputLayer`` for ``Input``).
        inputs: the KerasTensors ``layer`` was called on (none for an Input).
        name: a name for messages; defaults to the layer's name.

    Attributes:
        shape, dtype, layer, inputs, name: as given.
    """

    def __init__(self, shape, dtype="float32", layer=None, inputs=(), name=None):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.layer = layer
        self.inputs = tuple(inputs)
        self.name = name or (layer.name if layer is not None else "keras_tensor")
        self.called_on_list = False  # whether ``layer`` took a list (merge layers)

    @property
    def ndim(self):
        """The number of axes, batch axis included."""
        return len(self.shape)

    def __array__(self, dtype=None, copy=None):
        raise errors.HyperparameterError(
            f"{self!r} is a placeholder of the Functional API: it has a shape but no values. "
            "Build a model with nnlib.Model(inputs, outputs) and call it on arrays, or "
            "call model.predict(x)."
        )

    def __repr__(self):
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"


def is_symbolic(x):
    """Whether ``x`` is a KerasTensor or a list/tuple/dict of them (a Functional-API call).

    Raises:
        HyperparameterError: a list that mixes KerasTensors with arrays.
    """
    if isinstance(x, KerasTensor):
        return True
    if isinstance(x, dict):
        x = list(x.values())
    if isinstance(x, (list, tuple)) and x:
        symbolic = [isinstance(item, KerasTensor) for item in x]
        if all(symbolic):
            return True
        if any(symbolic):
            raise errors.HyperparameterError(
                "A layer was called on a list that mixes KerasTensors (placeholders from Input) "
                "with arrays; give it only KerasTensors while building a model."
            )
    return False


def call_on_symbolic(layer, inputs):
    """Record ``layer(inputs)`` for KerasTensor ``inputs``; return the output's KerasTensor.

    The layer is built for the inputs' shapes when it is not yet (its weights are
    drawn then, so ``set_random_seed`` makes them reproducible); a built layer must
    receive the shape it was built for.

    Args:
        layer: the layer (or model) being called.
        inputs: one KerasTensor, or a list of them (merge layers).

    Raises:
        HyperparameterError: the layer is already used in a graph (nnlib layers are
            called once: each keeps the values of its last forward pass).
        ShapeError: the layer cannot take these shapes; the message names the
            layer, what it expects and what it got.
    """
    several = isinstance(inputs, (list, tuple))
    if isinstance(inputs, dict):
        raise errors.HyperparameterError(
            f"Layer {layer.name!r} was called on a dict of KerasTensors; pass one KerasTensor, "
            "or a list of them to a merge layer (Concatenate, Add, ...)."
        )
    tensors = list(inputs) if several else [inputs]
    if getattr(layer, "_symbolic_output", None) is not None:
        raise errors.HyperparameterError(
            f"Layer {layer.name!r} was already called on {_shapes(layer._symbolic_output.inputs)}: in nnlib each "
            "layer object is used once in a graph, since it keeps the values of its last forward pass "
            "for the backward pass. To share weights, create a second layer and copy them with "
            "set_weights; otherwise create a new layer."
        )
    shapes = [t.shape for t in tensors]
    shape = shapes if several else shapes[0]
    if layer.built:
        expected = layer.input_shape
        if _without_batch(expected) != _without_batch(shape):
            raise errors.ShapeError(
                f"Layer {layer.name!r} was built for inputs of shape {expected}, but it was called "
                f"on {_shapes(tensors)}."
            )
    else:
        try:
            layer.build(shape)
        except errors.ShapeError as error:
            if str(error).startswith(f"Layer {layer.name!r}"):
                raise  # the layer's own message names it and the shapes already
            raise errors.ShapeError(f"Layer {layer.name!r} cannot take {_shapes(tensors)}: {error}") from None
    output = KerasTensor(layer.output_shape, layer.dtype, layer=layer, inputs=tensors)
    output.called_on_list = several
    layer._symbolic_output = output
    return output


def _without_batch(shape):
    if shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s[1:]) for s in shape]
    return tuple(shape[1:])


def _shapes(tensors):
    shapes = [t.shape for t in tensors]
    return f"an input of shape {shapes[0]}" if len(shapes) == 1 else f"inputs of shapes {shapes}"
