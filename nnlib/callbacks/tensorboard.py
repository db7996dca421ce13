"""``TensorBoard``: out of scope for nnlib; creating one says so and what to use instead.

Not used by a chapter (watching the loss curves live). Keras's TensorBoard
callback writes event files for TensorFlow's TensorBoard viewer, which needs
TensorFlow itself; nnlib is NumPy only. The same curves come from nnlib's own
records: the ``History`` that ``fit`` returns, or a ``CSVLogger`` file, plotted with
matplotlib.
"""

from .base import Callback


class TensorBoard(Callback):
    """Keras's TensorBoard callback does not exist in nnlib: creating one raises.

    Raises:
        NotImplementedError: always, with the alternatives.
    """

    def __init__(self, *args, **kwargs):
        raise NotImplementedError(
            "TensorBoard logging is out of scope for nnlib (TensorBoard's event files need "
            "TensorFlow; nnlib is NumPy only). Instead: use the History that fit returns "
            "(history = model.fit(...); plot history.history['loss'] and ['val_loss'] with "
            "matplotlib), or callbacks=[nnlib.callbacks.CSVLogger('training.csv')] to keep every "
            "epoch's values in a file. With Keras itself, keras.callbacks.TensorBoard works as usual."
        )
