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
    """The sum of the layers' regularization penalties (a float)."""
    total = 0.0
    for layer in layers:
        total += layer.regularization_penalty()
    return total


def loss_value(model, x, y, training=False, sample_weight=None):
    """Return the compiled loss of the batch plus the penalties, without gradients."""
    output_loss = model._bind_output_loss()
    output = forward(model._layers, x, training)
    logits = model._layers[-1].logits if output_loss.fused else None
    return output_loss.value(y, output, logits, sample_weight) + penalty(model._layers)


def loss_and_gradients(model, x, y, training=False, input_gradient=False, sample_weight=None):
    """Forward pass, loss and backward pass on one batch of a compiled model.

    The gradients of (loss + penalties) land in each layer's ``grads``. The loss is
    the batch mean, or sum(w * loss) / B with sample weights w of shape (B,).

    Returns:
        (loss including penalties, the output, dL/dx or None).
    """
    output_loss = model._bind_output_loss()
    layers = model._layers
    output = forward(layers, x, training)
    logits = layers[-1].logits if output_loss.fused else None
    value, delta = output_loss.value_and_delta(y, output, logits, sample_weight)
    input_grad = backward(layers, delta, output_loss.fused, input_gradient)
    return value + penalty(layers), output, input_grad
