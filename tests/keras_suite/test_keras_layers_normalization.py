"""``BatchNormalization`` and ``Normalization``, from Keras's tests and against the installed Keras.

Keras files: ``keras/src/layers/normalization/batch_normalization_test.py`` and
``keras/src/layers/preprocessing/normalization_test.py``. The ``test_keras_*`` cases
re-express the Keras tests they name (masks, batch renormalization, float16 autocast and
tf.data tracing are not in nnlib: those cases are skipped, with the reason). The
``test_parity_*`` cases run the same weights on the same data in nnlib and in Keras
(forward, ``tf.GradientTape`` gradients, moving statistics, ``fit`` trajectories, frozen
layers, ``summary``, the ``.keras`` bridge); the rest are gradient checks and nnlib's errors.
"""

import contextlib
import io

import numpy as np
import pytest

from nnlib import errors, optimizers
from nnlib.gradcheck import check_layer
from nnlib.layers import BatchNormalization, Dense, Normalization
from nnlib.models import Sequential, load_model
from nnlib.utils import PyDataset

RTOL, ATOL = 1e-5, 1e-6  # float32


def close(a, b, atol=1e-6, rtol=1e-6):
    """Keras's ``assertAllClose`` tolerances."""
    return np.allclose(np.asarray(a), np.asarray(b), atol=atol, rtol=rtol)


def layer_basics(layer, input_shape, training, expected_output_shape, trainable, non_trainable, penalties=0,
                 adapt=False):
    """What Keras's ``run_layer_test`` checks and nnlib has: build on call, output shape, weight
    counts, regularization terms and a get_config/from_config round trip with the same numbers."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(input_shape).astype(np.float32)
    if adapt:
        layer.adapt(x)
    out = layer(x, training=training)
    assert out.shape == expected_output_shape and out.dtype == np.float32
    assert len(layer.trainable_weights) == trainable
    assert len(layer.non_trainable_weights) == non_trainable
    terms = [r for r in (getattr(layer, "gamma_regularizer", None), getattr(layer, "beta_regularizer", None)) if r]
    assert len(terms) == penalties
    if penalties:
        assert layer.regularization_penalty() == pytest.approx(
            sum(float(r(w)) for r, w in zip(terms, layer.trainable_weights)))
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    clone.build((None,) + tuple(input_shape[1:]))
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(clone(x), layer(x), rtol=RTOL, atol=ATOL)


# ===== BatchNormalization: Keras's cases =============================================================
@pytest.mark.parametrize("init_kwargs, input_shape, trainable, penalties", [
    ({"center": True, "scale": True}, (2, 3), 2, 0),
    ({"center": False, "scale": False}, (2, 3), 0, 0),
    ({"center": True, "scale": True, "beta_regularizer": "l2", "gamma_regularizer": "l2"}, (2, 4, 4, 3), 2, 2),
])
def test_keras_bn_basics(init_kwargs, input_shape, trainable, penalties):
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_bn_basics (vector case, no center/scale, image case with regularizers)."""
    layer_basics(BatchNormalization(**init_kwargs), input_shape, True, input_shape, trainable, 2, penalties)


@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("input_shape", [(5, 2, 3), (5, 3, 3, 2)])
@pytest.mark.parametrize("moving_mean_initializer", ["zeros", "ones"])
@pytest.mark.parametrize("moving_variance_initializer", ["zeros", "ones"])
def test_keras_bn_correctness(axis, input_shape, moving_mean_initializer, moving_variance_initializer):
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_correctness (all 16 cases; its last two checks, through a ``Masking`` layer, are left
    out: nnlib has no masks)."""
    layer = BatchNormalization(axis=axis, momentum=0, moving_mean_initializer=moving_mean_initializer,
                               moving_variance_initializer=moving_variance_initializer)
    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=input_shape)  # centered on 5, variance 100
    out = x
    for _ in range(3):
        out = layer(out, training=True)
    broadcast_shape = [1] * len(input_shape)
    broadcast_shape[axis] = input_shape[axis]
    out = (out - np.reshape(layer.beta, broadcast_shape)) / np.reshape(layer.gamma, broadcast_shape)
    reduction_axes = tuple(d for d in range(len(input_shape)) if d != axis % len(input_shape))
    assert close(np.mean(out, axis=reduction_axes), 0.0, atol=1e-3)
    assert close(np.std(out, axis=reduction_axes), 1.0, atol=1e-3)
    assert close(layer.moving_mean, 0.0, atol=1e-3)
    assert close(layer.moving_variance, 1.0, atol=1e-3)
    # Inference done before training shouldn't match.
    inference_out = layer(x, training=False)
    training_out = layer(x, training=True)
    assert not close(inference_out, training_out)
    # Since momentum is zero, inference after training should match.
    training_out = layer(x, training=True)
    inference_out = layer(x, training=False)
    assert close(inference_out, training_out)


@pytest.mark.skip(reason="nnlib has no masks (BatchNormalization(...)(x, mask=...))")
def test_keras_input_fully_masked():
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_input_fully_masked."""


@pytest.mark.skip(reason="nnlib has no masks and no Masking layer (BatchNormalization after Masking)")
def test_keras_bachnorm_ignore_masked_values():
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_bachnorm_ignore_masked_values."""


def test_keras_trainable_behavior():
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_trainable_behavior: a frozen layer runs in inference mode, also with training=True."""
    layer = BatchNormalization(axis=-1, momentum=0.8, epsilon=1e-7)
    layer.build((1, 4, 4, 3))
    layer.trainable = False
    assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (4, 0, 4)
    x = np.random.default_rng(1).normal(loc=5.0, scale=10.0, size=(200, 4, 4, 3))
    out = layer(x, training=True)
    assert close(out, x)
    layer.trainable = True
    assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (4, 2, 2)
    for _ in range(10):
        out = layer(x, training=True)
    out = (out - np.reshape(layer.beta, (1, 1, 1, 3))) / np.reshape(layer.gamma, (1, 1, 1, 3))
    assert close(np.mean(out, axis=(0, 1, 2)), 0.0, atol=1e-3)
    assert close(np.std(out, axis=(0, 1, 2)), 1.0, atol=1e-3)


