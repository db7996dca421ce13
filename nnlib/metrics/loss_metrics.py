"""Losses reported as metrics: the mean over samples of a loss's per-sample values.

Taught in Part 4, "Training on real data" (watching a second loss while training on the
first). Each class is a ``MeanMetricWrapper`` around ``nnlib.losses``: its
``per_sample(y_true, y_pred)`` gives one value per sample, and the metric averages them
over the epoch (weighted by ``sample_weight``), as Keras 3's probabilistic and hinge
metrics do. So the metric and the loss of the same name always agree.
"""

from .. import losses as losses_module
from .reduction import MeanMetricWrapper


class LossMetric(MeanMetricWrapper):
    """The mean over samples of ``loss.per_sample(y_true, y_pred)``.

    Args:
        loss: a loss name (e.g. "binary_crossentropy") or an ``nnlib.losses.Loss``.
        name: Defaults to the loss's name.
        dtype: Defaults to "float32".
    """

    def __init__(self, loss, name=None, dtype=None):
        self.loss = losses_module.get(loss)
        super().__init__(fn=self.loss.per_sample, name=name or self.loss.name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "loss": self.loss.get_config()}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _loss(class_name, **settings):
    """The loss ``class_name`` with only the settings that differ from their defaults."""
    defaults = {"from_logits": False, "label_smoothing": 0, "axis": -1, "ignore_class": None}
    changed = {key: value for key, value in settings.items() if value != defaults.get(key)}
    return getattr(losses_module, class_name)(**changed) if changed else losses_module.get(class_name)


class _NamedLossMetric(LossMetric):
    """A loss metric whose loss is fixed by the class (``_loss_class``) and its settings."""

    _loss_class = None

    def __init__(self, name=None, dtype=None):
        super().__init__(_loss(self._loss_class), name=name or self._default_name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class BinaryCrossentropy(LossMetric):
    """The mean binary cross-entropy of the samples seen.

    Args:
        name: Defaults to "binary_crossentropy".
        dtype: Defaults to "float32".
        from_logits: y_pred holds logits, not probabilities. Defaults to False.
        label_smoothing: squeeze the 0/1 targets towards 0.5 by this much. Defaults to 0.
    """

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(_loss("BinaryCrossentropy", from_logits=from_logits, label_smoothing=label_smoothing),
                         name=name, dtype=dtype)
        self.from_logits, self.label_smoothing = from_logits, label_smoothing

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing}


class CategoricalCrossentropy(LossMetric):
    """The mean categorical cross-entropy of the samples seen (one-hot targets).

    Args:
        name: Defaults to "categorical_crossentropy".
        dtype: Defaults to "float32".
        from_logits: y_pred holds logits. Defaults to False.
        label_smoothing: spread this much of each target over the classes. Defaults to 0.
        axis: the class axis. Defaults to -1.
    """

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0, axis=-1):
        super().__init__(_loss("CategoricalCrossentropy", from_logits=from_logits, label_smoothing=label_smoothing,
                               axis=axis), name=name, dtype=dtype)
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class SparseCategoricalCrossentropy(LossMetric):
    """The mean sparse categorical cross-entropy of the samples seen (integer labels).

    Args:
        name: Defaults to "sparse_categorical_crossentropy".
        dtype: Defaults to "float32".
        from_logits: y_pred holds logits. Defaults to False.
        ignore_class: a label whose samples are left out (as in Keras). Defaults to None.
        axis: the class axis. Defaults to -1.
    """

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, ignore_class=None,
                 axis=-1):
        super().__init__(_loss("SparseCategoricalCrossentropy", from_logits=from_logits, ignore_class=ignore_class,
                               axis=axis), name=name, dtype=dtype)
        self.from_logits, self.ignore_class, self.axis = from_logits, ignore_class, axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "ignore_class": self.ignore_class, "axis": self.axis}


class KLDivergence(_NamedLossMetric):
    """The mean Kullback-Leibler divergence sum(y * log(y / p)) of the samples seen. Name: "kl_divergence"."""

    _loss_class, _default_name = "KLDivergence", "kl_divergence"


class Poisson(_NamedLossMetric):
    """The mean Poisson loss mean(p - y * log(p)) of the samples seen. Name: "poisson"."""

    _loss_class, _default_name = "Poisson", "poisson"


class Hinge(_NamedLossMetric):
    """The mean hinge loss mean(max(1 - y * p, 0)) (targets -1 or 1; 0/1 are converted). Name: "hinge"."""

    _loss_class, _default_name = "Hinge", "hinge"


class SquaredHinge(_NamedLossMetric):
    """The mean squared hinge loss mean(max(1 - y * p, 0) ** 2). Name: "squared_hinge"."""

    _loss_class, _default_name = "SquaredHinge", "squared_hinge"


class CategoricalHinge(_NamedLossMetric):
    """The mean categorical hinge loss max(0, 1 + max((1 - y) * p) - sum(y * p)). Name: "categorical_hinge"."""

    _loss_class, _default_name = "CategoricalHinge", "categorical_hinge"
