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
    # A zip that looks like a Keras file but holds no model (nnlib now reads Keras files).
    keras_like = tmp_path / "model.keras"
    with zipfile.ZipFile(keras_like, "w") as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("model.weights.h5", "")
    with pytest.raises(errors.ModelFileError, match="'name' and 'layers'.*corrupt"):
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
    def widen_hidden(document):
        for entry in document["model"]["config"]["layers"]:
            if entry["config"]["name"] == "hidden":
                entry["config"]["units"] = 9

    rewrite_document(path, widen_hidden)
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


# ----- files of earlier nnlib versions --------------------------------------------------------------


def write_format_1_file(path, model):
    """Write ``model`` as nnlib's format 1 did (nnlib's own layer dicts, metric names)."""
    import io

    weights = model.get_weights()
    labels = [f"{layer.name}/{name}" for layer in model.layers for name in layer.params]
    document = {
        "format": "nnlib.Sequential", "format_version": 1, "nnlib_version": "0.1.0",
        "model": {"name": model.name, "input_shape": list(model.input_shape[1:]),
                  "layers": [{"class_name": type(layer).__name__, "config": layer.get_config()}
                             for layer in model.layers]},
        "compile": {"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.02}},
                    "loss": {"name": "sparse_categorical_crossentropy", "from_logits": False},
                    "metrics": ["accuracy"]},
        "weights": [{"name": label, "shape": list(w.shape), "dtype": str(w.dtype), "file": f"weights/{i:03d}.npy"}
                    for i, (label, w) in enumerate(zip(labels, weights))],
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("nnlib_model.json", json.dumps(document))
        for entry, array in zip(document["weights"], weights):
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            archive.writestr(entry["file"], buffer.getvalue())


@pytest.mark.parametrize("name", ["old.nnlib", "old.keras"])
def test_format_1_files_still_load(tmp_path, name):
    """Files of nnlib's first format load, also under ".keras" (load_model reads the content)."""
    model, x, y = trained_model()
    write_format_1_file(tmp_path / name, model)
    loaded = load_model(tmp_path / name)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.layers[1].kernel_regularizer.l2 == 0.01 and loaded.metrics_names == ["loss", "accuracy"]
    assert loaded.optimizer.learning_rate == 0.02
    model.set_weights([np.zeros_like(w) for w in model.get_weights()])
    model.load_weights(tmp_path / name)  # load_weights reads nnlib model files too
    np.testing.assert_array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))


# ----- nothing is lost -------------------------------------------------------------------------------


class Unsaveable(Layer):
    """A layer whose settings cannot be written as JSON."""

    def forward(self, x, training=False):
        return x

    def backward(self, grad_output):
        return grad_output

    def get_config(self):
        return {**super().get_config(), "callback": object()}


@pytest.mark.parametrize("name", ["m.nnlib", "m.keras"])
def test_a_failed_save_leaves_the_old_file_and_no_temporary_one(tmp_path, name):
    good = Sequential([Dense(2, input_dim=3)])
    good.save(tmp_path / name)
    before = (tmp_path / name).read_bytes()
    with pytest.raises(TypeError, match="get_config"):
        Sequential([Dense(2, input_dim=3), Unsaveable()]).save(tmp_path / name)
    assert (tmp_path / name).read_bytes() == before
    assert os.listdir(tmp_path) == [name]


def test_overwrite_false_refuses_to_replace(tmp_path):
    model = Sequential([Dense(2, input_dim=3)])
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(FileExistsError, match="overwrite"):
        model.save_weights(tmp_path / "w.weights.h5", overwrite=False)


@pytest.fixture
def weights_file(tmp_path):
    model = Sequential([Input(shape=(3,)), Dense(4, activation="relu"), Dense(2)], seed=1)
    path = tmp_path / "model.weights.h5"
    model.save_weights(path)
    return model, path


def assert_unchanged(model, before):
    for a, b in zip(model.get_weights(), before):
        np.testing.assert_array_equal(a, b)


