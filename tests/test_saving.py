"""Tests of model.save / nnlib.models.load_model, including broken files."""

import json
import os
import zipfile

import numpy as np
import pytest

from nnlib import errors, initializers, optimizers, regularizers
from nnlib.layers import Activation, Dense, Dropout, Flatten, Input, Layer
from nnlib.models import Sequential, load_model


def trained_model():
    model = Sequential([
        Input(shape=(2, 3)),
        Flatten(),
        Dense(8, activation="tanh", kernel_regularizer=regularizers.L2(0.01),
              kernel_initializer=initializers.HeNormal(), name="hidden"),
        Dropout(0.25, seed=3),
        Dense(3),
        Activation("softmax"),
    ], seed=0)
    model.compile(optimizer=optimizers.Adam(learning_rate=0.02), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((30, 2, 3)).astype(np.float32)
    y = rng.integers(0, 3, 30)
    model.fit(x, y, epochs=2, verbose=0)
    return model, x, y


@pytest.fixture
def saved(tmp_path):
    model, x, y = trained_model()
    path = tmp_path / "model.nnlib"
    model.save(path)
    return model, x, y, path


def test_round_trip_keeps_architecture_weights_and_compile_settings(saved):
    model, x, y, path = saved
    loaded = load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers] == ["Flatten", "Dense", "Dropout", "Dense", "Activation"]
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))
    assert loaded.evaluate(x, y, verbose=0) == model.evaluate(x, y, verbose=0)
    assert isinstance(loaded.optimizer, optimizers.Adam) and loaded.optimizer.learning_rate == 0.02
    assert loaded.loss.name == "sparse_categorical_crossentropy" and loaded.metrics_names == ["loss", "accuracy"]
    hidden = loaded.layers[1]
    assert hidden.kernel_regularizer.l2 == 0.01 and hidden.activation.name == "tanh"
    assert isinstance(hidden.kernel_initializer, initializers.HeNormal)
    assert loaded.layers[2].rate == 0.25
    loaded.fit(x, y, epochs=1, verbose=0)  # and it trains on


def test_load_without_compile(saved):
    _, _, _, path = saved
    assert not load_model(path, compile=False).compiled


def test_uncompiled_model_round_trip(tmp_path):
    model = Sequential([Dense(2, input_dim=3)])
    model.save(tmp_path / "m.nnlib")
    loaded = load_model(tmp_path / "m.nnlib")
    assert not loaded.compiled and loaded.input_shape == (None, 3)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="No model file"):
        load_model(tmp_path / "nope.nnlib")


def test_truncated_file(saved):
    _, _, _, path = saved
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(errors.ModelFileError, match="truncated or corrupt"):
        load_model(path)


def test_corrupted_bytes(saved):
    _, _, _, path = saved
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("weights/000.npy")
    data[info.header_offset + 100] ^= 0xFF  # inside the first weight array
    path.write_bytes(bytes(data))
    with pytest.raises(errors.ModelFileError, match="corrupt"):
        load_model(path)


def test_not_a_model_file(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(errors.ModelFileError, match="not a complete zip"):
        load_model(text)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(errors.ModelFileError, match="not an nnlib model file"):
        load_model(other)
    keras_like = tmp_path / "model.keras"
    with zipfile.ZipFile(keras_like, "w") as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("model.weights.h5", "")
    with pytest.raises(errors.ModelFileError, match="Keras model file"):
        load_model(keras_like)


def rewrite_document(path, change):
    """Rewrite nnlib_model.json inside the archive with ``change(document)``."""
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    document = json.loads(contents["nnlib_model.json"])
    change(document)
    contents["nnlib_model.json"] = json.dumps(document).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in contents.items():
            archive.writestr(name, blob)


def test_newer_format_version(saved):
    _, _, _, path = saved
    rewrite_document(path, lambda d: d.update(format_version=99, nnlib_version="9.0"))
    with pytest.raises(errors.ModelFileError, match="format 99.*Upgrade nnlib"):
        load_model(path)


def test_weights_that_do_not_fit_the_architecture(saved):
    _, _, _, path = saved
    rewrite_document(path, lambda d: d["model"]["layers"][1]["config"].update(units=9))
    with pytest.raises(errors.ModelFileError, match=r"hidden/kernel.*\(6, 9\).*\(6, 8\)"):
        load_model(path)


def test_unknown_layer_class_and_custom_objects(tmp_path):
    class Double(Layer):
        def forward(self, x, training=False):
            return 2 * x

        def backward(self, grad_output):
            return 2 * grad_output

    model = Sequential([Dense(2, input_dim=3), Double()])
    path = tmp_path / "custom.nnlib"
    model.save(path)
    with pytest.raises(errors.ModelFileError, match="custom_objects"):
        load_model(path)
    loaded = load_model(path, custom_objects={"Double": Double})
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_invalid_json(saved):
    _, _, _, path = saved
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    contents["nnlib_model.json"] = b"{not json"
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in contents.items():
            archive.writestr(name, blob)
    with pytest.raises(errors.ModelFileError, match="not valid JSON"):
        load_model(path)


def test_save_of_an_unbuilt_model_writes_nothing(tmp_path):
    with pytest.raises(errors.NotBuiltError):
        Sequential([Dense(2)]).save(tmp_path / "m.nnlib")
    assert os.listdir(tmp_path) == []
