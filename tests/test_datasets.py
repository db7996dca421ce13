"""Tests for nnlib.datasets: the synthetic generators, the shipped 8x8 digits, preprocessing."""

import hashlib
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from nnlib import errors
from nnlib.datasets import (
    Standardizer,
    load_digits,
    make_blobs,
    make_circles,
    make_moons,
    make_plane,
    make_sine,
    make_spirals,
    make_xor,
    one_hot,
    standardize,
    train_test_split,
)
from nnlib.datasets import digits as digits_module

CLASSIFIERS = [make_xor, make_moons, make_circles, make_spirals, make_blobs]
REGRESSORS = [make_plane, make_sine]
GENERATORS = CLASSIFIERS + REGRESSORS


# ----------------------------------------------------------------------------------------
# Synthetic datasets: shapes, dtypes, determinism
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", CLASSIFIERS, ids=lambda f: f.__name__)
def test_classifier_shapes_and_dtypes(make):
    x, y = make(n_samples=60, seed=0)
    assert x.shape == (60, 2) and x.dtype == np.float32
    assert y.shape == (60,) and y.dtype == np.int64
    assert np.all(np.isfinite(x))
    assert set(np.unique(y)) == set(range(int(y.max()) + 1))  # every class 0..k-1 present


@pytest.mark.parametrize("make", REGRESSORS, ids=lambda f: f.__name__)
def test_regressor_shapes_and_dtypes(make):
    x, y = make(n_samples=50, seed=0)
    assert x.dtype == np.float32 and y.dtype == np.float32
    assert x.shape == ((50, 1) if make is make_sine else (50, 2))
    assert y.shape == (50, 1)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_same_seed_same_data_and_different_seed_different_data(make):
    x1, y1 = make(n_samples=40, seed=7)
    x2, y2 = make(n_samples=40, seed=7)
    x3, _ = make(n_samples=40, seed=8)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(x1, x3)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_a_generator_is_used_as_is_and_global_state_untouched(make):
    state_before = np.random.get_state()[1].copy()
    x1, _ = make(n_samples=30, seed=np.random.default_rng(3))
    x2, _ = make(n_samples=30, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(np.random.get_state()[1], state_before)


def test_xor_without_noise_is_the_truth_table():
    x, y = make_xor(n_samples=4, noise=0.0, shuffle=False)
    np.testing.assert_array_equal(x, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])


def test_xor_labels_follow_the_nearest_corner():
    x, y = make_xor(n_samples=400, noise=0.1, seed=1)
    corner = np.round(x).clip(0, 1).astype(int)
    assert np.mean((corner[:, 0] ^ corner[:, 1]) == y) > 0.99


@pytest.mark.parametrize("n_samples", [7, 50])
def test_moons_and_circles_match_scikit_learn_without_noise(n_samples):
    sk_datasets = pytest.importorskip("sklearn.datasets")
    x, y = make_moons(n_samples, noise=0.0, shuffle=False)
    x_sk, y_sk = sk_datasets.make_moons(n_samples, noise=None, shuffle=False)
    np.testing.assert_allclose(x, x_sk, atol=1e-6)
    np.testing.assert_array_equal(y, y_sk)
    x, y = make_circles(n_samples, noise=0.0, factor=0.3, shuffle=False)
    x_sk, y_sk = sk_datasets.make_circles(n_samples, noise=None, factor=0.3, shuffle=False)
    np.testing.assert_allclose(x, x_sk, atol=1e-6)
    np.testing.assert_array_equal(y, y_sk)


def test_circles_radii():
    x, y = make_circles(100, noise=0.0, factor=0.4, seed=0)
    radius = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0, atol=1e-6)
    np.testing.assert_allclose(radius[y == 1], 0.4, atol=1e-6)


@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_spirals_classes_are_balanced(n_classes):
    x, y = make_spirals(n_samples=101, n_classes=n_classes, noise=0.0, seed=0)
    counts = np.bincount(y)
    assert len(counts) == n_classes and counts.max() - counts.min() <= 1
    assert np.hypot(x[:, 0], x[:, 1]).max() <= 1.0 + 1e-6


