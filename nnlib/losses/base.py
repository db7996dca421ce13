"""The base class of every loss: per-sample values, their reduction, and the gradient.

Taught in Part 2, "Loss functions" and Part 3, "Backpropagation" (the gradient dL/dy_hat
that starts the backward pass).

A loss has two halves, as in Keras: ``call(y_true, y_pred)`` returns one value per
sample, and ``__call__`` reduces them to the loss of the batch (see ``reduction.py``).
Keras gets the gradient from automatic differentiation. nnlib has none, so each loss
also has ``call_backward(y_true, y_pred, grad_values)``: given dL/d(values), it returns
dL/dy_pred. ``gradient`` chains the two: the reduction's dL/d(values) (the weights c
of loss = sum(c * values)), then ``call_backward``.

Your own loss subclasses ``Loss`` as in Keras::

    class ExampleLoss(losses.Loss):
        def call(self, y_true, y_pred):              # one value per element here
            return (y_true - y_pred) ** 2

        def call_backward(self, y_true, y_pred, grad_values):
            return grad_values * 2 * (y_pred - y_true)   # d(values)/dy_pred, chained

Without ``call_backward`` the loss still evaluates (``loss(y, p)``, ``evaluate``,
metrics), but ``fit`` cannot train with it and says so (``MissingGradientError``).
``nnlib.gradcheck.numerical_gradient`` checks a ``call_backward`` you wrote.
"""

import inspect
import re

import numpy as np

from .. import errors
from ..array_modules import array_module
from . import checks, reduction as reductions


