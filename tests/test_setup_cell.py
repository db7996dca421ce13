"""The notebooks' setup cell when nnlib cannot be downloaded (Colab without a connection,
or a fork whose address is wrong): a short message that says what to do, not pip's error.

The setup cell is taken as stored in a chapter and run in a fresh IPython kernel, where
``import nnlib`` fails (as on a new Colab runtime) and the repository address points at a
closed port on this machine, so the download fails at once and offline. Run by `make test`
(IPython of requirements-lock.txt) and by `make test-colab` (Colab's IPython 7.34).
"""

import json
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from nnlib.course import REPOSITORY_URL

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "1_background" / "what_is_a_neural_network.ipynb"
UNREACHABLE = "http://127.0.0.1:9/nnlib-course/unreachable"  # port 9 (discard): nothing listens


def stored_setup_cell():
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "code")["source"])


@pytest.fixture(scope="module")
def offline_outputs(tmp_path_factory):
    """The outputs of the setup cell run without nnlib and without a reachable repository."""
    source = stored_setup_cell()
    assert REPOSITORY_URL in source
    notebook = new_notebook(cells=[
        new_code_cell('import sys\nsys.modules["nnlib"] = None  # as if nnlib were not installed'),
        new_code_cell(source.replace(REPOSITORY_URL, UNREACHABLE)),
    ])
    workdir = tmp_path_factory.mktemp("content")
    NotebookClient(notebook, timeout=180, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return nbformat.from_dict(notebook).cells[1].outputs


def test_offline_setup_says_what_to_do(offline_outputs):
    stdout = "".join(o.text for o in offline_outputs if o.output_type == "stream" and o.name == "stdout")
    assert "Could not download nnlib" in stdout
    assert "run this cell again" in stdout and "/tmp/nnlib-install.log" in stdout


def test_offline_setup_shows_no_pip_error(offline_outputs):
    shown = "".join(o.get("text", "") for o in offline_outputs if o.output_type == "stream")
    assert "ERROR" not in shown and "error:" not in shown and "Traceback" not in shown, shown
    assert not [o for o in offline_outputs if o.output_type == "stream" and o.name == "stderr"]


def test_offline_setup_stops_run_all_with_one_short_error(offline_outputs):
    """The cell still fails (so that "Run all" stops here), with the import error only."""
    errors = [o for o in offline_outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ModuleNotFoundError"]
