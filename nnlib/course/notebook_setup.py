"""The setup cell of every notebook: install nnlib on Colab, check its version.

Used by every chapter; introduced in Part 1, "What is a neural network?". The first code
cell of every notebook makes ``import nnlib`` work and checks that the installed nnlib is
the version the notebook was written for::

    # Setup: on Colab this installs nnlib; everywhere it checks its version.
    try:
        import nnlib.course
    except ImportError:
        %pip install -q "git+https://github.com/nnlib-course/neural-networks-from-numpy-to-tensorflow@main" 2> /tmp/nnlib-install.log || echo "Could not download nnlib. Check that this runtime is online and that the address above is right, then run this cell again (pip's own message is in /tmp/nnlib-install.log)."
        import nnlib.course
    nnlib.course.setup("0.1")

(nnlib cannot install itself before it can be imported, hence the ``try``; when the download
fails, the learner sees one sentence saying what to do instead of pip's error.)
``setup`` prints one fixed line, so the stored output never depends on the machine;
``environment_report()`` says which Python, NumPy, nnlib, TensorFlow and GPU you have.
"""


import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys

import numpy as np

from nnlib import __version__, errors

#: Where the course lives. ``make set-repo URL=...`` rewrites this line for a fork.
REPOSITORY_URL = "https://github.com/nnlib-course/neural-networks-from-numpy-to-tensorflow"
#: The branch the notebooks' setup cells install nnlib from.
REPOSITORY_BRANCH = "main"

__all__ = [
    "REPOSITORY_BRANCH",
    "REPOSITORY_URL",
    "VersionMismatchError",
    "environment_report",
    "install_command",
    "on_colab",
    "setup",
]


class VersionMismatchError(errors.NNLibError, RuntimeError):
    """The installed nnlib is not the version a notebook was written for."""


# ---------------------------------------------------------------------------------------
# The setup cell
# ---------------------------------------------------------------------------------------


def install_command(url=None, branch=None):
    """Return the notebook command that installs nnlib from the course repository.

    Args:
        url: the repository URL; defaults to ``REPOSITORY_URL``.
        branch: the branch or tag; defaults to ``REPOSITORY_BRANCH``.

    Returns:
        str, e.g. ``%pip install -q --force-reinstall --no-deps "git+https://...@main"``.
    """
    url = url or REPOSITORY_URL
    branch = branch or REPOSITORY_BRANCH
    return f'%pip install -q --force-reinstall --no-deps "git+{url}@{branch}"'


def on_colab():
    """Return True when running inside Google Colab."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def _parse_version(text, what):
    """Return the numeric parts of a version string, e.g. "0.1.0" -> (0, 1, 0)."""
    parts = str(text).strip().split(".")
    try:
        numbers = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(
            f"{what} must look like '0.1' or '0.1.0' (numbers separated by dots); got {text!r}."
        ) from None
    return numbers


def _mismatch_message(wanted, installed):
    """Say what is installed, what the notebook wants, and how to fix it, here and on Colab."""
    where = os.path.dirname(os.path.abspath(__file__))
    lines = [
        f"This notebook was written for nnlib {wanted}, but nnlib {installed} is installed (in {where}).",
        "The notebook and the library must match, or cells may fail or print other numbers.",
        "To fix it:",
    ]
    if on_colab():
        lines += [
            f"  1. Run this in a new cell:  {install_command()}",
            "  2. Restart the session (Runtime > Restart session) and run the notebook again.",
        ]
    else:
        lines += [
            "  - In your copy of the course repository: run `make book` (or `.venv/bin/pip install -e .`),",
            "    then restart the kernel and run the notebook again.",
            f"  - Anywhere else: run  {install_command()}  then restart the kernel.",
            "  - Or open the notebook from the same version of the course as your nnlib.",
        ]
    return "\n".join(lines)


def setup(version, *, report=False):
    """Check that the installed nnlib is the version the notebook was written for.

    Call it in the first code cell of every notebook. Versions match when every part the
    notebook gives matches: ``setup("0.1")`` accepts nnlib 0.1.0, 0.1.1, ... but not 0.2.0.

    Args:
        version: the version the notebook was written for, e.g. ``"0.1"``.
        report: also print ``environment_report()`` (Python, NumPy, TensorFlow, GPU). Its
            output differs from machine to machine, so a cell that uses it must be tagged
            ``nbval-ignore-output``.

    Raises:
        VersionMismatchError: another version is installed; the message says how to fix it.
        ValueError: ``version`` is not a version string.
    """
    wanted = _parse_version(version, "setup(version)")
    installed = _parse_version(__version__, "nnlib.__version__")
    if installed[: len(wanted)] != wanted:
        raise VersionMismatchError(_mismatch_message(version, __version__))
    # One fixed line: the stored output of the setup cell is the same on every machine.
    print(f"Setup done: nnlib matches this notebook (version {version}).")
    if report:
        print(environment_report())


def _installed_version(*distributions):
    """Return the version of the first installed distribution among ``distributions``, or None."""
    for name in distributions:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def _gpu_from_nvidia_smi():
    """Return the GPU names nvidia-smi lists, or None when nvidia-smi is missing or fails."""
    if shutil.which("nvidia-smi") is None:
        return None
    try:
        result = subprocess.run(
            ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=20, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    names = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    return names or None


def _gpu_from_tensorflow():
    """Return the GPU devices TensorFlow sees (imports TensorFlow, quietly)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import tensorflow as tf

    return [device.name for device in tf.config.list_physical_devices("GPU")]


def environment_report(tensorflow=False):
    """Return a short text report of the environment, for a bug report or the GPU chapter.

    TensorFlow is not imported (it takes seconds) unless ``tensorflow=True``: by default
    its installed version is read from the package metadata and the GPU from ``nvidia-smi``.

    Args:
        tensorflow: import TensorFlow and ask it which GPUs it can use.

    Returns:
        str, several ``name: value`` lines. The values differ between machines.
    """
    tf_version = _installed_version("tensorflow", "tensorflow-cpu", "tf-nightly")
    if tensorflow and tf_version is not None:
        gpus = _gpu_from_tensorflow()
        gpu = ", ".join(gpus) + " (TensorFlow sees it)" if gpus else "none that TensorFlow can use"
    else:
        names = _gpu_from_nvidia_smi()
        gpu = ", ".join(names) + " (from nvidia-smi)" if names else "none found (no working nvidia-smi)"
    if tf_version is None:
        tf_text = "not installed"
    else:
        tf_text = tf_version + ("" if "tensorflow" in sys.modules else " (installed, not imported)")
    rows = [
        ("Python", platform.python_version()),
        ("NumPy", np.__version__),
        ("nnlib", __version__),
        ("TensorFlow", tf_text),
        ("GPU", gpu),
        ("Colab", "yes" if on_colab() else "no"),
    ]
    return "\n".join(f"{name + ':':<12}{value}" for name, value in rows)
