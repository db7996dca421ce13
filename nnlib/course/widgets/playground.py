"""A neural-network playground: TensorFlow Playground rebuilt on nnlib, and a bit beyond it.

Taught in Part 4, "A playground". Pick a dataset, a network, an optimizer and a loss, press
play, and watch the decision boundary and the loss curves move. Compared with TensorFlow
Playground it adds cross-entropy, several classes (softmax), Momentum/AdaGrad/RMSprop/Adam,
and "copy as code": the current settings as an nnlib program that reproduces the losses.

Two ways to use it::

    from nnlib.course.widgets.playground import Playground, static_playground

    Playground("xor-relu")          # in Jupyter/Colab: the full live playground
    static_playground()             # a widget that also works on the static website

Without a notebook, drive it from code (this is also how the tests use it)::

    pg = Playground(dataset="spiral3", hidden=(8, 8), optimizer="adam")
    pg.step(10)                     # train 10 epochs
    print(pg.trainer.status())
    print(pg.code())                # the same network as an nnlib program
"""

import html

from .controls import Choice, Range
from .explore import explore
from .frames import figure_to_png
from .live import widget_bundle
from .static_html import static_face_by_default
from .playground_code import settings_to_code
from .playground_plot import draw_playground
from .playground_settings import DATASETS, PlaygroundSettings
from .playground_train import Trainer

__all__ = ["Playground", "static_playground", "PRESETS"]

# Ready-made settings; each one trains well (the tests check that).
PRESETS = {
    "circle-tf": dict(dataset="circle", hidden=(4, 2), activation="tanh", optimizer="sgd",
                      learning_rate=0.3, loss="mse"),
    "xor-relu": dict(dataset="xor", hidden=(4,), activation="relu", optimizer="adam",
                     learning_rate=0.03, loss="cross-entropy"),
    "gaussian-linear": dict(dataset="gaussian", hidden=(), activation="linear", optimizer="sgd",
                            learning_rate=0.1, loss="cross-entropy"),
    "spiral3-softmax": dict(dataset="spiral3", hidden=(8, 8), activation="tanh", optimizer="adam",
                            learning_rate=0.03, loss="cross-entropy"),
    "spiral-l2": dict(dataset="spiral", hidden=(8, 8, 4), activation="relu", optimizer="adam",
                      learning_rate=0.03, regularization="l2", regularization_rate=0.001),
    "plane-regression": dict(dataset="plane", hidden=(), activation="linear", optimizer="sgd",
                             learning_rate=0.1, loss="mse"),
}


def _settings_from(preset, changes):
    """PlaygroundSettings from a preset name (or None) and keyword changes."""
    from nnlib.errors import unknown_name_error

    base = {}
    if preset is not None:
        if preset not in PRESETS:
            raise unknown_name_error("playground preset", preset, list(PRESETS))
        base = dict(PRESETS[preset])
    base.update(changes)
    return PlaygroundSettings(**base)


