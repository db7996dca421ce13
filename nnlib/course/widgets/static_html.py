"""The website version of a widget: pre-rendered frames switched by a few lines of JavaScript.

Used by every chapter's widgets. On the book's static website there is no Python kernel,
so a slider cannot ask Python for a new picture. Instead the page carries every frame of
the grid (see ``frames.py``) and a tiny inline script shows the frame that matches the
controls. Everything lives in one self-contained ``<div>``: no CDN, no server, no external
URL, so it also works offline.

How the script finds a frame: control ``i`` has ``shape[i]`` static values and its HTML
input holds the index ``k_i`` of the chosen one. The flat index is computed row-major,
``flat = (...(k_0 * shape[1] + k_1) * shape[2] + ...)``, and ``index[flat]`` names the
stored frame (identical frames are stored once).

Data attributes for tests and curious readers:
``data-nnlib-widget="explore"`` on the root, ``data-control="<name>"`` on each input,
``data-frame="<n>"`` on the picture (the stored frame now shown).
"""

import base64
import hashlib
import html
import json
import os

__all__ = ["dom_id", "static_face_by_default", "static_html"]


def static_face_by_default():
    """Whether widgets carry their website face (pre-rendered frames, a snapshot) by default.

    Yes, except on Colab (nobody publishes from there, the learner should not wait for
    frames, and the frontend should show the live widget only), or when the environment
    variable ``NNLIB_WIDGETS_STATIC`` is ``0`` (``1`` forces it on).
    """
    from nnlib.course import on_colab

    flag = os.environ.get("NNLIB_WIDGETS_STATIC", "").strip().lower()
    if flag in ("0", "false", "no", "off"):
        return False
    if flag in ("1", "true", "yes", "on"):
        return True
    return not on_colab()


def dom_id(title, controls, draw_name=""):
    """Return a deterministic DOM id such as ``nnlib-w-3f2a9c1b0d``.

    It depends only on the title, the draw function's name and the controls (names and
    static values), never on memory addresses, so re-running the notebook gives the same page.
    """
    parts = [str(title or ""), str(draw_name)]
    for name, control in controls.items():
        parts.append(f"{name}={control.kind}:{'|'.join(control.labels())}")
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return "nnlib-w-" + digest[:10]


def _json_for_script(obj):
    """JSON that is safe inside a ``<script>`` element (no ``</script>`` can appear)."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_SCRIPT = """(function () {
  var script = document.currentScript;
  var root = script ? script.parentNode : document.getElementById("%(id)s");
  var data = JSON.parse(root.querySelector("script.nnlib-data").textContent);
  var inputs = root.querySelectorAll("[data-control]");
  var view = root.querySelector("[data-frame]");
  function update() {
    var flat = 0;
    for (var i = 0; i < inputs.length; i++) {
      var k = parseInt(inputs[i].value, 10);
      flat = flat * data.shape[i] + k;
      var readout = root.querySelector("output[data-readout='" + inputs[i].getAttribute("data-control") + "']");
      if (readout) { readout.textContent = data.labels[i][k]; }
    }
    var f = data.index[flat];
    if (data.kind === "png") { view.src = "data:image/png;base64," + data.frames[f]; }
    else { view.textContent = data.frames[f]; }
    view.setAttribute("data-frame", String(f));
    root.setAttribute("data-flat", String(flat));
  }
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("input", update);
    inputs[i].addEventListener("change", update);
  }
})();"""


def _control_html(name, control, label, chosen):
    """HTML of one static control: a snapping range input or a select."""
    esc = html.escape
    labels = control.labels()
    if control.kind == "range":
        return (
            f'<label style="display:inline-flex;align-items:center;gap:0.4em;margin:0.2em 1em 0.2em 0">'
            f"{esc(label)} "
            f'<input type="range" min="0" max="{len(labels) - 1}" step="1" value="{chosen}" '
            f'data-control="{esc(name)}" aria-label="{esc(label)}" style="width:160px">'
            f'<output data-readout="{esc(name)}" style="font-family:monospace;min-width:4em">'
            f"{esc(labels[chosen])}</output></label>"
        )
    options = "".join(
        f'<option value="{i}"{" selected" if i == chosen else ""}>{esc(text)}</option>'
        for i, text in enumerate(labels)
    )
    return (
        f'<label style="display:inline-flex;align-items:center;gap:0.4em;margin:0.2em 1em 0.2em 0">'
        f'{esc(label)} <select data-control="{esc(name)}" aria-label="{esc(label)}">{options}</select></label>'
    )


def static_html(widget_id, title, controls, labels, frames, chosen, alt="widget frame"):
    """Return the self-contained HTML of a static widget.

    Args:
        widget_id: the DOM id (see ``dom_id``).
        title: heading shown above the controls, or None.
        controls: dict name -> Range/Choice, in display order.
        labels: dict name -> text shown next to each control.
        frames: list of ``Frame`` objects, one per grid point, row-major (see ``frames.grid``).
        chosen: tuple, the index of the starting value of each control.
        alt: alternative text of the picture.

    Returns:
        str, an HTML fragment.
    """
    esc = html.escape
    shape = [len(c.static_values()) for c in controls.values()]
    # Store each distinct frame once; `index` maps a grid point to its stored frame.
    stored, index, seen = [], [], {}
    for frame in frames:
        key = frame.data
        if key not in seen:
            seen[key] = len(stored)
            stored.append(frame)
        index.append(seen[key])
    kind = frames[0].kind
    payload = [
        base64.b64encode(f.data).decode("ascii") if kind == "png" else f.data for f in stored
    ]
    flat = 0
    for size, k in zip(shape, chosen):
        flat = flat * size + k
    first = index[flat]

    if kind == "png":
        view = (
            f'<img data-frame="{first}" alt="{esc(alt)}" style="display:block;max-width:100%;height:auto" '
            f'src="data:image/png;base64,{payload[first]}">'
        )
    else:
        view = f'<pre data-frame="{first}" style="margin:0.4em 0">{esc(payload[first])}</pre>'

    data = {
        "kind": kind,
        "shape": shape,
        "labels": [c.labels() for c in controls.values()],
        "index": index,
        "frames": payload,
    }
    controls_html = "".join(
        _control_html(name, c, labels[name], k) for (name, c), k in zip(controls.items(), chosen)
    )
    heading = f'<div style="font-weight:bold;margin-bottom:0.3em">{esc(title)}</div>' if title else ""
    grid_total = len(frames)
    note = (
        f'<div style="font-size:0.8em;color:#666">Static preview: {grid_total} pre-rendered settings '
        f"(sliders snap to them). Run this notebook in Jupyter or Colab for the live widget.</div>"
    )
    return (
        f'<div class="nnlib-widget" id="{widget_id}" data-nnlib-widget="explore" '
        f'data-frames="{grid_total}" data-flat="{flat}" '
        f'style="border:1px solid #ddd;border-radius:6px;padding:0.6em;margin:0.5em 0">'
        f"{heading}<div>{controls_html}</div>{view}{note}"
        f'<script type="application/json" class="nnlib-data">{_json_for_script(data)}</script>'
        f"<script>{_SCRIPT % {'id': widget_id}}</script></div>"
    )

