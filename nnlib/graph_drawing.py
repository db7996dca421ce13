"""Diagrams of small networks and of one neuron's computational graph, with their numbers.

Taught in Part 3, "Forward propagation" (a 2-2-1 network with its weights and the values
that flow through it) and "Backpropagation" (the same network with its gradients, and
the computational graph of one neuron, forward values above each edge and gradients below).

Two kinds of figure:

- ``draw_weighted_network(weights, ...)``: a layered network, one circle per neuron, one line
  per weight, labelled with its number (``nnlib.diagrams.draw_network`` draws the structure
  alone, from the layer sizes). The layer sizes come from the weight matrices, W of shape
  (n_in, n_out) as in ``Dense``. Nodes can show values (inputs, activations), lines can show the weights or any
  array of the same shapes (for example dL/dW).
- ``draw_neuron_graph(x, w, b, y, ...)``: the computational graph of
  L = (f(w x + b) - y)^2 for one neuron with one input. ``neuron_graph_values`` computes the
  numbers it shows: every intermediate value of the forward pass and the derivative of L
  with respect to it, by the chain rule.

matplotlib is imported inside the functions, so ``import nnlib`` does not need it.
"""

import numpy as np

from . import activations, errors

__all__ = ["draw_weighted_network", "neuron_graph_values", "draw_neuron_graph"]

NETWORK_SIZE = (7.0, 4.0)  # inches
NEURON_GRAPH_SIZE = (9.0, 3.6)
_DIAGRAM_AXES = (0.01, 0.01, 0.98, 0.88)  # left, bottom, width, height; the title sits above


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


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
    if ax is None:
        fig = plt.figure(figsize=NETWORK_SIZE)
        ax = fig.add_axes(_DIAGRAM_AXES)  # a fixed frame: faster than a layout engine
    else:
        fig = ax.figure
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
    f = activations.get(activation)
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
    if ax is None:
        fig = plt.figure(figsize=NEURON_GRAPH_SIZE)
        ax = fig.add_axes(_DIAGRAM_AXES)  # a fixed frame: faster than a layout engine
    else:
        fig = ax.figure
    f_name = activations.get(activation).name
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
