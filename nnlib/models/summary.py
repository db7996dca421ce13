"""``model.summary()``: a table of layers, output shapes and parameter counts.

Taught in Part 4, "The same network with nnlib" (counting parameters: a Dense layer
has n_in * units weights plus units biases).

The table is drawn as Keras 3 draws it, with box-drawing characters::

    Model: "sequential"
    ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
    ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
    ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
    │ dense (Dense)                   │ (None, 32)             │         2,080 │
    ├─────────────────────────────────┼────────────────────────┼───────────────┤
    │ dense_1 (Dense)                 │ (None, 10)             │           330 │
    └─────────────────────────────────┴────────────────────────┴───────────────┘
     Total params: 2,410 (9.41 KB)
     Trainable params: 2,410 (9.41 KB)
     Non-trainable params: 0 (0.00 B)

A cell too long for its column wraps onto the next line, as in Keras. A Functional model
whose graph is not a plain chain (several inputs or outputs, a branch, a merge) gets a
fourth column, "Connected to", naming the layers each layer reads from, as
``dense[0][0]`` (Keras's [node][tensor] indices; nnlib uses every layer once, so both
are 0). Its Input layers are listed, as in Keras.
"""

import textwrap

_WIDTHS = (33, 24, 15)  # Keras 3's column widths (between the borders) for a Sequential model
_GRAPH_WIDTHS = (21, 19, 12, 19)  # and with the "Connected to" column
_ALIGN = ("left", "left", "right", "left")


def format_bytes(n_bytes):
    """Return e.g. "9.41 KB" (1 KB = 1024 bytes, as Keras prints)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} GB"


def _column_widths(line_length, defaults=_WIDTHS):
    """Keras's widths, or widths in the same proportions for a table ``line_length`` wide."""
    if line_length is None:
        return defaults
    columns = len(defaults)
    inner = max(line_length - columns - 1, columns * 8)  # the borders; at least 8 per column
    total = sum(defaults)
    widths = [max(8, inner * w // total) for w in defaults[:-1]]
    return (*widths, inner - sum(widths))


def _border(left, fill, middle, right, widths):
    return left + middle.join(fill * width for width in widths) + right


def _row(cells, widths, side="│"):
    """The lines of one table row: each cell wrapped to its column (1 space of padding)."""
    wrapped = [textwrap.wrap(str(cell), width - 2) or [""] for cell, width in zip(cells, widths)]
    lines = []
    for i in range(max(len(w) for w in wrapped)):
        parts = []
        for cell_lines, width, align in zip(wrapped, widths, _ALIGN):
            text = cell_lines[i] if i < len(cell_lines) else ""
            parts.append(" " + (text.rjust(width - 2) if align == "right" else text.ljust(width - 2)) + " ")
        lines.append(side + side.join(parts) + side)
    return lines


def _connections(layer):
    """The "Connected to" cell: the layers whose outputs ``layer`` reads, or "-"."""
    tensor = getattr(layer, "_symbolic_output", None)
    if tensor is None or not tensor.inputs:
        return "-"
    return ", ".join(f"{t.layer.name}[0][0]" for t in tensor.inputs)


def summary_lines(model, line_length=None):
    """Return the lines of the summary table of ``model``."""
    graph = getattr(model, "_graph", None)
    connected = graph is not None and not graph.is_chain()
    widths = _column_widths(line_length, _GRAPH_WIDTHS if connected else _WIDTHS)
    header = ("Layer (type)", "Output Shape", "Param #") + (("Connected to",) if connected else ())
    lines = [f'Model: "{model.name}"', _border("┏", "━", "┳", "┓", widths)]
    lines += _row(header, widths, side="┃")
    lines.append(_border("┡", "━", "╇", "┩", widths))
    trained = [0, 0]  # (numbers, bytes) of the weights fit updates
    frozen = [0, 0]  # and of the others (frozen layers, moving statistics)
    for i, layer in enumerate(model.layers):
        kind = type(layer).__name__
        if layer.built:
            count = layer.count_params()
            for totals, weights in ((trained, layer.trainable_weights), (frozen, layer.non_trainable_weights)):
                totals[0] += sum(int(w.size) for w in weights)
                totals[1] += sum(int(w.nbytes) for w in weights)
            cells = (f"{layer.name} ({kind})", layer.output_shape, f"{count:,}")
        else:
            cells = (f"{layer.name} ({kind})", "?", "0 (unbuilt)")
        if connected:
            cells += (_connections(layer),)
        if i:
            lines.append(_border("├", "─", "┼", "┤", widths))
        lines += _row(cells, widths)
    lines.append(_border("└", "─", "┴", "┘", widths))
    lines.append(f" Total params: {trained[0] + frozen[0]:,} ({format_bytes(trained[1] + frozen[1])})")
    lines.append(f" Trainable params: {trained[0]:,} ({format_bytes(trained[1])})")
    lines.append(f" Non-trainable params: {frozen[0]:,} ({format_bytes(frozen[1])})")
    if not model.built:
        lines.append(
            "The model is not built yet: give the first layer input_shape=(n_features,), call "
            "model.build((None, n_features)) or fit it, to see its shapes and weights."
        )
    return lines


def print_summary(model, line_length=None, print_fn=None):
    """Print the summary of ``model``.

    Args:
        line_length: the table's total width; Keras's column widths when None.
        print_fn: called once with the whole table as one string (as Keras 3
            calls it); ``print`` when None.
    """
    (print_fn or print)("\n".join(summary_lines(model, line_length)))
