"""Execute every notebook as a learner on Colab would, and fail on any error a cell shows.

Part of `make test-colab` (tools/test_colab.sh), run with the Python of `.venv-colab`, whose
packages are Colab's preinstalled versions (tests/colab-versions.txt). Each notebook runs
top to bottom in a fresh kernel of that environment, the way Colab runs it:

- the stored outputs are dropped first: nothing is compared, every output is made anew;
- the kernel sees ``COLAB_RELEASE_TAG`` (Colab sets it), so nnlib behaves as on Colab:
  widgets are built without pre-rendered website frames, messages give Colab's menus;
- the working directory is an empty scratch folder, as Colab's ``/content`` is: a notebook
  opened from GitHub cannot read files that lie beside it in the repository.

A cell fails when any of its outputs is an error, even when the cell itself finished (an
exception raised while IPython formats a value is printed as an error output, and the cell
goes on), or when it writes to stderr. Cells tagged ``raises-exception`` may show their one
error. One line per notebook is printed, then a summary; the exit status is 1 if any failed.

Usage: python tools/execute_like_colab.py [--jobs 2] [--timeout 600] NOTEBOOK_OR_FOLDER...
"""

import argparse
import concurrent.futures
import os
import pathlib
import sys
import tempfile
import time

COLAB_TAG = "release-colab-stage"  # any value: nnlib only asks whether the variable is set


def notebooks_in(paths):
    """Every .ipynb under ``paths`` (files or folders), sorted, without checkpoint copies."""
    found = []
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            found += [p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
        elif path.suffix == ".ipynb":
            found.append(path)
        else:
            raise SystemExit(f"error: expected a notebook or a folder, got {str(path)!r}")
    return sorted(found)


def problems_of(notebook):
    """List the visible problems of an executed notebook, as (code cell number, text) pairs."""
    problems = []
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        may_raise = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if may_raise and len(errors) <= 1:
            errors = []
        for error in errors:
            problems.append((number, f"{error.ename}: {error.evalue}"[:300]))
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                problems.append((number, "stderr: " + output.text.strip()[:300]))
    return problems


def execute(path, timeout):
    """Run one notebook in a fresh kernel and scratch folder; return (path, seconds, cells, problems)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="content-") as scratch:
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": scratch}})
        try:
            client.execute()
        except Exception as exc:  # a dead kernel or a time-out: the notebook fails, the others go on
            return path, time.perf_counter() - start, 0, [(0, f"execution stopped: {type(exc).__name__}: {exc}"[:300])]
    cells = sum(1 for c in notebook.cells if c.cell_type == "code")
    return path, time.perf_counter() - start, cells, problems_of(notebook)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="notebooks, or folders to search for them")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one cell may take (default 600)")
    args = parser.parse_args(argv)
    paths = notebooks_in(args.paths)
    if not paths:
        raise SystemExit("error: no notebook found in " + " ".join(args.paths))
    os.environ["COLAB_RELEASE_TAG"] = COLAB_TAG
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # a debugger note on stderr, not ours

    failed = 0
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(execute, path, args.timeout) for path in paths]
        for future in futures:  # in the sorted order, so the report reads the same every time
            path, seconds, cells, problems = future.result()
            verdict = "ok    " if not problems else "FAILED"
            print(f"{verdict} {seconds:6.1f} s  {cells:3d} cells  {path}", flush=True)
            for number, text in problems:
                print(f"         code cell {number}: {text}", flush=True)
            failed += bool(problems)
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
