"""``nnlib.losses``, from Keras's ``keras/src/losses/losses_test.py`` and ``loss_test.py``.

Each ``test_keras_*`` case re-expresses the Keras test it names (its id gives the Keras
class and method): the same inputs, golden values and tolerances (Keras's
``assertAlmostEqual`` checks 3 decimals, ``assertAllClose`` 1e-6). Where nnlib
deliberately differs, the case says so and asserts nnlib's behaviour:

- no bfloat16 (NumPy has none): the ``test_dtype_arg`` cases check that the dtype is
  refused clearly and that a NumPy dtype (float16) is used instead;
- Keras's ``get("mse")`` returns a function, nnlib's the class (fit needs its gradient);
- Keras's Huber and CosineSimilarity configs drop ``delta`` and ``axis``; nnlib keeps them;
- by default a loss computes in y_pred's float dtype (Keras: always floatx, float32);
- a one-hot/label mix-up is a DataError that says which loss to use, not Keras's
  "must have the same shape".

Not ported: Keras masks (``loss_test.py``'s mask tests: nnlib has no masking layers),
the losses nnlib does not have (focal, CTC, Dice, Tversky, Circle, generalized CE).
Beyond Keras's cases: every gradient against central differences (nnlib computes its own
backward pass), the same numbers as the installed Keras (weights and reductions
included, and ``evaluate``/``fit`` with ``sample_weight``), and clear errors.
"""

import pickle

import numpy as np
import pytest

from nnlib import errors, losses
from nnlib.gradcheck import numerical_gradient
from nnlib.losses.reduction import same_rank_shapes

# The data most of Keras's regression tests share.
Y_TRUE = np.array([[1, 9, 2], [-5, -2, 6]])
Y_PRED = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
SAMPLE_WEIGHT = np.array([[1.2], [3.4]])
STEP_TRUE = np.asarray([1, 9, 2, -5, -2, 6]).reshape(2, 3, 1)
STEP_PRED = np.asarray([4, 8, 12, 8, 1, 3]).reshape(2, 3, 1)
STEP_WEIGHT = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3))
HINGE_TRUE = np.array([[0.0, 1.0], [0.0, 0.0]])
HINGE_PRED = np.array([[0.6, 0.4], [0.4, 0.6]])


def assert_almost_equal(actual, desired, decimal=3):
    """Keras's ``TestCase.assertAlmostEqual`` (3 decimals unless told)."""
    np.testing.assert_almost_equal(np.asarray(actual), np.asarray(desired), decimal=decimal)


def assert_all_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras's ``TestCase.assertAllClose``."""
    np.testing.assert_allclose(np.asarray(actual), np.asarray(desired), atol=atol, rtol=rtol)


def ref_huber(y_true, y_pred, delta=1.0):
    abs_error = np.abs(y_pred - y_true)
    quadratic = np.minimum(abs_error, delta)
    return 0.5 * quadratic**2 + delta * (abs_error - quadratic)


def ref_l2_norm(x, axis):
    return x / np.sqrt(np.maximum(np.sum(np.square(x), axis=axis, keepdims=True), 1e-12))


# -- regression losses: (Keras test, loss, y_true, y_pred, sample_weight, expected, decimal) ----

MSE, MAE = losses.MeanSquaredError, losses.MeanAbsoluteError
MAPE, MSLE = losses.MeanAbsolutePercentageError, losses.MeanSquaredLogarithmicError
CORRECT = np.array([[4, 8, 12], [8, 1, 3]])
REGRESSION_CASES = [
    ("MeanSquaredErrorTest::test_all_correct_unweighted", MSE(), CORRECT, CORRECT, None, 0.0, 3),
    ("MeanSquaredErrorTest::test_unweighted", MSE(), Y_TRUE, Y_PRED, None, 49.5, 3),
    ("MeanSquaredErrorTest::test_scalar_weighted", MSE(), Y_TRUE, Y_PRED, 2.3, 113.85, 3),
    ("MeanSquaredErrorTest::test_sample_weighted", MSE(), Y_TRUE, Y_PRED, SAMPLE_WEIGHT, 767.8 / 6, 3),
    ("MeanSquaredErrorTest::test_timestep_weighted", MSE(), STEP_TRUE, STEP_PRED, STEP_WEIGHT, 97.833336, 3),
    ("MeanSquaredErrorTest::test_zero_weighted", MSE(), Y_TRUE, Y_PRED, 0, 0.0, 3),
    ("MeanSquaredErrorTest::test_no_reduction", MSE(reduction=None), Y_TRUE, Y_PRED, 2.3, [84.3333, 143.3666], 3),
    ("MeanSquaredErrorTest::test_sum_reduction", MSE(reduction="sum"), Y_TRUE, Y_PRED, 2.3, 227.69998, 3),
    ("MeanSquaredErrorTest::test_mean_with_sample_weight_reduction", MSE(reduction="mean_with_sample_weight"),
     Y_TRUE, Y_PRED, SAMPLE_WEIGHT, (110 / 3 * 1.2 + 187 / 3 * 3.4) / (1.2 + 3.4), 3),
    ("MeanAbsoluteErrorTest::test_all_correct_unweighted", MAE(), CORRECT, CORRECT, None, 0.0, 3),
    ("MeanAbsoluteErrorTest::test_unweighted", MAE(), Y_TRUE, Y_PRED, None, 5.5, 3),
    ("MeanAbsoluteErrorTest::test_scalar_weighted", MAE(), Y_TRUE, Y_PRED, 2.3, 12.65, 3),
    ("MeanAbsoluteErrorTest::test_sample_weighted", MAE(), Y_TRUE, Y_PRED, SAMPLE_WEIGHT, 81.4 / 6, 3),
    ("MeanAbsoluteErrorTest::test_timestep_weighted", MAE(), STEP_TRUE, STEP_PRED, STEP_WEIGHT, 13.833333, 3),
    ("MeanAbsoluteErrorTest::test_zero_weighted", MAE(), Y_TRUE, Y_PRED, 0, 0.0, 3),
    ("MeanAbsoluteErrorTest::test_no_reduction", MAE(reduction=None), Y_TRUE, Y_PRED, 2.3, [10.7333, 14.5666], 3),
    ("MeanAbsoluteErrorTest::test_sum_reduction", MAE(reduction="sum"), Y_TRUE, Y_PRED, 2.3, 25.29999, 3),
    ("MeanAbsoluteErrorTest::test_mean_with_sample_weight_reduction", MAE(reduction="mean_with_sample_weight"),
     Y_TRUE, Y_PRED, SAMPLE_WEIGHT, (14 / 3 * 1.2 + 19 / 3 * 3.4) / (1.2 + 3.4), 3),
    ("MeanAbsolutePercentageErrorTest::test_all_correct_unweighted", MAPE(), CORRECT, CORRECT, None, 0.0, 3),
    ("MeanAbsolutePercentageErrorTest::test_unweighted", MAPE(), Y_TRUE, Y_PRED, None, 211.8518, 3),
    ("MeanAbsolutePercentageErrorTest::test_scalar_weighted", MAPE(), Y_TRUE, Y_PRED, 2.3, 487.259, 3),
    ("MeanAbsolutePercentageErrorTest::test_sample_weighted", MAPE(), Y_TRUE, Y_PRED, SAMPLE_WEIGHT, 422.8888, 3),
    ("MeanAbsolutePercentageErrorTest::test_timestep_weighted", MAPE(), STEP_TRUE, STEP_PRED, STEP_WEIGHT,
     694.4444, 3),
    ("MeanAbsolutePercentageErrorTest::test_zero_weighted", MAPE(), Y_TRUE, Y_PRED, 0, 0.0, 3),
    ("MeanAbsolutePercentageErrorTest::test_no_reduction", MAPE(reduction=None), Y_TRUE, Y_PRED, 2.3,
     [621.8518, 352.6666], 3),
    ("MeanAbsolutePercentageErrorTest::test_mean_with_sample_weight_reduction",
     MAPE(reduction="mean_with_sample_weight"), Y_TRUE, Y_PRED, SAMPLE_WEIGHT, 183.865, 3),
    ("MeanSquaredLogarithmicErrorTest::test_unweighted", MSLE(), Y_TRUE, Y_PRED, None, 1.4370, 3),
    ("MeanSquaredLogarithmicErrorTest::test_scalar_weighted", MSLE(), Y_TRUE, Y_PRED, 2.3, 3.3051, 3),
    ("MeanSquaredLogarithmicErrorTest::test_sample_weighted", MSLE(), Y_TRUE, Y_PRED, SAMPLE_WEIGHT, 3.7856, 3),
    ("MeanSquaredLogarithmicErrorTest::test_timestep_weighted", MSLE(), STEP_TRUE, STEP_PRED, STEP_WEIGHT,
     2.647374, 3),
    ("MeanSquaredLogarithmicErrorTest::test_zero_weighted", MSLE(), Y_TRUE, Y_PRED, 0, 0.0, 3),
    ("MeanSquaredLogarithmicErrorTest::test_mean_with_sample_weight_reduction",
     MSLE(reduction="mean_with_sample_weight"), Y_TRUE, Y_PRED, SAMPLE_WEIGHT, 1.646, 3),
]

