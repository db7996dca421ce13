"""The playground's picture: the decision boundary and the loss curves, side by side.

Taught in Part 4, "A playground". Left: the input plane coloured by what the network
predicts (like TensorFlow Playground: orange for class 0, blue for class 1; one colour per
class with more classes; a colour scale for regression), with the training points (white
edge) and the test points (black edge). Right: the training and test loss after each epoch.
"""

import numpy as np

__all__ = ["draw_playground", "FIGURE_SIZE"]

FIGURE_SIZE = (7.6, 3.1)
RESOLUTION = 60  # grid points per axis of the heat map
ORANGE, BLUE = "#f59322", "#0877bd"
CLASS_COLOURS = (ORANGE, BLUE, "#3a9a3a", "#b04dbf", "#8c564b", "#e377c2")


def _plane_grid(x, resolution, padding=0.3):
    """A grid covering the data: (grid_x1, grid_x2), each (resolution, resolution), and the rows (m, 2)."""
    low, high = x.min(axis=0) - padding, x.max(axis=0) + padding
    grid_x1, grid_x2 = np.meshgrid(np.linspace(low[0], high[0], resolution),
                                   np.linspace(low[1], high[1], resolution))
    rows = np.column_stack([grid_x1.ravel(), grid_x2.ravel()]).astype(x.dtype)
    return grid_x1, grid_x2, rows


def _draw_plane(ax, trainer):
    """Heat map of the network's output over the input plane, with the data on top."""
    from matplotlib.colors import LinearSegmentedColormap, ListedColormap

    info = trainer.settings.info
    x_all = np.concatenate([trainer.x_train, trainer.x_test])
    grid_x1, grid_x2, rows = _plane_grid(x_all, RESOLUTION)
    output = trainer.predict(rows)
    finite = np.all(np.isfinite(output))
    points = [(trainer.x_train, trainer.labels_train, "white", 22), (trainer.x_test, trainer.labels_test, "black", 22)]

    if info.regression:
        targets = np.concatenate([trainer.labels_train, trainer.labels_test])
        low, high = float(targets.min()), float(targets.max())
        levels = np.linspace(low, high, 11)
        if finite:
            surface = np.clip(output[:, 0], low, high).reshape(grid_x1.shape)
            ax.contourf(grid_x1, grid_x2, surface, levels=levels, cmap="viridis", alpha=0.85)
        for x, y, edge, size in points:
            ax.scatter(x[:, 0], x[:, 1], c=y, cmap="viridis", vmin=low, vmax=high, edgecolors=edge,
                       linewidths=0.8, s=size)
    elif info.n_classes == 2:
        two_colours = LinearSegmentedColormap.from_list("orange_blue", [ORANGE, "#f4f4f4", BLUE])
        if finite:
            probability = output[:, 0].reshape(grid_x1.shape)  # p(class 1 | x)
            ax.contourf(grid_x1, grid_x2, probability, levels=np.linspace(0, 1, 11), cmap=two_colours, alpha=0.8)
            if probability.min() < 0.5 < probability.max():
                ax.contour(grid_x1, grid_x2, probability, levels=[0.5], colors="black", linewidths=1)
        for x, y, edge, size in points:
            ax.scatter(x[:, 0], x[:, 1], c=[CLASS_COLOURS[int(k)] for k in y], edgecolors=edge,
                       linewidths=0.8, s=size)
    else:
        k = info.n_classes
        palette = ListedColormap(CLASS_COLOURS[:k])
        if finite:
            predicted = output.argmax(axis=1).reshape(grid_x1.shape)
            ax.contourf(grid_x1, grid_x2, predicted, levels=np.arange(k + 1) - 0.5, cmap=palette, alpha=0.35)
        for x, y, edge, size in points:
            ax.scatter(x[:, 0], x[:, 1], c=[CLASS_COLOURS[int(c)] for c in y], edgecolors=edge,
                       linewidths=0.8, s=size)
    ax.set_xlim(grid_x1.min(), grid_x1.max())
    ax.set_ylim(grid_x2.min(), grid_x2.max())
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(f"{info.label}: train (white edge), test (black)", fontsize=8)


def _draw_losses(ax, trainer):
    """The training and test loss after each epoch."""
    epochs = np.arange(1, len(trainer.train_loss) + 1)
    if len(epochs):
        ax.plot(epochs, trainer.train_loss, color="#333333", label="train")
        ax.plot(epochs, trainer.test_loss, color="#d62728", linestyle="--", label="test")
        ax.legend(fontsize=8, loc="upper right")
        finite = [v for v in trainer.train_loss + trainer.test_loss if np.isfinite(v)]
        if finite:
            ax.set_ylim(0, max(finite) * 1.05 + 1e-9)
    ax.set_xlim(0, max(10, len(epochs)))
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (squared error)" if trainer.loss_name == "mse" else "loss (cross-entropy)")
    ax.tick_params(labelsize=8)
    ax.set_title(trainer.status(short=True), fontsize=8)


def draw_playground(trainer):
    """Return the playground's Figure for a ``Trainer`` (see ``playground_train.py``)."""
    import matplotlib.pyplot as plt

    fig, (plane, losses) = plt.subplots(1, 2, figsize=FIGURE_SIZE, gridspec_kw={"width_ratios": [1, 1.35]})
    # Fixed margins (not a layout engine): every frame has the same layout, and drawing is faster.
    fig.subplots_adjust(left=0.04, right=0.975, bottom=0.14, top=0.92, wspace=0.2)
    _draw_plane(plane, trainer)
    _draw_losses(losses, trainer)
    return fig
