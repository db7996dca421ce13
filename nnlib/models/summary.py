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

A cell too long for its column wraps onto the next line, as in Keras.
"""

import textwrap

_WIDTHS = (33, 24, 15)  # Keras 3's column widths (between the borders) for a Sequential model
_ALIGN = ("left", "left", "right")


def format_bytes(n_bytes):
    """Return e.g. "9.41 KB" (1 KB = 1024 bytes, as Keras prints)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} GB"


def _column_widths(line_length):
    """Keras's widths, or widths in the same proportions for a table ``line_length`` wide."""
    if line_length is None:
        return _WIDTHS
    inner = max(line_length - 4, 3 * 8)  # 4 border characters; at least 8 per column
    total = sum(_WIDTHS)
    widths = [max(8, inner * w // total) for w in _WIDTHS[:2]]
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


def summary_lines(model, line_length=None):
    """Return the lines of the summary table of ``model``."""
    widths = _column_widths(line_length)
    lines = [f'Model: "{model.name}"', _border("┏", "━", "┳", "┓", widths)]
    lines += _row(("Layer (type)", "Output Shape", "Param #"), widths, side="┃")
    lines.append(_border("┡", "━", "╇", "┩", widths))
    total_params = total_bytes = 0
    for i, layer in enumerate(model.layers):
        kind = type(layer).__name__
        if layer.built:
            count = layer.count_params()
            total_params += count
            total_bytes += sum(p.nbytes for p in layer.params.values())
            cells = (f"{layer.name} ({kind})", layer.output_shape, f"{count:,}")
        else:
            cells = (f"{layer.name} ({kind})", "?", "0 (unbuilt)")
        if i:
            lines.append(_border("├", "─", "┼", "┤", widths))
        lines += _row(cells, widths)
    lines.append(_border("└", "─", "┴", "┘", widths))
    bytes_text = format_bytes(total_bytes)
    lines.append(f" Total params: {total_params:,} ({bytes_text})")
    lines.append(f" Trainable params: {total_params:,} ({bytes_text})")
    lines.append(f" Non-trainable params: 0 ({format_bytes(0)})")
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
