"""What ``compile`` binds to each output: its loss, the loss's weight, its metrics.

Taught in Part 4, "The Functional API". A model with one output has one loss and a
list of metrics. A model with several outputs (``Model(inputs, [out_a, out_b])``) gets,
as in Keras, one loss per output (the same loss for all, a list in output order, or a
dict by output name), optional ``loss_weights``, and metrics per output (a list with one
entry per output, or a dict by output name). It minimizes

    loss = sum over outputs of loss_weight_i * loss_i(y_i, output_i)

and logs what Keras 3 logs:

- "loss" (that weighted sum), and, when more than one output has a loss,
  "<output>_loss" for each of them (unweighted);
- each metric as "<output>_<metric>" (just "<metric>" with one output), e.g.
  "out_b_accuracy". A name met twice among ``metrics`` gets "_1", "_2", ...; a
  ``weighted_metrics`` entry whose name is taken becomes "weighted_<metric>"
  ("out_b_weighted_accuracy").

``evaluate`` returns its list in Keras's order (``CompiledOutputs.metrics_names``):
"loss", the per-output losses, then the metrics: in the order given with one output,
sorted by name with several.
"""

from .. import errors, losses, metrics as metrics_module
from .structures import per_output


class OutputMetric:
    """A compiled metric as ``fit`` logs it: the metric, the output it reads, and its log name.

    Args:
        metric: the ``nnlib.metrics.Metric``.
        index: the output's position in the model's outputs, or None for the one
            output of a model with one.
        name: the name in the logs ("out_b_accuracy", "weighted_mse", ...).

    Attributes:
        metric, index, name: as given.
    """

    def __init__(self, metric, index, name):
        self.metric = metric
        self.index = index
        self.name = name

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Update the metric with output ``index`` of the lists ``y_true`` and ``y_pred``.

        ``sample_weight`` is one array (B,) for every output, or a list with one per
        output (its entry ``index`` is used).
        """
        if self.index is not None:
            y_true, y_pred = y_true[self.index], y_pred[self.index]
            if isinstance(sample_weight, list):
                sample_weight = sample_weight[self.index]
        self.metric.update_state(y_true, y_pred, sample_weight=sample_weight)

    def result(self):
        return self.metric.result()

    def reset_state(self):
        self.metric.reset_state()

    def __repr__(self):
        return f"<OutputMetric {self.name}>"


class CompiledOutputs:
    """The losses, loss weights and metrics of a model's outputs.

    Args:
        names: the output names (``model.output_names``), in the order of the outputs.
        loss, loss_weights, metrics, weighted_metrics: as given to ``compile``.
        log_order: the output names in the order Keras lists the per-output losses
            in ``evaluate``'s list (a dict of outputs: the order it was written in).
            Defaults to ``names``.

    Attributes:
        names: as given.
        losses: one ``nnlib.losses.Loss`` (or None) per output.
        loss_weights: one float per output.
        metrics, weighted_metrics: flat lists of metric objects, as ``fit`` updates them
            (``OutputMetric`` wrappers with several outputs, or where a name was changed).
        loss_names: the logged per-output loss names, in the order of the outputs
            (empty unless at least two outputs have a loss).
        metrics_names: the keys of the logs in the order of ``evaluate``'s list.

    Raises:
        UnknownNameError: an unknown loss or metric name.
        HyperparameterError: settings that do not match the outputs.
    """

    def __init__(self, names, loss, loss_weights=None, metrics=None, weighted_metrics=None, log_order=None):
        self.names = list(names)
        several = len(self.names) > 1
        if _is_config(loss, self.names):  # {"name": "mse", ...}: one loss, from its config
            given = [loss] * len(self.names)
        else:
            given = per_output(loss, self.names, "loss")
        self.losses = [_one_loss(item, name) for item, name in zip(given, self.names)]
        with_loss = [name for name, item in zip(self.names, self.losses) if item is not None]
        if several and loss is not None and not with_loss:
            raise errors.HyperparameterError("compile(loss=...) gives no loss for any output.")
        weights = loss_weights if isinstance(loss_weights, (list, tuple, dict)) or loss_weights is None \
            else [loss_weights] * len(self.names)
        self.loss_weights = [_loss_weight(w) for w in per_output(weights, self.names, "loss_weights", 1.0)]
        # Keras logs each output's loss only when there are several losses to tell apart.
        self.loss_names = [f"{name}_loss" for name in with_loss] if len(with_loss) > 1 else []
        plain = self._resolve_metrics(metrics, "metrics")
        weighted = self._resolve_metrics(weighted_metrics, "weighted_metrics")
        self.metrics, self.weighted_metrics, renamed = self._name_metrics(plain, weighted)
        metric_names = [m.name for m in self.metrics + self.weighted_metrics]
        taken = set(self.loss_names) | {"loss"}
        if taken & set(metric_names):
            raise errors.HyperparameterError(
                f"Metric names must differ from the names of the losses ({sorted(taken)}); got the metrics "
                f"{metric_names}. Give the metric another name (e.g. name='my_loss')."
            )
        self.metrics_names = ["loss"] + self._loss_log_order(loss, log_order)
        if several:  # Keras lists the metrics of a model with several outputs sorted by name
            self.metrics_names += sorted(metric_names)
        else:  # in the order given, and the renamed ones after them, sorted
            self.metrics_names += [name for name in metric_names if name not in renamed] + sorted(renamed)

    def _resolve_metrics(self, metrics, name):
        """compile's ``metrics`` (or ``weighted_metrics``) as (output index, Metric) pairs."""
        if metrics is None:
            return []
        if len(self.names) == 1:
            if isinstance(metrics, dict):
                metrics = per_output(metrics, self.names, name)[0]
            return [(None, m) for m in _metric_list(metrics, self.losses[0])]
        if isinstance(metrics, dict):
            per = per_output(metrics, self.names, name)
        elif isinstance(metrics, (list, tuple)) and len(metrics) == len(self.names):
            per = list(metrics)  # one entry per output: a name, a metric, a list of them, or None
        else:
            raise errors.HyperparameterError(
                f"For a model with several outputs ({', '.join(self.names)}), compile({name}=...) takes a "
                f"list with one entry per output (a metric, a list of metrics, or None) or a dict by output "
                f"name, as in Keras; got {metrics!r}."
            )
        return [(index, m) for index, (items, loss) in enumerate(zip(per, self.losses))
                for m in _metric_list(items, loss)]

    def _name_metrics(self, plain, weighted):
        """Give each metric its log name, as Keras 3's compiled metrics do.

        Returns:
            (metrics, weighted_metrics, renamed): the objects ``fit`` updates, and the
            names that are not the metric's own name ("mae_1", "weighted_mse", ...).
        """
        counts, renamed = {}, []

        def prefix(index):
            return "" if index is None else f"{self.names[index]}_"

        def wrap(index, metric, log_name):
            if index is None and log_name == metric.name:
                return metric  # a model with one output logs the metric under its own name
            if log_name != prefix(index) + metric.name:
                renamed.append(log_name)
            return OutputMetric(metric, index, log_name)

        def numbered(log_name):
            if log_name not in counts:
                counts[log_name] = 1
                return log_name
            counts[log_name] += 1
            return f"{log_name}_{counts[log_name] - 1}"

        objects = [wrap(index, m, numbered(prefix(index) + m.name)) for index, m in plain]
        weighted_objects = []
        for index, m in weighted:
            log_name = prefix(index) + m.name
            if log_name in counts:  # also among the plain metrics (or twice here)
                log_name = numbered(prefix(index) + "weighted_" + m.name)
            else:
                counts[log_name] = 1
            weighted_objects.append(wrap(index, m, log_name))
        return objects, weighted_objects, renamed

    def _loss_log_order(self, loss, log_order):
        """The per-output loss names in the order of Keras's ``evaluate`` list."""
        if not self.loss_names:
            return []
        order = list(loss) if isinstance(loss, dict) and not _is_config(loss, self.names) else \
            list(log_order or self.names)
        logged = set(self.loss_names)
        return [f"{name}_loss" for name in order if f"{name}_loss" in logged]


