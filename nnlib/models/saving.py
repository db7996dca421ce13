"""Saving a model to one file and loading it back: ``model.save(path)``, ``load_model(path)``.

Taught in Part 4, "The same network with nnlib" (keep a trained model) and "Errors
and debugging" (what a broken file looks like).

The file is a zip archive (whatever its name ends with, e.g. "digits.nnlib"):

- ``nnlib_model.json``: the format and its version, the architecture (each layer's
  ``get_config()``), the compile settings (optimizer, loss, metric names) and a list
  of the weight arrays with their shapes;
- ``weights/000.npy``, ``weights/001.npy``, ...: the arrays, in ``get_weights()`` order,
  in NumPy's own format (read back with ``allow_pickle=False``: loading a file never
  runs code from it).

The optimizer's state (Adam's moments) is not saved: a loaded model that is trained
further starts its optimizer afresh. A file that is truncated, corrupt, from a newer
nnlib or from Keras gives a ``ModelFileError`` that says which.
"""

import io
import json
import os
import zipfile

import numpy as np

from .. import __version__, errors, losses, metrics as metrics_module, optimizers
from ..layers import Activation, Dense, Dropout, Flatten, InputLayer

FORMAT = "nnlib.Sequential"
FORMAT_VERSION = 1
CONFIG_NAME = "nnlib_model.json"
LAYER_CLASSES = {cls.__name__: cls for cls in (Dense, Activation, Dropout, Flatten)}


def save_model(model, filepath):
    """Write ``model`` (architecture, weights, compile settings) to ``filepath``.

    The file is written next to its destination first and then renamed, so a
    failed save never leaves a half-written file under the real name.

    Raises:
        NotBuiltError: the model has no weights yet.
    """
    weights = model.get_weights()  # NotBuiltError for an unbuilt model
    labels = [f"{layer.name}/{name}" for layer in model.layers for name in layer.params]
    entries = [
        {"name": label, "shape": list(w.shape), "dtype": str(w.dtype), "file": f"weights/{i:03d}.npy"}
        for i, (label, w) in enumerate(zip(labels, weights))
    ]
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "nnlib_version": __version__,
        "model": model.get_config(),
        "compile": _compile_config(model),
        "weights": entries,
    }
    path = os.fspath(filepath)
    temporary = f"{path}.partial"
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(CONFIG_NAME, json.dumps(document, indent=2))
            for entry, array in zip(entries, weights):
                buffer = io.BytesIO()
                np.save(buffer, array, allow_pickle=False)
                archive.writestr(entry["file"], buffer.getvalue())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _compile_config(model):
    if not model.compiled:
        return None
    optimizer = model.optimizer
    return {
        "optimizer": {"class_name": type(optimizer).__name__, "config": optimizer.get_config()},
        "loss": None if model.loss is None else model.loss.get_config(),
        "metrics": [metric.name for metric in model.metrics],
    }


def load_model(filepath, custom_objects=None, compile=True):
    """Load a model saved with ``model.save(filepath)``.

    Args:
        filepath: the file's path.
        custom_objects: dict class name -> class, for layers you wrote yourself.
        compile: compile the model with the saved settings. Defaults to True.

    Returns:
        A built (and compiled) ``Sequential`` with the saved weights.

    Raises:
        FileNotFoundError: there is no file at ``filepath``.
        ModelFileError: the file is not an nnlib model file, is truncated or corrupt,
            comes from a newer nnlib, or its weights do not fit its architecture.
    """
    path = os.fspath(filepath)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No model file at {path!r}. Save one with model.save({path!r}).")
    try:
        with zipfile.ZipFile(path) as archive:
            document = _read_document(archive, path)
            model = model_from_config(document["model"], custom_objects, path)
            weights = [_read_array(archive, entry, path) for entry in document["weights"]]
    except zipfile.BadZipFile as error:
        raise errors.ModelFileError(
            f"{path!r} is not a readable nnlib model file: it is not a complete zip archive "
            f"({error}). It may be truncated or corrupt; save the model again."
        ) from None
    _set_saved_weights(model, weights, document["weights"], path)
    if compile and document.get("compile"):
        _compile_from_config(model, document["compile"], path)
    return model