@pytest.mark.skip(reason="nnlib has no float16 and no AutocastScope (mixed precision)")
def test_keras_large_value_within_autocast_scope():
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_large_value_within_autocast_scope."""


@pytest.mark.skip(reason="nnlib has no masks (BatchNormalization(...)(x, mask=...))")
def test_keras_masked_broadcast_normalization():
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_masked_broadcast_normalization."""


@pytest.mark.skip(reason="nnlib does not implement batch renormalization (renorm=True raises)")
@pytest.mark.parametrize("case", ["test_renorm_basics", "test_renorm_invalid_clipping_keys",
                                  "test_renorm_stddev_initializer", "test_renorm_inference",
                                  "test_renorm_correctness", "test_serialization"])
def test_keras_renorm(case):
    """From keras/src/layers/normalization/batch_normalization_test.py::BatchNormalizationTest::
    test_renorm_basics, test_renorm_invalid_clipping_keys, test_renorm_stddev_initializer,
    test_renorm_inference, test_renorm_correctness and test_serialization (a renorm layer)."""


# ===== Normalization: Keras's cases ==================================================================
@pytest.mark.parametrize("init_kwargs, non_trainable", [
    ({"axis": -1}, 3),
    ({"axis": -1, "mean": np.array([0.5, 0.2, -0.1]), "variance": np.array([0.1, 0.2, 0.3])}, 0),
    ({"axis": -1, "mean": np.array([0.5, 0.2, -0.1]), "variance": np.array([0.1, 0.2, 0.3]), "invert": True}, 0),
])
def test_keras_normalization_basics(init_kwargs, non_trainable):
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_normalization_basics.

    Deliberately different: Keras calls the first (unadapted) layer as it is, which divides by
    variance 1; nnlib refuses to run a Normalization that has no statistics, so it is adapted first.
    """
    layer = Normalization(**init_kwargs)
    layer_basics(layer, (2, 3), False, (2, 3), 0, non_trainable, adapt="mean" not in init_kwargs)


def _as_input(keras, tf, x, input_type):
    if input_type == "np":
        return x
    if input_type == "tensor":
        return keras.ops.convert_to_tensor(x)
    return tf.data.Dataset.from_tensor_slices(x).batch(8)


@pytest.mark.parametrize("input_type", ["np", "tensor", "tf.data"])
def test_keras_normalization_adapt(keras, tf, input_type):
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_normalization_adapt (NumPy, a TensorFlow tensor, a tf.data Dataset of batches)."""
    rng = np.random.default_rng(0)
    x = rng.random((32, 4))
    layer = Normalization()
    layer.adapt(_as_input(keras, tf, x, input_type))
    assert layer.built
    output = layer(x)
    assert close(np.var(output, axis=0), 1.0, atol=1e-5)
    assert close(np.mean(output, axis=0), 0.0, atol=1e-5)
    # Test in high-dim and with tuple axis.
    x = rng.random((32, 4, 3, 5))
    layer = Normalization(axis=(1, 2))
    layer.adapt(_as_input(keras, tf, x, input_type))
    assert layer.built
    output = layer(x)
    assert close(np.var(output, axis=(0, 3)), 1.0, atol=1e-5)
    assert close(np.mean(output, axis=(0, 3)), 0.0, atol=1e-5)


@pytest.mark.skip(reason="Keras runs it on the torch backend only (the meta device); nnlib has no devices "
                         "of that kind")
def test_keras_call_on_meta_device_after_built():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_call_on_meta_device_after_built."""


def test_keras_normalization_with_mean_or_variance_only_raises_error():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_normalization_with_mean_only_raises_error and test_normalization_with_variance_only_raises_error."""
    with pytest.raises(ValueError, match="both mean and variance must be set"):
        Normalization(mean=0.5)
    with pytest.raises(errors.HyperparameterError, match="both mean and variance must be set"):
        Normalization(variance=0.1)


def test_keras_normalization_axis_too_high_or_too_low():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_normalization_axis_too_high and test_normalization_axis_too_low."""
    with pytest.raises(ValueError, match="all axis values must be in the range"):
        Normalization(axis=3).build((2, 2))
    with pytest.raises(errors.ShapeError, match="all axis values must be in the range"):
        Normalization(axis=-4).build((2, 3, 4))


def test_keras_normalization_unknown_axis_shape():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_normalization_unknown_axis_shape: an axis of unknown size cannot be kept (nnlib's
    build refuses any unknown size after the batch axis, and the batch axis itself)."""
    with pytest.raises(errors.ShapeError, match="positive ints"):
        Normalization(axis=1).build((None, None))
    with pytest.raises(errors.ShapeError, match="to be kept must have a known shape"):
        Normalization(axis=0).build((None, 3))


def test_keras_normalization_adapt_with_incompatible_shape():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_normalization_adapt_with_incompatible_shape."""
    layer = Normalization(axis=-1)
    layer.build((10, 5))
    with pytest.raises(ValueError, match="an incompatible shape"):
        layer.adapt(np.random.default_rng(0).random((10, 3)))


@pytest.mark.skip(reason="Dataset.map(layer) traces the layer on symbolic tf tensors; nnlib computes on "
                         "arrays only")
def test_keras_tf_data_compatibility():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_tf_data_compatibility."""