# Keras's hinge tests run three reductions in one test; each becomes one case here.
HINGE_CASES = [
    (f"{cls.__name__}Test::test_{kind}[{reduction}]", cls(reduction=reduction), HINGE_TRUE, HINGE_PRED,
     None if kind == "unweighted" else [1, 0], expected, 3)
    for cls, values in [
        (losses.Hinge, {"unweighted": (1.3, 2.6, [1.1, 1.5]), "weighted": (0.55, 1.1, [1.1, 0.0])}),
        (losses.SquaredHinge, {"unweighted": (1.86, 3.72, [1.46, 2.26]), "weighted": (0.73, 1.46, [1.46, 0.0])}),
        (losses.CategoricalHinge, {"unweighted": (1.4, 2.8, [1.2, 1.6]), "weighted": (0.6, 1.2, [1.2, 0.0])}),
    ]
    for kind, expected_by_reduction in values.items()
    for reduction, expected in zip(["sum_over_batch_size", "sum", None], expected_by_reduction)
] + [
    (f"{cls.__name__}Test::test_zero_weighted", cls(), HINGE_TRUE, HINGE_PRED, 0.0, 0.0, 3)
    for cls in (losses.Hinge, losses.SquaredHinge, losses.CategoricalHinge)
]


def _cosine_cases():
    y_true = np.asarray([[1, 9, 2], [-5, -2, 6]], dtype=np.float32)
    y_pred = np.asarray([[4, 8, 12], [8, 1, 3]], dtype=np.float32)
    expected = np.sum(ref_l2_norm(y_true, 1) * ref_l2_norm(y_pred, 1), axis=1)
    step_true, step_pred = y_true.reshape((2, 3, 1)), y_pred.reshape((2, 3, 1))
    step_expected = np.sum(ref_l2_norm(step_true, 2) * ref_l2_norm(step_pred, 2), axis=2)
    weights = np.asarray([3, 6, 5, 0, 4, 2]).reshape((2, 3))
    cosine = losses.CosineSimilarity
    return [
        ("CosineSimilarityTest::test_unweighted", cosine(), y_true, y_pred, None, -np.mean(expected), 3),
        ("CosineSimilarityTest::test_scalar_weighted", cosine(), y_true, y_pred, 2.3, -np.mean(expected * 2.3), 3),
        ("CosineSimilarityTest::test_sample_weighted", cosine(), y_true, y_pred, np.asarray([1.2, 3.4]),
         -np.mean(expected * np.asarray([1.2, 3.4])), 3),
        ("CosineSimilarityTest::test_timestep_weighted", cosine(), step_true, step_pred, weights,
         -np.mean(step_expected * weights), 3),
        ("CosineSimilarityTest::test_zero_weighted", cosine(), y_true, y_pred, 0, 0.0, 3),
        ("CosineSimilarityTest::test_axis", cosine(axis=1), y_true, y_pred, None, -np.mean(expected), 3),
    ]


def _huber_and_log_cosh_cases():
    y_pred = np.array([[0.9, 0.2, 0.2], [0.8, 0.4, 0.6]])
    y_true = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    expected = ref_huber(y_true, y_pred)
    rows = np.asarray([1.2, 1.2, 1.2, 3.4, 3.4, 3.4]).reshape((2, 3))
    step_weights = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3, 1))
    step_expected = ref_huber(y_true.reshape((2, 3, 1)), y_pred.reshape((2, 3, 1)))
    huber = losses.Huber
    log_true = np.asarray([[1, 9, 2], [-5, -2, 6]], dtype=np.float32)
    log_pred = np.asarray([[4, 8, 12], [8, 1, 3]], dtype=np.float32)
    error = log_pred - log_true
    log_expected = np.log((np.exp(error) + np.exp(-error)) / 2)
    step_error = STEP_PRED - STEP_TRUE
    log_step = np.log((np.exp(step_error) + np.exp(-step_error)) / 2)
    return [
        ("HuberLossTest::test_all_correct", huber(), y_true, y_true, None, 0.0, 3),
        ("HuberLossTest::test_unweighted", huber(), y_true, y_pred, None, np.sum(expected) / 6, 3),
        ("HuberLossTest::test_scalar_weighted", huber(), y_true, y_pred, 2.3, 2.3 * np.sum(expected) / 6, 3),
        ("HuberLossTest::test_sample_weighted", huber(), y_true, y_pred, SAMPLE_WEIGHT,
         np.sum(expected * rows) / 6, 3),
        ("HuberLossTest::test_timestep_weighted", huber(), y_true.reshape((2, 3, 1)), y_pred.reshape((2, 3, 1)),
         step_weights, np.sum(step_expected * step_weights) / 6, 3),
        ("HuberLossTest::test_zero_weighted", huber(), y_true, y_pred, 0, 0.0, 3),
        ("HuberLossTest::test_non_default_delta", huber(delta=0.8), y_true, y_pred, 2.3,
         2.3 * np.sum(ref_huber(y_true, y_pred, 0.8)) / 6, 3),
        ("LogCoshTest::test_unweighted", losses.LogCosh(), log_true, log_pred, None, np.sum(log_expected) / 6, 3),
        ("LogCoshTest::test_scalar_weighted", losses.LogCosh(), log_true, log_pred, 2.3,
         2.3 * np.sum(log_expected) / 6, 3),
        ("LogCoshTest::test_sample_weighted", losses.LogCosh(), log_true, log_pred, np.asarray([1.2, 3.4]),
         np.sum(log_expected * rows) / 6, 3),
        ("LogCoshTest::test_timestep_weighted", losses.LogCosh(), STEP_TRUE, STEP_PRED, step_weights,
         np.sum(log_step * step_weights) / 6, 3),
        ("LogCoshTest::test_zero_weighted", losses.LogCosh(), log_true, log_pred, 0, 0.0, 3),
    ]


