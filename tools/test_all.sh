#!/usr/bin/env bash
# Every check of the course, run by `make test` (inside .venv). Runs all four stages even when
# one fails, so that one run reports everything; exits non-zero if any stage failed.
#   1. lint-imports, then      the layout contracts of pyproject.toml (the library never
#      pytest tests/            imports nnlib.course, matplotlib, ...); nnlib, the course helpers, the book
#   2. pytest --nbval (strict)  every notebook re-executed, every output compared
#   3. tools/build_book.sh      both editions (English, Chinese in zh/) from scratch, at the
#                               same time, warnings as errors
#   4. pytest tests/browser     every page of both in headless Chromium (skipped if 3 failed)
# Stages 1, 2 and 4 run on $JOBS processes (pytest-xdist; default 2, the reference machine's
# cores). nbval gets whole notebooks per process (--dist loadfile): a notebook's cells share
# one kernel and must run in order. Each process gets its share of the cores' threads
# (share_the_cores, tools/stages.sh).
set -uo pipefail
jobs=${JOBS:-2}

cd "$(dirname "$0")/.."
bin=.venv/bin
. tools/stages.sh
share_the_cores "$jobs"

unit_tests() {
    "$bin/lint-imports" --no-cache || return 1
    "$bin/python" -m pytest tests --ignore=tests/browser -q -n "$jobs"
}
stage "1/4 import contracts and unit tests" unit_tests
stage "2/4 strict nbval over chapters/" "$bin/python" -m pytest --nbval --nbval-current-env \
    --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300 chapters -q \
    -n "$jobs" --dist loadfile
rm -rf _build
stage "3/4 book build, English and Chinese (-W -n --keep-going)" tools/build_book.sh -W -n --keep-going
if [ -f _build/html/index.html ] && [[ ! " ${failed[*]} " =~ "book build" ]]; then
    stage "4/4 browser tests" env REQUIRE_SITE=1 "$bin/python" -m pytest tests/browser -q -n "$jobs"
else
    summary+=("SKIPPED      4/4 browser tests (the book did not build)")
    failed+=("4/4 browser tests")
fi

finish "make test"
