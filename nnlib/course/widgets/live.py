"""The live version of a widget: ipywidgets controls that call ``draw`` again.

Used by every chapter's widgets when a Python kernel is running (JupyterLab, the classic
notebook, Colab). Moving a control calls the explorer's ``render`` with the new settings
and puts the result in an ``Image`` widget (for figures) or an ``HTML`` widget (for text).
There are no threads and no timers: everything happens in the control's change callback,
so tests can drive it by setting ``control.value`` directly.
"""

import html

__all__ = ["LiveView", "widget_bundle"]


def widget_bundle(make_widget):
    """Return the MIME bundle of the widget ``make_widget()`` builds, or {} without ipywidgets.

    Used by the displays that carry two faces in one output (``Explorer``, ``Playground``):
    this is the live face; they add the static ``text/html`` face themselves.
    """
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return {}
    from .ipywidgets_compat import mimebundle

    return mimebundle(make_widget())


class LiveView:
    """The ipywidgets face of an ``Explorer``.

    Attributes:
        box: the ``ipywidgets.VBox`` to display.
        controls: dict name -> the ipywidgets control of each hyperparameter.
        display: the ``ipywidgets.Image`` (figures) or ``ipywidgets.HTML`` (text) showing the frame.
        message: an ``ipywidgets.HTML`` showing an error raised by ``draw`` (empty otherwise).
    """

    def __init__(self, explorer, continuous_update=True):
        import ipywidgets as widgets

        self._explorer = explorer
        self.controls = {
            name: control.make_widget(explorer.labels[name], continuous_update=continuous_update)
            for name, control in explorer.controls.items()
        }
        first = explorer.render(**explorer.current_settings())
        if first.kind == "png":
            self.display = widgets.Image(value=first.data, format="png")
        else:
            self.display = widgets.HTML(value=self._pre(first.data))
        self.message = widgets.HTML(value="")
        children = []
        if explorer.title:
            children.append(widgets.HTML(value=f"<b>{html.escape(explorer.title)}</b>"))
        children.extend(self.controls.values())
        children.extend([self.display, self.message])
        self.box = widgets.VBox(children)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @staticmethod
    def _pre(text):
        return f"<pre>{html.escape(text)}</pre>"

    def settings(self):
        """Return the settings now chosen in the live controls (plus fixed arguments)."""
        values = {name: w.value for name, w in self.controls.items()}
        return self._explorer.current_settings(**values)

    def _on_change(self, change=None):
        """Redraw for the controls' new values; show an error message instead of failing."""
        try:
            frame = self._explorer.render(**self.settings())
        except Exception as exc:  # shown to the learner, the widget keeps working
            self.message.value = (
                f'<pre style="color:#b00">draw() raised {html.escape(type(exc).__name__)}: '
                f"{html.escape(str(exc))}</pre>"
            )
            return
        self.message.value = ""
        if frame.kind == "png":
            self.display.value = frame.data
        else:
            self.display.value = self._pre(frame.data)
