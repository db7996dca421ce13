"""The Optimizer base class: how gradients become weight updates.

Taught in Part 3, "Gradient descent" and "Optimizers".

An optimizer owns everything it remembers between steps (momentum, running averages):
``build(variables)`` creates that state, one array per variable, kept in the optimizer
in the order of the variable list and found again by the variable's ``id()``. The
layers never store optimizer state, so one model can switch optimizers freely.

``apply(grads, variables)`` (or Keras's ``apply_gradients(zip(grads, variables))``)
checks the arguments, builds the state on the first call, and then makes one step in
Keras 3's order (``keras/src/optimizers/base_optimizer.py``):

    1. drop the variables whose gradient is None (a warning names them);
    2. only if asked: divide by ``loss_scale_factor``, clip (``clipnorm``,
       ``global_clipnorm`` or ``clipvalue``, see ``clipping``), and decay the weights:
       w = w - w * weight_decay * learning_rate ("decoupled" weight decay: it does not
       go through the gradient, so Adam's scaling does not weaken it);
    3. ``update_step(gradient, variable, learning_rate)`` for each variable;
    4. only with ``use_ema=True``: update the moving average of the weights;
    5. count the step in ``iterations``.

Variables are NumPy arrays updated IN PLACE (``variable -= ...``), so the layers that
own them see the new values at once. Scalars such as the learning rate stay Python
floats: NumPy then computes ``learning_rate * gradient`` in the gradient's dtype
(float32 stays float32), exactly as Keras casts its hyperparameters to the variable's
dtype.
"""

import math
import numbers
import re
import warnings

import numpy as np

from .. import errors
from ..array_modules import array_module, asarray, is_array, module_name
from . import clipping
from .schedules import LearningRateSchedule, deserialize as deserialize_schedule, serialize as serialize_schedule


LearningRateNotSettableError = errors.LearningRateNotSettableError  # where Keras users look for it


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def check_learning_rate(learning_rate):
    """Return ``learning_rate`` as a float (or the schedule or callable itself) if it is valid.

    Raises:
        HyperparameterError: it is not a number > 0, a ``LearningRateSchedule`` nor a
            callable that takes no arguments.
    """
    if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
        return learning_rate
    if not (_is_number(learning_rate) and learning_rate > 0):
        raise errors.HyperparameterError(
            f"learning_rate must be a number > 0 (typical values: 0.001 to 0.1), a "
            f"LearningRateSchedule or a callable without arguments, got {learning_rate!r}."
        )
    return float(learning_rate)


def check_range(what, value, low=0.0, high=1.0, high_included=True):
    """Return ``value`` as a float if low <= value <= high (or < high).

    Raises:
        HyperparameterError: ``value`` is outside the range or not a number.
    """
    ok = _is_number(value) and low <= value and (value <= high if high_included else value < high)
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


def check_positive_or_none(what, value, none_means):
    """Return None, or ``value`` as a float if it is a finite number > 0.

    Raises:
        HyperparameterError: otherwise; the message says what None would mean.
    """
    if value is None:
        return None
    if not (_is_number(value) and value > 0):
        raise errors.HyperparameterError(f"{what} must be a number > 0, or None ({none_means}), got {value!r}.")
    return float(value)


