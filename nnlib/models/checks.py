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

import numbers

import numpy as np

from .. import errors, losses
from . import batch_sources, data, sample_weights

_CHECK_ELEMENTS = 1 << 20  # targets are checked against the loss this many values at a time


def prepare_inputs(model, x, name="x"):
    """Check ``x`` against the model (its input shape) and for NaN/infinity.

    A model with several inputs or outputs (``Model([a, b], ...)``) takes and returns
    lists, one array per input (``_prepare_input_list``).

    Returns:
        (x as an array, the output batch shape), or (a list of arrays, a list of output
        shapes) for a model with several inputs or outputs.

    Raises:
        ShapeError: x does not fit the first layer (the message names it).
        DataError: x is empty, not numeric, or holds NaN/infinity.
    """
    if not model._layers:
        raise errors.NotBuiltError(f"Model {model.name!r} has no layers; add some with model.add(...).")
    if model._takes_lists:
        return _prepare_input_list(model, x, name)
    x = model._single_input(x, name)
    expected = model.input_shape
    x = data.as_input_array(x, name, one_feature=expected is not None and tuple(expected[1:]) == (1,))
    if expected is not None and x.shape[1:] != expected[1:]:
        first = model._layers[0]
        raise errors.ShapeError(
            f"Layer {first.name!r} (the model's first layer) expects inputs of shape {expected}, "
            f"but {name} has shape {x.shape}. Each sample must have shape {expected[1:]}."
        )
    output_shape = model.compute_output_shape((None,) + x.shape[1:])
    data.check_finite(x, name)
    return x, output_shape


def _prepare_input_list(model, x, name):
    """``prepare_inputs`` for a model with several inputs or outputs: lists of arrays."""
    structure = model._input_structure
    arrays = []
    for input_name, tensor, value in zip(structure.names, structure.tensors, structure.flatten(x, name)):
        where = f"{name}[{input_name!r}]" if len(structure) > 1 else name
        expected = tensor.shape
        array = data.as_input_array(value, where, one_feature=tuple(expected[1:]) == (1,))
        if array.shape[1:] != expected[1:]:
            raise errors.ShapeError(
                f"The model's input {input_name!r} takes arrays of shape {expected}, but {where} has shape "
                f"{array.shape}. Each sample must have shape {expected[1:]}."
            )
        data.check_finite(array, where)
        arrays.append(array)
    lengths = {len(array) for array in arrays}
    if len(lengths) > 1:
        raise errors.DataError(
            f"The arrays of {name} have different numbers of samples "
            f"({', '.join(f'{n}: {len(a)}' for n, a in zip(structure.names, arrays))}); every input needs "
            "one row per sample."
        )
    return arrays, [tensor.shape for tensor in model._output_structure.tensors]


def prepare_targets(model, y, n_samples, output_shape, name="y", check_metrics=True):
    """Check ``y`` against the loss and the output; return it ready for training.

    A model with several outputs takes a list (or dict) of targets, each checked
    against its output's loss; an output without a loss needs no targets.

    Returns:
        y as int64 labels, shape (n,), for sparse categorical cross-entropy, else in
        the model's dtype with the output's shape ((n,) becomes (n, 1) for one output);
        a list of such arrays for a model with several outputs.
    """
    if len(model.output_names) == 1:  # one output (a model with several inputs may have one)
        y = model._single_input(y, name, what="outputs")
        shape = output_shape[0] if isinstance(output_shape, list) else output_shape
        return prepare_target_array(model, y, n_samples, shape, model._compiled_outputs.losses[0],
                                    model.metrics + model.weighted_metrics, model.output_names[0], name,
                                    check_metrics)
    structure = model._output_structure
    compiled = model._compiled_outputs
    targets = []
    read = {m.index for m in compiled.metrics + compiled.weighted_metrics}
    needed = [loss is not None or index in read for index, loss in enumerate(compiled.losses)]
    for index, (output_name, value, shape, loss) in enumerate(
            zip(structure.names, structure.flatten(y, name, needed), output_shape, compiled.losses)):
        where = f"{name}[{output_name!r}]" if len(structure) > 1 else name
        if loss is None:
            targets.append(None if value is None else data.as_target_array(value, n_samples, where))
            continue
        metrics = [m.metric for m in compiled.metrics + compiled.weighted_metrics if m.index == index]
        targets.append(prepare_target_array(model, value, n_samples, shape, loss, metrics, output_name, where,
                                            check_metrics))
    return targets


