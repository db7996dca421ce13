"""nnlib against Keras: same weights and data give the same numbers.

For random Dense stacks (activations, losses, L1/L2 penalties) the predictions, the
losses and the gradients (tf.GradientTape) agree; training with each optimizer for
20 full-batch steps gives the same loss curve (History) and the same weights; and a
typical Keras program runs unchanged on nnlib once its imports are rewritten.
For speed, Keras evaluates eagerly (run_eagerly=True) and is trained from a
``tf.data.Dataset`` holding the one full batch (the same steps as arrays with
batch_size=n and shuffle=False, without Keras's per-epoch array handling).
"""

import textwrap

import numpy as np
import pytest

import nnlib
from nnlib import optimizers, regularizers
from nnlib.layers import Dense
from nnlib.models import Sequential

HIDDEN_ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear"]
LOSS_OUTPUTS = {
    "mse": ["linear", "tanh", "sigmoid"],
    "mae": ["linear", "tanh"],
    "binary_crossentropy": ["sigmoid"],
    "categorical_crossentropy": ["softmax"],
    "sparse_categorical_crossentropy": ["softmax"],
}


def random_problem(seed):
    """A random architecture and data: (layer specs, loss, x, y)."""
    rng = np.random.default_rng(seed)
    n_in = int(rng.integers(2, 7))
    loss = list(LOSS_OUTPUTS)[seed % len(LOSS_OUTPUTS)]
    widths = [int(w) for w in rng.integers(2, 9, size=int(rng.integers(1, 4)))]
    n_out = 1 if loss == "binary_crossentropy" and seed % 2 else int(rng.integers(2, 5))
    specs = [(w, str(rng.choice(HIDDEN_ACTIVATIONS))) for w in widths]
    specs.append((n_out, str(rng.choice(LOSS_OUTPUTS[loss]))))
    penalties = [(None, 0.0), ("l2", 0.01), ("l1", 0.005)]
    specs = [(w, act, penalties[(seed + i) % 3]) for i, (w, act) in enumerate(specs)]
    x = rng.standard_normal((32, n_in)).astype(np.float32)
    if loss in ("mse", "mae"):
        y = rng.standard_normal((32, n_out)).astype(np.float32)
    elif loss == "binary_crossentropy":
        y = rng.integers(0, 2, (32, n_out)).astype(np.float32)
    elif loss == "categorical_crossentropy":
        y = np.eye(n_out, dtype=np.float32)[rng.integers(0, n_out, 32)]
    else:
        y = rng.integers(0, n_out, 32)
    return n_in, specs, loss, x, y


def make_pair(keras, n_in, specs, seed=0):
    """The same architecture in Keras and nnlib, with the Keras weights copied into nnlib."""
    keras.utils.set_random_seed(seed)
    keras_layers, nnlib_layers = [keras.Input((n_in,))], []
    for units, activation, (penalty, factor) in specs:
        keras_reg = nnlib_reg = None
        if penalty == "l2":
            keras_reg, nnlib_reg = keras.regularizers.L2(factor), regularizers.L2(factor)
        elif penalty == "l1":
            keras_reg, nnlib_reg = keras.regularizers.L1(factor), regularizers.L1(factor)
        keras_layers.append(keras.layers.Dense(units, activation=activation, kernel_regularizer=keras_reg,
                                               bias_initializer="random_normal"))
        nnlib_layers.append(Dense(units, activation=activation, kernel_regularizer=nnlib_reg))
    keras_model = keras.Sequential(keras_layers)
    nnlib_model = Sequential(nnlib_layers)
    nnlib_model.build((None, n_in))
    nnlib_model.set_weights(keras_model.get_weights())
    return keras_model, nnlib_model


def relative_error(expected, found):
    expected, found = np.asarray(expected, dtype=np.float64), np.asarray(found, dtype=np.float64)
    return float(np.max(np.abs(expected - found)) / max(np.max(np.abs(expected)), 1e-6))


@pytest.mark.parametrize("seed", range(10))
def test_predictions_losses_and_gradients_match(keras, tf, seed):
    n_in, specs, loss, x, y = random_problem(seed)
    keras_model, nnlib_model = make_pair(keras, n_in, specs, seed)
    keras_model.compile(optimizer="sgd", loss=loss, run_eagerly=True)
    nnlib_model.compile(optimizer="sgd", loss=loss)

    assert relative_error(keras_model.predict(x, verbose=0), nnlib_model.predict(x, verbose=0)) < 1e-5
    keras_loss = keras_model.evaluate(x, y, batch_size=len(x), verbose=0)
    assert relative_error(keras_loss, nnlib_model.evaluate(x, y, batch_size=len(x), verbose=0)) < 1e-5

    with tf.GradientTape() as tape:
        y_pred = keras_model(x, training=True)
        total = keras_model.compute_loss(x=x, y=y, y_pred=y_pred)  # includes the penalties
    keras_grads = tape.gradient(total, keras_model.trainable_weights)
    assert relative_error(float(total), nnlib_model.evaluate(x, y, verbose=0)) < 1e-5
    for keras_grad, nnlib_grad in zip(keras_grads, nnlib_model.gradients(x, y)):
        assert relative_error(keras_grad.numpy(), nnlib_grad) < 1e-4


