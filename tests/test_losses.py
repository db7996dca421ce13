"""Tests of nnlib.losses: Keras values, gradients, the fused logits path, stability, data checks."""

import numpy as np
import pytest

from nnlib import activations, errors, losses

RNG = np.random.default_rng(0)
BATCH, CLASSES = 8, 4


def numerical_gradient(f, x, h=1e-6):
    """Central differences of the scalar function f at every entry of x (float64)."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def max_relative_error(a, b, floor=1e-10):
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)))


def one_hot(labels, classes=CLASSES):
    return np.eye(classes)[labels]


def make_data(rng=RNG, dtype=np.float32):
    """A dict of targets, probabilities and logits used by several tests."""
    logits = rng.normal(size=(BATCH, CLASSES)) * 3
    logits[0, :2] = [1000, -1000]
    logits[1, :2] = [-1000, 1000]
    labels = rng.integers(0, CLASSES, BATCH)
    labels[:2] = [1, 1]  # the -1000 logit is the true class in row 0
    probabilities = rng.uniform(0, 1, size=(BATCH, 3))
    probabilities[0, :2] = [0.0, 1.0]  # exactly 0 and 1: clipping matters
    return {
        "logits": logits.astype(dtype),
        "labels": labels,
        "one_hot": one_hot(labels).astype(dtype),
        "softmax": activations.softmax(logits).astype(dtype),
        "binary": (rng.random((BATCH, 3)) > 0.5).astype(dtype),
        "soft_binary": rng.uniform(0, 1, size=(BATCH, 3)).astype(dtype),
        "probabilities": probabilities.astype(dtype),
        "binary_logits": (rng.normal(size=(BATCH, 3)) * 4).astype(dtype) * np.array([1, 1, 250], dtype),
        "values": rng.normal(size=(BATCH, 3)).astype(dtype),
        "column": rng.normal(size=(BATCH, 1)).astype(dtype),
        "flat": rng.normal(size=BATCH).astype(dtype),
        "unnormalized": rng.uniform(0.1, 2, size=(BATCH, CLASSES)).astype(dtype),
    }


DATA = make_data()

# (nnlib name, Keras class, kwargs, y_true key, y_pred key)
KERAS_CASES = [
    ("mse", "MeanSquaredError", {}, "values", "probabilities"),
    ("mse", "MeanSquaredError", {}, "flat", "column"),
    ("mse", "MeanSquaredError", {}, "column", "flat"),
    ("mse", "MeanSquaredError", {}, "flat", "flat"),
    ("mae", "MeanAbsoluteError", {}, "values", "probabilities"),
    ("mae", "MeanAbsoluteError", {}, "flat", "column"),
    ("binary_crossentropy", "BinaryCrossentropy", {}, "binary", "probabilities"),
    ("binary_crossentropy", "BinaryCrossentropy", {}, "soft_binary", "probabilities"),
    ("binary_crossentropy", "BinaryCrossentropy", {"from_logits": True}, "binary", "binary_logits"),
    ("categorical_crossentropy", "CategoricalCrossentropy", {}, "one_hot", "softmax"),
    ("categorical_crossentropy", "CategoricalCrossentropy", {}, "one_hot", "unnormalized"),
    ("categorical_crossentropy", "CategoricalCrossentropy", {"from_logits": True}, "one_hot", "logits"),
    ("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", {}, "labels", "softmax"),
    ("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", {}, "labels", "unnormalized"),
    ("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", {"from_logits": True}, "labels", "logits"),
]


def nnlib_loss(name, kwargs):
    return losses.get({"name": name, **kwargs})


@pytest.mark.parametrize("name, keras_class, kwargs, true_key, pred_key", KERAS_CASES)
def test_batch_loss_matches_keras(keras, name, keras_class, kwargs, true_key, pred_key):
    y_true, y_pred = DATA[true_key], DATA[pred_key]
    ours = nnlib_loss(name, kwargs)(y_true, y_pred)
    theirs = float(getattr(keras.losses, keras_class)(**kwargs)(y_true, y_pred))
    assert isinstance(ours, float)
    assert ours == pytest.approx(theirs, rel=1e-6)


def test_sparse_labels_of_shape_batch_by_one_match_keras(keras):
    labels = DATA["labels"][:, None]
    ours = losses.get("sparse_categorical_crossentropy")(labels, DATA["softmax"])
    theirs = float(keras.losses.SparseCategoricalCrossentropy()(labels, DATA["softmax"]))
    assert ours == pytest.approx(theirs, rel=1e-6)


@pytest.mark.parametrize("name, keras_class, kwargs, true_key, pred_key",
                         [case for case in KERAS_CASES if DATA[case[4]].ndim == 2 and DATA[case[3]].ndim >= 1
                          and DATA[case[4]].shape[-1] > 1])
def test_per_sample_matches_keras(keras, name, keras_class, kwargs, true_key, pred_key):
    y_true, y_pred = DATA[true_key], DATA[pred_key]
    ours = nnlib_loss(name, kwargs).per_sample(y_true, y_pred)
    theirs = getattr(keras.losses, keras_class)(reduction=None, **kwargs)(y_true, y_pred)
    assert ours.shape == (BATCH,)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(theirs), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    "name, activation, y_key, z_key, keras_class",
    [
        ("binary_crossentropy", "sigmoid", "binary", "binary_logits", "BinaryCrossentropy"),
        ("categorical_crossentropy", "softmax", "one_hot", "logits", "CategoricalCrossentropy"),
        ("sparse_categorical_crossentropy", "softmax", "labels", "logits", "SparseCategoricalCrossentropy"),
    ],
)
def test_fused_value_matches_keras_on_an_activation_output(keras, name, activation, y_key, z_key, keras_class):
    """Keras 3 computes the loss of a sigmoid/softmax output from the logits it remembers."""
    y_true, z = DATA[y_key], DATA[z_key]
    loss = losses.get(name)
    assert loss.fuses_with(activation)
    output = getattr(keras.activations, activation)(keras.ops.convert_to_tensor(z))
    from_output = float(getattr(keras.losses, keras_class)()(y_true, output))
    from_logits = float(getattr(keras.losses, keras_class)(from_logits=True)(y_true, z))
    assert loss.value_from_logits(y_true, z) == pytest.approx(from_output, rel=1e-6)
    assert loss.value_from_logits(y_true, z) == pytest.approx(from_logits, rel=1e-6)


# -- gradients ---------------------------------------------------------------------

GRADIENT_CASES = [
    ("mse", {}, "values", "values2"),
    ("mse", {}, "flat", "column"),
    ("mae", {}, "values", "values2"),
    ("binary_crossentropy", {}, "soft_binary", "inner_probabilities"),
    ("binary_crossentropy", {}, "flat01", "column_probabilities"),
    ("binary_crossentropy", {"from_logits": True}, "soft_binary", "values"),
    ("categorical_crossentropy", {}, "one_hot", "unnormalized"),
    ("categorical_crossentropy", {}, "soft_rows", "softmax"),
    ("categorical_crossentropy", {"from_logits": True}, "one_hot", "moderate_logits"),
    ("sparse_categorical_crossentropy", {}, "labels", "unnormalized"),
    ("sparse_categorical_crossentropy", {"from_logits": True}, "labels", "moderate_logits"),
]


@pytest.fixture(scope="module")
def data64():
    rng = np.random.default_rng(1)
    data = make_data(rng, np.float64)
    moderate = rng.normal(size=(BATCH, CLASSES)) * 2
    soft_rows = rng.uniform(0, 1, size=(BATCH, CLASSES))
    data.update(
        values2=rng.normal(size=(BATCH, 3)),
        inner_probabilities=rng.uniform(0.05, 0.95, size=(BATCH, 3)),
        column_probabilities=rng.uniform(0.05, 0.95, size=(BATCH, 1)),
        flat01=(rng.random(BATCH) > 0.5).astype(float),
        moderate_logits=moderate,
        softmax=activations.softmax(moderate),
        soft_rows=soft_rows / soft_rows.sum(axis=1, keepdims=True),
    )
    return data


@pytest.mark.parametrize("name, kwargs, true_key, pred_key", GRADIENT_CASES)
def test_gradient_matches_central_differences(data64, name, kwargs, true_key, pred_key):
    loss = nnlib_loss(name, kwargs)
    y_true, y_pred = data64[true_key], data64[pred_key]
    analytic = loss.gradient(y_true, y_pred)
    assert analytic.shape == y_pred.shape and analytic.dtype == np.float64
    numerical = numerical_gradient(lambda p: loss(y_true, p), y_pred)
    assert max_relative_error(analytic, numerical) < 1e-6


@pytest.mark.parametrize(
    "name, activation, y_key",
    [("binary_crossentropy", "sigmoid", "soft_binary"), ("categorical_crossentropy", "softmax", "one_hot"),
     ("sparse_categorical_crossentropy", "softmax", "labels")],
)
def test_fused_gradient_matches_central_differences_and_the_chain_rule(data64, name, activation, y_key):
    loss, f = losses.get(name), activations.get(activation)
    y_true = data64[y_key]
    z = data64["moderate_logits"] if activation == "softmax" else data64["values"]
    fused = loss.gradient_from_logits(y_true, z)
    numerical = numerical_gradient(lambda x: loss.value_from_logits(y_true, x), z)
    assert max_relative_error(fused, numerical) < 1e-6
    # Away from the clipping, the fused path equals activation backward of the loss gradient.
    chained = f.backward(z, f(z), loss.gradient(y_true, f(z)))
    assert max_relative_error(fused, chained) < 1e-6
    assert loss.value_from_logits(y_true, z) == pytest.approx(loss(y_true, f(z)), rel=1e-9)


@pytest.mark.parametrize(
    "name, function, y_key, p_key",
    [
        ("binary_crossentropy", "binary_crossentropy", "binary", "probabilities"),
        ("categorical_crossentropy", "categorical_crossentropy", "one_hot", "softmax"),
        ("sparse_categorical_crossentropy", "sparse_categorical_crossentropy", "labels", "softmax"),
    ],
)
def test_gradient_with_clipped_probabilities_matches_tensorflow(tf, keras, data64, name, function, y_key, p_key):
    """Where p is clipped (0, 1, 1e-9), the gradient is 0 there, as TensorFlow's autodiff says."""
    y_true, y_pred = data64[y_key], data64[p_key].copy()
    y_pred[1, 0] = 1e-9
    variable = tf.Variable(y_pred)
    with tf.GradientTape() as tape:
        value = tf.reduce_mean(getattr(keras.losses, function)(y_true, variable))
    expected = tape.gradient(value, variable).numpy()
    np.testing.assert_allclose(losses.get(name).gradient(y_true, y_pred), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["mse", "mae", "binary_crossentropy"])
