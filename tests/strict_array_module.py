"""A stand-in for CuPy on a machine without a GPU: NumPy arrays that refuse to mix with NumPy.

CuPy arrays live in GPU memory, and CuPy never copies between the host and the GPU
behind your back: ``cupy_array + numpy_array``, ``np.asarray(cupy_array)`` and
``cupy_array[numpy_index]`` raise ``TypeError``. Code that runs on NumPy can therefore
fail on CuPy wherever it makes a new array with ``np.zeros``/``np.arange`` and mixes
it with a GPU array.

``DeviceArray`` is an ndarray that follows the same rules: any NumPy function or
operator that receives a DeviceArray together with a plain ndarray raises
``TypeError``, and results are DeviceArrays again. ``strict`` is its array module
(``strict.zeros``, ``strict.asarray``, ...), which ``nnlib.array_modules.array_module``
finds through ``__array_namespace__`` as it finds CuPy. The numbers are NumPy's,
so a model trained "on the device" must give exactly the numbers of the same model on
NumPy: the tests check both that nothing mixes and that nothing changes.

What it cannot imitate, because a DeviceArray is still an ndarray underneath:
NumPy taking a device array in silently (``np.asarray(device)``,
``host_array[...] = device``), which CuPy refuses; and the functions CuPy lacks or
implements with fewer arguments. ``benchmarks/bench_nnlib_cupy.py`` runs the real
CuPy on a GPU machine.
"""

import types

import numpy as np


def _is_host_array(value):
    return isinstance(value, np.ndarray) and not isinstance(value, DeviceArray)


def _refuse_host_arrays(what, values):
    for value in values:
        if isinstance(value, (list, tuple)):
            _refuse_host_arrays(what, value)
        elif _is_host_array(value):
            raise TypeError(
                f"{what}: a DeviceArray was mixed with a NumPy array of shape {value.shape}; "
                "copy it explicitly (strict.asarray / .get())"
            )


def _unwrap(value):
    if isinstance(value, DeviceArray):
        return value.view(np.ndarray)
    if isinstance(value, (list, tuple)):
        return type(value)(_unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def _wrap(value):
    if isinstance(value, DeviceArray):
        return value
    if isinstance(value, np.ndarray):
        if value.base is None:  # a new array: the device array owns its memory, as CuPy's do
            owner = np.ndarray.__new__(DeviceArray, value.shape, value.dtype)
            np.copyto(owner.view(np.ndarray), value)
            return owner
        return value.view(DeviceArray)  # a view of device memory stays a view
    if isinstance(value, np.generic):  # CuPy reductions return 0-d arrays, not NumPy scalars
        return np.asarray(value).view(DeviceArray)
    if isinstance(value, tuple):
        return tuple(_wrap(v) for v in value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class DeviceArray(np.ndarray):
    """An ndarray on the pretend device (see the module's docstring)."""

    def __array_namespace__(self, api_version=None):
        return strict

    def get(self):
        """Copy to the host, as ``cupy.ndarray.get()``."""
        return np.array(self.view(np.ndarray))

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        _refuse_host_arrays(f"np.{ufunc.__name__}", inputs + (out or ()))
        if out is not None:
            kwargs["out"] = tuple(_unwrap(o) for o in out)
        result = getattr(ufunc, method)(*_unwrap(inputs), **kwargs)
        if out is not None:
            return out[0] if len(out) == 1 else out
        return _wrap(result)

    def __array_function__(self, func, types_, args, kwargs):
        _refuse_host_arrays(f"np.{func.__name__}", list(args) + list(kwargs.values()))
        out = kwargs.get("out")
        result = func(*_unwrap(args), **_unwrap(kwargs))
        return out if out is not None else _wrap(result)

    def __getitem__(self, index):
        _refuse_host_arrays("indexing", index if isinstance(index, tuple) else (index,))
        return _wrap(super().__getitem__(_unwrap(index)))

    def __setitem__(self, index, value):
        _refuse_host_arrays("assignment", (index if isinstance(index, tuple) else (index,)) + (value,))
        super().__setitem__(_unwrap(index), _unwrap(value))


def _on_device(function):
    """Wrap a NumPy function so that it takes and returns DeviceArrays."""

    def on_device(*args, **kwargs):
        _refuse_host_arrays(function.__name__, list(args) + list(kwargs.values()))
        return _wrap(function(*_unwrap(args), **_unwrap(kwargs)))

    on_device.__name__ = function.__name__
    return on_device


class _StrictModule(types.ModuleType):
    """``strict.<name>`` is NumPy's ``<name>``, made to return DeviceArrays."""

    def __getattr__(self, name):
        value = getattr(np, name)
        if callable(value) and not isinstance(value, type):
            return _on_device(value)
        return value

    @staticmethod
    def asarray(x, dtype=None):
        """Copy host data to the device (as ``cupy.asarray``)."""
        if isinstance(x, DeviceArray):
            return x if dtype is None else x.astype(dtype, copy=False)
        return _wrap(np.array(x, dtype=dtype))

    @staticmethod
    def asnumpy(x):
        return x.get() if isinstance(x, DeviceArray) else np.asarray(x)


strict = _StrictModule("strict_numpy")
