"""The README's nnlib quick start runs and learns (a newcomer copies it first)."""

import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def test_quick_start_runs_and_reaches_the_accuracy_it_promises(capsys):
    text = README.read_text(encoding="utf-8")
    section = text.split("## nnlib in ten lines", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README quick start", "exec"), {})
    printed = capsys.readouterr().out
    accuracy = float(re.search(r"test accuracy: ([0-9.]+)", printed).group(1))
    assert accuracy >= 0.95


def test_functional_example_builds_and_compiles():
    """The README's Functional-API example (the second code block of the section) runs."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## nnlib in ten lines", 1)[1]
    code = re.findall(r"```python\n(.*?)```", section, re.S)[1]
    names = {}
    exec(compile(code, "README functional example", "exec"), names)
    model = names["model"]
    assert model.output_names == ["price", "kind"]
    assert model.metrics_names == ["loss", "price_loss", "kind_loss"]