class Playground:
    """The live playground: settings, a ``Trainer``, and (in a kernel) its ipywidgets.

    Args:
        preset: optional name from ``PRESETS`` to start from.
        epochs_per_step: epochs trained by one press of "step" or one tick of "play".
        max_epochs: "play" stops after this many epochs.
        dpi: resolution of the picture.
        **settings: any ``PlaygroundSettings`` field (dataset, hidden, learning_rate, ...).

    Attributes:
        settings: the current ``PlaygroundSettings``.
        trainer: the current ``Trainer`` (a new one after each ``reset``).
    """

    def __init__(self, preset=None, *, epochs_per_step=5, max_epochs=500, dpi=80, **settings):
        self.settings = _settings_from(preset, settings)
        self.epochs_per_step = int(epochs_per_step)
        self.max_epochs = int(max_epochs)
        self.dpi = dpi
        self.trainer = Trainer(self.settings)
        self._ui = None

    # ----- what the buttons do --------------------------------------------------------------
    def step(self, epochs=None):
        """Train ``epochs`` more epochs (default ``epochs_per_step``) and redraw.

        Returns:
            float, the training loss after the last epoch.
        """
        loss = self.trainer.train_epoch(self.epochs_per_step if epochs is None else epochs)
        self._refresh()
        return loss

    def reset(self, **changes):
        """Start again from fresh weights, with some settings changed (e.g. ``learning_rate=0.1``).

        A failed change (an invalid value) raises and leaves the playground as it was.
        """
        settings = self.settings.replace(**changes)
        trainer = Trainer(settings)  # built before anything is replaced
        self.settings, self.trainer = settings, trainer
        self._refresh()

    def code(self):
        """Return the current settings as nnlib code, training for the epochs trained so far."""
        return settings_to_code(self.settings.replace(epochs=max(self.trainer.epoch, 1)))

    def figure(self):
        """Return the playground's matplotlib Figure (decision boundary and loss curves)."""
        return draw_playground(self.trainer)

    def png(self, colors=None):
        """Return the picture as PNG bytes (the figure is closed); ``colors`` as in ``figure_to_png``."""
        import matplotlib.pyplot as plt

        fig = self.figure()
        try:
            return figure_to_png(fig, dpi=self.dpi, colors=colors)
        finally:
            plt.close(fig)

    # ----- display ------------------------------------------------------------------------------
    @property
    def ui(self):
        """The ``PlaygroundUI`` (ipywidgets), built on first use."""
        if self._ui is None:
            from .playground_ui import PlaygroundUI

            self._ui = PlaygroundUI(self)
        return self._ui

    @property
    def widget(self):
        """The ipywidgets box to display in a kernel."""
        return self.ui.box

    def _refresh(self):
        if self._ui is not None:
            self._ui.refresh()

    def snapshot_html(self):
        """A static picture of the current state, for pages without a kernel."""
        import base64

        data = base64.b64encode(self.png(colors=64)).decode("ascii")
        return (
            '<div class="nnlib-playground-snapshot" style="border:1px solid #ddd;padding:0.5em">'
            f'<img alt="playground" style="max-width:100%" src="data:image/png;base64,{data}">'
            f'<div style="font-size:0.8em;color:#666">{html.escape(self.trainer.status())}. '
            "The full playground (every control, play, step, reset) needs a running kernel: "
            "open this notebook in Jupyter or Colab.</div></div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = widget_bundle(lambda: self.widget)
        if static_face_by_default():
            bundle["text/html"] = self.snapshot_html()
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self):
        s = self.settings
        return (
            f"Playground({s.dataset!r}, hidden={s.hidden}, activation={s.activation!r}, "
            f"optimizer={s.optimizer!r}, learning_rate={s.learning_rate:g}, loss={s.loss!r}): "
            f"{self.trainer.status()}"
        )


def static_playground(title="Playground (pre-rendered)", epochs=100, max_frames=60, dpi=80, colors=64,
                      **controls):
    """A playground widget that also works on the static website (built with ``explore``).

    Each frame trains a fresh network for ``epochs`` epochs with the settings of that frame.
    By default the controls are the dataset, the learning rate (3 values) and the hidden
    activation (3 values): 6 x 3 x 3 = 54 frames.

    Args:
        title: the widget's heading.
        epochs: epochs trained for each frame.
        max_frames: passed to ``explore``.
        dpi: resolution of the pictures.
        colors: colours kept per picture (64: small palette PNGs; None: every colour).
        **controls: ``Range``/``Choice`` for any ``PlaygroundSettings`` field, or fixed values
            (e.g. ``optimizer="adam"``). Giving any control replaces the default three.

    Returns:
        Explorer.
    """
    if not any(isinstance(c, (Range, Choice)) for c in controls.values()):
        controls = dict(
            dataset=Choice({d.label: key for key, d in DATASETS.items()}),
            learning_rate=Range(0.003, 0.3, num=3, log=True, label="learning rate"),
            activation=Choice(["relu", "tanh", "sigmoid"], value="tanh"),
            **controls,
        )

    def draw_trained(**settings):
        """Train a fresh network with these settings, then draw it."""
        trainer = Trainer(_settings_from(None, dict(settings, epochs=epochs)))
        trainer.train_epoch(epochs)
        return draw_playground(trainer)

    return explore(draw_trained, title=title, max_frames=max_frames, dpi=dpi, colors=colors, **controls)