def test_keras_normalization_with_scalar_mean_var():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_normalization_with_scalar_mean_var."""
    layer = Normalization(mean=3.0, variance=2.0)
    out = layer(np.array([[1, 2, 3]], dtype="float32"))
    np.testing.assert_allclose(out, [[-1.4142135, -0.70710677, 0.0]], rtol=1e-6)  # Keras's docstring


@pytest.mark.parametrize("pydataset_type", ["x", "x_and_y", "x_y_and_weights"])
def test_keras_adapt_pydataset_compat(pydataset_type):
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_pydataset_compat (nnlib's PyDataset).

    Deliberately different at the end: the batches are (32, 32, 3), 32 samples of shape
    (32, 3), and Keras then calls the layer on shape (1, 32, 32, 3), which its broadcasting
    lets through; nnlib checks the input's rank against the shape the layer was built for,
    so it is called on (1, 32, 3) and refuses the rank-4 array.
    """
    rng = np.random.default_rng(0)

    class CustomDataset(PyDataset):
        def __len__(self):
            return 100

        def __getitem__(self, idx):
            x = rng.random((32, 32, 3))
            y = rng.integers(0, 10, size=(1,))
            weights = rng.integers(0, 10, size=(1,))
            return {"x": x, "x_and_y": (x, y), "x_y_and_weights": (x, y, weights)}[pydataset_type]

    normalizer = Normalization()
    normalizer.adapt(CustomDataset())
    assert normalizer.built
    assert normalizer.mean.shape[-1] == 3 and normalizer.variance.shape[-1] == 3
    assert normalizer(rng.random((1, 32, 3))).shape == (1, 32, 3)
    with pytest.raises(errors.ShapeError, match=r"\(None, 32, 3\)"):
        normalizer(rng.random((1, 32, 32, 3)))


def test_keras_broadcast_non_scalar_middle_axis():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_broadcast_non_scalar_middle_axis."""
    custom_mean = np.arange(1, 6, dtype="float32")
    layer = Normalization(axis=2, mean=custom_mean, variance=np.ones((5,), dtype="float32"))
    layer.build((2, 4, 5, 3))
    assert tuple(layer.mean.shape) == (1, 1, 5, 1)
    assert close(layer.mean[0, 0, :, 0], custom_mean)


def test_keras_broadcast_multiple_axes():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_broadcast_multiple_axes."""
    layer = Normalization(axis=(1, 2), mean=np.zeros((10, 13), dtype="float32"),
                          variance=np.ones((10, 13), dtype="float32"))
    layer.build((None, 10, 13, 3))
    assert tuple(layer.mean.shape) == (1, 10, 13, 1)


def test_keras_broadcast_partial_keep_axis():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_broadcast_partial_keep_axis."""
    custom_mean = np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32")
    layer = Normalization(axis=(1, 2), mean=custom_mean, variance=np.ones((5,), dtype="float32"))
    layer.build((2, 7, 5, 3))
    assert tuple(layer.mean.shape) == (1, 7, 5, 1)
    expected_values = np.reshape(custom_mean, (1, 1, 5, 1))
    assert close(layer.mean[:, 0:1, :, :], expected_values)
    assert close(layer.mean[:, 6:7, :, :], expected_values)


def test_keras_scalar_broadcast():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::test_scalar_broadcast."""
    layer = Normalization(axis=-1, mean=5.0, variance=1.0)
    layer.build((3, 7))
    assert tuple(layer.mean.shape) == (1, 7)
    assert close(layer.mean, [[5.0] * 7])


def _assert_standardized(layer, x, axis=0):
    output = layer(x)
    assert close(np.var(output, axis=axis), 1.0, atol=1e-5)
    assert close(np.mean(output, axis=axis), 0.0, atol=1e-5)


def test_keras_adapt_list_of_batches_generator_and_iterator():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_list_of_batches, test_adapt_generator and test_adapt_iterator_of_batches."""
    x = np.random.default_rng(0).random((32, 4)).astype("float32")
    layer = Normalization(axis=-1)
    layer.adapt([x[:8], x[8:16], x[16:24], x[24:32]])
    assert layer.built
    _assert_standardized(layer, x)

    def batch_gen():
        for i in range(0, 32, 8):
            yield x[i : i + 8]

    layer = Normalization(axis=-1)
    layer.adapt(batch_gen())
    _assert_standardized(layer, x)
    x = x[:24, :3]
    layer = Normalization(axis=-1)
    layer.adapt(iter([x[i : i + 6] for i in range(0, 24, 6)]))
    assert layer.built
    _assert_standardized(layer, x)


def test_keras_adapt_iterable_same_result_as_ndarray():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_iterable_same_result_as_ndarray."""
    x = np.random.default_rng(0).random((64, 5)).astype("float32")
    layer_list = Normalization(axis=-1)
    layer_list.adapt([x[i : i + 16] for i in range(0, 64, 16)])
    layer_ndarray = Normalization(axis=-1)
    layer_ndarray.adapt(x)
    np.testing.assert_allclose(layer_list(x[:10]), layer_ndarray(x[:10]), atol=1e-5)


def test_keras_adapt_iterable_with_tuples():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_iterable_with_tuples."""
    x = np.random.default_rng(0).random((24, 3)).astype("float32")
    layer = Normalization(axis=-1)
    layer.adapt([(x[i : i + 8], np.zeros(8)) for i in range(0, 24, 8)])
    assert layer.built
    _assert_standardized(layer, x)


def test_keras_adapt_iterable_axis_none():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_iterable_axis_none."""
    x = np.random.default_rng(0).random((20, 2, 3)).astype("float32")
    layer = Normalization(axis=None)
    layer.adapt([x[i : i + 5] for i in range(0, 20, 5)])
    assert layer.built
    _assert_standardized(layer, x, axis=None)