def test_blobs_default_and_custom_centers():
    x, y = make_blobs(n_samples=300, noise=0.1, seed=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    for k in range(3):  # default centers: radius 2, class 0 at angle 0
        angle = 2 * np.pi * k / 3
        np.testing.assert_allclose(x[y == k].mean(axis=0), [2 * np.cos(angle), 2 * np.sin(angle)], atol=0.05)
    centers = [[0.0, 0.0, 0.0], [5.0, 5.0, 5.0]]
    x, y = make_blobs(n_samples=11, noise=0.0, centers=centers, seed=0)
    assert x.shape == (11, 3) and np.bincount(y).tolist() == [6, 5]
    np.testing.assert_array_equal(x, np.asarray(centers, dtype=np.float32)[y])


def test_plane_targets_lie_on_the_plane_without_noise():
    x, y = make_plane(n_samples=30, noise=0.0, weights=(1.5, -2.0), bias=0.25, seed=0)
    np.testing.assert_allclose(y[:, 0], 1.5 * x[:, 0] - 2.0 * x[:, 1] + 0.25, atol=1e-5)
    assert np.all(np.abs(x) <= 1.0)


def test_sine_targets_without_noise():
    x, y = make_sine(n_samples=30, noise=0.0, seed=0)
    np.testing.assert_allclose(y, np.sin(x), atol=1e-6)
    assert np.all(np.abs(x) <= np.pi)


def test_shuffle_false_keeps_classes_in_order():
    _, y = make_moons(9, shuffle=False, seed=0)
    np.testing.assert_array_equal(y, [0, 0, 0, 0, 1, 1, 1, 1, 1])


# ----------------------------------------------------------------------------------------
# Synthetic datasets: argument errors
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("n_samples", [0, -5, 2.5, "100", True])
def test_bad_n_samples(make, n_samples):
    with pytest.raises(errors.HyperparameterError, match="n_samples"):
        make(n_samples=n_samples)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf"), "0.1"])
def test_bad_noise(make, noise):
    with pytest.raises(errors.HyperparameterError, match="noise"):
        make(n_samples=10, noise=noise)


def test_bad_seed_is_reported():
    with pytest.raises(errors.HyperparameterError, match="seed"):
        make_moons(10, seed="abc")


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: make_xor(1), "n_samples must be >= 2"),
        (lambda: make_circles(10, factor=1.0), "factor"),
        (lambda: make_circles(10, factor=0.0), "factor"),
        (lambda: make_spirals(10, n_classes=1), "n_classes"),
        (lambda: make_spirals(3, n_classes=4), "every class needs at least one sample"),
        (lambda: make_spirals(10, turns=0), "turns"),
        (lambda: make_blobs(10, n_classes=1), "n_classes"),
        (lambda: make_blobs(10, n_classes=3, centers=[[0, 0], [1, 1]]), "agree"),
        (lambda: make_blobs(10, centers=[0, 1, 2]), "centers must have shape"),
        (lambda: make_blobs(10, centers=[[0, np.nan], [1, 1]]), "NaN"),
        (lambda: make_plane(10, weights=(1.0, 2.0, 3.0)), "weights"),
        (lambda: make_plane(10, bias=float("nan")), "bias"),
    ],
)
def test_other_argument_errors(call, message):
    with pytest.raises(errors.HyperparameterError, match=message):
        call()


# ----------------------------------------------------------------------------------------
# The shipped 8x8 digits
# ----------------------------------------------------------------------------------------


def test_digits_equal_scikit_learn_exactly():
    sk_datasets = pytest.importorskip("sklearn.datasets")
    reference = sk_datasets.load_digits()
    x, y = load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64
    np.testing.assert_array_equal(x, reference.data)
    np.testing.assert_array_equal(y, reference.target)
    images, y_images = load_digits(as_images=True)
    assert images.shape == (1797, 8, 8) and images.dtype == np.float32
    np.testing.assert_array_equal(images, reference.images)
    np.testing.assert_array_equal(y_images, y)


