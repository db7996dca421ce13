"""Which devices TensorFlow can use, and how to time work on them fairly.

Taught in Part 5, "GPU and cloud": "TensorFlow devices" (``import_tensorflow``,
``device_report``), "Timing CPU and GPU" (``median_time``, ``force``, the FLOP counts) and
"Colab and the cost of training in the cloud" (``training_flops``).

Everything here runs on a machine without a GPU: the report then says so, and
``DeviceReport.best_device`` falls back to ``"/CPU:0"``. TensorFlow is imported inside
the functions that need it, never when ``nnlib`` is imported (it takes seconds).

Example::

    from nnlib.course import devices
    tf = devices.import_tensorflow()        # quiet import: no C++ log lines on stderr
    report = devices.device_report()
    print(report.has_gpu, report.best_device)
    with tf.device(report.best_device):
        a = tf.random.normal((512, 512))
        timing = devices.median_time(lambda: a @ a, repeats=5)
    print(f"{devices.matmul_flops(512) / timing.median / 1e9:.1f} GFLOP/s")
"""

import contextlib
import dataclasses
import os
import platform
import statistics
import sys
import time
from numbers import Integral

import numpy as np

from nnlib import array_modules
from nnlib.errors import HyperparameterError

__all__ = [
    "DeviceReport",
    "Timing",
    "import_tensorflow",
    "device_report",
    "short_name",
    "cpu_model",
    "force",
    "median_time",
    "matmul_flops",
    "dense_flops",
    "training_flops",
]

#: GPUs whose compute capability is at least this have Tensor Cores for float16 (Volta, 2017).
FLOAT16_MIN_COMPUTE_CAPABILITY = (7, 0)
#: GPUs whose compute capability is at least this also compute fast in bfloat16 (Ampere, 2020).
BFLOAT16_MIN_COMPUTE_CAPABILITY = (8, 0)