def prepare_target_array(model, y, n_samples, output_shape, loss, metrics, output_name, name="y",
                         check_metrics=True):
    """Check the targets ``y`` of one output against its ``loss``; return them ready to train on.

    The loss's own checks (labels in range, one-hot rows, targets in [0, 1], ...) run
    here on the whole of ``y``, so a bad label fails the call before any update.

    Args:
        output_shape: the output's batch shape; output_name: its layer's name.
        metrics: the metrics that read this output; with ``check_metrics`` they run
            once on the targets, so that one that cannot read them fails now, not in
            the middle of an epoch.
    """
    y = data.as_target_array(y, n_samples, name)
    data.check_finite(y, name)
    sparse = isinstance(loss, losses.SparseCategoricalCrossentropy)
    if sparse and y.ndim == 2 and y.shape[1] == 1:
        y = y.reshape(-1)
    if not sparse and y.ndim == 1 and output_shape[1:] == (1,):
        y = y.reshape(-1, 1)  # one target per sample for a one-unit output, as Keras
    neutral = _neutral_predictions(model, output_shape, len(y))
    try:
        for start in range(0, len(y), len(neutral)):
            part = y[start : start + len(neutral)]
            loss(part, neutral[: len(part)])
    except errors.ShapeError:
        raise _target_shape_error(loss, y, output_shape, output_name, name) from None
    if sparse:
        return y.astype(np.int64, copy=False)
    if y.shape[1:] != output_shape[1:]:
        raise _target_shape_error(loss, y, output_shape, output_name, name)
    y = y.astype(model.dtype, copy=False)
    if check_metrics:
        _check_metrics(metrics, y[: len(neutral)], neutral[: min(len(y), len(neutral))])
    return y


def _check_metrics(metrics, y, neutral):
    """Run every metric once on (part of) the targets; raise what a metric cannot read.

    The metrics are stateful (Keras's ``update_state``), so each is reset afterwards:
    the check leaves no trace in what ``fit`` will report.
    """
    for metric in metrics:
        try:
            metric.update_state(y, neutral)
        finally:
            metric.reset_state()


