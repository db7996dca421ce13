"""Nadam: Adam with Nesterov momentum.

Taught in Part 3, "Optimizers: Adam" (its variants).

Nesterov momentum (see sgd.py) looks one step ahead: it updates with the momentum it
WILL have. Dozat (2016, "Incorporating Nesterov Momentum into Adam") does the same in
Adam, with a momentum that warms up over the first steps. The update of a weight w with
gradient g at step t = iterations + 1, as Keras 3 computes it
(keras/src/optimizers/nadam.py); m and v start at 0 and the product P at 1:

    u_t  = beta_1 * (1 - 0.5 * 0.96 ** t)         # the momentum of step t
    u_t1 = beta_1 * (1 - 0.5 * 0.96 ** (t + 1))   # ... and of the next step
    P = P * u_t                                   # u_1 * u_2 * ... * u_t, once per step
    m = m + (g - m) * (1 - beta_1)
    v = v + (g ** 2 - v) * (1 - beta_2)
    m_hat = u_t1 * m / (1 - P * u_t1) + (1 - u_t) * g / (1 - P)
    v_hat = v / (1 - beta_2 ** t)
    w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

m_hat mixes the momentum of the next step with the current gradient, each with its own
bias correction. P is shared by all variables, so Nadam updates it once per step before
the variables (``_update_variables``).
"""

import numpy as np

from .base import Optimizer, check_non_negative, check_range


class Nadam(Optimizer):
    """The Nadam optimizer.

    Args:
        learning_rate: a number > 0, a schedule or a callable without arguments.
            Defaults to 0.001.
        beta_1: decay of the first moment, in [0, 1). Defaults to 0.9.
        beta_2: decay of the second moment, in [0, 1). Defaults to 0.999.
        epsilon: small constant >= 0 added to sqrt(v_hat). Defaults to 1e-7.
        name: Defaults to "nadam".
        weight_decay: see ``Optimizer``, as are clipnorm, clipvalue, global_clipnorm,
            use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor and
            gradient_accumulation_steps (the arguments of every Keras optimizer).

    Raises:
        HyperparameterError: a value is outside its range.
    """

    name = "nadam"

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
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
        super().__init__(
            learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
            ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name, **kwargs
        )
        self.beta_1 = check_range("beta_1", beta_1, 0.0, 1.0, high_included=False)
        self.beta_2 = check_range("beta_2", beta_2, 0.0, 1.0, high_included=False)
        self.epsilon = check_non_negative("epsilon", epsilon)

    def build(self, variables, variable_names=None):
        super().build(variables, variable_names)
        self._momentums = [np.zeros_like(v) for v in self._variables]
        self._velocities = [np.zeros_like(v) for v in self._variables]
        # P, in the dtype of the first variable (float32 without variables), as in Keras.
        self._u_product = (self._variables[0].dtype.type if self._variables else np.float32)(1.0)

    def _update_variables(self, pairs, learning_rate):
        scalar = type(self._u_product)
        t = scalar(self.iterations + 1)
        # P = P * u_t
        self._u_product = self._u_product * scalar(self.beta_1) * (1 - scalar(0.5) * scalar(0.96) ** t)
        super()._update_variables(pairs, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        i = self._index(variable)
        m, v = self._momentums[i], self._velocities[i]
        scalar = variable.dtype.type  # the scalars in the variable's dtype, as Keras casts them
        t, beta_1, beta_2, decay = (scalar(x) for x in (self.iterations + 1, self.beta_1, self.beta_2, 0.96))
        u_t = beta_1 * (1 - scalar(0.5) * decay ** t)
        u_t1 = beta_1 * (1 - scalar(0.5) * decay ** (t + 1))
        u_product = scalar(self._u_product)
        m += (gradient - m) * (1 - beta_1)
        v += (np.square(gradient) - v) * (1 - beta_2)
        m_hat = (u_t1 * m) / (1 - u_product * u_t1) + ((1 - u_t) * gradient) / (1 - u_product)
        v_hat = v / (1 - beta_2 ** t)
        # w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)
        variable -= (m_hat * scalar(learning_rate)) / (np.sqrt(v_hat) + self.epsilon)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
