"""The book's standard figures: training curves, decision boundaries, activations, digits.

Used in Part 2 ("Activation functions": ``plot_activation``), Part 4 ("XOR with nnlib",
"Real data: the 8x8 digits" and the playground: ``plot_history``,
``plot_decision_boundary``, ``plot_digits``), Part 6 (learning curves, misclassified
digits) and Part 4, "Overfitting and regularization" (training versus validation loss).

Every function builds one matplotlib figure of a fixed size, with a title and labelled
axes, and returns the ``Figure``; none calls ``plt.show()``, so they work the same in a
notebook, in a script and in tests (with the non-interactive "Agg" backend). In Jupyter
the figure appears when the cell ends, as any pyplot figure does; assign the result
(``fig = plot_history(history)``) so that it is not displayed a second time as the cell's
value. ``plot_decision_boundary`` and ``plot_activation`` also draw into an existing
``ax`` when given one, to combine several plots in one figure.

matplotlib is imported inside the functions, so ``import nnlib`` does not need it.
"""

import inspect
import math
from collections.abc import Mapping

import numpy as np

from nnlib import errors

__all__ = ["plot_history", "plot_decision_boundary", "plot_activation", "plot_digits"]

HISTORY_PANEL_SIZE = (4.5, 3.5)  # inches, one panel per metric
DECISION_BOUNDARY_SIZE = (5.5, 4.5)
ACTIVATION_SIZE = (5.0, 3.5)
DIGIT_CELL_SIZE = (1.1, 1.4)  # inches per digit shown

_NOT_METRICS = ("learning_rate", "lr")  # recorded by some callbacks; plotted only when asked for


def _pyplot():
    """Import pyplot on first use (it takes about a second and needs matplotlib installed)."""
    import matplotlib.pyplot as plt

    return plt


# ----------------------------------------------------------------------------------------
# Training curves
# ----------------------------------------------------------------------------------------


def plot_history(history, metrics=None, title="Training history"):
    """Plot the loss and metrics per epoch, training and validation side by side.

    One panel per metric (loss first), each with the training curve and, when the history
    has it, the validation curve (``val_<name>``). A validation loss that rises while the
    training loss keeps falling is the sign of overfitting.

    Args:
        history: the ``History`` returned by ``model.fit`` (nnlib or Keras), or its
            ``.history`` dict mapping names such as ``"loss"``, ``"accuracy"``,
            ``"val_loss"`` to one value per epoch.
        metrics: the names to plot (a name or a list), e.g. ``["loss"]``. Defaults to every
            recorded name except the ``val_`` ones and the learning rate.
        title: the figure's title. Defaults to "Training history".

    Returns:
        The matplotlib ``Figure``: ``len(metrics)`` panels of 4.5 x 3.5 inches, x axis
        "epoch" (1, 2, ...), y axis the metric's name.

    Raises:
        DataError: ``history`` is neither a History nor a dict, or it recorded nothing.
        UnknownNameError: a name in ``metrics`` was not recorded (the message lists those that were).
    """
    logs = history.history if hasattr(history, "history") else history
    if not isinstance(logs, Mapping):
        raise errors.DataError(
            f"plot_history expects the History returned by fit() or its .history dict, got {type(history).__name__}."
        )
    recorded = [name for name in logs if not str(name).startswith("val_")]
    if not recorded or not any(len(values) for values in logs.values()):
        raise errors.DataError("The history is empty: train for at least one epoch before plotting it.")
    if metrics is None:
        metrics = [name for name in recorded if name not in _NOT_METRICS]
        metrics.sort(key=lambda name: name != "loss")  # loss first, the others in recorded order
    elif isinstance(metrics, str):
        metrics = [metrics]
    for name in metrics:
        if name not in logs:
            raise errors.unknown_name_error("metric", name, recorded)

    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    width, height = HISTORY_PANEL_SIZE
    fig, axes = plt.subplots(
        1, len(metrics), figsize=(width * len(metrics), height), squeeze=False, layout="constrained"
    )
    for ax, name in zip(axes[0], metrics):
        for key, label, style in ((name, "training", "-"), (f"val_{name}", "validation", "--")):
            if key in logs and len(logs[key]):
                values = np.asarray(logs[key], dtype=np.float64)
                ax.plot(np.arange(1, len(values) + 1), values, style, marker="o", markersize=3, label=label)
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    return fig


# ----------------------------------------------------------------------------------------
# Decision boundary of a 2-D model
# ----------------------------------------------------------------------------------------


