"""The bridge to Keras: ``model.save("m.keras")`` writes a real Keras 3 ``.keras`` file.

Taught in Part 4, "Keras and nnlib, side by side". A ``.keras`` file is a zip
archive of three members:

- ``metadata.json``: which Keras version wrote it, and when;
- ``config.json``: the architecture and the compile settings, as ``model_config.py``
  and ``compile_config.py`` write them;
- ``model.weights.h5``: the weights, in the layout of ``weights_layout.py``.

nnlib writes all three as Keras 3 does, so ``keras.saving.load_model("m.keras")`` opens
an nnlib model (Sequential or Functional, with models nested as layers), compiled with
the same optimizer, loss and metrics, and predicts the same numbers; and nnlib opens the
``.keras`` files Keras writes for the layers nnlib has.
Writing or reading the weights needs the optional ``h5py`` package.
"""

import datetime
import io
import json
import zipfile

from .. import __version__, errors
from .atomic_file import atomic_write
from .compile_config import compile_config_for_keras, compile_from_keras_config
from .h5_weights import read_h5, require_h5py, write_h5
from .model_config import model_from_keras_config, model_to_keras_config
from .weights_layout import WeightGroup, model_weight_groups, set_model_weights

CONFIG_NAME = "config.json"
METADATA_NAME = "metadata.json"
WEIGHTS_NAME = "model.weights.h5"
# The Keras version whose format nnlib writes (Keras 3 reads it; the metadata is informative).
KERAS_FORMAT_VERSION = "3.0.0"


def is_keras_archive(archive):
    """Whether an open zip archive is a Keras 3 ``.keras`` file."""
    return CONFIG_NAME in archive.namelist()


def save_keras_archive(model, path, overwrite=True):
    """Write ``model`` to ``path`` as a Keras 3 ``.keras`` file, atomically.

    Everything is prepared in memory first; the file appears only complete.

    Raises:
        ImportError: h5py is not installed.
    """
    require_h5py("Saving a .keras file")
    config = model_to_keras_config(model)
    compile_config = compile_config_for_keras(model)
    if compile_config is not None:
        config["compile_config"] = compile_config
    metadata = {"keras_version": KERAS_FORMAT_VERSION, "nnlib_version": __version__,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    groups = model_weight_groups(model) if model.built else {"": WeightGroup(model.name)}
    weights = io.BytesIO()
    write_h5(weights, groups)
    documents = (json.dumps(metadata), json.dumps(config))  # fails here, before any file exists
    with atomic_write(path, overwrite) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(METADATA_NAME, documents[0])
            archive.writestr(CONFIG_NAME, documents[1])
            archive.writestr(WEIGHTS_NAME, weights.getvalue())


def load_keras_archive(archive, path, custom_objects=None, compile=True):
    """Build the model an open ``.keras`` archive holds (written by Keras or by nnlib).

    Raises:
        ModelFileError: a layer nnlib does not have (the message names it and lists
            nnlib's layers), settings nnlib cannot build, or weights that do not fit.
        ImportError: h5py is not installed.
    """
    config = read_config(archive, path)
    model = model_from_keras_config(config, custom_objects, source=repr(path))
    if model.built:
        set_model_weights(model, read_archive_weights(archive, path), repr(path))
    if compile and config.get("compile_config"):
        compile_from_keras_config(model, config["compile_config"], custom_objects, source=repr(path))
    return model


def read_config(archive, path):
    """Return the parsed ``config.json`` of an open archive."""
    try:
        config = json.loads(archive.read(CONFIG_NAME).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise errors.ModelFileError(
            f"{path!r}: {CONFIG_NAME} is not valid JSON ({error}); the file is corrupt."
        ) from None
    if not isinstance(config, dict):
        raise errors.ModelFileError(f"{path!r}: {CONFIG_NAME} does not hold a model config; the file is corrupt.")
    return config


def read_archive_weights(archive, path):
    """Return the weights tree ({path: WeightGroup}) of an open ``.keras`` archive."""
    if WEIGHTS_NAME not in archive.namelist():
        raise errors.ModelFileError(f"{path!r} has no {WEIGHTS_NAME}; it holds no weights (or is corrupt).")
    return read_h5(io.BytesIO(archive.read(WEIGHTS_NAME)), repr(path))
