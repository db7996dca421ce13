"""nnlib's own model file: ``model.save("digits.nnlib")``, readable with NumPy alone.

Taught in Part 4, "The same network with nnlib" (keep a trained model) and "Errors and
debugging" (what a broken file looks like).

The file is a zip archive, whatever its name ends with (except ".keras", which gets
Keras's format, see ``keras_archive.py``):

- ``nnlib_model.json``: the format and its version, the architecture, the compile
  settings and a list of the weight arrays with their shapes. Since format 2 the
  architecture and the compile settings are written as Keras writes them (see
  ``model_config.py``), for a Sequential or a Functional model alike (the format's
  name, "nnlib.Sequential", is from the time nnlib had one kind of model); format 1
  files (nnlib's own layer dicts) still load.
- ``weights/000.npy``, ``weights/001.npy``, ...: the arrays, in ``get_weights()`` order
  (a nested model's in its place, named "outer_layer/inner_layer/weight"),
  in NumPy's own format (read back with ``allow_pickle=False``: loading a file never
  runs code from it).

The optimizer's state (Adam's moments) is not saved: a loaded model that is trained
further starts its optimizer afresh.
"""

import io
import json
import zipfile

import numpy as np

from .. import __version__, errors, losses, metrics as metrics_module, optimizers
from .atomic_file import atomic_write
from .compile_config import compile_config_for_keras, compile_from_keras_config
from .model_config import model_from_keras_config, model_to_keras_config

FORMAT = "nnlib.Sequential"
FORMAT_VERSION = 2
CONFIG_NAME = "nnlib_model.json"


def is_nnlib_archive(archive):
    """Whether an open zip archive is an nnlib model file."""
    return CONFIG_NAME in archive.namelist()


def save_nnlib_archive(model, path, overwrite=True):
    """Write ``model`` (architecture, weights, compile settings) to ``path``, atomically.

    Raises:
        NotBuiltError: the model has no weights yet.
    """
    weights = model.get_weights()  # NotBuiltError for an unbuilt model
    labels = [f"{layer.name}/{name}" for layer in model.layers for name in layer.params]
    entries = [
        {"name": label, "shape": list(w.shape), "dtype": str(w.dtype), "file": f"weights/{i:03d}.npy"}
        for i, (label, w) in enumerate(zip(labels, weights))
    ]
    document = json.dumps({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "nnlib_version": __version__,
        "model": model_to_keras_config(model),
        "compile": compile_config_for_keras(model),
        "weights": entries,
    }, indent=2)
    with atomic_write(path, overwrite) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(CONFIG_NAME, document)
            for entry, array in zip(entries, weights):
                buffer = io.BytesIO()
                np.save(buffer, array, allow_pickle=False)
                archive.writestr(entry["file"], buffer.getvalue())


def load_nnlib_archive(archive, path, custom_objects=None, compile=True):
    """Build the model an open nnlib archive holds.

    Raises:
        ModelFileError: the file is corrupt, from a newer nnlib, or its weights do not
            fit its architecture.
    """
    document = read_document(archive, path)
    model = model_from_keras_config(document["model"], custom_objects, source=repr(path))
    weights = read_weights(archive, document, path)
    if not model.built:
        raise errors.ModelFileError(f"{path!r}: the saved architecture has no input shape, so it cannot hold weights.")
    check_weights_fit(model, weights, document["weights"], path)
    model.set_weights(weights)
    if compile and document.get("compile"):
        if document["format_version"] == 1:
            _compile_from_version_1(model, document["compile"], path)
        else:
            compile_from_keras_config(model, document["compile"], custom_objects, source=repr(path))
    return model


def read_document(archive, path):
    """Return the checked ``nnlib_model.json`` of an open archive."""
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
            f"{document.get('nnlib_version', '?')}; this nnlib ({__version__}) reads formats up to "
            f"{FORMAT_VERSION}. Upgrade nnlib to load it."
        )
    if not isinstance(document.get("model"), dict) or not isinstance(document.get("weights"), list):
        raise errors.ModelFileError(f"{path!r}: {CONFIG_NAME} lacks the model or the weight list; the file is corrupt.")
    return document


def read_weights(archive, document, path):
    """Return the weight arrays of an open archive, in ``get_weights()`` order."""
    return [_read_array(archive, entry, path) for entry in document["weights"]]


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


def check_weights_fit(model, weights, entries, path):
    """Check the saved arrays against the model's, with the saved names in the message.

    Raises:
        ModelFileError: another number of arrays, or an array of another shape.
    """
    expected = [(f"{layer.name}/{name}", p.shape) for layer in model.layers for name, p in layer.params.items()]
    if len(weights) != len(expected):
        raise errors.ModelFileError(
            f"{path!r}: the architecture has {len(expected)} weight arrays but the file holds {len(weights)}."
        )
    for (label, shape), array, entry in zip(expected, weights, entries):
        if array.shape != shape:
            raise errors.ModelFileError(
                f"{path!r}: weight {label!r} should have shape {shape}, but the file holds shape {array.shape} "
                f"(saved as {entry.get('name', '?')!r})."
            )


def _compile_from_version_1(model, config, path):
    """Format 1 wrote the compile settings as nnlib's own dicts and metric names."""
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
