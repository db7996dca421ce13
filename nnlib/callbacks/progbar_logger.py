"""``ProgbarLogger``: the progress display of ``fit``, ``evaluate`` and ``predict``.

Taught in Part 4, "The same network with nnlib". No tqdm needed. As Keras 3
(``keras/src/callbacks/progbar_logger.py``), with the bar of ``progbar.py``::

    Epoch 1/5
    32/32 ━━━━━━━━━━━━━━━━━━━━ 0s 3ms/step - accuracy: 0.5000 - loss: 0.6931 - val_accuracy: 0.5000 - val_loss: 0.6930

with ``verbose=1`` ("auto"), and ``32/32 - 0s - 3ms/step - accuracy: ...`` with
``verbose=2``. "Epoch i/n" is printed only when there is more than one epoch.
Inside ``fit`` the validation is silent: its values appear on the epoch's line.

The values appear in the order of the logs the callbacks get, which is Keras's:
sorted by name (``CallbackList`` sorts them), then what callbacks added
("learning_rate" from ReduceLROnPlateau or LearningRateScheduler).

The timing part ("0s 3ms/step", "0s - 3ms/step") has the same form as Keras's, so the
same rules hide it when notebook outputs are compared (tests/nbval_sanitize.cfg).
"""

from .base import Callback
from .progbar import Progbar


class ProgbarLogger(Callback):
    """Print the progress; ``fit``, ``evaluate`` and ``predict`` add one when ``verbose`` is 1 or 2.

    Args:
        verbose: 1 (progress bar) or 2 (one line per epoch). The ``verbose`` of
            ``fit``, ``evaluate`` or ``predict`` replaces it (through ``params``).
    """

    def __init__(self, verbose=1):
        super().__init__()
        self.verbose = verbose
        self.epochs = 1
        self.target = None
        self.seen = 0
        self.progbar = None
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", self.verbose)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def shows_batches(self):
        """Whether the batch hooks are needed: to redraw the bar (verbose=1), or to
        count the steps when their number is unknown (a generator)."""
        return self.verbose == 1 or (self.verbose == 2 and self.target is None)

    # ----- fit ------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._called_in_fit = True  # the validation inside fit is silent

    def on_train_end(self, logs=None):
        self._called_in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._start_progbar()
        if self.verbose and self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._update_progbar(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize_progbar(logs)

    # ----- evaluate -------------------------------------------------------------
    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._start_progbar()

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    # ----- predict: the bar without values ----------------------------------------
    def on_predict_begin(self, logs=None):
        self._start_progbar()

    def on_predict_batch_end(self, batch, logs=None):
        self._update_progbar(batch, None)

    def on_predict_end(self, logs=None):
        self._finalize_progbar(logs)

    # ----- the bar ----------------------------------------------------------------
    def _start_progbar(self):
        self.seen = 0
        self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step")

    def _update_progbar(self, batch, logs):
        if self.progbar is None:
            self._start_progbar()
        self.seen = batch + 1  # counted from 1
        if self.verbose == 1:
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)

    def _finalize_progbar(self, logs):
        if self.progbar is None:
            self._start_progbar()
        if self.target is None:  # steps unknown (a generator): now they are known
            self.target = self.seen
            self.progbar.target = self.target
        self.progbar.update(self.target, list((logs or {}).items()), finalize=True)
