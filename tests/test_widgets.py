"""Tests of nnlib.course.widgets: explore (controls, frames, static HTML, live widgets) and the playground."""

import base64
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.errors import HyperparameterError  # noqa: E402
from nnlib.course.widgets import Choice, Range, explore  # noqa: E402
from nnlib.course.widgets.frames import render_frame  # noqa: E402

PNG_BASE64 = re.compile(r"iVBORw0KGgo[A-Za-z0-9+/=]+")


def draw_line(slope, shift=0.0, color="C0"):
    """A cheap figure that depends on every argument."""
    fig, ax = plt.subplots(figsize=(2, 1.5))
    x = np.linspace(-1, 1, 5)
    ax.plot(x, slope * x + shift, color=color)
    ax.set_ylim(-3, 3)
    ax.set_title(f"{slope:.3g} {shift:.3g}")
    return fig


def frames_in(html):
    return PNG_BASE64.findall(html)


# ----- controls -------------------------------------------------------------------------------
def test_range_static_values_linear_and_log():
    assert Range(0, 1, num=5).static_values() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert Range(0.001, 1, num=4, log=True).static_values() == [0.001, 0.01, 0.1, 1.0]
    assert Range(1, 8, num=8, integer=True).static_values() == list(range(1, 9))


def test_range_default_value_is_the_middle_static_value():
    assert Range(0, 1, num=5).value == 0.5
    assert Range(0.001, 1, num=4, log=True).value == 0.01


def test_range_snaps_to_nearest_value():
    r = Range(0.001, 1, num=4, log=True)
    assert r.nearest_index(0.004) == 1  # closer to 0.01 than 0.001 on a log scale
    assert Range(0, 1, num=5).nearest_index(0.6) == 2


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(min=1, max=0), "min < max"),
        (dict(min=0, max=1, num=1), "num"),
        (dict(min=0, max=1, num=2.5), "num"),
        (dict(min=0, max=1, log=True), "min > 0"),
        (dict(min=0, max=1, value=2), "between"),
        (dict(min=0, max=float("inf")), "finite"),
        (dict(min=1, max=3, num=5, integer=True), "Lower num"),
        (dict(min=1, max=1.0001, num=7), "repeated"),
    ],
)
def test_range_validation(kwargs, words):
    with pytest.raises(HyperparameterError, match=words):
        Range(**kwargs)


def test_choice_validation_and_labels():
    c = Choice({"SGD": "sgd", "Adam": "adam"}, value="adam")
    assert c.labels() == ["SGD", "Adam"] and c.static_values() == ["sgd", "adam"]
    assert c.nearest_index("adam") == 1
    with pytest.raises(HyperparameterError, match="at least 2"):
        Choice(["only"])
    with pytest.raises(HyperparameterError, match="not one of"):
        Choice(["a", "b"], value="c")
    with pytest.raises(HyperparameterError, match="list or a dict"):
        Choice("relu")
    with pytest.raises(HyperparameterError, match="distinct"):
        Choice(["a", "a"])


# ----- grid bounds ------------------------------------------------------------------------------
def test_too_many_frames_is_a_clear_error_before_any_drawing():
    calls = []

    def draw(a, b):
        calls.append((a, b))
        return "x"

    with pytest.raises(HyperparameterError, match=r"7 \(a\) x 9 \(b\) = 63 frames.*max_frames=60.*num="):
        explore(draw, a=Range(0, 1, num=7), b=Range(0, 1, num=9))
    assert calls == []
    # Raising the cap explicitly is allowed.
    w = explore(draw, a=Range(0, 1, num=7), b=Range(0, 1, num=9), max_frames=63)
    assert w.grid_size == 63


def test_explore_needs_a_control_and_a_figure_or_text():
    with pytest.raises(HyperparameterError, match="at least one control"):
        explore(draw_line, slope=1.0)
    with pytest.raises(TypeError, match="return fig"):
        explore(lambda x: None, x=Range(0, 1, num=2))


# ----- static face ------------------------------------------------------------------------------
def make_widget():
    return explore(
        draw_line, title="A line", slope=Range(-2, 2, num=5),
        color=Choice(["C0", "C1"]), shift=0.5,
    )