def _kld_and_poisson_cases():
    kl_pred = np.asarray([0.4, 0.9, 0.12, 0.36, 0.3, 0.4], dtype=np.float32).reshape((2, 3))
    kl_true = np.asarray([0.5, 0.8, 0.12, 0.7, 0.43, 0.8], dtype=np.float32).reshape((2, 3))
    kl_expected = kl_true * np.log(kl_true / kl_pred)
    rows = np.asarray([1.2, 1.2, 1.2, 3.4, 3.4, 3.4], dtype=np.float32).reshape(2, 3)
    weights = np.asarray([3, 6, 5, 0, 4, 2]).reshape(2, 3)
    kl_step = np.sum(kl_true.reshape(2, 3, 1) * np.log(kl_true.reshape(2, 3, 1) / kl_pred.reshape(2, 3, 1)), -1)
    p_pred = np.asarray([1, 9, 2, 5, 2, 6], dtype=np.float32).reshape((2, 3))
    p_true = np.asarray([4, 8, 12, 8, 1, 3], dtype=np.float32).reshape((2, 3))
    p_expected = p_pred - p_true * np.log(p_pred)
    kld, poisson = losses.KLDivergence, losses.Poisson
    return [
        ("KLDivergenceTest::test_unweighted", kld(), kl_true, kl_pred, None, np.sum(kl_expected) / 2, 3),
        ("KLDivergenceTest::test_scalar_weighted", kld(), kl_true, kl_pred, 2.3, 2.3 * np.sum(kl_expected) / 2, 3),
        ("KLDivergenceTest::test_sample_weighted", kld(), kl_true, kl_pred,
         np.asarray([1.2, 3.4], dtype=np.float32).reshape((2, 1)), np.sum(kl_expected * rows) / 2, 3),
        ("KLDivergenceTest::test_timestep_weighted", kld(), kl_true.reshape(2, 3, 1), kl_pred.reshape(2, 3, 1),
         weights, np.sum(kl_step * weights) / 6, 3),
        ("KLDivergenceTest::test_zero_weighted", kld(), kl_true, kl_pred, 0, 0.0, 3),
        ("PoissonTest::test_unweighted", poisson(), p_true, p_pred, None, np.sum(p_expected) / 6, 3),
        ("PoissonTest::test_scalar_weighted", poisson(), p_true, p_pred, 2.3, 2.3 * np.sum(p_expected) / 6, 3),
        ("PoissonTest::test_sample_weighted", poisson(), p_true, p_pred, np.asarray([1.2, 3.4]).reshape((2, 1)),
         np.sum(p_expected * rows) / 6, 3),
        ("PoissonTest::test_timestep_weighted", poisson(), p_true.reshape(2, 3, 1), p_pred.reshape(2, 3, 1),
         weights, np.sum(p_expected.reshape(2, 3, 1) * weights.reshape(2, 3, 1)) / 6, 3),
        ("PoissonTest::test_zero_weighted", poisson(), p_true, p_pred, 0, 0.0, 3),
    ]


def _cross_entropy_cases():
    eye = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype="float32")
    bce_pred = np.array([[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]], dtype="float32")
    bce_true_2, bce_pred_2 = np.array([1, 0, 1, 0]).reshape([2, 2]), np.array([1, 1, 1, 0], "float32").reshape([2, 2])
    bce_true_3, bce_logits = np.array([[1, 0, 1], [0, 1, 1]]), np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])
    big = np.array([[10.0, -10.0, -10.0], [-10.0, 10.0, -10.0], [-10.0, -10.0, 10.0]])
    cce_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
    cce_logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
    weights = np.array([[1.2], [3.4], [5.6]]).reshape((3, 1))
    labels, column = np.array([0, 1, 2]), np.array([[0], [1], [2]])
    bce, cce, scce = losses.BinaryCrossentropy, losses.CategoricalCrossentropy, losses.SparseCategoricalCrossentropy
    smooth = 0.1
    return [
        ("BinaryCrossentropyTest::test_all_correct_unweighted", bce(), eye, eye, None, 0.0, 3),
        ("BinaryCrossentropyTest::test_all_correct_unweighted[logits]", bce(from_logits=True), eye, big, None, 0.0, 3),
        ("BinaryCrossentropyTest::test_unweighted", bce(), eye, bce_pred, None, 0.20046903, "close"),
        ("BinaryCrossentropyTest::test_unweighted[2]", bce(), bce_true_2, bce_pred_2, None, 3.98559, 3),
        ("BinaryCrossentropyTest::test_unweighted[logits]", bce(from_logits=True), bce_true_3, bce_logits, None,
         3.3333, 3),
        ("BinaryCrossentropyTest::test_scalar_weighted", bce(), bce_true_2, bce_pred_2, 2.3, 9.1668, 3),
        ("BinaryCrossentropyTest::test_scalar_weighted[logits]", bce(from_logits=True), bce_true_3, bce_logits, 2.3,
         7.666, 3),
        ("BinaryCrossentropyTest::test_sample_weighted", bce(), bce_true_2, bce_pred_2,
         np.array([1.2, 3.4]).reshape((2, 1)), 4.7827, 3),
        ("BinaryCrossentropyTest::test_sample_weighted[logits]", bce(from_logits=True), bce_true_3, bce_logits,
         np.array([4, 3]), 10.0, 3),
        ("BinaryCrossentropyTest::test_no_reduction", bce(from_logits=True, reduction=None), bce_true_3, bce_logits,
         None, [0.0, 6.666], 3),
        ("BinaryCrossentropyTest::test_label_smoothing", bce(from_logits=True, label_smoothing=smooth),
         np.array([[1, 0, 1]]), np.array([[10.0, -10.0, -10.0]]), None, (10.0 + 5.0 * smooth) / 3.0, 3),
        ("CategoricalCrossentropyTest::test_all_correct_unweighted", cce(), eye.astype("int64"), eye, None, 0.0, 3),
        ("CategoricalCrossentropyTest::test_all_correct_unweighted[logits]", cce(from_logits=True),
         eye.astype("int64"), np.array([[10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]]), None, 0.0, 3),
        ("CategoricalCrossentropyTest::test_unweighted", cce(), eye, cce_pred, None, 0.3239, 3),
        ("CategoricalCrossentropyTest::test_unweighted[logits]", cce(from_logits=True), eye, cce_logits, None,
         0.0573, 3),
        ("CategoricalCrossentropyTest::test_scalar_weighted", cce(), eye, cce_pred, 2.3, 0.7449, 3),
        ("CategoricalCrossentropyTest::test_scalar_weighted[logits]", cce(from_logits=True), eye, cce_logits, 2.3,
         0.1317, 3),
        ("CategoricalCrossentropyTest::test_sample_weighted", cce(), eye, cce_pred, weights, 1.0696, 3),
        ("CategoricalCrossentropyTest::test_sample_weighted[logits]", cce(from_logits=True), eye, cce_logits,
         weights, 0.31829, 3),
        ("CategoricalCrossentropyTest::test_no_reduction", cce(from_logits=True, reduction=None), eye, cce_logits,
         None, (0.001822, 0.000459, 0.169846), "close"),
        ("CategoricalCrossentropyTest::test_label_smoothing", cce(from_logits=True, label_smoothing=smooth),
         np.array([[1, 0, 0]]), np.array([[100.0, -100.0, -100.0]]), None, 400.0 * smooth / 3.0, 3),
        ("CategoricalCrossentropyTest::test_label_smoothing_ndarray", cce(from_logits=True, label_smoothing=smooth),
         np.asarray([[1, 0, 0]]), np.asarray([[100.0, -100.0, -100.0]]), None, 400.0 * smooth / 3.0, 3),
        ("SparseCategoricalCrossentropyTest::test_all_correct_unweighted", scce(), column.astype("int64"), eye,
         None, 0.0, 3),
        ("SparseCategoricalCrossentropyTest::test_all_correct_unweighted[logits]", scce(from_logits=True),
         column.astype("int64"), np.array([[10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]]), None, 0.0, 3),
        ("SparseCategoricalCrossentropyTest::test_unweighted", scce(), labels, cce_pred, None, 0.3239, 3),
        ("SparseCategoricalCrossentropyTest::test_unweighted[logits]", scce(from_logits=True), labels, cce_logits,
         None, 0.0573, 3),
        ("SparseCategoricalCrossentropyTest::test_scalar_weighted", scce(), column, cce_pred, 2.3, 0.7449, 3),
        ("SparseCategoricalCrossentropyTest::test_scalar_weighted[logits]", scce(from_logits=True), column,
         cce_logits, 2.3, 0.1317, 3),
        ("SparseCategoricalCrossentropyTest::test_sample_weighted", scce(), column, cce_pred, weights, 1.0696, 3),
        ("SparseCategoricalCrossentropyTest::test_sample_weighted[logits]", scce(from_logits=True), column,
         cce_logits, weights, 0.31829, 3),
        ("SparseCategoricalCrossentropyTest::test_no_reduction", scce(from_logits=True, reduction=None), column,
         cce_logits, None, (0.001822, 0.000459, 0.169846), "close"),
    ]