def test_keras_adapt_empty_iterable_or_generator_raises():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_empty_iterable_raises and test_adapt_empty_generator_raises."""
    with pytest.raises(ValueError, match="empty iterable"):
        Normalization(axis=-1).adapt([])

    def empty_gen():
        yield from ()

    with pytest.raises(errors.DataError, match="empty iterable"):
        Normalization(axis=-1).adapt(empty_gen())


def test_keras_adapt_iterable_incompatible_shape_raises():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_iterable_incompatible_shape_raises."""
    rng = np.random.default_rng(0)

    def bad_gen():
        yield rng.random((8, 4)).astype("float32")
        yield rng.random((8, 6)).astype("float32")

    with pytest.raises(ValueError, match="incompatible shape"):
        Normalization(axis=-1).adapt(bad_gen())


def test_keras_adapt_iterable_batch_without_shape_raises():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_iterable_batch_without_shape_raises.

    Deliberately different: Keras raises TypeError; nnlib's error for unusable data is
    DataError (a ValueError), with the same message.
    """

    def gen_no_shape():
        yield 42

    with pytest.raises(errors.DataError, match="`.shape`"):
        Normalization(axis=-1).adapt(gen_no_shape())


def test_keras_adapt_iterable_single_batch():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_iterable_single_batch."""
    x = np.random.default_rng(0).random((16, 4)).astype("float32")
    layer = Normalization(axis=-1)
    layer.adapt([x])
    assert layer.built
    _assert_standardized(layer, x)


def test_keras_adapt_iterable_high_dim_axis_tuple():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_iterable_high_dim_axis_tuple."""
    x = np.random.default_rng(0).random((32, 4, 3, 5)).astype("float32")
    layer = Normalization(axis=(1, 2))
    layer.adapt([x[i : i + 8] for i in range(0, 32, 8)])
    assert layer.built
    _assert_standardized(layer, x, axis=(0, 3))


def test_keras_adapt_grain_dataset():
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_grain_dataset (skipped, as in Keras, where grain is not installed)."""
    grain = pytest.importorskip("grain", reason="grain (a data-loading library) is not installed; Keras skips this case without it too")
    x = np.random.default_rng(0).random((24, 3)).astype("float32")
    layer = Normalization(axis=-1)
    layer.adapt(grain.MapDataset.source(x).to_iter_dataset().batch(8))
    _assert_standardized(layer, x)


def test_keras_adapt_tf_dataset_with_labels(tf):
    """From keras/src/layers/preprocessing/normalization_test.py::NormalizationTest::
    test_adapt_tf_dataset_with_labels."""
    x = np.ones((32, 3), dtype="float32")
    y = np.ones((32,), dtype="int32")
    layer = Normalization()
    layer.adapt(tf.data.Dataset.from_tensor_slices((x, y)).batch(8))
    np.testing.assert_allclose(np.squeeze(layer.mean), np.ones(3))
    np.testing.assert_allclose(np.squeeze(layer.variance), np.zeros(3))


# ===== BatchNormalization against Keras, same weights =================================================
def random_bn_weights(rng, features, center=True, scale=True):
    weights = []
    if scale:
        weights.append(rng.uniform(0.5, 1.5, features).astype(np.float32))
    if center:
        weights.append(rng.normal(0, 0.5, features).astype(np.float32))
    weights.append(rng.normal(0, 1, features).astype(np.float32))  # moving_mean
    weights.append(rng.uniform(0.5, 2.0, features).astype(np.float32))  # moving_variance
    return weights


def bn_pair(keras, input_shape, seed=0, **kwargs):
    """A Keras and an nnlib BatchNormalization built alike, with the same random weights."""
    keras_layer = keras.layers.BatchNormalization(**kwargs)
    keras_layer.build((None,) + tuple(input_shape[1:]))
    layer = BatchNormalization(**kwargs)
    layer.build((None,) + tuple(input_shape[1:]))
    features = input_shape[kwargs.get("axis", -1)]
    weights = random_bn_weights(np.random.default_rng(seed), features, kwargs.get("center", True),
                                kwargs.get("scale", True))
    keras_layer.set_weights(weights)
    layer.set_weights(weights)
    return keras_layer, layer


def keras_gradients(tf, keras_layer, x, r, training):
    """dL/dx and dL/d(trainable weights) for L = sum(layer(x) * r), with tf.GradientTape."""
    x_tensor = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        out = keras_layer(x_tensor, training=training)
        loss = tf.reduce_sum(out * r)
    grads = tape.gradient(loss, [x_tensor] + list(keras_layer.trainable_weights))
    return out.numpy(), [g.numpy() for g in grads]


CASES = [
    ((16, 3), {}),
    ((6, 4, 5, 3), {}),
    ((6, 4, 5), {"axis": 1, "momentum": 0.9}),
    ((10, 4), {"center": False, "scale": False, "epsilon": 1e-5}),
    ((10, 4), {"center": False}),
    ((10, 4), {"scale": False}),
]


