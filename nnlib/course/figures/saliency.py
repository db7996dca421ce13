"""Saliency maps: the gradient of a class score with respect to the input.

Taught in Part 6, "Interpretability". For an input x and a class c, the saliency of
pixel i is ``d score_c / d x_i``: how much a small change of that pixel moves the score
of class c. It reuses the layers' own backward passes (Part 3, "Backpropagation"),
started from a one-hot gradient at the output instead of the gradient of a loss.
Weights do not change (the layers' ``grads`` are overwritten, as in any backward pass).

Example::

    from nnlib.course.figures.saliency import input_gradient, saliency_map
    g = input_gradient(model, x[:5], class_index=3)       # shape (5, 64)
    s = saliency_map(model, x[:5])                        # |gradient| of the predicted class
"""

import numbers

import numpy as np

from nnlib import errors

__all__ = ["input_gradient", "saliency_map", "class_scores"]

_SCORES = ("logit", "probability")


def _check(model, x, score):
    if score not in _SCORES:
        raise errors.HyperparameterError(f"score must be one of {_SCORES}, got {score!r}.")
    if not getattr(model, "built", False):
        raise errors.NotBuiltError("input_gradient needs a built (and usually trained) model.")
    x = np.asarray(x)
    if x.ndim < 2:
        raise errors.ShapeError(
            f"x must be a batch, shape (n, features), got shape {x.shape}; for one example use x[None]."
        )
    return x.astype(model.layers[0].dtype, copy=False)


def _forward(model, x):
    out = x
    for layer in model.layers:
        out = layer.forward(out, training=False)
    return out


def _class_indices(class_index, n, n_classes, default):
    if class_index is None:
        return default
    if isinstance(class_index, numbers.Integral):
        indices = np.full(n, int(class_index))
    else:
        indices = np.asarray(class_index)
        if indices.shape != (n,) or not np.issubdtype(indices.dtype, np.integer):
            raise errors.ShapeError(f"class_index must be an int or {n} ints, got {class_index!r}.")
    if indices.min() < 0 or indices.max() >= n_classes:
        raise errors.HyperparameterError(f"class_index must be in 0 .. {n_classes - 1}, got {class_index!r}.")
    return indices


def class_scores(model, x, score="logit"):
    """Return every class score for ``x``: the logits z of the last layer, or its outputs.

    Args:
        model: a built Sequential.
        x: inputs, shape (n, ...) as the model expects.
        score: "logit" (the last layer's pre-activation z, before the softmax) or
            "probability" (the model's output).

    Returns:
        array of shape (n, classes).
    """
    x = _check(model, x, score)
    output = _forward(model, x)
    if score == "probability":
        return output
    return np.array(model.layers[-1].logits)


def input_gradient(model, x, class_index=None, score="logit"):
    """Return d score[class] / d x for each example, through the layers' backward passes.

    Args:
        model: a built Sequential whose last layer has logits (``Dense`` or ``Activation``).
        x: inputs, shape (n, ...).
        class_index: None (each example's predicted class), an int (the same class for
            all) or n ints.
        score: "logit" (the default: the score before the softmax, so that the classes do
            not compete) or "probability" (the softmax output).

    Returns:
        array of the shape of ``x``: row k is the gradient of example k's score.

    Raises:
        NotBuiltError, ShapeError, HyperparameterError: bad model, x or class_index.
    """
    x = _check(model, x, score)
    layers = model.layers
    output = _forward(model, x)
    n, n_classes = output.shape[0], output.shape[-1]
    indices = _class_indices(class_index, n, n_classes, default=np.argmax(output, axis=-1))
    seed = np.zeros_like(output)
    seed[np.arange(n), indices] = 1.0  # d score / d (output or logits): one-hot per example
    # Each score depends on its own example only, so the gradient of the sum of the
    # scores gives every example's own gradient in one backward pass.
    if score == "logit":
        grad = layers[-1].backward_from_z(seed, input_gradient=True)
    else:
        grad = layers[-1].backward(seed)
    for layer in reversed(layers[:-1]):
        grad = layer.backward(grad)
    return np.array(grad).reshape(x.shape)


def saliency_map(model, x, class_index=None, score="logit", absolute=True):
    """Return the saliency of each input value: ``|d score / d x|`` (or the signed gradient).

    Args:
        model, x, class_index, score: as ``input_gradient``.
        absolute: return the absolute value (how much a pixel matters, either way).

    Returns:
        array of the shape of ``x``.
    """
    grad = input_gradient(model, x, class_index=class_index, score=score)
    return np.abs(grad) if absolute else grad
