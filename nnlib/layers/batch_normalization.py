"""``BatchNormalization``: standardize each feature over the batch, then scale and shift.

Taught in Part 3, "Initialization, vanishing gradients and batch normalization" (why normalizing the activations
keeps the gradients healthy; the chapter states the backward pass, derived below).

For a feature (one index along ``axis``) the layer sees m numbers x_1, ..., x_m in a
batch: the B samples for inputs of shape (B, C), or every sample and position for
inputs of shape (B, H, W, C). In training mode it standardizes them with their own
statistics and applies a learned scale gamma and offset beta::

    mu   = (1/m) sum_i x_i                  batch mean
    var  = (1/m) sum_i (x_i - mu)^2         batch variance (biased: divided by m)
    s    = 1 / sqrt(var + epsilon)          epsilon keeps s finite when var = 0
    xhat = (x - mu) * s                     mean 0, variance ~1
    y    = gamma * xhat + beta

and it keeps exponential moving averages of mu and var for inference::

    moving_mean     = moving_mean     * momentum + mu  * (1 - momentum)
    moving_variance = moving_variance * momentum + var * (1 - momentum)

In inference mode (``predict``, ``evaluate``, or a frozen layer) mu and var are
replaced by these moving averages, so each sample's output no longer depends on the
other samples of its batch, and the layer is the affine map y = gamma * s * (x - mu) + beta.

This is Keras 3's layer (``keras/src/layers/normalization/batch_normalization.py``):
the same arguments, weights (gamma, beta, moving_mean, moving_variance, in that
order) and numbers.
"""

import numbers

import numpy as np

from .. import errors, initializers, regularizers
from .base import Layer, normalize_batch_shape


