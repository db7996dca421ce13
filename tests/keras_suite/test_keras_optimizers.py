"""``nnlib.optimizers``, from Keras's own optimizer tests.

Ported from keras/src/optimizers/optimizer_test.py, adamw_test.py, nadam_test.py,
adamax_test.py, and the same cases of sgd_test.py, adam_test.py, rmsprop_test.py and
adagrad_test.py (config, single step, weight decay, golden values, clipping, EMA). The
``test_keras_*`` cases re-express the Keras test they name with its inputs, golden values
and tolerances; the ``test_parity_*`` cases run nnlib and the installed Keras from the same
weights through the same gradients and compare every step.

Where nnlib deliberately differs from Keras the test says why. The Keras cases nnlib has
no API for are at the end, skipped with the reason.
"""

import json
import pickle
import warnings

import numpy as np
import pytest

from nnlib import errors, optimizers

# Keras's tests use 1e-4 for single steps and 5e-4 for the 5-step golden values.
SINGLE_STEP_TOL = 1e-4
GOLDEN_TOL = 5e-4

NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Nadam", "Adamax"]


# ----- helpers ---------------------------------------------------------------------------
def f32(values):
    return np.array(values, dtype=np.float32)


def nnlib_steps(optimizer, variables, gradient_steps):
    """Copy ``variables``, apply every step of gradients, return the copies after each step."""
    variables = [v.copy() for v in variables]
    history = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # None gradients warn, as in Keras
        for grads in gradient_steps:
            optimizer.apply_gradients(zip(grads, variables))
            history.append([v.copy() for v in variables])
    return history


def keras_steps(keras, optimizer, variables, gradient_steps):
    keras_variables = [keras.Variable(v.copy()) for v in variables]
    history = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for grads in gradient_steps:
            optimizer.apply_gradients(zip(grads, keras_variables))
            history.append([np.asarray(v.numpy()) for v in keras_variables])
    return history


def assert_same_steps(ours, theirs, rtol=1e-5, atol=1e-6):
    for step, (our_step, their_step) in enumerate(zip(ours, theirs)):
        for i, (a, b) in enumerate(zip(our_step, their_step)):
            assert a.dtype == np.float32
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=f"step {step + 1}, variable {i}")


def random_problem(seed=0, steps=10, shapes=((5, 3), (3,), (1,)), scale=1.0):
    rng = np.random.default_rng(seed)
    variables = [rng.normal(size=s).astype(np.float32) for s in shapes]
    grads = [[(scale * rng.normal(size=s)).astype(np.float32) for s in shapes] for _ in range(steps)]
    return variables, grads