@pytest.mark.parametrize("input_shape, kwargs", CASES)
@pytest.mark.parametrize("training", [True, False])
def test_parity_bn_forward_and_gradients(keras, tf, input_shape, kwargs, training):
    """Output, dL/dx, dL/dgamma and dL/dbeta equal Keras's (GradientTape), in both modes."""
    keras_layer, layer = bn_pair(keras, input_shape, **kwargs)
    rng = np.random.default_rng(1)
    x = rng.normal(2.0, 3.0, input_shape).astype(np.float32)
    r = rng.standard_normal(input_shape).astype(np.float32)
    expected_out, expected_grads = keras_gradients(tf, keras_layer, x, r, training)
    out = layer.forward(x, training=training)
    grad_x = layer.backward(r)
    assert out.dtype == np.float32 and out.shape == x.shape
    np.testing.assert_allclose(out, expected_out, rtol=RTOL, atol=1e-5)
    scale = np.abs(expected_grads[0]).max()  # dL/dx of training mode is a difference of O(1) terms
    np.testing.assert_allclose(grad_x, expected_grads[0], rtol=RTOL, atol=1e-6 * scale)
    names = layer.trainable_param_names()
    assert names == [w.name for w in keras_layer.trainable_weights]
    for name, expected in zip(names, expected_grads[1:]):
        np.testing.assert_allclose(layer.grads[name], expected, rtol=RTOL, atol=1e-5, err_msg=name)
    for found, expected in zip(layer.get_weights(), keras_layer.get_weights()):  # moving statistics too
        np.testing.assert_allclose(found, expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("input_shape, kwargs", CASES[:3])
def test_parity_bn_moving_statistics_after_one_and_several_calls(keras, input_shape, kwargs):
    keras_layer, layer = bn_pair(keras, input_shape, seed=2, **kwargs)
    rng = np.random.default_rng(3)
    for step in range(6):
        x = rng.normal(step - 2.0, 1.0 + step, input_shape).astype(np.float32)
        np.testing.assert_allclose(layer(x, training=True), keras_layer(x, training=True).numpy(),
                                   rtol=RTOL, atol=1e-5)
        if step in (0, 5):
            for name, found, expected in zip(("moving_mean", "moving_variance"),
                                             layer.get_weights()[-2:], keras_layer.get_weights()[-2:]):
                np.testing.assert_allclose(found, expected, rtol=RTOL, atol=ATOL, err_msg=f"{name} after {step + 1}")
    x = rng.normal(0.0, 2.0, input_shape).astype(np.float32)
    np.testing.assert_allclose(layer(x), keras_layer(x, training=False).numpy(), rtol=RTOL, atol=1e-5)


def test_parity_bn_frozen_layer_runs_in_inference_mode(keras, tf):
    keras_layer, layer = bn_pair(keras, (12, 3), seed=4)
    keras_layer.trainable = False
    layer.trainable = False
    x = np.random.default_rng(5).normal(1.0, 2.0, (12, 3)).astype(np.float32)
    r = np.random.default_rng(6).standard_normal((12, 3)).astype(np.float32)
    before = layer.get_weights()
    expected_out, expected_grads = keras_gradients(tf, keras_layer, x, r, training=True)
    np.testing.assert_allclose(layer.forward(x, training=True), expected_out, rtol=RTOL, atol=1e-5)
    np.testing.assert_allclose(layer.backward(r), expected_grads[0], rtol=RTOL, atol=1e-5)
    for found, expected in zip(layer.get_weights(), before):
        np.testing.assert_array_equal(found, expected)  # no moving-statistics update


def test_parity_bn_zero_variance_feature(keras):
    """A feature constant over the batch: finite outputs and gradients, as Keras's."""
    keras_layer, layer = bn_pair(keras, (8, 3), seed=7)
    x = np.random.default_rng(8).normal(size=(8, 3)).astype(np.float32)
    x[:, 1] = 4.0
    out = layer.forward(x, training=True)
    grad = layer.backward(np.ones_like(x))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad))
    np.testing.assert_allclose(out, keras_layer(x, training=True).numpy(), rtol=RTOL, atol=1e-5)
    np.testing.assert_allclose(out[:, 1], layer.beta[1], atol=1e-6)  # xhat = 0 there
    big = np.full((4, 3), 1e30, dtype=np.float32)
    assert np.all(np.isfinite(layer.forward(big, training=True)))


def test_parity_bn_get_config_and_weights_as_keras(keras):
    keras_layer, layer = bn_pair(keras, (4, 3), momentum=0.9, epsilon=1e-4, gamma_regularizer="l2")
    expected = keras_layer.get_config()
    found = layer.get_config()
    assert set(found) | {"trainable"} == set(expected)
    for key in ("axis", "momentum", "epsilon", "center", "scale", "synchronized", "renorm",
                "renorm_clipping", "renorm_momentum", "beta_constraint", "gamma_constraint"):
        assert found[key] == expected[key], key
    assert found["gamma_regularizer"]["l2"] == pytest.approx(expected["gamma_regularizer"]["config"]["l2"])
    assert [w.name for w in keras_layer.weights] == list(layer.params)
    assert [w.name for w in keras_layer.non_trainable_weights] == list(BatchNormalization.non_trainable_names)
    assert BatchNormalization.from_config(found).get_config() == found
    frozen = BatchNormalization.from_config({**found, "trainable": False})
    assert not frozen.trainable


@pytest.mark.parametrize("input_shape, kwargs", CASES + [((5, 3), {"gamma_regularizer": "l2",
                                                                     "beta_regularizer": "l1"})])
@pytest.mark.parametrize("training", [True, False])
def test_gradcheck_bn(input_shape, kwargs, training):
    layer = BatchNormalization(**kwargs)
    layer.build((None,) + input_shape[1:])
    layer.set_weights(random_bn_weights(np.random.default_rng(9), input_shape[kwargs.get("axis", -1)],
                                        kwargs.get("center", True), kwargs.get("scale", True)))
    x = np.random.default_rng(10).normal(1.0, 2.0, input_shape)  # not the generator gradcheck draws r from
    report = check_layer(layer, x, seed=11, training=training)
    assert report.passed, str(report)


def test_bn_float64_layer_and_float64_input():
    layer = BatchNormalization(dtype="float64")
    x = np.random.default_rng(0).normal(size=(6, 2))
    out = layer(x, training=True)
    assert out.dtype == np.float64 and layer.moving_mean.dtype == np.float64
    assert layer.backward(np.ones_like(x)).dtype == np.float64


@pytest.mark.parametrize("kwargs, match", [
    ({"axis": 1.5}, "axis"), ({"axis": True}, "axis"), ({"momentum": 1.5}, r"momentum.*\[0, 1\]"),
    ({"momentum": "high"}, "momentum"), ({"epsilon": 0.0}, "epsilon.*positive"), ({"center": 1}, "center"),
    ({"scale": None}, "scale"), ({"renorm": True}, "renormalization"),
    ({"beta_constraint": "non_neg"}, "constraints"), ({"gamma_constraint": "non_neg"}, "constraints"),
])
def test_bn_bad_arguments(kwargs, match):
    with pytest.raises(errors.HyperparameterError, match=match):
        BatchNormalization(**kwargs)


