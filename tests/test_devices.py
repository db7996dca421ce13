"""Tests of nnlib.course.devices: the device report falls back to the CPU, the timer forces results."""

import itertools
import subprocess
import sys
import types

import numpy as np
import pytest
from strict_array_module import strict

from nnlib.errors import HyperparameterError
from nnlib.course import devices


def test_importing_nnlib_devices_does_not_import_tensorflow():
    code = "import sys, nnlib, nnlib.course.devices; print('tensorflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_report_on_this_machine(tf):
    report = devices.device_report(tf)
    assert report.tensorflow_version == tf.__version__
    assert any("CPU:0" in name for name in report.devices)
    assert report.has_gpu == bool(tf.config.list_physical_devices("GPU"))
    assert report.best_device in ("/CPU:0", "/GPU:0")
    assert "best device:" in str(report)


def test_report_falls_back_to_the_cpu_without_a_gpu(tf, monkeypatch):
    real = tf.config.list_physical_devices

    def no_gpu(device_type=None):
        return [] if device_type == "GPU" else [d for d in real(device_type) if d.device_type != "GPU"]

    monkeypatch.setattr(tf.config, "list_physical_devices", no_gpu)
    report = devices.device_report(tf)
    assert not report.has_gpu
    assert report.gpus == ()
    assert report.best_device == "/CPU:0"
    assert report.mixed_precision_policy == "float32"
    assert not report.fast_float16 and not report.fast_bfloat16
    assert "none: TensorFlow computes on the CPU" in str(report)
    with tf.device(report.best_device):  # the fallback device really works
        value = tf.reduce_sum(tf.ones((3, 3)))
    assert float(value) == 9.0


@pytest.mark.parametrize(
    "capability, policy, bf16",
    [((7, 5), "mixed_float16", False), ((8, 0), "mixed_float16", True), ((6, 1), "float32", False), (None, "float32", False)],
)
def test_report_with_a_simulated_gpu(tf, monkeypatch, capability, policy, bf16):
    fake_gpu = tf.config.PhysicalDevice(name="/physical_device:GPU:0", device_type="GPU")
    real = tf.config.list_physical_devices

    def with_gpu(device_type=None):
        cpus = [d for d in real(device_type) if d.device_type == "CPU"] if device_type in (None, "CPU") else []
        return cpus + ([fake_gpu] if device_type in (None, "GPU") else [])

    details = {"device_name": "Fake GPU"}
    if capability:
        details["compute_capability"] = capability
    monkeypatch.setattr(tf.config, "list_physical_devices", with_gpu)
    monkeypatch.setattr(tf.config.experimental, "get_device_details", lambda device: details)
    report = devices.device_report(tf)
    assert report.has_gpu and report.best_device == "/GPU:0"
    assert report.mixed_precision_policy == policy
    assert report.fast_bfloat16 is bf16
    assert "Fake GPU" in report.gpus[0]
    assert "/physical_device:GPU:0" in report.devices


def test_report_without_tensorflow(monkeypatch):
    def missing(quiet=True):
        raise ImportError("no tensorflow")

    monkeypatch.setattr(devices, "import_tensorflow", missing)
    report = devices.device_report()
    assert report.tensorflow_version is None and not report.has_gpu and report.best_device == "/CPU:0"
    assert "not installed" in str(report)


def test_import_tensorflow_writes_nothing_to_stderr():
    code = "import nnlib.course.devices as d; tf = d.import_tensorflow(); print(tf.__version__)"
    env_code = "import os; os.environ.pop('TF_CPP_MIN_LOG_LEVEL', None); " + code
    result = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True, check=True)
    assert result.stderr == ""
    assert result.stdout.strip()


class Lazy:
    """Stands for a GPU tensor: its value is only computed when .numpy() is called."""

    def __init__(self, log):
        self.log = log

    def numpy(self):
        self.log.append("forced")
        return np.zeros(1)


