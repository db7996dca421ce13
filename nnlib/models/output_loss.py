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
"""

import numpy as np

from .. import losses
from ..array_modules import array_module


class OutputLoss:
    """The compiled loss, bound to the model's last layer.

    Args:
        loss: an ``nnlib.losses.Loss``.
        last_layer: the model's last layer.

    Attributes:
        loss, layer: the loss and the layer it is bound to.
        fused: whether the shortcut above applies: then ``value_and_delta`` returns
            dL/dz of the last layer, to be passed to its ``backward_from_z``.
    """

    def __init__(self, loss, last_layer):
        self.loss = loss
        self.layer = last_layer
        activation = getattr(last_layer, "activation", None)
        self.fused = (
            activation is not None
            and hasattr(last_layer, "backward_from_z")
            and loss.fuses_with(activation)
        )
        self.sparse = isinstance(loss, losses.SparseCategoricalCrossentropy)
        self.sigmoid = self.fused and activation.name == "sigmoid"

    def value(self, y, output, logits):
        """Return the mean loss of a batch (a float).

        Args:
            y: targets, checked by ``fit``/``evaluate`` (shape (B, k), or (B,) labels).
            output: the model's output a, shape (B, k).
            logits: the last layer's z, shape (B, k) (used when fused).
        """
        if not self.fused:
            return self.loss(y, output)
        if self.sigmoid:
            return _sigmoid_cross_entropy(y, logits)
        log_sum_exp = _log_sum_exp(logits)
        return _softmax_cross_entropy(y, logits, log_sum_exp, self.sparse)

    def value_and_delta(self, y, output, logits):
        """Return (mean loss, gradient that starts the backward pass).

        The gradient is dL/dz of the last layer when ``fused``, else dL/da.
        """
        if not self.fused:
            return self.loss(y, output), self.loss.gradient(y, output)
        if self.sigmoid:
            # dL/dz = (sigmoid(z) - y) / (values averaged); a = sigmoid(z) is the output
            return _sigmoid_cross_entropy(y, logits), (output - y) / output.size
        value = _softmax_cross_entropy(y, logits, _log_sum_exp(logits), self.sparse)
        batch = len(output)
        if self.sparse:
            delta = output.copy()  # dL/dz = (softmax(z) - one_hot(y)) / B
            delta[_row_indices(batch, array_module(output)), y] -= 1
        else:
            # dL/dz = (softmax(z) * sum(y) - y) / B; sum(y) = 1 for one-hot rows
            delta = output * y.sum(axis=-1, keepdims=True) - y
        delta /= batch
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


def _softmax_cross_entropy(y, z, log_sum_exp, sparse):
    """Mean of -sum(y * log softmax(z)); log softmax(z) = z - log_sum_exp."""
    if sparse:
        picked = z[_row_indices(len(z), array_module(z)), y]  # z of each sample's true class
        return float((log_sum_exp[:, 0] - picked).sum()) / len(z)
    return float((y * (log_sum_exp - z)).sum()) / len(z)


def _sigmoid_cross_entropy(y, z):
    """Mean of max(z, 0) - z y + log(1 + exp(-|z|)): binary cross-entropy from logits."""
    values = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(values.sum()) / values.size
