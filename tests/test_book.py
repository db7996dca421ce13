"""Checks of the book's structure and of the notebooks as they are stored.

Strict nbval (run by `make test`) re-executes every notebook and compares its outputs with the
stored ones. It cannot see what is NOT stored (a notebook saved without outputs passes anything),
and it lets a `raises-exception` cell pass without raising. These tests close those gaps and
check the conventions of CONTRIBUTING.md:

- every notebook in chapters/ is in _toc.yml and every page of _toc.yml exists;
- every code cell has been executed and saved, in order, starting at 1;
- every `raises-exception` cell stores the error its first line announces
  (``# Raises ShapeError: ...``), and only such cells store errors;
- the first code cell is the setup cell, with this repository's URL and nnlib's version;
- every exercise is followed by its hidden solution, whose stored check says "Correct";
- the repository URL is the same everywhere, and `make set-repo` changes all of it.
"""

import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
import yaml

import nnlib
from nnlib import course

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"]
REPO_BRANCH = CONFIG["repository"]["branch"]
NOTEBOOKS = sorted(p for p in CHAPTERS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
NOTEBOOK_IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]
RAISES_LINE = re.compile(r"^#\s*Raises\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
SETUP_CALL = re.compile(r'nnlib\.course\.setup\("([0-9.]+)"')


def toc_files():
    """Every `file:` entry of _toc.yml (and the root), without suffix, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return files


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def read(path):
    return nbformat.read(path, as_version=4)


def stdout_of(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


# --- the table of contents ------------------------------------------------------------------

def test_there_are_notebooks():
    assert NOTEBOOKS, "chapters/ has no notebooks"


def test_every_notebook_is_in_the_toc():
    listed = {str(pathlib.PurePosixPath(f)) for f in toc_files()}
    missing = [str(p.relative_to(ROOT).with_suffix("")) for p in NOTEBOOKS]
    missing = [m for m in missing if m not in listed]
    assert not missing, f"notebooks missing from _toc.yml: {missing}"


def test_every_toc_entry_exists_once():
    files = toc_files()
    assert len(files) == len(set(files)), "a page is listed twice in _toc.yml"
    for entry in files:
        candidates = [ROOT / f"{entry}{suffix}" for suffix in (".ipynb", ".md")]
        assert any(c.exists() for c in candidates), f"_toc.yml lists {entry}, which does not exist"


def test_notebook_names_are_snake_case():
    for path in NOTEBOOKS:
        assert re.fullmatch(r"[a-z0-9_]+\.ipynb", path.name), f"{path.name}: use snake_case names"


# --- the stored notebooks -------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_every_code_cell_was_executed_in_order(path):
    counts = [cell.execution_count for cell in code_cells(read(path))]
    expected = list(range(1, len(counts) + 1))
    assert counts == expected, (
        f"{path.name}: execution counts {counts}; expected {expected}. "
        f"Re-execute it top to bottom and save: make execute NB={path.relative_to(ROOT)}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_the_kernel_is_python3(path):
    kernelspec = read(path).metadata.get("kernelspec", {})
    assert kernelspec.get("name") == "python3", f"{path.name}: kernelspec {kernelspec}; run tools/tidy_notebooks.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_errors_are_stored_exactly_where_announced(path):
    for index, cell in enumerate(code_cells(read(path)), start=1):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        tags = cell.metadata.get("tags", [])
        where = f"{path.name}, code cell {index}"
        if "raises-exception" not in tags:
            assert not errors, f"{where} stores an error but is not tagged raises-exception"
            continue
        first_line = cell.source.splitlines()[0] if cell.source else ""
        announced = RAISES_LINE.match(first_line)
        assert announced, f"{where} is tagged raises-exception; its first line must be '# Raises ErrorName: ...'"
        assert len(errors) == 1, f"{where} should store exactly one error; it stores {len(errors)}"
        name = announced.group(1).split(".")[-1]
        assert errors[0].ename == name, f"{where} announces {name} but stores {errors[0].ename}: {errors[0].evalue}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_no_stderr_is_stored(path):
    for index, cell in enumerate(code_cells(read(path)), start=1):
        stderr = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, f"{path.name}, code cell {index} writes to stderr: {stderr[0].text[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_the_first_code_cell_is_the_setup_cell(path):
    cells = code_cells(read(path))
    assert cells, f"{path.name} has no code cell"
    setup = cells[0].source
    install = f'%pip install -q "git+{REPO_URL}@{REPO_BRANCH}"'
    assert "import nnlib.course" in setup and install in setup, (
        f"{path.name}: the first code cell must be the setup cell of CONTRIBUTING.md, installing {install}"
    )
    match = SETUP_CALL.search(setup)
    assert match, f'{path.name}: the setup cell must call nnlib.course.setup("X.Y")'
    major_minor = ".".join(nnlib.__version__.split(".")[:2])
    assert match.group(1) == major_minor, f"{path.name} is written for nnlib {match.group(1)}, nnlib is {nnlib.__version__}"
    assert stdout_of(cells[0]).startswith("Setup done"), f"{path.name}: the setup cell's output is not stored"
    for cell in cells[1:]:
        assert "course.setup(" not in cell.source, f"{path.name}: only the first code cell calls setup()"


def test_every_setup_cell_is_the_one_of_contributing():
    """One setup cell, word for word, in every notebook and in CONTRIBUTING.md (the offline
    message included, which tests/test_setup_cell.py runs)."""
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    documented = re.search(r"```python\n(# Setup: .*?)```", contributing, flags=re.DOTALL).group(1).strip()
    for path in NOTEBOOKS:
        assert code_cells(read(path))[0].source.strip() == documented, f"{path.name}: the setup cell differs from CONTRIBUTING.md"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_every_exercise_has_a_hidden_solution_that_passes(path):
    cells = code_cells(read(path))
    for index, cell in enumerate(cells):
        tags = cell.metadata.get("tags", [])
        where = f"{path.name}, code cell {index + 1}"
        if "exercise" in tags:
            following = cells[index + 1] if index + 1 < len(cells) else None
            assert following is not None and "solution" in following.metadata.get("tags", []), (
                f"{where} is an exercise; the next code cell must be its solution (tagged solution)"
            )
        if "solution" in tags:
            assert "hide-input" in tags, f"{where}: a solution must also be tagged hide-input"
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, (
                f"{where}: set metadata.jupyter.source_hidden = true (collapsed in JupyterLab)"
            )
            out = stdout_of(cell)
            assert out and all(line.startswith(("Correct", "    ")) for line in out.splitlines()), (
                f"{where}: the solution's stored check must say Correct; it says {out!r}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_chapter_has_learning_goals_and_summary(path):
    markdown = "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown")
    assert "**Learning goals.**" in markdown or "## Learning goals" in markdown, f"{path.name}: no learning goals"
    assert re.search(r"^## Summary", markdown, flags=re.MULTILINE), f"{path.name}: no '## Summary' section"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_stays_small(path):
    size = path.stat().st_size
    assert size < 4_000_000, f"{path.name} is {size / 1e6:.1f} MB; shrink its widgets' grids or figures"


# --- configuration ------------------------------------------------------------------------

def test_config_basics():
    assert CONFIG["execute"]["execute_notebooks"] == "off", "the book shows the outputs nbval checked"
    assert "2023" not in str(CONFIG.get("copyright", "")), "set copyright in _config.yml"
    assert CONFIG.get("only_build_toc_files") is True
    static = CONFIG["sphinx"]["config"]["html_static_path"]
    assert all(pathlib.PurePath(p).name != "_static" for p in static), "a folder named _static loads on every page"
    assert not (ROOT / "_static").exists(), "do not add a top-level _static folder (see toolchain notes)"


def test_mathjax_is_shipped():
    path = CONFIG["sphinx"]["config"]["mathjax_path"]
    assert not path.startswith("http"), "MathJax must come with the book, not from a CDN"
    static = CONFIG["sphinx"]["config"]["html_static_path"]
    assert any((ROOT / folder / path).exists() for folder in static), f"{path} not found in {static}"


def test_repository_url_is_the_same_everywhere():
    assert course.REPOSITORY_URL == REPO_URL
    assert course.REPOSITORY_BRANCH == REPO_BRANCH
    slug = REPO_URL.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"colab.research.google.com/github/{slug}/blob/{REPO_BRANCH}/" in readme
    assert f"mybinder.org/v2/gh/{slug}/{REPO_BRANCH}" in readme
    assert f"git+{REPO_URL}@{REPO_BRANCH}" in readme


def test_set_repo_rewrites_every_copy(tmp_path):
    for name in ["_config.yml", "README.md", "CONTRIBUTING.md", "intro.md"]:
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "nnlib" / "course").mkdir(parents=True)
    shutil.copy(ROOT / "nnlib" / "course" / "notebook_setup.py", tmp_path / "nnlib" / "course" / "notebook_setup.py")
    shutil.copytree(CHAPTERS, tmp_path / "chapters")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "set_repo.py"), "https://github.com/someone/my-fork",
         "--branch", "spring", "--root", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    old_slug = REPO_URL.removeprefix("https://github.com/")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert old_slug not in path.read_text(encoding="utf-8"), f"{path.name} still names {old_slug}"
    config = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"] == {"url": "https://github.com/someone/my-fork", "path_to_book": "", "branch": "spring"}
    course_text = (tmp_path / "nnlib" / "course" / "notebook_setup.py").read_text(encoding="utf-8")
    assert 'REPOSITORY_URL = "https://github.com/someone/my-fork"' in course_text
    assert 'REPOSITORY_BRANCH = "spring"' in course_text
    for notebook in (tmp_path / "chapters").rglob("*.ipynb"):
        setup = code_cells(read(notebook))[0].source
        assert 'git+https://github.com/someone/my-fork@spring"' in setup
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "colab.research.google.com/github/someone/my-fork/blob/spring/" in readme


def test_set_repo_rejects_a_non_github_url(tmp_path):
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "set_repo.py"), "https://example.com/x", "--root", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0 and "GitHub repository URL" in result.stderr


def _notebook_with_widgets(box_id, slider_id):
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("w")
    cell.id = "widget-cell"  # cell ids survive execution; only the widget ids change
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output(
        "execute_result", execution_count=1,
        data={"application/vnd.jupyter.widget-view+json": {"model_id": box_id, "version_major": 2,
                                                           "version_minor": 0},
              "text/plain": "Box"},
    )]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    notebook.cells = [cell]
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "version_major": 2, "version_minor": 0,
        "state": {
            slider_id: {"model_name": "IntSliderModel", "state": {"value": 3}},
            box_id: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider_id}"]}},
        },
    }}
    return notebook


def test_tidy_notebooks_makes_re_execution_reproducible(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import tidy_notebooks
    finally:
        sys.path.pop(0)
    texts = []
    for box_id, slider_id in [("a" * 32, "b" * 32), ("c" * 32, "0" * 32)]:  # two runs, random ids
        path = tmp_path / "demo.ipynb"
        nbformat.write(_notebook_with_widgets(box_id, slider_id), path)
        assert tidy_notebooks.tidy(path) is True
        texts.append(path.read_text(encoding="utf-8"))
        assert tidy_notebooks.tidy(path) is False  # already tidy
    assert texts[0] == texts[1]
    tidied = nbformat.reads(texts[0], as_version=4)
    assert "execution" not in tidied.cells[0].metadata
    assert tidied.metadata["kernelspec"]["name"] == "python3"
    state = tidied.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    box = tidied.cells[0].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    slider = state[box]["state"]["children"][0].removeprefix("IPY_MODEL_")
    assert state[slider]["model_name"] == "IntSliderModel"
