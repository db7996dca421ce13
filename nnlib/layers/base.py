"""The ``Layer`` base class: what every layer of a network can do.

Taught in Part 4, "The same network with nnlib" (the API) and Part 3,
"Backpropagation" (``forward`` and ``backward``).

A layer is a function of its input x and of its parameters. It knows three things:

- ``forward(x, training=False)``: compute the output, and remember what the backward
  pass will need (the input, the pre-activation z, ...).
- ``backward(grad_output)``: given dL/d(output), store dL/d(parameter) in
  ``self.grads`` and return dL/dx, the gradient the previous layer needs.
- ``build(input_shape, rng)``: create the parameters once the input size is known.

Shapes follow Keras: ``input_shape`` and ``output_shape`` include the batch axis as
``None``, e.g. ``(None, 64)`` for batches of 64 features.

Rules every layer follows (optimizers rely on them):

- Parameters live in the dict ``self.params`` (name -> array). They are updated IN
  PLACE by optimizers, so a layer never replaces (rebinds) a parameter array after
  ``build``; ``set_weights`` copies new values into the existing arrays.
- A parameter that training does not update by gradient descent (BatchNormalization's
  moving mean and variance) is named in ``self.non_trainable_names``; it has no entry
  in ``self.grads``. ``layer.trainable = False`` freezes all of a layer's parameters.
- Gradients live in ``self.grads`` with the same names and shapes. ``backward``
  REPLACES them, never adds to them, so there is nothing to reset between batches.
  A layer you write may simply assign new arrays (``self.grads["W"] = x.T @ delta``);
  ``Dense`` writes into the arrays it already has (``np.matmul(..., out=...)``), so
  copy a gradient (``.copy()``) if you want to keep it past the next backward pass.
"""

import numbers

import numpy as np

from .. import array_modules, errors
from ..array_modules import array_module, asarray, to_module, to_numpy
from ..naming import unique_name
from . import keras_tensor


