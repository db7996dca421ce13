#!/usr/bin/env bash
# Every check of the course, run by `make test` (inside .venv). Runs all four stages even when
# one fails, so that one run reports everything; exits non-zero if any stage failed.
#   1. pytest tests/            nnlib, the course helpers, the book's structure
#   2. pytest --nbval (strict)  every notebook re-executed, every output compared
#   3. jupyter-book build       from scratch, warnings as errors
#   4. pytest tests/browser     every page in headless Chromium (skipped if 3 failed)
# Stages 1, 2 and 4 run on $JOBS processes (pytest-xdist; default 2, the reference machine's
# cores). nbval gets whole notebooks per process (--dist loadfile): a notebook's cells share
# one kernel and must run in order.
set -uo pipefail
jobs=${JOBS:-2}

cd "$(dirname "$0")/.."
bin=.venv/bin
failed=()
summary=()

stage() {  # stage NAME COMMAND...: run it, time it, remember a failure
    local name="$1"; shift
    echo
    echo "== $name"
    local start=$SECONDS
    if "$@"; then
        summary+=("passed  $(( SECONDS - start ))s  $name")
    else
        summary+=("FAILED  $(( SECONDS - start ))s  $name")
        failed+=("$name")
    fi
}

stage "1/4 unit tests" "$bin/python" -m pytest tests --ignore=tests/browser -q -n "$jobs"
stage "2/4 strict nbval over chapters/" "$bin/python" -m pytest --nbval --nbval-current-env \
    --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300 chapters -q \
    -n "$jobs" --dist loadfile
rm -rf _build
stage "3/4 book build (-W -n --keep-going)" "$bin/jupyter-book" build . -W -n --keep-going
if [ -f _build/html/index.html ] && [[ ! " ${failed[*]} " =~ "book build" ]]; then
    stage "4/4 browser tests" env REQUIRE_SITE=1 "$bin/python" -m pytest tests/browser -q -n "$jobs"
else
    summary+=("SKIPPED      4/4 browser tests (the book did not build)")
    failed+=("4/4 browser tests")
fi

echo
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "make test: ${#failed[@]} stage(s) failed."
    exit 1
fi
echo "make test: all checks passed."
