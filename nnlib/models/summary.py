"""``model.summary()``: a table of layers, output shapes and parameter counts.

Taught in Part 4, "The same network with nnlib" (counting parameters: a Dense layer
has n_in * units weights plus units biases).

The table looks like Keras's (plain ASCII, so it reads the same in a terminal, a
notebook and on the book's pages)::

    Model: "sequential"
    _________________________________________________________________
     Layer (type)                Output Shape              Param #
    =================================================================
     dense (Dense)               (None, 32)                2,080
     dense_1 (Dense)             (None, 10)                330
    =================================================================
    Total params: 2,410 (9.41 KB)
    Trainable params: 2,410 (9.41 KB)
    Non-trainable params: 0 (0.00 B)
    _________________________________________________________________
"""

_COLUMNS = (0.45, 0.85, 1.0)  # where each column ends, as a fraction of the line


def format_bytes(n_bytes):
    """Return e.g. "9.41 KB" (1 KB = 1024 bytes, as Keras prints)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} GB"


def _row(fields, line_length):
    stops = [int(line_length * fraction) for fraction in _COLUMNS]
    line, start = "", 0
    for field, stop in zip(fields, stops):
        cell = " " + str(field)
        line += cell[: stop - start - 1].ljust(stop - start)
        start = stop
    return line.rstrip()


def summary_lines(model, line_length=None):
    """Return the lines of the summary table of ``model``."""
    line_length = line_length or 65
    lines = [f'Model: "{model.name}"', "_" * line_length]
    lines.append(_row(("Layer (type)", "Output Shape", "Param #"), line_length))
    lines.append("=" * line_length)
    total_params = total_bytes = 0
    for layer in model.layers:
        kind = type(layer).__name__
        if layer.built:
            count = layer.count_params()
            total_params += count
            total_bytes += sum(p.nbytes for p in layer.params.values())
            row = (f"{layer.name} ({kind})", layer.output_shape, f"{count:,}")
        else:
            row = (f"{layer.name} ({kind})", "?", "0 (unbuilt)")
        lines.append(_row(row, line_length))
    lines.append("=" * line_length)
    bytes_text = format_bytes(total_bytes)
    lines.append(f"Total params: {total_params:,} ({bytes_text})")
    lines.append(f"Trainable params: {total_params:,} ({bytes_text})")
    lines.append(f"Non-trainable params: 0 ({format_bytes(0)})")
    lines.append("_" * line_length)
    if not model.built:
        lines.append(
            "The model is not built yet: give the first layer input_shape=(n_features,), call "
            "model.build((None, n_features)) or fit it, to see its shapes and weights."
        )
    return lines


def print_summary(model, line_length=None, print_fn=None):
    """Print the summary of ``model`` line by line with ``print_fn`` (default: print)."""
    print_fn = print_fn or print
    for line in summary_lines(model, line_length):
        print_fn(line)


