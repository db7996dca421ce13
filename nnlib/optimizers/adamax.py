"""Adamax: Adam with the infinity norm in place of the root mean square.

Taught in Part 3, "Optimizers: Adam" (its variants).

The update of a weight w with gradient g at step t = iterations + 1, as Keras 3
computes it (keras/src/optimizers/adamax.py); m and u start at 0:

    m = m + (g - m) * (1 - beta_1)          # = beta_1 * m + (1 - beta_1) * g
    u = max(beta_2 * u, abs(g))             # a decaying maximum of abs(g)
    w = w - learning_rate * m / ((1 - beta_1 ** t) * (u + epsilon))

Section 7.1 of the Adam paper (Kingma and Ba, 2014): Adam divides by the L2 norm of the
recent gradients, sqrt(v); letting the norm's order p grow to infinity gives the
maximum, which needs no bias correction (only m does) and is less sensitive to one huge
gradient. The paper has no epsilon (u > 0 once a gradient was not 0); Keras adds it to u.
"""

import numpy as np

from .base import Optimizer, check_non_negative, check_range


class Adamax(Optimizer):
    """The Adamax optimizer.

    Args:
        learning_rate: a number > 0, a schedule or a callable without arguments.
            Defaults to 0.001.
        beta_1: decay of the first moment (the mean of g), in [0, 1). Defaults to 0.9.
        beta_2: decay of the infinity norm u, in [0, 1). Defaults to 0.999.
        epsilon: small constant >= 0 added to u. Defaults to 1e-7.
        name: Defaults to "adamax".
        weight_decay: see ``Optimizer``, as are clipnorm, clipvalue, global_clipnorm,
            use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor and
            gradient_accumulation_steps (the arguments of every Keras optimizer).

    Raises:
        HyperparameterError: a value is outside its range.
    """

    name = "adamax"

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
        self._norms = [np.zeros_like(v) for v in self._variables]

    def update_step(self, gradient, variable, learning_rate):
        i = self._index(variable)
        m, u = self._momentums[i], self._norms[i]
        scalar = variable.dtype.type  # the scalars in the variable's dtype, as Keras casts them
        beta_1_power = scalar(self.beta_1) ** scalar(self.iterations + 1)
        m += (gradient - m) * (1 - self.beta_1)
        # u = max(beta_2 * u, |g|)
        np.maximum(self.beta_2 * u, np.abs(gradient), out=u)
        # w = w - learning_rate * m / ((1 - beta_1 ** t) * (u + epsilon))
        variable -= (scalar(learning_rate) * m) / ((1 - beta_1_power) * (u + self.epsilon))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