def _snake_case(name):
    """ "ExampleLoss" -> "example_loss" (Keras's default name for a loss of that class)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Loss:
    """Base class of the losses, as ``keras.losses.Loss``.

    Subclasses implement ``call`` (and ``call_backward`` to be trainable). The built-in
    losses also check their data, and the cross-entropies compute from logits when the
    model's last activation allows it (``fuses_with``).

    Args:
        name: the loss's name. Defaults to the class name in snake_case.
        reduction: how the per-sample values become the loss of the batch:
            "sum_over_batch_size" (the mean over the samples, the default), "mean" (the
            same), "sum", "mean_with_sample_weight" (divides by the sum of the sample
            weights) or None/"none" (no reduction: ``__call__`` returns the weighted
            values).
        dtype: the float dtype to compute in, e.g. "float64". Defaults to None: the
            dtype of y_pred (integers become float32). Keras defaults to float32.

    Raises:
        HyperparameterError: an unknown reduction or dtype.
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = _snake_case(type(self).__name__) if name is None else name
        self.reduction = reductions.standardize_reduction(reduction)
        self._dtype = checks.float_dtype(dtype)

    @property
    def dtype(self):
        """The dtype the loss computes in, e.g. "float32"; None: that of y_pred (read-only)."""
        return None if self._dtype is None else self._dtype.name

    # -- what a subclass implements --------------------------------------------------

    def call(self, y_true, y_pred):
        """Return the loss of each sample (or of each value, as the subclass chooses).

        Args:
            y_true: the targets, as an array.
            y_pred: the predictions, a float array.

        Returns:
            An array, e.g. of shape (batch,) for y_pred of shape (batch, outputs).
        """
        raise NotImplementedError(f"{type(self).__name__} must implement call(self, y_true, y_pred).")

    def call_backward(self, y_true, y_pred, grad_values):
        """Return dL/dy_pred, given grad_values = dL/d(values) for the values of ``call``.

        Args:
            y_true, y_pred: as for ``call``.
            grad_values: dL/d(values), an array of the shape ``call`` returns.

        Returns:
            dL/dy_pred, shape y_pred.shape.

        Raises:
            MissingGradientError: the subclass has no ``call_backward``.
        """
        raise errors.MissingGradientError(
            f"The loss {self.name!r} ({type(self).__name__}) defines call() but not call_backward(), "
            "so nnlib cannot compute its gradient, which fit() needs to start backpropagation "
            "(Keras gets it by automatic differentiation; nnlib has none). Add a method "
            "call_backward(self, y_true, y_pred, grad_values) that returns dL/dy_pred, shape "
            "y_pred.shape, given grad_values = dL/d(values) of the shape call() returns; for values "
            "that depend on y_pred elementwise that is grad_values * d(values)/dy_pred. Check it "
            "with nnlib.gradcheck.numerical_gradient. Evaluating the loss works without it."
        )

    # -- what every loss offers --------------------------------------------------------

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Return the loss of a batch, reduced as ``reduction`` says.

        Args:
            y_true: targets, shape (batch, outputs) (see each loss for its format).
            y_pred: predictions, shape (batch, outputs).
            sample_weight: None, one number, or one weight per sample, shape (batch,)
                or (batch, 1) (for outputs of shape (batch, steps, 1), also
                (batch, steps)).

        Returns:
            The loss as a Python float; with ``reduction=None``, the array of weighted
            per-sample values.

        Raises:
            ShapeError: y_true and y_pred do not fit together.
            DataError: the targets are in the wrong format for this loss, or the
                sample weights do not fit the batch.
        """
        y_true, y_pred = self._prepare(y_true, y_pred)
        values = self._values(y_true, y_pred)
        mask = self._mask(y_true)
        if self.reduction in (None, "none"):
            return reductions.weigh(self.name, values, sample_weight, mask)
        return reductions.reduce(self.name, values, sample_weight, mask, self.reduction)

    def value(self, y_true, y_pred, sample_weight=None):
        """Return the loss of the batch as ``fit`` and ``evaluate`` report it (a float).

        The same as calling the loss, except that a ``reduction`` of None counts as
        "sum_over_batch_size", as in Keras's compiled loss.
        """
        y_true, y_pred = self._prepare(y_true, y_pred)
        values = self._values(y_true, y_pred)
        return reductions.reduce(self.name, values, sample_weight, self._mask(y_true),
                                 reductions.for_training(self.reduction))

    def gradient(self, y_true, y_pred, sample_weight=None):
        """Return dL/dy_pred of ``value(y_true, y_pred, sample_weight)``, shape y_pred.shape."""
        y_true, y_pred = self._prepare(y_true, y_pred)
        grad_values = self._grad_values(self._values_shape(y_true, y_pred), y_true, y_pred, sample_weight)
        return self.call_backward(y_true, y_pred, grad_values)

    def value_and_gradient(self, y_true, y_pred, sample_weight=None):
        """Return (``value``, ``gradient``), checking the data once: what a training step needs."""
        y_true, y_pred = self._prepare(y_true, y_pred)
        values = self._values(y_true, y_pred)
        weights = self._value_weights(values.shape, y_true, y_pred, sample_weight)
        value = float(values.sum()) * weights if isinstance(weights, float) else float((weights * values).sum())
        return value, self.call_backward(y_true, y_pred, self._as_grad_values(weights, values.shape, y_pred))

    def per_sample(self, y_true, y_pred):
        """Return the loss of each sample, shape (batch,), without weights (for metrics).

        A 1-D y_pred counts as one output per sample.
        """
        if np.ndim(y_pred) == 1:
            y_true, y_pred = np.reshape(y_true, (-1, 1)), np.reshape(y_pred, (-1, 1))
        y_true, y_pred = self._prepare(y_true, y_pred)
        values = self._values(y_true, y_pred)
        return values.reshape(len(values), -1).mean(axis=1) if values.ndim > 1 else values

    def fuses_with(self, activation):
        """Whether the output activation can be folded into this loss.

        Args:
            activation: the last layer's activation, a name or an object with ``name``.

        Returns:
            True when ``value_from_logits`` and ``gradient_from_logits`` apply.
        """
        return False

    def value_from_logits(self, y_true, z, sample_weight=None):
        """Return the loss computed from the logits z of the fused activation."""
        raise errors.NNLibError(f"{self.name} has no fused activation; check fuses_with() first.")

    def gradient_from_logits(self, y_true, z, sample_weight=None):
        """Return dL/dz for the logits z of the fused activation."""
        raise errors.NNLibError(f"{self.name} has no fused activation; check fuses_with() first.")

    def get_config(self):
        """Return the loss's arguments, from which ``from_config`` (or ``losses.get``) rebuilds it."""
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        """Return a new loss made from ``get_config()``'s dict."""
        return cls(**config)

    def __repr__(self):
        defaults = {
            key: parameter.default
            for key, parameter in inspect.signature(type(self).__init__).parameters.items()
        }
        if defaults.get("name") is None:
            defaults["name"] = _snake_case(type(self).__name__)
        changed = [f"{key}={value!r}" for key, value in self.get_config().items()
                   if key in defaults and defaults[key] != value]
        return f"{type(self).__name__}({', '.join(changed)})"

    # -- the steps of __call__ and gradient ------------------------------------------

    def _prepare(self, y_true, y_pred):
        """Return y_pred as a float array and y_true in the same dtype (no other checks).

        The built-in losses check much more (see ``_SampleLoss._prepare``).
        """
        y_pred = checks.as_float(y_pred, self._dtype)
        y_true = checks.as_float(y_true, y_pred.dtype)
        return y_true, y_pred

    def _values(self, y_true, y_pred):
        """``call``'s values as an array."""
        values = self.call(y_true, y_pred)
        return values if hasattr(values, "shape") else checks.as_float(values, y_pred.dtype)

    def _values_shape(self, y_true, y_pred):
        """The shape of ``call``'s values (computed by calling it; subclasses know it)."""
        return self._values(y_true, y_pred).shape

    def _mask(self, y_true):
        """Which values count (a bool array), or None when all do."""
        return None

    def _grad_values(self, values_shape, y_true, y_pred, sample_weight):
        """dL/d(values) of the training reduction (the weights c of loss = sum(c * values)),
        as an array of the values' shape, for ``call_backward``."""
        weights = self._value_weights(values_shape, y_true, y_pred, sample_weight)
        return self._as_grad_values(weights, values_shape, y_pred)

    def _as_grad_values(self, weights, values_shape, y_pred):
        """The weights as an array of the values' shape (what ``call_backward`` is given)."""
        if isinstance(weights, float):
            return array_module(y_pred).full(values_shape, weights, dtype=y_pred.dtype)
        return weights

    def _value_weights(self, values_shape, y_true, y_pred, sample_weight):
        """The weights c of loss = sum(c * values): a float when all values weigh the same."""
        return reductions.value_weights(self.name, values_shape, sample_weight, self._mask(y_true),
                                        reductions.for_training(self.reduction), y_pred.dtype)


