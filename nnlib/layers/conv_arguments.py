"""The arguments and inputs that ``Conv2D`` and the pooling layers share.

Taught in Part 4, "Convolutional networks". A size in two dimensions (a kernel, a pool,
a stride, a dilation) is given as Keras takes it: one int for both axes (``3`` is
``(3, 3)``) or a pair ``(rows, columns)``. Images are channels last, as Keras stores
them by default: a batch has shape (B, H, W, C), B images of H rows and W columns with
C channels (1 for the grey 8x8 digits, 3 for colour photographs).
"""

import numbers

from .. import errors

PADDINGS = ("valid", "same")


def pair(value, name, owner):
    """Return ``value`` as a tuple of two positive ints, as Keras's ``standardize_tuple``.

    Args:
        value: an int (used for both axes) or a sequence of two ints.
        name: the argument's name, for the message ("kernel_size", "strides", ...).
        owner: the layer's class name, for the message.

    Raises:
        HyperparameterError: not two ints, or one of them is not positive (Keras's message).
    """
    message = f"{owner}: The `{name}` argument must be a tuple of 2 integers. Received {name}={value!r}"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        values = (int(value),) * 2
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise errors.HyperparameterError(message + ".") from None
        if len(values) != 2 or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                                       for v in values):
            raise errors.HyperparameterError(message + ".")
        values = tuple(int(v) for v in values)
    bad = {v for v in values if v <= 0}
    if bad:
        raise errors.HyperparameterError(
            f"{owner}: The `{name}` argument must be a tuple of 2 integers. Received {name}={values}, "
            f"including values {bad} that do not satisfy `value > 0`."
        )
    return values


def padding_name(value, owner):
    """Return ``"valid"`` or ``"same"`` (any capitalization is accepted, as in Keras).

    Raises:
        HyperparameterError: another value.
    """
    padding = value.lower() if isinstance(value, str) else value
    if padding not in PADDINGS:
        raise errors.HyperparameterError(
            f"{owner}: The `padding` argument must be one of {{'valid', 'same'}}, got {value!r}. "
            "'valid' uses no padding (the output shrinks); 'same' pads with zeros so that, with "
            "strides 1, the output has the input's height and width."
        )
    return padding


def channels_last(data_format, owner):
    """Return ``"channels_last"``; nnlib's image layers take no other layout.

    Args:
        data_format: None (Keras's default, "channels_last") or "channels_last".

    Raises:
        HyperparameterError: "channels_first" or anything else.
    """
    if data_format in (None, "channels_last"):
        return "channels_last"
    raise errors.HyperparameterError(
        f"{owner}(data_format={data_format!r}): nnlib's image layers are channels-last only, inputs of "
        "shape (batch, height, width, channels). Transpose channels-first images with "
        "x.transpose(0, 2, 3, 1)."
    )


def only_none(owner, **settings):
    """Refuse Keras settings nnlib does not have (constraints, activity regularizers, LoRA).

    Raises:
        HyperparameterError: one of ``settings`` is not None.
    """
    for key, value in settings.items():
        if value is not None:
            raise errors.HyperparameterError(
                f"{owner}({key}={value!r}): nnlib has no {key.replace('_', ' ')}s; leave {key}=None "
                "(the argument exists so that Keras's configs load)."
            )


def check_image_batch(layer, x, channels=None):
    """Check that ``x`` is a batch of images, (B, H, W, C), with ``channels`` channels if given.

    Args:
        layer: the layer receiving ``x`` (its name is in the message).
        x: the array (or a shape tuple, for ``compute_output_shape``).
        channels: the number of channels the layer was built for, or None.

    Raises:
        ShapeError: another rank, or another number of channels; the message names the
            layer, the shape expected and the shape found.
    """
    shape = tuple(x.shape) if hasattr(x, "shape") else tuple(x)
    expected = layer.input_shape if layer.built else (None, "height", "width", channels or "channels")
    if len(shape) != 4:
        hint = ""
        if len(shape) == 2:
            hint = (" Flat samples must be reshaped to images first: x.reshape(-1, height, width, channels) "
                    "(x.reshape(-1, 8, 8, 1) for the 8x8 digits) or a Reshape layer; a Flatten() layer turns "
                    "images back into vectors for Dense.")
        elif len(shape) == 3:
            hint = " A single image needs a batch axis (x[None]); grey images need a channel axis (x[..., None])."
        raise errors.ShapeError(
            f"Layer {layer.name!r} ({type(layer).__name__}) expects batches of images of shape "
            f"{_shape_text(expected)} (batch, height, width, channels: rank 4), but got inputs of shape "
            f"{_shape_text(shape)} (rank {len(shape)}).{hint}"
        )
    if channels is not None and shape[3] != channels:
        raise errors.ShapeError(
            f"Layer {layer.name!r} ({type(layer).__name__}) expects images of shape {_shape_text(expected)} "
            f"with {channels} channel(s), the number it was built for, but got inputs of shape "
            f"{_shape_text(shape)} with {shape[3]} channel(s)."
        )
    return shape


def _shape_text(shape):
    return "(" + ", ".join(str(d) for d in shape) + ")"
