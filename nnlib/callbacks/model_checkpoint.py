"""``ModelCheckpoint``: save the model (or its weights) while it trains.

Taught in Part 4, "Errors and debugging" (keep the best epoch's model, not the last).
The logic follows Keras 3 (``keras/src/callbacks/model_checkpoint.py``):

- ``filepath`` may hold ``str.format`` fields filled from the epoch (counted from 1),
  the batch (with an integer ``save_freq``) and the logs:
  ``"model_{epoch:02d}-{val_loss:.2f}.keras"`` -> ``"model_03-0.41.keras"``;
- the name chooses what is saved: a whole model (``model.save``) to ".keras" (Keras
  3's file, which Keras opens) or ".nnlib" (nnlib's own); weights only
  (``model.save_weights``, with ``save_weights_only=True``) to ".weights.h5" (Keras
  3's) or ".weights.npz" (nnlib's, NumPy only). Any other name is a ValueError when
  the callback is created, as in Keras;
- ``save_best_only=True`` saves only when the monitored value improves on the best
  so far (see ``monitor.py``); when it is missing from the logs, Keras warns and saves.
"""

import os
import warnings

import numpy as np

from .. import errors
from .monitor import MonitorCallback

MODEL_SUFFIXES = (".keras", ".nnlib")
WEIGHTS_SUFFIXES = (".weights.h5", ".weights.npz")


class ModelCheckpoint(MonitorCallback):
    """Save the model or its weights after every epoch, or every ``save_freq`` batches.

    Example::

        checkpoint = ModelCheckpoint("best.keras", monitor="val_accuracy", save_best_only=True)
        model.fit(x, y, validation_split=0.2, epochs=20, callbacks=[checkpoint])
        model = nnlib.models.load_model("best.keras")   # the best epoch's model

    Args:
        filepath: where to save, a str or path; may hold fields such as ``{epoch:02d}``,
            ``{batch}`` or ``{val_loss:.2f}``. Must end in ".keras" or ".nnlib", or
            with ``save_weights_only=True`` in ".weights.h5" or ".weights.npz".
        monitor: the logged value ``save_best_only`` watches. Defaults to "val_loss".
        verbose: 1 prints a line at each decision. Defaults to 0.
        save_best_only: save only when ``monitor`` improves. Defaults to False.
        save_weights_only: save the weights only (``model.save_weights``). Defaults
            to False (the whole model, ``model.save``).
        mode: "auto", "min" or "max", as in EarlyStopping. Defaults to "auto".
        save_freq: "epoch" (at the end of each epoch) or an int N (after every N
            training batches, counted across epochs). Defaults to "epoch".
        initial_value_threshold: the value the first save must beat with
            ``save_best_only``. Defaults to None.

    Attributes:
        best: the best monitored value so far.

    Raises:
        HyperparameterError: (a ValueError) a ``filepath`` with another ending, a bad
            ``save_freq`` or ``mode``; when training starts, a ``monitor`` whose
            direction ``mode="auto"`` cannot tell.
        KeyError: (during fit) ``filepath`` names a field that the logs do not have.
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__(monitor, mode, baseline=initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = check_save_freq(save_freq)
        check_suffix(self.filepath, save_weights_only)
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0

    def saves_on_batches(self):
        """Whether the callback saves every ``save_freq`` batches (not at epoch ends)."""
        return self.save_freq != "epoch"

    def on_train_begin(self, logs=None):
        if self.save_best_only and self.monitor_op is None and self.model is not None:
            self.set_monitor_op()  # an unknown monitor fails before any training

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _should_save_on_batch(self, batch):
        """Count the batches since the last save; True every ``save_freq`` of them."""
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch: batches count from 0 again
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _should_save_model(self, epoch, logs, filepath):
        """Whether to save now: always, or (save_best_only) when ``monitor`` improved."""
        if not self.save_best_only:
            self._say(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=3)
            return True
        if np.ndim(current) > 0:
            warnings.warn(
                f"Can save best model only when `monitor` is a scalar value. Received: {current}. "
                "Falling back to `save_best_only=False`.",
                stacklevel=3,
            )
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self.is_improvement(current, self.best):
            self._say(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to {current:.5f}, "
                      f"saving model to {filepath}")
            self.best = current
            return True
        self._say(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False

    def _save_model(self, epoch, batch, logs):
        """Save through the model's own ``save`` or ``save_weights``, creating the folder."""
        logs = logs or {}
        filepath = self._file_path(epoch, batch, logs)
        if not self._should_save_model(epoch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                f"Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                f"existing directory: {filepath}"
            )
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        self._say(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _file_path(self, epoch, batch, logs):
        """Fill the fields of ``filepath``: epoch and batch count from 1, as in Keras."""
        fields = dict(logs, epoch=epoch + 1)
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}. '
                f"The fields available are: {', '.join(fields)}."
            ) from None

    def _say(self, message):
        if self.verbose > 0:
            print(message)


def check_save_freq(save_freq):
    """Return ``save_freq`` if it is "epoch" or an int >= 1.

    Raises:
        HyperparameterError: any other value.
    """
    if save_freq == "epoch":
        return save_freq
    if isinstance(save_freq, (int, np.integer)) and not isinstance(save_freq, bool) and save_freq >= 1:
        return int(save_freq)
    raise errors.HyperparameterError(
        f"Unrecognized save_freq: {save_freq!r}. Expected save_freq are 'epoch' or integer values "
        "(save every that many batches, >= 1)."
    )


def check_suffix(filepath, save_weights_only):
    """Check that the name of ``filepath`` says the format that will be saved.

    Raises:
        HyperparameterError: a weights file not ending in ".weights.h5"/".weights.npz",
            or a model file not ending in ".keras"/".nnlib".
    """
    if save_weights_only:
        if not filepath.endswith(WEIGHTS_SUFFIXES):
            raise errors.HyperparameterError(
                "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must "
                "end in `.weights.h5` (Keras weights format) or `.weights.npz` (nnlib's). "
                f"Received: filepath={filepath}"
            )
        return
    if filepath.endswith(WEIGHTS_SUFFIXES):
        raise errors.HyperparameterError(
            f"The filepath provided must end in `.keras` (Keras model format). Received: filepath={filepath}. "
            "It is a weights-file name: pass save_weights_only=True to save the weights only."
        )
    if filepath.endswith((".h5", ".hdf5")):
        raise errors.HyperparameterError(
            f"The filepath provided must end in `.keras` (Keras model format). Received: filepath={filepath}. "
            "(Keras still accepts tf.keras 2's legacy .h5 model format; nnlib does not write it.)"
        )
    if not filepath.endswith(MODEL_SUFFIXES):
        raise errors.HyperparameterError(
            "The filepath provided must end in `.keras` (Keras model format) or `.nnlib` (nnlib's). "
            f"Received: filepath={filepath}"
        )
