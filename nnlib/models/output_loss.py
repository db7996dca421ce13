"""Where backpropagation starts: the loss of a batch and its gradient at the output.

Taught in Part 3, "Backpropagation" (the first delta) and Part 4, "The same network
with nnlib".

In general the model asks the loss for L(y, a) and dL/da, and the last layer turns
dL/da into delta = dL/dz. For two pairs there is a shortcut, which Keras 3 takes too:

- a sigmoid output with binary cross-entropy, and
- a softmax output with (sparse) categorical cross-entropy.

Then delta = (a - y) / (number of values averaged), with no division by a(1 - a)
that could blow up, and the loss is computed from the logits z (log-sum-exp), so it
stays exact where a rounds to 0 or 1. (Keras does this even when the loss was
created with ``from_logits=True``: the output of a softmax is not logits, so it uses
the softmax's input, with a warning.) ``nnlib.losses`` has the same formulas
(``value_from_logits``, ``gradient_from_logits``) with full input checks; the versions
here skip the checks, because ``fit`` checked the targets once before training, and
share one softmax pass between the value and the gradient (a training step of a
small network lasts about 50 microseconds, and every pass counts).

Sample weights w (one per sample, from ``fit(sample_weight=...)`` or ``class_weight``)
scale each sample's loss: the loss is sum(w_i * loss_i) / B, as Keras's compiled loss
computes it (not divided by sum(w)), and each row of delta is scaled by its w_i. The
shortcut above is for the plain case (the default reduction, no label smoothing, no
ignored class); otherwise the fused loss is computed by the loss's own logits methods.
"""

import numpy as np

from .. import losses
from ..array_modules import array_module

_MEAN_OVER_BATCH = ("sum_over_batch_size", "mean", None, "none")  # in fit, all divide by B


class OutputLoss:
    """The compiled loss, bound to the model's last layer.

    Args:
        loss: an ``nnlib.losses.Loss``.
        last_layer: the model's last layer (the layer that makes the output).
        allow_fused: False to refuse the shortcut (a Functional model whose output is
            also read by another layer needs dL/da, not dL/dz).

    Attributes:
        loss, layer: the loss and the layer it is bound to.
        fused: whether the shortcut above applies: then ``value_and_delta`` returns
            dL/dz of the last layer, to be passed to its ``backward_from_z``.
    """

    def __init__(self, loss, last_layer, allow_fused=True):
        self.loss = loss
        self.layer = last_layer
        activation = getattr(last_layer, "activation", None)
        self.fused = (
            allow_fused
            and activation is not None
            and hasattr(last_layer, "backward_from_z")
            and loss.fuses_with(activation)
        )
        self.sparse = isinstance(loss, losses.SparseCategoricalCrossentropy)
        self.sigmoid = self.fused and activation.name == "sigmoid"
        # The inline formulas below: the default reduction, no smoothing, no ignored class.
        self.plain = (
            self.fused
            and loss.reduction in _MEAN_OVER_BATCH
            and not getattr(loss, "label_smoothing", 0.0)
            and getattr(loss, "ignore_class", None) is None
        )

    def value(self, y, output, logits, sample_weight=None):
        """Return the loss of a batch (a float), reduced as Keras's compiled loss does.

        Args:
            y: targets, checked by ``fit``/``evaluate`` (shape (B, k), or (B,) labels).
            output: the model's output a, shape (B, k).
            logits: the last layer's z, shape (B, k) (used when fused).
            sample_weight: None, or one weight per sample, a float array of shape (B,)
                in the model's dtype and array module (checked by the caller).
        """
        if not self.fused:
            return self.loss.value(y, output, sample_weight)
        if not self.plain:
            return self.loss.value_from_logits(y, logits, sample_weight)
        if self.sigmoid:
            return _sigmoid_cross_entropy(y, logits, sample_weight)
        return _softmax_cross_entropy(y, logits, _log_sum_exp(logits), self.sparse, sample_weight)

    def value_and_delta(self, y, output, logits, sample_weight=None):
        """Return (loss, gradient that starts the backward pass), as for ``value``.

        The gradient is dL/dz of the last layer when ``fused``, else dL/da.
        """
        if not self.fused:
            return self.loss.value_and_gradient(y, output, sample_weight)
        if not self.plain:
            return (self.loss.value_from_logits(y, logits, sample_weight),
                    self.loss.gradient_from_logits(y, logits, sample_weight))
        if self.sigmoid:
            # dL/dz = (sigmoid(z) - y) / (values averaged); a = sigmoid(z) is the output
            delta = (output - y) / output.size
            if sample_weight is not None:
                delta *= sample_weight[:, None]
            return _sigmoid_cross_entropy(y, logits, sample_weight), delta
        value = _softmax_cross_entropy(y, logits, _log_sum_exp(logits), self.sparse, sample_weight)
        batch = len(output)
        if self.sparse:
            delta = output.copy()  # dL/dz = (softmax(z) - one_hot(y)) / B
            delta[_row_indices(batch, array_module(output)), y] -= 1
        else:
            # dL/dz = (softmax(z) * sum(y) - y) / B; sum(y) = 1 for one-hot rows
            delta = output * y.sum(axis=-1, keepdims=True) - y
        if sample_weight is None:
            delta /= batch
        else:
            delta *= sample_weight[:, None] / batch
        return value, delta


_ROWS = {}  # (array module, batch size) -> xp.arange(batch size), made once per size


def _row_indices(batch, xp=np):
    """Return 0, 1, ..., batch - 1 (to pick each row's true class), as an ``xp`` array."""
    rows = _ROWS.get((xp, batch))
    if rows is None:
        rows = _ROWS[(xp, batch)] = xp.arange(batch)
    return rows


def _log_sum_exp(z):
    """log(sum(exp(z))) over the last axis, shape (B, 1), without overflow."""
    z_max = z.max(axis=-1, keepdims=True)
    return z_max + np.log(np.exp(z - z_max).sum(axis=-1, keepdims=True))


def _softmax_cross_entropy(y, z, log_sum_exp, sparse, sample_weight=None):
    """sum(w * -sum(y * log softmax(z))) / B; log softmax(z) = z - log_sum_exp."""
    if sparse:
        per_sample = log_sum_exp[:, 0] - z[_row_indices(len(z), array_module(z)), y]  # z of each true class
    else:
        per_sample = y * (log_sum_exp - z)  # (summed over the classes below)
        if sample_weight is not None:
            per_sample = per_sample.sum(axis=-1)
    if sample_weight is not None:
        per_sample = per_sample * sample_weight
    return float(per_sample.sum()) / len(z)


def _sigmoid_cross_entropy(y, z, sample_weight=None):
    """Mean of max(z, 0) - z y + log(1 + exp(-abs(z))), each row weighted by its w."""
    values = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    if sample_weight is not None:
        values = values * sample_weight[:, None]
    return float(values.sum()) / values.size
