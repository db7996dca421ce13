"""nnlib on another array module (CuPy on a GPU), checked on the CPU with a strict stand-in.

``strict`` (tests/strict_array_module.py) behaves like CuPy where code usually breaks:
its arrays refuse to mix with NumPy arrays, and nothing converts them silently. A model
moved to it must (1) run every Keras-API call without mixing, (2) keep its weights on
the "device", and (3) give exactly the numbers of the same model on NumPy, because the
arithmetic underneath is NumPy's.
"""

import sys

import numpy as np
import pytest
from strict_array_module import DeviceArray, strict

import nnlib
from nnlib import activations, array_modules, callbacks, errors, losses, metrics, optimizers
from nnlib.layers import Dense, Dropout, Flatten, Layer


# ----- the module helpers ------------------------------------------------------------
def test_array_module_of_numpy_things_is_numpy():
    assert array_modules.array_module(np.ones(3), 2.0, np.float32(1), None) is np
    assert array_modules.array_module() is np


def test_array_module_finds_the_device_array_among_numpy_ones():
    device = strict.asarray(np.ones(3))
    assert array_modules.array_module(np.ones(3), device) is strict
    assert array_modules.module_name(strict) == "strict_numpy"


def test_asarray_keeps_device_arrays_where_they_are():
    device = strict.asarray(np.arange(3.0))
    assert array_modules.asarray(device) is device
    assert type(array_modules.asarray(device, dtype="float32")) is DeviceArray
    assert type(array_modules.asarray([1, 2])) is np.ndarray


def test_to_numpy_and_to_module_copy_between_host_and_device():
    host = np.arange(6.0).reshape(2, 3)
    device = array_modules.to_module(host, strict)
    assert type(device) is DeviceArray and np.array_equal(device.get(), host)
    back = array_modules.to_numpy(device)
    assert type(back) is np.ndarray and np.array_equal(back, host)
    assert array_modules.to_numpy(host) is host  # no copy on the host
    assert array_modules.to_module(device, strict) is device


def test_get_resolves_names_and_modules():
    assert array_modules.get("numpy") is np
    assert array_modules.get(np) is np
    assert array_modules.get(strict) is strict


@pytest.mark.parametrize("bad", ["torch", "NumPy ", 42, None])
def test_get_rejects_what_is_not_an_array_module(bad):
    with pytest.raises(errors.HyperparameterError, match="numpy"):
        array_modules.get(bad)


