"""Real Keras tutorials, quoted, run on nnlib with only their imports changed (issue 14).

Each program in ``tests/tutorials/`` quotes the code cells of a published tutorial or book
notebook (``<name>.orig.py`` holds the cells as published; ``tests/tutorials/README.md``
names the source, the commit and the licence). The quote differs from the original only
in lines that end with a ``# changed: ...`` comment: the imports (``import nnlib as
keras``, ...), the dataset download (replaced by ``_data``'s seeded local arrays of the
same per-sample shapes and dtypes) and, where 2 cores need it, fewer samples or epochs.
``test_quote_is_faithful`` checks that, line by line.

Each ``test_<name>`` executes the program in a temporary directory (files it saves stay
out of the repository) after ``nnlib.utils.set_random_seed(0)``, as the tutorial would
run after ``keras.utils.set_random_seed(0)``, and checks the namespace it leaves: the
history has the keys and lengths the program implies, the loss fell, the model beats
chance on held-out data, saved models predict as the originals. Where a Keras run is
cheap, the same program with its original imports (and the same local data) runs on the
installed Keras and both must learn about as well (not the same numbers: the weights are
drawn differently). The chapter 4 notebook's Reuters and housing sections run, as in the
notebook, after its IMDB section, which defines the imports and ``multi_hot_encode`` they use.
"""

import difflib
import math
import re
from pathlib import Path

import numpy as np
import pytest

import nnlib

TUTORIALS = Path(__file__).parent / "tutorials"
PROGRAMS = [
    "dlwp_ch02_first_mnist",
    "dlwp_ch04_imdb",
    "dlwp_ch04_reuters",
    "dlwp_ch04_california_housing",
    "dlwp_ch05_regularization",
    "tf_classification",
    "tf_save_and_load",
]
CHANGED = "# changed:"
IMPORT_CHANGE = re.compile(r"^(?P<indent>\s*)\S.*# changed: import \(was: (?P<was>.*)\)$")
FRAMEWORK_IMPORT = re.compile(r"^\s*(import|from)\s+(keras|tensorflow)\b")


def quoted_lines(name):
    """The lines of the quoted program (what runs on nnlib)."""
    return (TUTORIALS / f"{name}.py").read_text(encoding="utf-8").splitlines()


def original_lines(name):
    """The lines of the cells as published."""
    return (TUTORIALS / f"{name}.orig.py").read_text(encoding="utf-8").splitlines()


def with_keras_imports(lines):
    """The quoted program with its original Keras/TensorFlow imports back (the data stay local)."""
    restored = []
    for line in lines:
        match = IMPORT_CHANGE.match(line)
        restored.append(match["indent"] + match["was"] if match else line)
    return restored


def execute(name, framework="nnlib", namespace=None):
    """Run the quoted program ``name`` on nnlib (or on Keras) and return the names it leaves.

    ``namespace`` holds names left by the notebook's earlier sections. The caller has made
    the current directory a temporary one, put ``tests/tutorials`` on ``sys.path`` and
    saved ``nnlib.utils``'s seed to restore it (see ``ran``).
    """
    lines = quoted_lines(name)
    if framework == "keras":
        import keras

        keras.utils.set_random_seed(0)
        lines = with_keras_imports(lines)
    else:
        nnlib.utils.set_random_seed(0)
    names = dict(namespace or {})
    names.update(__name__="__main__", __file__=str(TUTORIALS / f"{name}.py"))
    exec(compile("\n".join(lines) + "\n", str(TUTORIALS / f"{name}.py"), "exec"), names)
    return names


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """``ran(name, framework="nnlib", after=None)``: the names program ``name`` leaves and the
    temporary directory it ran in, each program run once per module (``after``: the earlier
    section of the same notebook whose names it starts from)."""
    results = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.syspath_prepend(str(TUTORIALS))
        monkeypatch.setattr(nnlib.utils, "_seed_sequence", None)

        def run(name, framework="nnlib", after=None):
            key = (name, framework)
            if key not in results:
                directory = tmp_path_factory.mktemp(f"{name}_{framework}")
                try:
                    namespace = run(after, framework)[0] if after else None
                    with pytest.MonkeyPatch.context() as cwd:
                        cwd.chdir(directory)
                        results[key] = (execute(name, framework, namespace), directory)
                except Exception as error:  # remembered, so that every test that needs it fails with it
                    results[key] = error
            if isinstance(results[key], Exception):
                raise results[key]
            return results[key]

        yield run


