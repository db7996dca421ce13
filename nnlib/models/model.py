"""``Model``: what every nnlib model can do: compile, fit, evaluate, predict, save.

Taught in Part 4, "The same network with nnlib" and "The Functional API". As in Keras,
there are two kinds of model, and both are a ``Model``:

- ``Sequential([...])`` (``sequential.py``): layers in a row;
- ``Model(inputs, outputs)`` (``functional.py``): any graph of layers, from
  ``Input(...)`` placeholders to the outputs, with several inputs or outputs if
  needed. ``Model(...)`` returns a ``Functional`` model, as in Keras.

This file holds the Keras training API they share; the work is done next to it:
``training.py`` (``fit``), ``inference.py`` (``evaluate``, ``predict``), ``checks.py``
and ``data.py`` (the data), ``compile_outputs.py`` (losses and metrics per output).

A model is also usable as a layer: called on a KerasTensor inside another model, or
added to a Sequential (``forward``, ``backward`` and the weights below).
"""

from .. import errors, optimizers
from ..layers import keras_tensor
from . import inference, passes, training
from .compile_outputs import CompiledOutputs
from .layer_stack import LayerStack


class Model(LayerStack):
    """The base class of nnlib's models; ``Model(inputs, outputs)`` makes a Functional one.

    Example::

        inputs = nnlib.Input(shape=(8,))
        hidden = nnlib.layers.Dense(16, activation="relu")(inputs)
        outputs = nnlib.layers.Dense(1, activation="sigmoid")(hidden)
        model = nnlib.Model(inputs, outputs)       # a Functional model
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

    Attributes:
        optimizer, loss, metrics: set by ``compile``.
        stop_training: set to True (e.g. by a callback) to end ``fit`` after the
            current batch.
        history: the ``History`` of the last ``fit``.
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model:  # Model(inputs, outputs): the Functional API, as in Keras
            from .functional import Functional

            return super().__new__(Functional)
        return super().__new__(cls)

    def __init__(self, layers=None, name=None, seed=None):
        self.optimizer = None
        self.loss = None
        self.metrics = []
        self.weighted_metrics = []
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._compiled_outputs = None  # losses and metrics per output (compile_outputs.py)
        self._output_losses = None  # the losses bound to the output layers (output_loss.py)
        self._optimizer_key = None  # which arrays the optimizer's state belongs to (training.py)
        self._symbolic_output = None  # its KerasTensor when called on one, as a layer
        super().__init__(layers, name=name, seed=seed)

    # A Sequential takes one array and returns one; a Functional model with several
    # inputs or outputs takes and returns lists (structures.py, checks.py).
    _takes_lists = False
    _output_log_order = None  # the order of the per-output losses in evaluate's list (functional.py)

    def _single_input(self, x, name, what="inputs"):
        """The data of a model with one input (or output) as one array: here ``x`` itself."""
        return x

    @property
    def output_names(self):
        """The outputs' names, one per output (Keras's ``model.output_names``)."""
        return [self._layers[-1].name] if self._layers else ["output"]

    # ----- compile -------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None):
        """Choose the optimizer, the loss and the metrics.

        Args:
            optimizer: a name ("sgd", "adam", "rmsprop", "adagrad", ...) or an optimizer.
                Defaults to "rmsprop", as Keras.
            loss: a name ("mse", "binary_crossentropy", ...) or a loss object. With
                several outputs: one loss for all, a list (one per output) or a dict
                by output name (an output without a loss is not trained on).
            loss_weights: the factors of the outputs' losses in the total loss: a
                number, a list or a dict by output name. Defaults to 1 for each.
            metrics: list of metric names or objects, e.g. ``["accuracy"]``; with
                several outputs a list of lists or a dict by output name. They ignore
                sample weights, as in Keras.
            weighted_metrics: metrics that take the sample weights (and class
                weights) into account, given as ``metrics``.

        Raises:
            UnknownNameError: an unknown optimizer, loss or metric name.
            HyperparameterError: settings that do not match the outputs.
        """
        optimizer = optimizers.get(optimizer)
        compiled = CompiledOutputs(self.output_names, loss, loss_weights, metrics, weighted_metrics,
                                   log_order=self._output_log_order)
        self.optimizer = optimizer
        self.loss = compiled.losses[0] if len(compiled.losses) == 1 else loss
        self.metrics, self.weighted_metrics = compiled.metrics, compiled.weighted_metrics
        self._compiled_outputs = compiled
        self.compiled = True
        self._output_losses = None

    @property
    def metrics_names(self):
        """["loss", the per-output losses, the metric names]: the order of ``evaluate``'s list.

        As in Keras: the metrics in the order given with one output, sorted by name with several.
        """
        if self._compiled_outputs is None:
            return ["loss"]
        return list(self._compiled_outputs.metrics_names)

    def _require_compiled(self, what):
        if not self.compiled:
            raise errors.NotCompiledError(
                f"{what} needs a compiled model: call model.compile(optimizer=..., loss=...) first, "
                "e.g. model.compile(optimizer='adam', loss='mse')."
            )
        if all(loss is None for loss in self._compiled_outputs.losses):
            raise errors.NotCompiledError(
                f"{what} needs a loss, but compile() was called without one: "
                "model.compile(optimizer=..., loss='mse') (or another loss)."
            )

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
        return inference.evaluate(self, x, y, batch_size=self._batch_length(x), verbose=0,
                                  sample_weight=sample_weight, return_dict=return_dict)

    def predict_on_batch(self, x):
        """Return the outputs for this batch (``predict`` in one batch)."""
        return inference.predict(self, x, batch_size=self._batch_length(x), verbose=0)

    def gradients(self, x, y, training=False):
        """Return dL/dw for every trainable weight, in the order of ``trainable_weights``.

        L is the compiled loss (mean over the batch ``x, y``) plus the regularization
        penalties: exactly what ``fit`` differentiates. The trainable weights do not
        change; with ``training=True`` the layers run as in a training step (Dropout
        active, BatchNormalization's moving statistics updated).
        """
        return inference.gradients(self, x, y, training_mode=training)

    def __call__(self, x, training=False):
        """Return the outputs for ``x`` in one batch (as ``keras_model(x)``).

        Called on a KerasTensor, the model is used as a layer of a bigger model and
        returns the KerasTensor of its output.
        """
        if keras_tensor.is_symbolic(x):
            return keras_tensor.call_on_symbolic(self, x)
        return inference.predict(self, x, batch_size=self._batch_length(x), verbose=0, training=training)

    def _pack_outputs(self, flat):
        """``predict``'s outputs (a list, one array per output) as the model returns them."""
        return flat[0]

    def _batch_length(self, x):
        """The number of samples in ``x`` (an array, or a list or dict of them), at least 1."""
        if isinstance(x, dict):
            x = next(iter(x.values()), [])
        elif isinstance(x, (list, tuple)) and x and hasattr(x[0], "shape"):
            x = x[0]
        return max(len(x), 1)

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

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuild an uncompiled model from ``get_config()``'s dict (a Sequential or a Functional one)."""
        from .saving import model_from_config

        return model_from_config(config, custom_objects)

    # ----- a model used as a layer (inside another model) ------------------------------
    @property
    def params(self):
        """Every weight of the model's layers, as ``{"layer/weight": array}`` (Keras order).

        The arrays themselves, so a bigger model that holds this one as a layer can
        update them; see ``Layer.params``.
        """
        return {f"{layer.name}/{name}": p for layer in self._layers for name, p in layer.params.items()}

    @property
    def grads(self):
        """The gradients of the trainable weights after ``backward``, named as ``params``."""
        return {f"{layer.name}/{name}": layer.grads[name]
                for layer in self._layers for name in layer.params if name in layer.grads}

    @property
    def non_trainable_names(self):
        """The ``params`` names that are state, not trained by gradients (moving statistics)."""
        return [f"{layer.name}/{name}" for layer in self._layers for name in layer.non_trainable_names]

    def trainable_param_names(self):
        """The ``params`` names ``fit`` updates (none when the model is frozen)."""
        return [f"{layer.name}/{name}" for layer, name in self._trainable_slots()]

    def regularization_penalty(self):
        """The sum of the trainable layers' weight penalties (a float)."""
        return passes.penalty(self._layers)

    def move_weights(self, xp):
        """Keep the weights in the array module ``xp`` (see ``to``)."""
        self.to(xp)

    def backward_without_input_gradient(self, grad_output):
        """``backward`` without dL/dx, for a model that is the first layer of another."""
        self._backward(grad_output, input_gradient=False)

    def backward(self, grad_output):
        """Backpropagate dL/d(output) through the model; return dL/dx (as a layer does)."""
        return self._backward(grad_output, input_gradient=True)
