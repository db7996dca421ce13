"""The loops behind ``evaluate`` and ``predict``, and ``model.gradients``.

Taught in Part 4, "The same network with nnlib". Evaluation runs the model in
inference mode (Dropout off) over batches and reports, like Keras, the loss (with
the regularization penalties) and the metrics averaged over every sample.
"""

import numpy as np

from ..array_modules import to_numpy
from ..callbacks import CallbackList
from ..callbacks.callback_list import check_callbacks
from .. import errors
from . import batch_sources, checks, data, passes
from .epoch_totals import EpochTotals


def results(model, logs, return_dict):
    """Return ``logs`` as Keras does: a dict, the loss alone, or [loss, metric, ...]."""
    if return_dict:
        return logs
    values = [logs[name] for name in model.metrics_names]
    return values[0] if len(values) == 1 else values


def evaluate(model, x, y, batch_size=None, verbose="auto", sample_weight=None, steps=None, callbacks=None,
             return_dict=False):
    """Return the loss (with penalties) and metrics of ``model`` on ``x, y``.

    ``x`` may also yield batches (a generator, PyDataset or Dataset, as in ``fit``);
    ``sample_weight`` weighs the samples as in ``fit``; ``steps`` limits the number of
    batches.

    Returns:
        The loss alone when there are no metrics, else [loss, metric, ...] in
        ``model.metrics_names`` order; a dict when ``return_dict``.
    """
    model._require_compiled("evaluate()")
    verbose = data.check_verbose(verbose)
    user_callbacks = check_callbacks(callbacks)
    batches = checks.evaluation_batches(model, x, y, batch_size, sample_weight, steps)
    callback_list = CallbackList(user_callbacks, model=model, add_progbar=verbose != 0,
                                 verbose=verbose, epochs=1, steps=batches.steps)
    return results(model, evaluate_batches(model, batches, callback_list), return_dict)


def evaluate_batches(model, batches, callback_list):
    """Run the model in inference mode over ``batches``; return the logs.

    Raises:
        DataError: ``batches`` gave no batch.
    """
    hooks = callback_list.wants_test_batch_hooks
    penalty = model.regularization_penalty()
    totals = EpochTotals(model.metrics, model.weighted_metrics, model._compiled_outputs.loss_names)
    callback_list.on_test_begin()
    for batch, (x_batch, y_batch, w_batch) in enumerate(batches.epoch()):
        if hooks:
            callback_list.on_test_batch_begin(batch)
        output = model.forward(x_batch, training=False)
        loss_value, parts, _, _ = passes.output_losses(model, y_batch, output, w_batch)
        totals.add(data.batch_length(x_batch), loss_value, y_batch, output, sample_weight=w_batch, parts=parts)
        if hooks:
            callback_list.on_test_batch_end(batch, totals.logs(penalty))
    if not totals.samples:
        raise errors.DataError(batches.empty_message())
    logs = totals.logs(penalty)
    callback_list.on_test_end(logs)
    return logs


def predict(model, x, batch_size=None, verbose="auto", steps=None, callbacks=None, training=False):
    """Return the model's outputs for ``x``, shape (n, outputs...), in batches.

    The outputs are a NumPy array, as in Keras, also when the model computes on a GPU.
    ``x`` may also yield batches (a generator, PyDataset or Dataset; a batch's targets,
    if any, are ignored); ``steps`` limits the number of batches.

    Raises:
        ShapeError: x does not fit the first layer.
        DataError: x is empty or holds NaN/infinity.
    """
    batch_size = data.check_batch_size(batch_size)
    verbose = data.check_verbose(verbose)
    user_callbacks = check_callbacks(callbacks)
    steps = checks.check_steps("steps", steps)
    if batch_sources.is_batch_source(x):
        batches = checks.source_batches(model, x, targets=False)
        buffers = None
    else:
        x, output_shapes = checks.prepare_inputs(model, x)
        if not isinstance(x, list):
            model._build_for_data(x.shape)
        n_samples = data.batch_length(x)
        batches = data.batches(x, None, batch_size, model.dtype, xp=model.array_module)
        buffers = [np.empty((n_samples,) + tuple(shape[1:]), dtype=model.dtype)
                   for shape in _as_list(output_shapes)]
    if steps is not None:
        batches = batch_sources.StepsPerEpoch(batches, steps, "x")
    callback_list = CallbackList(user_callbacks, model=model, add_progbar=verbose != 0,
                                 verbose=verbose, epochs=1, steps=batches.steps)
    hooks = callback_list.wants_predict_batch_hooks
    pieces = []  # batches of unknown number: gathered, then joined
    callback_list.on_predict_begin()
    start = 0
    for batch, (x_batch, _, _) in enumerate(batches.epoch()):
        if hooks:
            callback_list.on_predict_batch_begin(batch)
        output = model.forward(x_batch, training=training)
        outputs = [to_numpy(item) for item in _as_list(output)]  # NumPy, as Keras
        rows = data.batch_length(x_batch)
        if buffers is not None:
            for buffer, item in zip(buffers, outputs):
                buffer[start : start + rows] = item
        else:
            pieces.append([np.array(item) for item in outputs])
        start += rows
        if hooks:
            callback_list.on_predict_batch_end(batch, {"outputs": outputs[0] if len(outputs) == 1 else outputs})
    if buffers is None:
        if not pieces:
            raise errors.DataError(batches.empty_message())
        buffers = [np.concatenate(column) for column in zip(*pieces)]
    callback_list.on_predict_end()
    return model._pack_outputs([buffer[:start] for buffer in buffers])


def _as_list(value):
    return value if isinstance(value, list) else [value]


def gradients(model, x, y, training_mode=False):
    """Return copies of dL/dw for every trainable weight, in the order of ``model.trainable_weights``.

    The copies are NumPy arrays. A frozen layer's weights, and state such as
    BatchNormalization's moving statistics, have no gradient and are not listed.

    L is the compiled loss of the batch (a mean) plus the regularization penalties.
    """
    model._require_compiled("gradients()")
    x, y = checks.prepare_xy(model, x, y)
    model._ensure_weight_block()
    x, y = data.to_device(x, model.array_module), data.to_device(y, model.array_module)
    passes.loss_and_gradients(model, x, y, training=training_mode, sample_weight=None)
    return [np.array(to_numpy(layer.grads[name])) for layer, name in model._trainable_slots()]