def history_of(history, keys, epochs):
    """Check a History's keys and per-epoch lengths; return its dict."""
    assert sorted(history.history) == sorted(keys)
    for key, values in history.history.items():
        assert len(values) == epochs, key
        assert all(math.isfinite(v) for v in values), key
    return history.history


def fell(values):
    """True when the last value is below the first (the loss fell while training)."""
    return values[-1] < values[0]


# --- the quotes are faithful -------------------------------------------------------------


def unfaithful_lines(original, quote):
    """Where ``quote`` departs from ``original`` without saying so: a list of messages.

    Lines are aligned with difflib; every line of the quote that is not in the original
    must end with ``# changed: ...``, no original line may disappear without a marked line
    in its place, and a ``# changed: import (was: X)`` line must replace the line X.
    """
    problems = []
    matcher = difflib.SequenceMatcher(a=original, b=quote, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = original[i1:i2], quote[j1:j2]
        if not added:
            problems.append(f"source lines {i1 + 1}-{i2} dropped without a '# changed:' line: {removed}")
        problems += [f"line {j1 + k + 1} differs without '# changed:': {line!r}"
                     for k, line in enumerate(added) if CHANGED not in line]
        for line in added:
            match = IMPORT_CHANGE.match(line)
            if match and match["was"] not in [r.strip() for r in removed]:
                problems.append(f"{line!r} replaces no such line")
    return problems


@pytest.mark.parametrize("name", PROGRAMS)
def test_quote_is_faithful(name):
    """The quote differs from the published cells only in lines marked ``# changed:``, and
    every ``# changed: import (was: X)`` line replaces the original line X."""
    original, quote = original_lines(name), quoted_lines(name)
    assert original[0].startswith("# Quoted from https://github.com/")
    assert unfaithful_lines(original, quote) == []
    assert any(CHANGED in line for line in quote)  # at least the imports or the data changed
    leftover = [line for line in quote if FRAMEWORK_IMPORT.match(line) and CHANGED not in line]
    assert not leftover, f"{name} still imports Keras or TensorFlow: {leftover}"


def test_faithfulness_check_catches_unmarked_edits():
    """The check above rejects an unmarked edit, a silent deletion and a wrong ``was:``."""
    original = ["import keras", "model.fit(x, y, epochs=20)", "print(model)"]
    assert unfaithful_lines(original, ["import nnlib as keras  # changed: import (was: import keras)"] + original[1:]) == []
    assert unfaithful_lines(original, [original[0], "model.fit(x, y, epochs=2)", original[2]])
    assert unfaithful_lines(original, [original[0], original[2]])
    assert unfaithful_lines(original, ["import nnlib as keras  # changed: import (was: import tensorflow)"] + original[1:])


def test_keras_variant_restores_the_original_imports():
    """``with_keras_imports`` gives back the published import lines (used by the Keras runs)."""
    lines = with_keras_imports(quoted_lines("tf_save_and_load"))
    assert "import tensorflow as tf" in lines and "from tensorflow import keras" in lines
    assert not any("nnlib" in line for line in lines)


# --- Deep Learning with Python, 3rd edition ------------------------------------------------


def test_dlwp_ch02_first_mnist(ran):
    """Chapter 2's first network: Dense(512, relu) + Dense(10, softmax), 5 epochs, evaluate."""
    names, _ = ran("dlwp_ch02_first_mnist")
    assert isinstance(names["model"], nnlib.Sequential)
    predictions = names["predictions"]
    assert predictions.shape == (10, 10)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
    assert math.isfinite(names["test_loss"])
    assert 0.5 < names["test_acc"] <= 1.0  # chance is 0.1


def test_dlwp_ch02_first_mnist_learns_as_on_keras(ran, keras):
    """The same program on Keras (same local data) reaches a comparable test accuracy."""
    on_nnlib = ran("dlwp_ch02_first_mnist")[0]["test_acc"]
    on_keras = ran("dlwp_ch02_first_mnist", framework="keras")[0]["test_acc"]
    assert on_keras > 0.5
    assert abs(on_nnlib - on_keras) < 0.15


def test_dlwp_ch04_imdb(ran):
    """IMDB: multi-hot reviews, two 20-epoch fits (validation_data, validation_split), evaluate."""
    names, _ = ran("dlwp_ch04_imdb")
    assert names["x_train"].shape == (600, 10000)
    assert isinstance(names["decoded_review"], str)
    history = history_of(names["history"], ["loss", "accuracy", "val_loss", "val_accuracy"], 20)
    assert names["history_dict"] is history
    assert fell(history["loss"])
    assert history["accuracy"][-1] > 0.9
    loss, accuracy = names["results"]
    assert math.isfinite(loss) and accuracy > 0.7  # chance is about 0.5


def test_dlwp_ch04_reuters(ran):
    """Reuters: 46 topics, categorical cross-entropy, a top-3 accuracy metric, evaluate."""
    names, _ = ran("dlwp_ch04_reuters", after="dlwp_ch04_imdb")
    assert names["y_train"].shape == (500,)  # the sparse labels of cell 63
    history = history_of(
        names["history"],
        ["loss", "accuracy", "top_3_accuracy", "val_loss", "val_accuracy", "val_top_3_accuracy"],
        20,
    )
    assert fell(history["loss"]) and fell(history["val_loss"])
    assert all(top3 >= top1 for top3, top1 in zip(history["top_3_accuracy"], history["accuracy"]))
    loss, accuracy = names["results"]
    assert math.isfinite(loss)
    assert accuracy > names["hits_array"].mean() + 0.2  # beats the random baseline of cell 56
    predictions = names["predictions"]
    assert predictions.shape == (200, 46)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)


