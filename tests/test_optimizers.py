"""Tests of nnlib.optimizers: the same steps as Keras 3, in place, with clean errors."""

import numpy as np
import pytest

from nnlib import errors, optimizers
from nnlib.optimizers import schedules

SHAPES = [(5, 3), (3,), (1,)]
STEPS = 25


def random_problem(seed=0):
    """Initial float32 variables and a sequence of float32 gradients."""
    rng = np.random.default_rng(seed)
    variables = [rng.normal(size=s).astype(np.float32) for s in SHAPES]
    grads = [[rng.normal(size=s).astype(np.float32) for s in SHAPES] for _ in range(STEPS)]
    return variables, grads


def max_relative_error(ours, theirs):
    return max(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-6))) for a, b in zip(ours, theirs))


def run_keras(keras, optimizer, variables, grads):
    keras_variables = [keras.Variable(v.copy()) for v in variables]
    for step in grads:
        optimizer.apply_gradients(zip(step, keras_variables))
    return [v.numpy() for v in keras_variables]


def run_nnlib(optimizer, variables, grads, use_apply_gradients=False):
    variables = [v.copy() for v in variables]
    for step in grads:
        if use_apply_gradients:
            optimizer.apply_gradients(zip(step, variables))
        else:
            optimizer.apply(step, variables)
    return variables


CONFIGS = [
    ("SGD", {}),
    ("SGD", {"learning_rate": 0.1}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.5, "nesterov": True}),
    ("Adagrad", {}),
    ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.8}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.9}),
    ("RMSprop", {"centered": True, "momentum": 0.5}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
]


@pytest.mark.parametrize("name, kwargs", CONFIGS)
def test_steps_match_keras(keras, name, kwargs):
    variables, grads = random_problem()
    theirs = run_keras(keras, getattr(keras.optimizers, name)(**kwargs), variables, grads)
    ours = run_nnlib(getattr(optimizers, name)(**kwargs), variables, grads, use_apply_gradients=True)
    assert all(v.dtype == np.float32 for v in ours)
    assert max_relative_error(ours, theirs) < 1e-5
    assert max_relative_error(ours, variables) > 1e-4  # the variables did move


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adam"])
def test_defaults_match_keras(keras, name):
    ours, theirs = getattr(optimizers, name)(), getattr(keras.optimizers, name)()
    config = ours.get_config()
    assert config["learning_rate"] == pytest.approx(float(theirs.learning_rate), rel=1e-7)
    for key, value in theirs.get_config().items():
        if key in config and key not in ("name", "learning_rate"):
            assert config[key] == value, key


def test_adam_golden_step():
    """Keras's own test: Adam(0.5), one step from [1, 2, 3, 4] with gradients [1, 6, 7, 2]."""
    variable = np.array([1.0, 2.0, 3.0, 4.0], np.float32)
    optimizers.Adam(learning_rate=0.5).apply([np.array([1.0, 6.0, 7.0, 2.0], np.float32)], [variable])
    np.testing.assert_allclose(variable, [0.5, 1.5, 2.5, 3.5], rtol=1e-4)


def test_rmsprop_golden_step():
    """Keras's docstring: lr 0.1, var = 10, loss = var^2 / 2 (gradient = var), one step."""
    variable = np.array(10.0, np.float32)
    optimizers.RMSprop(learning_rate=0.1).apply([variable.copy()], [variable])
    assert float(variable) == pytest.approx(9.683772, abs=1e-6)


def test_exponential_decay_matches_keras(keras):
    for staircase in (False, True):
        ours = schedules.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5, staircase=staircase)
        theirs = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5, staircase=staircase)
        for step in range(10):
            assert ours(step) == pytest.approx(float(theirs(step)), rel=1e-7)


def test_sgd_with_a_schedule_matches_keras(keras):
    variables, grads = random_problem(1)
    theirs = run_keras(keras, keras.optimizers.SGD(
        keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=4, decay_rate=0.7), momentum=0.5),
        variables, grads)
    optimizer = optimizers.SGD(schedules.ExponentialDecay(0.1, decay_steps=4, decay_rate=0.7), momentum=0.5)
    ours = run_nnlib(optimizer, variables, grads)
    assert max_relative_error(ours, theirs) < 1e-5
    assert optimizer.learning_rate == pytest.approx(0.1 * 0.7 ** (STEPS / 4), rel=1e-6)


