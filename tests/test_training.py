"""End-to-end training: real data and the classic XOR, fast and reproducible."""

import numpy as np

from nnlib.datasets import load_digits, standardize, train_test_split
from nnlib.layers import Dense
from nnlib.models import Sequential


def digits_split():
    x, y = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, seed=0, stratify=y)
    x_train, x_test = standardize(x_train, x_test)
    return x_train.astype(np.float32), x_test.astype(np.float32), y_train, y_test


def test_digits_mlp_reaches_96_percent_in_seconds():
    x_train, x_test, y_train, y_test = digits_split()
    model = Sequential([Dense(32, activation="relu", input_shape=(64,)), Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=50, batch_size=32, verbose=0)  # about 0.2 s (no timing test)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    assert accuracy >= 0.96, accuracy
    assert history.history["accuracy"][-1] > 0.99


def test_digits_with_one_hot_labels_and_validation():
    from nnlib.utils import to_categorical

    x_train, x_test, y_train, y_test = digits_split()
    model = Sequential([Dense(32, activation="tanh", input_dim=64), Dense(10, activation="softmax")], seed=1)
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    validation = (x_test, to_categorical(y_test, 10))
    history = model.fit(x_train, to_categorical(y_train, 10), epochs=15, validation_data=validation, verbose=0)
    assert history.history["val_accuracy"][-1] >= 0.94


def test_xor_is_learned():
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0], dtype=np.float32)
    model = Sequential([Dense(8, activation="tanh", input_dim=2), Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=1000, batch_size=4, verbose=0)
    assert history.history["accuracy"][-1] == 1.0
    np.testing.assert_array_equal(model.predict(x, verbose=0).round().ravel(), y)


def test_same_seed_same_history_on_digits():
    x_train, _, y_train, _ = digits_split()

    def run():
        model = Sequential([Dense(16, activation="relu", input_shape=(64,)), Dense(10, activation="softmax")], seed=5)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model.fit(x_train, y_train, epochs=3, validation_split=0.1, verbose=0).history

    assert run() == run()