GOLDEN_CASES = (REGRESSION_CASES + HINGE_CASES + _cosine_cases() + _huber_and_log_cosh_cases()
                + _kld_and_poisson_cases() + _cross_entropy_cases())


@pytest.mark.parametrize("loss, y_true, y_pred, sample_weight, expected, decimal",
                         [case[1:] for case in GOLDEN_CASES], ids=[case[0] for case in GOLDEN_CASES])
def test_keras_golden_values(loss, y_true, y_pred, sample_weight, expected, decimal):
    """From keras/src/losses/losses_test.py::<the id>: Keras's inputs and golden value."""
    value = loss(y_true, y_pred, sample_weight=sample_weight)
    if loss.reduction is None:
        assert value.shape == np.shape(expected)
    else:
        assert isinstance(value, float)
    if decimal == "close":
        assert_all_close(value, expected, atol=1e-3 if loss.reduction is None else 1e-6)
    else:
        assert_almost_equal(value, expected, decimal)


def test_keras_mse_base_function_reduction():
    """From keras/src/losses/losses_test.py::MeanSquaredErrorTest::test_base_function_reduction."""
    loss = losses.mean_squared_error(np.array([4, 8, 12]), np.array([[3], [0], [1]]))
    assert loss.shape == (3,)


@pytest.mark.parametrize("cls", [losses.Hinge, losses.SquaredHinge, losses.CategoricalHinge])
def test_keras_hinge_bad_reduction(cls):
    """From keras/src/losses/losses_test.py::<Hinge|SquaredHinge|CategoricalHinge>Test::test_unweighted
    (the "Bad reduction" part); the message also names what was expected and found."""
    with pytest.raises(ValueError, match="Invalid value for argument") as info:
        cls(reduction="abc")
    assert isinstance(info.value, errors.HyperparameterError)
    assert "'abc'" in str(info.value) and "sum_over_batch_size" in str(info.value)


def test_keras_huber_and_log_cosh_repeat_calls_give_the_same_value():
    """From keras/src/losses/losses_test.py::HuberLossTest / LogCoshTest / KLDivergenceTest /
    PoissonTest::test_scalar_weighted ("Verify we get the same output when the same input is given")."""
    for loss in (losses.Huber(), losses.LogCosh(), losses.KLDivergence(), losses.Poisson()):
        y_true, y_pred = np.abs(Y_TRUE) / 10, np.abs(Y_PRED) / 10
        assert loss(y_true, y_pred, sample_weight=2.3) == loss(y_true, y_pred, sample_weight=2.3)


# -- configs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "keras_test, loss",
    [
        ("MeanSquaredErrorTest::test_config", losses.MeanSquaredError(name="mymse")),
        ("MeanAbsoluteErrorTest::test_config", losses.MeanAbsoluteError(name="myname")),
        ("MeanAbsolutePercentageErrorTest::test_config", losses.MeanAbsolutePercentageError(name="mymape")),
        ("MeanSquaredLogarithmicErrorTest::test_config", losses.MeanSquaredLogarithmicError(name="mysloge")),
        ("BinaryCrossentropyTest::test_config", losses.BinaryCrossentropy(name="bce", axis=-1)),
        ("CategoricalCrossentropyTest::test_config", losses.CategoricalCrossentropy(name="cce", axis=-1)),
        ("SparseCategoricalCrossentropyTest::test_config", losses.SparseCategoricalCrossentropy(name="scce")),
    ],
)
def test_keras_class_serialization(keras_test, loss):
    """From keras/src/losses/losses_test.py::<keras_test>: run_class_serialization_test, i.e. the
    config survives from_config, and serialize/deserialize (and pickle) give an equal loss."""
    config = loss.get_config()
    rebuilt = type(loss).from_config(config)
    assert type(rebuilt) is type(loss) and rebuilt.get_config() == config
    assert losses.deserialize(losses.serialize(loss)).get_config() == config
    assert pickle.loads(pickle.dumps(loss)).get_config() == config


@pytest.mark.parametrize(
    "keras_test, loss, keras_config, extra",
    [
        ("LogCoshTest::test_config", losses.LogCosh(reduction="sum", name="logcosh_loss"),
         {"name": "logcosh_loss", "reduction": "sum"}, {}),
        ("KLDivergenceTest::test_config", losses.KLDivergence(reduction="sum", name="kld"),
         {"name": "kld", "reduction": "sum"}, {}),
        ("PoissonTest::test_config", losses.Poisson(reduction="sum", name="poisson"),
         {"name": "poisson", "reduction": "sum"}, {}),
        ("HuberLossTest::test_config", losses.Huber(reduction="sum", name="huber"),
         {"name": "huber", "reduction": "sum"}, {"delta": 1.0}),
        ("CosineSimilarityTest::test_config", losses.CosineSimilarity(axis=2, reduction="sum", name="cosine_loss"),
         {"name": "cosine_loss", "reduction": "sum"}, {"axis": 2}),
    ],
)
def test_keras_config(keras_test, loss, keras_config, extra):
    """From keras/src/losses/losses_test.py::<keras_test>. Deliberately different for Huber and
    CosineSimilarity: Keras 3's config drops delta and axis (so a saved Huber(delta=2) would come
    back with delta=1); nnlib's keeps them."""
    assert loss.name == keras_config["name"] and loss.reduction == keras_config["reduction"]
    assert loss.get_config() == {**keras_config, **extra}
    assert type(loss).from_config(loss.get_config()).get_config() == loss.get_config()


# -- special cases ------------------------------------------------------------------


@pytest.mark.parametrize("cls", [losses.BinaryCrossentropy, losses.CategoricalCrossentropy])
def test_keras_shape_mismatch(cls):
    """From keras/src/losses/losses_test.py::<Binary|Categorical>CrossentropyTest::test_shape_mismatch.
    Deliberately different message: a ValueError as in Keras, but nnlib says what the shapes are
    (and, for labels given to categorical_crossentropy, which loss to use instead) rather than
    Keras's "must have the same shape"."""
    y_true = np.array([[0], [1], [2]])
    y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])
    with pytest.raises(ValueError) as info:
        cls()(y_true, y_pred)
    message = str(info.value)
    assert "(3, 1)" in message and "(3, 3)" in message
    if cls is losses.CategoricalCrossentropy:
        assert "sparse_categorical_crossentropy" in message


def test_keras_sparse_ignore_class():
    """From keras/src/losses/losses_test.py::SparseCategoricalCrossentropyTest::test_ignore_class."""
    logits = np.array([[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]])
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=None)
    assert_all_close(loss(np.array([[-1, 2]]), logits), [[0.0, 1.480129]])
    assert_all_close(loss(np.array([[[-1], [2]]]), logits), [[0.0, 1.480129]])