def test_cupy_without_cupy_is_a_device_error_that_says_what_to_do(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # makes "import cupy" fail, as on CI
    with pytest.raises(errors.DeviceError, match="pip install cupy"):
        array_modules.get("cupy")
    assert array_modules.gpu_module() is None


class _CupyWithoutGPU:
    """A module that looks like CuPy on a machine whose CUDA finds no GPU."""

    class cuda:
        class runtime:
            @staticmethod
            def getDeviceCount():
                raise RuntimeError("cudaErrorNoDevice: no CUDA-capable device is detected")


def test_cupy_without_a_gpu_is_a_device_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", _CupyWithoutGPU)
    with pytest.raises(errors.DeviceError, match="cannot reach a GPU.*no CUDA-capable device"):
        array_modules.get("cupy")
    assert array_modules.gpu_module() is None


def test_a_model_asked_for_cupy_on_a_cpu_machine_is_unchanged(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)
    model = _model("mse", seed=0)
    before = model.get_weights()
    with pytest.raises(errors.DeviceError):
        model.to("cupy")
    assert model.array_module is np
    assert all(type(w) is np.ndarray for w in model.weights)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


# ----- the functions of the library follow their inputs ------------------------------
@pytest.mark.parametrize("name", ["linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"])
def test_activations_compute_on_the_device(name):
    z = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    function = activations.get(name)
    on_device = function(strict.asarray(z))
    assert type(on_device) is DeviceArray
    np.testing.assert_array_equal(on_device.get(), function(z))
    grad = np.ones_like(z)
    np.testing.assert_array_equal(
        function.backward(strict.asarray(z), on_device, strict.asarray(grad)).get(),
        function.backward(z, function(z), grad),
    )


def test_softmax_jacobian_on_the_device():
    z = np.array([[1.0, 2.0, 0.5]], dtype=np.float32)
    np.testing.assert_array_equal(activations.softmax.jacobian(strict.asarray(z)).get(), activations.softmax.jacobian(z))


_LOSS_DATA = {
    "mse": (np.array([[0.5], [1.0], [-1.0]]), np.array([[0.4], [1.5], [0.0]])),
    "mae": (np.array([[0.5], [1.0], [-1.0]]), np.array([[0.4], [1.5], [0.0]])),
    "binary_crossentropy": (np.array([[0.0], [1.0], [1.0]]), np.array([[0.2], [0.7], [0.99]])),
    "categorical_crossentropy": (np.eye(3)[[0, 2, 1]], np.full((3, 3), 1 / 3)),
    "sparse_categorical_crossentropy": (np.array([0, 2, 1]), np.array([[0.7, 0.2, 0.1]] * 3)),
}


@pytest.mark.parametrize("name", sorted(_LOSS_DATA))
def test_losses_compute_on_the_device(name):
    y_true, y_pred = (a.astype(np.float32) if a.dtype.kind == "f" else a for a in _LOSS_DATA[name])
    loss = losses.get(name)
    on_device = strict.asarray(y_true), strict.asarray(y_pred)
    assert loss(*on_device) == loss(y_true, y_pred)
    gradient = loss.gradient(*on_device)
    assert type(gradient) is DeviceArray
    np.testing.assert_array_equal(gradient.get(), loss.gradient(y_true, y_pred))
    np.testing.assert_array_equal(loss.per_sample(*on_device).get(), loss.per_sample(y_true, y_pred))


@pytest.mark.parametrize("name", ["accuracy", "binary_accuracy", "categorical_accuracy", "mse", "mae"])
def test_metrics_compute_on_the_device(name):
    y_true = np.eye(3, dtype=np.float32)[[0, 2, 1]]
    y_pred = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]], dtype=np.float32)
    on_device = metrics.get(name)(strict.asarray(y_true), strict.asarray(y_pred))  # a result, kept on the host
    np.testing.assert_array_equal(on_device, metrics.get(name)(y_true, y_pred))


def test_an_optimizer_refuses_a_host_gradient_for_a_device_variable():
    variable = strict.asarray(np.ones(3, dtype=np.float32))
    with pytest.raises(errors.DeviceError, match="numpy array but its variable a strict_numpy array"):
        optimizers.SGD(0.1).apply([np.ones(3, dtype=np.float32)], [variable])
    np.testing.assert_array_equal(variable.get(), np.ones(3))


def test_a_layer_first_called_on_device_data_builds_its_weights_there():
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    host, device = Dense(2, kernel_initializer="ones"), Dense(2, kernel_initializer="ones")
    out = device(strict.asarray(x))
    assert type(out) is DeviceArray and type(device.params["kernel"]) is DeviceArray
    np.testing.assert_array_equal(out.get(), host(x))


def test_a_layer_called_on_data_from_another_module_says_so():
    layer = Dense(2)
    layer(np.ones((1, 3)))
    with pytest.raises(errors.DeviceError, match="holds its weights in numpy but was called on a strict_numpy array"):
        layer(strict.asarray(np.ones((1, 3))))


# ----- whole models -------------------------------------------------------------------
def _model(loss, seed=0, dropout=0.0, regularizer=None, optimizer="adam", metric_names=()):
    outputs = {"mse": (1, "linear"), "mae": (1, "linear"), "binary_crossentropy": (1, "sigmoid"),
               "categorical_crossentropy": (3, "softmax"), "sparse_categorical_crossentropy": (3, "softmax")}
    units, activation = outputs[loss]
    layers = [Dense(16, activation="tanh", input_shape=(5,), kernel_regularizer=regularizer)]
    if dropout:
        layers.append(Dropout(dropout))
    layers += [Dense(8, activation="relu"), Dense(units, activation=activation)]
    model = nnlib.Sequential(layers, seed=seed)
    model.compile(optimizer=optimizer, loss=loss, metrics=list(metric_names))
    return model


