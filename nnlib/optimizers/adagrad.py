"""Adagrad: a learning rate per weight that shrinks as its squared gradients add up.

Taught in Part 3, "Optimizers: AdaGrad".

The update of a weight w with gradient g, as Keras 3 computes it
(keras/src/optimizers/adagrad.py):

    accumulator = initial_accumulator_value        # at build, 0.1 by default
    accumulator = accumulator + g ** 2
    w = w - learning_rate * g / sqrt(accumulator + epsilon)

Where Keras differs from the textbook (Duchi et al., 2011):

- the accumulator starts at 0.1, not 0, so the first steps are not huge;
- epsilon sits INSIDE the square root: sqrt(accumulator + epsilon), where the textbook
  writes sqrt(accumulator) + epsilon. Both only keep the division away from 0.
"""

import numpy as np

from .base import Optimizer, check_non_negative


class Adagrad(Optimizer):
    """The Adagrad optimizer.

    Args:
        learning_rate: a number > 0, a schedule or a callable without arguments.
            Defaults to 0.001 (Adagrad often wants more, e.g. 0.01 to 0.1).
        initial_accumulator_value: starting value of the accumulators, >= 0.
            Defaults to 0.1.
        epsilon: small constant >= 0 inside the square root. Defaults to 1e-7.
        name: Defaults to "adagrad".
        weight_decay: see ``Optimizer``, as are clipnorm, clipvalue, global_clipnorm,
            use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor and
            gradient_accumulation_steps (the arguments of every Keras optimizer).

    Raises:
        HyperparameterError: a value is outside its range.
    """

    name = "adagrad"

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value=0.1,
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
        self.initial_accumulator_value = check_non_negative("initial_accumulator_value", initial_accumulator_value)
        self.epsilon = check_non_negative("epsilon", epsilon)

    def build(self, variables, variable_names=None):
        super().build(variables, variable_names)
        self._accumulators = [np.full_like(v, self.initial_accumulator_value) for v in self._variables]

    def update_step(self, gradient, variable, learning_rate):
        accumulator = self._accumulators[self._index(variable)]
        accumulator += np.square(gradient)
        # w = w - learning_rate * g / sqrt(accumulator + epsilon)
        variable -= (learning_rate * gradient) / np.sqrt(accumulator + self.epsilon)

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }
