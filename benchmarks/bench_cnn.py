"""Benchmark: the digits CNN of Part 4, "Convolutional networks", on nnlib and on Keras.

Belongs to the Appendix, "Performance". Run from the repository root::

    python benchmarks/bench_cnn.py                # full run, 3 repeats (about a minute)
    python benchmarks/bench_cnn.py --quick        # smoke run: 3 epochs, 1 repeat
    python benchmarks/bench_cnn.py --threads 1 --repeats 5

The model (float32, Adam with Keras's defaults, sparse categorical cross-entropy)::

    Input (8, 8, 1) -> Conv2D(16, 3, padding="same", relu)   -> (8, 8, 16)
                    -> MaxPooling2D()                          -> (4, 4, 16)
                    -> Conv2D(32, 3, padding="same", relu)   -> (4, 4, 32)
                    -> Flatten()                               -> (512,)
                    -> Dense(10, softmax)

trained on the 8x8 digits (pixels / 16, shaped (8, 8, 1); stratified 75% train split,
seed 0) with batch 32 for 30 epochs, the same initial weights in both libraries.

Every run is a fresh process (``--worker``), nnlib and Keras interleaved and repeated;
the table shows medians. Each library fits twice: the test accuracy is read after the
first fit, and the time per epoch is the median over the epochs of the SECOND fit, so
Keras is timed warm (its graph tracing is in the first) and nnlib is treated alike. The
BLAS/TF thread counts are set to the same value for both before anything imports
(``bench_mlp.thread_environment``).

Also measured, in the nnlib process: the rate of the model's largest convolution (the
second Conv2D) in GFLOP/s, forward and backward at the training batch (3 matrix
products of 2 N K F flops, N = 32 x 4 x 4 rows, K = 3 x 3 x 16, F = 32), against NumPy's
float32 1024 x 1024 matrix-product rate (target >= 50%) and against the three plain
matrix products of the same shapes; and the same for the larger reference layer
(128, 8, 8, 16) -> Conv2D(32, 3, padding="same"). Rates are the best of many repeats.
"""

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_mlp import matmul_rate_gflops, run_worker_script  # noqa: E402

LIBRARIES = ("nnlib", "keras")
EPOCHS, QUICK_EPOCHS, BATCH = 30, 3, 32
RATIO_TARGET = 1.5  # nnlib time per epoch / Keras's, at most
RATE_TARGET = 0.5  # largest conv layer's rate / NumPy's float32 matmul rate, at least
REFERENCE_LAYER = ((128, 8, 8, 16), 32)  # input batch shape, filters


# ----- the data and the model (inside a worker process) --------------------------------------
def digits_images():
    """(x_train, y_train, x_test, y_test): the 8x8 digits as (n, 8, 8, 1) float32 images in [0, 1]."""
    import numpy as np

    from nnlib.datasets import load_digits, train_test_split

    x, y = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, seed=0, stratify=y)
    as_images = lambda a: (np.asarray(a, dtype=np.float32) / 16.0).reshape(-1, 8, 8, 1)  # noqa: E731
    return as_images(x_train), y_train, as_images(x_test), y_test


def nnlib_model(seed=0):
    from nnlib.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D
    from nnlib.models import Sequential

    return Sequential([Input(shape=(8, 8, 1)), Conv2D(16, 3, padding="same", activation="relu"), MaxPooling2D(),
                       Conv2D(32, 3, padding="same", activation="relu"), Flatten(),
                       Dense(10, activation="softmax")], seed=seed)


def keras_model(keras, weights):
    layers = keras.layers
    model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(16, 3, padding="same", activation="relu"),
                              layers.MaxPooling2D(), layers.Conv2D(32, 3, padding="same", activation="relu"),
                              layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.set_weights(weights)  # nnlib's initial weights: the same starting point
    return model


def epoch_timer(base):
    """A callback class (subclass of ``base``) that records the seconds of every epoch."""

    class EpochTimer(base):
        def __init__(self):
            super().__init__()
            self.seconds = []
            self._start = None

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self._start)

    return EpochTimer()


def run_nnlib(epochs):
    from nnlib.callbacks import Callback
    from nnlib.layers import Conv2D

    x, y, x_test, y_test = digits_images()
    model = nnlib_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0)
    accuracy = float((model.predict(x_test, verbose=0).argmax(axis=1) == y_test).mean())
    timer = epoch_timer(Callback)
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, callbacks=[timer])
    convolutions = [layer for layer in model.layers if isinstance(layer, Conv2D)]
    largest = max(convolutions, key=lambda layer: layer.count_params())  # the second: 4,640 weights
    result = dict(epoch_seconds=statistics.median(timer.seconds), accuracy=accuracy,
                  matmul_gflops=matmul_rate_gflops())
    result["layer"] = conv_layer_rate(largest, (BATCH,) + largest.input_shape[1:])
    result["reference"] = conv_layer_rate(None, REFERENCE_LAYER[0], REFERENCE_LAYER[1])
    return result


def run_keras(epochs, threads):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    import keras

    x, y, x_test, y_test = digits_images()
    initial = nnlib_model()
    initial.build((None, 8, 8, 1))
    model = keras_model(keras, initial.get_weights())
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0)  # cold: traces the graph
    accuracy = float((model.predict(x_test, verbose=0).argmax(axis=1) == y_test).mean())
    timer = epoch_timer(keras.callbacks.Callback)
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, callbacks=[timer])  # warm: the timed fit
    return dict(epoch_seconds=statistics.median(timer.seconds), accuracy=accuracy)


