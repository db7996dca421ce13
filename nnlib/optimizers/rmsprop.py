"""RMSprop: divide the gradient by a running root-mean-square of recent gradients.

Taught in Part 3, "Optimizers: RMSprop".

The update of a weight w with gradient g, as Keras 3 computes it
(keras/src/optimizers/rmsprop.py); all state starts at 0:

    velocity = rho * velocity + (1 - rho) * g ** 2
    if centered:
        average_grad = rho * average_grad + (1 - rho) * g
        denominator = velocity - average_grad ** 2 + epsilon
    else:
        denominator = velocity + epsilon
    increment = learning_rate * g / sqrt(denominator)
    if momentum > 0:
        momentum_buffer = momentum * momentum_buffer + increment
        w = w - momentum_buffer
    else:
        w = w - increment

Unlike Adagrad, which ADDS every g ** 2 forever, RMSprop keeps a moving AVERAGE, so old
gradients fade out and the step size does not decay to zero. Epsilon sits INSIDE the
square root (Hinton's lecture notes and many tutorials write sqrt(velocity) + epsilon);
both only keep the division away from 0. The centered form divides by an estimate of
the gradient's variance instead of its mean square.
"""

import numpy as np

from .base import Optimizer, check_non_negative, check_range


class RMSprop(Optimizer):
    """The RMSprop optimizer.

    Args:
        learning_rate: a number > 0, a schedule or a callable without arguments. Defaults to 0.001.
        rho: decay of the moving average, in [0, 1). Defaults to 0.9.
        momentum: in [0, 1]; 0 disables the momentum buffer. Defaults to 0.0.
        epsilon: small constant >= 0 inside the square root. Defaults to 1e-7.
        centered: whether to divide by the gradient's estimated variance. Defaults to False.
        name: Defaults to "rmsprop".
        weight_decay: see ``Optimizer``, as are clipnorm, clipvalue, global_clipnorm,
            use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor and
            gradient_accumulation_steps (the arguments of every Keras optimizer).

    Raises:
        HyperparameterError: a value is outside its range.
    """

    name = "rmsprop"

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-7,
        centered=False,
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
        self.rho = check_range("rho", rho, 0.0, 1.0, high_included=False)
        self.momentum = check_range("momentum", momentum, 0.0, 1.0)
        self.epsilon = check_non_negative("epsilon", epsilon)
        self.centered = bool(centered)

    def build(self, variables, variable_names=None):
        super().build(variables, variable_names)
        self._velocities = [np.zeros_like(v) for v in self._variables]
        self._momentums = [np.zeros_like(v) for v in self._variables] if self.momentum else []
        self._average_gradients = [np.zeros_like(v) for v in self._variables] if self.centered else []

    def update_step(self, gradient, variable, learning_rate):
        i = self._index(variable)
        velocity = self._velocities[i]
        # velocity = rho * velocity + (1 - rho) * g^2
        velocity *= self.rho
        velocity += (1 - self.rho) * np.square(gradient)
        if self.centered:
            average_grad = self._average_gradients[i]
            average_grad *= self.rho
            average_grad += (1 - self.rho) * gradient
            denominator = velocity - np.square(average_grad) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = (learning_rate * gradient) / np.sqrt(denominator)
        if self.momentum:
            momentum_buffer = self._momentums[i]
            momentum_buffer *= self.momentum
            momentum_buffer += increment
            variable -= momentum_buffer
        else:
            variable -= increment

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
