# Shared by tools/test_all.sh and tools/test_colab.sh (sourced, not run): run named steps,
# time them, remember failures, and print a summary at the end.
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

finish() {  # finish WHAT: print the summary; exit 1 if any step failed
    echo
    printf '%s\n' "${summary[@]}"
    if [ "${#failed[@]}" -gt 0 ]; then
        echo "$1: ${#failed[@]} step(s) failed."
        exit 1
    fi
    echo "$1: all checks passed."
}
