"""``Conv2D``, ``MaxPooling2D``, ``AveragePooling2D``, ``GlobalAveragePooling2D`` and
``GlobalMaxPooling2D``, from Keras's

- ``keras/src/layers/convolutional/conv_test.py``
- ``keras/src/layers/pooling/max_pooling_test.py``
- ``keras/src/layers/pooling/average_pooling_test.py``
- ``keras/src/layers/pooling/global_average_pooling_test.py``
- ``keras/src/layers/pooling/global_max_pooling_test.py``
- ``keras/src/layers/pooling/adaptive_pooling2d_test.py`` (skipped: nnlib has no adaptive pooling)

The ``test_keras_*`` cases re-express those Keras tests (``run_layer_test`` and the other
helpers are those of ``test_keras_layers_activations.py``); the numerical references
(``conv2d_reference``, ``pool2d_reference``) are written here from the definitions, with
TensorFlow's placement of "same" padding. nnlib's image layers are 2-D and channels-last
only, and its Conv2D has no groups, constraints or LoRA: those cases are skipped with
the reason, or (groups) run with ``groups=1`` where the checked shapes do not depend on it.

The other tests are nnlib's own: the same numbers and gradients as the installed Keras on
the same weights (``tf.GradientTape``, w.r.t. the input and every weight), ties in max
pooling as TensorFlow breaks them, 10-step SGD and Adam trajectories of a small CNN equal
to Keras's, gradient checks (float64) of every layer and of CNN models, configs, the
``.keras`` bridge and nnlib's own files both ways, ``summary()``, the Functional API, and
clear errors.
"""

import contextlib
import io
import re

import numpy as np
import pytest
from test_keras_layers_activations import assert_same_as_keras, keras_twin, random, run_layer_test

from nnlib import errors, optimizers, utils
from nnlib.gradcheck import check_layer, check_model
from nnlib.layers import (AveragePooling2D, Concatenate, Conv2D, Dense, Flatten, GlobalAveragePooling2D,
                          GlobalMaxPooling2D, Input, MaxPooling2D)
from nnlib.models import Model, Sequential, load_model
from nnlib.saving import deserialize_keras_object, serialize_keras_object
from nnlib.saving.serialization import layer_to_keras

RTOL, ATOL = 1e-5, 1e-6  # float32, as the other parity tests

CHANNELS_FIRST = "nnlib's image layers are channels-last only (no data_format='channels_first')"
NO_GROUPS = "groups=1 here: nnlib has no grouped convolutions (the output shape does not depend on groups)"


# ----- references written from the definitions ---------------------------------------------------------
def same_pads(length, window, stride):
    """TensorFlow's "same" padding: total = max((ceil(n / s) - 1) s + window - n, 0), half on top."""
    out = -(-length // stride)
    total = max((out - 1) * stride + window - length, 0)
    return total // 2, total - total // 2


def conv2d_reference(x, kernel, bias, strides, padding, dilation):
    """A direct loop over output positions and taps (float64): out[b, i, j, f]."""
    strides = (strides, strides) if isinstance(strides, int) else tuple(strides)
    dilation = (dilation, dilation) if isinstance(dilation, int) else tuple(dilation)
    kh, kw, _, filters = kernel.shape
    spans = (dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1)
    if padding == "same":
        pads = [same_pads(n, e, s) for n, e, s in zip(x.shape[1:3], spans, strides)]
        x = np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)])
    out_h = (x.shape[1] - spans[0]) // strides[0] + 1
    out_w = (x.shape[2] - spans[1]) // strides[1] + 1
    out = np.zeros((x.shape[0], out_h, out_w, filters))
    for i in range(out_h):
        for j in range(out_w):
            for p in range(kh):
                for q in range(kw):
                    pixels = x[:, i * strides[0] + p * dilation[0], j * strides[1] + q * dilation[1], :]
                    out[:, i, j, :] += pixels @ kernel[p, q]
    return out + bias


