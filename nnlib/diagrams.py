"""Diagrams of fully connected networks, and their parameter counts.

Taught in Part 2, "Neurons and layers": a network given by its layer sizes, such as
``[2, 3, 1]`` (2 inputs, a hidden layer of 3 neurons, 1 output neuron), is drawn as
circles and connections, and its parameters are counted with the formula

    parameters = sum over layers l = 1..L of  n_{l-1} * n_l  (weights)  +  n_l  (biases)

which agrees with ``Sequential.count_params()`` (and Keras's ``model.count_params()``)
for a stack of ``Dense`` layers.

matplotlib is imported inside ``draw_network``, so ``import nnlib`` does not need it.
"""

import numbers

from . import errors

__all__ = ["layer_param_counts", "count_params", "layer_sizes_of", "draw_network"]

NETWORK_SIZE = (7.0, 4.0)  # inches: the figure of draw_network
MAX_DRAWN_UNITS = 8  # a larger layer is drawn as its first units, a gap, and its last unit


def _check_sizes(layer_sizes):
    """Return ``layer_sizes`` as a list of ints, or raise a clear error."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__iter__"):
        raise errors.HyperparameterError(
            f"layer_sizes must be a list of layer widths such as [2, 3, 1], got {layer_sizes!r}."
        )
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise errors.HyperparameterError(
            f"layer_sizes needs at least two entries (the inputs and the output layer), got {sizes}."
        )
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
            raise errors.HyperparameterError(
                f"every layer size must be a positive int, got {size!r} in {sizes}."
            )
    return [int(size) for size in sizes]


def layer_param_counts(layer_sizes, use_bias=True):
    """Return the number of parameters of each layer after the input.

    Args:
        layer_sizes: the widths ``[n_0, n_1, ..., n_L]``: ``n_0`` inputs, then the
            number of neurons of each layer.
        use_bias: whether each layer has a bias vector (``Dense(use_bias=True)``, the
            default in Keras and nnlib).

    Returns:
        A list of L ints: ``n_{l-1} * n_l + n_l`` (or ``n_{l-1} * n_l`` without bias).

    Raises:
        HyperparameterError: fewer than two sizes, or a size that is not a positive int.
    """
    sizes = _check_sizes(layer_sizes)
    return [n_in * n_out + (n_out if use_bias else 0) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def count_params(layer_sizes, use_bias=True):
    """Return the total number of weights and biases of a fully connected network.

    Example: ``count_params([2, 3, 1])`` is (2*3 + 3) + (3*1 + 1) = 13.

    Args:
        layer_sizes: the widths ``[n_0, n_1, ..., n_L]`` (see ``layer_param_counts``).
        use_bias: whether the layers have biases. Defaults to True.

    Returns:
        An int, equal to ``Sequential.count_params()`` for the same stack of Dense layers.
    """
    return sum(layer_param_counts(layer_sizes, use_bias=use_bias))


def layer_sizes_of(model):
    """Return ``[n_inputs, units_1, ..., units_L]`` of a built model of Dense layers.

    Args:
        model: a built nnlib ``Sequential`` (or Keras model) whose layers with weights
            are Dense layers (a ``kernel`` of shape (n_in, n_out)).

    Returns:
        A list of ints, ready for ``draw_network`` and ``count_params``.

    Raises:
        HyperparameterError: the model has no Dense layer, or is not built.
    """
    if any(getattr(layer, "built", True) is False for layer in model.layers):
        raise errors.HyperparameterError(
            "layer_sizes_of needs a built model: give the first layer input_shape=..., or "
            "call the model on data first."
        )
    kernels = []
    for layer in model.layers:
        try:
            kernels.append(layer.kernel)
        except (AttributeError, KeyError):  # a layer without weights (Activation, Dropout, ...)
            continue
    if not kernels:
        raise errors.HyperparameterError(
            "layer_sizes_of needs a built model with at least one Dense layer; build it first "
            "(give the first layer input_shape=..., or call the model on data)."
        )
    shapes = [tuple(kernel.shape) for kernel in kernels]
    return [int(shapes[0][0])] + [int(shape[1]) for shape in shapes]


def _drawn_units(n, max_units):
    """Which units of a layer of n are drawn: all, or the first ones, a gap (None), the last."""
    if n <= max_units:
        return list(range(n))
    return list(range(max_units - 2)) + [None, n - 1]


def draw_network(layer_sizes, activations=None, use_bias=True, max_units=MAX_DRAWN_UNITS, ax=None,
                 title=None):
    """Draw a fully connected network: one column of neurons per layer, every connection a line.

    Below each column: the layer's role (input, hidden, output), its width and its
    activation; between two columns: the shape of the weight matrix and the layer's
    parameter count. A layer wider than ``max_units`` is drawn as its first units, a
    vertical ellipsis, and its last unit.

    Args:
        layer_sizes: the widths ``[n_0, n_1, ..., n_L]``; ``n_0`` is the number of inputs.
        activations: None, or one activation name per layer after the input (L names),
            written under the columns.
        use_bias: whether the layers have biases (changes the counts). Defaults to True.
        max_units: the most circles drawn per layer (at least 3). Defaults to 8.
        ax: a matplotlib Axes to draw into. Defaults to a new 7 x 4 inch figure.
        title: the title. Defaults to "A 2-3-1 network: 13 parameters".

    Returns:
        The matplotlib ``Figure`` (its axes are turned off: it is a diagram).

    Raises:
        HyperparameterError: bad sizes, a wrong number of activations, or max_units < 3.
    """
    sizes = _check_sizes(layer_sizes)
    counts = layer_param_counts(sizes, use_bias=use_bias)
    if activations is not None:
        activations = [str(a) for a in activations]
        if len(activations) != len(sizes) - 1:
            raise errors.HyperparameterError(
                f"give one activation per layer after the input: {len(sizes) - 1} for {sizes}, "
                f"got {len(activations)}."
            )
    if isinstance(max_units, bool) or not isinstance(max_units, numbers.Integral) or max_units < 3:
        raise errors.HyperparameterError(f"max_units must be an int >= 3, got {max_units!r}.")

    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    if ax is None:
        fig, ax = plt.subplots(figsize=NETWORK_SIZE)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92)  # a diagram: no tick labels
    else:
        fig = ax.figure
    n_layers = len(sizes)
    xs = [float(i) for i in range(n_layers)]
    tallest = min(max(sizes), max_units)

    positions = []  # per layer: list of (y, unit index or None for the gap)
    for n in sizes:
        drawn = _drawn_units(n, max_units)
        top = (len(drawn) - 1) / 2
        positions.append([(top - k, unit) for k, unit in enumerate(drawn)])
    scale = 2.2 / max(tallest - 1, 1)  # vertical spacing: the tallest column spans y = -1.1 .. 1.1
    # Markers are sized in points (circles stay round whatever the axes' aspect): at most 70%
    # of the spacing between two units (about 0.8 inch per unit of y), and 30 points.
    diameter = min(30.0, 0.7 * scale * 0.8 * 72)

    # Connections first, so the circles cover their ends: one LineCollection per pair of
    # layers (drawing hundreds of separate lines is slow).
    for layer in range(n_layers - 1):
        left = [y for y, unit in positions[layer] if unit is not None]
        right = [y for y, unit in positions[layer + 1] if unit is not None]
        alpha = max(0.12, min(0.6, 6.0 / (len(left) * len(right))))
        segments = [[(xs[layer], y0 * scale), (xs[layer + 1], y1 * scale)] for y0 in left for y1 in right]
        ax.add_collection(LineCollection(segments, colors="0.45", linewidths=0.7, alpha=alpha, zorder=1))
        rows, cols = sizes[layer], sizes[layer + 1]
        bias_text = f" + b ({cols})" if use_bias else ""
        ax.text((xs[layer] + xs[layer + 1]) / 2, 1.42, f"W {rows}x{cols}{bias_text}\n{counts[layer]:,} params",
                ha="center", va="bottom", fontsize=8, color="#d62728")

    colors = ["#c7e9c0"] + ["#dbe9f6"] * (n_layers - 2) + ["#fdd0a2"]
    for layer, column in enumerate(positions):
        ys = [y * scale for y, unit in column if unit is not None]
        ax.scatter([xs[layer]] * len(ys), ys, s=diameter ** 2, color=colors[layer], edgecolors="0.2",
                   linewidths=1, zorder=2)
        for y, unit in column:
            if unit is None:
                ax.text(xs[layer], y * scale, "\u22ee", ha="center", va="center", fontsize=14, zorder=3)
        n = sizes[layer]
        if layer == 0:
            role, detail = "input", f"{n} feature{'s' if n != 1 else ''}"
        else:
            role = "output" if layer == n_layers - 1 else f"hidden {layer}"
            detail = f"{n} neuron{'s' if n != 1 else ''}"
            if activations is not None:
                detail += f"\n{activations[layer - 1]}"
        ax.text(xs[layer], -1.42, f"{role}\n{detail}", ha="center", va="top", fontsize=9)

    ax.set_xlim(-0.6, n_layers - 0.4)
    ax.set_ylim(-2.1, 1.9)
    ax.set_aspect("auto")
    ax.set_axis_off()  # a diagram: no axes to label
    total = sum(counts)
    if title is None:
        title = f"A {'-'.join(str(n) for n in sizes)} network: {total:,} parameters"
    ax.set_title(title)
    return fig