def test_bn_bad_names_and_shapes():
    with pytest.raises(errors.UnknownNameError):
        BatchNormalization(gamma_initializer="onez")
    with pytest.raises(errors.ShapeError, match="axis 0.*batch axis"):
        BatchNormalization(axis=0).build((None, 3))
    with pytest.raises(errors.ShapeError, match="axis=3.*out of bounds"):
        BatchNormalization(axis=3).build((None, 4, 5))
    layer = BatchNormalization()
    layer.build((None, 3))
    with pytest.raises(errors.ShapeError, match=r"expects inputs of shape \(None, 3\).*\(4, 5\)"):
        layer(np.ones((4, 5)))
    with pytest.raises(errors.ShapeError):
        layer(np.ones((4, 2, 3)))
    with pytest.raises(errors.NotBuiltError):
        BatchNormalization().gamma


# ===== Normalization against Keras =====================================================================
@pytest.mark.parametrize("axis", [-1, None, (1, 2), 1])
@pytest.mark.parametrize("invert", [False, True])
def test_parity_normalization_after_adapt(keras, tf, axis, invert):
    """Weights (mean, variance, count), outputs and dL/dx after adapt on the same rank-3 data."""
    rng = np.random.default_rng(12)
    data = rng.normal(3.0, 2.0, (20, 4, 3)).astype(np.float32)
    data[:, 0, 0] = 1.5  # one constant position: the floored standard deviation
    keras_layer = keras.layers.Normalization(axis=axis, invert=invert)
    keras_layer.adapt(data)
    layer = Normalization(axis=axis, invert=invert)
    layer.adapt(data)
    expected_weights = keras_layer.get_weights()
    assert [w.name for w in keras_layer.weights] == list(layer.params) == ["mean", "variance", "count"]
    for found, expected in zip(layer.get_weights(), expected_weights):
        assert found.dtype == expected.dtype and found.shape == expected.shape
        np.testing.assert_allclose(found, expected, rtol=RTOL, atol=ATOL)
    x = rng.normal(3.0, 2.0, (5, 4, 3)).astype(np.float32)
    r = rng.standard_normal(x.shape).astype(np.float32)
    x_tensor = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        expected_out = keras_layer(x_tensor)
        loss = tf.reduce_sum(expected_out * r)
    expected_grad = tape.gradient(loss, x_tensor).numpy()
    out = layer(x)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, expected_out.numpy(), rtol=RTOL, atol=1e-4 if not invert else 1e-5)
    np.testing.assert_allclose(layer.backward(r), expected_grad, rtol=RTOL, atol=ATOL)
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 3


def test_parity_normalization_adapt_on_batches(keras):
    """Batches are merged as Keras merges them (a list of float32 batches)."""
    data = np.random.default_rng(13).normal(5.0, 3.0, (48, 3)).astype(np.float32)
    batches = [data[i : i + 10] for i in range(0, 48, 10)]
    keras_layer = keras.layers.Normalization()
    keras_layer.adapt(batches)
    layer = Normalization()
    layer.adapt(batches)
    for found, expected in zip(layer.get_weights(), keras_layer.get_weights()):
        np.testing.assert_allclose(found, expected, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(layer.get_weights()[1], np.var(data, axis=0), rtol=1e-5)


@pytest.mark.parametrize("axis, mean, variance, shape", [
    (-1, [0.5, 0.2, -0.1], [0.1, 0.2, 0.3], (4, 3)),
    (-1, 3.0, 2.0, (4, 3)),
    ((1, 2), [1.0, 2.0, 3.0], [1.0, 4.0, 9.0], (4, 2, 3)),
    (2, np.arange(1.0, 6.0), np.ones(5), (2, 4, 5, 3)),
    (None, 1.0, 4.0, (3, 2)),
])
@pytest.mark.parametrize("invert", [False, True])
def test_parity_normalization_given_statistics(keras, axis, mean, variance, shape, invert):
    keras_layer = keras.layers.Normalization(axis=axis, mean=mean, variance=variance, invert=invert)
    layer = Normalization(axis=axis, mean=mean, variance=variance, invert=invert)
    x = np.random.default_rng(14).normal(size=shape).astype(np.float32)
    np.testing.assert_allclose(layer(x), keras_layer(x).numpy(), rtol=RTOL, atol=ATOL)
    assert layer.get_weights() == keras_layer.get_weights() == []
    np.testing.assert_allclose(layer.mean, keras.ops.convert_to_numpy(keras_layer.mean))
    expected = keras_layer.get_config()
    found = layer.get_config()
    assert set(found) | {"trainable"} == set(expected)
    for key in ("axis", "invert", "mean", "variance"):
        assert found[key] == expected[key], key
    assert Normalization.from_config(found).get_config() == found


@pytest.mark.parametrize("invert", [False, True])
@pytest.mark.parametrize("given", [False, True])
def test_gradcheck_normalization(invert, given):
    rng = np.random.default_rng(15)
    data = rng.normal(2.0, 3.0, (30, 4))
    layer = Normalization(invert=invert, mean=data.mean(0) if given else None, variance=data.var(0) if given else None)
    if not given:
        layer.adapt(data)
    report = check_layer(layer, rng.normal(size=(5, 4)))
    assert report.passed, str(report)


def test_normalization_needs_statistics():
    layer = Normalization()
    with pytest.raises(errors.NotBuiltError, match="no statistics yet: call layer.adapt"):
        layer(np.ones((2, 3)))
    model = Sequential([Normalization(input_shape=(3,)), Dense(1)])
    model.compile(loss="mse")
    with pytest.raises(errors.NotBuiltError, match="adapt"):
        model.predict(np.ones((2, 3)), verbose=0)
    model.layers[0].adapt(np.arange(12.0).reshape(4, 3))
    assert model.predict(np.ones((2, 3)), verbose=0).shape == (2, 1)
    loaded = Normalization()
    loaded.build((None, 3))
    loaded.params["mean"][...] = [1.0, 2.0, 3.0]  # as loading a model writes it
    np.testing.assert_allclose(loaded(np.array([[1.0, 2.0, 3.0]])), [[0.0, 0.0, 0.0]])


def test_normalization_bad_input():
    with pytest.raises(errors.HyperparameterError, match="axis"):
        Normalization(axis="last")
    with pytest.raises(errors.HyperparameterError, match="same shape"):
        Normalization(mean=[1.0, 2.0], variance=[1.0])
    with pytest.raises(errors.HyperparameterError, match="rank of mean"):
        Normalization(mean=np.zeros((2, 3)), variance=np.ones((2, 3)))
    with pytest.raises(errors.HyperparameterError, match="non-negative"):
        Normalization(mean=0.0, variance=-1.0)
    with pytest.raises(errors.HyperparameterError, match="invert"):
        Normalization(invert="yes")
    with pytest.raises(errors.ShapeError, match="cannot be broadcast"):
        Normalization(mean=[1.0, 2.0], variance=[1.0, 1.0]).build((None, 3))
    with pytest.raises(errors.HyperparameterError, match="was given mean and variance"):
        Normalization(mean=1.0, variance=1.0).adapt(np.ones((3, 2)))
    with pytest.raises(errors.ShapeError, match=r"reshape\(-1, 1\)"):
        Normalization().adapt(np.ones(5))
    with pytest.raises(errors.DataError, match="array or an iterable"):
        Normalization().adapt(42)
    layer = Normalization()
    layer.adapt(np.ones((4, 3)))
    with pytest.raises(errors.ShapeError, match=r"\(None, 3\).*\(2, 4\)"):
        layer(np.ones((2, 4)))


# ===== in a Sequential model: fit, frozen layers, summary, .keras ===========================================
def regression_data(n=40, features=5, seed=20):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 2.0, (n, features)).astype(np.float32)
    y = np.stack([x[:, 0] - 2 * x[:, 1], x[:, 2] * x[:, 3]], axis=1).astype(np.float32) / 4
    return x, y


