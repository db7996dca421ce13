"""Checks on the chapters' prose: numbers come from the code, and the chapters link in order.

- A precise number in a sentence (0.856, 25.4 GFLOP/s, 97.5%) is glued from the code cell
  that computes it (MyST-NB's ``glue``), so that a re-run cannot contradict the text; the
  few that are facts, not outputs, are listed with their reason in
  ``tests/prose_numbers_allowed.txt`` (``tools/prose_numbers.py`` prints the candidates).
- Every chapter ends with a "Next:" link to the chapter that follows it in ``_toc.yml``, so
  that the reading order the toc gives is the one the chapters announce.
"""

import json
import pathlib
import re
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import prose_numbers  # noqa: E402

NOTEBOOKS = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
NOTEBOOK_IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]
MAIN_PATH = [p for p in NOTEBOOKS if "appendix" not in p.parts]  # appendix pages have no "Next:"
NEXT_LINK = re.compile(r"Next:?\s.*?\[[^\]]+\]\(([^)#\s]+)(?:#[^)]*)?\)", re.S)


def toc_chapters():
    """The chapter files of _toc.yml that exist, in reading order, with their suffix (.ipynb or .md)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = []
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            stem = ROOT / chapter["file"]
            found = [stem.with_suffix(s) for s in (".ipynb", ".md") if stem.with_suffix(s).exists()]
            files += found[:1]  # a missing file is test_book.py's to report
    return files


def last_markdown(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "".join([c for c in cells if c["cell_type"] == "markdown"][-1]["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_precise_numbers_in_the_prose_are_glued(path):
    unexplained = prose_numbers.unexplained(path, prose_numbers.allowed_numbers())
    assert not unexplained, (
        f"{path.relative_to(ROOT)} states {unexplained} in its prose. Compute each in a code cell "
        "and glue it (nnlib.course.glue), or, if it is a fact and not an output of the code, list it "
        "in tests/prose_numbers_allowed.txt with the reason."
    )


def test_every_allowed_number_still_occurs():
    """An entry of prose_numbers_allowed.txt whose number left the prose is stale: remove it."""
    stale = [(path, number) for path, number in prose_numbers.allowed_numbers()
             if number not in prose_numbers.notebook_numbers(ROOT / path)]
    assert not stale, f"stale entries in tests/prose_numbers_allowed.txt: {stale}"


@pytest.mark.parametrize("path", MAIN_PATH, ids=[str(p.relative_to(ROOT)) for p in MAIN_PATH])
def test_the_next_link_follows_the_toc(path):
    order = toc_chapters()
    main_path = [p for p in order if "appendix" not in p.parts]
    position = main_path.index(path)
    expected = main_path[position + 1] if position + 1 < len(main_path) else (
        ROOT / "chapters" / "appendix" / "where_to_go_next.md")
    links = NEXT_LINK.findall(last_markdown(path))
    assert links, f"{path.relative_to(ROOT)} does not end with a 'Next: [...](...)' link"
    target = (path.parent / links[-1]).resolve()
    assert target == expected, (
        f"{path.relative_to(ROOT)} says Next: {links[-1]}, but the toc's next chapter is "
        f"{expected.relative_to(ROOT)}"
    )
