"""Benchmark: nnlib on NumPy (CPU) against the same nnlib on CuPy (GPU).

Belongs to Part 5, "nnlib on a GPU with CuPy". Run from the repository root (on Colab,
with a GPU runtime: clone the repository, then ``!python benchmarks/bench_nnlib_cupy.py``)::

    python benchmarks/bench_nnlib_cupy.py            # the full run
    python benchmarks/bench_nnlib_cupy.py --quick    # small sizes, 3 repeats: a smoke run

It prints Markdown tables headed by the machine (CPU model, GPU, library versions),
ready to paste into the chapter. Without CuPy or without a GPU it measures NumPy alone
and says so. How it measures:

- matrix products C = A B of two n x n float32 matrices, created on the device (no copy
  is timed), 2 n^3 operations each;
- training: one epoch of ``fit`` of a 784-w-w-10 MLP (ReLU, softmax, Adam, float32,
  batch 256) on synthetic data held in host memory, for several widths w, as a learner
  would run it: the same seed, the same code, ``model.to(xp)`` the only change. Each
  batch is copied to the GPU, and nnlib reads the loss back at every step;
- every measurement runs once untimed first (warm-up: CuPy compiles and caches its
  kernels on first use), every timed run waits for the GPU to finish
  (``nnlib.course.devices.force``), and the tables show medians of ``--repeats`` runs.
"""

import argparse
import os
import platform
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import nnlib  # noqa: E402
from nnlib import array_modules  # noqa: E402
from nnlib.course import devices


def gpu_name(cupy):
    """The name of GPU 0, e.g. "NVIDIA H100 80GB HBM3"."""
    name = cupy.cuda.runtime.getDeviceProperties(0)["name"]
    return name.decode() if isinstance(name, bytes) else str(name)


def machine_description(cupy):
    gpu = f"{gpu_name(cupy)} (CuPy {cupy.__version__})" if cupy else "none usable by CuPy"
    return (
        f"Machine: CPU {devices.cpu_model()} ({os.cpu_count()} logical cores); GPU {gpu}; "
        f"NumPy {np.__version__}; nnlib {nnlib.__version__}; Python {platform.python_version()}."
    )


def bench_matmul(xp, sizes, repeats):
    """Rows (module, n, median ms, GFLOP/s) for float32 n x n products made on the device."""
    rows = []
    for n in sizes:
        rng = np.random.default_rng(n)
        a = array_modules.to_module(rng.standard_normal((n, n), dtype=np.float32), xp)
        b = array_modules.to_module(rng.standard_normal((n, n), dtype=np.float32), xp)
        timing = devices.median_time(lambda: a @ b, repeats=repeats, warmup=1)
        rows.append((array_modules.module_name(xp), n, timing.median * 1e3,
                     timing.rate(devices.matmul_flops(n)) / 1e9))
    return rows


def mlp(width, xp):
    """A 784-width-width-10 classifier on the array module ``xp``, compiled with Adam."""
    model = nnlib.Sequential([
        nnlib.layers.Dense(width, activation="relu", input_shape=(784,)),
        nnlib.layers.Dense(width, activation="relu"),
        nnlib.layers.Dense(10, activation="softmax"),
    ], seed=0)
    model.to(xp)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def bench_training(xp, widths, n_samples, batch, repeats):
    """Rows (module, width, median s per epoch, ms per step, GFLOP/s, final loss)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n_samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, n_samples)
    steps = -(-n_samples // batch)
    rows = []
    for width in widths:
        model = mlp(width, xp)
        losses = []

        def one_epoch():
            history = model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
            losses.append(history.history["loss"][0])
            return model.weights  # forced: the last update has reached every weight

        timing = devices.median_time(one_epoch, repeats=repeats, warmup=1)
        flops = devices.training_flops(model.count_params(), n_samples)
        rows.append((array_modules.module_name(xp), width, timing.median, timing.median / steps * 1e3,
                     timing.rate(flops) / 1e9, losses[-1]))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and 3 repeats: a smoke run")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per measurement (default 5; 3 with --quick)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 5)
    cupy = array_modules.gpu_module()
    modules = [np] + ([cupy] if cupy else [])

    started = time.perf_counter()
    print(machine_description(cupy))
    if cupy is None:
        print("CuPy is not installed or finds no GPU here: the tables have NumPy rows only.")
    print()

    sizes = [128, 512] if args.quick else [256, 1024, 2048, 4096]
    widths = [64, 512] if args.quick else [64, 256, 1024, 2048]
    n_samples, batch = (2048, 256) if args.quick else (16384, 256)
    matmul_rows, train_rows = [], []
    for xp in modules:
        matmul_rows += bench_matmul(xp, sizes, repeats)
        train_rows += bench_training(xp, widths, n_samples, batch, repeats)

    print(f"Matrix products C = A B of two n x n float32 matrices (2 n^3 operations), median of {repeats} runs:")
    print()
    print("| module | n | time (ms) | rate (GFLOP/s) |")
    print("|---|---:|---:|---:|")
    for module, n, ms, rate in matmul_rows:
        print(f"| {module} | {n} | {ms:.3f} | {rate:.1f} |")
    print()
    print(f"nnlib fit, one epoch of {n_samples} samples, 784-w-w-10 MLP, Adam, float32, batch {batch}, "
          f"warm, median of {repeats} runs:")
    print()
    numpy_step = {width: ms for module, width, _, ms, _, _ in train_rows if module == "numpy"}
    print("| module | width w | epoch (s) | per step (ms) | rate (GFLOP/s) | speed-up over numpy | loss |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for module, width, seconds, ms, rate, loss in train_rows:
        print(f"| {module} | {width} | {seconds:.3f} | {ms:.2f} | {rate:.1f} | "
              f"{numpy_step[width] / ms:.2f} | {loss:.4f} |")
    print()
    print(f"(The benchmark took {time.perf_counter() - started:.1f} s.)")


if __name__ == "__main__":
    main()
