"""Looking objects up by name: how ``losses.get("mse")`` or ``initializers.get("he_normal")`` work.

Used by every module that accepts string names, as Keras does (Part 4, "The same network
with nnlib"). Each such module keeps a dict from canonical name to class, plus aliases,
and resolves an identifier the same way: None stays None, an instance is returned as it
is, a name is looked up case-insensitively and its class instantiated with the defaults,
and a dict from ``get_config()`` is turned back into an object.
"""

from . import errors


def lookup(kind, name, classes, aliases=None, listed_aliases=()):
    """Return the class that ``name`` stands for.

    Args:
        kind: what is looked up, for the error message, e.g. ``"loss"``.
        name: the name given (any case).
        classes: dict from canonical lowercase name to class.
        aliases: dict from other lowercase names to canonical names.
        listed_aliases: aliases that the error message lists beside the canonical names.

    Raises:
        UnknownNameError: no such name; the message lists the valid names and suggests
            the closest one.
    """
    key = str(name).lower()
    key = (aliases or {}).get(key, key)
    if key not in classes:
        raise errors.unknown_name_error(kind, name, list(classes) + list(listed_aliases))
    return classes[key]


def resolve(kind, identifier, base_class, classes, aliases=None, listed_aliases=(), expected=""):
    """Turn ``identifier`` (None, an instance, a name or a config dict) into an object.

    Args:
        kind, classes, aliases, listed_aliases: as for ``lookup``.
        identifier: what the user passed.
        base_class: instances of it are returned unchanged.
        expected: how to describe a valid identifier in the error message.

    Raises:
        UnknownNameError: an unknown name, or an identifier of another type.
    """
    if identifier is None or isinstance(identifier, base_class):
        return identifier
    if isinstance(identifier, dict):
        config = dict(identifier)
        return lookup(kind, config.pop("name", ""), classes, aliases, listed_aliases)(**config)
    if isinstance(identifier, str):
        return lookup(kind, identifier, classes, aliases, listed_aliases)()
    raise errors.UnknownNameError(f"Expected {expected}; got {type(identifier).__name__} {identifier!r}.")
