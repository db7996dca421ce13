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
