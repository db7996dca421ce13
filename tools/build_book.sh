#!/usr/bin/env bash
# Both editions of the book, built at the same time (one core each): the English one into
# _build/html (jupyter-book build), the Chinese one into _build/html/zh (tools/book_zh.py).
# The options (`make book` and `make test` give -W -n --keep-going) go to both builds. The
# Chinese build's log goes to _build/zh-build.log and is printed after the English one.
# Exits non-zero if either build failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
mkdir -p _build
"$bin/python" tools/book_zh.py "$@" > _build/zh-build.log 2>&1 &
chinese=$!
"$bin/jupyter-book" build . "$@"
english_status=$?
wait "$chinese"
chinese_status=$?
echo
echo "== the Chinese edition (log: _build/zh-build.log)"
cat _build/zh-build.log
if [ "$english_status" -ne 0 ] || [ "$chinese_status" -ne 0 ]; then
    echo "The book did not build: English exit status $english_status, Chinese $chinese_status."
    exit 1
fi
