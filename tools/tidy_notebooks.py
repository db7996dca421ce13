"""Tidy notebooks after `jupyter execute --inplace` (run by `make execute`).

- Removes the per-cell execution timestamps nbclient records (``metadata.execution``):
  they change on every run and would make every re-execution a diff.
- Names the kernel ``python3`` (the kernel of the current environment), as nbval and the
  book build expect.
- Renames the ipywidgets model ids (random UUIDs, new on every run) to ids derived from the
  notebook's name and their order, so that re-executing an unchanged notebook changes nothing.

Usage: python tools/tidy_notebooks.py NOTEBOOK.ipynb [...]
"""

import hashlib
import json
import pathlib
import re
import sys

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def _widget_order(notebook, state):
    """Model ids in a run-independent order: depth-first from each displayed widget."""
    roots = [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if WIDGET_VIEW in output.get("data", {})
    ]
    order, seen = [], set()

    def visit(model_id):
        if model_id in seen or model_id not in state:
            return
        seen.add(model_id)
        order.append(model_id)
        for child in re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[model_id], sort_keys=True)):
            visit(child)

    for root in roots:
        visit(root)
    # Models no displayed widget refers to: ordered by their content.
    rest = [m for m in state if m not in seen]
    rest.sort(key=lambda m: MODEL_ID.sub("", json.dumps(state[m], sort_keys=True)))
    return order + rest


def stable_widget_ids(notebook, name):
    """Give the widget models ids derived from the notebook's name and a stable order.

    Returns the mapping old id -> new id (empty when the notebook has no widget state); the
    caller rewrites the ids in the notebook's text.
    """
    widgets = notebook.metadata.get("widgets", {}).get(WIDGET_STATE)
    if not widgets or not widgets.get("state"):
        return {}
    state = widgets["state"]
    order = _widget_order(notebook, state)
    return {old: hashlib.sha256(f"{name}:{i}".encode()).hexdigest()[:32] for i, old in enumerate(order)}


def tidy(path):
    """Tidy one notebook file in place; return True when it changed."""
    notebook = nbformat.read(path, as_version=4)
    before = nbformat.writes(notebook)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    mapping = stable_widget_ids(notebook, pathlib.Path(path).name)
    renamed = MODEL_ID.sub(lambda m: mapping.get(m.group(0), m.group(0)), nbformat.writes(notebook))
    # Write again so that the JSON keys are sorted by the new ids.
    after = nbformat.writes(nbformat.reads(renamed, as_version=4))
    if after != before:
        pathlib.Path(path).write_text(after, encoding="utf-8")
        return True
    return False


def main(paths):
    for path in paths:
        changed = tidy(path)
        print(f"{'tidied ' if changed else 'already tidy '}{path}")


if __name__ == "__main__":
    main(sys.argv[1:])
