"""List the precise numbers that a chapter's prose states itself instead of gluing them.

The book's rule: a number a sentence states about an output (an accuracy, a loss, a rate) is
computed by a code cell and inserted with MyST-NB's ``glue``, so that a re-run cannot
contradict the text. This finds the numbers that look like measurements in the markdown
cells: decimals with three or more significant digits (0.856, 25.4, 157698.156) and
percentages with a decimal point (97.5%). Math (``$...$``), code spans, glue roles, links and
citations are skipped. Rounder numbers (0.25, a learning rate of 0.01) are not reported:
they are usually inputs or constants.

A number that is a fact rather than an output (a spec-sheet peak rate, a constant such as
ln 10 = 2.303 written in prose) is listed in ``tests/prose_numbers_allowed.txt`` with the
notebook and the reason; ``tests/test_prose.py`` fails on any other.

    python tools/prose_numbers.py            # every unexplained number, per notebook
    python tools/prose_numbers.py --all      # also the allowed ones
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALLOWED_FILE = ROOT / "tests" / "prose_numbers_allowed.txt"

_SKIP = [
    re.compile(r"```.*?```", re.S),  # fenced blocks
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S),  # amsmath environments
    re.compile(r"\$[^$\n]+\$"),  # inline math
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # roles: {glue:text}`name:.3f`, {cite}`key`, {doc}`...`
    re.compile(r"`[^`]*`"),  # code spans
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<!--.*?-->", re.S),  # comments
]
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*\.\d+)(\s?%)?(?![\w.])")


def prose_of(source):
    """The markdown ``source`` with math, code, roles and link targets blanked out."""
    for pattern in _SKIP:
        source = pattern.sub(" ", source)
    return source


def significant_digits(text):
    digits = text.replace(",", "").replace(".", "").lstrip("0")
    return len(digits)


def numbers_in(source):
    """The measurement-like numbers of one markdown cell, as written (e.g. "0.856", "97.5%")."""
    found = []
    for match in _NUMBER.finditer(prose_of(source)):
        number, percent = match.group(1), match.group(2)
        if percent or significant_digits(number) >= 3:
            found.append(number + ("%" if percent else ""))
    return found


def notebook_numbers(path):
    """The measurement-like numbers of every markdown cell of the notebook at ``path``."""
    cells = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        if cell["cell_type"] == "markdown":
            found.extend(numbers_in("".join(cell["source"])))
    return found


def allowed_numbers():
    """{(notebook path, number): reason} from ``tests/prose_numbers_allowed.txt``.

    Each line is ``<notebook path> | <number as written> | <why it is not an output>``;
    blank lines and lines starting with # are skipped.
    """
    allowed = {}
    for line in ALLOWED_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, number, reason = (part.strip() for part in line.split("|", 2))
        allowed[path, number] = reason
    return allowed


def unexplained(path, allowed):
    """The numbers of the notebook at ``path`` that are neither glued nor allowed."""
    relative = str(pathlib.Path(path).resolve().relative_to(ROOT))
    return [n for n in notebook_numbers(path) if (relative, n) not in allowed]


def main(argv):
    allowed = allowed_numbers()
    total = 0
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        numbers = notebook_numbers(path) if "--all" in argv else unexplained(path, allowed)
        if numbers:
            print(f"{path.relative_to(ROOT)}: {', '.join(numbers)}")
            total += len(numbers)
    print(f"{total} number(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
