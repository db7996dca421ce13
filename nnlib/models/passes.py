"""The forward and backward passes through a stack of layers.

Taught in Part 3, "Backpropagation" and Part 4, "The same network with nnlib".

Forward: a_0 = x, a_l = layer_l(a_{l-1}), and the output is the last a.
Backward: start from the gradient of the loss at the output and hand it from layer
to layer in reverse; each layer stores dL/d(its weights) and returns dL/d(its input).

Two shortcuts keep a step cheap:

- a fused output (softmax or sigmoid with its cross-entropy, see ``output_loss.py``)
  starts from delta = dL/dz of the last layer, skipping the activation's Jacobian;
- the first layer does not compute dL/dx: the data has no weights to update.
"""


def forward(layers, x, training=False):
    """Run ``x`` through ``layers``; return the last layer's output."""
    for layer in layers:
        x = layer.forward(x, training)
    return x


def backward(layers, delta, fused, input_gradient=False):
    """Run the backward pass from ``delta``; every layer's ``grads`` are set.

    Args:
        layers: the model's layers, after a forward pass.
        delta: dL/da of the output, or dL/dz of the last layer when ``fused``.
        fused: whether ``delta`` is dL/dz (see ``OutputLoss``).
        input_gradient: also compute dL/dx (gradient checks need it; training does not).

    Returns:
        dL/dx, shape of the input, when ``input_gradient``; else None.
    """
    last = len(layers) - 1
    grad, stop = delta, last
    if fused:
        grad = layers[last].backward_from_z(delta, input_gradient=last > 0 or input_gradient)
        stop = last - 1
    for i in range(stop, 0, -1):
        grad = layers[i].backward(grad)
    if stop >= 0:
        if input_gradient:
            grad = layers[0].backward(grad)
        else:
            layers[0].backward_without_input_gradient(grad)  # dL/dx of the data: nobody needs it
    return grad if input_gradient else None


def penalty(layers):
    """The sum of the regularization penalties of the trainable layers (a float).

    A frozen layer adds none, as in Keras (its weights are not trained).
    """
    total = 0.0
    for layer in layers:
        if layer.trainable:
            total += layer.regularization_penalty()
    return total


def _per_output(value, count):
    """A batch's targets or sample weights as one entry per output (None stays None)."""
    if count == 1:
        return [value]
    if value is None or not isinstance(value, list):
        return [value] * count  # one sample_weight for every output, as Keras takes it
    return value


def output_losses(model, y, output, sample_weight=None, with_deltas=False):
    """The compiled loss of a batch, from the model's outputs (after a forward pass).

    Args:
        y, output: the batch's targets and the model's outputs (lists with several outputs).
        sample_weight: None, one weight per sample (shape (B,)), or a list with one such
            array (or None) per output.
        with_deltas: also return the gradients that start the backward pass.

    Returns:
        (loss, parts, deltas, fused): loss = sum of loss_weight_i * loss_i; parts is
        None with one output, else each output's loss (None where it has no loss);
        deltas and fused (lists, one per output) are None unless ``with_deltas``:
        delta_i is dL/dz of the output layer when fused_i, else dL/d(output_i).
    """
    bound = model._bind_output_losses()
    weights = model._compiled_outputs.loss_weights
    count = len(bound)
    ys, outputs, sws = _per_output(y, count), _per_output(output, count), _per_output(sample_weight, count)
    total, parts, deltas = 0.0, [], []
    for output_loss, weight, y_i, out_i, w_i in zip(bound, weights, ys, outputs, sws):
        if output_loss is None:  # an output without a loss: nothing flows back from it
            parts.append(None)
            deltas.append(None)
            continue
        logits = output_loss.layer.logits if output_loss.fused else None
        if with_deltas:
            value, delta = output_loss.value_and_delta(y_i, out_i, logits, w_i)
            deltas.append(delta if weight == 1.0 else delta * weight)
        else:
            value = output_loss.value(y_i, out_i, logits, w_i)
        total += weight * value
        parts.append(value)
    fused = [output_loss is not None and output_loss.fused for output_loss in bound] if with_deltas else None
    return total, (parts if count > 1 else None), (deltas if with_deltas else None), fused


def loss_value(model, x, y, training=False, sample_weight=None):
    """Return the compiled loss of the batch plus the penalties, without gradients."""
    output = model.forward(x, training)
    return output_losses(model, y, output, sample_weight)[0] + model.regularization_penalty()


def loss_and_gradients(model, x, y, training=False, input_gradient=False, sample_weight=None):
    """Forward pass, loss and backward pass on one batch of a compiled model.

    The gradients of (loss + penalties) land in each layer's ``grads``. The loss is
    the batch mean, or sum(w * loss) / B with sample weights w of shape (B,); with
    several outputs, the weighted sum of their losses.

    Returns:
        (loss including penalties, the output(s), dL/dx or None, the per-output losses
        or None with one output).
    """
    output = model.forward(x, training)
    value, parts, deltas, fused = output_losses(model, y, output, sample_weight, with_deltas=True)
    input_grad = model._backward_from_outputs(deltas, fused, input_gradient)
    return value + model.regularization_penalty(), output, input_grad, parts
