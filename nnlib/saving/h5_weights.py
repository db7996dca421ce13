"""The weights tree of ``weights_layout.py`` in an HDF5 file, as Keras 3 writes ``.weights.h5``.

Taught in Part 4, "Keras and nnlib, side by side". HDF5 is a file format for
arrays in named groups, read and written with the ``h5py`` package. ``h5py`` is an
optional dependency of nnlib, imported only here, when a ``.weights.h5`` or ``.keras``
file is written or read; nnlib's own formats (``.nnlib``, ``.weights.npz``) need only NumPy.
"""

import numpy as np

from .. import errors
from .weights_layout import WeightGroup


def require_h5py(what):
    """Import and return ``h5py``.

    Args:
        what: what needs it, for the message, e.g. "Saving a .keras file".

    Raises:
        ImportError: h5py is not installed; the message says how to install it.
    """
    try:
        import h5py
    except ImportError:
        raise ImportError(
            f"{what} needs the h5py package, which Keras's weight files are written with: "
            "pip install h5py. (nnlib's own formats need only NumPy: model.save('model.nnlib'), "
            "model.save_weights('model.weights.npz').)"
        ) from None
    return h5py


def write_h5(file, groups):
    """Write ``groups`` ({path: WeightGroup}) to ``file`` (a path or a binary file object)."""
    h5py = require_h5py("Writing Keras weights")
    with h5py.File(file, "w") as h5:
        for path, group in groups.items():
            target = h5.create_group(f"{path}/vars" if path else "vars")
            target.attrs["name"] = group.name
            for index, array in enumerate(group.arrays):
                target.create_dataset(str(index), data=np.asarray(array))


def read_h5(file, source):
    """Read the weights tree from ``file`` (a path or a binary file object).

    Returns:
        ``{path: WeightGroup}``, e.g. ``{"layers/dense": WeightGroup("dense", [kernel, bias])}``.

    Raises:
        ModelFileError: not an HDF5 file, or not one in Keras 3's layout; or it holds
            links to other files (which Keras refuses too: loading never reads a file
            you did not name).
    """
    h5py = require_h5py("Reading Keras weights")
    try:
        with h5py.File(file, "r") as h5:
            _refuse_links(h5, h5py, source)
            groups = {}
            h5.visititems(lambda name, item: _collect(groups, name, item, h5py))
    except OSError as error:
        raise errors.ModelFileError(
            f"{source} is not a readable HDF5 weights file ({error}); it may be truncated or corrupt."
        ) from None
    if not any(path.startswith("layers/") for path in groups):
        raise errors.ModelFileError(
            f"{source} is an HDF5 file but not in Keras 3's weights layout (no layers/<name>/vars groups). "
            "A file from tf.keras 2 (model.save_weights('w.h5')) cannot be read; save it again with Keras 3."
        )
    return groups


def _collect(groups, name, item, h5py):
    if not (isinstance(item, h5py.Group) and (name == "vars" or name.endswith("/vars"))):
        return
    path = name[: -len("/vars")] if name != "vars" else ""
    indices = sorted(int(key) for key in item.keys() if key.isdigit())
    label = item.attrs.get("name", path.rsplit("/", 1)[-1])
    label = label.decode() if isinstance(label, bytes) else str(label)
    groups[path] = WeightGroup(label, [np.array(item[str(i)]) for i in indices])


def _refuse_links(h5, h5py, source):
    found = []

    def visit(group, prefix):
        for key in group.keys():
            link = group.get(key, getlink=True)
            if isinstance(link, (h5py.ExternalLink, h5py.SoftLink)):
                found.append(f"{prefix}{key} ({type(link).__name__})")
            elif isinstance(group.get(key), h5py.Group):
                visit(group[key], f"{prefix}{key}/")

    visit(h5, "/")
    if found:
        raise errors.ModelFileError(
            f"{source} holds links to other data ({', '.join(found)}): a weights file must hold its "
            "arrays itself, so nnlib does not follow them."
        )
