"""``save_model``, ``load_model``, ``save_weights``, ``load_weights``: which file gets which format.

Taught in Part 4, "The same network with nnlib" and "Keras and nnlib, side by
side". The name of the file chooses its format, as in Keras 3:

- ``"m.keras"``: Keras 3's model file, which Keras opens (needs h5py);
- ``"m.weights.h5"``: Keras 3's weights file, which Keras reads (needs h5py);
- ``"m.weights.npz"``: nnlib's weights file (NumPy only);
- ``"m.nnlib"``, or any other name: nnlib's model file (NumPy only).

``load_model`` looks inside the file rather than at its name, so nnlib model files saved
under any name (also ".keras", as older nnlib allowed) keep loading.
"""

import os
import zipfile

from .. import errors
from .atomic_file import atomic_write
from .h5_weights import read_h5, write_h5
from .keras_archive import is_keras_archive, load_keras_archive, read_archive_weights, save_keras_archive
from .nnlib_archive import (
    check_weights_fit,
    is_nnlib_archive,
    load_nnlib_archive,
    read_document,
    read_weights,
    save_nnlib_archive,
)
from .npz_weights import read_npz, write_npz
from .weights_layout import model_weight_groups, set_model_weights

WEIGHTS_SUFFIXES = (".weights.h5", ".weights.npz")


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Save architecture, weights and compile settings to one file (``model.save``).

    Args:
        model: a ``Sequential`` or ``Functional`` model (``Model(inputs, outputs)``).
        filepath: ``"name.keras"`` for Keras 3's format (needs h5py), any other name
            (e.g. ``"name.nnlib"``) for nnlib's own format.
        overwrite: whether an existing file may be replaced. Defaults to True.
        zipped: Keras's option to write a folder instead of a zip; only the default
            (a zip file) exists in nnlib.
        **kwargs: none are supported (Keras's ``save_format`` was removed in Keras 3).

    Raises:
        HyperparameterError: an unsupported argument, or a weights or legacy ".h5" name.
        NotBuiltError: the model has no weights yet (nnlib's format).
        ImportError: a ".keras" name without h5py installed.
    """
    path = os.fspath(filepath)
    if "save_format" in kwargs:
        raise errors.HyperparameterError(
            "The `save_format` argument is deprecated in Keras 3: the file name chooses the format "
            "(\"model.keras\" for Keras's, \"model.nnlib\" for nnlib's)."
        )
    if kwargs:
        raise errors.HyperparameterError(f"The following argument(s) are not supported: {sorted(kwargs)}.")
    if zipped is False:
        raise errors.HyperparameterError("nnlib saves models as one zip file only; leave zipped as None or True.")
    if path.endswith(WEIGHTS_SUFFIXES):
        raise errors.HyperparameterError(
            f"{path!r} is a weights-file name; save the weights with model.save_weights({path!r}), or the whole "
            "model with model.save('model.keras')."
        )
    if path.endswith((".h5", ".hdf5")):
        raise errors.HyperparameterError(
            f"{path!r}: the legacy HDF5 model format of tf.keras 2 is not written by nnlib; use "
            "model.save('model.keras') (Keras 3's format, which Keras also recommends)."
        )
    if path.endswith(".keras"):
        save_keras_archive(model, path, overwrite)
    else:
        save_nnlib_archive(model, path, overwrite)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Load a model saved with ``model.save`` (by nnlib) or by Keras 3 (``.keras``).

    Args:
        filepath: the file's path.
        custom_objects: dict name -> your own classes and functions (layers, losses,
            metrics), e.g. ``{"Double": Double}``; registered ones are found without it.
        compile: compile the model with the saved settings. Defaults to True.
        safe_mode: accepted for Keras's sake; nnlib never runs code from a file.

    Returns:
        A built (and compiled) ``Sequential`` or ``Functional`` model with the saved weights.

    Raises:
        FileNotFoundError: there is no file at ``filepath``.
        ModelFileError: the file is not a model file, is truncated or corrupt, comes
            from a newer nnlib, holds a layer nnlib does not have (named) or a layer
            used twice (a shared layer), or its weights do not fit its architecture.
        ImportError: a Keras file without h5py installed.
    """
    path = os.fspath(filepath)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No model file at {path!r}. Save one with model.save({path!r}).")
    with _open_zip(path, "model") as archive:
        if is_nnlib_archive(archive):
            return load_nnlib_archive(archive, path, custom_objects, compile)
        if is_keras_archive(archive):
            return load_keras_archive(archive, path, custom_objects, compile)
    raise errors.ModelFileError(
        f"{path!r} is a zip archive but not an nnlib model file (no nnlib_model.json), nor a Keras one "
        "(no config.json)."
    )


def _open_zip(path, what):
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise errors.ModelFileError(
            f"{path!r} is not a readable {what} file: it is not a complete zip archive ({error}). It may be "
            "truncated or corrupt; save it again."
        ) from None


def save_weights(model, filepath, overwrite=True, max_shard_size=None):
    """Save the weights only (``model.save_weights``), in Keras 3's layout.

    Args:
        model: a built ``Sequential`` or ``Functional`` model.
        filepath: must end in ".weights.h5" (Keras's file, needs h5py) or
            ".weights.npz" (nnlib's, NumPy only).
        overwrite: whether an existing file may be replaced. Defaults to True.
        max_shard_size: Keras's option to split big files; not in nnlib (None only).

    Raises:
        HyperparameterError: another file name, or a ``max_shard_size``.
        NotBuiltError: the model has no weights yet.
    """
    path = os.fspath(filepath)
    if max_shard_size is not None:
        raise errors.HyperparameterError("nnlib writes one weights file; max_shard_size must stay None.")
    if not path.endswith(WEIGHTS_SUFFIXES):
        raise errors.HyperparameterError(
            f"The filename must end in `.weights.h5` (Keras's format) or `.weights.npz` (nnlib's). "
            f"Received: filepath={path}"
        )
    groups = model_weight_groups(model)  # NotBuiltError before any file is touched
    with atomic_write(path, overwrite) as temporary:
        (write_h5 if path.endswith(".weights.h5") else write_npz)(temporary, groups)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Load weights saved by ``save_weights`` or ``save`` (nnlib's or Keras's) into ``model``.

    The layers are matched by class and position, as in Keras, not by name (the layers
    of a nested model by their position in it). Either every weight is loaded or none
    is: a file that does not fit leaves the model as it was.

    Args:
        model: a built model of the architecture that was saved.
        filepath: a ".weights.h5", ".weights.npz" or ".keras" file, or an nnlib model file.
        skip_mismatch: leave the layers whose weights do not fit unchanged (with a
            warning) instead of failing. Defaults to False.
        **kwargs: none are supported.

    Raises:
        NotBuiltError: the model has no weights to load into yet.
        FileNotFoundError: there is no file at ``filepath``.
        ModelFileError: the file is corrupt, of another format, or does not fit the
            architecture; the message names the layers and both shapes.
    """
    path = os.fspath(filepath)
    if kwargs:
        raise errors.HyperparameterError(f"Invalid keyword arguments: {kwargs}")
    model.get_weights()  # NotBuiltError for an unbuilt model
    if not path.endswith((*WEIGHTS_SUFFIXES, ".keras")) and not zipfile.is_zipfile(path):
        raise errors.ModelFileError(f"File format not supported: filepath={path}. nnlib reads weights from "
                                    ".weights.h5, .weights.npz and .keras files, and from nnlib model files.")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No weights file at {path!r}. Save one with model.save_weights({path!r}).")
    if path.endswith(".weights.h5"):
        groups = read_h5(path, repr(path))
    elif path.endswith(".weights.npz"):
        groups = read_npz(path, repr(path))
    else:
        with _open_zip(path, "weights") as archive:
            if is_nnlib_archive(archive):
                return _load_nnlib_archive_weights(model, archive, path)
            if not is_keras_archive(archive):
                raise errors.ModelFileError(f"File format not supported: filepath={path}. nnlib reads weights "
                                            "from .weights.h5, .weights.npz, .keras and nnlib model files.")
            groups = read_archive_weights(archive, path)
    set_model_weights(model, groups, repr(path), skip_mismatch)


def _load_nnlib_archive_weights(model, archive, path):
    document = read_document(archive, path)
    weights = read_weights(archive, document, path)
    check_weights_fit(model, weights, document["weights"], path)
    model.set_weights(weights)