def test_sparse_ignore_class_leaves_the_ignored_out_of_the_mean(keras):
    """Keras's mask arithmetic: with the default reduction, the mean over the valid labels only."""
    labels = np.array([[-1, 2, 0, -1]])
    logits = np.random.default_rng(3).normal(size=(1, 4, 3))
    for reduction in ["sum_over_batch_size", "sum", "mean_with_sample_weight"]:
        ours = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=reduction)
        theirs = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=reduction)
        assert ours(labels, logits) == pytest.approx(float(theirs(labels, logits)), rel=1e-6)
        weights = np.array([[1.0, 2.0, 0.5, 3.0]])
        assert ours(labels, logits, weights) == pytest.approx(float(theirs(labels, logits, weights)), rel=1e-6)


BINARY_SEGMENTATION_TRUE = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])


def _binary_segmentation_pred(perfect):
    y_pred = np.array([
        [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]],
        [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
        [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]],
        [[0.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]],
    ])
    if not perfect:
        y_pred[0, 3], y_pred[3, 3] = [0.2, 0.8], [0.6, 0.4]
    return y_pred


def test_keras_sparse_binary_segmentation():
    """From keras/src/losses/losses_test.py::SparseCategoricalCrossentropyTest::test_binary_segmentation."""
    loss = losses.SparseCategoricalCrossentropy()
    assert_all_close(loss(BINARY_SEGMENTATION_TRUE, _binary_segmentation_pred(True)), 0.0)
    expected = np.array([-np.log(0.2), -np.log(0.4)])
    assert_all_close(loss(BINARY_SEGMENTATION_TRUE, _binary_segmentation_pred(False)), expected.sum() / 16.0)


@pytest.mark.parametrize("test", ["test_binary_segmentation_different_axis",
                                  "test_multi_class_segmentation_different_axis"])
def test_keras_sparse_different_axis(test):
    """From keras/src/losses/losses_test.py::SparseCategoricalCrossentropyTest::<test>, its
    TensorFlow branch: only axis=-1, with the same message."""
    y_pred = np.moveaxis(_binary_segmentation_pred(True), source=2, destination=0)
    with pytest.raises(ValueError, match=r"Only axis=-1 is currently supported\. Received: axis=0"):
        losses.SparseCategoricalCrossentropy(axis=0)(BINARY_SEGMENTATION_TRUE, y_pred)


