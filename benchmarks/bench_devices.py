"""Benchmark: matrix-multiply rates and a small training run on every device TensorFlow sees.

Belongs to Part 5, "Timing CPU and GPU". Run from the repository root (on Colab: upload or
clone the repository, then run it in a cell with ``!python benchmarks/bench_devices.py``)::

    python benchmarks/bench_devices.py            # sizes 256, 1024, 2048 (+4096 on a GPU)
    python benchmarks/bench_devices.py --quick    # smaller sizes, fewer repeats: a smoke run
    python benchmarks/bench_devices.py --repeats 9

It prints one Markdown table per measurement, headed by the machine (CPU model, GPU
names, TensorFlow version), ready to paste into the chapter. How it measures:

- every operation runs once untimed first (warm-up: kernels load, graphs are traced);
- every timed run forces its result to the host (``.numpy()``), because a GPU queues work
  and returns at once; the table shows medians of ``--repeats`` runs
  (``nnlib.course.devices.median_time``);
- a product of two n x n float32 matrices counts ``2 n^3`` operations;
- the training run is Keras, 784-512-512-10 MLP with Adam, on synthetic data (float32),
  timed warm (a second ``fit`` of one epoch), counted as 6 x parameters x samples operations.
"""

import argparse
import os
import platform
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from nnlib.course import devices  # noqa: E402


def machine_description(report):
    gpus = ", ".join(report.gpus) if report.gpus else "none"
    return (
        f"Machine: CPU {devices.cpu_model()} ({os.cpu_count()} logical cores); GPU {gpus}; "
        f"TensorFlow {report.tensorflow_version}; Python {platform.python_version()}."
    )


def logical_devices(tf):
    """The devices to measure: '/CPU:0' and every '/GPU:i'."""
    names = ["/CPU:0"]
    names += [f"/GPU:{i}" for i, _ in enumerate(tf.config.list_logical_devices("GPU"))]
    return names


def bench_matmul(tf, device, sizes, repeats, dtype="float32"):
    rows = []
    for n in sizes:
        with tf.device(device):
            a = tf.random.normal((n, n), seed=1, dtype=dtype)
            b = tf.random.normal((n, n), seed=2, dtype=dtype)
            timing = devices.median_time(lambda: tf.matmul(a, b), repeats=repeats, warmup=1)
        rate = timing.rate(devices.matmul_flops(n)) / 1e9
        rows.append((device, dtype, n, timing.median * 1e3, rate))
    return rows


def bench_training(tf, device, n_samples, repeats):
    import numpy as np
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n_samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, n_samples)
    rows = []
    for batch in (32, 256):
        with tf.device(device):
            model = keras.Sequential([
                keras.Input((784,)),
                keras.layers.Dense(512, activation="relu"),
                keras.layers.Dense(512, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            fit = lambda: model.fit(x, y, batch_size=batch, epochs=1, verbose=0)  # noqa: E731
            timing = devices.median_time(fit, repeats=repeats, warmup=1)
        flops = devices.training_flops(model.count_params(), n_samples)
        steps = -(-n_samples // batch)
        rows.append((device, batch, timing.median, timing.median / steps * 1e3, timing.rate(flops) / 1e9))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and 3 repeats: a smoke run")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per measurement (default 5; 3 with --quick)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 5)

    tf = devices.import_tensorflow()
    report = devices.device_report(tf)
    started = time.perf_counter()
    print(machine_description(report))
    print()

    matmul_rows, train_rows = [], []
    for device in logical_devices(tf):
        on_gpu = "GPU" in device
        sizes = [128, 512] if args.quick else [256, 1024, 2048] + ([4096] if on_gpu else [])
        matmul_rows += bench_matmul(tf, device, sizes, repeats)
        if on_gpu and report.fast_float16:
            matmul_rows += bench_matmul(tf, device, sizes, repeats, dtype="float16")
        train_rows += bench_training(tf, device, 2048 if args.quick else 16384, repeats)

    print(f"Matrix products C = A B of two n x n matrices (2 n^3 operations), median of {repeats} runs:")
    print()
    print("| device | dtype | n | time (ms) | rate (GFLOP/s) |")
    print("|---|---|---:|---:|---:|")
    for device, dtype, n, ms, rate in matmul_rows:
        print(f"| {device} | {dtype} | {n} | {ms:.3f} | {rate:.1f} |")
    print()
    print(f"Training one epoch, 784-512-512-10 MLP, Adam, float32, warm, median of {repeats} runs:")
    print()
    print("| device | batch | epoch (s) | per step (ms) | rate (GFLOP/s) |")
    print("|---|---:|---:|---:|---:|")
    for device, batch, seconds, ms_per_step, rate in train_rows:
        print(f"| {device} | {batch} | {seconds:.3f} | {ms_per_step:.2f} | {rate:.1f} |")
    print()
    print(f"(The benchmark took {time.perf_counter() - started:.0f} s.)")


if __name__ == "__main__":
    main()