def dense_bn_dense_pair(keras, momentum=0.9, freeze=None, normalization_data=None):
    """Dense -> BatchNormalization -> Dense in nnlib and Keras, with nnlib's initial weights
    copied into Keras. ``freeze`` is the index of a layer to freeze; with ``normalization_data``
    an adapted Normalization comes first."""
    layers, keras_layers = [], [keras.Input((5,))]
    if normalization_data is not None:
        norm, keras_norm = Normalization(), keras.layers.Normalization()
        norm.adapt(normalization_data)
        keras_norm.adapt(normalization_data)
        layers.append(norm)
        keras_layers.append(keras_norm)
    layers += [Dense(8, activation="relu"), BatchNormalization(momentum=momentum), Dense(2)]
    keras_layers += [keras.layers.Dense(8, activation="relu"), keras.layers.BatchNormalization(momentum=momentum),
                     keras.layers.Dense(2)]
    model = Sequential(layers, seed=0)
    model.build((None, 5))
    keras_model = keras.Sequential(keras_layers)
    keras_model.set_weights(model.get_weights())
    if freeze is not None:
        model.layers[freeze].trainable = False
        keras_model.layers[freeze].trainable = False
    return model, keras_model


def compile_pair(keras, model, keras_model, optimizer):
    if optimizer == "sgd":
        model.compile(optimizer=optimizers.SGD(learning_rate=0.05), loss="mse")
        keras_model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
    else:
        model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss="mse")
        keras_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")


def fit_pair(model, keras_model, x, y, epochs=4, batch_size=8):
    """4 epochs of 5 batches: a 20-step trajectory, per-epoch losses compared."""
    arguments = dict(batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0)
    expected = keras_model.fit(x, y, **arguments).history["loss"]
    found = model.fit(x, y, **arguments).history["loss"]
    np.testing.assert_allclose(found, expected, rtol=RTOL, atol=ATOL)
    return found


def assert_same_weights(model, keras_model, rtol=1e-4, atol=1e-5):
    expected = keras_model.get_weights()
    found = model.get_weights()
    assert len(found) == len(expected)
    for i, (a, b) in enumerate(zip(found, expected)):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=f"weight {i}")


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_parity_fit_trajectory_dense_bn_dense(keras, optimizer):
    x, y = regression_data()
    model, keras_model = dense_bn_dense_pair(keras)
    compile_pair(keras, model, keras_model, optimizer)
    losses = fit_pair(model, keras_model, x, y)
    assert losses[-1] < losses[0]
    assert_same_weights(model, keras_model)  # moving statistics included
    moving = model.layers[1].get_weights()[2:]
    assert not np.allclose(moving[0], 0) and not np.allclose(moving[1], 1)
    np.testing.assert_allclose(model.predict(x, verbose=0), keras_model.predict(x, verbose=0), rtol=1e-4, atol=1e-5)
    assert model.evaluate(x, y, verbose=0) == pytest.approx(keras_model.evaluate(x, y, verbose=0), rel=1e-4)