# ----- the layer rate ----------------------------------------------------------------------------
def conv_layer_rate(layer, batch_shape, filters=None, repeats=200):
    """GFLOP/s of one Conv2D's forward + backward (dL/dx included), and of plain matmuls alike.

    Args:
        layer: a built nnlib Conv2D, or None for a fresh ``Conv2D(filters, 3, padding="same")``.
        batch_shape: the input batch, (B, H, W, C).

    Returns:
        dict: flops per forward+backward (3 products of 2 N K F), the layer's best
        GFLOP/s and that of the three matmuls of the same shapes (X K, X^T delta, delta K^T).
    """
    import numpy as np

    from nnlib.layers import Conv2D

    rng = np.random.default_rng(0)
    x = rng.standard_normal(batch_shape, dtype=np.float32)
    if layer is None:
        layer = Conv2D(filters, 3, padding="same", activation="relu")
        layer.build((None,) + tuple(batch_shape[1:]), rng)
    output = layer.forward(x)
    upstream = rng.standard_normal(output.shape, dtype=np.float32)
    rows = output.shape[0] * output.shape[1] * output.shape[2]
    depth = int(np.prod(layer.kernel.shape[:3]))
    flops = 3 * 2 * rows * depth * layer.filters
    cols = rng.standard_normal((rows, depth), dtype=np.float32)
    kernel = rng.standard_normal((depth, layer.filters), dtype=np.float32)
    delta = upstream.reshape(rows, layer.filters)
    layer_seconds = best_seconds(lambda: (layer.forward(x), layer.backward(upstream)), repeats)
    matmul_seconds = best_seconds(lambda: (cols @ kernel, cols.T @ delta, delta @ kernel.T), repeats)
    return dict(shape=list(batch_shape), filters=layer.filters, flops=flops, gflops=flops / layer_seconds / 1e9,
                same_shape_matmul_gflops=flops / matmul_seconds / 1e9)


def best_seconds(function, repeats):
    function()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def worker(library, quick, threads):
    """Run one library in this process; print one JSON line."""
    epochs = QUICK_EPOCHS if quick else EPOCHS
    result = run_nnlib(epochs) if library == "nnlib" else run_keras(epochs, threads)
    print("RESULT " + json.dumps(result))


# ----- the driver ------------------------------------------------------------------------------
def run_worker(library, args):
    return run_worker_script(__file__, [library], args.threads, args.quick)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 epochs and 1 repeat: a smoke run")
    parser.add_argument("--repeats", type=int, default=None, help="runs per library (default 3)")
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS/TensorFlow threads for both libraries (default 1: steadier on a busy machine)")
    parser.add_argument("--worker", metavar="LIBRARY", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.quick, args.threads)
        return
    repeats = args.repeats or (1 if args.quick else 3)
    results = {library: [] for library in LIBRARIES}
    print(f"threads={args.threads} repeats={repeats} quick={args.quick} python={sys.version.split()[0]}")
    for repeat in range(repeats):
        for library in LIBRARIES:
            result = run_worker(library, args)
            results[library].append(result)
            print(f"  run {repeat + 1}/{repeats} {library:6s} {result['epoch_seconds'] * 1e3:7.1f} ms per epoch, "
                  f"test accuracy {result['accuracy']:.3f}", flush=True)
    print_report(results)


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def print_report(results):
    nnlib_epoch, keras_epoch = median(results["nnlib"], "epoch_seconds"), median(results["keras"], "epoch_seconds")
    ratio = nnlib_epoch / keras_epoch
    print()
    print(f"{'library':8} {'ms per epoch':>12} {'test accuracy':>14}")
    for library in LIBRARIES:
        print(f"{library:8} {median(results[library], 'epoch_seconds') * 1e3:12.1f} "
              f"{median(results[library], 'accuracy'):14.3f}")
    print(f"nnlib/keras time per epoch: {ratio:.2f} (target <= {RATIO_TARGET}) "
          f"{'ok' if ratio <= RATIO_TARGET else 'MISS'}")
    ceiling = median(results["nnlib"], "matmul_gflops")
    print()
    for key, label in (("layer", "largest conv layer of the model"), ("reference", "reference conv layer")):
        runs = [run[key] for run in results["nnlib"]]
        first = runs[0]
        rate = statistics.median(run["gflops"] for run in runs)
        plain = statistics.median(run["same_shape_matmul_gflops"] for run in runs)
        verdict = "ok" if rate >= RATE_TARGET * ceiling else "MISS"
        print(f"{label}: input {tuple(first['shape'])} -> {first['filters']} filters 3x3, forward + backward "
              f"{first['flops'] / 1e6:.1f} MFLOP: {rate:.1f} GFLOP/s = {rate / ceiling:.0%} of NumPy's float32 "
              f"matmul rate {ceiling:.0f} GFLOP/s (target >= {RATE_TARGET:.0%}) {verdict}; "
              f"{rate / plain:.0%} of the same three products done as plain matmuls ({plain:.1f} GFLOP/s)")


if __name__ == "__main__":
    main()