def test_two_renders_give_identical_html_and_frames():
    a, b = make_widget(), make_widget()
    assert a.static_html() == b.static_html()
    assert a._repr_mimebundle_()["text/plain"] == b._repr_mimebundle_()["text/plain"]
    assert [f.data for f in a.static_frames] == [f.data for f in b.static_frames]
    # A frame is a PNG without a time stamp: drawing it again gives the same bytes.
    frame = render_frame(draw_line, {"slope": 1.0, "shift": 0.0, "color": "C0"})
    assert frame.data == render_frame(draw_line, {"slope": 1.0, "shift": 0.0, "color": "C0"}).data
    assert frame.data.startswith(b"\x89PNG")


def test_static_html_is_self_contained_and_complete():
    w = make_widget()
    html = w.static_html()
    stripped = PNG_BASE64.sub("PNG", html)  # base64 may contain "//" by chance
    assert "//" not in stripped
    assert not re.search(r"https?:", stripped)
    assert "<script src" not in stripped and "<link" not in stripped
    assert f'id="{w.dom_id}"' in html and re.fullmatch(r"nnlib-w-[0-9a-f]{10}", w.dom_id)
    assert html.count("data-control=") == 2
    assert 'data-nnlib-widget="explore"' in html and 'data-frames="10"' in html
    # Every grid point's frame is in the page (identical frames stored once).
    assert len(set(frames_in(html))) == 10
    for frame in w.static_frames:
        assert base64.b64encode(frame.data).decode() in html


def test_dom_id_depends_on_title_and_controls_not_on_memory():
    a = explore(lambda x: str(x), title="one", x=Range(0, 1, num=3))
    b = explore(lambda x: str(x), title="two", x=Range(0, 1, num=3))
    c = explore(lambda x: str(x), title="one", x=Range(0, 1, num=3))
    assert a.dom_id != b.dom_id and a.dom_id == c.dom_id


def test_text_frames_and_mimebundle():
    w = explore(lambda n: f"n = {n}", title="count", n=Range(0, 4, num=5, integer=True))
    bundle = w._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"}
    assert "<pre" in bundle["text/html"] and "n = 2" in bundle["text/html"]
    assert "0x" not in bundle["text/plain"] and "5 static frames" in bundle["text/plain"]


def test_static_false_has_no_html_face(monkeypatch):
    w = explore(lambda n: f"n = {n}", n=Range(0, 4, num=5, integer=True), static=False)
    assert "text/html" not in w._repr_mimebundle_() and w.static_frames == []
    monkeypatch.setenv("NNLIB_WIDGETS_STATIC", "0")
    assert explore(lambda n: f"n = {n}", n=Range(0, 4, num=5, integer=True)).static is False


def test_on_colab_widgets_show_only_their_live_face(monkeypatch):
    """Colab sets COLAB_RELEASE_TAG: no pre-rendered frames, and no snapshot that Colab might show
    instead of the live playground."""
    from nnlib.course.widgets.playground import Playground

    monkeypatch.delenv("NNLIB_WIDGETS_STATIC", raising=False)
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab-test")
    assert explore(lambda n: f"n = {n}", n=Range(0, 4, num=5, integer=True)).static is False
    bundle = Playground("xor-relu")._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "application/vnd.jupyter.widget-view+json"}


# ----- live face --------------------------------------------------------------------------------
def test_live_control_change_updates_the_image():
    w = make_widget()
    live = w.live
    before = live.display.value
    live.controls["slope"].value = 1.0
    assert live.display.value != before
    after_grid = live.display.value
    live.controls["color"].value = "C1"
    assert live.display.value != after_grid
    assert live.message.value == ""


def test_live_values_between_grid_points_are_drawn():
    seen = []

    def draw(x):
        seen.append(x)
        return f"x = {x:.4f}"

    w = explore(draw, x=Range(0, 1, num=3))
    w.live.controls["x"].value = 0.3  # not one of 0, 0.5, 1
    assert seen[-1] == pytest.approx(0.3)
    assert "x = 0.3000" in w.live.display.value