def test_parity_fit_with_adapted_normalization_first(keras):
    x, y = regression_data(seed=21)
    model, keras_model = dense_bn_dense_pair(keras, normalization_data=x)
    compile_pair(keras, model, keras_model, "adam")
    fit_pair(model, keras_model, x, y)
    assert_same_weights(model, keras_model)
    np.testing.assert_allclose(model.predict(x, verbose=0), keras_model.predict(x, verbose=0), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("freeze", [0, 1])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_parity_fit_with_a_frozen_layer(keras, freeze, optimizer):
    """A frozen first Dense (0) or a frozen BatchNormalization (1): its weights stay as they
    were (a frozen BN also keeps its moving statistics: it runs in inference mode)."""
    x, y = regression_data(seed=22)
    model, keras_model = dense_bn_dense_pair(keras, freeze=freeze)
    frozen_before = model.layers[freeze].get_weights()
    compile_pair(keras, model, keras_model, optimizer)
    fit_pair(model, keras_model, x, y)
    for found, expected in zip(model.layers[freeze].get_weights(), frozen_before):
        np.testing.assert_array_equal(found, expected)
    assert_same_weights(model, keras_model)
    assert [w.shape for w in model.trainable_weights] == [tuple(w.shape) for w in keras_model.trainable_weights]
    assert [w.shape for w in model.non_trainable_weights] == [
        tuple(w.shape) for w in keras_model.non_trainable_weights]


def test_parity_trainable_and_non_trainable_weights(keras):
    model, keras_model = dense_bn_dense_pair(keras, normalization_data=regression_data()[0])
    for attribute in ("weights", "trainable_weights", "non_trainable_weights"):
        assert [w.shape for w in getattr(model, attribute)] == [
            tuple(w.shape) for w in getattr(keras_model, attribute)], attribute
    model.trainable = False
    keras_model.trainable = False
    assert model.trainable_weights == [] and keras_model.trainable_weights == []
    assert len(model.non_trainable_weights) == len(keras_model.non_trainable_weights) == 11


def _summary_totals(text):
    return [line for line in text.splitlines() if "params:" in line]


@pytest.mark.parametrize("freeze", [None, 0])
def test_parity_summary_param_counts(keras, freeze):
    model, keras_model = dense_bn_dense_pair(keras, freeze=freeze, normalization_data=regression_data()[0])
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        keras_model.summary()
    lines = []
    model.summary(print_fn=lines.append)
    expected = _summary_totals(buffer.getvalue())
    assert len(expected) == 3
    assert _summary_totals("\n".join(lines)) == expected


def trained_pair(keras, normalization_data):
    x, y = regression_data(seed=23)
    model, keras_model = dense_bn_dense_pair(keras, normalization_data=normalization_data)
    compile_pair(keras, model, keras_model, "adam")
    fit_pair(model, keras_model, x, y, epochs=2)
    return x, model, keras_model


def test_parity_keras_file_from_nnlib_to_keras(keras, tmp_path):
    """nnlib's model.save("m.keras") opens in Keras with the same weights and predictions
    (moving statistics and the adapted Normalization's statistics included)."""
    x, model, _ = trained_pair(keras, normalization_data=regression_data(seed=24)[0])
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert [type(layer).__name__ for layer in loaded.layers] == ["Normalization", "Dense", "BatchNormalization",
                                                                 "Dense"]
    assert_same_weights(model, loaded, rtol=0, atol=0)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=RTOL, atol=ATOL)


def test_parity_keras_file_from_keras_to_nnlib(keras, tmp_path):
    x, _, keras_model = trained_pair(keras, normalization_data=regression_data(seed=25)[0])
    keras_model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert [type(layer).__name__ for layer in loaded.layers] == ["Normalization", "Dense", "BatchNormalization",
                                                                 "Dense"]
    assert_same_weights(loaded, keras_model, rtol=0, atol=0)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), keras_model.predict(x, verbose=0), rtol=RTOL, atol=ATOL)
    assert loaded.layers[2].momentum == pytest.approx(0.9)


def test_parity_keras_file_with_given_statistics_and_frozen_bn(keras, tmp_path):
    """A Normalization with mean= and variance= (no weights: they live in the config) and a
    frozen BatchNormalization, both ways."""
    model = Sequential([Normalization(mean=[1.0, -1.0, 0.5], variance=[4.0, 1.0, 0.25], input_shape=(3,)),
                        BatchNormalization(), Dense(1)], seed=1)
    model.layers[1].trainable = False
    model.layers[1].set_weights(random_bn_weights(np.random.default_rng(26), 3))
    x = np.random.default_rng(27).normal(size=(6, 3)).astype(np.float32)
    model.save(tmp_path / "nnlib.keras")
    keras_model = keras.saving.load_model(tmp_path / "nnlib.keras")
    assert not keras_model.layers[1].trainable
    np.testing.assert_allclose(keras_model.predict(x, verbose=0), model.predict(x, verbose=0), rtol=RTOL, atol=ATOL)
    keras_model.save(tmp_path / "keras.keras")
    loaded = load_model(tmp_path / "keras.keras")
    assert not loaded.layers[1].trainable and loaded.layers[0].get_weights() == []
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=RTOL, atol=ATOL)


def test_model_with_both_layers_on_another_array_module():
    """On a device (the strict CuPy stand-in of tests/strict_array_module.py) nothing mixes
    with host arrays and the numbers are those of NumPy."""
    from strict_array_module import DeviceArray, strict

    x, y = regression_data(seed=28)
    results = []
    for xp in (np, strict):
        model = Sequential([Normalization(), Dense(8, activation="relu"), BatchNormalization(momentum=0.8),
                            Dense(2)], seed=0)
        model.build((None, 5))
        model.to(xp)
        model.layers[0].adapt(x)  # into the weights where they are
        model.compile(optimizer=optimizers.Adam(0.01), loss="mse")
        history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0).history["loss"]
        results.append((history, model.predict(x, verbose=0), model.get_weights()))
        if xp is strict:
            assert all(type(w) is DeviceArray for w in model.weights)
    (host_loss, host_out, host_weights), (device_loss, device_out, device_weights) = results
    np.testing.assert_allclose(device_loss, host_loss, rtol=1e-6)
    np.testing.assert_allclose(device_out, host_out, rtol=1e-6, atol=1e-7)
    for a, b in zip(device_weights, host_weights):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
