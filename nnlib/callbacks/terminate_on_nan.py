"""``TerminateOnNaN``: stop training quietly when the loss becomes NaN or infinite.

Taught in Part 4, "Errors and debugging". Without
it, nnlib's ``fit`` stops a diverging run with a ``DivergenceError`` that says
where it happened and what to try; with it, ``fit`` behaves like Keras: it prints one
line, finishes the epoch and returns the History.
"""

import math

from .base import Callback


class TerminateOnNaN(Callback):
    """Set ``model.stop_training`` when a batch's running loss is NaN or infinite.

    Args:
        raise_error: raise a RuntimeError instead of stopping quietly (Keras 3.x
            option). Defaults to False.
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = bool(raise_error)

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                "Terminating training immediately."
            )
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
