"""Stochastic gradient descent, with optional momentum and Nesterov momentum.

Taught in Part 3, "Gradient descent" and "Optimizers: Momentum".

The update of a weight w with gradient g, as Keras 3 computes it
(keras/src/optimizers/sgd.py):

    momentum == 0:
        w = w - learning_rate * g

    momentum > 0:
        velocity = momentum * velocity - learning_rate * g
        w = w + velocity

    nesterov=True:
        velocity = momentum * velocity - learning_rate * g
        w = w + momentum * velocity - learning_rate * g

The velocity starts at 0. Some textbooks write v = momentum * v + g and
w = w - learning_rate * v; with a constant learning rate that is the same update
(velocity = -learning_rate * v), but the Keras form keeps the learning rate inside the
velocity, so changing the learning rate during training acts only on new gradients.
SGD has no epsilon.
"""

import numpy as np

from .base import Optimizer, check_range


class SGD(Optimizer):
    """Gradient descent (with momentum).

    Args:
        learning_rate: a number > 0, a schedule or a callable without arguments. Defaults to 0.01.
        momentum: in [0, 1]; 0 is plain gradient descent. Defaults to 0.0.
        nesterov: whether to use Nesterov momentum. Defaults to False.
        name: Defaults to "sgd".
        weight_decay: see ``Optimizer``, as are clipnorm, clipvalue, global_clipnorm,
            use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor and
            gradient_accumulation_steps (the arguments of every Keras optimizer).

    Raises:
        HyperparameterError: learning_rate <= 0 or momentum outside [0, 1].
    """

    name = "sgd"

    def __init__(
        self,
        learning_rate=0.01,
        momentum=0.0,
        nesterov=False,
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
        self.momentum = check_range("momentum", momentum, 0.0, 1.0)
        self.nesterov = bool(nesterov)

    def build(self, variables, variable_names=None):
        super().build(variables, variable_names)
        # One velocity per variable, only when momentum is used (as in Keras).
        self._velocities = [np.zeros_like(v) for v in self._variables] if self.momentum else []

    def update_step(self, gradient, variable, learning_rate):
        if not self.momentum:
            variable -= learning_rate * gradient
            return
        velocity = self._velocities[self._index(variable)]
        step = learning_rate * gradient
        # velocity = momentum * velocity - learning_rate * g
        velocity *= self.momentum
        velocity -= step
        if self.nesterov:
            # w = w + momentum * velocity - learning_rate * g
            variable += self.momentum * velocity - step
        else:
            variable += velocity

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