def test_digits_values_and_classes():
    x, y = load_digits()
    assert x.min() == 0.0 and x.max() == 16.0
    assert np.all(x == np.round(x))
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_digits_file_is_small_and_matches_its_checksum():
    data_file = resources.files("nnlib.datasets").joinpath("data", "digits.npz")
    content = data_file.read_bytes()
    assert len(content) < 60_000
    assert hashlib.sha256(content).hexdigest() == digits_module.DIGITS_SHA256
    assert resources.files("nnlib.datasets").joinpath("data", "DATA.md").is_file()


def test_damaged_digits_file_raises_checksum_error(monkeypatch):
    monkeypatch.setattr(digits_module, "DIGITS_SHA256", "0" * 64)
    with pytest.raises(errors.ChecksumError, match="digits"):
        load_digits()


def test_importing_the_datasets_imports_neither_sklearn_nor_matplotlib():
    code = (
        "import sys, nnlib.datasets as d; d.load_digits(); d.make_moons(10, seed=0); "
        "print(sorted(m for m in ('sklearn', 'matplotlib', 'urllib.request') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ----------------------------------------------------------------------------------------
# train_test_split
# ----------------------------------------------------------------------------------------


def test_split_sizes_order_and_pairing():
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, seed=0)
    assert len(x_test) == 3 and len(x_train) == 7  # ceil(0.25 * 10) = 3, as scikit-learn
    np.testing.assert_array_equal(x_train[:, 0], 2 * y_train)  # rows stay paired with their targets
    np.testing.assert_array_equal(x_test[:, 0], 2 * y_test)
    assert sorted(np.concatenate([y_train, y_test]).tolist()) == list(range(10))  # a partition


def test_split_is_deterministic_for_a_seed():
    x, y = make_moons(50, seed=0)
    first = train_test_split(x, y, seed=5)
    second = train_test_split(x, y, seed=5)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    third = train_test_split(x, y, seed=6)
    assert not np.array_equal(first[3], third[3])


def test_split_with_a_count_and_multidimensional_arrays():
    images, y = load_digits(as_images=True)
    x_train, x_test, y_train, y_test = train_test_split(images, one_hot(y), test_size=100, seed=0)
    assert x_train.shape == (1697, 8, 8) and x_test.shape == (100, 8, 8)
    assert y_train.shape == (1697, 10) and y_test.shape == (100, 10)


def test_stratified_split_keeps_class_shares():
    x, y = load_digits()
    _, _, y_train, y_test = train_test_split(x, y, test_size=0.2, seed=0, stratify=y)
    assert len(y_test) == 360  # ceil(0.2 * 1797)
    share_all = np.bincount(y) / len(y)
    np.testing.assert_allclose(np.bincount(y_test, minlength=10) / len(y_test), share_all, atol=0.01)
    np.testing.assert_allclose(np.bincount(y_train, minlength=10) / len(y_train), share_all, atol=0.01)


def test_stratified_split_of_an_unbalanced_problem():
    y = np.array([0] * 90 + [1] * 10)
    x = np.arange(100, dtype=np.float32)[:, None]
    _, x_test, _, y_test = train_test_split(x, y, test_size=0.2, seed=1, stratify=y[:, None])
    assert np.bincount(y_test).tolist() == [18, 2]
    np.testing.assert_array_equal(y[x_test[:, 0].astype(int)], y_test)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(x=np.zeros((5, 2)), y=np.zeros(4)), errors.DataError, "5 samples but y has 4"),
        (dict(x=np.zeros((1, 2)), y=np.zeros(1)), errors.DataError, "at least 2"),
        (dict(x=np.zeros((5, 2)), y=np.zeros(5), test_size=0.0), errors.HyperparameterError, "test_size"),
        (dict(x=np.zeros((5, 2)), y=np.zeros(5), test_size=1.5), errors.HyperparameterError, "test_size"),
        (dict(x=np.zeros((5, 2)), y=np.zeros(5), test_size=5), errors.HyperparameterError, "at least one"),
        (dict(x=np.zeros((5, 2)), y=np.zeros(5), test_size="a"), errors.HyperparameterError, "test_size"),
        (dict(x=np.zeros((4, 2)), y=np.zeros(4), stratify=[0, 0, 1, 1, 1]), errors.DataError, "stratify has 5"),
        (dict(x=np.zeros((4, 2)), y=np.zeros(4), stratify=np.eye(4)), errors.ShapeError, "argmax"),
        (dict(x=np.zeros((4, 2)), y=np.zeros(4), stratify=[0, 0, 0, 1]), errors.DataError, "only one sample"),
        (dict(x=3.0, y=np.zeros(4)), errors.ShapeError, "one row per sample"),
    ],
)
def test_split_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        train_test_split(**kwargs)


