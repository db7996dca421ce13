"""Figures of networks: their structure, their numbers, and one neuron's computational graph.

One module for every picture of a network in the book (Parts 2 and 3):

- ``draw_network(layer_sizes, ...)`` (Part 2, "Neurons and layers"): the structure of a
  fully connected network given by its layer sizes, such as ``[2, 3, 1]``, with the shape
  and parameter count of every weight matrix. The count is

      parameters = sum over layers l = 1..L of  n_{l-1} * n_l  (weights)  +  n_l  (biases)

  (``count_params``, ``layer_param_counts``), which agrees with ``Sequential.count_params()``
  and Keras's ``model.count_params()`` for a stack of ``Dense`` layers.
- ``draw_weighted_network(weights, ...)`` (Part 3, "Forward propagation" and
  "Backpropagation"): a small network drawn from its weight matrices (W of shape
  (n_in, n_out), as in ``Dense``), every line labelled with its weight or with any array
  of the same shapes (for example dL/dW), every circle with a value.
- ``draw_neuron_graph(x, w, b, y, ...)`` (Part 3, "Backpropagation"): the computational
  graph of L = (f(w x + b) - y)^2 for one neuron with one input, forward values above each
  edge and gradients below; ``neuron_graph_values`` computes those numbers by the chain rule.

matplotlib is imported inside the drawing functions: importing this module does not load it.
"""


import numbers

import numpy as np

from nnlib import activations as activation_functions
from nnlib import errors

__all__ = [
    "layer_param_counts",
    "count_params",
    "layer_sizes_of",
    "draw_network",
    "draw_weighted_network",
    "neuron_graph_values",
    "draw_neuron_graph",
]

NETWORK_SIZE = (7.0, 4.0)  # inches: the figures of draw_network and draw_weighted_network
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


# ----- networks drawn with their numbers, and one neuron's graph (Part 3) -----
NEURON_GRAPH_SIZE = (9.0, 3.6)
_DIAGRAM_AXES = (0.01, 0.01, 0.98, 0.88)  # left, bottom, width, height; the title sits above


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def _diagram_figure(ax, size):
    """Return (figure, axes): the given Axes and its figure, or a new figure of ``size`` inches
    with one axes in a fixed frame (faster than a layout engine)."""
    if ax is not None:
        return ax.figure, ax
    fig = _pyplot().figure(figsize=size)
    return fig, fig.add_axes(_DIAGRAM_AXES)


def _layer_sizes(weights):
    """Return [n_0, n_1, ..., n_L] from weight matrices W_l of shape (n_{l-1}, n_l)."""
    if not weights:
        raise errors.ShapeError("draw_weighted_network needs at least one weight matrix, e.g. [W1, W2].")
    sizes = []
    for index, matrix in enumerate(weights):
        shape = np.shape(matrix)
        if len(shape) != 2:
            raise errors.ShapeError(
                f"draw_weighted_network: weights[{index}] must be a matrix of shape (n_in, n_out), got shape {shape}."
            )
        if sizes and sizes[-1] != shape[0]:
            raise errors.ShapeError(
                f"draw_weighted_network: weights[{index}] has shape {shape}, but the layer before has "
                f"{sizes[-1]} units; its first axis must be {sizes[-1]}."
            )
        if not sizes:
            sizes.append(shape[0])
        sizes.append(shape[1])
    return sizes


def _check_per_layer(name, arrays, sizes):
    """Check a list of 1-D arrays, one per layer of ``sizes``; return them flattened."""
    if len(arrays) != len(sizes):
        raise errors.ShapeError(
            f"draw_weighted_network: {name} needs one array per layer ({len(sizes)}: the inputs, then each "
            f"layer's units), got {len(arrays)}."
        )
    out = []
    for index, (values, size) in enumerate(zip(arrays, sizes)):
        if values is None:
            out.append(None)
            continue
        values = np.asarray(values, dtype=float).ravel()
        if values.size != size:
            raise errors.ShapeError(
                f"draw_weighted_network: {name}[{index}] has {values.size} values, layer {index} has {size} units."
            )
        out.append(values)
    return out


