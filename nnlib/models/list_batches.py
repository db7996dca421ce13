"""The batches of a model with several inputs or outputs: lists of arrays, cut alike.

Taught in Part 4, "The Functional API". ``Model([a, b], [out_a, out_b])`` trains on a list
of input arrays and a list of target arrays; every batch takes the SAME rows from each
of them (one shuffled order per epoch), so sample i of input a still meets sample i of
input b and its targets. For a model with one input and one output, ``data.BatchIterator``
does the same work faster, with a reused buffer.
"""

import numpy as np

from ..array_modules import to_module


class ListBatchIterator:
    """Yield ``(x_batch, y_batch, w_batch)`` where each is a list of arrays (or None).

    Args:
        xs: list of input arrays, each of shape (n, ...).
        ys: list of target arrays (n, ...), or None (predict).
        batch_size: samples per batch; the last batch may be smaller.
        dtype: the model's float dtype; float inputs are converted to it.
        rng: ``np.random.Generator`` for the shuffling.
        xp: the model's array module; with CuPy each batch is copied to the GPU.
        sample_weight: None, one array of shape (n,) for every output, or a list with
            one such array (or None) per output.

    Attributes:
        steps: batches per epoch, ceil(n / batch_size).
    """

    def __init__(self, xs, ys, batch_size, dtype, rng=None, xp=np, sample_weight=None):
        self.xs = [x if x.dtype == np.dtype(dtype) else x.astype(dtype) for x in xs]
        self.ys, self.sample_weight = ys, sample_weight
        self.batch_size, self.rng, self.xp = batch_size, rng, xp
        self.n = len(xs[0])
        self.steps = -(-self.n // batch_size)  # ceil(n / batch_size)

    def epoch(self, shuffle=False):
        """Yield the batches of one pass over the data, in a new order when ``shuffle``."""
        order = self.rng.permutation(self.n) if shuffle else None
        for start in range(0, self.n, self.batch_size):
            rows = slice(start, start + self.batch_size) if order is None else order[start : start + self.batch_size]
            yield (self._take(self.xs, rows), self._take(self.ys, rows), self._take(self.sample_weight, rows))

    def _take(self, arrays, rows):
        """The batch ``rows`` of an array, of each array of a list, or None."""
        if arrays is None:
            return None
        if isinstance(arrays, list):
            return [self._take(array, rows) for array in arrays]
        return to_module(arrays[rows], self.xp)