def test_keras_sparse_multi_class_segmentation():
    """From keras/src/losses/losses_test.py::SparseCategoricalCrossentropyTest::test_multi_class_segmentation."""
    y_true = np.array([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
    eye = np.eye(3)
    y_pred = eye[y_true]  # a perfect prediction
    loss = losses.SparseCategoricalCrossentropy()
    assert_all_close(loss(y_true, y_pred), 0.0)
    y_pred[0, 3], y_pred[1, 0], y_pred[3, 2] = [0.2, 0.0, 0.8], [0.7, 0.3, 0.0], [0.5, 0.5, 0.0]
    expected = np.array([-np.log(0.2), -np.log(0.3), -np.log(0.5)])
    assert_all_close(loss(y_true, y_pred), expected.sum() / 16.0)


@pytest.mark.skip(reason="Keras runs it on the torch backend only (channels-first class axis); "
                         "nnlib, like Keras on TensorFlow, supports axis=-1 only")
def test_keras_sparse_squeezes_singleton_class_dim_on_user_axis():
    """From keras/src/losses/losses_test.py::SparseCategoricalCrossentropyTest::
    test_squeezes_singleton_class_dim_on_user_axis."""


DTYPE_CASES = [
    ("MeanSquaredErrorTest", losses.MeanSquaredError, Y_TRUE, Y_PRED),
    ("MeanAbsoluteErrorTest", losses.MeanAbsoluteError, Y_TRUE, Y_PRED),
    ("MeanAbsolutePercentageErrorTest", losses.MeanAbsolutePercentageError, Y_TRUE, Y_PRED),
    ("MeanSquaredLogarithmicErrorTest", losses.MeanSquaredLogarithmicError, Y_TRUE, Y_PRED),
    ("HingeTest", losses.Hinge, HINGE_TRUE, HINGE_PRED),
    ("SquaredHingeTest", losses.SquaredHinge, HINGE_TRUE, HINGE_PRED),
    ("CategoricalHingeTest", losses.CategoricalHinge, HINGE_TRUE, HINGE_PRED),
    ("CosineSimilarityTest", losses.CosineSimilarity, Y_TRUE, Y_PRED),
    ("HuberLossTest", losses.Huber, Y_TRUE, Y_PRED),
    ("LogCoshTest", losses.LogCosh, Y_TRUE, Y_PRED),
    ("KLDivergenceTest", losses.KLDivergence, np.eye(3)[[0, 1]], np.full((2, 3), 1 / 3)),
    ("PoissonTest", losses.Poisson, np.abs(Y_TRUE), Y_PRED),
    ("BinaryCrossentropyTest", losses.BinaryCrossentropy, np.eye(3), np.full((3, 3), 0.4)),
    ("CategoricalCrossentropyTest", losses.CategoricalCrossentropy, np.eye(3, dtype="int64"), np.eye(3)),
    ("SparseCategoricalCrossentropyTest", losses.SparseCategoricalCrossentropy, np.array([[0], [1], [2]]), np.eye(3)),
]


@pytest.mark.parametrize("keras_class, cls, y_true, y_pred", DTYPE_CASES, ids=[c[0] for c in DTYPE_CASES])
def test_keras_dtype_arg(keras_class, cls, y_true, y_pred):
    """From keras/src/losses/losses_test.py::<keras_class>::test_dtype_arg. Deliberately different:
    NumPy has no bfloat16, so nnlib refuses it with a clear error; a NumPy dtype works the same
    way (here float16: the loss computes in it, and reduction=None returns it)."""
    with pytest.raises(errors.HyperparameterError, match="bfloat16"):
        cls(dtype="bfloat16")
    loss = cls(dtype="float16", reduction=None)
    assert loss.dtype == "float16"
    assert loss(y_true, y_pred.astype("float32")).dtype == np.float16
    assert isinstance(cls(dtype="float16")(y_true, y_pred), float)


# -- keras/src/losses/loss_test.py --------------------------------------------------


class ExampleLoss(losses.Loss):
    """loss_test.py's ExampleLoss, with the backward pass nnlib needs to train with it."""

    def call(self, y_true, y_pred):
        return (y_true - y_pred) ** 2

    def call_backward(self, y_true, y_pred, grad_values):
        return grad_values * 2 * (y_pred - y_true)


class ExampleLossWithoutGradient(losses.Loss):
    def call(self, y_true, y_pred):
        return (y_true - y_pred) ** 2


LOSS_TEST_TRUE = np.array([1.0, 0.0, 1.0, 0.0])
LOSS_TEST_PRED = np.array([0.1, 0.2, 0.3, 0.4])


def test_keras_squeeze_or_expand():
    """From keras/src/losses/loss_test.py::LossTest::test_squeeze_or_expand (on shapes)."""
    assert same_rank_shapes((3,), (3, 1)) == ((3, 1), (3, 1))
    assert same_rank_shapes((3, 2), (3, 2, 1)) == ((3, 2), (3, 2))
    assert same_rank_shapes((3, 1), (3,)) == ((3, 1), (3, 1))
    assert same_rank_shapes((3, 2, 1), (3, 2)) == ((3, 2), (3, 2))


def test_keras_reduction():
    """From keras/src/losses/loss_test.py::LossTest::test_reduction."""
    squares = (LOSS_TEST_TRUE - LOSS_TEST_PRED) ** 2
    none = ExampleLoss(reduction=None)(LOSS_TEST_TRUE, LOSS_TEST_PRED.astype("float32"))
    assert none.dtype == np.float32
    assert_all_close(none, squares)
    assert_all_close(ExampleLoss(reduction="sum")(LOSS_TEST_TRUE, LOSS_TEST_PRED), np.sum(squares))
    assert_all_close(ExampleLoss(reduction="sum_over_batch_size")(LOSS_TEST_TRUE, LOSS_TEST_PRED), np.sum(squares) / 4)
    with pytest.raises(ValueError, match="Invalid value for argument"):
        ExampleLoss(reduction="abc")


def test_keras_sample_weight():
    """From keras/src/losses/loss_test.py::LossTest::test_sample_weight."""
    sample_weight = np.array([0.4, 0.3, 0.2, 0.1])
    loss = ExampleLoss()(LOSS_TEST_TRUE, LOSS_TEST_PRED, sample_weight=sample_weight)
    assert_all_close(loss, np.sum(sample_weight * (LOSS_TEST_TRUE - LOSS_TEST_PRED) ** 2) / 4)
    assert ExampleLoss()(LOSS_TEST_TRUE, LOSS_TEST_PRED, sample_weight=np.zeros(4)) == 0  # no NaN


def test_keras_mixed_dtypes():
    """From keras/src/losses/loss_test.py::LossTest::test_mixed_dtypes."""
    sample_weight = np.array([0.4, 0.3, 0.2, 0.1], dtype="float64")
    y_true = np.array([1.0, 0.0, 1.0, 0.0], dtype="int32")
    y_pred = np.array([0.1, 0.2, 0.3, 0.4], dtype="float32")
    assert ExampleLoss(reduction=None)(y_true, y_pred, sample_weight=sample_weight).dtype == np.float32
    assert_all_close(ExampleLoss()(y_true, y_pred, sample_weight=sample_weight),
                     np.sum(sample_weight * (y_true - y_pred) ** 2) / 4)


@pytest.mark.skip(reason="Keras masks (a mask set on y_pred by a masking layer) do not exist in nnlib")
@pytest.mark.parametrize("keras_test", ["test_mask", "test_mask_and_sample_weight",
                                        "test_mask_and_sample_weight_rank2", "test_rank_adjustment[mask]",
                                        "test_rank_adjustment[sample_weight]", "test_rank_adjustment[ys]"])
def test_keras_masks(keras_test):
    """From keras/src/losses/loss_test.py::LossTest::<keras_test>."""


def test_keras_pickle():
    """From keras/src/losses/loss_test.py::LossTest::test_pickle. Deliberately different: Keras's
    get("mse") is the function mean_squared_error, nnlib's a MeanSquaredError (its gradient is
    what fit needs); it pickles, and computes what the function computes."""
    loss = pickle.loads(pickle.dumps(losses.get("mse")))
    assert type(loss) is losses.MeanSquaredError
    assert_all_close(loss.per_sample(Y_TRUE, Y_PRED), losses.mean_squared_error(Y_TRUE, Y_PRED))


def test_keras_get_method():
    """From keras/src/losses/loss_test.py::LossTest::test_get_method (the same difference as
    test_pickle; a function given to get becomes its class)."""
    assert type(losses.get("mse")) is losses.MeanSquaredError
    assert type(losses.get(losses.mean_squared_error)) is losses.MeanSquaredError
    assert losses.get(None) is None
    with pytest.raises(ValueError):
        losses.get("typo")


def test_keras_loss_dtype_arg():
    """From keras/src/losses/loss_test.py::LossTest::test_dtype_arg. Deliberately different: no
    DTypePolicy (nnlib has no mixed precision); a NumPy dtype, and a read-only ``dtype``."""
    loss = ExampleLoss(dtype="float16", reduction=None)
    assert loss(LOSS_TEST_TRUE.astype("float32"), LOSS_TEST_PRED.astype("float32")).dtype == np.float16
    with pytest.raises(AttributeError):
        loss.dtype = "bfloat16"


def test_keras_default_dtype():
    """From keras/src/losses/loss_test.py::LossTest::test_default_dtype. Deliberately different:
    nnlib has no global floatx; by default a loss computes in y_pred's float dtype, so a float64
    model keeps float64 (ints become float32)."""
    loss = ExampleLoss(reduction=None)
    assert loss(LOSS_TEST_TRUE, LOSS_TEST_PRED.astype("float32")).dtype == np.float32
    assert loss(LOSS_TEST_TRUE, LOSS_TEST_PRED).dtype == np.float64
    assert loss(np.array([1, 0]), np.array([1, 1])).dtype == np.float32
    assert loss.dtype is None


# -- beyond Keras's tests: the same numbers as the installed Keras ----------------------


def _parity_data(rng, name):
    """(y_true, y_pred) of shape (5, 4) fitting the loss ``name``."""
    shape = (5, 4)
    if name in ("BinaryCrossentropy",):
        return (rng.random(shape) > 0.5).astype("float32"), rng.uniform(0.01, 0.99, shape).astype("float32")
    if name in ("CategoricalCrossentropy", "KLDivergence", "CategoricalHinge"):
        p = rng.uniform(0.05, 1, shape)
        return np.eye(4, dtype="float32")[rng.integers(0, 4, 5)], (p / p.sum(1, keepdims=True)).astype("float32")
    if name == "SparseCategoricalCrossentropy":
        p = rng.uniform(0.05, 1, shape)
        return rng.integers(0, 4, 5), (p / p.sum(1, keepdims=True)).astype("float32")
    if name in ("Hinge", "SquaredHinge"):
        return rng.choice([-1.0, 1.0], shape).astype("float32"), rng.normal(size=shape).astype("float32")
    if name in ("Poisson", "MeanSquaredLogarithmicError"):
        return rng.poisson(3, shape).astype("float32"), rng.uniform(0.1, 5, shape).astype("float32")
    return rng.normal(size=shape).astype("float32") * 2, rng.normal(size=shape).astype("float32") * 2


PARITY_LOSSES = [
    ("MeanSquaredError", {}), ("MeanAbsoluteError", {}), ("MeanAbsolutePercentageError", {}),
    ("MeanSquaredLogarithmicError", {}), ("Huber", {}), ("Huber", {"delta": 0.5}), ("LogCosh", {}),
    ("CosineSimilarity", {}), ("Hinge", {}), ("SquaredHinge", {}), ("CategoricalHinge", {}),
    ("KLDivergence", {}), ("Poisson", {}), ("BinaryCrossentropy", {}),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}), ("BinaryCrossentropy", {"from_logits": True}),
    ("CategoricalCrossentropy", {}), ("CategoricalCrossentropy", {"label_smoothing": 0.3}),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}),
    ("SparseCategoricalCrossentropy", {}), ("SparseCategoricalCrossentropy", {"from_logits": True}),
]
REDUCTIONS = ["sum_over_batch_size", "sum", "mean_with_sample_weight", None]
WEIGHTS = {"none": None, "scalar": 0.7, "per sample": np.array([0.5, 2.0, 0.0, 1.0, 3.0]),
           "column": np.array([[0.5], [2.0], [0.0], [1.0], [3.0]])}


