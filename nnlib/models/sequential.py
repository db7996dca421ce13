"""``Sequential``: a stack of layers, trained with ``compile`` and ``fit`` as in Keras.

Taught in Part 4, "The same network with nnlib". The forward pass runs the layers in
order; the backward pass (Part 3, "Backpropagation") runs them in reverse, starting
from the gradient of the loss at the output.

This file holds ``compile`` and the Keras training API; the layers, their building and
their weights come from ``LayerStack`` (``layer_stack.py``). The work is done next to
it: ``passes.py`` (forward and backward passes), ``training.py`` (``fit``),
``inference.py`` (``evaluate``, ``predict``), ``checks.py`` and ``data.py`` (data checks
and batches), ``weight_block.py``, ``summary.py``, ``saving.py``.
"""

from .. import errors, losses, metrics as metrics_module, optimizers
from . import inference, training
from ..naming import unique_name
from .layer_stack import LayerStack
from .output_loss import OutputLoss


def _metric_list(metrics, loss):
    """compile's ``metrics`` (a name, an object or a list of them) as a list of Metrics."""
    if metrics is None:
        return []
    if isinstance(metrics, (str, metrics_module.Metric)):
        metrics = [metrics]
    return [metrics_module.get(m, loss=loss) for m in metrics]


class Sequential(LayerStack):
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
        self.optimizer = None
        self.loss = None
        self.metrics = []
        self.weighted_metrics = []
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._output_loss = None  # the loss bound to the last layer (see output_loss.py)
        self._optimizer_key = None  # which arrays the optimizer's state belongs to (training.py)
        super().__init__(layers, name=name or unique_name("sequential"), seed=seed)

    # ----- compile -------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None):
        """Choose the optimizer, the loss and the metrics.

        Args:
            optimizer: a name ("sgd", "adam", "rmsprop", "adagrad") or an optimizer.
                Defaults to "rmsprop", as Keras.
            loss: a name ("mse", "binary_crossentropy", ...) or a loss object.
            loss_weights: in Keras, the weights of the losses of a model with several
                outputs; a Sequential model has one output, so it must stay None.
            metrics: list of metric names or objects, e.g. ``["accuracy"]``. They
                ignore sample weights, as in Keras.
            weighted_metrics: list of metrics that take the sample weights (and
                class weights) into account.

        Raises:
            UnknownNameError: an unknown optimizer, loss or metric name.
        """
        optimizer = optimizers.get(optimizer)
        loss = None if loss is None else losses.get(loss)
        if loss_weights is not None:
            raise errors.HyperparameterError(
                f"loss_weights weigh the losses of a model with several outputs; a Sequential "
                f"model has one output, so leave it as None (got {loss_weights!r})."
            )
        metric_objects = _metric_list(metrics, loss)
        weighted_objects = _metric_list(weighted_metrics, loss)
        names = [m.name for m in metric_objects + weighted_objects]
        if len(set(names)) != len(names) or "loss" in names:
            raise errors.HyperparameterError(f"Metric names must be unique and not 'loss', got {names}.")
        self.optimizer, self.loss, self.metrics = optimizer, loss, metric_objects
        self.weighted_metrics = weighted_objects
        self.compiled = True
        self._output_loss = None

    @property
    def metrics_names(self):
        """["loss", then the metric names], the order of ``evaluate``'s list."""
        return ["loss"] + [m.name for m in self.metrics + self.weighted_metrics]

    def _require_compiled(self, what):
        if not self.compiled:
            raise errors.NotCompiledError(
                f"{what} needs a compiled model: call model.compile(optimizer=..., loss=...) first, "
                "e.g. model.compile(optimizer='adam', loss='mse')."
            )
        if self.loss is None:
            raise errors.NotCompiledError(
                f"{what} needs a loss, but compile() was called without one: "
                "model.compile(optimizer=..., loss='mse') (or another loss)."
            )

    # ----- the loss, bound to the output layer (used by passes.py) ------------------
    def _bind_output_loss(self):
        """Return the compiled loss bound to the last layer (fused when it can be)."""
        last = self._layers[-1]
        if self._output_loss is None or self._output_loss.loss is not self.loss or self._output_loss.layer is not last:
            self._output_loss = OutputLoss(self.loss, last)
        return self._output_loss

    # ----- Keras API, implemented in training.py and inference.py --------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Train the model; see ``nnlib.models.training.fit`` for every argument.

        Returns:
            A ``History``: ``history.history["loss"]`` lists the epoch losses.
        """
        return training.fit(self, x, y, batch_size=batch_size, epochs=epochs, verbose=verbose,
                            callbacks=callbacks, validation_split=validation_split,
                            validation_data=validation_data, shuffle=shuffle, class_weight=class_weight,
                            sample_weight=sample_weight, initial_epoch=initial_epoch,
                            steps_per_epoch=steps_per_epoch, validation_steps=validation_steps,
                            validation_batch_size=validation_batch_size, validation_freq=validation_freq)

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict=False):
        """Return the loss (and metrics) on ``x, y``; see ``inference.evaluate``."""
        return inference.evaluate(self, x, y, batch_size=batch_size, verbose=verbose,
                                  sample_weight=sample_weight, steps=steps, callbacks=callbacks,
                                  return_dict=return_dict)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Return the outputs for ``x``, shape (n, outputs); see ``inference.predict``."""
        return inference.predict(self, x, batch_size=batch_size, verbose=verbose, steps=steps,
                                 callbacks=callbacks)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on exactly this batch; return its loss (and metrics)."""
        return training.train_on_batch(self, x, y, sample_weight=sample_weight, class_weight=class_weight,
                                       return_dict=return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Return the loss (and metrics) of this batch, without training."""
        return inference.evaluate(self, x, y, batch_size=max(len(x), 1), verbose=0,
                                  sample_weight=sample_weight, return_dict=return_dict)

    def predict_on_batch(self, x):
        """Return the outputs for this batch (``predict`` in one batch)."""
        return inference.predict(self, x, batch_size=max(len(x), 1), verbose=0)

    def gradients(self, x, y, training=False):
        """Return dL/dw for every weight, in the order of ``get_weights()``.

        L is the compiled loss (mean over the batch ``x, y``) plus the regularization
        penalties: exactly what ``fit`` differentiates. Weights do not change.
        """
        return inference.gradients(self, x, y, training_mode=training)

    def __call__(self, x, training=False):
        """Return the outputs for ``x`` in one batch (as ``keras_model(x)``)."""
        return inference.predict(self, x, batch_size=max(len(x), 1), verbose=0, training=training)

    # ----- saving, implemented in nnlib/saving/ -----------------------------------------
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Save architecture, weights and compile settings to one file.

        ``"name.keras"`` writes Keras 3's format, which ``keras.saving.load_model`` opens
        (needs h5py); any other name (e.g. ``"name.nnlib"``) nnlib's own. See
        ``nnlib.saving.save_model``.
        """
        from ..saving.api import save_model

        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Save the weights to ``"name.weights.h5"`` (Keras's file) or ``"name.weights.npz"`` (nnlib's)."""
        from ..saving.api import save_weights

        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Load weights from a weights or model file (nnlib's or Keras's); all of them, or none.

        See ``nnlib.saving.load_weights``.
        """
        from ..saving.api import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs):
        """Return the architecture as Keras 3's JSON; ``nnlib.models.model_from_json`` reads it back."""
        from ..saving.model_config import model_to_json

        return model_to_json(self, **kwargs)

    def get_config(self):
        """Return the architecture as Keras's ``Sequential.get_config()`` does (name, layers, input shape)."""
        from ..saving.model_config import sequential_config

        return sequential_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuild an uncompiled model from ``get_config()``'s dict (nnlib's or Keras's)."""
        from .saving import model_from_config

        return model_from_config(config, custom_objects)

    def __repr__(self):
        return f"<Sequential name={self.name!r}, {len(self._layers)} layers, built={self.built}>"
