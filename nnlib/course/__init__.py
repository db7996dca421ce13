"""nnlib.course: everything that exists for the book, apart from the library itself.

The library (``nnlib.layers``, ``nnlib.models``, ``nnlib.losses``, ...) is what a reader
of the course builds and what a Keras program runs on; it imports NumPy only. This
package holds the book's teaching aids, which use the library but are never used by it
(the import-linter contracts in pyproject.toml enforce that):

- ``notebook_setup``: the setup cell (``nnlib.course.setup("0.1")``, the first code cell of
  every notebook), the version handshake and ``environment_report``;
- ``checks``: the exercise checks ``check``, ``check_function`` and ``diagnose``;
- ``glue``: numbers a cell computed, handed to the prose (MyST-NB's glue; nothing on Colab);
- ``widgets``: ``explore`` (sliders over a figure, live in Jupyter and pre-rendered on the
  website) and the playground of Part 4;
- ``figures``: the book's figures: ``plotting`` (histories, decision boundaries, digits,
  activations), ``networks`` (network diagrams and one neuron's computational graph),
  ``surfaces`` (loss surfaces and optimizer paths), ``confusion`` (confusion matrices),
  ``saliency`` (input gradients as pictures);
- ``lr_finder``: the learning-rate range test of Part 4, "Choosing the learning rate";
- ``images``: ``shift_images``, image batches moved by whole pixels (Part 4,
  "Convolutional networks", and the shifted digits of Part 6);
- the Part 5 helpers: ``devices`` (TensorFlow imported quietly, the device report, timers,
  FLOP formulas for matrix products) and ``flops`` (a model's FLOPs and energy estimate).

The setup and the checks are re-exported here, so that a notebook writes
``from nnlib.course import check``; every other aid is imported from its module, e.g.
``from nnlib.course.widgets import explore``.
"""

from .checks import check, check_function, diagnose
from .glue import glue
from .notebook_setup import (REPOSITORY_BRANCH, REPOSITORY_URL, VersionMismatchError, environment_report,
                             install_command, on_colab, setup)

__all__ = [
    "REPOSITORY_BRANCH",
    "REPOSITORY_URL",
    "VersionMismatchError",
    "check",
    "check_function",
    "diagnose",
    "environment_report",
    "glue",
    "install_command",
    "on_colab",
    "setup",
]
