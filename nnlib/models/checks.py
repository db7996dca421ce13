"""Checking the data against the model and its loss, once per call, before any update.

Taught in Part 4, "Errors and debugging". This module is the one place where the data
of ``fit``, ``evaluate``, ``predict`` and ``train_on_batch`` meets the model:
``prepare_fit_data`` is all that ``fit`` does to its data, ``prepare_xy`` and
``prepare_inputs`` serve the other calls. It uses ``data.py`` for what any data must
satisfy (numbers, no NaN, matching lengths) and for the batches, and checks that the
data fits THIS model: the first layer's input shape, the output shape and the loss's target
format (labels in range, one-hot rows, targets in [0, 1], ...). The loss's own checks
run on the whole of y here, so a bad label in the last batch fails ``fit`` before the
first update instead of in the middle of an epoch.
"""

import numpy as np

from .. import errors, losses
from . import data

_CHECK_ELEMENTS = 1 << 20  # targets are checked against the loss this many values at a time


def prepare_inputs(model, x, name="x"):
    """Check ``x`` against the model (its first layer's input shape) and for NaN/infinity.

    Returns:
        (x as an array, the output batch shape).

    Raises:
        ShapeError: x does not fit the first layer (the message names it).
        DataError: x is empty, not numeric, or holds NaN/infinity.
    """
    if not model._layers:
        raise errors.NotBuiltError(f"Model {model.name!r} has no layers; add some with model.add(...).")
    x = data.as_input_array(x, name)
    expected = model.input_shape
    if expected is not None and x.shape[1:] != expected[1:]:
        first = model._layers[0]
        raise errors.ShapeError(
            f"Layer {first.name!r} (the model's first layer) expects inputs of shape {expected}, "
            f"but {name} has shape {x.shape}. Each sample must have shape {expected[1:]}."
        )
    output_shape = model.compute_output_shape((None,) + x.shape[1:])
    data.check_finite(x, name)
    return x, output_shape


def prepare_targets(model, y, n_samples, output_shape, name="y"):
    """Check ``y`` against the loss and the output; return it ready for training.

    The loss's own checks (labels in range, one-hot rows, targets in [0, 1], ...) run
    here on the whole of ``y``, so a bad label fails the call before any update.

    Returns:
        y as int64 labels, shape (n,), for sparse categorical cross-entropy, else in
        the model's dtype with the output's shape ((n,) becomes (n, 1) for one output).
    """
    y = data.as_target_array(y, n_samples, name)
    data.check_finite(y, name)
    sparse = isinstance(model.loss, losses.SparseCategoricalCrossentropy)
    if sparse and y.ndim == 2 and y.shape[1] == 1:
        y = y.reshape(-1)
    if not sparse and y.ndim == 1 and output_shape[1:] == (1,):
        y = y.reshape(-1, 1)  # one target per sample for a one-unit output, as Keras
    neutral = _neutral_predictions(model, output_shape, len(y))
    try:
        for start in range(0, len(y), len(neutral)):
            part = y[start : start + len(neutral)]
            model.loss(part, neutral[: len(part)])
    except errors.ShapeError:
        raise _target_shape_error(model, y, output_shape, name) from None
    if sparse:
        return y.astype(np.int64, copy=False)
    if y.shape[1:] != output_shape[1:]:
        raise _target_shape_error(model, y, output_shape, name)
    y = y.astype(model.dtype, copy=False)
    for metric in model.metrics:  # a metric that cannot read y fails now, not mid-epoch
        part = y[: len(neutral)]
        metric(part, neutral[: len(part)])
    return y


def _neutral_predictions(model, output_shape, n_samples):
    """Predictions 1/k everywhere (valid probabilities), for checking targets in chunks."""
    classes = output_shape[-1]
    rows = min(n_samples, max(1, _CHECK_ELEMENTS // max(1, int(np.prod(output_shape[1:])))))
    return np.full((rows,) + tuple(output_shape[1:]), 1.0 / classes, dtype=model.dtype)


def _target_shape_error(model, y, output_shape, name):
    last = model._layers[-1]
    return errors.ShapeError(
        f"{name} has shape {y.shape}, but the model's output has shape {output_shape} (last layer "
        f"{last.name!r}) and the loss {model.loss.name!r} needs targets that match it. Give the "
        f"last layer one unit per target column, or reshape {name}."
    )


def prepare_xy(model, x, y, x_name="x", y_name="y"):
    """Check x and y once and build the model if needed; return them ready to train on."""
    x, output_shape = prepare_inputs(model, x, x_name)
    y = prepare_targets(model, y, len(x), output_shape, y_name)
    model._build_for_data(x.shape)
    return x, y


def prepare_fit_data(model, x, y, batch_size, validation_split=0.0, validation_data=None):
    """Everything ``fit`` does to its data, in one pass, before the first step.

    The training data is converted and checked once (``prepare_xy``); a
    ``validation_split`` then cuts the checked arrays (views, no copy), while
    ``validation_data`` is checked the same way under the names x_val and y_val.

    Returns:
        (batches, validation): ``data.BatchIterator`` objects; ``validation`` is None
        without validation data.

    Raises:
        ShapeError, DataError: as ``prepare_xy``, or a malformed ``validation_data``;
            nothing has changed in the model then.
    """
    validation_pair = None if validation_data is None else unpack_validation_data(validation_data)
    x, y = prepare_xy(model, x, y)
    if validation_pair is not None:
        x_val, y_val = prepare_xy(model, *validation_pair, "x_val", "y_val")
    elif validation_split:
        x, y, x_val, y_val = data.split_validation(x, y, validation_split)
    else:
        x_val = y_val = None
    batches = data.BatchIterator(x, y, batch_size, model.dtype, model._rng, xp=model.array_module)
    validation = None
    if x_val is not None:
        validation = data.BatchIterator(x_val, y_val, batch_size, model.dtype, xp=model.array_module)
    return batches, validation


def unpack_validation_data(validation_data):
    """Return (x_val, y_val) from fit's ``validation_data``."""
    if isinstance(validation_data, (list, tuple)) and len(validation_data) == 2:
        return validation_data
    raise errors.DataError(
        "validation_data must be a tuple (x_val, y_val) (sample weights are not supported), got "
        f"{type(validation_data).__name__}"
        + (f" of length {len(validation_data)}." if isinstance(validation_data, (list, tuple)) else ".")
    )