# ----------------------------------------------------------------------------------------
# one_hot and standardize
# ----------------------------------------------------------------------------------------


def test_one_hot():
    encoded = one_hot(np.array([2, 0, 1]))
    np.testing.assert_array_equal(encoded, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert encoded.dtype == np.float32
    assert one_hot([1], num_classes=4).shape == (1, 4)
    with pytest.raises(errors.DataError):
        one_hot([0, 5], num_classes=3)


def test_standardize_uses_training_statistics_only():
    x_train = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 10.0]], dtype=np.float32)
    x_test = np.array([[3.0, 12.0], [7.0, 10.0]], dtype=np.float32)
    train_s, test_s = standardize(x_train, x_test)
    std = np.std([1.0, 3.0, 5.0])
    np.testing.assert_allclose(train_s[:, 0], [-2 / std, 0.0, 2 / std], rtol=1e-6)
    np.testing.assert_allclose(train_s[:, 1], 0.0)  # a constant column becomes 0, not NaN
    np.testing.assert_allclose(test_s, [[0.0, 2.0], [4 / std, 0.0]], rtol=1e-6)
    assert train_s.dtype == np.float32 and test_s.dtype == np.float32


def test_standardize_digits_has_no_nan_and_matches_scikit_learn():
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    x, _ = load_digits()
    x_train, x_test = x[:1000], x[1000:]
    train_s, test_s = standardize(x_train, x_test)
    assert np.all(np.isfinite(train_s)) and np.all(np.isfinite(test_s))
    scaler = preprocessing.StandardScaler().fit(x_train.astype(np.float64))
    np.testing.assert_allclose(test_s, scaler.transform(x_test.astype(np.float64)), atol=1e-4)


def test_standardize_single_array_and_dtypes():
    x = np.arange(12).reshape(6, 2)  # ints become float32
    scaled = standardize(x)
    assert isinstance(scaled, np.ndarray) and scaled.dtype == np.float32
    np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-6)
    np.testing.assert_allclose(scaled.std(axis=0), 1.0, atol=1e-6)
    assert standardize(x.astype(np.float64)).dtype == np.float64


def test_standardizer_round_trip_and_errors():
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(50, 4)).astype(np.float32)
    scaler = Standardizer()
    with pytest.raises(errors.NotBuiltError, match="fit"):
        scaler.transform(x)
    scaled = scaler.fit_transform(x)
    np.testing.assert_allclose(scaler.inverse_transform(scaled), x, atol=1e-5)
    with pytest.raises(errors.ShapeError, match="4 features"):
        scaler.transform(x[:, :3])
    with pytest.raises(errors.ShapeError, match="Flatten"):
        Standardizer().fit(x.reshape(50, 2, 2))
    with pytest.raises(errors.DataError, match="NaN"):
        Standardizer().fit(np.array([[1.0], [np.nan]]))
    with pytest.raises(errors.DataError, match="empty"):
        Standardizer().fit(np.zeros((0, 3)))
    before = (scaler.mean.copy(), scaler.std.copy())
    with pytest.raises(errors.DataError):
        scaler.fit(np.array([[np.inf, 0, 0, 0]]))  # a failed fit keeps the old statistics
    np.testing.assert_array_equal(scaler.mean, before[0])
    np.testing.assert_array_equal(scaler.std, before[1])