def _data(loss, n=60):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((n, 5))
    labels = rng.integers(0, 3, n)
    y = {"mse": x[:, :1] * 2 - x[:, 1:2], "mae": x[:, :1] - 1,
         "binary_crossentropy": (x[:, 0] > 0).astype(float).reshape(-1, 1),
         "categorical_crossentropy": np.eye(3)[labels], "sparse_categorical_crossentropy": labels}[loss]
    return x, y


def _everything(model, x, y):
    """Every Keras-API call of a model, in one dict of NumPy results."""
    results = {}
    history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
    results["history"] = history.history
    results["evaluate"] = model.evaluate(x, y, batch_size=16, verbose=0, return_dict=True)
    results["predict"] = model.predict(x, batch_size=7, verbose=0)
    results["call"] = model(x[:4])
    results["train_on_batch"] = model.train_on_batch(x[:10], y[:10], return_dict=True)
    results["test_on_batch"] = model.test_on_batch(x[:10], y[:10], return_dict=True)
    results["predict_on_batch"] = model.predict_on_batch(x[:3])
    results["gradients"] = model.gradients(x[:10], y[:10])
    results["weights"] = model.get_weights()
    return results


def _assert_same(host, device):
    assert host.keys() == device.keys()
    for key in host:
        a, b = host[key], device[key]
        if isinstance(a, list):
            assert all(type(v) is np.ndarray for v in b), key  # handed back as NumPy, as Keras
            assert all(np.array_equal(u, v) for u, v in zip(a, b)), key
        elif isinstance(a, np.ndarray):
            assert type(b) is np.ndarray, key
            np.testing.assert_array_equal(a, b, err_msg=key)
        else:
            assert a == b, key


def _assert_on_device(model):
    assert model.array_module is strict
    assert all(type(w) is DeviceArray for w in model.weights)
    assert all(type(g) is DeviceArray for layer in model.layers for g in layer.grads.values())


@pytest.mark.parametrize("loss", sorted(_LOSS_DATA))
def test_a_model_on_the_device_gives_the_numbers_of_numpy(loss):
    x, y = _data(loss)
    metric_names = ["accuracy"] if "crossentropy" in loss else ["mae"]
    host = _everything(_model(loss, metric_names=metric_names), x, y)
    device_model = _model(loss, metric_names=metric_names).to(strict)
    device = _everything(device_model, x, y)
    _assert_same(host, device)
    _assert_on_device(device_model)
    assert device_model._block is not None and type(device_model._block.values) is DeviceArray


@pytest.mark.parametrize("optimizer", [
    optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    optimizers.Adam(0.01, amsgrad=True),
    optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    optimizers.Adagrad(0.1),
], ids=lambda o: o.name)
def test_every_optimizer_dropout_and_regularizer_on_the_device(optimizer):
    x, y = _data("categorical_crossentropy")
    results = []
    for xp in (np, strict):
        model = _model("categorical_crossentropy", dropout=0.3, regularizer=nnlib.regularizers.L1L2(0.01, 0.02),
                       optimizer=optimizers.get(optimizer.get_config()), metric_names=["accuracy"])
        model.to(xp)
        results.append(_everything(model, x, y))
    _assert_same(*results)


def test_on_the_device_the_optimizer_updates_the_block_in_one_piece():
    model = nnlib.Sequential([Dense(600, input_shape=(500,)), Dense(10)], seed=0)  # over 2**18 weights
    model.compile(optimizer="adam", loss="mse")
    assert len(model._block.chunks()[0]) == 2  # on the CPU: pieces that stay in the cache
    model.to(strict)
    values, gradients = model._block.chunks()
    assert len(values) == len(gradients) == 1 and values[0].size == model.count_params()


