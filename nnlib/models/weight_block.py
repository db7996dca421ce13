"""All the weights of a model in one contiguous array (and their gradients in another).

Taught in Part 4, "The same network with nnlib" (why training is fast) and the
Appendix, "Performance".

SGD, Adagrad, RMSprop and Adam update every number on its own (elementwise), so
updating four arrays or one array that holds all four gives the same result. One
array is much cheaper, though: for a small network, each NumPy call costs more than
its arithmetic, and Adam makes about twelve calls per array. So the model lays its
weights out in one block::

    values    = [ kernel_1 | bias_1 | kernel_2 | bias_2 ]     (one float array)
    gradients = [ dkernel_1 | dbias_1 | dkernel_2 | dbias_2 ]

and each layer's ``params["kernel"]`` is a VIEW of its piece of ``values``: the layer
reads and writes the same memory, and the optimizer updates everything with one call.
The block is made when the model is built; a layer keeps its arrays from then on.
Only models made of nnlib's own layers get a block (see ``can_hold``).
"""

import numpy as np

from ..array_modules import array_module
from ..layers import Activation, Dense, Dropout, Flatten, InputLayer

CHUNK_SIZE = 1 << 18  # numbers per optimizer update (see WeightBlock.chunks)


class WeightBlock:
    """Move the parameters and gradients of ``layers`` into one block each.

    Args:
        layers: built layers whose parameters all have the same dtype.

    Attributes:
        values: 1-D array holding every parameter.
        gradients: 1-D array, same size, holding every gradient.
    """

    def __init__(self, layers):
        pieces = [(layer, name, array) for layer in layers for name, array in layer.params.items()]
        dtype = pieces[0][2].dtype
        total = sum(array.size for _, _, array in pieces)
        xp = array_module(pieces[0][2])  # numpy, or cupy when the model was moved to a GPU
        self.values = xp.empty(total, dtype=dtype)
        self.gradients = xp.zeros(total, dtype=dtype)
        self._views = []  # (layer, name, value view, gradient view)
        self._chunks = None  # made by chunks()
        offset = 0
        for layer, name, array in pieces:
            end = offset + array.size
            value_view = self.values[offset:end].reshape(array.shape)
            gradient_view = self.gradients[offset:end].reshape(array.shape)
            value_view[...] = array
            layer.params[name] = value_view
            layer.grads[name] = gradient_view
            self._views.append((layer, name, value_view, gradient_view))
            offset = end

    @staticmethod
    def can_hold(layers):
        """Whether ``layers`` are nnlib's own, built, trainable, with parameters of one float dtype.

        A frozen layer keeps its arrays: the optimizer updates the block as a whole.

        A layer you write may keep its arrays under other names too (``self.W`` next to
        ``self.params["W"]``); moving them into a block would leave those names on the
        old arrays, so a model with such a layer keeps every array where it is.
        """
        arrays = [a for layer in layers for a in layer.params.values()]
        return (
            bool(arrays)
            and all(type(layer) in (Dense, Activation, Dropout, Flatten, InputLayer) and layer.built and layer.trainable
                    for layer in layers)
            and len({a.dtype for a in arrays}) == 1
        )

    def holds(self, layers):
        """Whether the block still holds exactly the parameters of ``layers``.

        False after a layer was added, removed or frozen, or after ``copy.deepcopy``
        (which turns views into separate arrays); the model then makes a new block (or
        none, see ``can_hold``).
        """
        if not all(layer.trainable for layer in layers):
            return False  # a layer was frozen after the block was made: it must keep its arrays
        names = [(layer, name) for layer in layers for name in layer.params]
        if len(names) != len(self._views):
            return False
        return all(
            entry[0] is layer and entry[1] == name and layer.params[name] is entry[2] and entry[2].base is self.values
            for entry, (layer, name) in zip(self._views, names)
        )

    def chunks(self):
        """Return (values pieces, gradients pieces): views of at most ``CHUNK_SIZE`` numbers.

        The optimizer updates the block piece by piece: a piece of 2**18 float32
        (1 MB) and its temporaries stay in the CPU's cache through the dozen passes
        Adam makes, where one pass over a large network's whole block would not.
        The pieces are made once, so the optimizer finds the same arrays (and its
        state for them) at every step and in every later ``fit`` call.

        On a GPU (a block of CuPy arrays) the block is ONE piece: each piece costs
        the GPU a dozen kernel launches, and its memory is fast enough without the
        trick (Part 5, "nnlib on a GPU with CuPy").
        """
        if self._chunks is None:
            size = CHUNK_SIZE if array_module(self.values) is np else self.values.size
            starts = range(0, self.values.size, size)
            self._chunks = (
                [self.values[i : i + size] for i in starts],
                [self.gradients[i : i + size] for i in starts],
            )
        return self._chunks

    def collect_gradients(self):
        """Copy into the block any gradient a layer stored as a new array.

        ``Dense`` writes its gradients into the block directly; a layer written by
        hand may assign new arrays (``self.grads["W"] = ...``), which are copied here.
        """
        for layer, name, _, gradient_view in self._views:
            gradient = layer.grads[name]
            if gradient is not gradient_view:
                gradient_view[...] = gradient