def _read_document(archive, path):
    names = set(archive.namelist())
    if CONFIG_NAME not in names:
        if "config.json" in names and "model.weights.h5" in names:
            raise errors.ModelFileError(
                f"{path!r} is a Keras model file, not an nnlib one. Load it with "
                "keras.models.load_model, or copy its weights with model.set_weights(keras_model.get_weights())."
            )
        raise errors.ModelFileError(f"{path!r} is a zip archive but not an nnlib model file (no {CONFIG_NAME}).")
    try:
        document = json.loads(archive.read(CONFIG_NAME).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise errors.ModelFileError(
            f"{path!r}: {CONFIG_NAME} is not valid JSON ({error}); the file is corrupt."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise errors.ModelFileError(
            f"{path!r} is not an nnlib model file (its {CONFIG_NAME} has no format {FORMAT!r})."
        )
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise errors.ModelFileError(
            f"{path!r} was saved in model-file format {version!r} by nnlib "
            f"{document.get('nnlib_version', '?')}; this nnlib ({__version__}) reads format "
            f"{FORMAT_VERSION}. Upgrade nnlib to load it."
        )
    if not isinstance(document.get("model"), dict) or not isinstance(document.get("weights"), list):
        raise errors.ModelFileError(f"{path!r}: {CONFIG_NAME} lacks the model or the weight list; the file is corrupt.")
    return document


def model_from_config(config, custom_objects=None, source="the config"):
    """Rebuild an (uncompiled) ``Sequential`` from ``model.get_config()``.

    Raises:
        ModelFileError: a layer class is unknown or its settings are invalid.
    """
    from .sequential import Sequential

    classes = dict(LAYER_CLASSES, **(custom_objects or {}))
    try:
        model = Sequential(name=config.get("name"))
        if config.get("input_shape"):
            model.add(InputLayer(tuple(config["input_shape"])))
        for i, layer_config in enumerate(config["layers"]):
            class_name = layer_config["class_name"]
            if class_name not in classes:
                raise errors.ModelFileError(
                    f"{source}: layer {i} has class {class_name!r}, which nnlib does not know "
                    f"(known: {', '.join(sorted(classes))}). For a layer you wrote, pass "
                    f"custom_objects={{{class_name!r}: {class_name}}}."
                )
            model.add(classes[class_name].from_config(dict(layer_config["config"])))
    except errors.ModelFileError:
        raise
    except (errors.NNLibError, KeyError, TypeError, ValueError) as error:
        raise errors.ModelFileError(f"{source}: the architecture cannot be rebuilt ({error}).") from None
    return model


def _read_array(archive, entry, path):
    try:
        array = np.load(io.BytesIO(archive.read(entry["file"])), allow_pickle=False)
    except (KeyError, TypeError) as error:
        raise errors.ModelFileError(f"{path!r}: a weight array is missing ({error}).") from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise errors.ModelFileError(
            f"{path!r}: the weight array {entry.get('name', '?')!r} cannot be read ({error}); the file is "
            "corrupt or truncated."
        ) from None
    return array


def _set_saved_weights(model, weights, entries, path):
    if not model.built:
        raise errors.ModelFileError(f"{path!r}: the saved architecture has no input shape, so it cannot hold weights.")
    expected = [(f"{layer.name}/{name}", p.shape) for layer in model.layers for name, p in layer.params.items()]
    if len(weights) != len(expected):
        raise errors.ModelFileError(
            f"{path!r}: the architecture has {len(expected)} weight arrays but the file holds {len(weights)}."
        )
    for (label, shape), array in zip(expected, weights):
        if array.shape != shape:
            raise errors.ModelFileError(
                f"{path!r}: weight {label!r} should have shape {shape}, but the file holds shape {array.shape}."
            )
    model.set_weights(weights)


def _compile_from_config(model, config, path):
    try:
        optimizer = optimizers.get(config["optimizer"])
        loss = None if config.get("loss") is None else losses.get(config["loss"])
        metric_list = [metrics_module.get(name, loss=loss) for name in config.get("metrics", [])]
    except (errors.NNLibError, KeyError, TypeError) as error:
        raise errors.ModelFileError(
            f"{path!r}: the saved compile settings cannot be restored ({error}). Load with "
            "compile=False and call model.compile(...) yourself."
        ) from None
    model.compile(optimizer=optimizer, loss=loss, metrics=metric_list)