class Optimizer:
    """Base class of the optimizers.

    Subclasses set ``name``, create their state in ``build`` (after calling
    ``super().build(variables)``) and implement ``update_step``.

    Args:
        learning_rate: a number > 0, a ``LearningRateSchedule`` (called with
            ``iterations``), or a callable without arguments that returns the learning
            rate (called at every step), as in Keras.
        weight_decay: None, or a number >= 0: before each update,
            w = w - w * weight_decay * learning_rate. Defaults to None.
        clipnorm: None, or a number > 0: each gradient is shrunk to this norm if longer.
            Defaults to None.
        clipvalue: None, or a number > 0: each gradient number is cut to
            [-clipvalue, clipvalue]. Defaults to None.
        global_clipnorm: None, or a number > 0: all gradients of a step are shrunk
            together so that their global norm is at most this. Defaults to None.
        use_ema: whether to keep an exponential moving average of the weights (see
            ``finalize_variable_values``). Defaults to False.
        ema_momentum: in [0, 1]: average = ema_momentum * average + (1 - ema_momentum) * w.
            Defaults to 0.99.
        ema_overwrite_frequency: None, or an int >= 1: every so many steps the weights
            are replaced by their average. Defaults to None.
        loss_scale_factor: None, or a number > 0 that the gradients are divided by (the
            loss was multiplied by it, see ``scale_loss``). Defaults to None.
        gradient_accumulation_steps: must be None: nnlib does not accumulate gradients
            over batches (use a larger ``batch_size``).
        name: Defaults to the optimizer's own name ("sgd", "adam", ...).
        **kwargs: Keras's removed ``decay`` argument is ignored with a warning, as in Keras.

    Attributes:
        iterations: number of steps applied so far (an int).
        built: whether the per-variable state exists.

    Raises:
        HyperparameterError: a value is outside its range, more than one of clipnorm,
            clipvalue and global_clipnorm is set, gradient_accumulation_steps is set, or
            an argument is unknown (all ValueErrors, as in Keras).
    """

    name = "optimizer"

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.", stacklevel=3)
        if kwargs:
            raise errors.HyperparameterError(
                f"Argument(s) not recognized: {kwargs}. {type(self).__name__} takes the arguments "
                f"of Keras's {type(self).__name__}, e.g. learning_rate, weight_decay, clipnorm."
            )
        if gradient_accumulation_steps is not None:
            raise errors.HyperparameterError(
                f"gradient_accumulation_steps is not supported by nnlib (got {gradient_accumulation_steps!r}); "
                "pass None, and use a larger batch_size to average the gradients of more samples."
            )
        self._learning_rate = check_learning_rate(learning_rate)
        if name is not None:
            self.name = str(name)
        self._clipnorm = self._clipvalue = self._global_clipnorm = None
        self._weight_decay = self._loss_scale_factor = None
        self._set_clipping(clipnorm, clipvalue, global_clipnorm)
        self.weight_decay = weight_decay
        self.loss_scale_factor = loss_scale_factor
        self.use_ema = bool(use_ema)
        self.ema_momentum = check_range("ema_momentum", ema_momentum, 0.0, 1.0) if use_ema else ema_momentum
        if use_ema and ema_overwrite_frequency is not None and not (
            isinstance(ema_overwrite_frequency, numbers.Integral) and ema_overwrite_frequency >= 1
        ):
            raise errors.HyperparameterError(
                f"ema_overwrite_frequency must be an int >= 1 or None, got {ema_overwrite_frequency!r}."
            )
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.gradient_accumulation_steps = None
        self.iterations = 0
        self.built = False
        self._variables = []
        self._index_by_id = {}
        self._variable_names = None
        self._averages = []
        self.exclude_from_weight_decay()

    # -- learning rate --------------------------------------------------------

    @property
    def learning_rate(self):
        """The learning rate of the next step, a float.

        A schedule is evaluated at ``iterations``, a callable is called.
        """
        learning_rate = self._learning_rate
        if isinstance(learning_rate, float):
            return learning_rate
        if isinstance(learning_rate, LearningRateSchedule):
            return learning_rate(self.iterations)
        value = learning_rate()
        if not (_is_number(value) and value >= 0):
            raise errors.HyperparameterError(
                f"The learning_rate callable {learning_rate!r} returned {value!r}; it must return a number >= 0."
            )
        return float(value)

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(self._learning_rate, LearningRateSchedule) and not (
            isinstance(value, LearningRateSchedule) or callable(value)
        ):
            raise errors.LearningRateNotSettableError(
                "This optimizer was created with a learning-rate schedule, so its learning rate "
                "cannot be set to a number (as in Keras). Create it with a number instead."
            )
        self._learning_rate = check_learning_rate(value)

    # -- clipping, loss scaling, weight decay ---------------------------------

    @property
    def clipnorm(self):
        """None, or the largest norm of each gradient."""
        return self._clipnorm

    @clipnorm.setter
    def clipnorm(self, value):
        self._set_clipping(value, self._clipvalue, self._global_clipnorm)

    @property
    def clipvalue(self):
        """None, or the largest absolute value of each gradient number."""
        return self._clipvalue

    @clipvalue.setter
    def clipvalue(self, value):
        self._set_clipping(self._clipnorm, value, self._global_clipnorm)

    @property
    def global_clipnorm(self):
        """None, or the largest norm of all gradients of a step together."""
        return self._global_clipnorm

    @global_clipnorm.setter
    def global_clipnorm(self, value):
        self._set_clipping(self._clipnorm, self._clipvalue, value)

    def _set_clipping(self, clipnorm, clipvalue, global_clipnorm):
        """Check and set the three clipping options (at most one may be set, as in Keras)."""
        clipnorm = check_positive_or_none("clipnorm", clipnorm, "no clipping")
        clipvalue = check_positive_or_none("clipvalue", clipvalue, "no clipping")
        global_clipnorm = check_positive_or_none("global_clipnorm", global_clipnorm, "no clipping")
        if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise errors.HyperparameterError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}"
            )
        self._clipnorm, self._clipvalue, self._global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self._refresh_adjusts_step()

    @property
    def weight_decay(self):
        """None, or the decoupled weight decay (w = w - w * weight_decay * learning_rate)."""
        return self._weight_decay

    @weight_decay.setter
    def weight_decay(self, value):
        self._weight_decay = None if value is None else check_non_negative("weight_decay", value)
        self._refresh_adjusts_step()

    @property
    def loss_scale_factor(self):
        """None, or the factor the loss was multiplied by (the gradients are divided by it)."""
        return self._loss_scale_factor

    @loss_scale_factor.setter
    def loss_scale_factor(self, value):
        self._loss_scale_factor = check_positive_or_none("loss_scale_factor", value, "no loss scaling")
        self._refresh_adjusts_step()

    def _refresh_adjusts_step(self):
        # One flag, so that a step without these options pays one attribute read for them.
        self._adjusts_step = any(
            value is not None
            for value in (self._clipnorm, self._clipvalue, self._global_clipnorm,
                          self._weight_decay, self._loss_scale_factor)
        )

    def scale_loss(self, loss):
        """Return ``loss * loss_scale_factor`` (the loss itself when there is no factor)."""
        return loss if self._loss_scale_factor is None else loss * self._loss_scale_factor

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Leave some variables out of the weight decay (biases, typically).

        Args:
            var_list: variables (the arrays themselves) to leave out.
            var_names: strings; a variable whose name contains one of them (a regular
                expression search, as in Keras) is left out. NumPy arrays have no names:
                give them with ``build(variables, variable_names=[...])``.
        """
        self._excluded_ids = {id(v) for v in var_list or ()}
        self._excluded_names = re.compile("|".join(sorted(set(var_names)))) if var_names else None
        self._uses_decay = {}  # id(variable) -> bool, filled as variables are met

    def _use_weight_decay(self, variable):
        """Whether ``variable`` gets the weight decay (it is not excluded)."""
        key = id(variable)
        if key not in self._uses_decay:
            use = key not in self._excluded_ids
            if use and self._excluded_names is not None:
                if self._variable_names is None:
                    raise errors.DataError(
                        "exclude_from_weight_decay(var_names=...) looks for the variables' names, but "
                        "NumPy arrays have none. Call optimizer.build(variables, variable_names=[...]) "
                        "first, or exclude the arrays themselves with var_list=[...]."
                    )
                use = self._excluded_names.search(self._variable_names[self._index(variable)]) is None
            self._uses_decay[key] = use
        return self._uses_decay[key]

    @property
    def elementwise(self):
        """Whether the step treats every number on its own.

        Then a model may hand the optimizer its weights in any pieces (nnlib's weight
        block does, see ``WeightBlock.chunks``). False with ``clipnorm`` (one norm per
        variable) or weight-decay exclusions (per variable).
        """
        return self._clipnorm is None and not self._excluded_ids and self._excluded_names is None

    # -- state ------------------------------------------------------------------

    def build(self, variables, variable_names=None):
        """Remember the variables; subclasses then create one state array per variable.

        ``apply`` calls it on its first call. Calling it again starts over with fresh
        state (``iterations`` keeps counting).

        Args:
            variables: list of float NumPy arrays (the model's weights).
            variable_names: optional list of names, one per variable, for
                ``exclude_from_weight_decay(var_names=...)``.

        Raises:
            ShapeError: ``variable_names`` has another length than ``variables``.
        """
        variables = list(variables)
        if variable_names is not None:
            variable_names = [str(n) for n in variable_names]
            if len(variable_names) != len(variables):
                raise errors.ShapeError(
                    f"Got {len(variable_names)} variable_names for {len(variables)} variables; give one per variable."
                )
        self._variables = variables
        self._index_by_id = {id(v): i for i, v in enumerate(variables)}
        self._variable_names = variable_names
        self._uses_decay = {}
        self._averages = [v.copy() for v in variables] if self.use_ema else []
        self.built = True

    def _index(self, variable):
        """Position of ``variable`` in the built list: where its state is kept."""
        return self._index_by_id[id(variable)]

    # -- updates ----------------------------------------------------------------

    def apply_gradients(self, grads_and_vars):
        """Apply one step, Keras style.

        Args:
            grads_and_vars: list of (gradient, variable) pairs, e.g.
                ``zip(grads, model.trainable_variables)`` (``trainable_variables`` is
                ``trainable_weights``, as in Keras).

        Returns:
            ``iterations`` after the step (Keras returns its iterations variable).
        """
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])
        return self.iterations

    def apply(self, grads, variables=None):
        """Apply one optimization step to every variable, in place.

        Args:
            grads: list of gradients dL/dw, each the shape of its variable. A None
                gradient leaves its variable unchanged, with a warning, as in Keras. An
                empty list does nothing (the step is not counted), as in Keras.
            variables: list of float NumPy arrays. Defaults to the variables the
                optimizer was built with.

        Raises:
            ShapeError: a gradient's shape differs from its variable's, or the lists
                have different lengths.
            DataError: every gradient is None ("No gradients provided for any
                variable.", as in Keras), a variable is not a writable float NumPy
                array, or the optimizer was built for other variables
                (``build(variables)`` starts over with fresh state).
            NotBuiltError: no variables were given to an optimizer not built yet.
        """
        grads = list(grads)
        if not grads:
            return
        if variables is None:
            if not self.built:
                raise errors.NotBuiltError(
                    "apply(grads) without variables needs an optimizer that was built; "
                    "pass the variables on the first call: apply(grads, variables)."
                )
            variables = self._variables
        variables = list(variables)
        pairs = self._check(grads, variables)
        if len(pairs) < len(grads):
            _warn_missing_gradients(grads)
        if not self.built:
            self.build(variables)
        learning_rate = self.learning_rate
        if self._adjusts_step:
            pairs = self._unscale_clip_and_decay(pairs, learning_rate)
        self._update_variables(pairs, learning_rate)
        if self.use_ema:
            self._update_moving_averages()
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
        if not pairs:
            raise errors.DataError(
                f"No gradients provided for any variable. All {len(grads)} gradients are None: did the "
                "loss depend on the variables?"
            )
        return pairs

    def _unscale_clip_and_decay(self, pairs, learning_rate):
        """Step 2 of ``apply``, in Keras's order; return the new (gradient, variable) pairs."""
        grads = [g for g, _ in pairs]
        variables = [v for _, v in pairs]
        if self._loss_scale_factor is not None:
            grads = [g / self._loss_scale_factor for g in grads]
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables, learning_rate)
        return list(zip(grads, variables))

    def _clip_gradients(self, grads):
        """Return ``grads`` clipped as ``clipnorm``, ``global_clipnorm`` or ``clipvalue`` asks (new arrays)."""
        if self._clipnorm is not None:
            return [clipping.clip_by_norm(asarray(g), self._clipnorm) for g in grads]
        if self._global_clipnorm is not None:
            return clipping.clip_by_global_norm([asarray(g) for g in grads], self._global_clipnorm)
        if self._clipvalue is not None:
            return [clipping.clip_by_value(asarray(g), self._clipvalue) for g in grads]
        return grads

    def _apply_weight_decay(self, variables, learning_rate):
        """w = w - w * weight_decay * learning_rate, in place, for each variable not excluded."""
        if self._weight_decay is None:
            return
        decayed = [v for v in variables if self._use_weight_decay(v)]  # may raise: before any change
        for variable in decayed:
            scalar = variable.dtype.type
            variable -= variable * scalar(self._weight_decay) * scalar(learning_rate)

    def _update_variables(self, pairs, learning_rate):
        """Step 3 of ``apply``: ``update_step`` for each pair (Nadam adds a shared scalar)."""
        for gradient, variable in pairs:
            self.update_step(gradient, variable, learning_rate)

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

    # -- moving average of the weights (use_ema=True) ---------------------------

    def _update_moving_averages(self):
        """average = m * average + (1 - m) * w, with m = 0 at the first step (average = w)."""
        for variable, average in zip(self._variables, self._averages):
            momentum = variable.dtype.type(self.ema_momentum if self.iterations else 0.0)
            average *= momentum
            average += (1 - momentum) * variable
        if self.ema_overwrite_frequency and (self.iterations + 1) % self.ema_overwrite_frequency == 0:
            self.finalize_variable_values(self._variables)

    def finalize_variable_values(self, var_list=None):
        """With ``use_ema=True``, replace the weights by their moving average, in place.

        Keras's ``fit`` calls it after the last epoch; without ``use_ema`` it does nothing.

        Args:
            var_list: the variables, in the order the optimizer was built with. Defaults
                to those variables.

        Raises:
            ShapeError: ``var_list`` has another length than the built variables.
        """
        if not (self.use_ema and self.built):
            return
        var_list = self._variables if var_list is None else list(var_list)
        if len(var_list) != len(self._averages):
            raise errors.ShapeError(
                f"The length of model variables ({len(var_list)}) to override does not match the length "
                f"of model variables stored in the optimizer ({len(self._averages)})."
            )
        for variable, average in zip(var_list, self._averages):
            variable[...] = average

    # -- saving -----------------------------------------------------------------

    def get_config(self):
        """Return the hyperparameters as a dict, with Keras's keys.

        A schedule is given as its serialized dict, a callable learning rate as itself.
        """
        learning_rate = self._learning_rate
        if isinstance(learning_rate, LearningRateSchedule):
            learning_rate = serialize_schedule(learning_rate)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self._weight_decay,
            "clipnorm": self._clipnorm,
            "global_clipnorm": self._global_clipnorm,
            "clipvalue": self._clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self._loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

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


def _warn_missing_gradients(grads):
    missing = [i for i, g in enumerate(grads) if g is None]
    warnings.warn(
        f"Gradients do not exist for variables {missing} (positions in the variable list) when "
        "minimizing the loss. If using `model.compile()`, did you forget to provide a `loss` argument?",
        UserWarning,
        stacklevel=3,
    )