def test_dlwp_ch04_california_housing(ran):
    """California housing: K-fold validation of a regression MLP, then a final fit and evaluate.

    Run after the IMDB section, whose imports (numpy, keras, layers, pyplot) it uses; it uses
    nothing the Reuters section between them defines.
    """
    names, _ = ran("dlwp_ch04_california_housing", after="dlwp_ch04_imdb")
    assert len(names["all_scores"]) == 4
    assert all(math.isfinite(score) for score in names["all_scores"])
    assert [len(history) for history in names["all_mae_histories"]] == [200] * 4
    average = names["average_mae_history"]
    assert len(average) == 200 and average[-1] < average[0]
    baseline = np.mean(np.abs(names["y_test"] - names["y_train"].mean()))  # predict the mean price
    assert names["test_mean_absolute_error"] < 0.8 * baseline
    assert names["predictions"].shape == (120, 1)


def test_dlwp_ch05_regularization(ran):
    """Chapter 5: noise channels, then smaller, L2-regularized and dropout IMDB models."""
    names, _ = ran("dlwp_ch05_regularization")
    for key in ("history_noise", "history_zeros"):
        history_of(names[key], ["loss", "accuracy", "val_loss", "val_accuracy"], 10)
    for key in ("history_original", "history_smaller_model", "history_l2_reg", "history_dropout"):
        history = history_of(names[key], ["loss", "accuracy", "val_loss", "val_accuracy"], 20)
        assert fell(history["loss"]), key
    # The L2 model's loss includes the weight penalty, so it starts above the plain model's.
    assert names["history_l2_reg"].history["loss"][0] > names["history_original"].history["loss"][0]
    assert names["train_images_with_noise_channels"].shape == (200, 1568)


# --- TensorFlow tutorials -----------------------------------------------------------------


def test_tf_classification(ran):
    """Basic classification: Flatten(input_shape=(28, 28)) + Dense, logits, 10 epochs, evaluate."""
    names, _ = ran("tf_classification")
    model = names["model"]
    assert [type(layer).__name__ for layer in model.layers] == ["Flatten", "Dense", "Dense"]
    assert model.predict(names["test_images"][:3], verbose=0).shape == (3, 10)
    assert math.isfinite(names["test_loss"])
    assert 0.5 < names["test_acc"] <= 1.0  # chance is 0.1


def test_tf_classification_learns_as_on_keras(ran, keras):
    """The same program on Keras (same local data) reaches a comparable test accuracy."""
    on_nnlib = ran("tf_classification")[0]["test_acc"]
    on_keras = ran("tf_classification", framework="keras")[0]["test_acc"]
    assert on_keras > 0.5
    assert abs(on_nnlib - on_keras) < 0.15