def test_gradient_keeps_the_dtype(name, dtype):
    y = np.array([[0.0], [1.0]], dtype)
    p = np.array([[0.3], [0.6]], dtype)
    assert losses.get(name).gradient(y, p).dtype == dtype


# -- numerics ----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropies_are_finite_at_plus_minus_1000(dtype):
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0]], dtype)
    y_binary = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 0.0]], dtype)
    y_one_hot = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype)
    labels = np.array([1, 0])
    bce, cce, scce = (losses.get(n) for n in
                      ["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"])
    with np.errstate(all="raise"):
        results = [
            bce(y_binary, activations.sigmoid(z)), bce.gradient(y_binary, activations.sigmoid(z)),
            losses.BinaryCrossentropy(from_logits=True)(y_binary, z),
            bce.value_from_logits(y_binary, z), bce.gradient_from_logits(y_binary, z),
            cce(y_one_hot, activations.softmax(z)), cce.gradient(y_one_hot, activations.softmax(z)),
            losses.CategoricalCrossentropy(from_logits=True)(y_one_hot, z),
            cce.value_from_logits(y_one_hot, z), cce.gradient_from_logits(y_one_hot, z),
            scce(labels, activations.softmax(z)), scce.gradient(labels, activations.softmax(z)),
            losses.SparseCategoricalCrossentropy(from_logits=True)(labels, z),
            scce.value_from_logits(labels, z), scce.gradient_from_logits(labels, z),
        ]
    for result in results:
        assert np.all(np.isfinite(result))
    # From the logits, a confident wrong answer costs its full margin (no clipping at -log(1e-7)).
    assert bce.value_from_logits(np.array([[0.0]]), np.array([[1000.0]])) == pytest.approx(1000.0)
    # Row 0: 1000 - (-1000); row 1: log(e^1000 + e^1000) - (-1000) = 2000 + log 2.
    assert cce.value_from_logits(y_one_hot, z) == pytest.approx((2000.0 + 2000.0 + np.log(2)) / 2, rel=1e-6)
    assert bce(np.array([[0.0]]), np.array([[1.0]])) == pytest.approx(-np.log(1e-7), rel=1e-4)


