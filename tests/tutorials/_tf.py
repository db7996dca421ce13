"""A stand-in for ``import tensorflow as tf`` in the quoted TensorFlow tutorials: ``tf.keras`` is nnlib.

The TensorFlow tutorials reach Keras through ``tf.keras`` (``tf.keras.Sequential``,
``tf.keras.losses...``) and print TensorFlow's version; they use nothing else of
TensorFlow in the quoted cells. Changing their import to ``import _tf as tf`` is the
nnlib equivalent of changing ``import tensorflow as tf``, as ``import nnlib as keras`` is
of ``from tensorflow import keras``: ``tf.keras.X`` is then ``nnlib.X``, and anything else
of TensorFlow is absent (an AttributeError), so a tutorial that needs it fails visibly.
"""

import types

import nnlib as keras  # noqa: F401  (tf.keras)

__version__ = keras.__version__
version = types.SimpleNamespace(VERSION=keras.__version__)  # tf.version.VERSION