# -- in place, dtype, state -----------------------------------------------------------


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adam"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_updates_are_in_place_and_keep_the_dtype(name, dtype):
    variable = np.ones((3, 2), dtype)
    buffer_address = variable.__array_interface__["data"][0]
    optimizer = getattr(optimizers, name)(learning_rate=np.float64(0.1))  # NEP 50: a float64 scalar
    for _ in range(3):
        optimizer.apply([np.full((3, 2), 0.5, np.float64)], [variable])  # float64 gradients
    assert variable.dtype == dtype
    assert variable.__array_interface__["data"][0] == buffer_address
    assert np.all(variable < 1)
    assert optimizer.iterations == 3


def test_state_is_kept_per_variable():
    a, b = np.zeros(3, np.float32), np.zeros(3, np.float32)  # same shape, separate state
    optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.9)
    optimizer.apply([np.ones(3), np.zeros(3)], [a, b])
    optimizer.apply([np.zeros(3), np.zeros(3)], [a, b])
    np.testing.assert_allclose(a, -0.1 - 0.09, rtol=1e-6)  # the velocity -0.1 decayed to -0.09
    np.testing.assert_array_equal(b, 0)  # b never had a gradient


def test_apply_without_variables_uses_the_built_list():
    variable = np.ones(2, np.float32)
    optimizer = optimizers.SGD(learning_rate=0.5)
    optimizer.build([variable])
    optimizer.apply([np.ones(2)])
    np.testing.assert_allclose(variable, 0.5)


def test_a_none_gradient_leaves_its_variable_alone():
    a, b = np.ones(2, np.float32), np.ones(2, np.float32)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \[0\]"):
        optimizers.Adam().apply([None, np.ones(2)], [a, b])
    np.testing.assert_array_equal(a, 1)
    assert np.all(b < 1)


def test_learning_rate_can_be_changed_between_steps():
    variable = np.zeros(1, np.float32)
    optimizer = optimizers.SGD(learning_rate=0.1)
    optimizer.learning_rate = 0.5
    optimizer.apply([np.ones(1)], [variable])
    np.testing.assert_allclose(variable, -0.5)


def test_get_config_round_trip():
    for optimizer in [optimizers.SGD(0.2, momentum=0.3, nesterov=True), optimizers.Adam(0.01, amsgrad=True),
                      optimizers.RMSprop(centered=True), optimizers.Adagrad(epsilon=1e-6),
                      optimizers.SGD(schedules.ExponentialDecay(0.1, 10, 0.9, staircase=True))]:
        config = optimizer.get_config()
        for rebuilt in (optimizers.get(config),
                        optimizers.get({"class_name": type(optimizer).__name__, "config": config})):
            assert type(rebuilt) is type(optimizer)
            assert rebuilt.get_config() == config


@pytest.mark.parametrize(
    "name, cls",
    [("sgd", "SGD"), ("Adam", "Adam"), ("RMSPROP", "RMSprop"), ("adagrad", "Adagrad"),
     ("adamw", "AdamW"), ("AdamW", "AdamW"), ("adam_w", "AdamW"), ("nadam", "Nadam"), ("Adamax", "Adamax")],
)
def test_get_names_case_insensitively(name, cls):
    optimizer = optimizers.get(name)
    assert type(optimizer) is getattr(optimizers, cls)
    assert optimizers.get(optimizer) is optimizer


def test_unknown_name_suggests_the_closest():
    with pytest.raises(errors.UnknownNameError) as info:
        optimizers.get("adamm")
    message = str(info.value)
    assert "Did you mean 'adam'?" in message
    for name in ["sgd", "rmsprop", "adagrad", "adamw", "nadam", "adamax"]:
        assert name in message
    with pytest.raises(errors.UnknownNameError):
        optimizers.get(0.1)