# -- data checks -------------------------------------------------------------------


def assert_unchanged(before, *arrays):
    for old, new in zip(before, arrays):
        np.testing.assert_array_equal(old, new)


@pytest.mark.parametrize("labels", [np.array([0, 2, 1, 3]), np.array([[0], [2], [1], [3]])])
def test_integer_labels_for_categorical_crossentropy(labels):
    p = activations.softmax(np.zeros((4, 4), np.float32))
    before = (labels.copy(), p.copy())
    with pytest.raises(errors.DataError) as info:
        losses.get("categorical_crossentropy")(labels, p)
    message = str(info.value)
    assert "sparse_categorical_crossentropy" in message and "to_categorical" in message
    assert "num_classes=4" in message
    assert_unchanged(before, labels, p)


@pytest.mark.parametrize("targets", [[[0.0], [2.0]], [[-1.0], [1.0]]])
def test_binary_targets_outside_zero_one(targets):
    with pytest.raises(errors.DataError, match=r"\[0, 1\]"):
        losses.get("binary_crossentropy")(np.array(targets), np.array([[0.5], [0.5]]))
    with pytest.raises(errors.DataError, match=r"\[0, 1\]"):
        losses.get("bce").gradient_from_logits(np.array(targets), np.array([[0.5], [0.5]]))