# ----- optimizer_test.py: OptimizerTest --------------------------------------------------
def test_keras_iterations_counter():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_iterations_counter."""
    v = f32([[1.0, 2.0], [3.0, 4.0]])
    grads = f32([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.Adam(learning_rate=1.0)
    assert optimizer.iterations == 0
    optimizer.apply_gradients([(grads, v)])
    assert optimizer.iterations == 1
    optimizer.apply_gradients([(grads, v)])
    assert optimizer.iterations == 2


def test_keras_empty_gradients():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_empty_gradients."""
    v = f32([[3.0, 4.0], [5.0, 6.0]])
    optimizer = optimizers.SGD(learning_rate=1.0)
    with pytest.raises(ValueError, match="No gradients provided for any variable."):
        optimizer.apply_gradients([(None, v)])
    # Filtering of empty gradients: a warning, and the other variable is updated.
    v2 = f32([[3.0, 4.0], [5.0, 6.0]])
    grads2 = f32([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=1.0)
    with pytest.warns(UserWarning, match="Gradients do not exist for variables"):
        optimizer.apply_gradients([(None, v), (grads2, v2)])
    np.testing.assert_allclose(v, [[3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_allclose(v2, [[2.0, 3.0], [4.0, 5.0]])


def test_keras_clip_args():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_clip_args."""
    assert optimizers.SGD(learning_rate=1.0, clipnorm=0.1).clipnorm == 0.1
    assert optimizers.SGD(learning_rate=1.0, clipvalue=0.1).clipvalue == 0.1
    assert optimizers.SGD(learning_rate=1.0, global_clipnorm=0.1).global_clipnorm == 0.1
    message = "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can"
    with pytest.raises(ValueError, match=message):
        optimizers.SGD(learning_rate=1.0, clipnorm=0.1, clipvalue=0.1)
    with pytest.raises(ValueError, match=message):
        optimizers.SGD(learning_rate=1.0, clipnorm=0.1, global_clipnorm=0.1)


def test_keras_clip_norm():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_clip_norm."""
    clipped = optimizers.SGD(clipnorm=1)._clip_gradients([f32([100.0, 100.0])])
    np.testing.assert_allclose(clipped[0], [2**0.5 / 2, 2**0.5 / 2], rtol=1e-6)


def test_keras_clip_value():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_clip_value."""
    clipped = optimizers.SGD(clipvalue=1)._clip_gradients([f32([100.0, 100.0])])
    np.testing.assert_allclose(clipped[0], [1.0, 1.0])


def test_keras_global_clip_norm():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_global_clip_norm."""
    grad = f32([50.0, 100.0])
    clipped = optimizers.SGD(global_clipnorm=1)._clip_gradients([grad])
    np.testing.assert_allclose(clipped[0], grad / np.linalg.norm(grad), rtol=1e-6)


def test_keras_ema():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_ema."""
    v = f32([[3.0, 4.0], [5.0, 6.0]])
    grads = f32([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=1.0, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=3)
    optimizer.apply_gradients([(grads, v)])
    np.testing.assert_allclose(v, [[2.0, 3.0], [4.0, 5.0]])
    np.testing.assert_allclose(optimizer._averages[0], [[2.0, 3.0], [4.0, 5.0]])  # initialized after first step
    optimizer.apply_gradients([(grads, v)])
    np.testing.assert_allclose(v, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(optimizer._averages[0], [[1.9, 2.9], [3.9, 4.9]], rtol=1e-6)
    optimizer.apply_gradients([(grads, v)])
    # Variables were overwritten with EMA
    np.testing.assert_allclose(v, [[1.71, 2.71], [3.71, 4.71]], rtol=1e-6)
    np.testing.assert_allclose(optimizer._averages[0], [[1.71, 2.71], [3.71, 4.71]], rtol=1e-6)


def test_keras_ema_with_model_fit():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_ema_with_model_fit:
    fit() ends by replacing the weights with their moving average. Keras's y is zeros((1, 1)),
    broadcast by its MSE against the (1, 2) output; nnlib's fit wants targets of the output's
    shape, so y is zeros((1, 2)): the same loss and gradients."""
    from nnlib import layers, models

    optimizer = optimizers.SGD(learning_rate=0.1, use_ema=True, ema_momentum=0.9)
    model = models.Sequential([layers.Input((1,)), layers.Dense(2, kernel_initializer="ones", use_bias=False)])
    model.compile(loss="mse", optimizer=optimizer)
    model.fit(np.ones((1, 1), np.float32), np.zeros((1, 2), np.float32), batch_size=1, epochs=2, verbose=0)
    np.testing.assert_allclose(np.concatenate([a.ravel() for a in optimizer._averages]), [0.891, 0.891], atol=1e-5)
    np.testing.assert_allclose(model.get_weights()[0], [[0.891, 0.891]], atol=1e-5)


def test_keras_get_method():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_get_method."""
    assert isinstance(optimizers.get("sgd"), optimizers.SGD)
    assert isinstance(optimizers.get("adamw"), optimizers.AdamW)
    assert optimizers.get(None) is None
    with pytest.raises(ValueError):
        optimizers.get("typo")


def test_keras_static_loss_scaling():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_static_loss_scaling."""
    v = f32([[1.0, 2.0], [3.0, 4.0]])
    grads = f32([[1.0, 2.0], [3.0, 4.0]]) * 1024.0
    optimizer = optimizers.SGD(learning_rate=1.0, loss_scale_factor=1024.0)
    optimizer.apply_gradients([(grads, v)])
    assert optimizer.scale_loss(1.0) == 1024.0
    np.testing.assert_allclose(v, [[0.0, 0.0], [0.0, 0.0]])


def test_keras_gradient_accumulation_is_refused():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_gradient_accumulation.

    Deliberately different: nnlib does not accumulate gradients over batches (a larger
    batch_size averages more samples), so gradient_accumulation_steps is a clear ValueError
    rather than a silently different training run.
    """
    with pytest.raises(ValueError, match="gradient_accumulation_steps is not supported"):
        optimizers.SGD(learning_rate=1.0, gradient_accumulation_steps=3)


def test_keras_callable_learning_rate():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_callable_learning_rate."""
    v = f32([[1.0, 2.0], [3.0, 4.0]])
    grads = f32([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=lambda: 0.1)
    assert optimizer.iterations == 0
    optimizer.apply_gradients([(grads, v)])
    np.testing.assert_allclose(v, [[0.9, 1.9], [2.9, 3.9]], rtol=1e-6)
    assert optimizer.iterations == 1


@pytest.mark.parametrize("name", ["adam", "sgd", "adamw", "adagrad", "rmsprop", "adamax", "nadam"])
def test_keras_pickleable_optimizers(name):
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_pickleable_optimizers
    (the 7 of its 11 optimizers that nnlib has)."""
    optimizer = optimizers.get(name)
    assert pickle.loads(pickle.dumps(optimizer)).get_config() == optimizer.get_config()


def test_keras_optimizer_naming():
    """From keras/src/optimizers/optimizer_test.py::OptimizerTest::test_optimizer_auto_naming.

    Deliberately different: Keras numbers optimizers with a process-wide counter
    ("adam", "adam_1", ...); nnlib keeps no hidden global state, so every optimizer gets its
    class's name (Keras's name for the first one). Explicit names, and names through
    serialize/deserialize, are as in Keras.
    """
    assert [optimizers.Adam().name, optimizers.Adam().name] == ["adam", "adam"]
    assert optimizers.SGD().name == "sgd"
    assert optimizers.AdamW().name == "adam_w"
    custom_adam = optimizers.Adam(name="my_adam")
    assert custom_adam.name == "my_adam"
    assert optimizers.deserialize(optimizers.serialize(custom_adam)).name == "my_adam"
    renamed = optimizers.Adam(name="adam_1")
    assert optimizers.deserialize(optimizers.serialize(renamed)).name == "adam_1"


# ----- <name>_test.py: the cases every optimizer's test file has --------------------------
CONFIG_CASES = {  # test_config's arguments in each Keras test file
    "SGD": dict(learning_rate=0.5, momentum=0.06, nesterov=True, weight_decay=0.004),
    "Adam": dict(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5, amsgrad=True),
    "AdamW": dict(learning_rate=0.5, weight_decay=0.008, beta_1=0.5, beta_2=0.67, epsilon=1e-5, amsgrad=True),
    "RMSprop": dict(learning_rate=0.5, rho=0.8, momentum=0.05, epsilon=1e-6, centered=True),
    "Adagrad": dict(learning_rate=0.5, initial_accumulator_value=0.2, epsilon=1e-5),
    "Nadam": dict(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5),
    "Adamax": dict(learning_rate=0.5, beta_1=0.8, beta_2=0.95, epsilon=1e-5),
}


@pytest.mark.parametrize("name", NAMES)
def test_keras_config(name, keras):
    """From keras/src/optimizers/<name>_test.py::<Name>Test::test_config
    (run_class_serialization_test: the config survives get_config/from_config, JSON and
    serialize/deserialize). The config also equals the installed Keras's, key for key."""
    optimizer = getattr(optimizers, name)(**CONFIG_CASES[name])
    config = optimizer.get_config()
    assert type(optimizer).from_config(config).get_config() == config
    assert json.loads(json.dumps(config)) == config
    rebuilt = optimizers.deserialize(optimizers.serialize(optimizer))
    assert type(rebuilt) is type(optimizer) and rebuilt.get_config() == config
    theirs = getattr(keras.optimizers, name)(**CONFIG_CASES[name]).get_config()
    assert set(config) == set(theirs)
    for key, value in theirs.items():
        if key == "name":
            continue
        expected = pytest.approx(value, rel=1e-7) if isinstance(value, float) else value
        assert config[key] == expected, key


SINGLE_STEPS = {  # test_single_step: learning_rate=0.5, variable [1, 2, 3, 4], gradient [1, 6, 7, 2]
    "SGD": [0.5, -1.0, -0.5, 3.0],
    "Adam": [0.5, 1.5, 2.5, 3.5],
    "AdamW": [0.4980, 1.4960, 2.494, 3.492],
    "RMSprop": [-0.5811, 0.4189, 1.4189, 2.4189],
    "Adagrad": [0.5233, 1.5007, 2.5005, 3.5061],
    "Nadam": [0.4686, 1.4686, 2.4686, 3.4686],
    "Adamax": [0.5, 1.5, 2.5, 3.5],
}


@pytest.mark.parametrize("name", NAMES)
def test_keras_single_step(name):
    """From keras/src/optimizers/<name>_test.py::<Name>Test::test_single_step."""
    variable = f32([1.0, 2.0, 3.0, 4.0])
    getattr(optimizers, name)(learning_rate=0.5).apply_gradients(zip([f32([1.0, 6.0, 7.0, 2.0])], [variable]))
    np.testing.assert_allclose(variable, SINGLE_STEPS[name], rtol=SINGLE_STEP_TOL, atol=SINGLE_STEP_TOL)


@pytest.mark.parametrize("name", NAMES)
def test_keras_weight_decay(name):
    """From keras/src/optimizers/<name>_test.py::<Name>Test::test_weight_decay.

    Deliberately different in one API detail: Keras variables carry a name, NumPy arrays do
    not, so ``exclude_from_weight_decay(var_names=...)`` matches the names given to
    ``build(variables, variable_names=...)``. The numbers are Keras's.
    """
    cls = getattr(optimizers, name)
    grads = np.zeros((), np.float32)
    var1, var2, var3 = (np.array(2.0, np.float32) for _ in range(3))

    cls(learning_rate=1.0, weight_decay=0.004).apply_gradients(zip([grads], [var1]))

    optimizer_2 = cls(learning_rate=1.0, weight_decay=0.004)
    optimizer_2.exclude_from_weight_decay(var_names=["exclude"])
    optimizer_2.build([var1, var2], variable_names=["variable", "exclude"])
    optimizer_2.apply_gradients(zip([grads, grads], [var1, var2]))

    optimizer_3 = cls(learning_rate=1.0, weight_decay=0.004)
    optimizer_3.exclude_from_weight_decay(var_list=[var3])
    optimizer_3.apply_gradients(zip([grads, grads], [var1, var3]))

    assert float(var1) == pytest.approx(1.9760959, abs=1e-6)
    assert float(var2) == pytest.approx(2.0, abs=1e-6)
    assert float(var3) == pytest.approx(2.0, abs=1e-6)


def golden_rows(rows):
    return np.array(rows) if np.ndim(rows) == 2 else np.tile(np.array(rows)[:, None], (1, 10))


GOLDEN = {  # test_correctness_with_golden: arguments and the 5 rows of expected values
    "SGD": (dict(nesterov=True), [
        [0.9999] * 10,
        [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
        [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
        [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
        [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599]]),
    "Adam": (dict(amsgrad=True), [0.999, 0.9982, 0.9974, 0.9965, 0.9955]),
    "AdamW": (dict(learning_rate=1.0, weight_decay=0.5, epsilon=2), [
        [0.4998] * 10,
        [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
        [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
        [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
        [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159]]),
    "RMSprop": (dict(centered=True), [0.9967, 0.9933, 0.9908, 0.9885, 0.9864]),
    "Adagrad": (dict(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-6), [
        [0.9963] * 10,
        [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
        [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
        [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
        [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825]]),
    "Nadam": (dict(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5), [
        [0.4281] * 10,
        [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
        [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
        [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
        [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454]]),
    "Adamax": (dict(learning_rate=0.2, beta_1=0.85, beta_2=0.95, epsilon=1e-6), [
        [0.8] * 10,
        [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
        [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
        [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
        [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126]]),
}


@pytest.mark.parametrize("name", NAMES)
def test_keras_correctness_with_golden(name):
    """From keras/src/optimizers/<name>_test.py::<Name>Test::test_correctness_with_golden:
    one step with gradients 0.01, then five with 0.1, 0.2, ..., 1.0."""
    kwargs, rows = GOLDEN[name]
    optimizer = getattr(optimizers, name)(**kwargs)
    x = np.ones(10, np.float32)
    grads = np.arange(0.1, 1.1, 0.1).astype(np.float32)
    optimizer.apply_gradients(zip([np.full(10, 0.01, np.float32)], [x]))
    for expected in golden_rows(rows):
        np.testing.assert_allclose(x, expected, rtol=GOLDEN_TOL, atol=GOLDEN_TOL)
        optimizer.apply_gradients(zip([grads], [x]))


@pytest.mark.parametrize("name", NAMES)
def test_keras_clip_norm_each_optimizer(name):
    """From keras/src/optimizers/<name>_test.py::<Name>Test::test_clip_norm."""
    clipped = getattr(optimizers, name)(clipnorm=1)._clip_gradients([np.array([100.0, 100.0])])
    np.testing.assert_allclose(clipped[0], [2**0.5 / 2, 2**0.5 / 2])


@pytest.mark.parametrize("name", NAMES)
def test_keras_clip_value_each_optimizer(name):
    """From keras/src/optimizers/<name>_test.py::<Name>Test::test_clip_value."""
    clipped = getattr(optimizers, name)(clipvalue=1)._clip_gradients([np.array([100.0, 100.0])])
    np.testing.assert_allclose(clipped[0], [1.0, 1.0])


def test_keras_sgd_invalid_momentum():
    """From keras/src/optimizers/sgd_test.py::SGDTest::test_invalid_momentum.

    Deliberately different wording: nnlib's message names the argument, the range and the
    value ("momentum must be a number in [0, 1], got -1.0"); it is a ValueError as in Keras.
    """
    for momentum in (-1.0, 2.0):
        with pytest.raises(ValueError, match=r"momentum must be a number in \[0, 1\], got"):
            optimizers.SGD(momentum=momentum)


def test_keras_adamw_weight_decay_is_none():
    """From keras/src/optimizers/adamw_test.py::AdamWTest::test_weight_decay_is_none."""
    with pytest.raises(ValueError, match="Argument `weight_decay` must be a float. Received: weight_decay=None"):
        optimizers.AdamW(learning_rate=1.0, weight_decay=None)


def test_keras_nadam_build_with_empty_var_list():
    """From keras/src/optimizers/nadam_test.py::NadamTest::test_build_with_empty_var_list."""
    optimizer = optimizers.Nadam()
    optimizer.build([])
    assert optimizer._u_product.dtype == np.float32  # Keras's floatx


def test_keras_adam_ema():
    """From keras/src/optimizers/adam_test.py::AdamTest::test_ema (the steps, then fit())."""
    from nnlib import layers, models

    optimizer = optimizers.Adam(learning_rate=1.0, use_ema=True, ema_momentum=0.9)
    var = f32([1.0, 2.0])
    grads = f32([0.1, 0.2])
    optimizer.apply_gradients([(grads, var)])
    v1 = var.copy()
    np.testing.assert_allclose(optimizer._averages[0], v1)
    optimizer.apply_gradients([(grads, var)])
    v2 = var.copy()
    expected_ema = 0.9 * v1 + 0.1 * v2
    np.testing.assert_allclose(optimizer._averages[0], expected_ema, rtol=1e-6)
    optimizer.finalize_variable_values([var])
    np.testing.assert_allclose(var, expected_ema, rtol=1e-6)

    model = models.Sequential([layers.Input((5,)), layers.Dense(10, kernel_initializer="ones", use_bias=False)])
    model.compile(optimizer=optimizers.Adam(use_ema=True, ema_momentum=0.9), loss="mse")
    model.fit(np.ones((1, 5), np.float32), np.zeros((1, 10), np.float32), verbose=0)
    ema_weights = np.concatenate([a.ravel() for a in model.optimizer._averages])
    np.testing.assert_allclose(model.get_weights()[0].ravel(), ema_weights)
    assert not np.allclose(ema_weights, 1.0)  # fit did train


def test_keras_adam_ema_overwrite_frequency():
    """From keras/src/optimizers/adam_test.py::AdamTest::test_ema_overwrite_frequency."""
    optimizer = optimizers.Adam(learning_rate=1.0, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=2)
    optimizer_no_ema = optimizers.Adam(learning_rate=1.0)
    var, var_no_ema = f32([1.0, 2.0]), f32([1.0, 2.0])
    grads = f32([0.1, 0.2])
    optimizer.apply_gradients([(grads, var)])
    optimizer_no_ema.apply_gradients([(grads, var_no_ema)])
    v1 = var_no_ema.copy()
    np.testing.assert_allclose(var, v1)  # not overwritten yet
    optimizer.apply_gradients([(grads, var)])
    optimizer_no_ema.apply_gradients([(grads, var_no_ema)])
    v2 = var_no_ema.copy()
    expected_ema = 0.9 * v1 + 0.1 * v2
    np.testing.assert_allclose(var, expected_ema, rtol=1e-6)  # updated to v2, THEN overwritten
    np.testing.assert_allclose(optimizer._averages[0], expected_ema, rtol=1e-6)


# ----- parity with the installed Keras ---------------------------------------------------
PARITY_CASES = [
    ("AdamW", {}),
    ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("Nadam", {}),
    ("Nadam", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5}),
    ("Adamax", {}),
    ("Adamax", {"learning_rate": 0.02, "beta_1": 0.85, "beta_2": 0.95}),
] + [
    (name, options)
    for name in ["SGD", "Adam", "RMSprop", "Adagrad", "Nadam", "Adamax"]
    for options in (
        {"learning_rate": 0.05, "clipnorm": 0.5},
        {"learning_rate": 0.05, "global_clipnorm": 0.7},
        {"learning_rate": 0.05, "clipvalue": 0.3},
        {"learning_rate": 0.05, "weight_decay": 0.2},
        {"learning_rate": 0.05, "loss_scale_factor": 8.0},
        {"learning_rate": 0.05, "use_ema": True, "ema_momentum": 0.8, "ema_overwrite_frequency": 3},
    )
] + [
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True, "clipnorm": 1.0, "weight_decay": 0.01}),
    ("RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.5, "global_clipnorm": 1.0,
                 "weight_decay": 0.05}),
]


@pytest.mark.parametrize("name, kwargs", PARITY_CASES, ids=lambda x: str(x))
def test_parity_ten_steps(keras, name, kwargs):
    """The same weights and 10 steps of the same gradients (large ones, so that clipping
    acts) give the same weights as the installed Keras after every step."""
    variables, grads = random_problem(seed=len(PARITY_CASES), scale=3.0)
    theirs = keras_steps(keras, getattr(keras.optimizers, name)(**kwargs), variables, grads)
    ours = nnlib_steps(getattr(optimizers, name)(**kwargs), variables, grads)
    assert_same_steps(ours, theirs)
    assert not np.allclose(ours[-1][0], variables[0])  # the weights did move


@pytest.mark.parametrize("name", ["SGD", "Adam", "Nadam", "Adamax", "AdamW"])
def test_parity_none_gradients_are_skipped(keras, name):
    """Variables whose gradient is None are left out of the update and of the weight decay
    (the EMA still averages them), as in Keras; the other variables step normally."""
    variables, grads = random_problem(seed=3, steps=6)
    for step, i in [(1, 0), (2, 2), (4, 1), (4, 2)]:
        grads[step][i] = None
    kwargs = {"learning_rate": 0.05, "weight_decay": 0.1, "use_ema": True, "global_clipnorm": 1.0}
    theirs = keras_steps(keras, getattr(keras.optimizers, name)(**kwargs), variables, grads)
    ours = nnlib_steps(getattr(optimizers, name)(**kwargs), variables, grads)
    assert_same_steps(ours, theirs)


def test_parity_callable_learning_rate(keras):
    """A callable learning rate is called at every step: here 0.1 / (1 + steps so far)."""
    variables, grads = random_problem(seed=4)
    results = []
    for module, wrap, read in ((keras.optimizers, keras.Variable, lambda w: w.numpy()),
                               (optimizers, np.copy, np.copy)):
        steps = [0]
        optimizer = module.Adam(learning_rate=lambda steps=steps: 0.1 / (1 + steps[0]))
        weights = [wrap(v) for v in variables]
        history = []
        for step_grads in grads:
            optimizer.apply_gradients(zip(step_grads, weights))
            steps[0] += 1
            history.append([read(w) for w in weights])
        results.append(history)
    assert_same_steps(results[1], results[0])


@pytest.mark.parametrize("name", NAMES)
def test_parity_signature_and_defaults(keras, name):
    """Every constructor argument of Keras's optimizer exists in nnlib's, in the same
    order with the same default, so positional and keyword calls carry over."""
    import inspect

    ours = inspect.signature(getattr(optimizers, name)).parameters
    theirs = inspect.signature(getattr(keras.optimizers, name)).parameters
    assert list(ours) == list(theirs)
    for key, parameter in theirs.items():
        assert ours[key].default == parameter.default, key


def test_parity_default_names(keras):
    """The default names are Keras's, except RMSprop's: Keras derives "rm_sprop" from the
    class name's capitals; nnlib keeps the name everyone writes, "rmsprop" (deliberately)."""
    for name in NAMES:
        keras.utils.clear_session()
        theirs = getattr(keras.optimizers, name)().name
        ours = getattr(optimizers, name)().name
        assert (ours, theirs) == ("rmsprop", "rm_sprop") if name == "RMSprop" else ours == theirs


def test_parity_config_round_trips_with_keras(keras):
    """A config written by Keras (every key of Keras 3.x's get_config) builds the same
    optimizer in nnlib, and nnlib's config builds the same one in Keras."""
    for name in NAMES:
        theirs = getattr(keras.optimizers, name)(learning_rate=0.25, clipnorm=2.0)
        ours = optimizers.get({"class_name": name, "config": theirs.get_config()})
        assert type(ours).__name__ == name
        assert ours.clipnorm == 2.0 and ours.learning_rate == pytest.approx(0.25)
        back = getattr(keras.optimizers, name).from_config(ours.get_config())
        assert back.clipnorm == 2.0


# ----- Keras cases nnlib has no API for --------------------------------------------------
SKIPPED = {
    "optimizer_test.py::OptimizerTest::test_constraints_are_applied":
        "nnlib variables are NumPy arrays with no .constraint; constraints belong to the layers",
    "optimizer_test.py::OptimizerTest::test_set_weights":
        "nnlib optimizers have no .variables / set_weights() list of their state",
    "optimizer_test.py::OptimizerTest::test_tf_checkpointing":
        "tf.train.Checkpoint is TensorFlow's; nnlib never imports TensorFlow",
    "optimizer_test.py::OptimizerTest::test_overwrite_with_gradient":
        "NumPy arrays have no overwrite_with_gradient attribute (a float8 training feature)",
    "optimizer_test.py::OptimizerTest::test_overwrite_with_gradient_with_gradient_accumulation":
        "no overwrite_with_gradient and no gradient accumulation in nnlib",
    "optimizer_test.py::OptimizerTest::test_gradient_accumulation_with_weigth_decay":
        "nnlib does not accumulate gradients (gradient_accumulation_steps raises, see above)",
    "optimizer_test.py::OptimizerTest::test_setting_lr_to_callable_untracks_lr_var":
        "nnlib optimizers keep the learning rate as a float, not a tracked variable",
    "optimizer_test.py::OptimizerTest::test_mixed_with_tf_variables":
        "tf.Variable inputs are TensorFlow's; nnlib updates NumPy arrays",
    "adam_test.py::AdamTest::test_clipnorm_indexed_slices":
        "tf.IndexedSlices gradients (sparse Embedding gradients) are TensorFlow's",
}


@pytest.mark.parametrize(
    "case", [pytest.param(case, marks=pytest.mark.skip(reason=reason)) for case, reason in SKIPPED.items()]
)
def test_keras_case_without_nnlib_api(case):
    """The Keras test named by ``case`` (keras/src/optimizers/...), skipped for its reason."""


# ----- fit with the new options, against Keras's fit -------------------------------------
FIT_CASES = [
    ("Adam", {"learning_rate": 0.05, "clipnorm": 0.05}),  # one norm per kernel and per bias
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "global_clipnorm": 0.1}),
    ("RMSprop", {"learning_rate": 0.01, "clipvalue": 0.01}),
    ("AdamW", {"learning_rate": 0.05, "weight_decay": 0.05}),
    ("Nadam", {"learning_rate": 0.02}),
    ("Adamax", {"learning_rate": 0.05, "weight_decay": 0.01}),
]


@pytest.mark.parametrize("name, kwargs", FIT_CASES, ids=lambda x: str(x))
def test_parity_fit(keras, name, kwargs):
    """fit() on the same two-layer model, weights and batches gives Keras's weights."""
    from nnlib import layers, models

    rng = np.random.default_rng(7)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = (x @ rng.normal(size=(4, 2)) + 0.1 * rng.normal(size=(64, 2))).astype(np.float32)
    ours = models.Sequential([layers.Input((4,)), layers.Dense(8, activation="tanh"), layers.Dense(2)])
    theirs = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(2)])
    theirs.set_weights(ours.get_weights())
    ours.compile(optimizer=getattr(optimizers, name)(**kwargs), loss="mse")
    theirs.compile(optimizer=getattr(keras.optimizers, name)(**kwargs), loss="mse")
    ours.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    theirs.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
