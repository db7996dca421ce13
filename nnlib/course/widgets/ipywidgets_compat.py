"""The three places where ipywidgets 7 and 8 differ for the course, in one file.

Colab's frontend renders ipywidgets 7 only (Colab preinstalls 7.7.1), while JupyterLab 4
and the classic notebook 7 use ipywidgets 8. The course's widgets work with both; every
call that is not the same in the two majors goes through this module:

* **Displaying a widget.** 8 gives every widget ``_repr_mimebundle_()``; 7 displays
  through ``_ipython_display_`` and has no bundle method. ``mimebundle(widget)`` returns
  the same bundle in both: a ``text/plain`` repr and the widget-view reference
  ``{"version_major": 2, "version_minor": 0, "model_id": ...}`` that the frontend
  renders.
* **Stopping a Play widget.** The trait is ``playing`` in 8 and ``_playing`` in 7.
* **Naming an accordion's sections.** ``Accordion(titles=...)`` exists in 8 only; 7
  silently ignores it. ``set_title(index, title)`` works in both.
"""

__all__ = ["WIDGET_VIEW_MIMETYPE", "is_playing", "mimebundle", "set_playing", "titled_accordion"]

#: The MIME type under which a notebook output refers to a live widget.
WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"


def mimebundle(widget):
    """Return the MIME bundle that displays ``widget`` live, on ipywidgets 7 and 8.

    Returns:
        dict with ``text/plain`` and, for a widget that has a view, the widget-view entry.
    """
    if hasattr(widget, "_repr_mimebundle_"):  # ipywidgets 8
        return dict(widget._repr_mimebundle_())
    bundle = {"text/plain": repr(widget)}  # ipywidgets 7: what _ipython_display_ would show
    if widget._view_name is not None:
        bundle[WIDGET_VIEW_MIMETYPE] = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    return bundle


def set_playing(play, playing):
    """Start (True) or stop (False) an ``ipywidgets.Play`` widget, on ipywidgets 7 and 8."""
    name = "playing" if play.has_trait("playing") else "_playing"
    setattr(play, name, bool(playing))


def is_playing(play):
    """Return whether an ``ipywidgets.Play`` widget is playing, on ipywidgets 7 and 8."""
    name = "playing" if play.has_trait("playing") else "_playing"
    return bool(getattr(play, name))


def titled_accordion(children, titles):
    """Return an ``ipywidgets.Accordion`` whose sections show ``titles`` on ipywidgets 7 and 8."""
    import ipywidgets as widgets

    accordion = widgets.Accordion(children=list(children))
    for index, title in enumerate(titles):
        accordion.set_title(index, title)
    return accordion
