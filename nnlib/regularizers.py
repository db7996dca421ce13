"""Weight penalties (L1, L2) that fight overfitting.

Taught in Part 4, "Overfitting and regularization".

A regularizer adds a penalty on the weights W to the loss the optimizer minimizes:

- L1:  ``l1 * sum(|W|)``, gradient l1 * sign(W): pushes small weights to exactly 0.
- L2:  l2 * sum(W^2), gradient 2 * l2 * W: shrinks every weight a little
  ("weight decay"). Keras writes no 1/2 in front, so the gradient has a factor 2.

As in Keras, the penalty is added to the training loss once per batch (it is not
divided by the batch size), and the layer adds ``gradient(W)`` to dL/dW.
"""

import math
import numbers

import numpy as np

from . import errors, registry


def _check_factor(what, value):
    if value is None:
        return 0.0
    if not (isinstance(value, numbers.Real) and math.isfinite(value) and value >= 0):
        raise errors.HyperparameterError(f"{what} must be a finite number >= 0, got {value!r}.")
    return float(value)


class Regularizer:
    """Base class: ``penalty = reg(W)`` and ``reg.gradient(W) = d penalty / dW``."""

    name = "regularizer"

    def __call__(self, w):
        """Return the penalty for weights ``w`` as a Python float."""
        return 0.0

    def gradient(self, w):
        """Return d penalty / dw, same shape and dtype as ``w``."""
        return np.zeros_like(w)

    def get_config(self):
        """Return the constructor arguments (and ``name``) as a dict."""
        return {"name": self.name}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"


class L1(Regularizer):
    """Penalty ``l1 * sum(|W|)``.

    Args:
        l1: the factor. Defaults to 0.01, as Keras.
    """

    name = "l1"

    def __init__(self, l1=0.01):
        self.l1 = _check_factor("l1", l1)

    def __call__(self, w):
        return float(self.l1 * np.sum(np.abs(w)))

    def gradient(self, w):
        # The derivative of |w| at 0 is taken as 0, as TensorFlow does.
        return self.l1 * np.sign(w)

    def get_config(self):
        return {"name": self.name, "l1": self.l1}


class L2(Regularizer):
    """Penalty l2 * sum(W^2) (no 1/2, as Keras).

    Args:
        l2: the factor. Defaults to 0.01, as Keras.
    """

    name = "l2"

    def __init__(self, l2=0.01):
        self.l2 = _check_factor("l2", l2)

    def __call__(self, w):
        return float(self.l2 * np.sum(np.square(w)))

    def gradient(self, w):
        return (2 * self.l2) * w

    def get_config(self):
        return {"name": self.name, "l2": self.l2}


class L1L2(Regularizer):
    """Penalty ``l1 * sum(|W|)`` + l2 * sum(W^2).

    Args:
        l1: Defaults to 0.0, as Keras 3.
        l2: Defaults to 0.0, as Keras 3. (tf.keras 2's ``l1_l2()`` used 0.01 for both.)
    """

    name = "l1_l2"

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _check_factor("l1", l1)
        self.l2 = _check_factor("l2", l2)

    def __call__(self, w):
        penalty = 0.0
        if self.l1:
            penalty += float(self.l1 * np.sum(np.abs(w)))
        if self.l2:
            penalty += float(self.l2 * np.sum(np.square(w)))
        return penalty

    def gradient(self, w):
        return self.l1 * np.sign(w) + (2 * self.l2) * w

    def get_config(self):
        return {"name": self.name, "l1": self.l1, "l2": self.l2}


# Keras's lower-case aliases: keras.regularizers.l2(0.01) is an L2.
l1 = L1
l2 = L2
l1_l2 = L1L2

_CLASSES = {"l1": L1, "l2": L2, "l1_l2": L1L2}
_ALIASES = {"l1l2": "l1_l2"}


def get(identifier):
    """Return the regularizer an identifier names.

    Args:
        identifier: None (no penalty: returns None), a name ``"l1"``, ``"l2"`` or
            ``"l1_l2"`` (case-insensitive, Keras defaults), a ``Regularizer`` (returned
            as is), or a dict from ``get_config()``.

    Returns:
        A ``Regularizer`` or None.

    Raises:
        UnknownNameError: the name is not a regularizer.
    """
    return registry.resolve(
        "regularizer", identifier, Regularizer, _CLASSES, _ALIASES, (),
        expected="a regularizer name ('l1', 'l2', 'l1_l2'), an nnlib Regularizer or None",
    )
