"""Benchmark: nnlib against Keras and scikit-learn on four MLP workloads.

Belongs to the Appendix, "Performance". Run from the repository root::

    python benchmarks/bench_mlp.py                # full run, 3 repeats (several minutes)
    python benchmarks/bench_mlp.py --quick        # smoke run: small data, 1 repeat
    python benchmarks/bench_mlp.py --threads 1 --repeats 5

Workloads (float32, ReLU hidden layers unless said, Adam with Keras's defaults):

- W1: 60000 x 784 synthetic data, 784-128-10 softmax, batch 128, 2 epochs
- W2: the same data, 784-512-512-10 softmax, batch 128, 1 epoch
- W3: the 8x8 digits (75% train split, standardized), 64-32-10, batch 32, 50 epochs
- W4: XOR, 2-8-1 (tanh, sigmoid output, binary cross-entropy), batch 4, 1000 epochs

Every run is a fresh process (``--worker``), so imports and memory do not leak from
one library into the next; runs are interleaved (W1 nnlib, W1 Keras, W1 sklearn, W2
nnlib, ...) and repeated, and the table shows medians. Keras is timed "warm": its
second ``fit`` on the same model, so graph tracing is not counted. The BLAS/TF
thread counts are set to the same value for every library before anything imports.

"nnlib-functional" is nnlib with the same layers built as a Functional model
(``Model(Input(...), outputs)``), to compare with the Sequential one (target: within 10%).

Also measured: the NumPy float32 matrix-multiply rate (the ceiling for nnlib), the
rate nnlib reaches on W1/W2 (6 * parameters * samples flops per epoch), and the peak
memory while fitting W1 (resident set size; the fit's high-water mark is reset just
before fit through /proc/self/clear_refs where Linux allows it).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

LIBRARIES = ("nnlib", "nnlib-functional", "keras", "sklearn")
WORKLOADS = ("W1", "W2", "W3", "W4")
TARGETS = {"W1": 0.5, "W2": 0.8, "W3": 0.05, "W4": 0.01}  # nnlib time / Keras warm time


# ----- workloads (run inside a worker process) ----------------------------------------------
def workload_spec(name, quick):
    """Return the data and the architecture of a workload."""
    import numpy as np

    if name in ("W1", "W2"):
        n = 6000 if quick else 60000
        rng = np.random.default_rng(0)
        x = rng.standard_normal((n, 784), dtype=np.float32)  # no float64 temporary
        teacher = rng.standard_normal((784, 10), dtype=np.float32)
        y = np.argmax(x @ teacher, axis=1)
        hidden = [128] if name == "W1" else [512, 512]
        return dict(x=x, y=y, x_test=None, y_test=None, hidden=hidden, activation="relu", classes=10,
                    batch_size=128, epochs=2 if name == "W1" else 1)
    if name == "W3":
        from nnlib.datasets import load_digits, standardize, train_test_split

        x, y = load_digits()
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, seed=0, stratify=y)
        x_train, x_test = standardize(x_train, x_test)
        return dict(x=x_train.astype(np.float32), y=y_train, x_test=x_test.astype(np.float32), y_test=y_test,
                    hidden=[32], activation="relu", classes=10, batch_size=32, epochs=10 if quick else 50)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0])
    return dict(x=x, y=y, x_test=x, y_test=y, hidden=[8], activation="tanh", classes=2, batch_size=4,
                epochs=100 if quick else 1000)


def count_params(spec):
    sizes = [spec["x"].shape[1]] + spec["hidden"] + [1 if spec["classes"] == 2 else spec["classes"]]
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def rss_mb():
    """Current resident set size in MB (from /proc, or the peak where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb():
    """Highest resident set size since the last reset, in MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss():
    """Reset the high-water mark of the resident set size (Linux >= 4.0); False if impossible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def run_nnlib(spec, seed=0, functional=False):
    from nnlib.layers import Dense, Input
    from nnlib.models import Model, Sequential

    binary = spec["classes"] == 2
    layers = [Dense(units, activation=spec["activation"]) for units in spec["hidden"]]
    layers.append(Dense(1, activation="sigmoid") if binary else Dense(spec["classes"], activation="softmax"))
    sequential = Sequential([Input(shape=(spec["x"].shape[1],))] + layers, seed=seed)
    if functional:  # the same layers and weights, called on an Input: a graph of one path
        tensor = inputs = Input(shape=(spec["x"].shape[1],))
        for layer in layers:
            tensor = layer(tensor)
        model = Model(inputs, tensor)
    else:
        model = sequential
    model.compile(optimizer="adam", loss="binary_crossentropy" if binary else "sparse_categorical_crossentropy")
    reset_peak_rss()
    before = rss_mb()
    start = time.perf_counter()
    model.fit(spec["x"], spec["y"], batch_size=spec["batch_size"], epochs=spec["epochs"], verbose=0)
    seconds = time.perf_counter() - start
    result = dict(fit_seconds=seconds, rss_before_mb=before, peak_fit_mb=peak_rss_mb())
    if spec["x_test"] is not None:
        predicted = model.predict(spec["x_test"], verbose=0)
        labels = (predicted[:, 0] > 0.5).astype(int) if binary else predicted.argmax(axis=1)
        result["accuracy"] = float((labels == spec["y_test"]).mean())
    return result


def run_keras(spec, seed=0, threads=1):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    import keras

    keras.utils.set_random_seed(seed)
    binary = spec["classes"] == 2
    layers = [keras.Input((spec["x"].shape[1],))]
    layers += [keras.layers.Dense(units, activation=spec["activation"]) for units in spec["hidden"]]
    layers.append(keras.layers.Dense(1, activation="sigmoid") if binary
                  else keras.layers.Dense(spec["classes"], activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(optimizer="adam", loss="binary_crossentropy" if binary else "sparse_categorical_crossentropy")
    fit = dict(batch_size=spec["batch_size"], epochs=spec["epochs"], verbose=0)
    reset_peak_rss()
    before = rss_mb()
    start = time.perf_counter()
    model.fit(spec["x"], spec["y"], **fit)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    model.fit(spec["x"], spec["y"], **fit)  # warm: the timed fit
    seconds = time.perf_counter() - start
    result = dict(fit_seconds=seconds, cold_seconds=cold, rss_before_mb=before, peak_fit_mb=peak_rss_mb())
    if spec["x_test"] is not None:
        predicted = model.predict(spec["x_test"], verbose=0)
        labels = (predicted[:, 0] > 0.5).astype(int) if binary else predicted.argmax(axis=1)
        result["accuracy"] = float((labels == spec["y_test"]).mean())
    return result


def run_sklearn(spec, seed=0):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(hidden_layer_sizes=tuple(spec["hidden"]), activation=spec["activation"], solver="adam",
                          alpha=0.0, batch_size=spec["batch_size"], learning_rate_init=0.001,
                          max_iter=spec["epochs"], shuffle=True, tol=0.0, n_iter_no_change=spec["epochs"] + 1,
                          random_state=seed)
    reset_peak_rss()
    before = rss_mb()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(spec["x"], spec["y"])
        seconds = time.perf_counter() - start
    result = dict(fit_seconds=seconds, rss_before_mb=before, peak_fit_mb=peak_rss_mb())
    if spec["x_test"] is not None:
        result["accuracy"] = float((model.predict(spec["x_test"]) == spec["y_test"]).mean())
    return result


def matmul_rate_gflops(n=1024, repeats=5):
    """Best float32 GEMM rate of NumPy, in GFLOP/s (2 n^3 flops per product)."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b  # warm-up
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def worker(library, workload, quick, threads):
    """Run one library on one workload in this process; print one JSON line."""
    spec = workload_spec(workload, quick)
    data_mb = (spec["x"].nbytes + spec["y"].nbytes) / 2**20
    runner = {"nnlib": run_nnlib, "nnlib-functional": lambda s: run_nnlib(s, functional=True),
              "keras": lambda s: run_keras(s, threads=threads), "sklearn": run_sklearn}[library]
    result = runner(spec)
    result.update(data_mb=data_mb, params=count_params(spec), samples=len(spec["x"]), epochs=spec["epochs"])
    if library.startswith("nnlib") and workload in ("W1", "W2"):
        result["matmul_gflops"] = matmul_rate_gflops()
    print("RESULT " + json.dumps(result))


# ----- the driver ------------------------------------------------------------------------------
def thread_environment(threads):
    env = dict(os.environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS",
                 "TF_NUM_INTEROP_THREADS"):
        env[name] = str(threads)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    return env


def run_worker_script(script, worker_args, threads, quick):
    """Run ``script --worker <worker_args>`` in a fresh process; return the dict it prints.

    The worker prints one line ``RESULT {json}``; the thread variables are set before it
    starts, so no library has loaded with other settings. (Also used by bench_cnn.py.)
    """
    command = [sys.executable, os.path.abspath(script), "--worker", *worker_args, "--threads", str(threads)]
    if quick:
        command.append("--quick")
    done = subprocess.run(command, capture_output=True, text=True, env=thread_environment(threads))
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"{' '.join(worker_args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


def run_worker(library, workload, args):
    return run_worker_script(__file__, [library, workload], args.threads, args.quick)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data and 1 repeat: a smoke run")
    parser.add_argument("--repeats", type=int, default=None, help="runs per library and workload (default 3)")
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS/TensorFlow threads for every library (default 1: steadier on a busy machine)")
    parser.add_argument("--workloads", default=",".join(WORKLOADS), help="e.g. W1,W3")
    parser.add_argument("--libraries", default=",".join(LIBRARIES), help="e.g. nnlib,keras")
    parser.add_argument("--worker", nargs=2, metavar=("LIBRARY", "WORKLOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], args.quick, args.threads)
        return
    repeats = args.repeats or (1 if args.quick else 3)
    workloads = args.workloads.split(",")
    libraries = args.libraries.split(",")
    results = {(w, lib): [] for w in workloads for lib in libraries}
    print(f"threads={args.threads} repeats={repeats} quick={args.quick} python={sys.version.split()[0]}")
    for repeat in range(repeats):
        for workload in workloads:
            for library in libraries:
                result = run_worker(library, workload, args)
                results[workload, library].append(result)
                print(f"  run {repeat + 1}/{repeats} {workload} {library:16s} fit {result['fit_seconds']:.3f} s",
                      flush=True)
    print_report(results, workloads, libraries)


def median(results, key):
    values = [r[key] for r in results if key in r]
    return statistics.median(values) if values else None


def print_report(results, workloads, libraries):
    print()
    width = {lib: max(10, len(lib) + 2) for lib in libraries}
    header = f"{'workload':8} " + " ".join(f"{lib + ' s':>{width[lib]}}" for lib in libraries)
    if "keras" in libraries:
        header += f" {'keras cold':>10}"
    if "nnlib" in libraries and "keras" in libraries:
        header += f" {'nnlib/keras':>11} {'target':>6}"
    if "nnlib" in libraries and "sklearn" in libraries:
        header += f" {'nnlib/sklearn':>13}"
    if "nnlib" in libraries and "nnlib-functional" in libraries:
        header += f" {'functional/sequential':>21}"
    header += "  test accuracy"
    print(header)
    for workload in workloads:
        times = {lib: median(results[workload, lib], "fit_seconds") for lib in libraries}
        line = f"{workload:8} " + " ".join(f"{times[lib]:{width[lib]}.3f}" for lib in libraries)
        if "keras" in libraries:
            line += f" {median(results[workload, 'keras'], 'cold_seconds'):10.3f}"
        if "nnlib" in libraries and "keras" in libraries:
            ratio = times["nnlib"] / times["keras"]
            verdict = "ok" if ratio <= TARGETS[workload] else "MISS"
            line += f" {ratio:11.3f} {TARGETS[workload]:>6} {verdict}"
        if "nnlib" in libraries and "sklearn" in libraries:
            line += f" {times['nnlib'] / times['sklearn']:13.3f}"
        if "nnlib" in libraries and "nnlib-functional" in libraries:
            ratio = times["nnlib-functional"] / times["nnlib"]
            line += f" {ratio:17.3f} {'ok' if ratio <= 1.10 else 'MISS'}"
        accuracies = [f"{lib} {median(results[workload, lib], 'accuracy'):.3f}" for lib in libraries
                      if median(results[workload, lib], "accuracy") is not None]
        print(line + "  " + ", ".join(accuracies))
    if "nnlib" in libraries:
        print()
        for workload in [w for w in workloads if w in ("W1", "W2")]:
            runs = results[workload, "nnlib"]
            first = runs[0]
            flops = 6 * first["params"] * first["samples"] * first["epochs"]
            reached = flops / median(runs, "fit_seconds") / 1e9
            ceiling = median(runs, "matmul_gflops")
            verdict = "ok" if reached >= 0.6 * ceiling else "MISS"
            print(f"{workload}: nnlib reaches {reached:.0f} GFLOP/s (6 * params * samples per epoch) = "
                  f"{reached / ceiling:.0%} of the NumPy float32 matmul rate {ceiling:.0f} GFLOP/s "
                  f"(target >= 60%) {verdict}")
    if "W1" in workloads:
        print()
        print("Peak memory while fitting W1 (resident set size, MB):")
        for library in libraries:
            runs = results["W1", library]
            data_mb = runs[0]["data_mb"]
            before, peak = median(runs, "rss_before_mb"), median(runs, "peak_fit_mb")
            extra = peak - before
            print(f"  {library:16s} data {data_mb:6.1f}  before fit {before:7.1f}  peak during fit {peak:7.1f}  "
                  f"fit adds {extra:6.1f} ({extra / data_mb:.1%} of the data)")


if __name__ == "__main__":
    main()