# -- errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, parameter",
    [
        (lambda: optimizers.SGD(learning_rate=0), "learning_rate"),
        (lambda: optimizers.Adam(learning_rate=-0.1), "learning_rate"),
        (lambda: optimizers.RMSprop(learning_rate=float("nan")), "learning_rate"),
        (lambda: optimizers.SGD(learning_rate="0.1"), "learning_rate"),
        (lambda: optimizers.SGD(learning_rate=True), "learning_rate"),
        (lambda: optimizers.SGD(momentum=-0.1), "momentum"),
        (lambda: optimizers.SGD(momentum=1.5), "momentum"),
        (lambda: optimizers.RMSprop(momentum=2.0), "momentum"),
        (lambda: optimizers.RMSprop(rho=1.0), "rho"),
        (lambda: optimizers.RMSprop(rho=-0.5), "rho"),
        (lambda: optimizers.Adam(beta_1=1.0), "beta_1"),
        (lambda: optimizers.Adam(beta_2=1.2), "beta_2"),
        (lambda: optimizers.Adam(epsilon=-1e-7), "epsilon"),
        (lambda: optimizers.Adagrad(initial_accumulator_value=-0.1), "initial_accumulator_value"),
        (lambda: schedules.ExponentialDecay(0.1, decay_steps=0, decay_rate=0.9), "decay_steps"),
    ],
)
def test_invalid_hyperparameters(make, parameter):
    with pytest.raises(errors.HyperparameterError) as info:
        make()
    assert parameter in str(info.value)


def test_invalid_learning_rate_assignment_changes_nothing():
    optimizer = optimizers.SGD(learning_rate=0.1)
    with pytest.raises(errors.HyperparameterError, match="learning_rate"):
        optimizer.learning_rate = -1
    assert optimizer.learning_rate == 0.1
    scheduled = optimizers.SGD(schedules.ExponentialDecay(0.1, 10, 0.9))
    with pytest.raises(errors.HyperparameterError, match="schedule"):
        scheduled.learning_rate = 0.1


def snapshot(optimizer, variables):
    state = {k: [a.copy() for a in v] for k, v in vars(optimizer).items()
             if isinstance(v, list) and all(isinstance(a, np.ndarray) for a in v)}
    return optimizer.iterations, optimizer.built, [v.copy() for v in variables], state


def assert_same(before, after):
    assert before[:2] == after[:2]
    for old, new in zip(before[2], after[2]):
        np.testing.assert_array_equal(old, new)
    assert before[3].keys() == after[3].keys()
    for key in before[3]:
        for old, new in zip(before[3][key], after[3][key]):
            np.testing.assert_array_equal(old, new)


@pytest.mark.parametrize("built", [False, True])
@pytest.mark.parametrize(
    "bad_call, error, message",
    [
        (lambda o, v: o.apply([np.ones((2, 2)), np.ones(4)], v), errors.ShapeError, r"shape \(4,\)"),
        (lambda o, v: o.apply([np.ones((2, 2))], v), errors.ShapeError, "1 gradients for 2 variables"),
        (lambda o, v: o.apply([np.ones((2, 2)), np.ones(3)], [v[0], [0.0, 0.0, 0.0]]), errors.DataError, "NumPy"),
        (lambda o, v: o.apply([np.ones((2, 2)), np.ones(3)], [v[0], np.zeros(3, int)]), errors.DataError, "float"),
    ],
)
def test_a_failed_apply_changes_nothing(built, bad_call, error, message):
    variables = [np.ones((2, 2), np.float32), np.ones(3, np.float32)]
    optimizer = optimizers.Adam(learning_rate=0.1)
    if built:
        optimizer.apply([np.ones((2, 2)), np.ones(3)], variables)
    before = snapshot(optimizer, variables)
    with pytest.raises(error, match=message):
        bad_call(optimizer, variables)
    assert_same(before, snapshot(optimizer, variables))