def test_wrong_architecture_names_layers_and_shapes_and_changes_nothing(weights_file):
    _, path = weights_file
    other = Sequential([Input(shape=(3,)), Dense(4, activation="relu"), Dense(5)], seed=2)
    before = other.get_weights()
    with pytest.raises(errors.ModelFileError, match=r"(?s)no weight was changed.*layers/dense_1.*\(4, 5\).*\(4, 2\)"):
        other.load_weights(path)
    assert_unchanged(other, before)
    longer = Sequential([Input(shape=(3,)), Dense(4), Dense(2), Dense(2)], seed=2)
    before = longer.get_weights()
    with pytest.raises(errors.ModelFileError, match=r"(?s)layers/dense_2.*received 0"):
        longer.load_weights(path)
    assert_unchanged(longer, before)
    shorter = Sequential([Input(shape=(3,)), Dense(4)], seed=2)
    with pytest.raises(errors.ModelFileError, match="layers the model does not have: layers/dense_1"):
        shorter.load_weights(path)


@pytest.mark.parametrize("content", [b"", b"not an hdf5 file at all", b"\x89HDF\r\n\x1a\n" + b"\x00" * 50])
def test_corrupt_weights_file_changes_nothing(weights_file, content):
    model, path = weights_file
    path.write_bytes(content)
    before = model.get_weights()
    with pytest.raises(errors.ModelFileError, match="model.weights.h5"):
        model.load_weights(path)
    assert_unchanged(model, before)


def test_foreign_hdf5_file(weights_file):
    import h5py

    model, path = weights_file
    with h5py.File(path, "w") as h5:
        h5["model_weights/dense/kernel:0"] = np.zeros((3, 4))  # tf.keras 2's layout
    with pytest.raises(errors.ModelFileError, match="not in Keras 3's weights layout"):
        model.load_weights(path)


def test_skip_mismatch_loads_the_layers_that_fit(weights_file):
    model, path = weights_file
    other = Sequential([Input(shape=(3,)), Dense(4, activation="relu"), Dense(5)], seed=2)
    kept = other.layers[1].get_weights()
    with pytest.warns(UserWarning, match=r"Skipping the weights of layer .*layers/dense_1"):
        other.load_weights(path, skip_mismatch=True)
    np.testing.assert_array_equal(other.layers[0].get_weights()[0], model.layers[0].get_weights()[0])
    np.testing.assert_array_equal(other.layers[1].get_weights()[0], kept[0])


def test_npz_weights_need_only_numpy(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "h5py", None)  # as if h5py were not installed
    model = Sequential([Input(shape=(3,)), Dense(4), Dropout(0.5), Dense(2)], seed=0)
    model.save_weights(tmp_path / "m.weights.npz")
    other = Sequential([Input(shape=(3,)), Dense(4), Dropout(0.5), Dense(2)], seed=1)
    other.load_weights(tmp_path / "m.weights.npz")
    assert_unchanged(other, model.get_weights())
    with pytest.raises(ImportError, match="pip install h5py"):
        model.save_weights(tmp_path / "m.weights.h5")
    with pytest.raises(ImportError, match="pip install h5py"):
        model.save(tmp_path / "m.keras")
    assert sorted(os.listdir(tmp_path)) == ["m.weights.npz"]
    model.save(tmp_path / "m.nnlib")  # nnlib's model file needs no h5py either
    np.testing.assert_array_equal(load_model(tmp_path / "m.nnlib").get_weights()[0], model.get_weights()[0])


def test_weights_file_names(tmp_path):
    model = Sequential([Dense(2, input_dim=3)])
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        model.save_weights(tmp_path / "w.h5")
    with pytest.raises(ValueError, match="save_weights"):
        model.save(tmp_path / "w.weights.h5")
    with pytest.raises(errors.NotBuiltError):
        Sequential([Dense(2)]).save_weights(tmp_path / "w.weights.h5")
    assert os.listdir(tmp_path) == []


