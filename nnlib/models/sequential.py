"""``Sequential``: a stack of layers, trained with ``compile`` and ``fit`` as in Keras.

Taught in Part 4, "The same network with nnlib". The forward pass runs the layers in
order; the backward pass (Part 3, "Backpropagation") runs them in reverse, starting
from the gradient of the loss at the output.

This file holds what is particular to a stack: its passes (``passes.py``: forward in
order, backward in reverse) and its config. The Keras training API (``compile``, ``fit``,
``evaluate``, ``predict``, ``save``) is ``Model``'s (``model.py``), shared with the
Functional models of ``functional.py``; the layers, their building and their weights
come from ``LayerStack`` (``layer_stack.py``).
"""

from . import passes
from ..naming import unique_name
from .model import Model
from .output_loss import OutputLoss


class Sequential(Model):
    """A linear stack of layers.

    Example::

        model = Sequential([Dense(32, activation="relu", input_shape=(64,)),
                            Dense(10, activation="softmax")], seed=0)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        history = model.fit(x_train, y_train, epochs=20, batch_size=32)

    Args:
        layers: list of layers to add, in order. Defaults to none.
        name: the model's name. Defaults to "sequential", then "sequential_1", ...
            as in Keras (see ``nnlib/naming.py``).
        seed: None, an int or a ``np.random.Generator``. ONE generator made from it
            draws the initial weights, the shuffling and the dropout masks, so the
            same seed gives the same weights and the same History.

    Attributes:
        optimizer, loss, metrics: set by ``compile``.
        stop_training: set to True (e.g. by a callback) to end ``fit`` after the
            current batch.
        history: the ``History`` of the last ``fit``.
    """

    def __init__(self, layers=None, name=None, seed=None):
        self._given_name = name
        super().__init__(layers, name=name or unique_name("sequential"), seed=seed)

    # ----- the passes (passes.py), as fit, evaluate and predict run them ---------------
    def _bind_output_losses(self):
        """Return [the compiled loss bound to the last layer] (fused when it can be)."""
        last = self._layers[-1]
        loss = self._compiled_outputs.losses[0]
        bound = self._output_losses
        if bound is None or bound[0].loss is not loss or bound[0].layer is not last:
            self._output_losses = bound = [OutputLoss(loss, last)]
        return bound

    def forward(self, x, training=False):
        """Run ``x`` through the layers in order; return the last layer's output."""
        return passes.forward(self._layers, x, training)

    def _backward(self, grad_output, input_gradient=True):
        return passes.backward(self._layers, grad_output, fused=False, input_gradient=input_gradient)

    def _backward_from_outputs(self, deltas, fused, input_gradient=False):
        """The backward pass from the loss (``passes.output_losses``'s one delta)."""
        return passes.backward(self._layers, deltas[0], fused[0], input_gradient)

    def get_config(self):
        """Return the architecture as Keras's ``Sequential.get_config()`` does (name, layers, input shape)."""
        from ..saving.model_config import sequential_config

        return sequential_config(self)

    def __repr__(self):
        return f"<Sequential name={self.name!r}, {len(self._layers)} layers, built={self.built}>"