def test_live_error_is_shown_not_raised():
    def draw(x):
        if x > 0.9:
            raise ValueError("too big")
        return f"x = {x}"

    w = explore(draw, x=Range(0, 0.9, num=3))
    w.live.controls["x"].max = 2
    w.live.controls["x"].value = 1.5
    assert "too big" in w.live.message.value


def test_live_log_slider_and_choice_widgets():
    import ipywidgets as widgets

    w = explore(lambda lr, act: f"{lr} {act}", lr=Range(1e-3, 1, num=4, log=True), act=Choice(["relu", "tanh"]))
    assert isinstance(w.live.controls["lr"], widgets.FloatLogSlider)
    assert isinstance(w.live.controls["act"], widgets.ToggleButtons)
    w.live.controls["lr"].value = 0.05
    assert w.live.display.value == "<pre>0.05 relu</pre>"


# ----- the playground ---------------------------------------------------------------------------
from nnlib.errors import UnknownNameError  # noqa: E402
from nnlib.course.widgets.playground import PRESETS, Playground, static_playground  # noqa: E402
from nnlib.course.widgets.playground_settings import PlaygroundSettings  # noqa: E402
from nnlib.course.widgets.playground_train import Trainer  # noqa: E402


def test_one_training_step_changes_the_loss_and_the_picture():
    pg = Playground("xor-relu")
    before = pg.png()
    first = pg.step(1)
    second = pg.step(1)
    assert pg.trainer.epoch == 2 and first != second
    assert pg.png() != before


@pytest.mark.parametrize(
    "settings",
    [
        dict(dataset="circle", hidden=(4, 2), activation="tanh", optimizer="sgd", learning_rate=0.3),
        dict(dataset="spiral3", hidden=(6,), optimizer="adam", loss="cross-entropy"),
        dict(dataset="spiral3", hidden=(5,), optimizer="rmsprop", loss="mse", learning_rate=0.01),
        dict(dataset="xor", hidden=(3, 3), optimizer="momentum", regularization="l1",
             regularization_rate=0.003, batch_size=7, train_ratio=0.7, noise=0.3),
        dict(dataset="gaussian", hidden=(), optimizer="adagrad", learning_rate=0.1, regularization="l2"),
        dict(dataset="plane", hidden=(2,), activation="relu", seed=3),
    ],
)
def test_copy_as_code_runs_and_reproduces_the_losses(settings, capsys):
    pg = Playground(**settings)
    pg.step(4)
    namespace = {}
    exec(compile(pg.code(), "<copied code>", "exec"), namespace)
    history = namespace["history"].history
    assert history["loss"] == pg.trainer.train_loss  # exactly the same floats
    assert history["val_loss"] == pg.trainer.test_loss
    printed = capsys.readouterr().out
    assert f"train loss {pg.trainer.train_loss[-1]:.4f}" in printed


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_all_train(name):
    pg = Playground(name)
    pg.step(60)
    trainer = pg.trainer
    assert not trainer.diverged
    assert trainer.train_loss[-1] < 0.75 * trainer.train_loss[0], trainer.status()
    if trainer.test_accuracy:
        assert trainer.test_accuracy[-1] >= 0.8, trainer.status()


def test_playground_settings_are_checked():
    with pytest.raises(UnknownNameError, match="circle"):
        PlaygroundSettings(dataset="circel")
    with pytest.raises(HyperparameterError, match="regression"):
        PlaygroundSettings(dataset="plane", loss="cross-entropy")
    with pytest.raises(HyperparameterError, match="at most 6"):
        PlaygroundSettings(hidden=(2,) * 7)
    with pytest.raises(HyperparameterError, match="batch_size"):
        PlaygroundSettings(batch_size=0)
    with pytest.raises(UnknownNameError, match="adam"):
        PlaygroundSettings(optimizer="adma")
    # A new dataset brings its own noise; regression switches the loss to mse.
    s = PlaygroundSettings(dataset="xor").replace(dataset="plane")
    assert s.loss == "mse" and s.noise == 0.1


def test_failed_reset_changes_nothing():
    pg = Playground("xor-relu")
    pg.step(2)
    trainer = pg.trainer
    with pytest.raises(HyperparameterError):
        pg.reset(learning_rate=-1)
    assert pg.trainer is trainer and pg.trainer.epoch == 2