@pytest.mark.parametrize("reduction", REDUCTIONS, ids=str)
@pytest.mark.parametrize("name, kwargs", PARITY_LOSSES, ids=[f"{n}{k or ''}" for n, k in PARITY_LOSSES])
def test_same_numbers_as_keras(keras, name, kwargs, reduction):
    """Every loss, every reduction, every form of sample weight: the numbers of the installed Keras."""
    rng = np.random.default_rng(len(name) * 7 + len(kwargs))
    y_true, y_pred = _parity_data(rng, name)
    if kwargs.get("from_logits"):
        y_pred = rng.normal(size=y_pred.shape).astype("float32") * 3
    ours, theirs = getattr(losses, name)(reduction=reduction, **kwargs), getattr(keras.losses, name)(
        reduction=reduction, **kwargs)
    for label, weight in WEIGHTS.items():
        expected = keras.ops.convert_to_numpy(theirs(y_true, y_pred, sample_weight=weight))
        np.testing.assert_allclose(ours(y_true, y_pred, sample_weight=weight), expected, rtol=2e-5, atol=1e-6,
                                   err_msg=label)


@pytest.mark.parametrize("function", ["mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
                                      "mean_squared_logarithmic_error", "huber", "log_cosh", "cosine_similarity",
                                      "hinge", "squared_hinge", "categorical_hinge", "kl_divergence", "poisson",
                                      "binary_crossentropy", "categorical_crossentropy",
                                      "sparse_categorical_crossentropy"])
def test_functional_forms_match_keras(keras, function):
    """losses.<function>(y_true, y_pred): per-sample values, shape (batch,), as keras.losses.<function>."""
    names = {"huber": "Huber", "log_cosh": "LogCosh", "kl_divergence": "KLDivergence", "poisson": "Poisson",
             "hinge": "Hinge", "squared_hinge": "SquaredHinge", "categorical_hinge": "CategoricalHinge",
             "cosine_similarity": "CosineSimilarity"}
    class_name = names.get(function) or "".join(part.title() for part in function.split("_"))
    y_true, y_pred = _parity_data(np.random.default_rng(5), class_name)
    ours = getattr(losses, function)(y_true, y_pred)
    assert ours.shape == (5,)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(getattr(keras.losses, function)(y_true, y_pred)),
                               rtol=2e-5, atol=1e-6)


def test_short_function_names():
    for short, long in [("mse", "mean_squared_error"), ("mae", "mean_absolute_error"),
                        ("mape", "mean_absolute_percentage_error"), ("msle", "mean_squared_logarithmic_error"),
                        ("kld", "kl_divergence"), ("logcosh", "log_cosh")]:
        assert getattr(losses, short) is getattr(losses, long)


def test_functional_binary_crossentropy_options_match_keras(keras):
    rng = np.random.default_rng(8)
    y_true, z = (rng.random((4, 3)) > 0.5).astype("float32"), rng.normal(size=(4, 3)).astype("float32")
    for options in [{"from_logits": True}, {"from_logits": True, "label_smoothing": 0.2}, {"axis": 0}]:
        y_pred = z if options.get("from_logits") else 1 / (1 + np.exp(-z))
        np.testing.assert_allclose(losses.binary_crossentropy(y_true, y_pred, **options),
                                   keras.losses.binary_crossentropy(y_true, y_pred, **options), rtol=2e-5)


def test_categorical_crossentropy_axis_matches_keras(keras):
    """axis=0 (the classes down the columns), with and without logits and smoothing."""
    rng = np.random.default_rng(9)
    y_true = np.eye(4, dtype="float32")[rng.integers(0, 4, 3)].T  # (classes 4, samples 3)
    p = rng.uniform(0.05, 1, (4, 3)).astype("float32")
    for options in [{}, {"from_logits": True}, {"label_smoothing": 0.2}]:
        ours = losses.CategoricalCrossentropy(axis=0, **options)
        theirs = keras.losses.CategoricalCrossentropy(axis=0, **options)
        assert ours(y_true, p) == pytest.approx(float(theirs(y_true, p)), rel=2e-5)


# -- gradients against central differences ----------------------------------------------


def _central_differences(f, x):
    """d f / d x by nnlib.gradcheck.numerical_gradient (x is moved in place and put back)."""
    x = x.copy()
    return numerical_gradient(lambda: f(x), x, list(np.ndindex(x.shape))).reshape(x.shape)


GRADIENT_LOSSES = PARITY_LOSSES + [("CosineSimilarity", {"axis": 0}), ("CategoricalCrossentropy", {"axis": 0}),
                                   ("BinaryCrossentropy", {"axis": 0})]


# With axis=0 the values are per column, so the weights of the 5 samples do not apply to them.
GRADIENT_CASES = [(name, kwargs, weight) for name, kwargs in GRADIENT_LOSSES for weight in WEIGHTS
                  if not (kwargs.get("axis") == 0 and weight in ("per sample", "column"))]


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
@pytest.mark.parametrize("name, kwargs, weight", GRADIENT_CASES,
                         ids=[f"{n}{k or ''}-{w}" for n, k, w in GRADIENT_CASES])
def test_gradient_matches_central_differences(name, kwargs, weight, reduction):
    """gradient(y, p, w) is d loss(y, p, w) / d p, for every loss, weight form and reduction."""
    rng = np.random.default_rng(11)
    y_true, y_pred = _parity_data(rng, name)
    y_true = y_true.astype(np.float64) if y_true.dtype.kind == "f" else y_true
    y_pred = y_pred.astype(np.float64)
    if kwargs.get("from_logits"):
        y_pred = rng.normal(size=y_pred.shape) * 2
    if name == "MeanAbsolutePercentageError":
        y_pred = y_true + rng.choice([-1, 1], y_true.shape) * rng.uniform(0.1, 1, y_true.shape)  # away from the kink
    if name in ("Hinge", "SquaredHinge"):
        y_pred = y_pred + 0.05 * np.sign(1 - y_true * y_pred)  # away from the kink at y * y_hat = 1
    sample_weight = WEIGHTS[weight]
    loss = getattr(losses, name)(reduction=reduction, **kwargs)
    analytic = loss.gradient(y_true, y_pred, sample_weight)
    assert analytic.shape == y_pred.shape and analytic.dtype == np.float64
    numerical = _central_differences(lambda p: loss(y_true, p, sample_weight), y_pred)
    np.testing.assert_allclose(analytic, numerical, rtol=1e-5, atol=1e-7)
    value, gradient = loss.value_and_gradient(y_true, y_pred, sample_weight)
    assert value == pytest.approx(loss(y_true, y_pred, sample_weight), rel=1e-12)
    np.testing.assert_allclose(gradient, analytic, rtol=1e-12)


@pytest.mark.parametrize("name, kwargs, activation", [
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "sigmoid"),
    ("CategoricalCrossentropy", {"label_smoothing": 0.2}, "softmax"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 1}, "softmax"),
    ("BinaryCrossentropy", {"reduction": "sum"}, "sigmoid"),
])
def test_fused_gradient_with_smoothing_weights_and_ignored_labels(name, kwargs, activation):
    """gradient_from_logits is d value_from_logits / dz, with sample weights, smoothing and ignore_class."""
    rng = np.random.default_rng(12)
    z = rng.normal(size=(5, 4)) * 2
    if name == "BinaryCrossentropy":
        y_true = (rng.random((5, 4)) > 0.5).astype(float)
    elif name == "CategoricalCrossentropy":
        y_true = np.eye(4)[rng.integers(0, 4, 5)]
    else:
        y_true = np.array([0, 1, 3, 1, 2])
    loss = getattr(losses, name)(**kwargs)
    assert loss.fuses_with(activation)
    for sample_weight in (None, np.array([0.5, 2.0, 0.0, 1.0, 3.0])):
        fused = loss.gradient_from_logits(y_true, z, sample_weight)
        numerical = _central_differences(lambda x: loss.value_from_logits(y_true, x, sample_weight), z)
        np.testing.assert_allclose(fused, numerical, rtol=1e-5, atol=1e-8)