def test_the_optimizer_state_carries_over_between_fit_calls_on_the_device():
    x, y = _data("mse")
    twice = _model("mse").to(strict)
    twice.fit(x, y, epochs=1, verbose=0)
    twice.fit(x, y, epochs=1, verbose=0)
    once = _model("mse").to(strict)
    once.fit(x, y, epochs=2, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(twice.get_weights(), once.get_weights()))


def test_to_before_build_builds_on_the_device_with_the_same_initial_weights():
    host = nnlib.Sequential([Dense(4), Dense(2)], seed=3)
    device = nnlib.Sequential([Dense(4), Dense(2)], seed=3).to("numpy").to(strict)
    host.build((None, 6))
    device.build((None, 6))
    _assert_on_device(device)
    assert all(np.array_equal(a, b) for a, b in zip(host.get_weights(), device.get_weights()))


def test_to_numpy_brings_the_weights_back():
    x, y = _data("mse")
    model = _model("mse").to(strict)
    model.fit(x, y, epochs=1, verbose=0)
    on_device = model.predict(x, verbose=0)
    model.to("numpy")
    assert model.array_module is np
    assert all(type(w) is np.ndarray for w in model.weights)
    np.testing.assert_array_equal(model.predict(x, verbose=0), on_device)
    model.fit(x, y, epochs=1, verbose=0)  # and it trains there again


def test_data_given_as_device_arrays_gives_the_same_training():
    x, y = _data("binary_crossentropy")
    host = _model("binary_crossentropy").to(strict)
    device = _model("binary_crossentropy").to(strict)
    a = host.fit(x, y, epochs=2, verbose=0).history
    b = device.fit(strict.asarray(x), strict.asarray(y), epochs=2, verbose=0,
                   validation_data=(strict.asarray(x[:10]), strict.asarray(y[:10]))).history
    assert a["loss"] == b["loss"]
    np.testing.assert_array_equal(host.predict(strict.asarray(x), verbose=0), device.predict(x, verbose=0))


def test_set_weights_takes_host_or_device_arrays():
    model = _model("mse").to(strict)
    new = [np.full(w.shape, 0.5, dtype=w.dtype) for w in model.get_weights()]
    model.set_weights(new)
    _assert_on_device(model)
    model.set_weights([strict.asarray(w) for w in new])
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), new))


class _Scale(Layer):
    """A hand-written layer (no weight block): y = x * s, one weight per feature."""

    def build(self, input_shape, rng=None):
        self.params = {"s": np.ones(input_shape[-1], dtype=self.dtype)}
        self.grads = {"s": np.zeros(input_shape[-1], dtype=self.dtype)}
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        self._x = x
        return x * self.params["s"]

    def backward(self, grad_output):
        self.grads["s"] = (grad_output * self._x).sum(axis=0)  # a new array, as learners write it
        return grad_output * self.params["s"]


def test_a_hand_written_layer_runs_on_the_device():
    x, y = _data("mse")
    histories = []
    for xp in (np, strict):
        model = nnlib.Sequential([_Scale(input_shape=(5,)), Flatten(), Dense(1)], seed=0).to(xp)
        model.compile(optimizer="sgd", loss="mse")
        histories.append(model.fit(x, y, epochs=3, verbose=0).history["loss"])
        assert model._block is None
    assert histories[0] == histories[1]


def test_callbacks_saving_and_divergence_on_the_device(tmp_path):
    x, y = _data("mse")
    model = _model("mse", optimizer=optimizers.SGD(0.01)).to(strict)
    stopper = callbacks.EarlyStopping(monitor="loss", patience=0, restore_best_weights=True)
    model.fit(x, y, epochs=3, verbose=0, callbacks=[stopper])
    _assert_on_device(model)
    model.save(tmp_path / "model.zip")
    loaded = nnlib.load_model(tmp_path / "model.zip")
    assert loaded.array_module is np
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))

    before = model.get_weights()
    model.compile(optimizer=optimizers.SGD(1e6), loss="mse")
    with pytest.raises(errors.DivergenceError):
        model.fit(x * 1e3, y, epochs=5, verbose=0)
    _assert_on_device(model)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
