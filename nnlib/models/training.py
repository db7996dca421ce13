"""The training loops: ``fit`` and ``train_on_batch``.

Taught in Part 4, "The same network with nnlib" (what ``fit`` does, step by step)
and "Errors and debugging" (when it stops and why).

One training step (Part 3, "Gradient descent")::

    a = model(x_batch)                  # forward pass, training=True
    L = loss(y_batch, a) + penalties    # the number fit reports
    backward pass                       # dL/dw for every weight
    optimizer.apply(gradients, weights) # w <- w - (something) * dL/dw

Keras semantics: an epoch's "loss" is the mean of the batch losses weighted by batch
size (each computed BEFORE that batch's update), and includes the regularization
penalties; metrics are averaged over every sample of the epoch.

Speed: everything that can be done once per call (data checks, callback set-up,
choosing the fused loss) is done before the first step; callbacks' batch hooks are
called only when some callback uses them.
"""

import math

import numpy as np

from .. import errors
from ..callbacks import CallbackList, TerminateOnNaN
from ..callbacks.callback_list import check_callbacks
from . import checks, data, passes
from .epoch_totals import EpochTotals
from .inference import evaluate_batches, results


# ----- the optimizer's view of the weights ---------------------------------------------
def _optimizer_variables(model):
    """Return (gradients, variables): the arrays the optimizer updates at each step.

    With a weight block these are its pieces (views of the block, see
    ``WeightBlock.chunks``); otherwise each layer's weight arrays. When they differ
    from those of the last training call (layers added, model copied), the
    optimizer's state is rebuilt for the new arrays.
    """
    model._ensure_weight_block()
    block = model._block
    if block is not None:
        variables, gradients = block.chunks()
    else:
        variables = model.weights
        gradients = [layer.grads[name] for layer in model._layers for name in layer.params]
    key = (id(model.optimizer), tuple(id(v) for v in variables))
    if model._optimizer_key != key:
        if model.optimizer.built:
            model.optimizer.build(variables)
        model._optimizer_key = key
    return gradients, variables


def _apply_update(model, gradients, variables):
    """Apply one optimizer step with the gradients the backward pass left in the layers."""
    block = model._block
    if block is not None:
        block.collect_gradients()  # ``gradients`` are views of the block
    else:  # a hand-written layer may have stored new gradient arrays: read them again
        gradients = [layer.grads[name] for layer in model._layers for name in layer.params]
    model.optimizer.apply(gradients, variables)


def _divergence_error(loss_value, epoch, epochs, batch, steps, learning_rate):
    error = errors.DivergenceError(
        f"The loss became {loss_value} in epoch {epoch + 1}/{epochs}, batch {batch + 1}/{steps} "
        f"(learning rate {learning_rate:g}): training diverged. fit() stopped there and put the "
        "weights back as they were before this call. What to try: (1) a smaller learning rate, "
        f"e.g. {learning_rate / 10:g}; (2) check the data: standardize the inputs and look for "
        "extreme values in x and y; (3) keep the gradients small: clip them (in Keras: clipnorm=1.0) "
        "or add a kernel_regularizer. To stop quietly instead, as Keras does, pass "
        "callbacks=[TerminateOnNaN()]."
    )
    error.epoch, error.batch, error.learning_rate, error.loss = epoch, batch, learning_rate, loss_value
    return error


