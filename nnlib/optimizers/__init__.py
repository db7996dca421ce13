"""Optimizers: SGD (with momentum), Adagrad, RMSprop, Adam, AdamW, Nadam and Adamax, with Keras 3's rules.

Taught in Part 3, "Gradient descent" and "Optimizers". Each optimizer's file starts
with the pseudo-code of its update and says where it differs from the textbook.
Every optimizer also takes Keras's common arguments (``weight_decay``, ``clipnorm``,
``clipvalue``, ``global_clipnorm``, ``use_ema``, ...; see ``Optimizer``).

``get("adam")`` (case-insensitive) returns a new optimizer with Keras's defaults, as
``model.compile(optimizer="adam")`` does.
"""

from .. import errors, registry
from . import clipping, schedules
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .base import Optimizer
from .nadam import Nadam
from .rmsprop import RMSprop
from .sgd import SGD

_CLASSES = {
    "sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam,
    "adamw": AdamW, "nadam": Nadam, "adamax": Adamax,
}
_ALIASES = {"adam_w": "adamw"}  # AdamW's default name, as Keras names it

__all__ = [
    "Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "Nadam", "Adamax",
    "clipping", "schedules", "get", "serialize", "deserialize",
]


def get(identifier):
    """Return the optimizer an identifier names.

    Args:
        identifier: a name, "sgd", "adam", "adamw", "nadam", "adamax", "rmsprop" or
            "adagrad" (case-insensitive, so "Adam" works too), giving a new optimizer
            with Keras's defaults; an ``Optimizer`` (returned as is); or a saved dict,
            either ``{"class_name": "Adam", "config": {...}}`` or the flat
            ``get_config()``; or None (returns None, as Keras).

    Returns:
        An ``Optimizer`` (or None).

    Raises:
        UnknownNameError: the name is not an optimizer (the message suggests the closest).
    """
    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        if "class_name" in identifier:
            return _lookup(identifier["class_name"]).from_config(identifier.get("config", {}))
        return _lookup(identifier.get("name", "")).from_config(identifier)
    if isinstance(identifier, str):
        return _lookup(identifier)()
    raise errors.UnknownNameError(
        f"Expected an optimizer name ({', '.join(_CLASSES)}) or an nnlib Optimizer; "
        f"got {type(identifier).__name__} {identifier!r}."
    )


def serialize(optimizer):
    """Return ``{"class_name": ..., "config": optimizer.get_config()}``, as Keras's ``serialize``."""
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}


def deserialize(config):
    """Return a new optimizer from ``serialize()``'s dict (or any dict ``get`` accepts)."""
    return get(dict(config))


def _lookup(name):
    return registry.lookup("optimizer", name, _CLASSES, _ALIASES)