class Layer:
    """Base class of all layers.

    Subclasses override ``build`` (when they have parameters), ``forward``,
    ``backward`` and, when the output shape differs from the input shape,
    ``compute_output_shape``.

    Args:
        name: the layer's name, shown by ``model.summary()``. Defaults to the class
            name in snake_case, numbered as Keras numbers it: "dense", "dense_1", ...
            (see ``nnlib/naming.py``).
        dtype: the float type of parameters and outputs. Defaults to "float32", as
            Keras; "float64" is used by gradient checks.
        input_shape: shape of ONE sample, e.g. ``(64,)``, given to the first layer
            of a model so that it can be built at once (Keras style).
        input_dim: the older Keras spelling for 2-D inputs: ``input_dim=8`` is
            ``input_shape=(8,)``.

    Attributes:
        params: dict name -> parameter array (empty for layers without parameters).
        grads: dict name -> gradient array of the same shape, set by ``backward``.
        built: whether ``build`` has run.
        non_trainable_names: names of parameters that are state, not trained by
            gradients (empty for most layers).
        input_shape, output_shape: tuples with ``None`` for the batch axis, known
            after ``build``.
    """

    non_trainable_names = ()

    def __init__(self, name=None, dtype="float32", input_shape=None, input_dim=None, trainable=True):
        self._given_name = _check_name(name)
        # Keras 3 names a layer when it is made: "dense", then "dense_1", ... (naming.py)
        self._auto_name = None if self._given_name else unique_name(_snake_case(type(self).__name__))
        self.dtype = _check_float_dtype(dtype)
        self.declared_input_shape = _declared_input_shape(input_shape, input_dim)
        self.params = {}
        self.grads = {}
        self.built = False
        self.trainable = trainable
        self.input_shape = None
        self.output_shape = None
        self._symbolic_output = None  # its KerasTensor once called on one (keras_tensor.py)

    # ----- naming ---------------------------------------------------------------
    @property
    def name(self):
        """The layer's name: the one given, else the automatic one ("dense_1")."""
        return self._given_name or self._auto_name or _snake_case(type(self).__name__)

    @name.setter
    def name(self, value):
        self._given_name = _check_name(value)

    # ----- building -------------------------------------------------------------
    def build(self, input_shape, rng=None):
        """Create the parameters for inputs of ``input_shape``.

        The base version creates none. Layers with parameters override it, create
        ``self.params`` (and zero ``self.grads`` of the same shapes) and then call
        ``super().build(input_shape, rng)``.

        Args:
            input_shape: shape of a batch of inputs, e.g. ``(None, 64)``.
            rng: ``np.random.Generator`` for the initial values (a model passes its
                own, so that ``Sequential(seed=...)`` fixes every weight); None makes
                a fresh one.
        """
        input_shape = normalize_batch_shape(input_shape)
        self.input_shape = input_shape
        self.output_shape = tuple(self.compute_output_shape(input_shape))
        self.built = True

    @property
    def output(self):
        """The KerasTensor of the layer's output, once it was called on one (Functional API).

        ``model.layers[2].output`` taps a model in the middle: ``Model(inputs,
        model.layers[2].output)`` computes the features that layer makes.

        Raises:
            HyperparameterError: the layer was never called on a KerasTensor.
        """
        if self._symbolic_output is None:
            raise errors.HyperparameterError(
                f"Layer {self.name!r} has no symbolic output: it was never called on a KerasTensor "
                "(from nnlib.Input). Only layers of a Functional model have .output."
            )
        return self._symbolic_output

    @property
    def input(self):
        """The KerasTensor(s) the layer was called on: one, or a list for a merge layer.

        Raises:
            HyperparameterError: the layer was never called on a KerasTensor.
        """
        tensor = self.output
        if tensor.layer is self and not tensor.inputs:  # an Input's own tensor
            return tensor
        return list(tensor.inputs) if tensor.called_on_list else tensor.inputs[0]

    def compute_output_shape(self, input_shape):
        """Return the output shape for ``input_shape`` (both with the batch axis).

        The base version returns ``input_shape`` (the output has the input's shape).
        """
        return tuple(input_shape)

    def __call__(self, x, training=False):
        """Build the layer on first use, then run ``forward`` (as ``keras_layer(x)``).

        Called on a ``KerasTensor`` (``Input(shape=...)`` and what layers return for
        it), the layer computes nothing: it records the call and returns the
        KerasTensor of its output, to build a model with ``nnlib.Model(inputs,
        outputs)`` (the Functional API, ``keras_tensor.py``).

        A layer first called on a GPU (CuPy) array creates its weights on the host and
        moves them to the GPU, next to ``x``.

        Raises:
            DeviceError: the weights and ``x`` live in different array modules.
            ShapeError: (on a KerasTensor) the layer cannot take its shape.
        """
        if keras_tensor.is_symbolic(x):
            return keras_tensor.call_on_symbolic(self, x)
        if isinstance(x, (list, tuple)):  # a merge layer's inputs
            return self._call_on_list([asarray(item) for item in x], training)
        x = asarray(x)
        xp = array_module(x)
        if not self.built:
            self.build((None,) + x.shape[1:])
            self.move_weights(xp)
        elif self.params and array_module(*self.params.values()) is not xp:
            held = array_modules.module_name(array_module(*self.params.values()))
            raise errors.DeviceError(
                f"Layer {self.name!r} holds its weights in {held} but was called on a "
                f"{array_modules.module_name(xp)} array. Move the data, or the model with model.to(...)."
            )
        return self.forward(x, training=training)

    def _call_on_list(self, xs, training):
        """``__call__`` for layers that take a list of arrays (merge layers)."""
        if not self.built:
            self.build([(None,) + x.shape[1:] for x in xs])
        return self.forward(xs, training=training)

    def move_weights(self, xp):
        """Put the parameters and gradients in the array module ``xp`` (numpy or cupy).

        A layer keeps its arrays in ``params`` and ``grads`` (the rule for layers you
        write, too), so replacing their entries moves the layer. ``Sequential.to``
        calls this for every layer.
        """
        for name, value in self.params.items():
            self.params[name] = to_module(value, xp)
        for name, value in self.grads.items():
            self.grads[name] = to_module(value, xp)

    # ----- the two passes -------------------------------------------------------
    def forward(self, x, training=False):
        """Return the layer's output for a batch ``x`` (shape (batch, ...)).

        Args:
            x: inputs, shape ``input_shape`` with the batch axis filled in.
            training: True inside ``fit`` (Dropout is active only then).
        """
        raise NotImplementedError(f"{type(self).__name__} must implement forward(x, training=False).")

    def backward(self, grad_output):
        """Backpropagate: set ``self.grads`` and return dL/dx.

        Args:
            grad_output: dL/d(output) of the last ``forward``, shape of the output.

        Returns:
            dL/dx, the shape of the last ``forward``'s input.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement backward(grad_output).")

    def backward_without_input_gradient(self, grad_output):
        """Like ``backward``, for the first layer of a model, whose dL/dx nobody needs.

        The base version simply calls ``backward``. ``Dense`` overrides it to skip
        the matrix product that dL/dx costs (a third of the layer's backward work).
        """
        self.backward(grad_output)

    def regularization_penalty(self):
        """Return this layer's share of the loss from weight regularizers (a float).

        The base version returns 0.0; ``Dense`` adds its kernel and bias penalties.
        """
        return 0.0

    # ----- weights ----------------------------------------------------------------
    @property
    def weights(self):
        """The parameter arrays themselves (not copies), in Keras order."""
        return list(self.params.values())

    @property
    def trainable(self):
        """Whether ``fit`` updates this layer's parameters (Keras's ``layer.trainable``).

        True unless frozen: set it to False to freeze the layer, then compile the model
        again, as in Keras.
        """
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        if not isinstance(value, (bool, np.bool_)):
            raise errors.HyperparameterError(f"trainable must be True or False, got {value!r}.")
        self._trainable = bool(value)

    def trainable_param_names(self):
        """Names of the parameters the optimizer updates: none when the layer is frozen.

        These are the parameters ``backward`` gives a gradient in ``self.grads``, in
        Keras order, minus those in ``non_trainable_names``.
        """
        if not self.trainable:
            return []
        return [name for name in self.params if name not in self.non_trainable_names]

    @property
    def trainable_weights(self):
        """The parameter arrays ``fit`` updates (empty when the layer is frozen)."""
        return [self.params[name] for name in self.trainable_param_names()]

    @property
    def trainable_variables(self):
        """Keras's other name for ``trainable_weights`` (the same list)."""
        return self.trainable_weights

    @property
    def non_trainable_weights(self):
        """The other parameters: moving statistics, or all of them when frozen."""
        trained = set(self.trainable_param_names())
        return [p for name, p in self.params.items() if name not in trained]

    def count_params(self):
        """Return the number of scalar parameters (e.g. n_in * units + units for Dense).

        Raises:
            NotBuiltError: the layer has not been built, so its size is unknown.
        """
        self._require_built("count_params()")
        return int(sum(p.size for p in self.params.values()))

    def get_weights(self):
        """Return copies of the parameters, in Keras order (Dense: [kernel, bias]).

        The copies are NumPy arrays, as in Keras, also when the weights live on a GPU.

        Raises:
            NotBuiltError: the layer has not been built yet.
        """
        self._require_built("get_weights()")
        return [np.array(to_numpy(p)) for p in self.params.values()]

    def set_weights(self, weights):
        """Copy ``weights`` into the parameters, in place (arrays keep their identity).

        Args:
            weights: list of arrays in the order of ``get_weights()``.

        Raises:
            NotBuiltError: the layer has not been built yet.
            ShapeError: wrong number of arrays or an array of the wrong shape; no
                parameter changes then.
        """
        self._require_built("set_weights()")
        arrays = check_weight_list(weights, self.params, owner=f"Layer {self.name!r}")
        for param, value in zip(self.params.values(), arrays):
            param[...] = to_module(value, array_module(param))

    def get_config(self):
        """Return the constructor arguments as a JSON-friendly dict (for saving)."""
        config = {"name": self.name, "dtype": self.dtype}
        if not self.trainable:
            config["trainable"] = False
        if self.declared_input_shape is not None:
            config["input_shape"] = list(self.declared_input_shape)
        return config

    @classmethod
    def from_config(cls, config):
        """Rebuild a layer from ``get_config()``'s dict (a frozen layer stays frozen)."""
        config = dict(config)
        trainable = config.pop("trainable", True)
        layer = cls(**config)
        layer.trainable = trainable
        return layer

    # ----- helpers ----------------------------------------------------------------
    def _require_built(self, what):
        if not self.built:
            raise errors.NotBuiltError(
                f"Layer {self.name!r} has no weights yet, so {what} cannot run. Build it "
                f"first: give the model's first layer input_shape=(n_features,), call "
                f"layer.build((None, n_features)), or call the model on data."
            )

    def _wrong_input_error(self, x):
        """Return the ShapeError for an input ``x`` this layer cannot take."""
        hint = ""
        if x.ndim == 1:
            hint = (
                " A 1-D array is ambiguous: use x.reshape(-1, 1) if each sample has one "
                "feature, or x.reshape(1, -1) for a single sample."
            )
        elif len(self.input_shape) == 2 and x.ndim > 2:
            hint = " Add a Flatten() layer before it to turn each sample into a vector."
        return errors.ShapeError(
            f"Layer {self.name!r} expects inputs of shape {self.input_shape}, but got an "
            f"array of shape {x.shape}.{hint}"
        )

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}, built={self.built}>"


