"""Writing a file so that a failure never leaves half of it behind.

Taught in Part 4, "Errors and debugging" (nothing is lost on failure). Every file
``model.save`` and ``model.save_weights`` write is first written to a temporary file in
the same folder, then renamed onto the real name with ``os.replace``, which is atomic:
a reader sees either the old file or the complete new one, never a half-written one,
and a save that fails (full disk, an unsaveable layer) leaves the old file untouched.
"""

import contextlib
import os
import secrets


@contextlib.contextmanager
def atomic_write(filepath, overwrite=True):
    """Yield a temporary path to write to; rename it onto ``filepath`` on success.

    Example::

        with atomic_write("model.keras") as temporary:
            write_everything(temporary)

    Args:
        filepath: the file to create or replace.
        overwrite: whether an existing file may be replaced. Defaults to True.

    Raises:
        FileExistsError: the file exists and ``overwrite`` is False. (Keras asks on
            the terminal instead; nnlib never waits for input.)
    """
    path = os.fspath(filepath)
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"{path!r} exists and overwrite=False; choose another name or pass overwrite=True.")
    folder, name = os.path.split(os.path.abspath(path))
    # A hidden name of its own in the same folder (os.replace cannot cross disks).
    temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.partial")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