def draw_weighted_network(weights, node_values=None, biases=None, edge_values=None, layer_names=None,
                 title="A small network", edge_label="w", fmt="{:.2f}", ax=None):
    """Draw a layered network with its weights (or gradients) and node values.

    Args:
        weights: list of weight matrices, W_l of shape (n_{l-1}, n_l) (``Dense``'s kernel).
        node_values: optional list with one 1-D array per layer (the inputs, then each
            layer's activations), written inside the circles; None entries are left blank.
        biases: optional list with one 1-D array per layer after the inputs, written under
            each circle as "b=...".
        edge_values: optional arrays of the weights' shapes written on the lines instead of
            the weights (for example the gradients dL/dW). Line width follows their size,
            colour their sign (blue positive, red negative).
        layer_names: optional names under each column, e.g. ["input x", "hidden", "output"].
        title: the figure's title.
        edge_label: the symbol before each number on a line ("w", "dL/dw", ...).
        fmt: format of every number.
        ax: an existing matplotlib Axes to draw into; by default a new figure of
            ``NETWORK_SIZE`` inches.

    Returns:
        The matplotlib ``Figure``.

    Raises:
        ShapeError: the matrices do not chain, or values do not match the layer sizes.
    """
    sizes = _layer_sizes(weights)
    labels = [np.asarray(m, dtype=float) for m in (weights if edge_values is None else edge_values)]
    if len(labels) != len(weights) or any(l.shape != np.shape(w) for l, w in zip(labels, weights)):
        raise errors.ShapeError("draw_weighted_network: edge_values must have one array per weight matrix, of the same shapes.")
    node_values = _check_per_layer("node_values", node_values, sizes) if node_values is not None else [None] * len(sizes)
    if biases is not None:
        biases = [None] + _check_per_layer("biases", biases, sizes[1:])
    else:
        biases = [None] * len(sizes)
    if layer_names is not None and len(layer_names) != len(sizes):
        raise errors.ShapeError(f"draw_weighted_network: layer_names needs {len(sizes)} names, got {len(layer_names)}.")

    plt = _pyplot()
    fig, ax = _diagram_figure(ax, NETWORK_SIZE)
    gap_x, gap_y, radius = 3.0, 1.6, 0.42
    tallest = max(sizes)

    def position(layer, unit):
        return layer * gap_x, (sizes[layer] - 1) / 2 * gap_y - unit * gap_y

    largest = max(float(np.max(np.abs(l))) for l in labels) or 1.0
    for layer, matrix in enumerate(labels):
        for i in range(sizes[layer]):
            for j in range(sizes[layer + 1]):
                (x0, y0), (x1, y1) = position(layer, i), position(layer + 1, j)
                value = matrix[i, j]
                colour = "C0" if value >= 0 else "C3"
                ax.plot([x0, x1], [y0, y1], color=colour, linewidth=0.6 + 3.0 * abs(value) / largest,
                        alpha=0.7, zorder=1)
                # the label sits a third of the way along the line, where lines are apart
                t = 0.30 if sizes[layer + 1] > 1 else 0.55
                lx, ly = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                ax.text(lx, ly, f"{edge_label}={fmt.format(value)}", ha="center", va="center", fontsize=8,
                        color=colour, zorder=3,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9))
    for layer, size in enumerate(sizes):
        for unit in range(size):
            x, y = position(layer, unit)
            face = "#e8f0fe" if layer == 0 else ("#fff4e0" if layer == len(sizes) - 1 else "#eaf7ea")
            ax.add_patch(plt.Circle((x, y), radius, facecolor=face, edgecolor="0.25", linewidth=1.2, zorder=2))
            values = node_values[layer]
            if values is not None:
                ax.text(x, y, fmt.format(values[unit]), ha="center", va="center", fontsize=9, zorder=4)
            if biases[layer] is not None:
                ax.text(x, y - radius - 0.18, f"b={fmt.format(biases[layer][unit])}", ha="center", va="top",
                        fontsize=8, color="0.3", zorder=4)
        if layer_names is not None:
            ax.text(layer * gap_x, -(tallest - 1) / 2 * gap_y - 1.05, layer_names[layer], ha="center", va="top",
                    fontsize=9, color="0.2")
    ax.set_xlim(-0.9, (len(sizes) - 1) * gap_x + 0.9)
    ax.set_ylim(-(tallest - 1) / 2 * gap_y - 1.5, (tallest - 1) / 2 * gap_y + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    return fig


def neuron_graph_values(x, w, b, y, activation="sigmoid"):
    """The forward values and gradients of L = (f(w x + b) - y)^2, one neuron, one input.

    The forward pass goes through u = w x, z = u + b, a = f(z), L = (a - y)^2. The
    backward pass applies the chain rule from L back to every input:

    - dL/da = 2 (a - y)
    - dL/dz = dL/da * f'(z)          (f' at the pre-activation z)
    - dL/du = dL/db = dL/dz          (an addition passes the gradient on unchanged)
    - dL/dw = dL/du * x, dL/dx = dL/du * w   (a product swaps its inputs)

    Args:
        x, w, b, y: numbers: the input, the weight, the bias, the target.
        activation: an elementwise nnlib activation name ("sigmoid", "tanh", "relu", "linear").

    Returns:
        dict with the forward values "x", "w", "b", "y", "u", "z", "a", "L" and the
        gradients "dL/dx", "dL/dw", "dL/db", "dL/du", "dL/dz", "dL/da", as floats.
    """
    f = activation_functions.get(activation)
    x, w, b, y = (float(v) for v in (x, w, b, y))
    u = w * x
    z = u + b
    a = float(f(np.float64(z)))
    loss = (a - y) ** 2
    grad_a = 2 * (a - y)
    grad_z = grad_a * float(f.derivative(np.float64(z)))
    return {
        "x": x, "w": w, "b": b, "y": y, "u": u, "z": z, "a": a, "L": loss,
        "dL/da": grad_a, "dL/dz": grad_z, "dL/du": grad_z, "dL/db": grad_z,
        "dL/dw": grad_z * x, "dL/dx": grad_z * w,
    }


def draw_neuron_graph(x, w, b, y, activation="sigmoid", title=None, fmt="{:.3f}", ax=None):
    """Draw the computational graph of L = (f(w x + b) - y)^2 with its numbers.

    Each edge carries a value: the forward value in blue above it, the gradient
    dL/d(value) in red below it (the numbers of ``neuron_graph_values``).

    Args:
        x, w, b, y: the input, the weight, the bias and the target.
        activation: an elementwise nnlib activation name.
        title: the figure's title; by default it names the loss.
        fmt: format of every number.
        ax: an existing Axes; by default a new figure of ``NEURON_GRAPH_SIZE`` inches.

    Returns:
        The matplotlib ``Figure``.
    """
    v = neuron_graph_values(x, w, b, y, activation)
    plt = _pyplot()
    fig, ax = _diagram_figure(ax, NEURON_GRAPH_SIZE)
    f_name = activation_functions.get(activation).name
    ops = {"mul": (2.2, 1.0, "×"), "add": (4.4, 1.0, "+"), "f": (6.6, 1.0, f_name), "loss": (8.8, 1.0, "(a-y)²")}
    leaves = {"x": (0.0, 2.2), "w": (0.0, -0.2), "b": (2.6, -0.8), "y": (7.0, -0.8)}
    end = (10.8, 1.0)
    edges = [  # (start, end, the value's name on this edge)
        (leaves["x"], ops["mul"], "x"), (leaves["w"], ops["mul"], "w"),
        (ops["mul"][:2], ops["add"], "u"), (leaves["b"], ops["add"], "b"),
        (ops["add"][:2], ops["f"], "z"), (ops["f"][:2], ops["loss"], "a"),
        (leaves["y"], ops["loss"], "y"), (ops["loss"][:2], end, "L"),
    ]
    for (x0, y0), stop, name in edges:
        x1, y1 = stop[0], stop[1]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="-|>", color="0.35", linewidth=1.2, shrinkA=16, shrinkB=18))
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        ax.text(mx, my + 0.16, f"{name} = {fmt.format(v[name])}", ha="center", va="bottom", fontsize=9, color="C0",
                bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.85))
        grad = 1.0 if name == "L" else (None if name == "y" else v[f"dL/d{name}"])
        if grad is not None:
            ax.text(mx, my - 0.16, f"dL/d{name} = {fmt.format(grad)}", ha="center", va="top", fontsize=9,
                    color="C3", bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.85))
    for px, py, label in ops.values():
        ax.add_patch(plt.Circle((px, py), 0.42, facecolor="#fff4e0", edgecolor="0.25", linewidth=1.2, zorder=3))
        ax.text(px, py, label, ha="center", va="center", fontsize=9 if len(label) > 2 else 13, zorder=4)
    for name, (px, py) in leaves.items():
        ax.add_patch(plt.Rectangle((px - 0.3, py - 0.3), 0.6, 0.6, facecolor="#e8f0fe", edgecolor="0.25", zorder=3))
        ax.text(px, py, name, ha="center", va="center", fontsize=12, zorder=4)
    ax.text(end[0] + 0.1, end[1], "L", ha="left", va="center", fontsize=13)
    ax.text(0.0, -1.6, "blue: forward value   red: gradient dL/d(value), computed backwards from L",
            ha="left", va="center", fontsize=9, color="0.3")
    ax.set_xlim(-0.6, 11.5)
    ax.set_ylim(-1.85, 2.8)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or f"Computational graph of L = ({f_name}(w x + b) - y)²")
    return fig
