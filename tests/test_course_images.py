"""Tests of nnlib.course.images.shift_images: digits moved by whole pixels (Part 4, Part 6)."""

import numpy as np
import pytest

from nnlib import errors
from nnlib.course.images import shift_images


def batch(shape, seed=0):
    return np.random.default_rng(seed).integers(1, 17, size=shape).astype(np.float32)


def test_one_pixel_down_and_right_is_group_b_of_bias_and_privacy():
    rows = batch((5, 64))
    grid = rows.reshape(-1, 8, 8)
    expected = np.zeros_like(grid)
    expected[:, 1:, 1:] = grid[:, :-1, :-1]  # the chapter's own construction
    np.testing.assert_array_equal(shift_images(rows, down=1, right=1), expected.reshape(-1, 64))


@pytest.mark.parametrize("shape", [(3, 64), (3, 8, 8), (3, 8, 8, 1), (2, 5, 7, 3)])
def test_every_layout_keeps_its_shape_and_dtype(shape):
    images = batch(shape).astype(np.float64)
    moved = shift_images(images, down=-1, right=2)
    assert moved.shape == images.shape and moved.dtype == images.dtype


@pytest.mark.parametrize("down, right", [(1, 0), (-1, 0), (0, 1), (0, -1), (2, -3)])
def test_pixels_land_where_they_should_and_the_rest_is_blank(down, right):
    images = batch((4, 6, 7, 2))
    moved = shift_images(images, down=down, right=right)
    height, width = images.shape[1:3]
    for r in range(height):
        for c in range(width):
            source = (r - down, c - right)
            if 0 <= source[0] < height and 0 <= source[1] < width:
                np.testing.assert_array_equal(moved[:, r, c], images[:, source[0], source[1]])
            else:
                assert not moved[:, r, c].any()


def test_a_move_and_its_inverse_give_the_image_back_without_its_lost_border():
    images = batch((3, 8, 8))
    back = shift_images(shift_images(images, right=1), right=-1)
    np.testing.assert_array_equal(back[:, :, :-1], images[:, :, :-1])
    assert not back[:, :, -1].any()  # the last column fell off the image


def test_no_move_is_a_copy():
    images = batch((2, 64))
    same = shift_images(images)
    np.testing.assert_array_equal(same, images)
    assert same is not images and not np.shares_memory(same, images)


def test_lists_are_accepted():
    assert shift_images([[1, 2, 3, 4]], right=1).tolist() == [[0, 1, 0, 3]]


@pytest.mark.parametrize("images", [np.zeros((2, 60)), np.zeros(64), np.zeros((1, 2, 3, 4, 5))])
def test_what_is_not_a_batch_of_images_is_a_shape_error(images):
    with pytest.raises(errors.ShapeError, match="shift_images"):
        shift_images(images, right=1)


@pytest.mark.parametrize("kwargs", [{"down": 8}, {"right": -8}, {"right": 1.5}, {"down": True}])
def test_bad_shifts_are_named(kwargs):
    with pytest.raises(errors.HyperparameterError, match="shift_images: (down|right)"):
        shift_images(np.zeros((2, 8, 8)), **kwargs)
