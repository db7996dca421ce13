"""Which array library holds the numbers: NumPy on the CPU, or CuPy on an NVIDIA GPU.

Taught in Part 5, "nnlib on a GPU with CuPy", and in the appendix "NumPy's array
protocols" (how the hand-over works, line by line). CuPy copies NumPy's interface: a
``cupy.ndarray`` lives in GPU memory, and ``cupy.exp``, ``cupy.matmul``, ``x @ w``, ...
run on the GPU. NumPy also hands its own functions over: ``np.exp(x)`` and
``np.sum(x)`` on a CuPy array call CuPy's versions (NumPy's ``__array_ufunc__`` and
``__array_function__`` protocols). So nnlib's forward and backward passes, losses and
optimizers run unchanged on either library. Only three kinds of line must know which
library they use, and they ask this module:

- making a new array (``xp.zeros(...)``, ``xp.arange(...)``): there is no input array
  whose library NumPy could follow, so the code asks ``array_module(some_input)``;
- turning an input into an array: ``np.asarray`` would copy a GPU array to the host
  (CuPy refuses: copies must be explicit), so the code calls ``asarray`` below;
- handing results back to the user: ``to_numpy``, like Keras, which returns NumPy arrays.

``xp`` is the usual name for "NumPy or CuPy" (CuPy's own documentation uses it).
``Sequential.to(cupy)`` moves a model's weights to the GPU; its data stays on the host
and each batch is copied over when it is used.
"""

import importlib
import numbers

import numpy as np

from . import errors

KNOWN_MODULES = ("numpy", "cupy")


def get(module):
    """Return the array module named by ``module``: ``"numpy"``, ``"cupy"`` or the module itself.

    Raises:
        HyperparameterError: an unknown name, or a module that is not an array library.
        DeviceError: ``"cupy"`` when CuPy is not installed or finds no GPU.
    """
    if module is np or module == "numpy":
        return np
    if isinstance(module, str):
        if module != "cupy":
            raise errors.HyperparameterError(
                f"Unknown array module {module!r}; expected one of {', '.join(KNOWN_MODULES)}."
            )
        return _import_cupy()
    if all(hasattr(module, name) for name in ("asarray", "zeros", "matmul", "ndarray")):
        return module
    raise errors.HyperparameterError(
        f"Expected an array module (numpy, cupy, or their names), got {module!r}."
    )


def _import_cupy():
    try:
        cupy = importlib.import_module("cupy")
    except ImportError:
        raise errors.DeviceError(
            "The array module 'cupy' is not available: CuPy is not installed. On a machine with "
            "an NVIDIA GPU install it with pip install cupy-cuda12x (CUDA 12); Colab's GPU "
            "runtimes have it already. Without a GPU, use 'numpy'."
        ) from None
    try:
        gpus = cupy.cuda.runtime.getDeviceCount()
    except Exception as error:  # CUDA missing or broken: CuPy raises its own error types
        raise errors.DeviceError(
            f"CuPy is installed but cannot reach a GPU ({type(error).__name__}: {error}). "
            "Use 'numpy', or run on a machine with an NVIDIA GPU and its driver."
        ) from None
    if gpus < 1:
        raise errors.DeviceError("CuPy is installed but finds no GPU. Use 'numpy'.")
    return cupy


def gpu_module():
    """Return CuPy when it is installed and sees a GPU, else None (no error).

    A notebook cell can then run everywhere: ``xp = gpu_module() or numpy``.
    """
    try:
        return _import_cupy()
    except errors.DeviceError:
        return None


def array_module(*arrays):
    """Return the library of the first non-NumPy array among ``arrays``, else ``numpy``.

    Python numbers, NumPy scalars, None and NumPy arrays count as NumPy. Another array
    type names its library through the array API's ``__array_namespace__`` (CuPy 14 and
    later); an older CuPy array is recognised by its class's module.

    Examples: ``array_module(np.ones(3))`` is ``numpy``; with ``g`` a CuPy array,
    ``array_module(np.ones(3), g)`` is ``cupy``.
    """
    for array in arrays:
        if array is None or type(array) is np.ndarray or isinstance(array, (numbers.Number, np.generic)):
            continue
        library = type(array).__module__.partition(".")[0]
        if library == "cupy":
            return importlib.import_module("cupy")
        namespace = getattr(array, "__array_namespace__", None)
        if namespace is not None:
            module = namespace()
            if module is not np:
                return module
    return np


def asarray(x, dtype=None):
    """Return ``x`` as an array WITHOUT moving it: a GPU array stays on the GPU.

    NumPy arrays, lists and numbers become NumPy arrays (``np.asarray``); an array of
    another library is returned as is (converted to ``dtype`` if one is given).
    """
    xp = array_module(x)
    if xp is np:
        return np.asarray(x, dtype=dtype)
    return x if dtype is None else x.astype(dtype, copy=False)


def is_array(x):
    """Whether ``x`` is an array of NumPy or of another array library (CuPy)."""
    return isinstance(x, np.ndarray) or array_module(x) is not np


def to_numpy(x):
    """Return ``x`` as a NumPy array, copying it from the GPU if it lives there.

    NumPy arrays come back as they are (no copy). A CuPy array is copied to the host
    with its ``get()`` method; this waits until the GPU has computed it.
    """
    if type(x) is np.ndarray:
        return x
    get_from_device = getattr(x, "get", None)
    if callable(get_from_device) and array_module(x) is not np:
        return get_from_device()
    return np.asarray(x)


def to_module(x, xp):
    """Return ``x`` as an array of the library ``xp``, copying it between host and GPU if needed."""
    if xp is np:
        return to_numpy(x)
    if array_module(x) is xp:
        return x
    return xp.asarray(to_numpy(x))


def module_name(xp):
    """The short name of an array module, e.g. ``"numpy"`` or ``"cupy"``."""
    return xp.__name__.partition(".")[0]
