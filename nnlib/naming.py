"""Automatic names for layers and models, numbered as Keras 3 numbers them.

Taught in Part 4, "The same network with nnlib" (reading ``model.summary()``).

A layer or model created without ``name=`` is named after its class in snake_case,
with a number from the second one on: ``dense``, ``dense_1``, ``dense_2``, ...,
``sequential``, ``sequential_1``, ... The counters run for the whole Python session,
as in Keras, so two models never show two layers called ``dense``, and the names in an
error message point at one layer. They are, with ``set_random_seed``'s seed, the
library's only global state; ``clear_session()`` starts them again from zero (as
``keras.utils.clear_session()`` does).
"""

import collections

_counts = collections.Counter()  # prefix -> how many names were made with it


def unique_name(prefix):
    """Return ``prefix`` the first time, then ``prefix_1``, ``prefix_2``, ...

    Args:
        prefix: a base name, e.g. "dense".
    """
    _counts[prefix] += 1
    count = _counts[prefix]
    return prefix if count == 1 else f"{prefix}_{count - 1}"


def clear_session():
    """Start the automatic names again (the next Dense layer is "dense"), as Keras's ``clear_session``."""
    _counts.clear()
