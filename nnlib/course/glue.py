"""``glue``: hand a number a cell computed to the book's prose (MyST-NB's glue).

Used by every chapter whose text quotes an output: the cell computes the number, prints it,
and glues it under a name; the markdown writes a ``glue:text`` role with that name, and the book
build puts the stored value there. A re-run therefore cannot contradict the text.

MyST-NB is the book builder's package: installed with the book's requirements, absent on
Colab and in a plain Jupyter. There ``glue`` does nothing: the reader sees the number in
the cell's printed output, and the markdown (rendered by Jupyter, not by the book)
shows the role as written.
"""


def glue(name, value, display=False, chinese=None):
    """Store ``value`` under ``name`` for ``{glue:text}`` roles in the book's markdown.

    Args:
        name: the name the markdown uses.
        value: the value (a number rounded as the text should show it, or a string).
        display: also show the value as the cell's output (MyST-NB's default is True;
            the chapters print their numbers themselves, so here it is False).
        chinese: for a value that is words ("rose with the size of the product", "9.8
            million"), the same value in Chinese, stored under ``name + "_zh"`` for the
            Chinese edition's text (locale/zh_CN), which names it instead of ``name``.
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:  # Colab, plain Jupyter: nothing to glue into
        return
    myst_glue(name, value, display=display)
    if chinese is not None:
        myst_glue(f"{name}_zh", chinese, display=display)
