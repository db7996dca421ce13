# Shared by tools/test_all.sh and tools/test_colab.sh (sourced, not run): run named steps,
# time them, remember failures, and print a summary at the end.
failed=()
summary=()

# share_the_cores PROCESSES: the test stages run PROCESSES pytest workers (or notebook
# kernels) side by side. Left alone, NumPy's OpenBLAS and TensorFlow each start a thread per
# core in every one of them: on 2 cores, two workers run 4 or more busy threads that keep
# preempting each other, and the unit tests took half as long again. So each process gets
# its share of the cores (at least one thread); a variable already set in the environment wins.
share_the_cores() {
    local cores share name
    cores=$(nproc 2>/dev/null || echo 2)
    share=$(( cores / $1 )); [ "$share" -ge 1 ] || share=1
    for name in OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS \
                TF_NUM_INTRAOP_THREADS TF_NUM_INTEROP_THREADS; do
        [ -n "${!name:-}" ] || export "$name=$share"
    done
}

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
