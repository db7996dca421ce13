"""Windows of a batch of images: im2col and col2im, the two halves of every convolution.

Taught in Part 4, "Convolutional networks". A convolution (and a pooling layer) looks at
the image through a small window that slides over it. Lining up every window as one
row of a matrix ("image to columns", im2col) turns the whole convolution into ONE
matrix product; adding the windows' gradients back where they came from ("columns to
image", col2im) is its backward pass.

Shapes (channels last, as Keras):

- x: (B, H, W, C), B images of H rows, W columns and C channels;
- a window of kh x kw taps, moved by the strides (sh, sw), its taps spaced by the
  dilation (dh, dw): it spans eh = dh (kh - 1) + 1 rows and ew = dw (kw - 1) + 1 columns;
- "valid" padding: the window stays inside the image, H_out = floor((H - eh) / sh) + 1
  (and the same for the columns); no output at all when the window is larger than the image;
- "same" padding: H_out = ceil(H / sh); the image gets (H_out - 1) sh + eh - H extra rows
  (never fewer than 0), half of them on top (rounded down) and the rest at the bottom, so
  the bottom (and the right) gets one more when the total is odd. That is TensorFlow's
  rule, hence Keras's; with strides 1 the output has the image's size.
- the windows: an array of shape (B, H_out, W_out, kh, kw, C): entry [b, i, j] is the
  window whose top-left tap sits at row i sh and column j sw of the padded image.

``windows`` makes that 6-D array as a VIEW of the image (NumPy's ``sliding_window_view``,
no number is copied); reshaping it to the im2col matrix (B H_out W_out, kh kw C) is the
one copy a convolution makes. The transpose, col2im, is a loop over the kh kw taps
(``taps``): tap (p, q) of all the windows is one strided slice of the image, and its
gradient is added there.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def span(size, dilation):
    """Rows (or columns) a window of ``size`` taps covers with ``dilation``: d (size - 1) + 1."""
    return dilation * (size - 1) + 1


def output_length(length, size, stride, dilation, padding):
    """The output's height (or width) for an input ``length`` long, Keras's formula.

    Returns:
        floor((length - span) / stride) + 1 for "valid" (0 or less when the window does
        not fit), ceil(length / stride) for "same".
    """
    if padding == "same":
        return -(-length // stride)
    return (length - span(size, dilation)) // stride + 1


def same_padding(length, size, stride, dilation):
    """(before, after): the rows (or columns) "same" padding adds, TensorFlow's rule.

    The total is (out - 1) stride + span - length (at least 0); ``before`` is half of it
    rounded down, so ``after`` gets the extra one when the total is odd.
    """
    total = max((output_length(length, size, stride, dilation, "same") - 1) * stride
                + span(size, dilation) - length, 0)
    return total // 2, total - total // 2


def paddings(height, width, size, strides, dilation, padding):
    """((top, bottom), (left, right)) of padding for images of ``height`` x ``width``."""
    if padding == "valid":
        return (0, 0), (0, 0)
    return (same_padding(height, size[0], strides[0], dilation[0]),
            same_padding(width, size[1], strides[1], dilation[1]))


def pad_images(x, pads, value=0.0):
    """Return ``x`` (B, H, W, C) with ``pads`` = ((top, bottom), (left, right)) rows and
    columns of ``value`` around each image; ``x`` itself (no copy) when there are none."""
    (top, bottom), (left, right) = pads
    if not (top or bottom or left or right):
        return x
    batch, height, width, channels = x.shape
    padded = np.full_like(x, value, shape=(batch, top + height + bottom, left + width + right, channels))
    padded[:, top:top + height, left:left + width] = x
    return padded


def crop(padded, pads):
    """The inverse of ``pad_images``: the part of ``padded`` that is the original images (a view)."""
    (top, bottom), (left, right) = pads
    if not (top or bottom or left or right):
        return padded
    height, width = padded.shape[1] - top - bottom, padded.shape[2] - left - right
    return padded[:, top:top + height, left:left + width]


def windows(x, size, strides, dilation=(1, 1)):
    """Every window of ``x``, as a view of shape (B, H_out, W_out, kh, kw, C) (im2col, no copy).

    Args:
        x: images, already padded, shape (B, H, W, C).
        size: (kh, kw) taps per window; strides: (sh, sw); dilation: (dh, dw).

    Returns:
        A read-only view: entry [b, i, j, p, q, c] is x[b, i sh + p dh, j sw + q dw, c].
    """
    spans = (span(size[0], dilation[0]), span(size[1], dilation[1]))
    view = sliding_window_view(x, spans, axis=(1, 2))  # (B, H - eh + 1, W - ew + 1, C, eh, ew)
    view = view[:, ::strides[0], ::strides[1], :, ::dilation[0], ::dilation[1]]  # strides and dilation
    return np.transpose(view, (0, 1, 2, 4, 5, 3))  # (B, H_out, W_out, kh, kw, C)


def taps(size, out_h, out_w, strides, dilation=(1, 1)):
    """Yield (p, q, rows, columns) for each tap (p, q) of a window, row by row (row-major).

    Tap (p, q) of window (i, j) reads row p dh + i sh and column q dw + j sw of the padded
    images, so over all the windows it reads ``images[:, rows, columns]``: one strided
    slice of shape (B, H_out, W_out, C). A loop over the kh kw taps thus visits every
    window at once: the pooling layers take their maximum or sum that way, and col2im
    (adding the windows' gradients back where they were read) is
    ``gradient[:, rows, columns] += (tap (p, q)'s values)`` for each tap.
    """
    for p in range(size[0]):
        start_row = p * dilation[0]
        rows = slice(start_row, start_row + (out_h - 1) * strides[0] + 1, strides[0])
        for q in range(size[1]):
            start_column = q * dilation[1]
            yield p, q, rows, slice(start_column, start_column + (out_w - 1) * strides[1] + 1, strides[1])
