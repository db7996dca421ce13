"""nnlib.registry: the one way every module turns names into objects."""

import pytest

from nnlib import errors, losses, registry


class Base:
    pass


class Square(Base):
    def __init__(self, side=1):
        self.side = side


CLASSES = {"square": Square}


def test_lookup_is_case_insensitive_and_follows_aliases():
    assert registry.lookup("shape", "SQUARE", CLASSES) is Square
    assert registry.lookup("shape", "sq", CLASSES, aliases={"sq": "square"}) is Square


def test_unknown_name_lists_valid_names_and_suggests_the_closest():
    with pytest.raises(errors.UnknownNameError, match=r"Unknown shape 'squre'\. Did you mean 'square'\?.*sq"):
        registry.lookup("shape", "squre", CLASSES, aliases={"sq": "square"}, listed_aliases=["sq"])


def test_resolve_none_instance_name_and_config():
    square = Square(3)
    assert registry.resolve("shape", None, Base, CLASSES) is None
    assert registry.resolve("shape", square, Base, CLASSES) is square
    assert isinstance(registry.resolve("shape", "square", Base, CLASSES), Square)
    assert registry.resolve("shape", {"name": "square", "side": 2}, Base, CLASSES).side == 2


def test_resolve_rejects_other_types_with_what_was_expected():
    with pytest.raises(errors.UnknownNameError, match="Expected a shape name; got int 3"):
        registry.resolve("shape", 3, Base, CLASSES, expected="a shape name")


def test_modules_use_it():
    with pytest.raises(errors.UnknownNameError, match="Did you mean 'mse'"):
        losses.get("msee")
