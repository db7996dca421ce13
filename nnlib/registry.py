"""Looking objects up by name: how ``losses.get("mse")`` or ``initializers.get("he_normal")`` work.

Used by every module that accepts string names, as Keras does (Part 4, "The same network
with nnlib"). Each such module keeps a dict from canonical name to class, plus aliases,
and resolves an identifier the same way: None stays None, an instance is returned as it
is, a name is looked up case-insensitively and its class instantiated with the defaults,
and a dict from ``get_config()`` is turned back into an object. A name that is none of
the module's own may be one of your objects, registered below.
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
        try:
            return lookup(kind, identifier, classes, aliases, listed_aliases)()
        except errors.UnknownNameError:
            registered = get_registered_object(identifier)  # your own, registered or in a custom_object_scope
            if registered is None:
                raise
            return registered() if isinstance(registered, type) else registered
    raise errors.UnknownNameError(f"Expected {expected}; got {type(identifier).__name__} {identifier!r}.")


# ----- your own objects, registered by name (keras.saving.register_keras_serializable) -----
#
# A saved model names each object by its class ("Dense", "MyLayer"). nnlib finds its own
# classes itself; a class or function you wrote is found (by ``load_model``,
# ``model_from_json`` and ``deserialize_keras_object``) when you either pass it in
# ``custom_objects={"MyLayer": MyLayer}`` or decorate it once with
# ``@register_keras_serializable()``. The registered ones live in one dict, the same as
# Keras's, which ``get_custom_objects()`` returns: this and the seed of
# ``nnlib.utils.set_random_seed`` are the library's only global state, and both are
# there because Keras has them.

_REGISTERED_OBJECTS = {}  # "package>Name" -> class or function
_REGISTERED_NAMES = {}  # class or function -> "package>Name"
_SCOPES = []  # the dicts of the ``custom_object_scope`` blocks now open, innermost last


def register_keras_serializable(package="Custom", name=None):
    """Register a class or function so that saved models can name it, as in Keras.

    Example::

        @nnlib.saving.register_keras_serializable(package="my_package")
        class Double(nnlib.layers.Layer):
            ...

    The object is registered as ``"package>name"`` ("my_package>Double"), which is the
    ``registered_name`` a saved config holds for it. A class must have ``get_config()``
    so that its settings can be saved.

    Args:
        package: the first part of the registered name. Defaults to "Custom".
        name: the second part. Defaults to the class's or function's ``__name__``.

    Returns:
        The decorator, which returns the object itself, unchanged.

    Raises:
        HyperparameterError: the decorated class has no ``get_config()`` method (a
            ValueError, as Keras raises).
    """

    def decorator(obj):
        registered_name = f"{package}>{name if name is not None else obj.__name__}"
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise errors.HyperparameterError(
                f"Cannot register a class that does not have a get_config() method: {obj.__name__} "
                "needs one, returning its constructor arguments as a dict, so that a saved model can "
                "rebuild it."
            )
        _REGISTERED_OBJECTS[registered_name] = obj
        _REGISTERED_NAMES[obj] = registered_name
        return obj

    return decorator


def get_custom_objects():
    """Return the dict of registered objects itself ("package>Name" -> object), as Keras.

    Adding to it registers an object under that key; objects given to a
    ``custom_object_scope`` are not in it.
    """
    return _REGISTERED_OBJECTS


def get_registered_name(obj):
    """Return the name ``obj`` was registered under, else its ``__name__``."""
    return _REGISTERED_NAMES.get(obj, obj.__name__)


def get_registered_object(name, custom_objects=None, module_objects=None):
    """Return the class or function registered or given under ``name``, or None.

    Looked up in this order, as in Keras: the open ``custom_object_scope`` blocks
    (innermost first), the registered objects, ``custom_objects``, ``module_objects``.

    Args:
        name: a registered name ("package>Name") or a class or function name.
        custom_objects: the user's dict name -> object (``load_model``'s argument).
        module_objects: a library's own dict name -> object.
    """
    for scope in reversed(_SCOPES):
        if name in scope:
            return scope[name]
    for table in (_REGISTERED_OBJECTS, custom_objects, module_objects):
        if table and name in table:
            return table[name]
    return None


class CustomObjectScope:
    """Make objects findable by name inside a ``with`` block, as Keras's.

    Example::

        with nnlib.saving.custom_object_scope({"Double": Double}):
            model = nnlib.models.load_model("double.keras")

    Args:
        custom_objects: dict name -> class or function.
    """

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _SCOPES.append(self.custom_objects)
        return self

    def __exit__(self, *exc_info):
        _SCOPES.pop()  # blocks close innermost first
        return False


custom_object_scope = CustomObjectScope
