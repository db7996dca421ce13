"""``PyDataset``: data served batch by batch, as ``keras.utils.PyDataset``.

Taught in Part 4, "Training on real data" (data that does not fit in memory).

Subclass it, give it ``__len__`` (the number of batches in one epoch) and
``__getitem__(index)`` (batch ``index`` as ``(x, y)`` or ``(x, y, sample_weight)``), and
pass an instance to ``fit`` / ``evaluate`` / ``predict`` in place of arrays::

    class Batches(nnlib.utils.PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return -(-len(self.x) // self.batch_size)  # ceil(n / batch_size)

        def __getitem__(self, index):
            rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
            return self.x[rows], self.y[rows]

``fit`` asks for the batches in a new random order each epoch when ``shuffle=True``
(as Keras does), and calls ``on_epoch_begin`` and ``on_epoch_end`` around each epoch.
Keras can read the batches in parallel worker threads or processes; nnlib reads them
one after another in the training loop, and keeps the arguments only so that a Keras
program's ``super().__init__(workers=4)`` runs unchanged.
"""

from .errors import HyperparameterError


class PyDataset:
    """Base class for data sets served batch by batch.

    Args:
        workers: accepted for Keras's signature (an int >= 1); nnlib reads batches
            in the calling thread.
        use_multiprocessing: accepted for Keras's signature.
        max_queue_size: accepted for Keras's signature (an int >= 1).
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        for name, value in (("workers", workers), ("max_queue_size", max_queue_size)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise HyperparameterError(f"{name} must be an int >= 1, got {value!r}.")
        self.workers = workers
        self.use_multiprocessing = bool(use_multiprocessing)
        self.max_queue_size = max_queue_size

    def __getitem__(self, index):
        """Return batch ``index``: ``(x, y)`` or ``(x, y, sample_weight)``. Implemented by subclasses."""
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__(index).")

    def __len__(self):
        """Return the number of batches per epoch. Implemented by subclasses."""
        raise NotImplementedError(f"{type(self).__name__} must implement __len__().")

    @property
    def num_batches(self):
        """The number of batches per epoch (``len(self)``), as Keras's property."""
        return len(self)

    def on_epoch_begin(self):
        """Called before each epoch; override to prepare the data (does nothing here)."""

    def on_epoch_end(self):
        """Called after each epoch; override e.g. to reshuffle your data (does nothing here)."""
