"""A stand-in for CuPy on a machine without a GPU: arrays that refuse to mix with NumPy.

CuPy arrays live in GPU memory, and CuPy never copies between the host and the GPU
behind your back: ``cupy_array + numpy_array``, ``np.asarray(cupy_array)``,
``numpy_array[...] = cupy_array`` and ``cupy_array[numpy_index]`` raise ``TypeError``.
Code that runs on NumPy can therefore fail on CuPy wherever it makes a new array with
``np.zeros``/``np.arange`` and mixes it with a GPU array, or lets NumPy take a GPU
array in.

``DeviceArray`` follows the same rules. Like ``cupy.ndarray`` it is NOT a NumPy array:
it keeps its numbers in a private NumPy array (the pretend device memory), NumPy hands
its functions and operators over to it (``__array_ufunc__``, ``__array_function__``),
and it refuses every implicit conversion (``__array__`` raises). Views share memory and
name the array that owns it as ``base``, as in CuPy. ``strict`` is its array module
(``strict.zeros``, ``strict.asarray``, ...), which ``nnlib.array_modules.array_module``
finds through ``__array_namespace__`` as it finds CuPy.

The arithmetic is NumPy's, so a model trained "on the device" must give exactly the
numbers of the same model on NumPy: the tests check both that nothing mixes and that
nothing changes. What it cannot imitate: the functions CuPy lacks or implements with
fewer arguments. ``benchmarks/bench_nnlib_cupy.py`` runs the real CuPy on a GPU machine.
"""

import types

import numpy as np


def _refuse_host_arrays(what, values):
    for value in values:
        if isinstance(value, (list, tuple)):
            _refuse_host_arrays(what, value)
        elif isinstance(value, np.ndarray):
            raise TypeError(
                f"{what}: a DeviceArray was mixed with a NumPy array of shape {value.shape}; "
                "copy it explicitly (strict.asarray / .get())"
            )


def _unwrap(value):
    """The private NumPy arrays behind DeviceArrays, inside tuples, lists and dicts too."""
    if isinstance(value, DeviceArray):
        return value._data
    if isinstance(value, (list, tuple)):
        return type(value)(_unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def _wrap(value):
    """NumPy results as DeviceArrays (NumPy scalars as 0-d arrays, as CuPy returns them)."""
    if isinstance(value, np.ndarray):
        return DeviceArray(value)
    if isinstance(value, np.generic):
        return DeviceArray(np.asarray(value))
    if isinstance(value, tuple):
        return tuple(_wrap(v) for v in value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class DeviceArray(np.lib.mixins.NDArrayOperatorsMixin):
    """An array on the pretend device (see the module's docstring).

    Args:
        data: the NumPy array that holds the numbers (the pretend device memory).
        owner: the DeviceArray that owns the memory when this one is a view.
    """

    __slots__ = ("_data", "_owner")

    def __init__(self, data, owner=None):
        self._data = data
        self._owner = owner

    def _result(self, data):
        """A view of this array's memory stays a view (same owner); anything else is new."""
        if np.may_share_memory(data, self._data):
            return DeviceArray(data, self._owner if self._owner is not None else self)
        return DeviceArray(data)

    # ----- what CuPy refuses, and the explicit copy it offers ------------------------
    def __array__(self, dtype=None, copy=None):
        raise TypeError("Implicit conversion to a NumPy array is not allowed; use .get() (as CuPy says).")

    def get(self):
        """Copy to the host, as ``cupy.ndarray.get()``."""
        return self._data.copy()

    # ----- NumPy's protocols ------------------------------------------------------
    def __array_namespace__(self, api_version=None):
        return strict

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
        result = func(*_unwrap(args), **_unwrap(kwargs))
        out = kwargs.get("out")
        return out if out is not None else _wrap(result)

    # ----- indexing ---------------------------------------------------------------
    def __getitem__(self, index):
        _refuse_host_arrays("indexing", index if isinstance(index, tuple) else (index,))
        return self._result(self._data[_unwrap(index)])

    def __setitem__(self, index, value):
        _refuse_host_arrays("assignment", (index if isinstance(index, tuple) else (index,)) + (value,))
        self._data[_unwrap(index)] = _unwrap(value)

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    # ----- attributes and methods of an ndarray -----------------------------------
    shape = property(lambda self: self._data.shape)
    dtype = property(lambda self: self._data.dtype)
    ndim = property(lambda self: self._data.ndim)
    size = property(lambda self: self._data.size)
    flags = property(lambda self: self._data.flags)
    base = property(lambda self: self._owner)
    T = property(lambda self: self._result(self._data.T))

    def reshape(self, *shape, **kwargs):
        return self._result(self._data.reshape(*shape, **kwargs))

    def ravel(self):
        return self._result(self._data.ravel())

    def astype(self, dtype, copy=True):
        data = self._data.astype(dtype, copy=copy)
        return self if data is self._data else DeviceArray(data)

    def copy(self):
        return DeviceArray(self._data.copy())

    def item(self):
        return self._data.item()

    def __float__(self):
        return float(self._data)

    def __int__(self):
        return int(self._data)

    def __bool__(self):
        return bool(self._data)

    def __format__(self, spec):
        return format(self._data.item() if self._data.ndim == 0 else self._data, spec)

    def __repr__(self):
        return f"DeviceArray({self._data!r})"


def _reduction(name):
    def method(self, *args, **kwargs):
        return getattr(np, name)(self, *args, **kwargs)  # handed over by __array_function__

    method.__name__ = name
    return method


for _name in ("sum", "mean", "max", "min", "argmax", "argmin", "all", "any", "prod"):
    setattr(DeviceArray, _name, _reduction(_name))


def _on_device(function):
    """Wrap a NumPy function so that it takes and returns DeviceArrays."""

    def on_device(*args, **kwargs):
        _refuse_host_arrays(function.__name__, list(args) + list(kwargs.values()))
        return _wrap(function(*_unwrap(args), **_unwrap(kwargs)))

    on_device.__name__ = function.__name__
    return on_device


class _StrictModule(types.ModuleType):
    """``strict.<name>`` is NumPy's ``<name>``, made to take and return DeviceArrays."""

    ndarray = DeviceArray

    def __getattr__(self, name):
        value = getattr(np, name)
        if callable(value) and not isinstance(value, type):
            return _on_device(value)
        return value

    @staticmethod
    def asarray(x, dtype=None):
        """Copy host data to the device (as ``cupy.asarray``)."""
        if isinstance(x, DeviceArray):
            return x.astype(dtype, copy=False) if dtype is not None else x
        return DeviceArray(np.array(x, dtype=dtype))

    @staticmethod
    def asnumpy(x):
        return x.get() if isinstance(x, DeviceArray) else np.asarray(x)


strict = _StrictModule("strict_numpy")