def _is_config(setting, names):
    """Whether a dict is an object's config ({"name": ..., ...}) rather than one entry per output."""
    return (isinstance(setting, dict) and not set(setting) <= set(names)
            and ("name" in setting or "class_name" in setting))


def _one_loss(item, output_name):
    """The loss of one output: None, a name or a loss object, or a list holding one of them."""
    if isinstance(item, (list, tuple)):
        if len(item) > 1:
            raise errors.HyperparameterError(
                f"compile(loss=...) gives output {output_name!r} {len(item)} losses ({list(item)!r}); nnlib "
                "takes one loss per output. To add two losses, write a loss class that sums them."
            )
        item = item[0] if item else None
    return None if item is None else losses.get(item)


def _metric_list(metrics, loss):
    """A name, an object or a list of them, as a list of Metric objects."""
    if metrics is None:
        return []
    if isinstance(metrics, (str, metrics_module.Metric)):
        metrics = [metrics]
    return [metrics_module.get(m, loss=loss) for m in metrics]


def _loss_weight(value):
    try:
        weight = float(value)
    except (TypeError, ValueError):
        raise errors.HyperparameterError(f"A loss weight must be a number, got {value!r}.") from None
    if not weight >= 0:
        raise errors.HyperparameterError(f"A loss weight must be >= 0, got {value!r}.")
    return weight