def check_weight_list(weights, params, owner):
    """Check that ``weights`` can replace ``params``; return them as arrays.

    Args:
        weights: list of arrays, one per parameter.
        params: dict name -> current parameter array.
        owner: who the weights belong to, for the error message.

    Raises:
        ShapeError: wrong count, or a shape that differs from the parameter's.
    """
    try:
        weights = list(weights)
    except TypeError:
        raise errors.ShapeError(
            f"{owner}: set_weights expects a list of arrays, got {type(weights).__name__}."
        ) from None
    if len(weights) != len(params):
        raise errors.ShapeError(
            f"{owner}: set_weights expects {len(params)} arrays "
            f"({', '.join(params) or 'none'}), got {len(weights)}."
        )
    arrays = []
    for (pname, param), value in zip(params.items(), weights):
        value = to_numpy(value)
        if value.shape != param.shape:
            raise errors.ShapeError(
                f"{owner}: weight {pname!r} has shape {param.shape}, but the new value has "
                f"shape {value.shape}."
            )
        arrays.append(value)
    return arrays


def normalize_batch_shape(input_shape):
    """Return ``input_shape`` as a tuple whose first entry (the batch axis) is None.

    Raises:
        ShapeError: not a sequence of positive ints (after the batch axis).
    """
    try:
        shape = tuple(input_shape)
    except TypeError:
        raise errors.ShapeError(
            f"input_shape must be a tuple such as (None, 64), got {input_shape!r}."
        ) from None
    if len(shape) < 2:
        raise errors.ShapeError(
            f"build() takes the shape of a BATCH, with the batch axis first, e.g. (None, 64); "
            f"got {shape}. For one sample of 64 features write (None, 64)."
        )
    rest = shape[1:]
    if not all(isinstance(d, numbers.Integral) and not isinstance(d, bool) and d > 0 for d in rest):
        raise errors.ShapeError(f"input_shape must hold positive ints after the batch axis, got {shape}.")
    return (None,) + tuple(int(d) for d in rest)