OPTIMIZERS = [
    ("SGD", {}),
    ("SGD", {"learning_rate": 0.1}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.8, "nesterov": True}),
    ("Adagrad", {}),
    ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.8}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99}),
]


@pytest.mark.parametrize("name, settings", OPTIMIZERS)
def test_training_matches_keras_fit(keras, tf, name, settings):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((48, 5)).astype(np.float32)
    labels = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(np.int64) + (x[:, 3] > 1)
    specs = [(8, "tanh", ("l2", 0.01)), (6, "relu", (None, 0.0)), (3, "softmax", (None, 0.0))]
    keras_model, nnlib_model = make_pair(keras, 5, specs, seed=3)
    start = nnlib_model.get_weights()
    keras_model.compile(optimizer=getattr(keras.optimizers, name)(**settings),
                        loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    nnlib_model.compile(optimizer=getattr(optimizers, name)(**settings),
                        loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    full_batch = tf.data.Dataset.from_tensors((x, labels))
    keras_history = keras_model.fit(full_batch, epochs=20, shuffle=False, verbose=0).history
    nnlib_history = nnlib_model.fit(x, labels, batch_size=len(x), epochs=20, shuffle=False, verbose=0).history

    assert relative_error(keras_history["loss"], nnlib_history["loss"]) < 1e-5
    np.testing.assert_allclose(nnlib_history["accuracy"], keras_history["accuracy"], atol=1e-6)
    for before, keras_w, nnlib_w in zip(start, keras_model.get_weights(), nnlib_model.get_weights()):
        keras_change, nnlib_change = keras_w - before, nnlib_w - before
        assert relative_error(keras_change, nnlib_change) < 1e-3
    assert nnlib_history["loss"][-1] < nnlib_history["loss"][0]


KERAS_PROGRAM = textwrap.dedent('''
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense, Dropout
    from keras.callbacks import EarlyStopping
    from keras.utils import to_categorical
    from keras import regularizers

    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 600)                                   # 3 classes
    centres = rng.standard_normal((3, 8)) * 2
    x = (centres[y] + rng.standard_normal((600, 8))).astype("float32")

    model = Sequential()
    model.add(Dense(10, input_dim=8, activation="relu", kernel_regularizer=regularizers.l2(0.01)))
    model.add(Dropout(0.2))
    model.add(Dense(3, activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, to_categorical(y), epochs=10, batch_size=16, validation_split=0.2,
                        callbacks=[EarlyStopping(monitor="val_loss", patience=3)], verbose=0)
    loss, accuracy = model.evaluate(x, to_categorical(y), verbose=0)
    probabilities = model.predict(x[:5], verbose=0)

    is_bright = rng.integers(0, 2, 300).astype("float32")
    images = (rng.standard_normal((300, 64)) + 0.3 * (2 * is_bright[:, None] - 1)).astype("float32")
    binary = Sequential([Dense(16, activation="tanh", input_shape=(64,)), Dense(1, activation="sigmoid")])
    binary.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    binary.fit(images, is_bright, epochs=6, batch_size=16, verbose=0)
    binary_accuracy = binary.evaluate(images, is_bright, verbose=0)[1]
''')


def run_program(text):
    namespace = {}
    exec(compile(text, "<program>", "exec"), namespace)  # noqa: S102 (our own test program)
    return namespace


def test_a_keras_program_runs_on_nnlib_by_changing_its_imports(keras):
    keras.utils.set_random_seed(0)
    with pytest.warns(UserWarning):  # Keras 3 prefers Input(shape) to input_dim=/input_shape=
        with_keras = run_program(KERAS_PROGRAM)
    with_nnlib = run_program(KERAS_PROGRAM.replace("keras", "nnlib"))
    assert type(with_nnlib["model"]) is nnlib.models.Sequential
    for result in (with_keras, with_nnlib):
        assert result["probabilities"].shape == (5, 3)
        np.testing.assert_allclose(result["probabilities"].sum(axis=1), 1, rtol=1e-5)
        assert set(result["history"].history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
        assert result["accuracy"] > 0.8 and result["binary_accuracy"] > 0.8
    assert abs(with_keras["accuracy"] - with_nnlib["accuracy"]) < 0.1
    assert abs(with_keras["binary_accuracy"] - with_nnlib["binary_accuracy"]) < 0.1