def test_variables_of_another_model_are_refused():
    variables = [np.ones(2, np.float32)]
    optimizer = optimizers.RMSprop(momentum=0.5)
    optimizer.apply([np.ones(2)], variables)
    before = snapshot(optimizer, variables)
    stranger = np.ones(2, np.float32)
    with pytest.raises(errors.DataError, match="new optimizer"):
        optimizer.apply([np.ones(2), np.ones(2)], [variables[0], stranger])
    assert_same(before, snapshot(optimizer, variables))
    np.testing.assert_array_equal(stranger, 1)


def test_apply_before_build_needs_variables():
    with pytest.raises(errors.NotBuiltError, match="variables"):
        optimizers.SGD().apply([np.ones(2)])


# -- clipping, weight decay, EMA, callable learning rates (Keras 3's common arguments) ------


@pytest.mark.parametrize(
    "kwargs, parameter, expected",
    [
        ({"clipnorm": -1.0}, "clipnorm", "> 0"),
        ({"clipnorm": 0}, "clipnorm", "> 0"),
        ({"clipvalue": float("inf")}, "clipvalue", "> 0"),
        ({"global_clipnorm": "1"}, "global_clipnorm", "> 0"),
        ({"weight_decay": -0.01}, "weight_decay", "[0, inf)"),
        ({"weight_decay": float("nan")}, "weight_decay", "[0, inf)"),
        ({"loss_scale_factor": 0.0}, "loss_scale_factor", "> 0"),
        ({"use_ema": True, "ema_momentum": 1.5}, "ema_momentum", "[0, 1]"),
        ({"use_ema": True, "ema_overwrite_frequency": 0}, "ema_overwrite_frequency", ">= 1"),
        ({"gradient_accumulation_steps": 2}, "gradient_accumulation_steps", "batch_size"),
        ({"clipnorm": 1.0, "global_clipnorm": 1.0}, "Only one of", "clipnorm=1.0"),
        ({"clipvalue": 1.0, "global_clipnorm": 1.0}, "Only one of", "global_clipnorm=1.0"),
        ({"beta1": 0.9}, "not recognized", "beta1"),
    ],
)
@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "Nadam", "Adamax"])
def test_invalid_common_arguments_name_the_argument_range_and_value(name, kwargs, parameter, expected):
    with pytest.raises(errors.HyperparameterError) as info:
        getattr(optimizers, name)(**kwargs)
    message = str(info.value)
    assert parameter in message and expected in message
    bad_value = next(iter(kwargs.values())) if len(kwargs) == 1 else None
    if bad_value is not None and parameter != "not recognized":
        assert repr(bad_value) in message


@pytest.mark.parametrize(
    "make, parameter",
    [
        (lambda: optimizers.Nadam(beta_1=1.0), "beta_1"),
        (lambda: optimizers.Adamax(beta_2=-0.1), "beta_2"),
        (lambda: optimizers.Adamax(epsilon=-1.0), "epsilon"),
        (lambda: optimizers.AdamW(weight_decay=-0.1), "weight_decay"),
        (lambda: optimizers.AdamW(learning_rate=0), "learning_rate"),
    ],
)
def test_invalid_hyperparameters_of_the_new_optimizers(make, parameter):
    with pytest.raises(errors.HyperparameterError, match=parameter):
        make()


def test_setting_a_clip_option_is_checked_like_the_constructor():
    optimizer = optimizers.Adam(clipnorm=1.0)
    with pytest.raises(errors.HyperparameterError, match="Only one of"):
        optimizer.clipvalue = 0.5
    with pytest.raises(errors.HyperparameterError, match="clipnorm must be a number > 0"):
        optimizer.clipnorm = -2
    assert (optimizer.clipnorm, optimizer.clipvalue) == (1.0, None)  # unchanged
    optimizer.clipnorm = None
    optimizer.clipvalue = 0.5
    assert optimizer.get_config()["clipvalue"] == 0.5


