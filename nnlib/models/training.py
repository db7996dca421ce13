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
import numbers
import warnings

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
    ``WeightBlock.chunks``) when the optimizer treats every number on its own
    (``Optimizer.elementwise``; not with ``clipnorm``); otherwise the arrays of the
    trainable weights (views of the block, if there is one); a frozen layer's are
    not among them. When they differ
    from those of the last training call (layers added, model copied), the
    optimizer's state is rebuilt for the new arrays.
    """
    model._ensure_weight_block()
    block = model._block
    if block is not None and model.optimizer.elementwise:
        variables, gradients = block.chunks()
    else:
        slots = model._trainable_slots()
        variables = [layer.params[name] for layer, name in slots]
        gradients = [layer.grads[name] for layer, name in slots]
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
        gradients = [layer.grads[name] for layer, name in model._trainable_slots()]
    model.optimizer.apply(gradients, variables)


def _divergence_error(loss_value, epoch, epochs, batch, steps, learning_rate):
    error = errors.DivergenceError(
        f"The loss became {loss_value} in epoch {epoch + 1}/{epochs}, batch {batch + 1}/{steps or '?'} "
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
        validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
        steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1):
    """Train ``model`` on ``x, y``.

    Args:
        model: a compiled ``Sequential``.
        x: inputs, shape (n, features...); shape (n,) when the model takes one feature
            (input shape (None, 1)). Or, instead of arrays, a generator, a
            ``nnlib.utils.PyDataset`` or any iterable (such as a tf.data Dataset) of
            batches ``(x, y)`` or ``(x, y, sample_weight)``: see ``batch_sources.py``.
        y: targets: shape (n, outputs); (n,) for a one-unit output; class labels
            (n,) for sparse categorical cross-entropy. None when x yields batches.
        batch_size: samples per step. Defaults to 32 (not used when x yields batches).
        epochs: number of passes over the data (the last epoch index + 1 when
            ``initial_epoch`` is used). Defaults to 1.
        verbose: 0 silent, 1 progress bar, 2 one line per epoch; "auto" is 1.
        callbacks: list of ``nnlib.callbacks.Callback``.
        validation_split: fraction in [0, 1) of the data, taken from the END before
            shuffling, to evaluate on after each epoch ("val_loss").
        validation_data: (x_val, y_val) or (x_val, y_val, sample_weight_val), or
            batches as for x; overrides ``validation_split``.
        shuffle: shuffle the training data before each epoch. Defaults to True.
        class_weight: {class index: weight}: each sample's loss is multiplied by the
            weight of its class (see ``sample_weights.py``).
        sample_weight: one weight per sample, shape (n,): the loss of a batch is
            sum(w * loss) / batch size.
        initial_epoch: the epoch to start from (to resume a training).
        steps_per_epoch: batches per epoch; an epoch then continues where the last
            one stopped (for generators that never end). Defaults to one pass.
        validation_steps: batches of validation data per evaluation. Defaults to all.
        validation_batch_size: batch size for the validation data. Defaults to
            ``batch_size``.
        validation_freq: evaluate every this many epochs (an int), or after the
            epochs listed (1-based, as Keras). Defaults to 1.

    Returns:
        The ``History`` callback; ``history.history`` maps "loss", each metric name,
        "val_loss", "val_<metric>" to one value per epoch.

    Raises:
        NotCompiledError: ``compile`` was not called (or without a loss).
        HyperparameterError: batch_size < 1, epochs < 0, validation_split outside
            [0, 1), an unknown verbose, callbacks that are not Callbacks, a bad
            class_weight or validation_freq.
        ShapeError, DataError: the data does not fit the model or the loss; for
            arrays, raised before any weight changes.
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
    validate_after = _validation_epochs(validation_freq)
    user_callbacks = check_callbacks(callbacks)

    batches, validation = checks.prepare_fit_data(
        model, x, y, batch_size, validation_split, validation_data, sample_weight=sample_weight,
        class_weight=class_weight, steps_per_epoch=steps_per_epoch, validation_steps=validation_steps,
        validation_batch_size=validation_batch_size)
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
            logs = _train_epoch(model, batches.epoch(shuffle), callback_list, (gradients, variables),
                                weights_before, where=(epoch, epochs, batches.steps))
            if logs is None:  # no batches: the data ran out (a generator read in an earlier epoch)
                _no_batches(batches, first=epoch == initial_epoch)
                break
            epoch_logs = logs
            if validation is not None and validate_after(epoch):
                val_logs = evaluate_batches(model, validation, callback_list)
                epoch_logs.update({f"val_{key}": value for key, value in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if model.stop_training:
                break
    if epochs > 0:  # with use_ema=True the weights become their moving average, as in Keras
        model.optimizer.finalize_variable_values(variables)
    callback_list.on_train_end(epoch_logs)
    return callback_list.history


def _validation_epochs(validation_freq):
    """Return ``after(epoch) -> bool``: whether to evaluate after the 0-based ``epoch``.

    Raises:
        HyperparameterError: validation_freq is not an int >= 1 nor a list of them.
    """
    if isinstance(validation_freq, numbers.Integral) and not isinstance(validation_freq, bool) \
            and validation_freq >= 1:
        return lambda epoch: (epoch + 1) % validation_freq == 0
    if isinstance(validation_freq, (list, tuple)) and all(
            isinstance(e, numbers.Integral) and not isinstance(e, bool) for e in validation_freq):
        listed = {int(e) for e in validation_freq}
        return lambda epoch: epoch + 1 in listed
    raise errors.HyperparameterError(
        "validation_freq must be an int >= 1 (evaluate every that many epochs) or a list of "
        f"1-based epoch numbers, got {validation_freq!r}."
    )


def _no_batches(batches, first):
    """An epoch without batches: an error before any training, else a warning and a stop."""
    message = batches.empty_message()
    if first:
        raise errors.DataError(message)
    warnings.warn(message + " Training stops here.", stacklevel=3)


def _train_epoch(model, batches, callback_list, slots, weights_before, where):
    """Run the training steps of one epoch; return its logs (means over the epoch).

    Args:
        batches: iterator of (x_batch, y_batch, w_batch); w_batch is None without
            sample weights.
        slots: (gradients, variables) from ``_optimizer_variables``.
        weights_before: weights to restore before raising DivergenceError on a NaN
            loss, or None to carry on (a TerminateOnNaN callback then stops training).
        where: (epoch, epochs, steps), for the DivergenceError message.

    Returns:
        The epoch's logs, or None when ``batches`` gave no batch.
    """
    batch_hooks = callback_list.wants_train_batch_hooks
    totals = EpochTotals(model.metrics, model.weighted_metrics, model._compiled_outputs.loss_names)
    for batch, (x_batch, y_batch, w_batch) in enumerate(batches):
        if batch_hooks:
            callback_list.on_train_batch_begin(batch)
        loss_value, output, _, parts = passes.loss_and_gradients(model, x_batch, y_batch, training=True,
                                                                 sample_weight=w_batch)
        if weights_before is not None and not math.isfinite(loss_value):
            model.set_weights(weights_before)
            epoch, epochs, steps = where
            raise _divergence_error(loss_value, epoch, epochs, batch, steps, float(model.optimizer.learning_rate))
        totals.add(data.batch_length(x_batch), loss_value, y_batch, output, sample_weight=w_batch, parts=parts)
        _apply_update(model, *slots)
        if batch_hooks:
            callback_list.on_train_batch_end(batch, totals.logs())
        if model.stop_training:
            break
    return totals.logs() if totals.samples else None


def train_on_batch(model, x, y, sample_weight=None, class_weight=None, return_dict=False):
    """One training step on exactly ``x, y``; return the batch's loss (and metrics).

    The values are those of the batch BEFORE the update (as Keras 3, which resets
    its metrics for each call). ``sample_weight`` and ``class_weight`` weigh the
    samples as in ``fit``.

    Raises:
        DivergenceError: the loss is NaN or infinite; the update is not applied.
    """
    model._require_compiled("train_on_batch()")
    x, y = checks.prepare_xy(model, x, y)
    n_samples = data.batch_length(x)
    weights = checks.sample_weights_for(model, y, sample_weight, class_weight, n_samples)
    gradients, variables = _optimizer_variables(model)
    xp = model.array_module
    x, y, weights = data.to_device(x, xp), data.to_device(y, xp), data.to_device(weights, xp)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        loss_value, output, _, parts = passes.loss_and_gradients(model, x, y, training=True, sample_weight=weights)
    if not math.isfinite(loss_value):
        raise _divergence_error(loss_value, 0, 1, 0, 1, float(model.optimizer.learning_rate))
    totals = EpochTotals(model.metrics, model.weighted_metrics, model._compiled_outputs.loss_names)
    totals.add(n_samples, loss_value, y, output, sample_weight=weights, parts=parts)
    _apply_update(model, gradients, variables)
    return results(model, totals.logs(), return_dict)
