"""The Optimizer base class: how gradients become weight updates.

Taught in Part 3, "Gradient descent" and "Optimizers".

An optimizer owns everything it remembers between steps (momentum, running averages):
``build(variables)`` creates that state, one array per variable, kept in the optimizer
in the order of the variable list and found again by the variable's ``id()``. The
layers never store optimizer state, so one model can switch optimizers freely.

``apply(grads, variables)`` (or Keras's ``apply_gradients(zip(grads, variables))``)
checks the arguments, builds the state on the first call, calls
``update_step(gradient, variable, learning_rate)`` for each variable, and then counts
the step in ``iterations``. Variables are NumPy arrays updated IN PLACE
(``variable -= ...``), so the layers that own them see the new values at once.

Scalars such as the learning rate stay Python floats: NumPy then computes
``learning_rate * gradient`` in the gradient's dtype (float32 stays float32), exactly as
Keras casts its hyperparameters to the variable's dtype.
"""

import math
import numbers

from .. import errors
from ..array_modules import array_module, asarray, is_array, module_name
from .schedules import LearningRateSchedule, deserialize as deserialize_schedule, serialize as serialize_schedule


def check_learning_rate(learning_rate):
    """Return ``learning_rate`` as a float (or the schedule itself) if it is valid.

    Raises:
        HyperparameterError: it is not a number > 0 nor a ``LearningRateSchedule``.
    """
    if isinstance(learning_rate, LearningRateSchedule):
        return learning_rate
    if not (isinstance(learning_rate, numbers.Real) and not isinstance(learning_rate, bool)
            and math.isfinite(learning_rate) and learning_rate > 0):
        raise errors.HyperparameterError(
            f"learning_rate must be a number > 0 (typical values: 0.001 to 0.1) or a "
            f"LearningRateSchedule, got {learning_rate!r}."
        )
    return float(learning_rate)