@pytest.mark.parametrize(
    "labels, message",
    [([0, 4], "0..3"), ([-1, 0], "0..3"), ([0.5, 1.0], "whole-number")],
)
def test_sparse_labels_out_of_range(labels, message):
    with pytest.raises(errors.DataError, match=message):
        losses.get("sparse_categorical_crossentropy")(np.array(labels), np.full((2, 4), 0.25))


def test_one_hot_rows_for_sparse_crossentropy():
    with pytest.raises(errors.DataError, match="categorical_crossentropy") as info:
        losses.get("sparse_categorical_crossentropy")(np.eye(3), np.full((3, 3), 1 / 3))
    assert "argmax" in str(info.value)


def test_one_class_categorical_crossentropy():
    with pytest.raises(errors.DataError, match="binary_crossentropy"):
        losses.get("categorical_crossentropy")(np.ones((3, 1)), np.ones((3, 1)))


@pytest.mark.parametrize(
    "name, y_true, y_pred",
    [
        ("mse", np.zeros((4, 3)), np.zeros((4, 2))),
        ("mse", np.zeros(4), np.zeros((4, 3))),
        ("mae", np.zeros((5, 1)), np.zeros((4, 1))),
        ("binary_crossentropy", np.zeros(3), np.full((3, 2), 0.5)),
        ("categorical_crossentropy", np.zeros((3, 4)), np.full((3, 5), 0.2)),
        ("sparse_categorical_crossentropy", np.zeros(4), np.full((3, 5), 0.2)),
        ("categorical_crossentropy", np.zeros(4), np.full(4, 0.25)),
    ],
)
def test_shape_mismatch(name, y_true, y_pred):
    with pytest.raises(errors.ShapeError) as info:
        losses.get(name)(y_true, y_pred)
    assert str(y_pred.shape) in str(info.value)