def test_tf_save_and_load(ran):
    """Save and load: ModelCheckpoint (weights only, per-epoch file names), save_weights,
    load_weights and the whole model as a .keras file."""
    names, tutorial_dir = ran("tf_save_and_load")
    assert sorted((tutorial_dir / "training_1").iterdir()) == [tutorial_dir / "training_1" / "cp.weights.h5"]
    assert sorted(p.name for p in (tutorial_dir / "training_2").iterdir()) == [
        "cp-0000.weights.h5", "cp-0005.weights.h5", "cp-0010.weights.h5",
    ]
    assert names["latest"] == "training_2/cp-0010.weights.h5"
    assert (tutorial_dir / "checkpoints" / "my_checkpoint.weights.h5").is_file()
    test_images = names["test_images"]
    np.testing.assert_allclose(
        names["new_model"].predict(test_images, verbose=0), names["model"].predict(test_images, verbose=0), atol=1e-6
    )
    assert names["acc"] > 0.5  # the restored model's accuracy; chance is 0.1


def test_tf_save_and_load_keras_opens_the_saved_model(ran, keras):
    """The ``my_model.keras`` the tutorial saved on nnlib opens in Keras with the same predictions."""
    names, tutorial_dir = ran("tf_save_and_load")
    restored = keras.saving.load_model(tutorial_dir / "my_model.keras")
    test_images = names["test_images"].astype("float32")
    np.testing.assert_allclose(
        restored.predict(test_images, verbose=0), names["new_model"].predict(test_images, verbose=0), atol=1e-5
    )


# --- The Functional API and Normalization ------------------------------------------------
# Programs that build models with ``keras.Input`` / ``keras.Model(inputs, outputs)``, several
# inputs and outputs, models used as layers, and ``Normalization.adapt``. Their quotes are
# checked by ``test_quote_is_faithful`` itself, called here on each of them.

FUNCTIONAL_PROGRAMS = [
    "dlwp_ch07_functional",
    "kerasio_functional_api",
    "kerasio_training_with_built_in_methods",
    "kerasio_preprocessing_normalization",
]


@pytest.mark.parametrize("name", FUNCTIONAL_PROGRAMS)
def test_functional_quote_is_faithful(name):
    """The same check as ``test_quote_is_faithful``, on the Functional API programs."""
    test_quote_is_faithful(name)


def accuracy_of(model, x, labels):
    """The share of ``x`` whose most probable class is its label."""
    return float(np.mean(model.predict(x, verbose=0).argmax(axis=1) == np.ravel(labels)))


def test_dlwp_ch07_symbolic_tensors(ran):
    """Chapter 7's Functional API step by step: an Input's shape and dtype, and a layer's
    ``output`` (cell 40 takes ``model.layers[4].output`` of the ticket model) as a tensor."""
    names, _ = ran("dlwp_ch07_functional")
    inputs = names["inputs"]  # cell 20's keras.Input(shape=(3,), name="my_input")
    assert isinstance(inputs, nnlib.KerasTensor)
    assert tuple(inputs.shape) == (None, 3) and inputs.dtype == "float32"
    assert names["features"] is names["new_model"].get_layer("dense_features").output
    assert tuple(names["features"].shape) == (None, 64)