def _declared_input_shape(input_shape, input_dim):
    if input_shape is not None and input_dim is not None:
        raise errors.HyperparameterError(
            "Give either input_shape=(n,) or input_dim=n, not both."
        )
    if input_dim is not None:
        input_shape = (input_dim,)
    if input_shape is None:
        return None
    if isinstance(input_shape, numbers.Integral):
        input_shape = (input_shape,)
    shape = tuple(input_shape)
    if not shape or not all(isinstance(d, numbers.Integral) and not isinstance(d, bool) and d > 0 for d in shape):
        raise errors.ShapeError(
            f"input_shape is the shape of ONE sample, e.g. (64,) for 64 features; got {input_shape!r}."
        )
    return tuple(int(d) for d in shape)


def _check_float_dtype(dtype):
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise errors.HyperparameterError(f"dtype must be 'float32' or 'float64', got {dtype!r}.") from None
    if dt not in (np.float32, np.float64):
        raise errors.HyperparameterError(f"dtype must be 'float32' or 'float64', got {dtype!r}.")
    return dt.name


def _check_name(name):
    if name is not None and (not isinstance(name, str) or not name):
        raise errors.HyperparameterError(f"A layer name must be a non-empty string, got {name!r}.")
    return name


def _snake_case(class_name):
    out = []
    for i, ch in enumerate(class_name):
        # "Conv2D" -> "conv2d", as Keras: no underscore after an upper-case letter or a digit
        if ch.isupper() and i > 0 and not (class_name[i - 1].isupper() or class_name[i - 1].isdigit()):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)
