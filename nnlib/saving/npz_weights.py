"""The weights tree of ``weights_layout.py`` in a NumPy ``.npz`` file: nnlib's weights format.

Taught in Part 4, "Keras and nnlib, side by side". ``model.save_weights(
"model.weights.npz")`` needs only NumPy. The archive holds one array per Keras path,
named as in Keras's ``.weights.h5`` (``layers/dense/vars/0``), and each group's name
as a text array (``layers/dense/vars/name``), so the two files hold the same tree.
Keras does not read ``.npz`` weights; save to ``.weights.h5`` for Keras.
"""

import zipfile

import numpy as np

from .. import errors
from .weights_layout import WeightGroup


def write_npz(path, groups):
    """Write ``groups`` ({path: WeightGroup}) to the file at ``path``."""
    arrays = {}
    for group_path, group in groups.items():
        prefix = f"{group_path}/vars" if group_path else "vars"
        arrays[f"{prefix}/name"] = np.array(group.name)
        for index, array in enumerate(group.arrays):
            arrays[f"{prefix}/{index}"] = np.asarray(array)
    with open(path, "wb") as handle:  # a file object: np.savez would add ".npz" to a name
        np.savez(handle, **arrays)


def read_npz(file, source):
    """Read the weights tree back from ``file``.

    Returns:
        ``{path: WeightGroup}``.

    Raises:
        ModelFileError: not an ``.npz`` archive of this layout, or a corrupt one.
    """
    groups = {}
    try:
        with np.load(file, allow_pickle=False) as archive:  # loading never runs code from the file
            for key in archive.files:
                prefix, _, entry = key.rpartition("/")
                if not (prefix == "vars" or prefix.endswith("/vars")):
                    raise errors.ModelFileError(f"{source}: the entry {key!r} is not in the layout of a weights file.")
                path = prefix[: -len("/vars")] if prefix != "vars" else ""
                group = groups.setdefault(path, WeightGroup(path.rsplit("/", 1)[-1], []))
                if entry == "name":
                    group.name = str(archive[key])
                else:
                    group.arrays.append((int(entry), archive[key]))
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise errors.ModelFileError(
            f"{source} is not a readable .npz weights file ({error}); it may be corrupt."
        ) from None
    except ValueError as error:
        if isinstance(error, errors.ModelFileError):
            raise
        raise errors.ModelFileError(
            f"{source}: a weight array cannot be read ({error}); the file is corrupt."
        ) from None
    for group in groups.values():
        group.arrays = [array for _, array in sorted(group.arrays, key=lambda pair: pair[0])]
    return groups
