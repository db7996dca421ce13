"""Adam: momentum plus RMSprop-style scaling, with bias correction.

Taught in Part 3, "Optimizers: Adam".

The update of a weight w with gradient g at step t = iterations + 1, as Keras 3
computes it (keras/src/optimizers/adam.py); m and v start at 0:

    m = m + (g - m) * (1 - beta_1)          # = beta_1 * m + (1 - beta_1) * g
    v = v + (g ** 2 - v) * (1 - beta_2)     # = beta_2 * v + (1 - beta_2) * g ** 2
    alpha = learning_rate * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    w = w - alpha * m / (sqrt(v) + epsilon)

with amsgrad=True, v_hat = max(v_hat, v) replaces v in the last line.

The paper's Algorithm 1 (Kingma and Ba, 2014) corrects m and v separately,
m_hat = m / (1 - beta_1 ** t) and v_hat = v / (1 - beta_2 ** t), and then divides by
sqrt(v_hat) + epsilon. Keras folds both corrections into alpha, so its epsilon is
added to sqrt(v) BEFORE correction (the paper's "epsilon hat", section 2): the two
agree except in how much epsilon weighs. Without the correction (a common bug) m and v
are biased towards 0 in the first steps.

The scalars (beta_1 ** t, alpha) are computed in the variable's dtype, as Keras does,
so float32 variables get the same float32 arithmetic.
"""

import numpy as np

from .base import Optimizer, check_non_negative, check_range


class Adam(Optimizer):
    """The Adam optimizer.

    Args:
        learning_rate: a number > 0, a schedule or a callable without arguments. Defaults to 0.001.
        beta_1: decay of the first moment (the mean of g), in [0, 1). Defaults to 0.9.
        beta_2: decay of the second moment (the mean of g^2), in [0, 1). Defaults to 0.999.
        epsilon: small constant >= 0 added to sqrt(v). Defaults to 1e-7.
        amsgrad: whether to use the AMSGrad variant (divide by the largest v so far).
            Defaults to False.
        name: Defaults to "adam".
        weight_decay: see ``Optimizer``, as are clipnorm, clipvalue, global_clipnorm,
            use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor and
            gradient_accumulation_steps (the arguments of every Keras optimizer).

    Raises:
        HyperparameterError: a value is outside its range.
    """

    name = "adam"

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
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
        self.amsgrad = bool(amsgrad)

    def build(self, variables, variable_names=None):
        super().build(variables, variable_names)
        self._momentums = [np.zeros_like(v) for v in self._variables]
        self._velocities = [np.zeros_like(v) for v in self._variables]
        self._velocity_hats = [np.zeros_like(v) for v in self._variables] if self.amsgrad else []

    def update_step(self, gradient, variable, learning_rate):
        i = self._index(variable)
        m, v = self._momentums[i], self._velocities[i]
        scalar = variable.dtype.type  # np.float32 for float32 variables
        t = scalar(self.iterations + 1)
        beta_1_power = scalar(self.beta_1) ** t
        beta_2_power = scalar(self.beta_2) ** t
        alpha = scalar(learning_rate) * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        m += (gradient - m) * (1 - self.beta_1)
        v += (np.square(gradient) - v) * (1 - self.beta_2)
        if self.amsgrad:
            v_hat = self._velocity_hats[i]
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        # w = w - alpha * m / (sqrt(v) + epsilon)
        variable -= (m * alpha) / (np.sqrt(v) + self.epsilon)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }
