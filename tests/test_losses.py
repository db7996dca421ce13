"""Tests of nnlib.losses: Keras values, gradients, the fused logits path, stability, data checks,
and the compiled loss with sample weights (nnlib.models.output_loss) against Keras's evaluate and fit."""

import numpy as np
import pytest

from nnlib import activations, errors, losses, optimizers
from nnlib.layers import Dense
from nnlib.models import Sequential
from nnlib.models.output_loss import OutputLoss
from nnlib.models.passes import forward

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


# -- the compiled loss with sample weights (nnlib.models.output_loss) ------------------

# (loss, output activation, units): fused plain, fused with smoothing / ignored class /
# reduction "sum" (the loss's own logits methods), and not fused.
OUTPUT_CASES = [
    ("sparse_categorical_crossentropy", {}, "softmax", 3),
    ("categorical_crossentropy", {}, "softmax", 3),
    ("binary_crossentropy", {}, "sigmoid", 2),
    ("categorical_crossentropy", {"label_smoothing": 0.2}, "softmax", 3),
    ("binary_crossentropy", {"label_smoothing": 0.1}, "sigmoid", 2),
    ("sparse_categorical_crossentropy", {"ignore_class": 2}, "softmax", 3),
    ("binary_crossentropy", {"reduction": "sum"}, "sigmoid", 2),
    ("categorical_crossentropy", {"reduction": "mean_with_sample_weight"}, "softmax", 3),
    ("mean_squared_error", {}, "linear", 2),
    ("mean_squared_error", {"reduction": None}, "tanh", 2),
    ("huber", {"delta": 0.5}, "linear", 2),
]
KERAS_CLASS = {"sparse_categorical_crossentropy": "SparseCategoricalCrossentropy", "huber": "Huber",
               "categorical_crossentropy": "CategoricalCrossentropy", "binary_crossentropy": "BinaryCrossentropy",
               "mean_squared_error": "MeanSquaredError"}


def output_problem(name, units, rng):
    x = rng.normal(size=(6, 3)).astype(np.float32)
    labels = rng.integers(0, units, 6)
    y = {"sparse_categorical_crossentropy": labels, "categorical_crossentropy": np.eye(units, dtype=np.float32)[labels],
         "binary_crossentropy": (rng.random((6, units)) > 0.5).astype(np.float32)}.get(
        name, rng.normal(size=(6, units)).astype(np.float32))
    return x, y


def pair(keras, name, kwargs, activation, units):
    keras.utils.set_random_seed(1)
    keras_model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, activation=activation,
                                                                          bias_initializer="random_normal")])
    keras_model.compile(optimizer=keras.optimizers.SGD(0.1), loss=getattr(keras.losses, KERAS_CLASS[name])(**kwargs))
    model = Sequential([Dense(units, activation=activation)])
    model.build((None, 3))
    model.set_weights(keras_model.get_weights())
    model.compile(optimizer="sgd", loss={"name": name, **kwargs})
    return keras_model, model


@pytest.mark.parametrize("name, kwargs, activation, units", OUTPUT_CASES)
def test_output_loss_with_sample_weights_matches_keras_evaluate(keras, name, kwargs, activation, units):
    """OutputLoss.value/value_and_delta give what Keras's compiled loss gives in evaluate:
    sum(w * loss_i) / B for the default reduction (not divided by sum(w)), and the gradient of that."""
    rng = np.random.default_rng(4)
    x, y = output_problem(name, units, rng)
    keras_model, model = pair(keras, name, kwargs, activation, units)
    output_loss = OutputLoss(model.loss, model._layers[-1])
    assert output_loss.fused == (activation in ("softmax", "sigmoid"))
    weights = np.array([1.0, 2.0, 0.0, 0.5, 3.0, 1.0], np.float32)
    for w in (None, weights):
        output = forward(model._layers, x)
        logits = model._layers[-1].logits if output_loss.fused else None
        expected = keras_model.evaluate(x, y, sample_weight=w, batch_size=6, verbose=0)
        value = output_loss.value(y, output, logits, w)
        value_2, delta = output_loss.value_and_delta(y, output, logits, w)
        assert isinstance(value, float) and value == pytest.approx(expected, rel=2e-5)
        assert value_2 == pytest.approx(value, rel=1e-6)
        # delta is d value / d (logits when fused, else outputs), checked in float64
        at = (logits if output_loss.fused else output).astype(np.float64)
        y64 = y if y.dtype.kind == "i" else y.astype(np.float64)
        w64 = None if w is None else w.astype(np.float64)
        activation_fn = model._layers[-1].activation

        def value_at(v):
            out = activation_fn(v) if output_loss.fused else v
            return output_loss.value(y64, out, v if output_loss.fused else None, w64)

        numerical = numerical_gradient(value_at, at.copy(), h=1e-6)
        _, delta64 = output_loss.value_and_delta(y64, activation_fn(at) if output_loss.fused else at,
                                                 at if output_loss.fused else None, w64)
        np.testing.assert_allclose(delta64, numerical, rtol=1e-5, atol=1e-8)
        assert delta.dtype == np.float32 and delta.shape == output.shape


@pytest.mark.parametrize("name, kwargs, activation, units",
                         [OUTPUT_CASES[0], OUTPUT_CASES[2], OUTPUT_CASES[3], OUTPUT_CASES[8]])
def test_one_weighted_sgd_step_matches_keras_fit(keras, name, kwargs, activation, units):
    """fit(sample_weight=...) moves the weights as Keras's fit does (one full-batch SGD step)."""
    rng = np.random.default_rng(5)
    x, y = output_problem(name, units, rng)
    keras_model, model = pair(keras, name, kwargs, activation, units)
    model.compile(optimizer=optimizers.SGD(0.1), loss=model.loss)
    weights = np.array([1.0, 2.0, 0.0, 0.5, 3.0, 1.0], np.float32)
    keras_model.fit(x, y, sample_weight=weights, batch_size=6, epochs=1, shuffle=False, verbose=0)
    model.fit(x, y, sample_weight=weights, batch_size=6, epochs=1, shuffle=False, verbose=0)
    for ours, theirs in zip(model.get_weights(), keras_model.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_output_loss_fast_path_only_for_the_plain_case():
    layer = Dense(3, activation="softmax")
    assert OutputLoss(losses.get("categorical_crossentropy"), layer).plain
    assert not OutputLoss(losses.CategoricalCrossentropy(label_smoothing=0.1), layer).plain
    assert not OutputLoss(losses.SparseCategoricalCrossentropy(ignore_class=0), layer).plain
    assert not OutputLoss(losses.CategoricalCrossentropy(reduction="sum"), layer).plain
    assert OutputLoss(losses.CategoricalCrossentropy(reduction=None), layer).plain


# -- your own loss in fit ----------------------------------------------------------------


class MeanSquaredErrorByHand(losses.Loss):
    """Keras-style subclass: call() gives one value per sample; call_backward() chains dL/d(values)."""

    def call(self, y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def call_backward(self, y_true, y_pred, grad_values):
        return grad_values[:, None] * 2 * (y_pred - y_true) / y_pred.shape[-1]


class MeanSquaredErrorWithoutBackward(losses.Loss):
    def call(self, y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2, axis=-1)


def regression_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 3))
    return x, x @ np.array([[1.0], [-2.0], [0.5]])


def test_a_subclassed_loss_with_call_backward_trains_like_the_built_in():
    x, y = regression_data()
    histories = []
    for loss in (MeanSquaredErrorByHand(), "mse"):
        model = Sequential([Dense(1)], seed=0)
        model.compile(optimizer="sgd", loss=loss)
        histories.append(model.fit(x, y, epochs=3, verbose=0, shuffle=False,
                                   sample_weight=np.linspace(0.5, 2, 20)).history["loss"])
    np.testing.assert_allclose(histories[0], histories[1], rtol=1e-6)


def test_fit_with_a_subclassed_loss_without_call_backward_fails_clearly_and_changes_nothing():
    x, y = regression_data()
    model = Sequential([Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss=MeanSquaredErrorWithoutBackward())
    model.build((None, 3))
    before = model.get_weights()
    assert model.evaluate(x, y, verbose=0) > 0  # evaluating needs no gradient
    with pytest.raises(errors.MissingGradientError, match="call_backward"):
        model.fit(x, y, epochs=1, verbose=0)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