def test_one_dimensional_targets_with_a_column_of_predictions_are_accepted():
    y, p = np.array([0.0, 1.0, 1.0]), np.array([[0.2], [0.7], [0.9]])
    mse = losses.get("mse")
    assert mse(y, p) == pytest.approx(mse(y[:, None], p))
    assert mse.gradient(y, p).shape == (3, 1)


@pytest.mark.parametrize(
    "name, y_true, y_pred, message",
    [
        ("mse", np.zeros((0, 2)), np.zeros((0, 2)), "empty"),
        ("mse", np.array([[np.nan]]), np.zeros((1, 1)), "NaN"),
        ("categorical_crossentropy", np.eye(2), np.zeros((2, 2)), "from_logits=True"),
    ],
)
def test_unusable_data(name, y_true, y_pred, message):
    with pytest.raises(errors.DataError, match=message):
        losses.get(name)(y_true, y_pred)


def test_losses_never_modify_their_inputs():
    for name, _, kwargs, true_key, pred_key in KERAS_CASES:
        y_true, y_pred = DATA[true_key].copy(), DATA[pred_key].copy()
        loss = nnlib_loss(name, kwargs)
        loss(y_true, y_pred), loss.gradient(y_true, y_pred), loss.per_sample(y_true, y_pred)
        assert_unchanged((DATA[true_key], DATA[pred_key]), y_true, y_pred)


# -- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "identifier, cls",
    [("mse", losses.MeanSquaredError), ("MSE", losses.MeanSquaredError),
     ("mean_squared_error", losses.MeanSquaredError), ("MeanSquaredError", losses.MeanSquaredError),
     ("mae", losses.MeanAbsoluteError), ("bce", losses.BinaryCrossentropy),
     ("Binary_Crossentropy", losses.BinaryCrossentropy), ("categorical_crossentropy", losses.CategoricalCrossentropy),
     ("SparseCategoricalCrossentropy", losses.SparseCategoricalCrossentropy)],
)
def test_get_resolves_keras_names(identifier, cls):
    assert type(losses.get(identifier)) is cls


def test_get_config_round_trip_and_instances():
    loss = losses.CategoricalCrossentropy(from_logits=True)
    assert losses.get(loss) is loss
    rebuilt = losses.get(loss.get_config())
    assert type(rebuilt) is losses.CategoricalCrossentropy and rebuilt.from_logits


def test_unknown_loss_name_suggests_the_closest():
    with pytest.raises(errors.UnknownNameError) as info:
        losses.get("categorical_crossentropyy")
    message = str(info.value)
    assert "Did you mean 'categorical_crossentropy'?" in message
    assert "mse" in message and "sparse_categorical_crossentropy" in message
    with pytest.raises(errors.UnknownNameError):
        losses.get(3)


def test_fuses_with():
    assert losses.get("binary_crossentropy").fuses_with("sigmoid")
    assert losses.get("binary_crossentropy").fuses_with(activations.sigmoid)
    assert losses.get("categorical_crossentropy").fuses_with("softmax")
    assert losses.get("sparse_categorical_crossentropy").fuses_with(activations.softmax)
    assert not losses.get("binary_crossentropy").fuses_with("softmax")
    assert not losses.get("categorical_crossentropy").fuses_with("sigmoid")
    assert not losses.get("mse").fuses_with("linear")
    with pytest.raises(errors.NNLibError, match="fuses_with"):
        losses.get("mse").value_from_logits(np.zeros((1, 1)), np.zeros((1, 1)))