# ---------------------------------------------------------------------------------------
# Importing TensorFlow quietly
# ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _stderr_silenced():
    """Send everything written to file descriptor 2 (C++ logs included) to /dev/null."""
    try:
        sys.stderr.flush()
    except (AttributeError, ValueError):
        pass
    try:
        saved = os.dup(2)
    except OSError:  # no usable file descriptor 2 (some embedded interpreters)
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def import_tensorflow(quiet=True):
    """Import TensorFlow and return the module, without its start-up log lines.

    TensorFlow's C++ core writes lines such as "Could not find cuda drivers" or "Unable to
    register cuDNN factory" to the process's standard error, some of them before
    ``TF_CPP_MIN_LOG_LEVEL`` is even read. A notebook records them as stderr output, and
    the book treats stderr as an error. This function sets ``TF_CPP_MIN_LOG_LEVEL=2`` and
    ``TF_ENABLE_ONEDNN_OPTS=0`` (unless already set), imports TensorFlow and lists its
    devices (which starts CUDA, when there is a GPU) with standard error sent to
    /dev/null, and lowers TensorFlow's Python logger to errors only.

    Args:
        quiet: silence standard error during the import (True), or import plainly (False).

    Returns:
        The ``tensorflow`` module.

    Raises:
        ImportError: TensorFlow is not installed (``pip install tensorflow``).
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    silencer = _stderr_silenced() if quiet else contextlib.nullcontext()
    try:
        with silencer:
            import tensorflow as tf

            tf.config.list_physical_devices()  # the first call initialises CUDA: quietly too
    except ImportError as error:
        raise ImportError(
            "TensorFlow is not installed in this environment. Install it with "
            "`pip install tensorflow` (on Colab it is already there), then restart the kernel."
        ) from error
    if quiet:
        tf.get_logger().setLevel("ERROR")
    return tf


# ---------------------------------------------------------------------------------------
# The device report
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DeviceReport:
    """What TensorFlow can compute on, in a few fields.

    Attributes:
        tensorflow_version: e.g. ``"2.21.0"``; None when TensorFlow is not installed.
        devices: the physical devices, e.g. ``("/physical_device:CPU:0",
            "/physical_device:GPU:0")``.
        gpus: the GPUs among them, with their names where TensorFlow knows them, e.g.
            ``("/physical_device:GPU:0 (NVIDIA T4, compute capability 7.5)",)``.
        compute_capabilities: one ``(major, minor)`` per GPU (``None`` where unknown).
        built_with_cuda: whether this TensorFlow build can use NVIDIA GPUs at all.
    """

    tensorflow_version: object
    devices: tuple
    gpus: tuple
    compute_capabilities: tuple
    built_with_cuda: bool

    @property
    def has_gpu(self):
        """True when TensorFlow sees at least one GPU."""
        return len(self.gpus) > 0

    @property
    def best_device(self):
        """The device to place work on: ``"/GPU:0"`` when there is a GPU, else ``"/CPU:0"``."""
        return "/GPU:0" if self.has_gpu else "/CPU:0"

    @property
    def fast_float16(self):
        """True when a GPU has Tensor Cores for float16 (compute capability 7.0 or more)."""
        return any(cc is not None and cc >= FLOAT16_MIN_COMPUTE_CAPABILITY for cc in self.compute_capabilities)

    @property
    def fast_bfloat16(self):
        """True when a GPU computes fast in bfloat16 (compute capability 8.0 or more)."""
        return any(cc is not None and cc >= BFLOAT16_MIN_COMPUTE_CAPABILITY for cc in self.compute_capabilities)

    @property
    def mixed_precision_policy(self):
        """The Keras policy worth using here: ``"mixed_float16"`` on a GPU with Tensor Cores,
        else ``"float32"`` (mixed precision runs on a CPU, but is rarely faster there)."""
        return "mixed_float16" if self.fast_float16 else "float32"

    def __str__(self):
        rows = [
            ("TensorFlow", self.tensorflow_version or "not installed"),
            ("devices", ", ".join(self.devices) or "none"),
            ("GPU", ", ".join(self.gpus) if self.gpus else "none: TensorFlow computes on the CPU"),
            ("mixed precision", self.mixed_precision_policy
             + (" (Tensor Cores)" if self.fast_float16 else " (no GPU with Tensor Cores)")),
            ("best device", self.best_device),
        ]
        return "\n".join(f"{name + ':':<17}{value}" for name, value in rows)


def short_name(device):
    """Shorten a TensorFlow device name to its type and index, e.g. ``"/GPU:0"``.

    ``tensor.device`` gives the full name, such as
    ``"/job:localhost/replica:0/task:0/device:CPU:0"``; physical devices are named like
    ``"/physical_device:GPU:0"``. Both shorten to the form ``tf.device`` accepts.

    Args:
        device: a device name (str), or an object with a ``.name`` (a physical or logical device).

    Returns:
        str, e.g. ``"/CPU:0"``.

    Raises:
        ValueError: the name has no ``TYPE:index`` part.
    """
    name = getattr(device, "name", device)
    tail = str(name).rsplit("device:", 1)[-1].strip("/")
    kind, _, index = tail.rpartition(":")
    if not kind or not index.isdigit():
        raise ValueError(f"expected a device name such as '/device:GPU:0' or '/CPU:0', got {name!r}.")
    return f"/{kind.upper()}:{index}"


def _compute_capability(tf, gpu):
    """Return ``(name, (major, minor))`` for a physical GPU, with Nones where unknown."""
    try:
        details = tf.config.experimental.get_device_details(gpu)
    except Exception:  # details are best-effort: some builds and plugins do not give them
        return None, None
    capability = details.get("compute_capability")
    return details.get("device_name"), (tuple(capability) if capability else None)


def device_report(tf=None):
    """Describe the devices TensorFlow sees: the helper of the GPU chapter.

    Works on every machine: without a GPU the report says so and ``best_device`` is
    ``"/CPU:0"``; without TensorFlow it says that instead of failing.

    Args:
        tf: the ``tensorflow`` module; imported quietly (``import_tensorflow``) when None.

    Returns:
        DeviceReport. ``print(report)`` gives a few ``name: value`` lines.
    """
    if tf is None:
        try:
            tf = import_tensorflow()
        except ImportError:
            return DeviceReport(None, (), (), (), False)
    devices = tuple(device.name for device in tf.config.list_physical_devices())
    gpus, capabilities = [], []
    for gpu in tf.config.list_physical_devices("GPU"):
        name, capability = _compute_capability(tf, gpu)
        detail = ", ".join(
            part for part in (name, capability and f"compute capability {capability[0]}.{capability[1]}") if part
        )
        gpus.append(f"{gpu.name} ({detail})" if detail else gpu.name)
        capabilities.append(capability)
    return DeviceReport(
        tensorflow_version=tf.__version__,
        devices=devices,
        gpus=tuple(gpus),
        compute_capabilities=tuple(capabilities),
        built_with_cuda=bool(tf.test.is_built_with_cuda()),
    )


# ---------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------


def cpu_model():
    """The CPU's model name, e.g. "AMD EPYC" (from /proc/cpuinfo on Linux, else ``platform``).

    The benchmark scripts put it in the first line of their tables, so that a
    measurement always says which machine it was made on.
    """
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def force(result):
    """Wait until ``result`` has really been computed, and return it.

    A GPU runs asynchronously: ``a @ b`` returns as soon as the work is *queued*. Copying
    the value to the host (``.numpy()``) waits for it; for a CuPy array, waiting for its
    GPU to finish its queue does (no copy). Lists, tuples and dicts are forced item by
    item; NumPy arrays and plain numbers are already computed.

    Args:
        result: whatever the timed function returned.

    Returns:
        ``result`` itself (not the copy), so that it can be used afterwards.
    """
    if isinstance(result, dict):
        for value in result.values():
            force(value)
    elif isinstance(result, (list, tuple)):
        for value in result:
            force(value)
    elif hasattr(result, "numpy") and callable(result.numpy):
        result.numpy()
    elif array_modules.array_module(result) is not np:  # a CuPy array (Part 5, CuPy chapter)
        synchronize = getattr(getattr(result, "device", None), "synchronize", None)
        if callable(synchronize):
            synchronize()
        else:
            array_modules.to_numpy(result)
    return result


@dataclasses.dataclass(frozen=True)
class Timing:
    """The result of ``median_time``.

    Attributes:
        median: the median of the timed runs, in seconds.
        times: every timed run, in seconds, in order (warm-up runs left out).
        warmup: how many runs were made first and not timed.
    """

    median: float
    times: tuple
    warmup: int

    @property
    def best(self):
        """The fastest run, in seconds."""
        return min(self.times)

    def rate(self, flops):
        """Floating-point operations per second for work of ``flops`` operations."""
        return flops / self.median


def _check_count(value, name, minimum):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < minimum:
        raise HyperparameterError(f"{name} must be an int >= {minimum}, got {value!r}.")
    return int(value)


def median_time(function, repeats=5, warmup=1, timer=time.perf_counter):
    """Time ``function()`` fairly: warm up first, force the result, take the median.

    Each run calls ``function()`` and then ``force``s what it returned, so that work a GPU
    queued is counted. The first ``warmup`` runs are not timed: they pay one-off costs
    (tracing a ``tf.function``, loading GPU kernels, filling caches). The median of the
    ``repeats`` timed runs is not pulled up by one slow run, as the mean would be.

    Args:
        function: a callable without arguments, e.g. ``lambda: a @ b``.
        repeats: how many timed runs (>= 1).
        warmup: how many untimed runs first (>= 0).
        timer: the clock, in seconds (tests pass a fake one).

    Returns:
        Timing, with ``.median`` (seconds), ``.times`` and ``.rate(flops)``.

    Raises:
        HyperparameterError: ``repeats`` < 1 or ``warmup`` < 0.
    """
    repeats = _check_count(repeats, "repeats", 1)
    warmup = _check_count(warmup, "warmup", 0)
    if not callable(function):
        raise TypeError(f"median_time() needs a function to call, e.g. `lambda: a @ b`; got {function!r}.")
    for _ in range(warmup):
        force(function())
    times = []
    for _ in range(repeats):
        start = timer()
        force(function())
        times.append(timer() - start)
    return Timing(median=statistics.median(times), times=tuple(times), warmup=warmup)


# ---------------------------------------------------------------------------------------
# Counting floating-point operations
# ---------------------------------------------------------------------------------------


def _check_size(value, name):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise HyperparameterError(f"{name} must be a positive int, got {value!r}.")
    return int(value)


def matmul_flops(n, k=None, m=None):
    """Floating-point operations of a matrix product: ``(n, k) @ (k, m)`` costs ``2 n k m``.

    Each of the ``n m`` output entries is a dot product of length ``k``: ``k``
    multiplications and ``k - 1`` additions, counted as ``2 k`` (the usual convention,
    since hardware does a fused multiply-add per step). ``matmul_flops(n)`` is the square
    case, ``2 n^3``.

    Args:
        n: rows of the left matrix.
        k: columns of the left matrix = rows of the right one (default ``n``).
        m: columns of the right matrix (default ``n``).

    Returns:
        int.
    """
    n = _check_size(n, "n")
    k = n if k is None else _check_size(k, "k")
    m = n if m is None else _check_size(m, "m")
    return 2 * n * k * m


def dense_flops(batch, n_in, n_out, bias=True):
    """Forward-pass operations of a Dense layer on a batch: ``2 batch n_in n_out`` (+ the bias adds).

    The activation function is not counted (a few operations per output, negligible
    next to the product for all but the smallest layers).

    Args:
        batch: examples in the batch.
        n_in: inputs of the layer.
        n_out: units of the layer.
        bias: count the ``batch * n_out`` additions of the bias.

    Returns:
        int.
    """
    flops = matmul_flops(batch, n_in, n_out)
    return flops + (_check_size(batch, "batch") * _check_size(n_out, "n_out") if bias else 0)


def training_flops(n_parameters, n_samples, epochs=1):
    """Approximate operations to train a dense network: ``6 * parameters * samples * epochs``.

    Per example, the forward pass costs about 2 operations per weight (a multiply and an
    add), and the backward pass about twice that (gradients for the weights and for the
    layer's inputs): 6 in all. A rule of thumb for dense layers; convolutions reuse each
    weight at many positions and cost more per parameter.

    Args:
        n_parameters: trainable parameters of the model.
        n_samples: training examples per epoch.
        epochs: passes over the data.

    Returns:
        int.
    """
    return 6 * _check_size(n_parameters, "n_parameters") * _check_size(n_samples, "n_samples") * _check_size(
        epochs, "epochs"
    )