def test_options_set_after_construction_act_on_the_next_step():
    variable = np.zeros(2, np.float32)
    optimizer = optimizers.SGD(learning_rate=1.0)
    optimizer.apply([np.full(2, 10.0)], [variable])
    np.testing.assert_allclose(variable, -10.0)
    optimizer.clipvalue = 1.0
    optimizer.apply([np.full(2, 10.0)], [variable])
    np.testing.assert_allclose(variable, -11.0)
    optimizer.clipvalue = None
    optimizer.weight_decay = 0.5
    optimizer.apply([np.zeros(2)], [variable])
    np.testing.assert_allclose(variable, -5.5)  # w - w * 0.5 * 1.0


def test_the_decoupled_weight_decay_formula():
    """w = w - w * weight_decay * learning_rate, then the optimizer's own step."""
    variable = np.array([2.0, -4.0], np.float32)
    optimizers.SGD(learning_rate=0.1, weight_decay=0.5).apply([np.array([1.0, 1.0])], [variable])
    np.testing.assert_allclose(variable, np.array([2.0, -4.0]) * (1 - 0.05) - 0.1, rtol=1e-6)


def test_clipping_leaves_the_callers_gradients_alone():
    gradient = np.array([30.0, 40.0], np.float32)
    variable = np.zeros(2, np.float32)
    optimizers.SGD(learning_rate=1.0, clipnorm=5.0).apply([gradient], [variable])
    np.testing.assert_allclose(variable, [-3.0, -4.0], rtol=1e-6)
    np.testing.assert_array_equal(gradient, [30.0, 40.0])


@pytest.mark.parametrize("option", ["clipnorm", "global_clipnorm"])
def test_clipping_huge_finite_gradients_stays_finite(option):
    """Squares of 1e30 overflow float32; the norm is then computed rescaled, so the
    clipped step is finite and points the same way."""
    variable = np.zeros(3, np.float32)
    gradient = np.array([3e30, 4e30, 0.0], np.float32)
    optimizers.SGD(learning_rate=1.0, **{option: 1.0}).apply([gradient], [variable])
    np.testing.assert_allclose(variable, [-0.6, -0.8, 0.0], rtol=1e-6)


def test_weight_decay_by_name_needs_the_names():
    variables = [np.ones(2, np.float32), np.ones(1, np.float32)]
    optimizer = optimizers.AdamW(learning_rate=0.1)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    with pytest.raises(errors.DataError, match="variable_names"):
        optimizer.apply([np.ones(2), np.ones(1)], variables)
    for variable in variables:
        np.testing.assert_array_equal(variable, 1.0)  # the weights did not change
    assert optimizer.iterations == 0
    optimizer.build(variables, variable_names=["dense/kernel", "dense/bias"])
    optimizer.apply([np.zeros(2), np.zeros(1)], variables)
    np.testing.assert_allclose(variables[0], 1 - 0.004 * 0.1, rtol=1e-6)  # decayed
    np.testing.assert_array_equal(variables[1], 1.0)  # excluded
    with pytest.raises(errors.ShapeError, match="1 variable_names for 2 variables"):
        optimizer.build(variables, variable_names=["kernel"])


def test_elementwise_says_when_the_weights_may_be_cut_in_pieces():
    assert optimizers.Adam().elementwise
    assert optimizers.Adam(global_clipnorm=1.0, clipvalue=None, weight_decay=0.1).elementwise
    assert not optimizers.Adam(clipnorm=1.0).elementwise
    excluding = optimizers.AdamW()
    excluding.exclude_from_weight_decay(var_list=[np.ones(1)])
    assert not excluding.elementwise


def test_fit_with_clipnorm_clips_each_layer_weight_on_its_own():
    """With clipnorm the model gives the optimizer one array per kernel and bias (views of
    its weight block) instead of the block's pieces, so each norm is Keras's."""
    from nnlib import layers, models

    model = models.Sequential([layers.Input((3,)), layers.Dense(4), layers.Dense(1)])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1, clipnorm=1e-3), loss="mse")
    before = model.get_weights()
    model.fit(np.ones((8, 3), np.float32), np.full((8, 1), 100.0, np.float32), batch_size=8, verbose=0)
    steps = [np.linalg.norm(b - a) for a, b in zip(before, model.get_weights())]
    np.testing.assert_allclose(steps, 0.1 * 1e-3, rtol=1e-3)  # every weight moved lr * clipnorm


