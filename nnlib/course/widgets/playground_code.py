""""Copy as code": the playground's current settings written as an nnlib program.

Taught in Part 4, "A playground". Paste the text into a code cell: it makes the same data,
builds the same network with the same seed, and trains it with the same optimizer, so its
losses are the playground's losses. Change ``nnlib`` to ``keras`` in the imports (and the
data lines) and it is a Keras program.
"""

from .controls import format_value
from .playground_settings import recipe

__all__ = ["settings_to_code"]


def _number(value):
    """A number as Python source: ``0.03``, ``1e-05``, ``10``."""
    return repr(value) if isinstance(value, int) else repr(float(value))


def _layer_line(units, activation, regularizer):
    parts = [str(units)]
    if activation is not None:
        parts.append(f'activation="{activation}"')
    if regularizer is not None:
        name, rate = regularizer
        parts.append(f"kernel_regularizer={name}({_number(rate)})")
    return f"    Dense({', '.join(parts)}),"


def settings_to_code(settings):
    """Return nnlib code (a str) that trains the network the playground shows.

    Args:
        settings: ``PlaygroundSettings``.

    Returns:
        str: a complete program: imports, data, model, ``compile``, ``fit`` and a print of the
        final training and test losses.
    """
    r = recipe(settings)
    optimizer_class, optimizer_arguments = r.optimizer
    imports = [
        f"from nnlib.datasets import {r.data_function}, train_test_split",
        "from nnlib.layers import Dense, Input",
        "from nnlib.models import Sequential",
        f"from nnlib.optimizers import {optimizer_class}",
    ]
    if r.regularizer is not None:
        imports.append(f"from nnlib.regularizers import {r.regularizer[0]}")
    if r.one_hot:
        imports.append("from nnlib.utils import to_categorical")

    data_arguments = ", ".join(
        f"{k}={_number(v) if not isinstance(v, str) else repr(v)}" for k, v in r.data_arguments.items()
    )
    lines = [f"# Playground settings as code: {settings.info.label}, hidden layers {settings.hidden}, "
             f"{settings.activation}, {settings.optimizer}, learning rate {format_value(settings.learning_rate)}"]
    lines += imports
    lines += ["", f"x, y = {r.data_function}({data_arguments})"]
    if r.centre:
        lines.append(f"x = x - {_number(r.centre)}  # centre the data on the origin")
    if r.one_hot:
        lines.append("y = to_categorical(y)  # one-hot rows: the squared error compares k outputs")
    lines.append(
        f"x_train, x_test, y_train, y_test = train_test_split(x, y, test_size={_number(r.test_size)}, "
        f"seed={settings.seed})"
    )
    lines += ["", "model = Sequential(["]
    lines.append(f"    Input(shape=({2},)),")
    for units, activation in r.layers:
        lines.append(_layer_line(units, activation, r.regularizer))
    lines.append(f"], seed={settings.seed})")
    optimizer_text = ", ".join(f"{k}={_number(v)}" for k, v in optimizer_arguments.items())
    metrics = f", metrics={list(r.metrics)!r}".replace("'", '"') if r.metrics else ""
    lines.append(f'model.compile(optimizer={optimizer_class}({optimizer_text}), loss="{r.loss}"{metrics})')
    lines.append(
        f"history = model.fit(x_train, y_train, batch_size={settings.batch_size}, epochs={settings.epochs},"
    )
    lines.append("                    validation_data=(x_test, y_test), verbose=0)")
    lines.append(
        'print(f"train loss {history.history[\'loss\'][-1]:.4f}, '
        'test loss {history.history[\'val_loss\'][-1]:.4f}")'
    )
    return "\n".join(lines) + "\n"