# ----- to_json, your own objects -------------------------------------------------------------------


# (the clean_registry fixture is in tests/conftest.py)


def test_to_json_round_trip_keeps_settings():
    from nnlib import activations
    from nnlib.models import model_from_json

    model = Sequential([
        Input(shape=(4,)),
        Dense(3, activation=activations.relu.with_options(max_value=6.0), use_bias=False,
              kernel_initializer=initializers.RandomNormal(stddev=0.3, seed=5),
              bias_regularizer=regularizers.L1L2(l1=0.1, l2=0.2)),
        Dropout(0.1),
        Activation("sigmoid"),
    ], name="mine")
    text = model.to_json()
    rebuilt = model_from_json(text)
    assert rebuilt.to_json() == text and rebuilt.name == "mine" and not rebuilt.compiled
    dense = rebuilt.layers[0]
    assert dense.activation.max_value == 6.0 and not dense.use_bias
    assert dense.kernel_initializer.stddev == 0.3 and dense.kernel_initializer.seed == 5
    assert dense.bias_regularizer.l2 == 0.2
    with pytest.raises(errors.ModelFileError, match="JSON"):
        model_from_json("{not json")


def test_own_layer_loss_and_metric_by_registration_or_custom_objects(tmp_path, clean_registry):
    from nnlib import losses
    from nnlib.saving import register_keras_serializable

    @register_keras_serializable(package="course")
    class Scale(Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def forward(self, x, training=False):
            return self.factor * x

        def backward(self, grad_output):
            return self.factor * grad_output

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    class HalfSquaredError(losses.MeanSquaredError):
        name = "half_squared_error"

        def __call__(self, y_true, y_pred, *args, **kwargs):
            return 0.5 * super().__call__(y_true, y_pred, *args, **kwargs)

    model = Sequential([Dense(2, input_dim=3), Scale(3.0)], seed=0)
    model.compile(optimizer="sgd", loss=HalfSquaredError(), metrics=["mae"])
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    for name in ("m.nnlib", "m.keras"):
        model.save(tmp_path / name)
        with pytest.raises(errors.ModelFileError, match="HalfSquaredError"):
            load_model(tmp_path / name)
        loaded = load_model(tmp_path / name, custom_objects={"HalfSquaredError": HalfSquaredError})
        assert isinstance(loaded.layers[1], Scale) and loaded.layers[1].factor == 3.0
        assert isinstance(loaded.loss, HalfSquaredError)
        np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    config = json.loads(model.to_json())
    assert config["config"]["layers"][2]["registered_name"] == "course>Scale"


def test_custom_object_scope_and_registry_lookups(clean_registry):
    from nnlib.saving import custom_object_scope, get_registered_object

    class Tiny(regularizers.Regularizer):
        name = "tiny"

    with custom_object_scope({"Tiny": Tiny}):
        assert isinstance(regularizers.get("Tiny"), Tiny)
        assert get_registered_object("Tiny") is Tiny
    assert get_registered_object("Tiny") is None
    with pytest.raises(errors.UnknownNameError):
        regularizers.get("Tiny")


def test_keras_only_settings_are_refused_unless_neutral():
    from nnlib.models import model_from_json

    def dense_json(**settings):
        layer = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2, **settings}}
        return json.dumps({"class_name": "Sequential", "config": {"name": "s", "layers": [layer]}})

    assert model_from_json(dense_json(trainable=True, kernel_constraint=None)).layers[0].units == 2
    with pytest.raises(errors.ModelFileError, match=r"no weight constraints.*'NonNeg'"):
        model_from_json(dense_json(kernel_constraint={"module": "keras.constraints", "class_name": "NonNeg",
                                                      "config": {}}))
    with pytest.raises(errors.ModelFileError, match="Functional"):
        model_from_json(json.dumps({"class_name": "Functional", "config": {}}))