def test_callable_learning_rate_is_called_at_each_step():
    rates = iter([0.5, 0.25])
    optimizer = optimizers.SGD(learning_rate=lambda: next(rates))
    variable = np.zeros(1, np.float32)
    optimizer.apply([np.ones(1)], [variable])
    optimizer.apply([np.ones(1)], [variable])
    np.testing.assert_allclose(variable, -0.75)


@pytest.mark.parametrize("returned", [-0.1, float("nan"), "0.1"])
def test_a_callable_learning_rate_must_return_a_number(returned):
    optimizer = optimizers.SGD(learning_rate=lambda: returned)
    variable = np.zeros(1, np.float32)
    with pytest.raises(errors.HyperparameterError, match="returned"):
        optimizer.apply([np.ones(1)], [variable])
    np.testing.assert_array_equal(variable, 0)
    assert optimizer.iterations == 0


def test_learning_rate_of_a_scheduled_optimizer_is_a_type_error_as_in_keras():
    optimizer = optimizers.SGD(schedules.ExponentialDecay(0.1, 10, 0.9))
    with pytest.raises(TypeError, match="schedule"):
        optimizer.learning_rate = 0.1
    optimizer.learning_rate = lambda: 0.2  # a callable may replace it, as in Keras
    assert optimizer.learning_rate == 0.2


def test_all_none_gradients_change_nothing():
    variable = np.ones(2, np.float32)
    optimizer = optimizers.Adam()
    with pytest.raises(errors.DataError, match="No gradients provided for any variable"):
        optimizer.apply([None], [variable])
    assert not optimizer.built and optimizer.iterations == 0
    np.testing.assert_array_equal(variable, 1)


def test_an_empty_step_does_nothing_as_in_keras():
    optimizer = optimizers.SGD()
    optimizer.apply([], [])
    assert optimizer.iterations == 0 and not optimizer.built


def test_apply_gradients_returns_the_iterations():
    assert optimizers.SGD().apply_gradients([(np.ones(1), np.zeros(1, np.float32))]) == 1


def test_the_removed_decay_argument_is_ignored_with_a_warning():
    with pytest.warns(UserWarning, match="decay"):
        optimizer = optimizers.Adam(decay=0.01)
    assert "decay" not in optimizer.get_config()


def test_finalize_without_ema_or_before_any_step_does_nothing():
    variable = np.ones(2, np.float32)
    optimizers.SGD().finalize_variable_values([variable])
    optimizers.SGD(use_ema=True).finalize_variable_values([variable])
    np.testing.assert_array_equal(variable, 1)


def test_new_options_survive_get_config():
    optimizer = optimizers.Nadam(0.01, weight_decay=0.1, global_clipnorm=2.0, use_ema=True,
                                 ema_momentum=0.9, ema_overwrite_frequency=5, loss_scale_factor=4.0)
    config = optimizer.get_config()
    rebuilt = optimizers.get({"class_name": "Nadam", "config": config})
    assert rebuilt.get_config() == config
    assert (rebuilt.weight_decay, rebuilt.global_clipnorm, rebuilt.ema_overwrite_frequency) == (0.1, 2.0, 5)


def test_fit_leaves_excluded_variables_out_of_the_weight_decay():
    """exclude_from_weight_decay(var_list=[bias]) in fit: with zero gradients (targets equal
    to the outputs of a zero model) only the weight decay moves the weights."""
    from nnlib import layers, models

    model = models.Sequential([layers.Input((2,)), layers.Dense(3, kernel_initializer="ones", bias_initializer="ones")])
    optimizer = optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_list=[model.layers[0].bias])
    model.compile(optimizer=optimizer, loss="mse")
    x = np.zeros((4, 2), np.float32)
    model.fit(x, model.predict(x, verbose=0), batch_size=4, verbose=0)  # one step, gradients 0
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, 1 - 0.5 * 0.1, rtol=1e-6)
    np.testing.assert_array_equal(bias, 1.0)