def test_user_loss_gradient_chains_through_the_reduction():
    """A subclass's call_backward gets dL/d(values); reduction and weights then work as for built-ins."""
    y_true, y_pred = np.array([[1.0, 0.0], [0.5, 2.0]]), np.array([[0.3, 0.1], [0.9, 1.0]])
    for reduction in ("sum_over_batch_size", "sum", "mean_with_sample_weight"):
        loss = ExampleLoss(reduction=reduction)
        weights = np.array([2.0, 0.5])
        numerical = _central_differences(lambda p: loss(y_true, p, weights), y_pred)
        np.testing.assert_allclose(loss.gradient(y_true, y_pred, weights), numerical, rtol=1e-6, atol=1e-9)


# -- extreme inputs ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Huber", "LogCosh", "MeanSquaredLogarithmicError", "MeanAbsolutePercentageError",
                                  "CosineSimilarity", "Hinge", "SquaredHinge", "CategoricalHinge", "KLDivergence",
                                  "Poisson"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_new_losses_stay_finite_on_extreme_inputs(name, dtype):
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype)
    y_pred = np.array([[1e4, 0.0, 1e-30], [0.0, 1e4, 0.0]], dtype)
    if name in ("Huber", "LogCosh", "CosineSimilarity", "Hinge", "SquaredHinge", "CategoricalHinge",
                "MeanAbsolutePercentageError"):
        y_pred = np.array([[1e4, -1e4, 0.0], [0.0, 0.0, 0.0]], dtype)  # also an all-zero row
    loss = getattr(losses, name)()
    with np.errstate(all="raise"):
        value, gradient = loss.value_and_gradient(y_true, y_pred)
    assert np.isfinite(value) and np.all(np.isfinite(gradient)) and gradient.dtype == dtype
    if name == "LogCosh":  # log cosh(1e4) = 1e4 - log 2, where cosh overflows
        assert loss(np.zeros((1, 1)), np.array([[1e4]])) == pytest.approx(1e4 - np.log(2))


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("make, argument", [
    (lambda: losses.BinaryCrossentropy(label_smoothing=1.5), "label_smoothing"),
    (lambda: losses.CategoricalCrossentropy(label_smoothing=-0.1), "label_smoothing"),
    (lambda: losses.Huber(delta=0), "delta"),
    (lambda: losses.Huber(delta=-1.0), "delta"),
    (lambda: losses.MeanSquaredError(reduction="average"), "reduction"),
    (lambda: losses.CategoricalCrossentropy(axis=True), "axis"),
    (lambda: losses.MeanSquaredError(dtype="int32"), "dtype"),
])
def test_bad_arguments_name_the_argument_the_range_and_the_value(make, argument):
    with pytest.raises(errors.HyperparameterError) as info:
        make()
    message = str(info.value)
    assert argument in message
    expected = {"label_smoothing": "[0, 1]", "delta": "> 0", "reduction": "sum_over_batch_size", "axis": "int",
                "dtype": "float"}[argument]
    assert expected in message
    found = {"label_smoothing": ("1.5", "-0.1"), "delta": ("0", "-1.0"), "reduction": ("average",),
             "axis": ("True",), "dtype": ("int32",)}[argument]
    assert any(value in message for value in found)


@pytest.mark.parametrize("sample_weight", [np.ones(3), np.ones((3, 1)), np.ones(1 + 4)])
def test_sample_weight_of_the_wrong_length_names_both_lengths(sample_weight):
    with pytest.raises(errors.DataError) as info:
        losses.MeanSquaredError()(np.zeros((4, 2)), np.ones((4, 2)), sample_weight=sample_weight)
    message = str(info.value)
    assert f"{len(sample_weight)} weights" in message and "4 samples" in message


def test_non_numeric_sample_weight():
    with pytest.raises(errors.DataError, match="numbers"):
        losses.MeanSquaredError()(np.zeros((2, 1)), np.ones((2, 1)), sample_weight=np.array(["a", "b"]))


def test_hinge_targets_and_poisson_rates():
    with pytest.raises(errors.DataError, match="-1 or 1"):
        losses.Hinge()(np.array([[2.0, -1.0]]), np.array([[0.5, 0.5]]))
    with pytest.raises(errors.DataError, match="exponential"):
        losses.Poisson()(np.array([[2.0]]), np.array([[-0.5]]))


def test_user_loss_without_backward_evaluates_but_has_no_gradient():
    loss = ExampleLossWithoutGradient()
    assert loss(LOSS_TEST_TRUE, LOSS_TEST_PRED) == pytest.approx(np.mean((LOSS_TEST_TRUE - LOSS_TEST_PRED) ** 2))
    with pytest.raises(errors.MissingGradientError) as info:
        loss.gradient(LOSS_TEST_TRUE, LOSS_TEST_PRED)
    assert isinstance(info.value, NotImplementedError)
    assert "call_backward(self, y_true, y_pred, grad_values)" in str(info.value)
    assert "example_loss_without_gradient" in str(info.value)


def test_a_plain_function_becomes_a_loss_without_gradient():
    def squared(y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    loss = losses.get(squared)
    assert isinstance(loss, losses.LossFunctionWrapper) and loss.name == "squared"
    assert loss(Y_TRUE, Y_PRED, sample_weight=2.3) == pytest.approx(113.85, rel=1e-6)
    with pytest.raises(errors.MissingGradientError):
        loss.gradient(Y_TRUE, Y_PRED)


# -- names ------------------------------------------------------------------------------


@pytest.mark.parametrize("identifier, cls", [
    ("huber", losses.Huber), ("Huber", losses.Huber), ("kl_divergence", losses.KLDivergence),
    ("kld", losses.KLDivergence), ("KLDivergence", losses.KLDivergence), ("mape", losses.MeanAbsolutePercentageError),
    ("msle", losses.MeanSquaredLogarithmicError), ("log_cosh", losses.LogCosh), ("logcosh", losses.LogCosh),
    ("cosine_similarity", losses.CosineSimilarity), ("hinge", losses.Hinge), ("squared_hinge", losses.SquaredHinge),
    ("categorical_hinge", losses.CategoricalHinge), ("poisson", losses.Poisson), ("Poisson", losses.Poisson),
    ("MeanAbsolutePercentageError", losses.MeanAbsolutePercentageError),
])
def test_get_resolves_the_new_names(identifier, cls):
    assert type(losses.get(identifier)) is cls


def test_get_accepts_keras_serialized_dicts_and_classes():
    loss = losses.get({"class_name": "Huber", "config": {"delta": 2.0, "reduction": "sum"}})
    assert type(loss) is losses.Huber and loss.delta == 2.0 and loss.reduction == "sum"
    assert type(losses.get(losses.LogCosh)) is losses.LogCosh
    custom = losses.deserialize({"class_name": "ExampleLoss", "config": {"name": "mine"}},
                                custom_objects={"ExampleLoss": ExampleLoss})
    assert type(custom) is ExampleLoss and custom.name == "mine"
    for loss in (losses.Huber(delta=0.3), losses.CosineSimilarity(axis=0),
                 losses.BinaryCrossentropy(label_smoothing=0.1), losses.SparseCategoricalCrossentropy(ignore_class=255)):
        assert losses.get(loss.get_config()).get_config() == loss.get_config()


def test_get_finds_a_registered_loss_class():
    from nnlib import registry

    scope = registry.CustomObjectScope({"ExampleLoss": ExampleLoss})
    with scope:
        assert type(losses.get("ExampleLoss")) is ExampleLoss
        assert type(losses.deserialize({"class_name": "ExampleLoss", "config": {}})) is ExampleLoss
    with pytest.raises(errors.UnknownNameError):
        losses.get("ExampleLoss")