def pool2d_reference(x, pool_size, strides, padding, mode):
    """Max or mean of each window of real pixels (padding never counts), per channel."""
    pool_size = (pool_size,) * 2 if isinstance(pool_size, int) else tuple(pool_size)
    strides = pool_size if strides is None else ((strides,) * 2 if isinstance(strides, int) else tuple(strides))
    height, width = x.shape[1:3]
    if padding == "same":
        (top, _), (left, _) = same_pads(height, pool_size[0], strides[0]), same_pads(width, pool_size[1], strides[1])
        out_h, out_w = -(-height // strides[0]), -(-width // strides[1])
    else:
        top = left = 0
        out_h, out_w = (height - pool_size[0]) // strides[0] + 1, (width - pool_size[1]) // strides[1] + 1
    out = np.zeros((x.shape[0], out_h, out_w, x.shape[3]))
    for i in range(out_h):
        for j in range(out_w):
            r0, c0 = i * strides[0] - top, j * strides[1] - left
            window = x[:, max(r0, 0):r0 + pool_size[0], max(c0, 0):c0 + pool_size[1], :]
            out[:, i, j] = window.max(axis=(1, 2)) if mode == "max" else window.mean(axis=(1, 2))
    return out


def test_references_agree_with_keras_padding_rule():
    """Keras's tests' ``_same_padding``: pad = max(k - s, 0) if n % s == 0 else max(k - n % s, 0)."""
    for n in range(1, 12):
        for k in range(1, 6):
            for s in range(1, 4):
                total = max(k - s, 0) if n % s == 0 else max(k - n % s, 0)
                assert same_pads(n, k, s) == (total // 2, total - total // 2)


# ===== conv_test.py ======================================================================================
@pytest.mark.parametrize("filters, kernel_size, strides, padding, dilation_rate, input_shape, output_shape", [
    (5, 2, 1, "valid", 1, (3, 5, 5, 4), (3, 4, 4, 5)),
    (6, 2, 1, "same", (2, 2), (3, 4, 4, 4), (3, 4, 4, 6)),
    (6, (2, 2), (2, 1), "valid", (1, 1), (3, 5, 5, 4), (3, 2, 4, 6)),
])
def test_keras_conv2d_basic(filters, kernel_size, strides, padding, dilation_rate, input_shape, output_shape):
    """From keras/src/layers/convolutional/conv_test.py::ConvBasicTest::test_conv2d_basic (all 3 cases).

    Deliberately different: Keras's second and third cases use groups=2; nnlib has no grouped
    convolutions, so they run with groups=1 (the output shapes and weight counts are the same).
    """
    run_layer_test(Conv2D, {"filters": filters, "kernel_size": kernel_size, "strides": strides, "padding": padding,
                            "data_format": "channels_last", "dilation_rate": dilation_rate, "groups": 1},
                   input_shape=input_shape, expected_output_shape=output_shape, expected_num_trainable_weights=2)


def test_keras_bad_init_args():
    """From keras/src/layers/convolutional/conv_test.py::ConvBasicTest::test_bad_init_args (Keras's
    messages; its first case uses Conv1D, here Conv2D).

    Deliberately different: groups=0 and filters not divisible by groups=2 are refused because
    nnlib has no grouped convolutions at all (groups must be 1).
    """
    with pytest.raises(ValueError, match="Invalid value for argument `filters`. Expected a "
                                         "strictly positive value. Received filters=0."):
        Conv2D(filters=0, kernel_size=1)
    with pytest.raises(ValueError, match=r"The `kernel_size` argument must be a tuple of \d+ integers. Received "
                                         r"kernel_size=\(1, 0\), including values \{0\} that do not satisfy "
                                         r"`value > 0`"):
        Conv2D(filters=2, kernel_size=(1, 0))
    with pytest.raises(ValueError, match=r"The `strides` argument must be a tuple of \d+ integers. Received "
                                         r"strides=\(1, 0\), including values \{0\} that do not satisfy `value > 0`"):
        Conv2D(filters=2, kernel_size=(2, 2), strides=(1, 0))
    with pytest.raises(ValueError, match=r"`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                                         r"Received: strides=\(2, 2\) and dilation_rate=\(2, 1\)"):
        Conv2D(filters=2, kernel_size=(2, 2), strides=2, dilation_rate=(2, 1))
    with pytest.raises(errors.HyperparameterError, match="no grouped convolutions"):
        Conv2D(filters=5, kernel_size=(2, 2), groups=0)
    with pytest.raises(errors.HyperparameterError, match="no grouped convolutions"):
        Conv2D(filters=5, kernel_size=(2, 2), groups=2)


@pytest.mark.skip(reason="nnlib's Conv2D has no LoRA (enable_lora, lora_rank, lora_alpha)")
@pytest.mark.parametrize("case", ["test_enable_lora", "test_lora_weight_name", "test_enable_lora_with_alpha",
                                  "test_lora_rank_argument"])
def test_keras_lora(case):
    """From keras/src/layers/convolutional/conv_test.py::ConvBasicTest::test_enable_lora,
    test_lora_weight_name, test_enable_lora_with_alpha and test_lora_rank_argument."""


def test_keras_conv_symbolic_invalid_configuration():
    """From keras/src/layers/convolutional/conv_test.py::ConvBasicTest::
    test_conv_symbolic_invalid_configuration (the Conv2D case: a 2x2 kernel with dilation 10 spans
    11x11 pixels, more than the 10x10 input)."""
    inputs = Input(shape=(10, 10, 3))
    layer = Conv2D(filters=1, kernel_size=(2, 2), dilation_rate=(10, 10))
    with pytest.raises(ValueError):
        layer(inputs)


@pytest.mark.parametrize("filters, kernel_size, strides, padding, data_format, dilation_rate", [
    (5, 2, 1, "valid", "channels_last", 1),
    (4, 3, 2, "same", "channels_last", 1),
    (6, 2, 1, "same", "channels_last", (2, 2)),
    (6, 2, 1, "same", "channels_last", (2, 3)),
    (6, (4, 3), (2, 1), "valid", "channels_last", (1, 1)),
    pytest.param(6, (4, 3), (2, 1), "valid", "channels_first", (1, 1), marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
])
def test_keras_conv2d(filters, kernel_size, strides, padding, data_format, dilation_rate):
    """From keras/src/layers/convolutional/conv_test.py::ConvCorrectnessTest::test_conv2d (all 6 cases;
    Keras's rtol 5e-4).

    Deliberately different: Keras's cases 3 to 6 use groups=2; here groups=1 (nnlib has no
    grouped convolutions), against a reference without groups.
    """
    rng = np.random.default_rng(0)
    layer = Conv2D(filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                   data_format=data_format, dilation_rate=dilation_rate)
    inputs = rng.normal(size=[2, 8, 8, 4])
    layer.build(input_shape=inputs.shape)
    kernel_weights = rng.normal(size=layer.kernel.shape)
    bias_weights = rng.normal(size=(filters,))
    layer.set_weights([kernel_weights, bias_weights])
    outputs = layer(inputs)
    expected = conv2d_reference(inputs, layer.kernel.astype(np.float64), layer.bias.astype(np.float64), strides,
                                padding, dilation_rate)
    np.testing.assert_allclose(outputs, expected, rtol=5e-4, atol=1e-5)


def test_keras_conv_constraints():
    """From keras/src/layers/convolutional/conv_test.py::ConvCorrectnessTest::test_conv_constraints.

    Deliberately different: Keras keeps a NonNeg constraint on the kernel (and on the bias); nnlib
    has no weight constraints, so it refuses them at once rather than ignore them.
    """
    with pytest.raises(errors.HyperparameterError, match="kernel_constraint.*no kernel constraints"):
        Conv2D(filters=4, kernel_size=3, kernel_constraint="non_neg")
    with pytest.raises(errors.HyperparameterError, match="bias_constraint.*no bias constraints"):
        Conv2D(filters=4, kernel_size=3, bias_constraint="non_neg")


def test_keras_conv_raises_exception_on_zero_dims():
    """From keras/src/layers/convolutional/conv_test.py::ConvCorrectnessTest::
    test_conv_raises_exception_on_zero_dims."""
    x = np.random.default_rng(0).random((3, 4, 4, 4))
    layer = Conv2D(6, [5, 5], 1, "valid")
    with pytest.raises(errors.ShapeError, match="5x5 kernel is larger than the input images of 4x4"):
        layer(x)


@pytest.mark.skip(reason="nnlib has Conv2D only (no Conv1D, no Conv3D)")
@pytest.mark.parametrize("case", ["ConvBasicTest::test_conv1d_basic", "ConvBasicTest::test_conv3d_basic",
                                  "ConvCorrectnessTest::test_conv1d", "ConvCorrectnessTest::test_conv3d"])
def test_keras_conv1d_and_conv3d(case):
    """From keras/src/layers/convolutional/conv_test.py: the Conv1D and Conv3D tests."""


# ===== max_pooling_test.py =================================================================================
POOL_BASIC_CASES = {
    "max": [
        (2, 1, "valid", "channels_last", (3, 5, 5, 4), (3, 4, 4, 4)),
        pytest.param(2, 1, "same", "channels_first", (3, 5, 5, 4), (3, 5, 5, 4),
                     marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
        ((2, 3), (2, 2), "valid", "channels_last", (3, 5, 5, 4), (3, 2, 2, 4)),
    ],
    "average": [
        (2, 1, "valid", "channels_last", (3, 5, 5, 4), (3, 4, 4, 4)),
        (2, 1, "same", "channels_last", (3, 5, 5, 4), (3, 5, 5, 4)),
        pytest.param(2, 1, "valid", "channels_first", (3, 5, 5, 4), (3, 5, 4, 3),
                     marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
        pytest.param(2, 1, "same", "channels_first", (3, 5, 5, 4), (3, 5, 5, 4),
                     marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
        ((2, 3), (2, 2), "valid", "channels_last", (3, 5, 5, 4), (3, 2, 2, 4)),
        ((2, 3), (2, 2), "same", "channels_last", (3, 5, 5, 4), (3, 3, 3, 4)),
        pytest.param((2, 3), (3, 3), "same", "channels_first", (3, 5, 5, 4), (3, 5, 2, 2),
                     marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
    ],
}


@pytest.mark.parametrize("pool_size, strides, padding, data_format, input_shape, output_shape",
                         POOL_BASIC_CASES["max"])
def test_keras_max_pooling2d_basic(pool_size, strides, padding, data_format, input_shape, output_shape):
    """From keras/src/layers/pooling/max_pooling_test.py::MaxPoolingBasicTest::test_max_pooling2d (3 cases)."""
    run_layer_test(MaxPooling2D, {"pool_size": pool_size, "strides": strides, "padding": padding,
                                  "data_format": data_format},
                   input_shape=input_shape, expected_output_shape=output_shape)


@pytest.mark.parametrize("pool_size, strides, padding, data_format", [
    (2, 1, "valid", "channels_last"),
    pytest.param(2, 1, "valid", "channels_first", marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
    ((2, 2), (2, 2), "same", "channels_last"),
    pytest.param((2, 2), (2, 2), "same", "channels_first", marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
    ((2, 3), (3, 3), "same", "channels_last"),
])
def test_keras_max_pooling2d(pool_size, strides, padding, data_format):
    """From keras/src/layers/pooling/max_pooling_test.py::MaxPoolingCorrectnessTest::test_max_pooling2d
    (5 cases)."""
    inputs = np.arange(100, dtype="float32").reshape((1, 5, 5, 4))
    layer = MaxPooling2D(pool_size=pool_size, strides=strides, padding=padding, data_format=data_format)
    np.testing.assert_allclose(layer(inputs), pool2d_reference(inputs, pool_size, strides, padding, "max"),
                               rtol=1e-6, atol=1e-6)


@pytest.mark.skip(reason="nnlib has MaxPooling2D only (no MaxPooling1D, no MaxPooling3D)")
@pytest.mark.parametrize("case", ["MaxPoolingBasicTest::test_max_pooling1d", "MaxPoolingBasicTest::test_max_pooling3d",
                                  "MaxPoolingCorrectnessTest::test_max_pooling1d",
                                  "MaxPoolingCorrectnessTest::test_max_pooling3d"])
def test_keras_max_pooling1d_and_3d(case):
    """From keras/src/layers/pooling/max_pooling_test.py: the 1-D and 3-D tests."""


# ===== average_pooling_test.py =============================================================================
@pytest.mark.parametrize("pool_size, strides, padding, data_format, input_shape, output_shape",
                         POOL_BASIC_CASES["average"])
def test_keras_average_pooling2d_basic(pool_size, strides, padding, data_format, input_shape, output_shape):
    """From keras/src/layers/pooling/average_pooling_test.py::AveragePoolingBasicTest::test_average_pooling2d
    (7 cases)."""
    run_layer_test(AveragePooling2D, {"pool_size": pool_size, "strides": strides, "padding": padding,
                                      "data_format": data_format},
                   input_shape=input_shape, expected_output_shape=output_shape)


@pytest.mark.parametrize("pool_size, strides, padding, data_format", [
    (2, 1, "valid", "channels_last"),
    ((2, 3), (2, 2), "valid", "channels_last"),
])
def test_keras_average_pooling2d(pool_size, strides, padding, data_format):
    """From keras/src/layers/pooling/average_pooling_test.py::AveragePoolingCorrectnessTest::
    test_average_pooling2d (2 cases)."""
    inputs = np.arange(16, dtype="float32").reshape((1, 4, 4, 1))
    layer = AveragePooling2D(pool_size=pool_size, strides=strides, padding=padding, data_format=data_format)
    np.testing.assert_allclose(layer(inputs), pool2d_reference(inputs, pool_size, strides, padding, "average"),
                               rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("pool_size, strides, padding, data_format", [
    (2, (2, 1), "same", "channels_last"),
    pytest.param(2, (2, 1), "same", "channels_first", marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
    ((2, 2), (2, 2), "same", "channels_last"),
    pytest.param((2, 2), (2, 2), "same", "channels_first", marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
])
def test_keras_average_pooling2d_same_padding(pool_size, strides, padding, data_format):
    """From keras/src/layers/pooling/average_pooling_test.py::AveragePoolingCorrectnessTest::
    test_average_pooling2d_same_padding (4 cases): the windows over the border average their real pixels."""
    inputs = np.arange(16, dtype="float32").reshape((1, 4, 4, 1))
    layer = AveragePooling2D(pool_size=pool_size, strides=strides, padding=padding, data_format=data_format)
    outputs = layer(inputs)
    np.testing.assert_allclose(outputs, pool2d_reference(inputs, pool_size, strides, padding, "average"), rtol=1e-6)
    if strides == (2, 1):  # the last column's windows hold one real column: its mean, not half of it
        np.testing.assert_allclose(outputs[0, :, -1, 0], [(3 + 7) / 2, (11 + 15) / 2])


@pytest.mark.skip(reason="nnlib has AveragePooling2D only (no AveragePooling1D, no AveragePooling3D)")
@pytest.mark.parametrize("case", ["AveragePoolingBasicTest::test_average_pooling1d",
                                  "AveragePoolingBasicTest::test_average_pooling3d",
                                  "AveragePoolingCorrectnessTest::test_average_pooling1d",
                                  "AveragePoolingCorrectnessTest::test_average_pooling1d_same_padding",
                                  "AveragePoolingCorrectnessTest::test_average_pooling3d",
                                  "AveragePoolingCorrectnessTest::test_average_pooling3d_same_padding"])
def test_keras_average_pooling1d_and_3d(case):
    """From keras/src/layers/pooling/average_pooling_test.py: the 1-D and 3-D tests."""


# ===== global_average_pooling_test.py and global_max_pooling_test.py =======================================
GLOBAL_LAYERS = {"average": GlobalAveragePooling2D, "max": GlobalMaxPooling2D}


@pytest.mark.parametrize("mode", ["average", "max"])
@pytest.mark.parametrize("data_format, keepdims, input_shape, output_shape", [
    ("channels_last", False, (3, 5, 6, 4), (3, 4)),
    ("channels_last", True, (3, 5, 6, 4), (3, 1, 1, 4)),
    pytest.param("channels_first", False, (3, 5, 6, 4), (3, 5), marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
])
def test_keras_global_pooling2d_basic(mode, data_format, keepdims, input_shape, output_shape):
    """From keras/src/layers/pooling/global_average_pooling_test.py::GlobalAveragePoolingBasicTest::
    test_global_average_pooling2d and global_max_pooling_test.py::GlobalMaxPoolingBasicTest::
    test_global_max_pooling2d (3 cases each)."""
    run_layer_test(GLOBAL_LAYERS[mode], {"data_format": data_format, "keepdims": keepdims},
                   input_shape=input_shape, expected_output_shape=output_shape)


@pytest.mark.parametrize("mode", ["average", "max"])
@pytest.mark.parametrize("data_format, keepdims", [
    ("channels_last", False),
    ("channels_last", True),
    pytest.param("channels_first", False, marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
    pytest.param("channels_first", True, marks=pytest.mark.skip(reason=CHANNELS_FIRST)),
])
def test_keras_global_pooling2d(mode, data_format, keepdims):
    """From keras/src/layers/pooling/global_average_pooling_test.py::GlobalAveragePoolingCorrectnessTest::
    test_global_average_pooling2d and global_max_pooling_test.py::GlobalMaxPoolingCorrectnessTest::
    test_global_max_pooling2d (4 cases each)."""
    inputs = np.arange(96, dtype="float32").reshape((2, 3, 4, 4))
    layer = GLOBAL_LAYERS[mode](data_format=data_format, keepdims=keepdims)
    reduce = np.mean if mode == "average" else np.max
    expected = reduce(inputs, axis=(1, 2), keepdims=keepdims)
    np.testing.assert_allclose(layer(inputs), expected, rtol=1e-6)


@pytest.mark.skip(reason="nnlib has the 2-D global pooling layers only (no 1-D, no 3-D)")
@pytest.mark.parametrize("case", [
    "global_average_pooling_test.py::GlobalAveragePoolingBasicTest::test_global_average_pooling1d",
    "global_average_pooling_test.py::GlobalAveragePoolingBasicTest::test_global_average_pooling3d",
    "global_average_pooling_test.py::GlobalAveragePoolingCorrectnessTest::test_global_average_pooling1d",
    "global_average_pooling_test.py::GlobalAveragePoolingCorrectnessTest::test_global_average_pooling3d",
    "global_max_pooling_test.py::GlobalMaxPoolingBasicTest::test_global_max_pooling1d",
    "global_max_pooling_test.py::GlobalMaxPoolingBasicTest::test_global_max_pooling3d",
    "global_max_pooling_test.py::GlobalMaxPoolingCorrectnessTest::test_global_max_pooling1d",
    "global_max_pooling_test.py::GlobalMaxPoolingCorrectnessTest::test_global_max_pooling3d",
])
def test_keras_global_pooling1d_and_3d(case):
    """From keras/src/layers/pooling/global_average_pooling_test.py and global_max_pooling_test.py: the
    1-D and 3-D tests."""


@pytest.mark.skip(reason="nnlib has no adaptive pooling layers (AdaptiveAveragePooling2D, AdaptiveMaxPooling2D)")
@pytest.mark.parametrize("case", [
    "test_average_pooling_basic_shapes", "test_max_pooling_basic_shapes", "test_average_pooling_channels_last",
    "test_max_pooling_channels_last", "test_average_pooling_tuple_output_size", "test_max_pooling_tuple_output_size",
    "test_average_pooling_compute_output_shape", "test_max_pooling_compute_output_shape",
    "test_average_pooling_get_config", "test_max_pooling_get_config", "test_average_pooling2d_numerical",
    "test_max_pooling2d_numerical",
])
def test_keras_adaptive_pooling2d(case):
    """From keras/src/layers/pooling/adaptive_pooling2d_test.py::AdaptivePooling2DLayerTest (12 tests)."""


# ===== against the installed Keras, same weights ==============================================================
CONV_CASES = [
    {"filters": 4, "kernel_size": 3},
    {"filters": 4, "kernel_size": 3, "padding": "same"},
    {"filters": 5, "kernel_size": (3, 2), "strides": 2, "padding": "same"},
    {"filters": 3, "kernel_size": 3, "strides": 2},
    {"filters": 6, "kernel_size": (4, 3), "strides": (2, 1)},
    {"filters": 3, "kernel_size": 3, "dilation_rate": 2, "padding": "same"},
    {"filters": 3, "kernel_size": 2, "dilation_rate": (2, 3)},
    {"filters": 2, "kernel_size": 2, "strides": 3, "padding": "same", "activation": "relu"},
    {"filters": 4, "kernel_size": 5, "strides": 2, "padding": "same", "use_bias": False, "activation": "tanh"},
    {"filters": 2, "kernel_size": 1},
    {"filters": 3, "kernel_size": 3, "padding": "same", "activation": "sigmoid", "kernel_regularizer": "l2",
     "bias_regularizer": "l1", "bias_initializer": "random_normal"},
]


@pytest.mark.parametrize("kwargs", CONV_CASES, ids=str)
@pytest.mark.parametrize("input_shape", [(3, 8, 8, 2), (2, 7, 9, 3)])
def test_conv2d_matches_keras(keras, tf, kwargs, input_shape):
    """Output, dL/dx, dL/dkernel and dL/dbias equal Keras's (tf.GradientTape, regularizers included)."""
    ours = Conv2D(**kwargs)
    ours.build((None,) + input_shape[1:], np.random.default_rng(0))
    theirs = keras_twin(keras, ours)
    assert_same_as_keras(tf, ours, theirs, random(*input_shape, seed=1), atol=1e-5)
    np.testing.assert_array_equal(ours.kernel, theirs.kernel.numpy())  # Keras's layout (kh, kw, C, F)


POOL_CASES = [
    {"pool_size": 2},
    {"pool_size": 2, "padding": "same"},
    {"pool_size": 3, "strides": 2, "padding": "same"},
    {"pool_size": (2, 3), "strides": 1, "padding": "same"},
    {"pool_size": 3, "strides": 1},
    {"pool_size": (3, 2), "strides": (1, 2)},
]


@pytest.mark.parametrize("cls", [MaxPooling2D, AveragePooling2D], ids=lambda c: c.__name__)
@pytest.mark.parametrize("kwargs", POOL_CASES, ids=str)
@pytest.mark.parametrize("input_shape", [(2, 7, 7, 3), (2, 6, 8, 2)])
def test_pooling_matches_keras(keras, tf, cls, kwargs, input_shape):
    ours = cls(**kwargs)
    assert_same_as_keras(tf, ours, keras_twin(keras, ours), random(*input_shape, seed=2))


@pytest.mark.parametrize("cls", [GlobalAveragePooling2D, GlobalMaxPooling2D], ids=lambda c: c.__name__)
@pytest.mark.parametrize("keepdims", [False, True])
def test_global_pooling_matches_keras(keras, tf, cls, keepdims):
    ours = cls(keepdims=keepdims)
    assert_same_as_keras(tf, ours, keras_twin(keras, ours), random(3, 5, 4, 6, seed=3))


def _tf_gradient(tf, function, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = function(x)
        total = tf.reduce_sum(y * tf.reshape(tf.range(1.0, tf.size(y, out_type=tf.float32) + 1.0), tf.shape(y)))
    return y.numpy(), tape.gradient(total, x).numpy()


@pytest.mark.parametrize("kwargs", [{"pool_size": 2}, {"pool_size": 2, "strides": 1},
                                    {"pool_size": 2, "strides": 1, "padding": "same"},
                                    {"pool_size": 3, "strides": 2, "padding": "same"}], ids=str)
def test_max_pooling_ties_go_to_the_first_maximum_as_in_tensorflow(keras, tf, kwargs):
    """Windows of equal values (and a -1 image with "same" padding): the gradient goes to the
    window's first maximal pixel in row-major order, as TensorFlow's MaxPoolGrad, never to padding."""
    images = np.stack([np.array([[1, 1, 0, 2], [1, 1, 0, 2], [0, 0, 0, 2], [3, 3, 3, 3]], dtype=np.float32),
                       -np.ones((4, 4), dtype=np.float32)])[..., None]
    layer = MaxPooling2D(**kwargs)
    out = layer(images)
    upstream = np.arange(1.0, out.size + 1, dtype=np.float32).reshape(out.shape)
    expected_out, expected_grad = _tf_gradient(tf, keras.layers.MaxPooling2D(**kwargs), images)
    np.testing.assert_array_equal(out, expected_out)
    np.testing.assert_array_equal(layer.backward(upstream), expected_grad)
    assert layer.backward(upstream).sum() == pytest.approx(upstream.sum())  # nothing lost in the padding


def test_global_max_pooling_ties_share_the_gradient_as_in_tensorflow(keras, tf):
    images = np.zeros((2, 3, 3, 2), dtype=np.float32)
    images[0, 0, 0, 0] = images[0, 2, 1, 0] = 5.0  # two maxima in channel 0
    images[1] = 1.0  # every pixel ties
    layer = GlobalMaxPooling2D()
    out = layer(images)
    upstream = np.arange(1.0, out.size + 1, dtype=np.float32).reshape(out.shape)
    _, expected_grad = _tf_gradient(tf, keras.layers.GlobalMaxPooling2D(), images)
    np.testing.assert_allclose(layer.backward(upstream), expected_grad, rtol=1e-6)
    assert layer.backward(upstream)[0, 0, 0, 0] == pytest.approx(0.5)


# ===== gradient checks (float64) ===========================================================================
@pytest.mark.parametrize("kwargs", CONV_CASES, ids=str)
def test_gradcheck_conv2d(kwargs):
    kwargs = {**kwargs, "activation": "tanh"} if kwargs.get("activation") == "relu" else kwargs  # no kink
    report = check_layer(Conv2D(**kwargs), random(2, 7, 8, 3, seed=4, dtype=np.float64), seed=5)
    assert report.passed, str(report)


@pytest.mark.parametrize("cls", [MaxPooling2D, AveragePooling2D], ids=lambda c: c.__name__)
@pytest.mark.parametrize("kwargs", POOL_CASES, ids=str)
def test_gradcheck_pooling(cls, kwargs):
    report = check_layer(cls(**kwargs), random(2, 7, 6, 3, seed=6, dtype=np.float64), seed=7)
    assert report.passed, str(report)


@pytest.mark.parametrize("cls", [GlobalAveragePooling2D, GlobalMaxPooling2D], ids=lambda c: c.__name__)
@pytest.mark.parametrize("keepdims", [False, True])
def test_gradcheck_global_pooling(cls, keepdims):
    report = check_layer(cls(keepdims=keepdims), random(3, 4, 5, 2, seed=8, dtype=np.float64))
    assert report.passed, str(report)


def small_cnn(seed=0, head="gap", padding="same", pooling=MaxPooling2D, conv_activation="relu"):
    """Conv2D -> pooling -> Conv2D -> GlobalAveragePooling2D (or Flatten) -> Dense softmax, on 8x8x1."""
    return Sequential([Input(shape=(8, 8, 1)), Conv2D(4, 3, padding=padding, activation=conv_activation),
                       pooling(2), Conv2D(6, 3, padding=padding, activation=conv_activation),
                       GlobalAveragePooling2D() if head == "gap" else Flatten(),
                       Dense(3, activation="softmax")], seed=seed)


@pytest.mark.parametrize("head", ["gap", "flatten"])
@pytest.mark.parametrize("pooling", [MaxPooling2D, AveragePooling2D], ids=lambda c: c.__name__)
def test_gradcheck_small_cnn(head, pooling):
    model = small_cnn(head=head, pooling=pooling, conv_activation="tanh")
    # Weights twice Glorot's: through two poolings dL/dx is otherwise ~1e-6, where the central
    # difference's rounding noise (~1e-11) is already a relative error of 1e-5.
    model.set_weights([2.0 * w for w in model.get_weights()])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = random(3, 8, 8, 1, seed=9, dtype=np.float64)
    report = check_model(model, x, np.array([0, 1, 2]))
    assert report.passed, str(report)


# ===== training trajectories equal to Keras's ==============================================================
def cnn_data(n=40, seed=10):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 8, 8, 1)).astype(np.float32)
    y = (x[:, :4].mean(axis=(1, 2, 3)) * 3 > x[:, 4:].mean(axis=(1, 2, 3)) * 3).astype(int) + (x[:, :, :4].mean(
        axis=(1, 2, 3)) > 0.5).astype(int)
    return x, y


def keras_cnn_like(keras, model):
    """The Keras model of an nnlib Sequential (from its config), with nnlib's weights."""
    layers = [keras.Input(model.input_shape[1:])] + [keras_twin(keras, layer) for layer in model.layers]
    twin = keras.Sequential(layers)
    twin.set_weights(model.get_weights())
    return twin


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("variant", [
    {},  # the brief's CNN: same padding, max pooling, global average pooling
    {"padding": "valid", "pooling": AveragePooling2D, "head": "flatten"},
], ids=["same-max-gap", "valid-average-flatten"])
def test_ten_step_trajectory_equals_keras(keras, optimizer, variant):
    """10 training steps (train_on_batch on 10 batches of 4) from the same weights: the same loss
    at every step and the same weights at the end, for SGD and for Adam."""
    x, y = cnn_data()
    model = small_cnn(**variant)
    twin = keras_cnn_like(keras, model)
    initial = model.get_weights()
    if optimizer == "sgd":
        model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
        twin.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    else:
        model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
        twin.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    ours, theirs = [], []
    for step in range(10):
        batch = slice(4 * step, 4 * step + 4)
        ours.append(model.train_on_batch(x[batch], y[batch]))
        theirs.append(float(twin.train_on_batch(x[batch], y[batch])))
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)
    assert not np.allclose(model.get_weights()[0], initial[0])  # the weights did move
    for i, (a, b) in enumerate(zip(model.get_weights(), twin.get_weights())):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5, err_msg=f"weight {i}")
    np.testing.assert_allclose(model.predict(x, verbose=0), twin.predict(x, verbose=0), rtol=1e-4, atol=1e-5)


def test_fit_epochs_equal_keras(keras):
    """``fit`` (3 epochs of 5 batches, no shuffling): the same per-epoch losses as Keras."""
    x, y = cnn_data(seed=11)
    model = small_cnn(seed=1)
    twin = keras_cnn_like(keras, model)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    twin.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    arguments = dict(batch_size=8, epochs=3, shuffle=False, verbose=0)
    np.testing.assert_allclose(model.fit(x, y, **arguments).history["loss"],
                               twin.fit(x, y, **arguments).history["loss"], rtol=RTOL, atol=ATOL)


# ===== configs, summary, files ================================================================================
LAYER_CASES = [
    (Conv2D, "Conv2D", {"filters": 4, "kernel_size": (3, 2), "strides": 2, "padding": "same",
                        "activation": "relu", "kernel_regularizer": "l2"}),
    (MaxPooling2D, "MaxPooling2D", {"pool_size": 3, "strides": (1, 2), "padding": "same"}),
    (AveragePooling2D, "AveragePooling2D", {"pool_size": (2, 3)}),
    (GlobalAveragePooling2D, "GlobalAveragePooling2D", {"keepdims": True}),
    (GlobalMaxPooling2D, "GlobalMaxPooling2D", {}),
]


@pytest.mark.parametrize("cls, keras_name, kwargs", LAYER_CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_get_config_has_keras_keys_and_values(keras, cls, keras_name, kwargs):
    ours = cls(**kwargs)
    theirs = getattr(keras.layers, keras_name)(**kwargs)
    found, expected = ours.get_config(), theirs.get_config()
    assert set(found) | {"trainable"} == set(expected)
    as_keras = layer_to_keras(ours)["config"]  # what a .keras file holds: Keras's spellings
    for key, value in expected.items():
        if key.endswith(("_initializer", "_regularizer")) and value is not None:  # the same class
            assert as_keras[key]["class_name"] == value["class_name"], key
        elif key not in ("name", "dtype"):  # tuples are written as JSON lists, as Keras's files have them
            assert as_keras[key] == (list(value) if isinstance(value, tuple) else value), key
            if key not in ("activation", "trainable"):  # nnlib's own config holds its activation's dict
                assert found[key] == value, key
    assert cls.from_config(found).get_config() == found
    rebuilt = deserialize_keras_object(keras.saving.serialize_keras_object(theirs))  # Keras's dict, into nnlib
    assert type(rebuilt) is cls and rebuilt.get_config() == {**found, "name": theirs.name}
    assert deserialize_keras_object(serialize_keras_object(ours)).get_config() == found


def test_default_names_are_keras_names():
    names = [Conv2D(1, 1).name, Conv2D(1, 1).name, MaxPooling2D().name, AveragePooling2D(2).name,
             GlobalAveragePooling2D().name, GlobalMaxPooling2D().name]
    assert names == ["conv2d", "conv2d_1", "max_pooling2d", "average_pooling2d", "global_average_pooling2d",
                     "global_max_pooling2d"]


def digits_like_cnn(seed=2):
    return Sequential([Input(shape=(8, 8, 1)), Conv2D(16, 3, padding="same", activation="relu"), MaxPooling2D(),
                       Conv2D(32, 3, padding="same", activation="relu"), AveragePooling2D(2, padding="same"),
                       Conv2D(8, 2, padding="valid"), GlobalMaxPooling2D(keepdims=True), Flatten(),
                       Dense(10, activation="softmax")], seed=seed)


def _table_rows(text):
    """(output shape, param count) of each row of a summary table."""
    return re.findall(r"│ [^│]+ │ (\([^│]*?\))\s*│\s*([\d,]+) │", text)


def test_summary_shapes_and_counts_equal_keras(keras):
    model = digits_like_cnn()
    twin = keras_cnn_like(keras, model)
    lines = []
    model.summary(print_fn=lines.append)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        twin.summary()
    ours, theirs = "\n".join(lines), buffer.getvalue()
    assert _table_rows(ours) == _table_rows(theirs) and len(_table_rows(ours)) == 8
    assert [line for line in ours.splitlines() if "params:" in line] == [
        line for line in theirs.splitlines() if "params:" in line]
    assert [layer.output_shape for layer in model.layers] == [tuple(layer.output.shape) for layer in twin.layers]
    assert "(None, 8, 8, 16)" in ours and "conv2d (Conv2D)" in ours


def test_keras_files_both_ways(keras, tmp_path):
    """A CNN of every new layer: nnlib's .keras opens in Keras with the same predictions, and
    Keras's .keras opens in nnlib with the same predictions (and trains on)."""
    x = np.random.default_rng(12).random((6, 8, 8, 1)).astype(np.float32)
    model = digits_like_cnn()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, np.arange(6) % 10, epochs=1, verbose=0)
    model.save(tmp_path / "nnlib.keras")
    from_nnlib = keras.saving.load_model(tmp_path / "nnlib.keras")
    assert [type(layer).__name__ for layer in from_nnlib.layers] == [type(layer).__name__ for layer in model.layers]
    np.testing.assert_allclose(from_nnlib.predict(x, verbose=0), model.predict(x, verbose=0), rtol=RTOL, atol=ATOL)

    twin = keras_cnn_like(keras, digits_like_cnn(seed=3))
    twin.set_weights([np.random.default_rng(13).normal(0, 0.3, w.shape) for w in twin.get_weights()])
    twin.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    twin.save(tmp_path / "keras.keras")
    from_keras = load_model(tmp_path / "keras.keras")
    assert from_keras.layers[0].kernel_size == (3, 3) and from_keras.layers[0].padding == "same"
    for a, b in zip(from_keras.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(from_keras.predict(x, verbose=0), twin.predict(x, verbose=0), rtol=RTOL, atol=ATOL)
    assert np.isfinite(from_keras.fit(x, np.arange(6) % 10, epochs=1, verbose=0).history["loss"][0])


def test_nnlib_files_round_trip(tmp_path):
    x = np.random.default_rng(14).random((5, 8, 8, 1)).astype(np.float32)
    model = digits_like_cnn()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    expected = model.predict(x, verbose=0)
    model.save(tmp_path / "m.nnlib")
    loaded = load_model(tmp_path / "m.nnlib")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), expected)
    for name in ("w.weights.npz", "w.weights.h5"):
        model.save_weights(tmp_path / name)
        fresh = digits_like_cnn(seed=9)
        fresh.load_weights(tmp_path / name)
        np.testing.assert_array_equal(fresh.predict(x, verbose=0), expected)
    assert model.to_json() and load_model(tmp_path / "m.nnlib").layers[1].get_config() == model.layers[1].get_config()


def functional_cnn():
    """Input -> Conv2D -> (MaxPooling2D | AveragePooling2D) -> Concatenate -> Conv2D -> GAP -> Dense."""
    inputs = Input(shape=(8, 8, 1))
    features = Conv2D(4, 3, padding="same", activation="tanh")(inputs)
    merged = Concatenate()([MaxPooling2D()(features), AveragePooling2D(2)(features)])
    outputs = Dense(3, activation="softmax")(GlobalAveragePooling2D()(Conv2D(5, 2, activation="tanh")(merged)))
    return Model(inputs, outputs)


def test_functional_api_with_keras_files_and_gradients(keras, tmp_path, monkeypatch):
    x = np.random.default_rng(15).random((4, 8, 8, 1))
    # Seeded weights (the seed sequence is restored after the test): about one random draw in
    # twenty puts two values of a max-pooling window within the check's step h of each other,
    # where the maximum has a kink and the central difference straddles it. Doubled, as in
    # test_gradcheck_small_cnn, so that dL/dx stays well above the difference's rounding noise.
    monkeypatch.setattr(utils, "_seed_sequence", None)
    utils.set_random_seed(0)
    model = functional_cnn()
    model.set_weights([2.0 * w for w in model.get_weights()])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert model.output_shape == (None, 3)
    report = check_model(model, x, np.array([0, 1, 2, 0]))
    assert report.passed, str(report)
    x = x.astype(np.float32)
    model.save(tmp_path / "f.keras")
    from_nnlib = keras.saving.load_model(tmp_path / "f.keras")
    np.testing.assert_allclose(from_nnlib.predict(x, verbose=0), model.predict(x, verbose=0), rtol=RTOL, atol=ATOL)
    from_nnlib.save(tmp_path / "k.keras")
    back = load_model(tmp_path / "k.keras")
    np.testing.assert_allclose(back.predict(x, verbose=0), model.predict(x, verbose=0), rtol=RTOL, atol=ATOL)
    lines = []
    model.summary(print_fn=lines.append)
    assert "(None, 4, 4, 8)" in "\n".join(lines)  # the Concatenate of the two pooled maps


# ===== behaviour, shapes and errors ==========================================================================
def test_conv2d_layer_backward_variants_agree():
    """``backward_without_input_gradient`` sets the same weight gradients; ``backward_from_z`` skips the
    activation; the kernel keeps Keras's layout and fans."""
    layer = Conv2D(3, 3, padding="same", activation="tanh")
    layer.build((None, 6, 6, 2), np.random.default_rng(16))
    x, upstream = random(2, 6, 6, 2, seed=17), random(2, 6, 6, 3, seed=18)
    layer.forward(x)
    grad_x = layer.backward(upstream)
    grads = {name: g.copy() for name, g in layer.grads.items()}
    layer.forward(x)
    layer.backward_without_input_gradient(upstream)
    for name in grads:
        np.testing.assert_allclose(layer.grads[name], grads[name], rtol=1e-6)
    layer.forward(x)
    delta = upstream * (1 - layer.forward(x) ** 2)
    np.testing.assert_allclose(layer.backward_from_z(delta), grad_x, rtol=1e-5, atol=1e-6)
    assert layer.logits.shape == (2, 6, 6, 3) and layer.kernel.shape == (3, 3, 2, 3) and layer.bias.shape == (3,)
    limit = np.sqrt(6 / (9 * 2 + 9 * 3))  # Glorot uniform with Keras's fans for a conv kernel
    assert np.abs(layer.kernel).max() <= limit and np.abs(layer.kernel).max() > 0.5 * limit


def test_images_of_another_size_and_dtypes():
    layer = Conv2D(2, 3, padding="same")
    layer.build((None, 8, 8, 1))
    assert layer(np.ones((1, 5, 7, 1), dtype=np.float32)).shape == (1, 5, 7, 2)  # as Keras: sizes are free
    uint8 = np.full((2, 8, 8, 1), 255, dtype=np.uint8)
    assert layer(uint8).dtype == np.float32 and MaxPooling2D()(uint8).dtype == np.float32
    assert AveragePooling2D(2)(uint8).dtype == np.float32
    assert GlobalAveragePooling2D()(uint8).dtype == np.float32
    wide = Conv2D(2, 3, dtype="float64")
    assert wide(np.ones((1, 4, 4, 1))).dtype == np.float64 and wide.kernel.dtype == np.float64


def test_numerics_stay_finite():
    rng = np.random.default_rng(19)
    huge = (rng.standard_normal((2, 6, 6, 3)) * 1e15).astype(np.float32)
    for layer in (Conv2D(4, 3, padding="same", activation="relu"), MaxPooling2D(3, 2, padding="same"),
                  AveragePooling2D(3, 2, padding="same"), GlobalAveragePooling2D(), GlobalMaxPooling2D()):
        out = layer(huge)
        grad = layer.backward(np.ones_like(out))
        assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad)), layer.name
    negative = -np.ones((1, 3, 3, 1), dtype=np.float32)  # "same" max pooling: padding is -inf, never the output
    np.testing.assert_array_equal(MaxPooling2D(2, padding="same")(negative), -np.ones((1, 2, 2, 1)))
    corner = AveragePooling2D(2, padding="same")(np.ones((1, 3, 3, 1), dtype=np.float32))
    np.testing.assert_array_equal(corner, np.ones((1, 2, 2, 1)))  # means of real pixels: no division by 0


def test_wrong_rank_and_channels_name_the_layer_and_both_shapes():
    layer = Conv2D(2, 3, name="features")
    layer.build((None, 8, 8, 3))
    with pytest.raises(errors.ShapeError, match=r"'features' \(Conv2D\).*\(None, 8, 8, 3\).*\(2, 64\) \(rank 2\)"
                                                r".*reshape\(-1, height, width, channels\)"):
        layer(np.ones((2, 64), dtype=np.float32))
    with pytest.raises(errors.ShapeError, match=r"'features'.*\(None, 8, 8, 3\) with 3 channel.*\(2, 8, 8, 1\) "
                                                r"with 1 channel"):
        layer(np.ones((2, 8, 8, 1), dtype=np.float32))
    with pytest.raises(errors.ShapeError, match=r"batch axis \(x\[None\]\)"):
        layer(np.ones((8, 8, 3), dtype=np.float32))
    for pooling in (MaxPooling2D(name="pool"), GlobalMaxPooling2D(name="pool")):
        with pytest.raises(errors.ShapeError, match=r"'pool'.*\(None, height, width, channels\).*rank 4.*"
                                                    r"\(None, 10\) \(rank 2\)"):
            pooling(np.ones((4, 10), dtype=np.float32))
    with pytest.raises(errors.ShapeError, match=r"Conv2D.*\(None, 64\) \(rank 2\)"):
        Conv2D(4, 3)(Input(shape=(64,)))


def test_kernel_or_window_larger_than_a_valid_input_says_so():
    with pytest.raises(errors.ShapeError, match=r"'c' \(Conv2D\): its 5x5 kernel is larger than the input images "
                                                r"of 4x4 pixels.*padding='same'"):
        Sequential([Input(shape=(4, 4, 1)), Conv2D(2, 5, name="c")])
    with pytest.raises(errors.ShapeError, match=r"3x3 kernel \(dilation_rate=\(3, 3\): it spans 7x7 pixels\)"):
        Conv2D(2, 3, dilation_rate=3).build((None, 6, 6, 1))
    with pytest.raises(errors.ShapeError, match=r"MaxPooling2D\): its 3x3 window is larger than .* 2x2"):
        MaxPooling2D(3)(np.ones((1, 2, 2, 1)))
    layer = Conv2D(2, 3)
    layer.build((None, 8, 8, 1))
    with pytest.raises(errors.ShapeError, match="larger than the input images of 2x2"):
        layer(np.ones((1, 2, 2, 1), dtype=np.float32))
    assert Conv2D(2, 5, padding="same")(np.ones((1, 2, 2, 1))).shape == (1, 2, 2, 2)  # "same" always fits


@pytest.mark.parametrize("make, match", [
    (lambda: Conv2D(2.5, 3), "filters"),
    (lambda: Conv2D(True, 3), "filters"),
    (lambda: Conv2D(2, "3"), "kernel_size"),
    (lambda: Conv2D(2, (3, 3, 3)), "kernel_size"),
    (lambda: Conv2D(2, 3, padding="full"), r"padding.*'valid', 'same'"),
    (lambda: Conv2D(2, 3, data_format="channels_first"), r"channels-last only.*transpose\(0, 2, 3, 1\)"),
    (lambda: Conv2D(2, 3, activity_regularizer="l2"), "activity regularizers"),
    (lambda: Conv2D(2, 3, lora_rank=2), "lora"),
    (lambda: MaxPooling2D(0), "pool_size"),
    (lambda: MaxPooling2D(2, strides=-1), "strides"),
    (lambda: AveragePooling2D(2, padding=None), "padding"),
    (lambda: GlobalAveragePooling2D(keepdims="yes"), "keepdims"),
    (lambda: GlobalMaxPooling2D(data_format="channels_first"), "channels-last"),
])
def test_bad_arguments(make, match):
    with pytest.raises(errors.HyperparameterError, match=match):
        make()


def test_padding_spelling_and_defaults_as_keras():
    assert Conv2D(2, 3, padding="SAME").padding == "same"
    assert MaxPooling2D().pool_size == (2, 2) and MaxPooling2D().strides == (2, 2)
    assert AveragePooling2D(3).strides == (3, 3) and AveragePooling2D(3, strides=1).strides == (1, 1)
    layer = Conv2D(3, 2)
    assert (layer.strides, layer.dilation_rate, layer.padding, layer.use_bias) == ((1, 1), (1, 1), "valid", True)
    with pytest.raises(errors.NotBuiltError):
        Conv2D(2, 3).kernel


def test_cnn_on_another_array_module():
    """On a device (the strict CuPy stand-in of tests/strict_array_module.py, which refuses to mix
    with host arrays) a CNN of every new layer trains to the very losses of NumPy."""
    from strict_array_module import DeviceArray, strict

    x = np.random.default_rng(20).random((8, 8, 8, 1)).astype(np.float32)
    y = np.arange(8) % 3
    results = []
    for xp in (np, strict):
        model = Sequential([Input(shape=(8, 8, 1)), Conv2D(4, 3, padding="same", activation="relu"), MaxPooling2D(),
                            AveragePooling2D(2, padding="same"), Conv2D(3, 2), GlobalMaxPooling2D(keepdims=True),
                            GlobalAveragePooling2D(), Dense(3, activation="softmax")], seed=0)
        model.to(xp)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        results.append((model.fit(x, y, batch_size=4, epochs=2, verbose=0).history["loss"],
                        model.predict(x, verbose=0)))
        if xp is strict:
            assert all(type(w) is DeviceArray for w in model.weights)
    (host_loss, host_out), (device_loss, device_out) = results
    np.testing.assert_allclose(device_loss, host_loss, rtol=1e-6)
    np.testing.assert_allclose(device_out, host_out, rtol=1e-6, atol=1e-7)