def _neutral_predictions(model, output_shape, n_samples):
    """Predictions 1/k everywhere (valid probabilities), for checking targets in chunks."""
    classes = output_shape[-1]
    rows = min(n_samples, max(1, _CHECK_ELEMENTS // max(1, int(np.prod(output_shape[1:])))))
    return np.full((rows,) + tuple(output_shape[1:]), 1.0 / classes, dtype=model.dtype)


def _target_shape_error(loss, y, output_shape, output_name, name):
    return errors.ShapeError(
        f"{name} has shape {y.shape}, but the model's output has shape {output_shape} (layer "
        f"{output_name!r}) and the loss {loss.name!r} needs targets that match it. Give that "
        f"layer one unit per target column, or reshape {name}."
    )


def prepare_xy(model, x, y, x_name="x", y_name="y"):
    """Check x and y once and build the model if needed; return them ready to train on."""
    x, output_shape = prepare_inputs(model, x, x_name)
    y = prepare_targets(model, y, data.batch_length(x), output_shape, y_name)
    if not isinstance(x, list):
        model._build_for_data(x.shape)
    return x, y


def prepare_fit_data(model, x, y, batch_size, validation_split=0.0, validation_data=None,
                     sample_weight=None, class_weight=None, steps_per_epoch=None,
                     validation_steps=None, validation_batch_size=None):
    """Everything ``fit`` does to its data, before the first step.

    Arrays are converted and checked once, as a whole (``prepare_xy``); a
    ``validation_split`` then cuts the checked arrays (views, no copy), while
    ``validation_data`` is checked the same way under the names x_val and y_val.
    Generators, PyDatasets and Datasets (``batch_sources.py``) are checked batch by
    batch as they arrive.

    Returns:
        (batches, validation): objects whose ``epoch(shuffle)`` yields (x, y, w)
        batches and whose ``steps`` is the number of batches per epoch (None when
        unknown); ``validation`` is None without validation data.

    Raises:
        ShapeError, DataError, HyperparameterError: the data, the weights or an
            argument that does not fit the data; nothing has changed in the model then.
    """
    steps_per_epoch = check_steps("steps_per_epoch", steps_per_epoch)
    validation_steps = check_steps("validation_steps", validation_steps)
    if class_weight is not None:
        class_weight = sample_weights.check_class_weight(class_weight)
    validation_batch_size = data.check_batch_size(validation_batch_size or batch_size)
    if batch_sources.is_batch_source(x):
        _refuse_with_batches(x, y=y, sample_weight=sample_weight, validation_split=validation_split)
        batches = source_batches(model, x, name="x", class_weight=class_weight)
        validation = None
    else:
        x, y = prepare_xy(model, x, y)
        weights = sample_weights_for(model, y, sample_weight, class_weight, data.batch_length(x))
        validation = None
        if validation_data is None and validation_split:
            (x, y, weights), (x_val, y_val, w_val) = data.split_validation(x, y, validation_split, weights)
            validation = data.batches(x_val, y_val, validation_batch_size, model.dtype,
                                      xp=model.array_module, sample_weight=w_val)
        batches = data.batches(x, y, batch_size, model.dtype, model._rng, xp=model.array_module,
                               sample_weight=weights)
    if validation_data is not None:
        validation = validation_batches(model, validation_data, validation_batch_size)
    if steps_per_epoch is not None:
        batches = batch_sources.StepsPerEpoch(batches, steps_per_epoch, "x")
    if validation is not None and validation_steps is not None:
        validation = batch_sources.StepsPerEpoch(validation, validation_steps, "validation_data")
    return batches, validation


def validation_batches(model, validation_data, batch_size):
    """Return the batches of fit's ``validation_data``: a tuple of arrays or a batch source.

    Raises:
        DataError: not (x_val, y_val) or (x_val, y_val, sample_weight_val), nor batches.
    """
    if batch_sources.is_batch_source(validation_data):
        return source_batches(model, validation_data, name="validation_data")
    if not isinstance(validation_data, (list, tuple)) or len(validation_data) not in (2, 3):
        raise errors.DataError(
            "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight_val), "
            "or a generator or dataset of batches; got "
            f"{type(validation_data).__name__}"
            + (f" of length {len(validation_data)}." if isinstance(validation_data, (list, tuple)) else ".")
        )
    x_val, y_val, w_val = (tuple(validation_data) + (None,))[:3]
    x_val, y_val = prepare_xy(model, x_val, y_val, "x_val", "y_val")
    if w_val is not None:
        w_val = _checked_sample_weight(model, w_val, data.batch_length(x_val), "sample_weight_val")
    return data.batches(x_val, y_val, batch_size, model.dtype, xp=model.array_module, sample_weight=w_val)


def evaluation_batches(model, x, y, batch_size, sample_weight=None, steps=None):
    """The batches of ``evaluate``: arrays (checked once) or a batch source."""
    steps = check_steps("steps", steps)
    if batch_sources.is_batch_source(x):
        _refuse_with_batches(x, y=y, sample_weight=sample_weight)
        batches = source_batches(model, x, name="x")
    else:
        batch_size = data.check_batch_size(batch_size)
        x, y = prepare_xy(model, x, y)
        weights = sample_weights_for(model, y, sample_weight, None, data.batch_length(x))
        batches = data.batches(x, y, batch_size, model.dtype, xp=model.array_module, sample_weight=weights)
    return batches if steps is None else batch_sources.StepsPerEpoch(batches, steps, "x")


def source_batches(model, source, name="x", class_weight=None, targets=True):
    """A ``BatchSource`` whose batches are checked against ``model`` as they arrive.

    Args:
        targets: whether batches must carry targets (False for ``predict``).
        class_weight: a checked class_weight dict, applied to each batch.
    """
    first = [True]

    def prepare(x, y, w, where):
        x, output_shape = prepare_inputs(model, x, f"x of {where}")
        x = _in_model_dtype(model, x)
        if not isinstance(x, list):
            model._build_for_data(x.shape)
        xp = model.array_module
        if not targets:
            return data.to_device(x, xp), None, None
        if y is None:
            raise errors.DataError(
                f"{where} has no targets: fit and evaluate need batches (x, y) or (x, y, sample_weight)."
            )
        n_samples = data.batch_length(x)
        y = prepare_targets(model, y, n_samples, output_shape, f"y of {where}", check_metrics=first[0])
        first[0] = False
        if w is not None and class_weight is not None:
            raise errors.DataError(
                f"{where} carries sample weights and fit was given class_weight: use one or the other."
            )
        if w is not None:
            w = _checked_sample_weight(model, w, n_samples, f"sample_weight of {where}")
        elif class_weight is not None:
            units = output_shape[-1]
            w = sample_weights.class_weight_to_sample_weight(
                y, class_weight, model.dtype, present=range(units if units > 1 else 2))
        return data.to_device(x, xp), data.to_device(y, xp), data.to_device(w, xp)

    return batch_sources.BatchSource(source, prepare, rng=model._rng, name=name)


def _in_model_dtype(model, x):
    """``x`` (an array or a list of them) in the model's float dtype."""
    if isinstance(x, list):
        return [item.astype(model.dtype, copy=False) for item in x]
    return x.astype(model.dtype, copy=False)


def sample_weights_for(model, y, sample_weight, class_weight, n_samples):
    """The sample weights of array data: checked ``sample_weight``, or from ``class_weight``.

    Returns:
        An array of shape (n,) in the model's dtype, or None when neither is given.
    """
    if class_weight is not None:
        class_weight = sample_weights.check_class_weight(class_weight)
    if sample_weight is not None and class_weight is not None:
        raise errors.HyperparameterError(
            "fit was given both sample_weight and class_weight; use one of them (as in Keras). To "
            "combine them, multiply: sample_weight * class_weight_of_each_sample."
        )
    if class_weight is not None and isinstance(y, list):
        raise errors.HyperparameterError(
            f"class_weight is for models with one output, as in Keras; this one has {len(y)}. Give "
            "sample_weight instead: one array for all outputs, or a list or dict with one per output."
        )
    if sample_weight is not None:
        return _checked_sample_weight(model, sample_weight, n_samples, "sample_weight")
    if class_weight is not None:
        return sample_weights.class_weight_to_sample_weight(y, class_weight, model.dtype)
    return None


def _checked_sample_weight(model, sample_weight, n_samples, name):
    """One checked weight array (n,), or with several outputs a list or dict of them (or None)."""
    if model._takes_lists and isinstance(sample_weight, (list, tuple, dict)):
        structure = model._output_structure
        return [None if w is None else sample_weights.check_sample_weight(w, n_samples, model.dtype,
                                                                          f"{name}[{output!r}]")
                for output, w in zip(structure.names, structure.flatten(sample_weight, name))]
    return sample_weights.check_sample_weight(sample_weight, n_samples, model.dtype, name)


def _refuse_with_batches(x, **arguments):
    """Raise for fit/evaluate arguments that batches already carry (as Keras)."""
    kind = type(x).__name__
    for name, value in arguments.items():
        if value is None or (name == "validation_split" and not value):
            continue
        if name == "validation_split":
            raise errors.DataError(
                f"validation_split cannot be used when x is a {kind} of batches: the last part of "
                "data that arrives batch by batch cannot be set aside in advance. Pass "
                "validation_data=(x_val, y_val) or a second source of batches instead."
            )
        what = "the targets" if name == "y" else "the sample weights"
        raise errors.DataError(
            f"{name} cannot be given when x is a {kind} of batches: each batch carries "
            f"{what} itself, as (x, y) or (x, y, sample_weight)."
        )


def check_steps(name, steps):
    """Return ``steps`` (None or an int >= 1)."""
    if steps is None:
        return None
    if not isinstance(steps, numbers.Integral) or isinstance(steps, bool) or steps < 1:
        raise errors.HyperparameterError(f"{name} must be None or an int >= 1, got {steps!r}.")
    return int(steps)