def test_divergence_is_reported_not_raised():
    pg = Playground(dataset="plane", hidden=(8, 8), optimizer="sgd", learning_rate=10.0)
    pg.step(20)
    assert pg.trainer.diverged and "diverged" in pg.trainer.status()
    assert pg.png().startswith(b"\x89PNG")


def test_live_playground_buttons_and_controls():
    pg = Playground("xor-relu", epochs_per_step=2)
    ui = pg.ui
    image = ui.image.value
    ui.play.value = 1  # one tick of "play"
    assert pg.trainer.epoch == 2 and ui.image.value != image and "epoch 2" in ui.status.value
    ui.step_button.click()
    assert pg.trainer.epoch == 4
    assert "epochs=4" in ui.code.value
    ui.controls["optimizer"].value = "rmsprop"  # a setting starts again
    assert pg.settings.optimizer == "rmsprop" and pg.trainer.epoch == 0 and ui.play.value == 0
    ui.controls["dataset"].value = "plane"
    assert pg.settings.loss == "mse" and ui.controls["loss"].value == "mse"
    ui.controls["loss"].value = "cross-entropy"  # invalid for regression: reported, not applied
    assert "regression" in ui.message.value and pg.settings.loss == "mse"
    assert ui.controls["loss"].value == "mse"
    ui.controls["hidden"].value = "3, 2"
    assert pg.settings.hidden == (3, 2) and ui.message.value == ""
    ui.step_button.click()
    ui.press_reset()
    assert pg.trainer.epoch == 0


def test_play_stops_by_itself_at_the_last_epoch():
    """The Play widget is switched off when training reaches max_epochs (ipywidgets 7 and 8)."""
    from nnlib.course.widgets.ipywidgets_compat import is_playing, set_playing

    pg = Playground("xor-relu", epochs_per_step=2, max_epochs=4)
    ui = pg.ui
    set_playing(ui.play, True)
    ui.play.value = 1
    assert is_playing(ui.play) and pg.trainer.epoch == 2
    ui.play.value = 2
    assert pg.trainer.epoch == 4 and not is_playing(ui.play)
    set_playing(ui.play, True)
    ui.press_reset()  # reset stops play and rewinds it
    assert not is_playing(ui.play) and ui.play.value == 0 and pg.trainer.epoch == 0


def test_copy_as_code_section_has_its_title():
    import ipywidgets as widgets

    pg = Playground("xor-relu")
    accordion = pg.ui.box.children[-1]
    assert isinstance(accordion, widgets.Accordion)
    assert accordion.get_title(0) == "Copy as code" and accordion.children[0] is pg.ui.code


def test_display_bundle_refers_to_the_live_widget():
    """On ipywidgets 7 (Colab) and 8 the output names the box's model, so the frontend shows it live."""
    w = explore(lambda n: f"n = {n}", n=Range(0, 4, num=5, integer=True))
    view = w._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]
    assert view == {"version_major": 2, "version_minor": 0, "model_id": w.widget.model_id}
    pg = Playground("gaussian-linear")
    assert pg._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"] == pg.widget.model_id


def test_playground_display_bundle():
    pg = Playground("gaussian-linear")
    bundle = pg._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"}
    assert "0x" not in bundle["text/plain"] and "needs a running kernel" in bundle["text/html"]


def test_static_playground_frames_differ_and_are_deterministic():
    def make():
        return static_playground(
            epochs=3, dataset=Choice({"circle": "circle", "XOR": "xor"}),
            learning_rate=Range(0.01, 0.1, num=2, log=True), hidden=(3,),
        )

    a, b = make(), make()
    assert len({f.data for f in a.static_frames}) == 4
    assert a.static_html() == b.static_html()


def test_trainer_matches_a_fresh_fit_of_all_epochs():
    """Training one epoch per call gives the same history as one fit() of all epochs."""
    s = PlaygroundSettings(dataset="circle", epochs=3)
    stepped = Trainer(s)
    stepped.train_epoch(3)
    once = Trainer(s)
    history = once.model.fit(once.x_train, once.y_train, batch_size=s.batch_size, epochs=3,
                             validation_data=(once.x_test, once.y_test), verbose=0)
    assert history.history["loss"] == stepped.train_loss
