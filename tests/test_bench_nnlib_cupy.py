"""The CuPy benchmark runs, on NumPy alone and (through the strict stand-in) on a "GPU" module.

``benchmarks/bench_nnlib_cupy.py`` produces the chapter's table on a GPU machine, which CI
does not have; these tests keep its code working in between: the NumPy-only run, and the
whole CuPy path with ``strict`` (tests/strict_array_module.py) playing CuPy, which must
train to exactly the NumPy losses.
"""

import importlib.util
import pathlib
import re

import pytest
from strict_array_module import strict

SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "bench_nnlib_cupy.py"


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("bench_nnlib_cupy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _training_rows(output):
    """{(module, width): (speed-up, loss)} from the training table."""
    rows = {}
    for line in output.splitlines():
        match = re.fullmatch(r"\| (\w+) \| (\d+) \| [\d.]+ \| [\d.]+ \| [\d.]+ \| ([\d.]+) \| ([\d.]+) \|", line)
        if match:
            rows[(match[1], int(match[2]))] = (float(match[3]), float(match[4]))
    return rows


def test_without_a_gpu_it_measures_numpy_and_says_so(bench, monkeypatch, capsys):
    monkeypatch.setattr(bench.array_modules, "gpu_module", lambda: None)
    bench.main(["--quick", "--repeats", "1"])
    output = capsys.readouterr().out
    assert "GPU none usable by CuPy" in output and "NumPy rows only" in output
    assert "| numpy | 512 |" in output
    assert set(_training_rows(output)) == {("numpy", 64), ("numpy", 512)}


def test_the_gpu_path_runs_and_trains_to_the_numpy_losses(bench, monkeypatch, capsys):
    monkeypatch.setattr(bench.array_modules, "gpu_module", lambda: strict)
    monkeypatch.setattr(bench, "gpu_name", lambda cupy: "a pretend GPU")
    bench.main(["--quick", "--repeats", "1"])
    output = capsys.readouterr().out
    assert "GPU a pretend GPU" in output
    assert "| strict_numpy | 512 |" in output
    rows = _training_rows(output)
    for width in (64, 512):
        assert rows[("strict_numpy", width)][1] == rows[("numpy", width)][1]  # the same losses
        assert rows[("numpy", width)][0] == 1.0