def _predict(model, x):
    """``model.predict(x)`` without a progress bar (Keras prints one unless verbose=0)."""
    predict = getattr(model, "predict", None)
    if predict is None:
        if callable(model):
            return model(x)
        raise TypeError(f"Expected a model with a predict(x) method, or a function of x; got {type(model).__name__}.")
    try:
        takes_verbose = "verbose" in inspect.signature(predict).parameters
    except (TypeError, ValueError):  # some built-in callables have no signature
        takes_verbose = False
    return predict(x, verbose=0) if takes_verbose else predict(x)


def _class_indices(labels, n_samples, name):
    """Labels as class indices, shape (n,): accepts (n,), (n, 1) and one-hot (n, k)."""
    labels = np.asarray(labels)
    if labels.ndim == 2:
        labels = labels[:, 0] if labels.shape[1] == 1 else labels.argmax(axis=1)
    if labels.ndim != 1 or len(labels) != n_samples:
        raise errors.DataError(
            f"{name} must hold one value per sample ({n_samples}), got shape {labels.shape}."
        )
    return labels


def plot_decision_boundary(
    model,
    x,
    y=None,
    ax=None,
    resolution=200,
    padding=0.5,
    regression=False,
    title=None,
    xlabel="x1",
    ylabel="x2",
):
    """Colour the input plane by what a 2-input model predicts, with the data on top.

    The model is evaluated on a ``resolution`` x ``resolution`` grid that covers the data
    plus ``padding``. Its output decides what is drawn:

    - shape ``(m, 1)`` (a sigmoid output, binary classification): the probability of class 1
      as a red-blue heat map, with the decision boundary p = 0.5 drawn as a black line;
    - shape ``(m, k)`` with k >= 2 (softmax, multiclass): each region coloured by its
      predicted class (the argmax);
    - ``regression=True``: the (first) output as a heat map with a colour bar.

    Args:
        model: anything with a Keras-like ``predict(x)`` (an nnlib or Keras model), or a
            function of x returning the predictions. Inputs are scaled as ``x`` is: if the model
            was trained on standardized data, pass the standardized ``x``.
        x: the inputs, shape ``(n, 2)``.
        y: optional targets, drawn as the points' colours: class indices ``(n,)``/``(n, 1)``,
            one-hot rows ``(n, k)``, or regression targets.
        ax: an existing matplotlib Axes to draw into. Defaults to a new 5.5 x 4.5 inch figure.
        resolution: grid points per axis. Defaults to 200.
        padding: margin added around the data, in input units. Defaults to 0.5.
        regression: draw the output as a continuous heat map. Defaults to False.
        title: the axes' title. Defaults to "Decision boundary" ("Model output" for regression).
        xlabel: the x axis label. Defaults to "x1".
        ylabel: the y axis label. Defaults to "x2".

    Returns:
        The matplotlib ``Figure``.

    Raises:
        ShapeError: x is not of shape (n, 2), or the model does not return one row per grid point.
        DataError: y does not have one value per sample, or the model predicts NaN or infinity.
        HyperparameterError: resolution < 2 or a negative padding.
    """
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise errors.ShapeError(
            f"plot_decision_boundary draws models with 2 inputs: x must have shape (n, 2), got {x.shape}."
        )
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise errors.HyperparameterError(f"resolution must be an int >= 2, got {resolution!r}.")
    if not padding >= 0:
        raise errors.HyperparameterError(f"padding must be >= 0, got {padding!r}.")

    # The grid: every (x1, x2) pair of two linspaces, as rows of shape (resolution**2, 2).
    low, high = x.min(axis=0) - padding, x.max(axis=0) + padding
    grid_x1, grid_x2 = np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))
    dtype = x.dtype if x.dtype in (np.float32, np.float64) else np.float32
    grid = np.column_stack([grid_x1.ravel(), grid_x2.ravel()]).astype(dtype)

    output = np.asarray(_predict(model, grid), dtype=np.float64)
    if output.ndim == 1:
        output = output[:, None]
    if output.ndim != 2 or output.shape[0] != len(grid):
        raise errors.ShapeError(
            f"The model returned shape {output.shape} for {len(grid)} grid points; expected ({len(grid)}, outputs)."
        )
    if not np.all(np.isfinite(output)):
        raise errors.DataError("The model predicts NaN or infinite values; it probably diverged during training.")

    plt = _pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=DECISION_BOUNDARY_SIZE, layout="constrained")
    else:
        fig = ax.figure
    point_style = dict(edgecolors="black", linewidths=0.5, s=25)

    if regression:
        surface = output[:, 0].reshape(grid_x1.shape)
        filled = ax.contourf(grid_x1, grid_x2, surface, levels=20, cmap="viridis")
        fig.colorbar(filled, ax=ax, label="prediction")
        if y is None:
            ax.scatter(x[:, 0], x[:, 1], c="white", **point_style)
        else:
            targets = np.asarray(y, dtype=np.float64).reshape(len(x), -1)[:, 0]
            ax.scatter(x[:, 0], x[:, 1], c=targets, cmap="viridis", norm=filled.norm, **point_style)
        default_title = "Model output"
    elif output.shape[1] == 1:
        probability = output[:, 0].reshape(grid_x1.shape)  # p(class 1 | x), a sigmoid output
        filled = ax.contourf(grid_x1, grid_x2, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.8)
        ax.contour(grid_x1, grid_x2, probability, levels=[0.5], colors="black", linewidths=1.5)
        fig.colorbar(filled, ax=ax, label="P(class 1)")
        if y is None:
            ax.scatter(x[:, 0], x[:, 1], c="white", **point_style)
        else:
            labels = _class_indices(y, len(x), "y")
            ax.scatter(x[:, 0], x[:, 1], c=labels, cmap="RdBu_r", vmin=0, vmax=1, **point_style)
        default_title = "Decision boundary"
    else:
        from matplotlib import colormaps
        from matplotlib.colors import ListedColormap

        n_classes = output.shape[1]
        palette = colormaps["tab10" if n_classes <= 10 else "tab20"].colors[:n_classes]
        class_colours = ListedColormap(palette)
        predicted = output.argmax(axis=1).reshape(grid_x1.shape)
        ax.contourf(grid_x1, grid_x2, predicted, levels=np.arange(n_classes + 1) - 0.5, cmap=class_colours, alpha=0.35)
        if y is None:
            ax.scatter(x[:, 0], x[:, 1], c="white", **point_style)
        else:
            labels = _class_indices(y, len(x), "y")
            points = ax.scatter(
                x[:, 0], x[:, 1], c=labels, cmap=class_colours, vmin=-0.5, vmax=n_classes - 0.5, **point_style
            )
            ax.legend(*points.legend_elements(), title="class", loc="best", fontsize="small")
        default_title = "Decision boundary"

    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_title(default_title if title is None else title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


# ----------------------------------------------------------------------------------------
# An activation function and its derivative
# ----------------------------------------------------------------------------------------


def plot_activation(activation, z_range=(-5.0, 5.0), num=401, ax=None, title=None):
    """Plot an activation a = f(z) and its derivative f'(z) on one axes.

    Args:
        activation: an activation name such as ``"sigmoid"`` (see ``nnlib.activations``), an
            nnlib ``ActivationFunction``, or any function of a NumPy array. An object without a
            ``derivative`` method gets a numerical derivative (central differences), labelled
            as such, so you can plot an activation you wrote yourself.
        z_range: the interval of z to plot, ``(low, high)``. Defaults to (-5, 5).
        num: number of points. Defaults to 401 (z = 0 is one of them for a symmetric range).
        ax: an existing matplotlib Axes to draw into. Defaults to a new 5 x 3.5 inch figure.
        title: the axes' title. Defaults to "<name> and its derivative".

    Returns:
        The matplotlib ``Figure``. Its axes hold two lines, f(z) then f'(z) (dashed), over z.

    Raises:
        UnknownNameError: the name is not an activation.
        HyperparameterError: z_range is not two increasing finite numbers, or num < 2.
        NNLibError: the activation has no elementwise derivative (softmax).
    """
    if isinstance(activation, str) or activation is None:
        from nnlib import activations

        activation = activations.get(activation)
    if not callable(activation):
        raise TypeError(f"Expected an activation name or a function of z, got {type(activation).__name__}.")
    low, high = (float(bound) for bound in z_range)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise errors.HyperparameterError(
            f"z_range must be two finite numbers (low, high) with low < high, got {z_range}."
        )
    if isinstance(num, bool) or not isinstance(num, int) or num < 2:
        raise errors.HyperparameterError(f"num must be an int >= 2, got {num!r}.")
    name = getattr(activation, "name", None) or getattr(activation, "__name__", "f")

    z = np.linspace(low, high, num)
    a = np.asarray(activation(z), dtype=np.float64)
    if hasattr(activation, "derivative"):
        slope = np.asarray(activation.derivative(z), dtype=np.float64)
        slope_label = f"{name}'(z)"
    else:
        h = 1e-5  # central difference: f'(z) ~ (f(z + h) - f(z - h)) / 2h, error O(h^2)
        slope = (np.asarray(activation(z + h), dtype=np.float64) - np.asarray(activation(z - h), dtype=np.float64)) / (
            2 * h
        )
        slope_label = f"{name}'(z) (numerical)"

    plt = _pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=ACTIVATION_SIZE, layout="constrained")
    else:
        fig = ax.figure
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.axvline(0.0, color="grey", linewidth=0.5)
    ax.plot(z, a, label=f"{name}(z)", linewidth=2)
    ax.plot(z, slope, "--", label=slope_label, linewidth=2)
    ax.set_title(f"{name} and its derivative" if title is None else title)
    ax.set_xlabel("z (pre-activation)")
    ax.set_ylabel("f(z) and f'(z)")
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