class BatchNormalization(Layer):
    """Normalize each feature with the batch's statistics (training) or the moving ones.

    Args:
        axis: the features axis, normalized per index; every other axis is averaged
            over. Defaults to -1 (the last axis). Axis 0 is the batch axis and
            cannot be chosen.
        momentum: weight of the old value in the moving averages, in [0, 1].
            Defaults to 0.99, as Keras.
        epsilon: small positive number added to the variance before the square
            root. Defaults to 1e-3, as Keras.
        center: whether to add the learned offset beta. Defaults to True.
        scale: whether to multiply by the learned factor gamma. Defaults to True
            (turn it off when the next layer is linear: it can do the scaling).
        beta_initializer: how beta starts. Defaults to "zeros".
        gamma_initializer: how gamma starts. Defaults to "ones".
        moving_mean_initializer: how the moving mean starts. Defaults to "zeros".
        moving_variance_initializer: how the moving variance starts. Defaults to "ones".
        beta_regularizer: a penalty on beta added to the loss. Defaults to None.
        gamma_regularizer: a penalty on gamma added to the loss. Defaults to None.
        beta_constraint, gamma_constraint: Keras's weight constraints. nnlib has
            none, so only None is accepted (the argument exists so that Keras's
            configs load).
        synchronized: Keras's switch for statistics shared across devices in
            distributed training. nnlib trains on one device, where it changes
            nothing; it is kept for Keras's configs. Defaults to False.
        renorm, renorm_clipping, renorm_momentum: Keras's batch renormalization.
            nnlib does not implement it: only ``renorm=False`` is accepted (the
            other two are then unused, as in Keras).
        name: the layer's name. Defaults to "batch_normalization".
        dtype: "float32" (default) or "float64".
        input_shape: the shape of one sample, for a first layer.

    Attributes:
        gamma, beta, moving_mean, moving_variance: the weights, shape (C,) for C
            features (gamma is None when ``scale=False``, beta when ``center=False``).
        non_trainable_names: ("moving_mean", "moving_variance"): state updated by the
            forward pass, not by the optimizer.

    Raises:
        HyperparameterError: an argument of the wrong type or out of range, a
            constraint, or ``renorm=True``.
        UnknownNameError: an unknown initializer or regularizer name.
    """

    non_trainable_names = ("moving_mean", "moving_variance")

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        synchronized=False,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        name=None,
        dtype="float32",
        input_shape=None,
    ):
        super().__init__(name=name, dtype=dtype, input_shape=input_shape)
        if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
            raise errors.HyperparameterError(
                f"BatchNormalization(axis=...) must be an int (the features axis, e.g. -1), got {axis!r}."
            )
        self.axis = int(axis)
        self.momentum = _fraction("momentum", momentum)
        if not isinstance(epsilon, numbers.Real) or isinstance(epsilon, bool) or not epsilon > 0:
            raise errors.HyperparameterError(
                f"BatchNormalization(epsilon=...) must be a positive number (it keeps 1/sqrt(var + "
                f"epsilon) finite when a feature is constant in a batch), got {epsilon!r}."
            )
        self.epsilon = float(epsilon)
        self.center = _flag("center", center)
        self.scale = _flag("scale", scale)
        self.synchronized = _flag("synchronized", synchronized)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        for what, constraint in (("beta_constraint", beta_constraint), ("gamma_constraint", gamma_constraint)):
            if constraint is not None:
                raise errors.HyperparameterError(
                    f"BatchNormalization({what}={constraint!r}): nnlib has no weight constraints; "
                    f"leave {what}=None."
                )
        self.beta_constraint = self.gamma_constraint = None
        if _flag("renorm", renorm):
            raise errors.HyperparameterError(
                "BatchNormalization(renorm=True): nnlib does not implement batch renormalization; "
                "use renorm=False (the default)."
            )
        self.renorm = False
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = _fraction("renorm_momentum", renorm_momentum)
        self._reduction_axes = None  # every axis but ``axis``, set by build
        self._broadcast_shape = None  # (1, ..., C, ..., 1): a (C,) weight laid along ``axis``
        # What the backward pass needs from the last forward pass.
        self._x_hat = None  # the standardized input, shape of x
        self._inv_std = None  # s = 1/sqrt(var + epsilon), broadcast shape
        self._batch_statistics = False  # whether mu and var came from the batch

    # ----- weights ---------------------------------------------------------------
    @property
    def gamma(self):
        """The learned scale, shape (C,), or None when ``scale=False``.

        Raises:
            NotBuiltError: the layer has not been built yet.
        """
        self._require_built("reading .gamma")
        return self.params.get("gamma")

    @property
    def beta(self):
        """The learned offset, shape (C,), or None when ``center=False``.

        Raises:
            NotBuiltError: the layer has not been built yet.
        """
        self._require_built("reading .beta")
        return self.params.get("beta")

    @property
    def moving_mean(self):
        """The moving average of the batch means, shape (C,), used in inference.

        Raises:
            NotBuiltError: the layer has not been built yet.
        """
        self._require_built("reading .moving_mean")
        return self.params["moving_mean"]

    @property
    def moving_variance(self):
        """The moving average of the batch variances, shape (C,), used in inference.

        Raises:
            NotBuiltError: the layer has not been built yet.
        """
        self._require_built("reading .moving_variance")
        return self.params["moving_variance"]

    # ----- building ----------------------------------------------------------------
    def compute_output_shape(self, input_shape):
        self._feature_axis(input_shape)  # ShapeError for an axis the input does not have
        return tuple(input_shape)

    def _feature_axis(self, input_shape):
        """Return ``axis`` as a non-negative index into ``input_shape``."""
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise errors.ShapeError(
                f"Layer {self.name!r} (BatchNormalization) has axis={self.axis}, which is out of bounds "
                f"for inputs of shape {tuple(input_shape)} (rank {rank})."
            )
        axis = self.axis % rank
        if axis == 0:
            raise errors.ShapeError(
                f"Layer {self.name!r} (BatchNormalization) cannot normalize per index of axis 0: it is "
                f"the batch axis of inputs of shape {tuple(input_shape)}. Use the features axis "
                f"(axis=-1 for channels last)."
            )
        return axis

    def build(self, input_shape, rng=None):
        """Create gamma, beta, moving_mean and moving_variance, each of shape (C,).

        Args:
            input_shape: ``(None, ..., C, ...)`` with C features along ``axis``.
            rng: ``np.random.Generator`` for random initializers (an initializer with
                its own ``seed`` uses that instead).

        Raises:
            ShapeError: ``axis`` does not fit ``input_shape``.
        """
        input_shape = normalize_batch_shape(input_shape)
        axis = self._feature_axis(input_shape)
        features = (input_shape[axis],)
        self._reduction_axes = tuple(d for d in range(len(input_shape)) if d != axis)
        self._broadcast_shape = tuple(input_shape[axis] if d == axis else 1 for d in range(len(input_shape)))
        self.params = {}
        if self.scale:
            self.params["gamma"] = self._initial_values(self.gamma_initializer, features, rng)
        if self.center:
            self.params["beta"] = self._initial_values(self.beta_initializer, features, rng)
        self.params["moving_mean"] = self._initial_values(self.moving_mean_initializer, features, rng)
        self.params["moving_variance"] = self._initial_values(self.moving_variance_initializer, features, rng)
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items() if name not in self.non_trainable_names}
        super().build(input_shape, rng)

    def _initial_values(self, initializer, shape, rng):
        if getattr(initializer, "seed", None) is not None:
            rng = None  # the initializer's own seed wins, as in Keras
        return initializer(shape, dtype=self.dtype, rng=rng)

    # ----- the two passes ------------------------------------------------------------
    def forward(self, x, training=False):
        """Return gamma * (x - mu) / sqrt(var + epsilon) + beta.

        With ``training=True`` on a trainable layer, mu and var are the statistics of
        this batch (over every axis but ``axis``) and the moving averages are updated;
        otherwise (inference, or a frozen layer, as in Keras 3) they are the moving
        averages and nothing changes.

        Args:
            x: inputs, shape ``input_shape`` with the batch axis filled in.
            training: True inside ``fit``.

        Returns:
            The normalized inputs, the shape of x.

        Raises:
            ShapeError: ``x`` has another rank or another number of features.
        """
        self._require_built("the forward pass")
        axis = self.axis % len(self.input_shape)
        if x.ndim != len(self.input_shape) or x.shape[axis] != self.input_shape[axis]:
            raise errors.ShapeError(
                f"Layer {self.name!r} expects inputs of shape {self.input_shape} (rank {len(self.input_shape)}, "
                f"{self.input_shape[axis]} features along axis {self.axis}), but got an array of shape {x.shape}."
            )
        x = x.astype(_compute_dtype(x, self.dtype), copy=False)
        self._batch_statistics = bool(training) and self.trainable
        if self._batch_statistics:
            mean = x.mean(axis=self._reduction_axes, keepdims=True)  # mu
            centered = x - mean
            variance = (centered * centered).mean(axis=self._reduction_axes, keepdims=True)  # biased var
            self._update_moving_statistics(mean, variance)
        else:
            mean = self.params["moving_mean"].reshape(self._broadcast_shape)
            variance = self.params["moving_variance"].reshape(self._broadcast_shape)
            centered = x - mean
        self._inv_std = 1 / np.sqrt(variance + self.epsilon)  # s; finite since epsilon > 0
        self._x_hat = centered * self._inv_std  # xhat = (x - mu) s
        out = self._x_hat
        if self.scale:
            out = out * self.params["gamma"].reshape(self._broadcast_shape)  # gamma * xhat
        if self.center:
            out = out + self.params["beta"].reshape(self._broadcast_shape)  # ... + beta
        return out.astype(self.dtype, copy=False)

    def _update_moving_statistics(self, mean, variance):
        """moving = moving * momentum + batch * (1 - momentum), in place (Keras's update)."""
        for name, batch_value in (("moving_mean", mean), ("moving_variance", variance)):
            moving = self.params[name]
            moving[...] = moving * self.momentum + batch_value.reshape(moving.shape) * (1.0 - self.momentum)

    def backward(self, grad_output):
        """Backpropagate g = dL/dy: set dL/dgamma and dL/dbeta, return dL/dx.

        The derivation, for one feature with values x_1..x_m in the batch
        (g_i = dL/dy_i; sums run over the batch and every averaged axis):

        - y_i = gamma xhat_i + beta, so dL/dbeta = sum_i g_i and
          dL/dgamma = sum_i g_i xhat_i, and dL/dxhat_i = gamma g_i.
        - In inference mode mu, var and s are constants: xhat_i = (x_i - mu) s, so
          dL/dx_i = gamma s g_i (an affine layer).
        - In training mode each x_j also moves mu and var, hence every xhat_i::

            d mu / d x_j   = 1/m
            d var / d x_j  = (2/m)(x_j - mu)    (the term through mu is
                             -(2/m) sum_i (x_i - mu) / m = 0: deviations sum to 0)
            d s / d var    = -(1/2)(var + epsilon)^(-3/2) = -s^3 / 2
            so d s / d x_j = -s^3 (x_j - mu) / m = -s^2 xhat_j / m
            d xhat_i / d x_j = s (delta_ij - 1/m) + (x_i - mu) d s / d x_j
                             = s (delta_ij - 1/m) - s xhat_i xhat_j / m

          and summing dL/dxhat_i * d xhat_i / d x_j over i::

            dL/dx_j = gamma s (g_j - mean_i(g_i) - xhat_j mean_i(g_i xhat_i))
                    = (gamma s / m) (m g_j - dL/dbeta - xhat_j dL/dgamma)

          The two subtracted terms remove what the batch statistics absorb:
          shifting every x of a feature moves mu, not xhat, and stretching them
          about mu moves var, not xhat (up to epsilon), so neither changes L. Hence
          dL/dx has zero mean over the batch and is orthogonal to xhat, feature by
          feature (exactly so for epsilon = 0).

        Args:
            grad_output: dL/dy, the shape of the last forward's input.

        Returns:
            dL/dx, the same shape.
        """
        g = grad_output
        sum_g = g.sum(axis=self._reduction_axes, keepdims=True)  # dL/dbeta (broadcast shape)
        sum_g_x_hat = (g * self._x_hat).sum(axis=self._reduction_axes, keepdims=True)  # dL/dgamma
        trained = self.trainable  # a frozen layer adds no penalty (Keras: trainable weights only)
        if self.scale:
            gamma = self.params["gamma"]
            self.grads["gamma"] = sum_g_x_hat.reshape(gamma.shape).astype(gamma.dtype, copy=False)
            if trained and self.gamma_regularizer is not None:
                self.grads["gamma"] = self.grads["gamma"] + self.gamma_regularizer.gradient(gamma)
            scale = self._inv_std * gamma.reshape(self._broadcast_shape)  # gamma s
        else:
            scale = self._inv_std  # gamma = 1
        if self.center:
            beta = self.params["beta"]
            self.grads["beta"] = sum_g.reshape(beta.shape).astype(beta.dtype, copy=False)
            if trained and self.beta_regularizer is not None:
                self.grads["beta"] = self.grads["beta"] + self.beta_regularizer.gradient(beta)
        if not self._batch_statistics:
            return g * scale  # dL/dx = gamma s g
        m = g.size // sum_g.size  # values averaged per feature
        return (scale / m) * (m * g - sum_g - self._x_hat * sum_g_x_hat)  # (gamma s / m)(m g - sum g - xhat sum g xhat)

    def regularization_penalty(self):
        """Return the gamma and beta penalties as a float (none while the layer is frozen)."""
        if not self.trainable:
            return 0.0
        penalty = 0.0
        if self.scale and self.gamma_regularizer is not None:
            penalty += float(self.gamma_regularizer(self.params["gamma"]))
        if self.center and self.beta_regularizer is not None:
            penalty += float(self.beta_regularizer(self.params["beta"]))
        return penalty

    def get_config(self):
        config = super().get_config()
        config.update(
            axis=self.axis,
            momentum=self.momentum,
            epsilon=self.epsilon,
            center=self.center,
            scale=self.scale,
        )
        for key in ("beta_initializer", "gamma_initializer", "moving_mean_initializer",
                    "moving_variance_initializer", "beta_regularizer", "gamma_regularizer"):
            setting = getattr(self, key)
            config[key] = None if setting is None else setting.get_config()
        config.update(
            beta_constraint=None,
            gamma_constraint=None,
            synchronized=self.synchronized,
            renorm=False,
            renorm_clipping=self.renorm_clipping,
            renorm_momentum=self.renorm_momentum,
        )
        return config


def _compute_dtype(x, dtype):
    """float64 when the input or the layer is float64, else float32 (as Keras upcasts)."""
    if x.dtype == np.float64 or np.dtype(dtype) == np.float64:
        return np.float64
    return np.float32


def _fraction(what, value):
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not 0 <= value <= 1:
        raise errors.HyperparameterError(
            f"BatchNormalization({what}=...) must be a number in [0, 1] (the weight of the old value "
            f"in a moving average), got {value!r}."
        )
    return float(value)


def _flag(what, value):
    if not isinstance(value, (bool, np.bool_)):
        raise errors.HyperparameterError(f"BatchNormalization({what}=...) must be True or False, got {value!r}.")
    return bool(value)
