"""Image batches moved by whole pixels: ``shift_images``.

Taught in Part 4, "Convolutional networks": the digits moved by one pixel test whether a
network still recognises a digit that is not where the training digits were. Part 6,
"Bias and privacy", uses the same move for its group B (one pixel down and one right).

Example::

    from nnlib.course.images import shift_images

    x_right = shift_images(x_test, right=1)          # rows of 64 pixels, or (n, 8, 8, 1)
    x_b = shift_images(x_test, down=1, right=1)
"""

import math
import numbers

import numpy as np

from nnlib import errors

__all__ = ["shift_images"]


def _as_grid(images):
    """(n, H, W, ...) view of ``images``, and the function that gives the original shape back."""
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise errors.ShapeError(
                f"shift_images: rows of {images.shape[1]} pixels are not square images; pass the "
                "images as (n, height, width) or (n, height, width, channels)."
            )
        return images.reshape(len(images), side, side), lambda grid: grid.reshape(images.shape)
    if images.ndim in (3, 4):
        return images, lambda grid: grid
    raise errors.ShapeError(
        f"shift_images: expected a batch of images of shape (n, pixels), (n, height, width) or "
        f"(n, height, width, channels); got shape {images.shape}. For one image, pass images[None]."
    )


def _check_step(name, step, length):
    if isinstance(step, bool) or not isinstance(step, numbers.Integral):
        raise errors.HyperparameterError(f"shift_images: {name} must be a whole number of pixels; got {step!r}.")
    if abs(step) >= length:
        raise errors.HyperparameterError(
            f"shift_images: {name}={step} moves the images by at least their size ({length} pixels), "
            "so nothing of them would be left; use a smaller shift."
        )
    return int(step)


def _ranges(step, length):
    """(source, target) slices of one axis for a move by ``step`` pixels (negative: up or left)."""
    if step >= 0:
        return slice(0, length - step), slice(step, length)
    return slice(-step, length), slice(0, length + step)


def shift_images(images, down=0, right=0):
    """Move every image of a batch by whole pixels; the rows and columns uncovered are 0.

    Pixels moved past the border are lost (nothing wraps around), as when a digit is
    written closer to the edge of its box. For the 8x8 digits, 0 is a blank pixel.

    Args:
        images: a batch of images: square images as rows ``(n, side * side)`` (the 8x8
            digits as rows of 64), ``(n, height, width)`` or channels-last
            ``(n, height, width, channels)``.
        down: pixels to move down (negative: up). Defaults to 0.
        right: pixels to move right (negative: left). Defaults to 0.

    Returns:
        A new array of the same shape and dtype: ``out[:, r + down, c + right] =
        images[:, r, c]`` where both positions are inside the image, 0 elsewhere.

    Raises:
        ShapeError: not a batch of images of one of the shapes above (e.g. rows that are
            not square images).
        HyperparameterError: a shift that is not a whole number, or moves the images by
            their full height or width (or more).
    """
    images = np.asarray(images)
    grid, restore = _as_grid(images)
    height, width = grid.shape[1], grid.shape[2]
    down = _check_step("down", down, height)
    right = _check_step("right", right, width)
    (rows_from, rows_to), (cols_from, cols_to) = _ranges(down, height), _ranges(right, width)
    moved = np.zeros_like(grid)
    moved[:, rows_to, cols_to] = grid[:, rows_from, cols_from]
    return restore(moved)