# ----- fit ---------------------------------------------------------------------------------
def fit(model, x, y, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
        validation_data=None, shuffle=True, initial_epoch=0):
    """Train ``model`` on ``x, y``.

    Args:
        model: a compiled ``Sequential``.
        x: inputs, shape (n, features...). A 1-D x is an error (reshape it).
        y: targets: shape (n, outputs); (n,) for a one-unit output; class labels
            (n,) for sparse categorical cross-entropy.
        batch_size: samples per step. Defaults to 32.
        epochs: number of passes over the data (the last epoch index + 1 when
            ``initial_epoch`` is used). Defaults to 1.
        verbose: 0 silent, 1 progress bar, 2 one line per epoch; "auto" is 1.
        callbacks: list of ``nnlib.callbacks.Callback``.
        validation_split: fraction in [0, 1) of the data, taken from the END before
            shuffling, to evaluate on after each epoch ("val_loss").
        validation_data: (x_val, y_val); overrides ``validation_split``.
        shuffle: shuffle the training data before each epoch. Defaults to True.
        initial_epoch: the epoch to start from (to resume a training).

    Returns:
        The ``History`` callback; ``history.history`` maps "loss", each metric name,
        "val_loss", "val_<metric>" to one value per epoch.

    Raises:
        NotCompiledError: ``compile`` was not called (or without a loss).
        HyperparameterError: batch_size < 1, epochs < 0, validation_split outside
            [0, 1), an unknown verbose, or callbacks that are not Callbacks.
        ShapeError, DataError: the data does not fit the model or the loss; raised
            before any weight changes.
        DivergenceError: the loss became NaN or infinite (unless a TerminateOnNaN
            callback is given); the weights are restored to their values before fit.
    """
    model._require_compiled("fit()")
    batch_size = data.check_batch_size(batch_size)
    epochs = data.check_count("epochs", epochs)
    initial_epoch = data.check_count("initial_epoch", initial_epoch)
    verbose = data.check_verbose(verbose)
    if not isinstance(shuffle, (bool, np.bool_)):
        raise errors.HyperparameterError(f"shuffle must be True or False, got {shuffle!r}.")
    data.check_validation_split(validation_split)
    user_callbacks = check_callbacks(callbacks)

    batches, validation = checks.prepare_fit_data(model, x, y, batch_size, validation_split, validation_data)
    callback_list = CallbackList(user_callbacks, model=model, add_history=True, add_progbar=verbose != 0,
                                 verbose=verbose, epochs=epochs, steps=batches.steps)
    gradients, variables = _optimizer_variables(model)
    # Without TerminateOnNaN, a NaN loss restores these weights and raises DivergenceError.
    stop_quietly_on_nan = any(isinstance(cb, TerminateOnNaN) for cb in callback_list)
    weights_before = None if stop_quietly_on_nan else model.get_weights()

    model.stop_training = False
    callback_list.on_train_begin()
    epoch_logs = None
    # A diverging run overflows before its loss turns NaN. The loss check reports it
    # (DivergenceError, or TerminateOnNaN), so NumPy's own warnings would only repeat it.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(initial_epoch, epochs):
            callback_list.on_epoch_begin(epoch)
            epoch_logs = _train_epoch(model, batches.epoch(shuffle), callback_list, (gradients, variables),
                                      weights_before, where=(epoch, epochs, batches.steps))
            if validation is not None:
                val_logs = evaluate_batches(model, validation, callback_list)
                epoch_logs.update({f"val_{key}": value for key, value in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if model.stop_training:
                break
    callback_list.on_train_end(epoch_logs)
    return callback_list.history


def _train_epoch(model, batches, callback_list, slots, weights_before, where):
    """Run the training steps of one epoch; return its logs (means over the epoch).

    Args:
        batches: iterator of (x_batch, y_batch).
        slots: (gradients, variables) from ``_optimizer_variables``.
        weights_before: weights to restore before raising DivergenceError on a NaN
            loss, or None to carry on (a TerminateOnNaN callback then stops training).
        where: (epoch, epochs, steps), for the DivergenceError message.
    """
    batch_hooks = callback_list.wants_train_batch_hooks
    totals = EpochTotals(model.metrics)
    for batch, (x_batch, y_batch) in enumerate(batches):
        if batch_hooks:
            callback_list.on_train_batch_begin(batch)
        loss_value, output, _ = passes.loss_and_gradients(model, x_batch, y_batch, training=True)
        if weights_before is not None and not math.isfinite(loss_value):
            model.set_weights(weights_before)
            epoch, epochs, steps = where
            raise _divergence_error(loss_value, epoch, epochs, batch, steps, float(model.optimizer.learning_rate))
        totals.add(len(x_batch), loss_value, y_batch, output)
        _apply_update(model, *slots)
        if batch_hooks:
            callback_list.on_train_batch_end(batch, totals.logs())
        if model.stop_training:
            break
    return totals.logs()


def train_on_batch(model, x, y, return_dict=False):
    """One training step on exactly ``x, y``; return the batch's loss (and metrics).

    The values are those of the batch BEFORE the update (as Keras 3, which resets
    its metrics for each call).

    Raises:
        DivergenceError: the loss is NaN or infinite; the update is not applied.
    """
    model._require_compiled("train_on_batch()")
    x, y = checks.prepare_xy(model, x, y)
    gradients, variables = _optimizer_variables(model)
    x, y = data.to_device(x, model.array_module), data.to_device(y, model.array_module)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        loss_value, output, _ = passes.loss_and_gradients(model, x, y, training=True)
    if not math.isfinite(loss_value):
        raise _divergence_error(loss_value, 0, 1, 0, 1, float(model.optimizer.learning_rate))
    totals = EpochTotals(model.metrics)
    totals.add(len(x), loss_value, y, output)
    _apply_update(model, gradients, variables)
    return results(model, totals.logs(), return_dict)