def test_dlwp_ch07_multi_input_multi_output(ran):
    """The customer-ticket model: three inputs, Concatenate, two outputs; trained with lists
    and with dicts; evaluate, predict; a third output on ``model.layers[4].output``."""
    names, _ = ran("dlwp_ch07_functional")
    ticket_model = names["new_model"]
    assert [tuple(t.shape) for t in ticket_model.inputs] == [(None, 10000), (None, 10000), (None, 100)]
    assert [tuple(t.shape) for t in ticket_model.outputs] == [(None, 1), (None, 4), (None, 3)]
    assert type(ticket_model.get_layer("dense_features")).__name__ == "Dense"
    priority, department = names["priority_preds"], names["department_preds"]
    assert priority.shape == (1280, 1) and np.all((priority >= 0) & (priority <= 1))
    assert department.shape == (1280, 4)
    np.testing.assert_allclose(department.sum(axis=1), 1.0, rtol=1e-5)
    # The new model shares the trained layers: its first two outputs are the old model's.
    sample = [names["title_data"][:5], names["text_body_data"][:5], names["tags_data"][:5]]
    new_priority, new_department, difficulty = ticket_model.predict(sample, verbose=0)
    np.testing.assert_allclose(new_priority, priority[:5], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(new_department, department[:5], rtol=1e-4, atol=1e-6)
    assert difficulty.shape == (5, 3)


def test_dlwp_ch07_built_in_training_loop(ran):
    """A Functional MNIST model: fit with validation data, evaluate, predict; EarlyStopping and
    a ModelCheckpoint that keeps the best model; a callback that plots the per-batch losses."""
    names, tutorial_dir = ran("dlwp_ch07_functional")
    test_loss, test_accuracy = names["test_metrics"]
    assert math.isfinite(test_loss) and test_accuracy > 0.5  # chance is 0.1
    assert names["predictions"].shape == (200, 10)
    assert (tutorial_dir / "checkpoint_path.keras").is_file()
    assert sorted(p.name for p in tutorial_dir.glob("plot_at_epoch_*")) == [f"plot_at_epoch_{i}.png" for i in range(10)]
    history = history_of(names["model"].history, ["loss", "accuracy", "val_loss", "val_accuracy"], 10)
    assert fell(history["loss"])


def test_dlwp_ch07_learns_as_on_keras(ran, keras):
    """The same chapter on Keras (same local data): the MNIST model's test accuracy is comparable."""
    on_nnlib = ran("dlwp_ch07_functional")[0]["test_metrics"][1]
    on_keras = ran("dlwp_ch07_functional", framework="keras")[0]["test_metrics"][1]
    assert on_keras > 0.5
    assert abs(on_nnlib - on_keras) < 0.15


def test_kerasio_functional_api(ran):
    """The Functional API guide: a 784-64-64-10 model of logits, fit with validation_split,
    evaluate, save and load as .keras, and an ensemble averaging three models used as layers."""
    names, tutorial_dir = ran("kerasio_functional_api")
    history = history_of(names["history"], ["loss", "accuracy", "val_loss", "val_accuracy"], 2)
    assert fell(history["loss"])
    test_loss, test_accuracy = names["test_scores"]
    assert math.isfinite(test_loss) and test_accuracy > 0.5
    assert (tutorial_dir / "my_model.keras").is_file()
    restored = names["model"]  # keras.models.load_model("my_model.keras"); the original was deleted
    assert restored.name == "mnist_model"
    assert accuracy_of(restored, names["x_test"], names["y_test"]) == pytest.approx(test_accuracy, abs=1e-6)
    assert tuple(names["img_inputs"].shape) == (None, 32, 32, 3)
    x = np.random.default_rng(0).random((4, 128)).astype("float32")
    members = [names[f"model{i}"].predict(x, verbose=0) for i in (1, 2, 3)]
    np.testing.assert_allclose(names["ensemble_model"].predict(x, verbose=0), np.mean(members, axis=0), rtol=1e-5, atol=1e-6)


def test_kerasio_functional_api_learns_as_on_keras(ran, keras):
    """On Keras (same local data) the guide reaches a comparable test accuracy, and Keras opens
    the ``my_model.keras`` nnlib saved, with the same predictions."""
    names, tutorial_dir = ran("kerasio_functional_api")
    on_keras = ran("kerasio_functional_api", framework="keras")[0]["test_scores"][1]
    assert on_keras > 0.5
    assert abs(names["test_scores"][1] - on_keras) < 0.15
    restored = keras.saving.load_model(tutorial_dir / "my_model.keras")
    x_test = names["x_test"][:20]
    np.testing.assert_allclose(restored.predict(x_test, verbose=0), names["model"].predict(x_test, verbose=0), atol=1e-5)


def test_kerasio_training_with_built_in_methods(ran):
    """The training guide: fit with validation_data, evaluate, predict; validation_split; a
    PyDataset; class and sample weights; EarlyStopping; ModelCheckpoint by epoch and by batch."""
    names, tutorial_dir = ran("kerasio_training_with_built_in_methods")
    history = history_of(
        names["history"],
        ["loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy"],
        2,
    )
    assert fell(history["loss"])
    test_loss, test_accuracy = names["results"]
    assert math.isfinite(test_loss) and test_accuracy > 0.5
    np.testing.assert_allclose(names["predictions"].sum(axis=1), 1.0, rtol=1e-5)
    assert names["x_train"].shape == (1200, 784) and names["x_val"].shape == (300, 784)
    assert len(names["train_py_dataset"]) == 38  # ceil(1200 / 32) batches
    assert names["sample_weight"].sum() == len(names["y_train"]) + np.sum(names["y_train"] == 5)
    # save_best_only: the best of the two epochs is saved; the first always is.
    saved = sorted(p.name for p in tutorial_dir.glob("mymodel_*.keras"))
    assert saved[0] == "mymodel_1.keras" and set(saved) <= {"mymodel_1.keras", "mymodel_2.keras"}
    # save_freq=10 with 38 batches: after batches 10, 20 and 30, named by the training loss.
    checkpoints = sorted(p.name for p in (tutorial_dir / "ckpt").iterdir())
    assert len(checkpoints) == 3
    assert all(re.fullmatch(r"model-loss=\d+\.\d\d\.keras", name) for name in checkpoints), checkpoints
    lr_schedule = names["lr_schedule"]
    assert float(lr_schedule(150000)) == pytest.approx(0.1 * 0.96)  # staircase: one decay step
    assert names["optimizer"].learning_rate == pytest.approx(0.1)


def test_kerasio_preprocessing_normalization(ran):
    """Normalization.adapt on NumPy arrays: standardized features, then a CIFAR-10-shaped model
    with the adapted layer inside a Functional model."""
    names, _ = ran("kerasio_preprocessing_normalization")
    normalized = np.asarray(names["normalized_data"])
    np.testing.assert_allclose(normalized.mean(axis=0), 0.0, atol=1e-6)
    np.testing.assert_allclose(normalized.std(axis=0), 1.0, rtol=1e-5)
    x_train = names["x_train"]
    assert x_train.shape == (600, 3072) and names["input_shape"] == (3072,)
    mean, variance = (np.ravel(w) for w in names["normalizer"].get_weights()[:2])
    np.testing.assert_allclose(mean, x_train.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(variance, x_train.var(axis=0), rtol=1e-5)
    assert len(names["model"].history.history["loss"]) == 1
    from _data import cifar10  # the held-out images, which the recipe discards

    _, (x_test, y_test) = cifar10.load_data()
    assert accuracy_of(names["model"], x_test.reshape((len(x_test), -1)), y_test) > 0.5  # chance is 0.1


def test_kerasio_preprocessing_normalization_as_on_keras(ran, keras):
    """Keras adapts its Normalization to the same statistics and standardizes the same way."""
    on_nnlib = ran("kerasio_preprocessing_normalization")[0]
    on_keras = ran("kerasio_preprocessing_normalization", framework="keras")[0]
    for ours, theirs in zip(on_nnlib["normalizer"].get_weights()[:2], on_keras["normalizer"].get_weights()[:2]):
        np.testing.assert_allclose(np.ravel(ours), np.ravel(theirs), rtol=1e-5)
    np.testing.assert_allclose(
        np.asarray(on_nnlib["normalized_data"]), np.asarray(on_keras["normalized_data"]), rtol=1e-5, atol=1e-6
    )


# --- Basic classification, to the end (cells 41-65) ---------------------------------------
# The tutorial's last cells put the trained model and a Softmax layer in a new Sequential
# and predict with it. They quote unchanged (every name they use comes from the cells of
# ``tf_classification.py``), so they run after that program, as the notebook runs them.


def test_tf_classification_predictions_quote_is_faithful():
    """The continuation quotes cells 41-65 as published, without a single change."""
    original, quote = original_lines("tf_classification_predictions"), quoted_lines("tf_classification_predictions")
    assert original[0].startswith("# Quoted from https://github.com/")
    assert unfaithful_lines(original, quote) == []
    assert quote == original


def check_probability_model(names):
    """What cells 41-65 leave: softmax probabilities of the trained model, for all test
    images and for one image put in a batch of its own."""
    predictions = names["predictions"]
    assert predictions.shape == (200, 10)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
    logits = names["model"].predict(names["test_images"], verbose=0)
    np.testing.assert_array_equal(predictions.argmax(axis=1), logits.argmax(axis=1))
    assert names["img"].shape == (1, 28, 28)
    np.testing.assert_allclose(names["predictions_single"][0], predictions[1], rtol=1e-5, atol=1e-7)
    assert (predictions.argmax(axis=1) == names["test_labels"]).mean() == pytest.approx(names["test_acc"], abs=1e-6)


def test_tf_classification_predictions(ran):
    """``Sequential([model, Softmax()])``: a trained Sequential as the first layer of another."""
    names, _ = ran("tf_classification_predictions", after="tf_classification")
    assert [type(layer).__name__ for layer in names["probability_model"].layers] == ["Sequential", "Softmax"]
    check_probability_model(names)


def test_tf_classification_predictions_on_keras(ran, keras):
    """The same cells on Keras, after its own run of cells 6-38, leave what the test above expects."""
    names, _ = ran("tf_classification_predictions", framework="keras", after="tf_classification")
    check_probability_model(names)
