"""AdamW: Adam with decoupled weight decay.

Taught in Part 4, "Overfitting and regularization" (L2 penalty versus weight decay).

Adding an L2 penalty lambda * w ** 2 to the loss (``regularizers.l2(lambda)``, as in
Keras) adds 2 * lambda * w to the gradient, and Adam then divides that term by sqrt(v)
like the rest of the gradient: weights with large gradients are hardly decayed at all. Loshchilov and Hutter (2019, "Decoupled
Weight Decay Regularization") decay the weights directly instead, outside the gradient.
Keras 3 (keras/src/optimizers/adamw.py) does it in the base optimizer, before Adam's
step, at every step t:

    w = w - w * weight_decay * learning_rate        # the decay (Optimizer, step 2)
    ... then exactly Adam's update of w (see adam.py)

So AdamW is Adam with ``weight_decay`` required, 0.004 by default. Every optimizer
accepts ``weight_decay`` in Keras 3 and nnlib; AdamW only makes it the point. The paper
multiplies the decay by a schedule multiplier but not by the learning rate; Keras ties it
to the learning rate, and so does nnlib.
"""

from .. import errors
from .adam import Adam


class AdamW(Adam):
    """The AdamW optimizer: Adam plus decoupled weight decay.

    Args:
        learning_rate: a number > 0, a schedule or a callable without arguments.
            Defaults to 0.001.
        weight_decay: a number >= 0: before each step, w = w - w * weight_decay *
            learning_rate. Defaults to 0.004.
        beta_1: decay of the first moment, in [0, 1). Defaults to 0.9.
        beta_2: decay of the second moment, in [0, 1). Defaults to 0.999.
        epsilon: small constant >= 0 added to sqrt(v). Defaults to 1e-7.
        amsgrad: whether to use the AMSGrad variant. Defaults to False.
        name: Defaults to "adam_w" (Keras's name for it).
        clipnorm: see ``Optimizer``, as are clipvalue, global_clipnorm, use_ema,
            ema_momentum, ema_overwrite_frequency, loss_scale_factor and
            gradient_accumulation_steps (the arguments of every Keras optimizer).

    Raises:
        HyperparameterError: weight_decay is None ("Argument `weight_decay` must be a
            float.", as in Keras) or a value is outside its range.
    """

    name = "adam_w"

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
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
        if weight_decay is None:
            raise errors.HyperparameterError(
                "Argument `weight_decay` must be a float. Received: weight_decay=None "
                "(AdamW is Adam with weight decay; for no decay use Adam)."
            )
        super().__init__(
            learning_rate, beta_1, beta_2, epsilon, amsgrad, weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
            gradient_accumulation_steps, name, **kwargs
        )
