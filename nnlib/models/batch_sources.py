"""Data that arrives batch by batch: generators, PyDataset objects, tf.data Datasets.

Taught in Part 4, "Training on real data" (when the data does not fit in memory).

``fit``, ``evaluate`` and ``predict`` take, instead of arrays, anything that yields
batches, as Keras does:

- a Python generator (or any iterator) yielding ``(x, y)`` or ``(x, y, sample_weight)``
  tuples; it can be read only once, so pass ``steps_per_epoch`` for several epochs;
- a ``nnlib.utils.PyDataset`` (``keras.utils.PyDataset`` with the imports changed): an
  object with ``__len__`` (the number of batches) and ``__getitem__(i)`` (batch i);
- any other iterable of such tuples that can be iterated again for each epoch, such as
  a ``tf.data.Dataset``.

Each batch is converted with ``np.asarray`` (which reads a TensorFlow tensor without
nnlib importing TensorFlow) and checked as it arrives: unlike arrays, the data cannot
be checked as a whole before the first step.
"""

import warnings

import numpy as np

from .. import errors

_ARRAY_TYPES = (np.ndarray, list, tuple, int, float)


def is_batch_source(x):
    """Whether ``x`` yields batches (generator, PyDataset, Dataset) rather than being an array."""
    if x is None or isinstance(x, _ARRAY_TYPES) or hasattr(x, "__array__"):
        return False
    if hasattr(x, "__cuda_array_interface__") or isinstance(x, dict):
        return False
    return hasattr(x, "__iter__") or (hasattr(x, "__getitem__") and hasattr(x, "__len__"))


def _is_indexed(source):
    """A PyDataset-style sequence: batches by index, and a length."""
    return hasattr(source, "__getitem__") and hasattr(source, "__len__") and not hasattr(source, "__next__")


def _length(source):
    """Batches per epoch of a PyDataset-style sequence (Keras's ``num_batches``, else ``len``)."""
    length = getattr(source, "num_batches", None)
    return int(length) if length is not None else len(source)


def _one_shot(source):
    """An iterator (e.g. a generator): iterating it again continues where it stopped."""
    return iter(source) is source if hasattr(source, "__next__") else False


def unpack_batch(batch, where):
    """Return (x, y, w) from a batch: ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, w)``.

    Raises:
        DataError: a tuple of another length.
    """
    if isinstance(batch, list):
        batch = tuple(batch)
    if not isinstance(batch, tuple):
        batch = (batch,)  # x alone (an array, or a dict of a model's named inputs)
    if len(batch) not in (1, 2, 3):
        raise errors.DataError(
            f"{where} is a tuple of length {len(batch)}; a batch must be (x,), (x, y) or "
            "(x, y, sample_weight)."
        )
    x, y, w = (tuple(batch) + (None, None))[:3]
    return x, y, w


class BatchSource:
    """The batches of a generator, PyDataset or Dataset, converted and checked one by one.

    Args:
        source: the user's generator, PyDataset or iterable.
        prepare: ``prepare(x, y, w, where) -> (x, y, w)``: converts one batch to the
            model's arrays and checks it (see ``checks.py``); ``where`` names the batch
            in messages.
        rng: ``np.random.Generator`` for the order of a PyDataset's batches.
        name: "x" or "validation_data", for messages.

    Attributes:
        steps: batches per pass when known (a PyDataset's length), else None.
    """

    def __init__(self, source, prepare, rng=None, name="x"):
        self.source, self.prepare, self.rng, self.name = source, prepare, rng, name
        self.indexed = _is_indexed(source)
        self.steps = _length(source) if self.indexed else None
        self.one_shot = _one_shot(source)
        self._passes = 0

    def epoch(self, shuffle=False):
        """Yield the prepared (x, y, w) batches of one pass over the source.

        ``shuffle`` visits a PyDataset's batches in a new random order, as Keras does;
        other sources are expected to shuffle themselves.
        """
        self._passes += 1
        for number, batch in enumerate(self._raw_pass(shuffle), start=1):
            where = f"batch {number} of {self.name}"
            yield self.prepare(*unpack_batch(batch, where), where)

    def _raw_pass(self, shuffle):
        if not self.indexed:
            yield from self.source
            return
        if hasattr(self.source, "on_epoch_begin"):
            self.source.on_epoch_begin()
        order = self.rng.permutation(self.steps) if shuffle else range(self.steps)
        for i in order:
            yield self.source[int(i)]
        if hasattr(self.source, "on_epoch_end"):
            self.source.on_epoch_end()

    def empty_message(self):
        """Why a pass had no batches (the training loop warns or raises with it)."""
        if self.one_shot and self._passes > 1:
            return (
                f"{self.name} is a generator (an iterator), and an earlier epoch used it up: a "
                "generator can be read only once. Pass steps_per_epoch with a generator that never "
                "ends (`while True: ... yield x, y`), or a PyDataset or a list of batches, which "
                "can be read again for each epoch."
            )
        return f"{self.name} gave no batches: it is empty."


class StepsPerEpoch:
    """Epochs of a fixed number of batches (``fit(steps_per_epoch=...)``), as Keras counts them.

    An epoch takes ``steps`` batches from where the last one stopped, so a generator
    that never ends can feed any number of epochs. When the data runs out first, the
    epoch ends early with Keras's warning and the next epoch starts a new pass.

    Args:
        batches: an object with ``epoch(shuffle)`` (``BatchIterator`` or ``BatchSource``).
        steps: batches per epoch, an int >= 1.
        name: "x" or "validation_data", for messages.
    """

    def __init__(self, batches, steps, name="x"):
        self.batches, self.steps, self.name = batches, steps, name
        self._pass = None

    def epoch(self, shuffle=False):
        """Yield the (x, y, w) batches of one epoch."""
        produced, restarted = 0, False
        while produced < self.steps:
            if self._pass is None:
                self._pass, self._seen = self.batches.epoch(shuffle), 0
            batch = next(self._pass, None)
            if batch is None:  # the pass is over
                self._pass = None
                if produced == 0 and not restarted:  # it ended with the last epoch: start anew
                    restarted = True
                    continue
                warnings.warn(
                    f"{self.name} ran out of data after {produced} of the {self.steps} batches of this "
                    "epoch (steps_per_epoch): the epoch ends here. Make sure the data can give "
                    "steps_per_epoch * epochs batches (a generator with `while True`, or "
                    "dataset.repeat()).", stacklevel=4)
                return
            self._seen += 1
            produced += 1
            yield batch
        if self.batches.steps is not None and self._seen >= self.batches.steps:
            self._pass = None  # every batch of the pass was used: the next epoch starts anew

    def empty_message(self):
        """Why an epoch had no batches."""
        inner = getattr(self.batches, "empty_message", None)
        return inner() if inner else f"{self.name} gave no batches."
