"""The live playground's controls (ipywidgets): settings, play/pause, step, reset, copy as code.

Taught in Part 4, "A playground". Changing a setting starts again from fresh weights, as in
TensorFlow Playground. "Play" is an ``ipywidgets.Play`` widget: the browser increases its
value every ``interval`` milliseconds and each new value trains ``epochs_per_step`` epochs
in the kernel. There is no thread or timer in Python, so nothing keeps running after the
cell, and tests can press the buttons by calling ``step()``, ``reset()`` or setting values.
"""

import html

from .controls import format_value
from .ipywidgets_compat import set_playing, titled_accordion
from .playground_settings import (ACTIVATIONS, DATASETS, LEARNING_RATES, MAX_HIDDEN_LAYERS, MAX_UNITS,
                                  OPTIMIZERS, REGULARIZATION_RATES)

__all__ = ["PlaygroundUI", "parse_hidden"]

OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "Momentum", "adagrad": "AdaGrad", "rmsprop": "RMSprop", "adam": "Adam"}


def parse_hidden(text):
    """Turn ``"4, 2"`` into ``(4, 2)`` (and ``""`` into ``()``, no hidden layer).

    Raises:
        HyperparameterError: the text is not whole numbers separated by commas.
    """
    from nnlib.errors import HyperparameterError

    parts = [p.strip() for p in str(text).replace(" ", ",").split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise HyperparameterError(
            f"Hidden layers are written as units per layer separated by commas, such as '4, 2'; got {text!r}."
        )
    return tuple(int(p) for p in parts)


class PlaygroundUI:
    """The ipywidgets of a ``Playground``.

    Attributes:
        box: the widget to display.
        controls: dict setting name -> ipywidgets control.
        play: the ``ipywidgets.Play`` driving training; step, reset: the buttons.
        image: the picture; status: one line of text; code: the "copy as code" text area.
    """

    def __init__(self, playground):
        import ipywidgets as widgets

        self.playground = pg = playground
        s = pg.settings
        wide = {"description_width": "initial"}
        self.controls = {
            "dataset": widgets.Dropdown(
                options=[(d.label, key) for key, d in DATASETS.items()], value=s.dataset,
                description="dataset", style=wide),
            "noise": widgets.FloatSlider(value=s.noise, min=0, max=1, step=0.01, description="noise",
                                         continuous_update=False, style=wide),
            "train_ratio": widgets.FloatSlider(value=s.train_ratio, min=0.1, max=0.9, step=0.1,
                                               description="train ratio", continuous_update=False, style=wide),
            "batch_size": widgets.IntSlider(value=s.batch_size, min=1, max=30, description="batch size",
                                            continuous_update=False, style=wide),
            "hidden": widgets.Text(value=", ".join(str(u) for u in s.hidden), continuous_update=False,
                                   description=f"hidden units (<= {MAX_HIDDEN_LAYERS} layers of <= {MAX_UNITS})",
                                   style=wide),
            "activation": widgets.ToggleButtons(options=list(ACTIVATIONS), value=s.activation,
                                                description="activation", style=wide),
            "learning_rate": widgets.Dropdown(options=[(format_value(v), v) for v in LEARNING_RATES],
                                              value=s.learning_rate if s.learning_rate in LEARNING_RATES else None,
                                              description="learning rate", style=wide),
            "optimizer": widgets.Dropdown(options=[(OPTIMIZER_LABELS[k], k) for k in OPTIMIZERS],
                                          value=s.optimizer, description="optimizer", style=wide),
            "regularization": widgets.ToggleButtons(options=[("none", "none"), ("L1", "l1"), ("L2", "l2")],
                                                    value=s.regularization, description="regularization",
                                                    style=wide),
            "regularization_rate": widgets.Dropdown(
                options=[(format_value(v), v) for v in REGULARIZATION_RATES],
                value=s.regularization_rate if s.regularization_rate in REGULARIZATION_RATES else None,
                description="rate", style=wide),
            "loss": widgets.ToggleButtons(options=[("cross-entropy", "cross-entropy"), ("squared error", "mse")],
                                          value=s.loss, description="loss", style=wide),
            "seed": widgets.BoundedIntText(value=s.seed, min=0, max=2**31 - 1, description="seed", style=wide),
        }
        self.play = widgets.Play(value=0, min=0, max=max(1, pg.max_epochs // max(1, pg.epochs_per_step)),
                                 step=1, interval=300, description="play")
        self.step_button = widgets.Button(description=f"step ({pg.epochs_per_step} epochs)", icon="step-forward")
        self.reset_button = widgets.Button(description="reset", icon="refresh")
        self.image = widgets.Image(value=pg.png(), format="png")
        self.status = widgets.HTML()
        self.message = widgets.HTML()
        self.code = widgets.Textarea(layout=widgets.Layout(width="100%", height="22em"))
        code_box = titled_accordion([self.code], ["Copy as code"])

        self._busy = False
        for name, control in self.controls.items():
            control.observe(self._on_setting, names="value")
        self.play.observe(self._on_tick, names="value")
        self.step_button.on_click(lambda _: self.playground.step())
        self.reset_button.on_click(lambda _: self.press_reset())

        buttons = widgets.HBox([self.play, self.step_button, self.reset_button])
        settings_box = widgets.VBox(list(self.controls.values()))
        self.box = widgets.VBox([buttons, widgets.HBox([settings_box, widgets.VBox([self.image, self.status])]),
                                 self.message, code_box])
        self._show_text()

    # ----- callbacks ---------------------------------------------------------------------------
    def _on_tick(self, change):
        """One tick of "play": train ``epochs_per_step`` epochs (stop at the end or on divergence)."""
        if self._busy or change["new"] == 0:
            return
        self.playground.step()
        if self.playground.trainer.diverged or self.playground.trainer.epoch >= self.playground.max_epochs:
            set_playing(self.play, False)

    def press_reset(self):
        """The reset button: fresh weights, same settings, back to epoch 0."""
        self._rewind_play()
        self.playground.reset()

    def _rewind_play(self):
        self._busy = True
        try:
            set_playing(self.play, False)
            self.play.value = 0
        finally:
            self._busy = False

    def _on_setting(self, change):
        """A setting changed: check it and start again (an invalid value is reported, not applied)."""
        if self._busy:
            return
        name = next(n for n, w in self.controls.items() if w is change["owner"])
        value = change["new"]
        try:
            if name == "hidden":
                value = parse_hidden(value)
            if value is None:
                return
            self._rewind_play()
            self.playground.reset(**{name: value})
        except Exception as exc:  # shown to the learner, the playground keeps its old settings
            self.message.value = (
                f'<pre style="color:#b00">{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</pre>'
            )
            if name != "hidden":  # leave a mistyped text in place so that it can be corrected
                self.sync_controls()
            return
        self.message.value = ""
        self.sync_controls()  # e.g. a new dataset brings its own noise (and regression forces mse)

    def sync_controls(self):
        """Show the playground's settings in the controls, without triggering a reset."""
        s = self.playground.settings
        values = dict(s.as_dict(), hidden=", ".join(str(u) for u in s.hidden))
        self._busy = True
        try:
            for name, control in self.controls.items():
                allowed = None
                if hasattr(control, "options"):  # a selection: (label, value) pairs or plain values
                    allowed = [o[1] if isinstance(o, tuple) else o for o in control.options]
                if allowed is None or values[name] in allowed:
                    control.value = values[name]
        finally:
            self._busy = False

    # ----- drawing -----------------------------------------------------------------------------
    def refresh(self):
        """Redraw the picture, the status line and the code (called by the playground)."""
        self.image.value = self.playground.png()
        self._show_text()

    def _show_text(self):
        self.status.value = f"<code>{html.escape(self.playground.trainer.status())}</code>"
        self.code.value = self.playground.code()