def test_median_time_forces_results_and_skips_warmup():
    log = []
    ticks = itertools.count()
    calls = []

    def work():
        calls.append(1)
        return [Lazy(log), {"b": Lazy(log)}]

    timing = devices.median_time(work, repeats=3, warmup=2, timer=lambda: float(next(ticks)))
    assert len(calls) == 5
    assert log == ["forced"] * 10  # two lazy results per call, every call forced
    assert timing.times == (1.0, 1.0, 1.0) and timing.median == 1.0 and timing.warmup == 2


class _GPUArray:
    """Looks like a CuPy array to nnlib: its class names the library "cupy"."""

    def __init__(self, log):
        self.device = self._Device(log)

    class _Device:
        def __init__(self, log):
            self.log = log

        def synchronize(self):
            self.log.append("synchronized")


_GPUArray.__module__ = "cupy._core.core"


def test_force_waits_for_a_cupy_array_without_copying_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", types.ModuleType("cupy"))  # array_module imports it
    log = []
    result = _GPUArray(log)
    assert devices.force(result) is result
    assert log == ["synchronized"]


def test_force_copies_other_device_arrays_to_wait_for_them():
    device = strict.asarray(np.ones(3))
    assert devices.force(device) is device
    assert devices.force(np.ones(2)) is not None and devices.force(3.0) == 3.0


def test_cpu_model_names_the_processor():
    name = devices.cpu_model()
    assert isinstance(name, str) and name.strip() == name and name


def test_median_is_robust_to_one_slow_run():
    clock = iter([0.0, 1.0, 1.0, 2.0, 2.0, 102.0])  # runs of 1, 1 and 100 seconds
    timing = devices.median_time(lambda: None, repeats=3, warmup=0, timer=lambda: next(clock))
    assert timing.median == 1.0 and timing.best == 1.0
    assert timing.rate(10) == 10.0


def test_median_time_with_tensorflow(tf):
    a = tf.ones((64, 64))
    timing = devices.median_time(lambda: a @ a, repeats=3)
    assert timing.median > 0 and len(timing.times) == 3


@pytest.mark.parametrize("repeats, warmup", [(0, 1), (2, -1), (1.5, 0), (True, 0)])
def test_median_time_rejects_bad_counts(repeats, warmup):
    with pytest.raises(HyperparameterError):
        devices.median_time(lambda: None, repeats=repeats, warmup=warmup)


def test_median_time_needs_a_function():
    with pytest.raises(TypeError, match="lambda"):
        devices.median_time(42)


def test_flop_counts():
    assert devices.matmul_flops(3) == 54
    assert devices.matmul_flops(2, 3, 4) == 48
    # the exact count of a product: n m k multiplications and n m (k - 1) additions
    n, k, m = 5, 7, 3
    assert devices.matmul_flops(n, k, m) == n * m * k + n * m * (k - 1) + n * m
    assert devices.dense_flops(32, 784, 10) == 2 * 32 * 784 * 10 + 32 * 10
    assert devices.dense_flops(32, 784, 10, bias=False) == 2 * 32 * 784 * 10
    assert devices.training_flops(100, 1000, 2) == 1_200_000
    with pytest.raises(HyperparameterError):
        devices.matmul_flops(0)
    with pytest.raises(HyperparameterError):
        devices.training_flops(10, 10, epochs=2.5)


def test_short_name():
    assert devices.short_name("/job:localhost/replica:0/task:0/device:CPU:0") == "/CPU:0"
    assert devices.short_name("/physical_device:GPU:1") == "/GPU:1"
    assert devices.short_name("/gpu:0") == "/GPU:0"
    with pytest.raises(ValueError, match="device name"):
        devices.short_name("cpu")


def test_short_name_of_a_tensor(tf):
    with tf.device("/CPU:0"):
        value = tf.ones(2) * 2
    assert devices.short_name(value.device) == "/CPU:0"
    assert devices.short_name(tf.config.list_physical_devices("CPU")[0]) == "/CPU:0"
