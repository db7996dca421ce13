"""Loss functions L(y, y_hat), their gradients dL/dy_hat, and the fused logits path.

Taught in Part 2, "Loss functions" (which loss for which task) and Part 3,
"Backpropagation" (the gradient dL/dy_hat that starts the backward pass).

Every loss follows Keras 3 exactly:

- a loss value per sample (the mean over the last axis for MSE, MAE, binary
  cross-entropy and most others; the sum over classes for the categorical ones), then
  the reduction over the batch, by default the mean ("sum_over_batch_size"), with
  optional sample weights (``reduction.py``). ``gradient`` is the gradient of that.
- probabilities are clipped to [1e-7, 1 - 1e-7] before the log, so log(0) never
  happens; categorical cross-entropy first divides each row by its sum.
- with ``from_logits=True`` the loss reads raw scores z and works in log space.

A network whose last layer is a sigmoid (with binary cross-entropy) or a softmax (with
categorical cross-entropy) never needs the probabilities in the backward pass: the
gradient with respect to the logits is simply (y_hat - y) / batch. ``fuses_with`` tells
the model when this holds, and ``value_from_logits`` / ``gradient_from_logits`` compute
loss and gradient from z. Keras 3 does the same: its sigmoid and softmax outputs
remember their logits, and the cross-entropies use them. This is stable even for
z = +-1000, where the probability is exactly 0 or 1.

One module per family: ``regression`` (MSE, MAE, MAPE, MSLE), ``robust`` (Huber,
log-cosh), ``binary_crossentropy``, ``categorical_crossentropy`` (with the sparse form),
``probabilistic`` (KL divergence, Poisson), ``hinge``, ``cosine_similarity``; ``base``
has the ``Loss`` class to subclass, and ``functions`` the losses as plain functions.
"""

from .. import errors, registry
from .base import Loss
from .binary_crossentropy import BinaryCrossentropy
from .categorical_crossentropy import CategoricalCrossentropy, SparseCategoricalCrossentropy
from .checks import EPSILON
from .cosine_similarity import CosineSimilarity
from .functions import (
    CLASS_OF_FUNCTION,
    binary_crossentropy,
    categorical_crossentropy,
    categorical_hinge,
    cosine_similarity,
    hinge,
    huber,
    kl_divergence,
    kld,
    log_cosh,
    logcosh,
    mae,
    mape,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    mse,
    msle,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from .hinge import CategoricalHinge, Hinge, SquaredHinge
from .probabilistic import KLDivergence, Poisson
from .regression import MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError
from .robust import Huber, LogCosh
from .wrapper import LossFunctionWrapper

__all__ = [
    "Loss", "LossFunctionWrapper",
    "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
    "Huber", "LogCosh", "CosineSimilarity",
    "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
    "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "cosine_similarity",
    "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
    "kl_divergence", "poisson", "hinge", "squared_hinge", "categorical_hinge",
    "mse", "mae", "mape", "msle", "kld", "logcosh",
    "get", "serialize", "deserialize", "EPSILON",
]

# Keras's names (those of its loss functions), each for a class.
_CLASSES = {
    "mean_squared_error": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError,
    "mean_absolute_percentage_error": MeanAbsolutePercentageError,
    "mean_squared_logarithmic_error": MeanSquaredLogarithmicError,
    "huber": Huber,
    "log_cosh": LogCosh,
    "cosine_similarity": CosineSimilarity,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "kl_divergence": KLDivergence,
    "poisson": Poisson,
    "hinge": Hinge,
    "squared_hinge": SquaredHinge,
    "categorical_hinge": CategoricalHinge,
}
# Short names, listed in the message for an unknown name.
_ALIASES = {
    "mse": "mean_squared_error", "mae": "mean_absolute_error", "bce": "binary_crossentropy",
    "mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error",
    "kld": "kl_divergence", "logcosh": "log_cosh",
}
# Keras also accepts class names ("MeanSquaredError"); lower-cased they read "meansquarederror".
# "huber_loss" is Huber's default name, so that its get_config() dict resolves too.
_OTHER_NAMES = {**{cls.__name__.lower(): name for name, cls in _CLASSES.items()}, "huber_loss": "huber"}


def _lookup(name, custom_objects=None):
    """The class (or your registered function) that ``name`` stands for."""
    try:
        return registry.lookup("loss", name, _CLASSES, {**_OTHER_NAMES, **_ALIASES}, _ALIASES)
    except errors.UnknownNameError:
        # your own loss, passed in custom_objects or registered with register_keras_serializable
        found = registry.get_registered_object(name, custom_objects)
        if found is None:
            raise
        return found


def get(identifier):
    """Return the loss an identifier names.

    Args:
        identifier: a Keras name such as ``"mse"``, ``"mean_squared_error"``,
            ``"huber"`` or ``"categorical_crossentropy"``, or a class name such as
            ``"BinaryCrossentropy"`` (case-insensitive); a ``Loss`` (returned as is) or
            a ``Loss`` subclass (instantiated); a dict, either from ``get_config()`` or
            ``{"class_name": "Huber", "config": {...}}`` as ``serialize`` writes it; one
            of the functions of this module (giving its class, which has a gradient);
            another function (y_true, y_pred) -> per-sample values, wrapped in a
            ``LossFunctionWrapper``; the name of your own loss class or function,
            registered with ``register_keras_serializable``; or None (returns None, as
            Keras).

    Returns:
        A ``Loss`` instance (or None). Keras returns a function for a name such as
        "mse"; nnlib returns the class, because training needs its gradient.

    Raises:
        UnknownNameError: the name is not a loss (the message suggests the closest).
    """
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        identifier = _lookup(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if callable(identifier):
        known = CLASS_OF_FUNCTION.get(identifier)
        return known() if known is not None else LossFunctionWrapper(identifier)
    raise errors.UnknownNameError(
        "Expected a loss name such as 'mse' or 'categorical_crossentropy', or an nnlib Loss; "
        f"got {type(identifier).__name__} {identifier!r}."
    )


def serialize(loss):
    """Return ``{"class_name": ..., "config": loss.get_config()}``, as Keras saves a loss."""
    return {"class_name": type(loss).__name__, "config": loss.get_config()}


def deserialize(config, custom_objects=None):
    """Return the loss a dict describes (the inverse of ``serialize``).

    Args:
        config: ``{"class_name": ..., "config": {...}}``, or a flat ``get_config()`` dict
            whose "name" is a Keras loss name.
        custom_objects: optional dict from class name to your own ``Loss`` subclasses
            (registered ones are found without it).

    Raises:
        UnknownNameError: the class or name is not a known loss.
    """
    config = dict(config)
    if "class_name" in config:
        cls = _lookup(config["class_name"], custom_objects)
        return cls.from_config(dict(config.get("config") or {}))
    return _lookup(config.get("name", "")).from_config(config)