# ----------------------------------------------------------------------------------------
# Images of digits
# ----------------------------------------------------------------------------------------


def plot_digits(images, labels=None, predictions=None, n_cols=10, max_images=50, title=None):
    """Show digit images in a grid, with their labels and (optionally) a model's predictions.

    To look at the mistakes of a classifier::

        predicted = model.predict(x_test).argmax(axis=1)
        wrong = predicted != y_test
        fig = plot_digits(x_test[wrong], y_test[wrong], predicted[wrong])

    Args:
        images: square images, shape ``(n, side, side)``, or flattened ``(n, side * side)``
            (the 8x8 digits as rows of 64, MNIST as rows of 784).
        labels: optional true labels, class indices ``(n,)`` or one-hot rows ``(n, k)``.
        predictions: optional predicted classes ``(n,)``, or the model's probabilities
            ``(n, k)`` (their argmax is used). A wrong prediction is written in red.
        n_cols: images per row. Defaults to 10.
        max_images: show at most this many (the first ones). Defaults to 50.
        title: the figure's title. Defaults to "Digits", or "<w> of <n> predictions wrong (red)".

    Returns:
        The matplotlib ``Figure``, 1.1 x 1.4 inches per image shown.

    Raises:
        ShapeError: the images are not square, or not a batch (a single image needs ``images[None]``).
        DataError: there are no images, or labels/predictions do not have one value per image.
        HyperparameterError: n_cols or max_images < 1.
    """
    images = np.asarray(images)
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise errors.ShapeError(
                f"Rows of {images.shape[1]} pixels are not square images; pass images of shape (n, height, width)."
            )
        images = images.reshape(len(images), side, side)
    if images.ndim != 3:
        raise errors.ShapeError(
            f"images must have shape (n, height, width) or (n, pixels), got {images.shape}. "
            "For a single image, pass images[None]."
        )
    if len(images) == 0:
        raise errors.DataError("There are no images to show (an empty array; did a filter select nothing?).")
    for name, value in (("n_cols", n_cols), ("max_images", max_images)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise errors.HyperparameterError(f"{name} must be an int >= 1, got {value!r}.")
    if labels is not None:
        labels = _class_indices(labels, len(images), "labels")
    if predictions is not None:
        predictions = _class_indices(predictions, len(images), "predictions")

    shown = min(len(images), max_images)
    n_rows, n_cols = math.ceil(shown / n_cols), min(n_cols, shown)
    plt = _pyplot()
    fig, axes = plt.subplots(
        n_rows,
        n_cols,
        figsize=(DIGIT_CELL_SIZE[0] * n_cols, DIGIT_CELL_SIZE[1] * n_rows + 0.4),
        squeeze=False,
        layout="constrained",
    )
    n_wrong = 0
    for i, ax in enumerate(axes.ravel()):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= shown:
            ax.set_axis_off()
            continue
        ax.imshow(images[i], cmap="gray_r", interpolation="nearest")
        parts, colour = [], "black"
        if labels is not None:
            parts.append(f"label {labels[i]}")
        if predictions is not None:
            parts.append(f"pred {predictions[i]}")
            if labels is not None and predictions[i] != labels[i]:
                colour = "red"
                n_wrong += 1
        ax.set_title("\n".join(parts), fontsize=9, color=colour)
    if title is None:
        title = "Digits"
        if labels is not None and predictions is not None:
            title = f"{n_wrong} of {shown} predictions wrong (red)"
    fig.suptitle(title)
    return fig