class _SampleLoss(Loss):
    """A built-in loss whose value for each sample depends on that sample's outputs only.

    Subclasses implement ``call`` (the values, one per slice along ``axis``, so of shape
    y_pred.shape without that axis) and ``_sum_gradient(y_true, y_pred)``: the gradient
    of the SUM of those values. Since each value depends on its own slice only,
    ``call_backward`` is then that gradient scaled slice by slice.
    """

    axis = -1  # the axis the values are computed over (the outputs of a sample)

    def call_backward(self, y_true, y_pred, grad_values):
        """Return dL/dy_pred: grad_values (one per value) times the gradient of each value."""
        return self._backward_from(grad_values, self._sum_gradient(y_true, y_pred))

    def _backward_from(self, grad_values, sum_gradient):
        """Scale the gradient of each value (``sum_gradient``, by slice) by dL/d(that value)."""
        if isinstance(grad_values, float) or grad_values.ndim == 0:
            return grad_values * sum_gradient
        return np.expand_dims(grad_values, self.axis) * sum_gradient

    def _reduce_from_logits(self, values, y_true, sample_weight):
        """The training reduction of values computed from logits (``value_from_logits``)."""
        return reductions.reduce(self.name, values, sample_weight, self._mask(y_true),
                                 reductions.for_training(self.reduction))

    def _as_grad_values(self, weights, values_shape, y_pred):
        return weights  # a float is fine here: _backward_from broadcasts it

    def _values_shape(self, y_true, y_pred):
        shape = list(y_pred.shape)
        del shape[self.axis]
        return tuple(shape)

    def _prepare(self, y_true, y_pred):
        """Check the data; return (y_true, y_pred) as float arrays of the same shape."""
        y_pred = checks.as_float(y_pred, self._dtype)
        y_true = checks.same_shape(self.name, checks.as_float(y_true, y_pred.dtype), y_pred)
        checks.not_empty(self.name, y_pred)
        checks.finite(self.name, y_true)
        return y_true, y_pred



class _MeanOverOutputs(_SampleLoss):
    """A loss that is the mean, over the outputs of a sample, of one term per output.

    Subclasses implement ``_terms(y_true, y_pred)`` (same shape as y_pred) and
    ``_term_gradient(y_true, y_pred)`` (the derivative of each term by its own y_pred);
    this class takes the mean over the last axis, as Keras does.
    """

    def call(self, y_true, y_pred):
        return np.mean(self._terms(y_true, y_pred), axis=-1)

    def _sum_gradient(self, y_true, y_pred):
        return self._term_gradient(y_true, y_pred) / y_pred.shape[-1]
