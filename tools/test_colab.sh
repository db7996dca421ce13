#!/usr/bin/env bash
# The Colab stage, run by `make test-colab` (and by .ci/run after `make test`): the notebooks
# and the widget tests on Colab's own package versions.
#   1. .venv-colab: a virtual environment with exactly the versions in tests/colab-versions.txt
#      (made on first use, and again when that file changes; nnlib itself is reinstalled by
#      every run, in step 3);
#   2. the setup cell's install, dry run: installing nnlib must not upgrade or downgrade any
#      package Colab preinstalls (pip --dry-run --report lists what it would install);
#   3. nnlib installed from this checkout the way the setup cell installs it (plain `pip
#      install`, no extras, no --upgrade);
#   4. every notebook in chapters/ executed top to bottom as on Colab, failing on any error
#      output (tools/execute_like_colab.py);
#   5. the widget and course unit tests under ipywidgets 7.
# All steps run even when one fails; exits non-zero if any failed.
set -uo pipefail

cd "$(dirname "$0")/.."
versions=tests/colab-versions.txt
venv=.venv-colab
bin=$venv/bin
stamp=$venv/.installed
. tools/stages.sh

colab_python() {  # the Python Colab runs (the `# python:` line), else python3 with a note
    local wanted candidate
    wanted=$(sed -n 's/^# python: *\([0-9.]*\).*/\1/p' "$versions")
    for candidate in "${COLAB_PYTHON:-}" "python$wanted" "$HOME"/.pyenv/versions/"$wanted"*/bin/python"$wanted"; do
        if [ -n "$candidate" ] && "$candidate" -c 'import sys' >/dev/null 2>&1; then
            echo "$candidate"; return
        fi
    done
    echo "note: Colab runs Python $wanted, which this machine lacks; using $(python3 --version 2>&1) instead." >&2
    echo python3
}

make_venv() {
    local python
    python=$(colab_python)
    rm -rf "$venv"
    echo "Creating $venv with $("$python" --version 2>&1) and Colab's versions from $versions ..."
    "$python" -m venv "$venv" || return 1
    "$bin/python" -m pip install --disable-pip-version-check -q --upgrade pip || return 1
    "$bin/python" -m pip install --disable-pip-version-check -q -r "$versions" || return 1
    # The test tools, constrained so that they cannot move a pinned package.
    "$bin/python" -m pip install --disable-pip-version-check -q -c "$versions" pytest nbclient nbformat || return 1
    touch "$stamp"
}

fresh_build() {  # setuptools reuses build/: a stale copy of a moved module must not slip into the wheel
    rm -rf build nnlib.egg-info
}

dry_run_changes_nothing() {
    local report=$venv/nnlib-install-report.json
    fresh_build
    "$bin/python" -m pip uninstall -q -y nnlib >/dev/null 2>&1
    "$bin/python" -m pip install --disable-pip-version-check -q --dry-run --report "$report" . || return 1
    "$bin/python" - "$report" <<'EOF'
import json, sys
installs = json.load(open(sys.argv[1]))["install"]
names = sorted(item["metadata"]["name"] + " " + item["metadata"]["version"] for item in installs)
others = [n for n in names if not n.lower().startswith("nnlib ")]
print("the setup cell would install:", ", ".join(names))
if others:
    print("error: installing nnlib on Colab would also install, upgrade or downgrade:", ", ".join(others))
    sys.exit(1)
EOF
}

install_like_the_setup_cell() {
    fresh_build
    "$bin/python" -m pip install --disable-pip-version-check -q . || return 1
    fresh_build
}

if [ ! -f "$stamp" ] || [ "$versions" -nt "$stamp" ]; then
    stage "1/5 $venv with Colab's versions" make_venv
fi
if [ ! -f "$stamp" ]; then
    echo "make test-colab: $venv could not be made."
    exit 1
fi
stage "2/5 the setup cell's install changes no Colab package (pip --dry-run)" dry_run_changes_nothing
stage "3/5 nnlib installed as the setup cell installs it" install_like_the_setup_cell
share_the_cores 2  # execute_like_colab.py runs 2 notebooks at once (tools/stages.sh)
stage "4/5 every notebook executed as on Colab" "$bin/python" tools/execute_like_colab.py chapters
stage "5/5 widget and course unit tests on ipywidgets $("$bin/python" -c 'import ipywidgets; print(ipywidgets.__version__)')" \
    "$bin/pytest" -q -p no:cacheprovider tests/test_widgets.py tests/test_course.py tests/test_setup_cell.py

finish "make test-colab"