def check_range(what, value, low=0.0, high=1.0, high_included=True):
    """Return ``value`` as a float if low <= value <= high (or < high).

    Raises:
        HyperparameterError: ``value`` is outside the range or not a number.
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = low <= value and (value <= high if high_included else value < high)
    if not ok:
        bracket = "]" if high_included else ")"
        raise errors.HyperparameterError(f"{what} must be a number in [{low:g}, {high:g}{bracket}, got {value!r}.")
    return float(value)


def check_non_negative(what, value):
    """Return ``value`` as a float if it is a finite number >= 0.

    Raises:
        HyperparameterError: otherwise.
    """
    return check_range(what, value, 0.0, math.inf, high_included=False)


class Optimizer:
    """Base class of the optimizers.

    Subclasses set ``name``, create their state in ``build`` (after calling
    ``super().build(variables)``) and implement ``update_step``.

    Args:
        learning_rate: a number > 0 or a ``LearningRateSchedule``.
        name: Defaults to the optimizer's own name ("sgd", "adam", ...).

    Attributes:
        iterations: number of steps applied so far (an int).
        built: whether the per-variable state exists.
    """

    name = "optimizer"

    def __init__(self, learning_rate, name=None):
        self._learning_rate = check_learning_rate(learning_rate)
        if name is not None:
            self.name = str(name)
        self.iterations = 0
        self.built = False
        self._variables = []
        self._index_by_id = {}

    # -- learning rate --------------------------------------------------------

    @property
    def learning_rate(self):
        """The learning rate of the next step, a float (a schedule is evaluated at ``iterations``)."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self.iterations)
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(self._learning_rate, LearningRateSchedule) and not isinstance(value, LearningRateSchedule):
            raise errors.HyperparameterError(
                "This optimizer was created with a learning-rate schedule, so its learning rate "
                "cannot be set to a number (as in Keras). Create it with a number instead."
            )
        self._learning_rate = check_learning_rate(value)

    # -- state ------------------------------------------------------------------

    def build(self, variables):
        """Remember the variables; subclasses then create one state array per variable.

        ``apply`` calls it on its first call. Calling it again starts over with fresh
        state (``iterations`` keeps counting).

        Args:
            variables: list of float NumPy arrays (the model's weights).
        """
        self._variables = list(variables)
        self._index_by_id = {id(v): i for i, v in enumerate(self._variables)}
        self.built = True

    def _index(self, variable):
        """Position of ``variable`` in the built list: where its state is kept."""
        return self._index_by_id[id(variable)]

    # -- updates ----------------------------------------------------------------

    def apply_gradients(self, grads_and_vars):
        """Apply one step, Keras style.

        Args:
            grads_and_vars: list of (gradient, variable) pairs, e.g.
                ``zip(grads, model.trainable_variables)``.
        """
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])

    def apply(self, grads, variables=None):
        """Apply one optimization step to every variable, in place.

        Args:
            grads: list of gradients dL/dw, each the shape of its variable. A None
                gradient leaves its variable unchanged, as in Keras.
            variables: list of float NumPy arrays. Defaults to the variables the
                optimizer was built with.

        Raises:
            ShapeError: a gradient's shape differs from its variable's, or the lists
                have different lengths.
            DataError: a variable is not a writable float NumPy array, or the
                optimizer was built for other variables (``build(variables)`` starts
                over with fresh state).
            NotBuiltError: no variables were given to an optimizer not built yet.
        """
        grads = list(grads)
        if variables is None:
            if not self.built:
                raise errors.NotBuiltError(
                    "apply(grads) without variables needs an optimizer that was built; "
                    "pass the variables on the first call: apply(grads, variables)."
                )
            variables = self._variables
        variables = list(variables)
        pairs = self._check(grads, variables)
        if not self.built:
            self.build(variables)
        learning_rate = self.learning_rate
        for gradient, variable in pairs:
            self.update_step(gradient, variable, learning_rate)
        self.iterations += 1

    def _check(self, grads, variables):
        """Validate everything before anything changes; return the (gradient, variable) pairs."""
        if len(grads) != len(variables):
            raise errors.ShapeError(
                f"Got {len(grads)} gradients for {len(variables)} variables; give one per variable."
            )
        pairs = []
        for i, (gradient, variable) in enumerate(zip(grads, variables)):
            writable = getattr(variable.flags, "writeable", True) if is_array(variable) else False
            if not (writable and variable.dtype.kind == "f"):
                raise errors.DataError(
                    f"Variable {i} must be a writable float array, NumPy or CuPy (it is updated in place), "
                    f"got {type(variable).__name__}{getattr(variable, 'dtype', '')}."
                )
            if self.built and id(variable) not in self._index_by_id:
                raise errors.DataError(
                    f"Variable {i} (shape {variable.shape}) is not one of the {len(self._variables)} "
                    "variables this optimizer was built for. Use a new optimizer for each model."
                )
            if gradient is None:
                continue
            if is_array(gradient) and array_module(gradient) is not array_module(variable):
                raise errors.DeviceError(
                    f"Gradient {i} is a {module_name(array_module(gradient))} array but its variable "
                    f"a {module_name(array_module(variable))} array; move them to the same device first."
                )
            gradient = asarray(gradient, dtype=variable.dtype)
            if gradient.shape != variable.shape:
                raise errors.ShapeError(
                    f"Gradient {i} has shape {gradient.shape} but its variable has shape {variable.shape}."
                )
            pairs.append((gradient, variable))
        return pairs

    def update_step(self, gradient, variable, learning_rate):
        """Update one variable in place. Implemented by each optimizer.

        Args:
            gradient: dL/dw, same shape and dtype as ``variable``.
            variable: the weights w, updated in place.
            learning_rate: the learning rate of this step, a float.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_step(gradient, variable, learning_rate)."
        )

    # -- saving -----------------------------------------------------------------

    def get_config(self):
        """Return the hyperparameters as a dict (a schedule as its serialized dict)."""
        learning_rate = self._learning_rate
        if isinstance(learning_rate, LearningRateSchedule):
            learning_rate = serialize_schedule(learning_rate)
        return {"name": self.name, "learning_rate": learning_rate}

    @classmethod
    def from_config(cls, config):
        """Build an optimizer from ``get_config()`` (the state starts fresh)."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = deserialize_schedule(config["learning_rate"])
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"
