"""What an epoch reports: the mean loss and the metrics over the batches seen so far.

Taught in Part 4, "The same network with nnlib" (the numbers ``fit`` prints).
Used by ``fit``, ``evaluate`` and ``train_on_batch`` alike, so the three report the
same numbers for the same batches, aggregated as Keras 3 aggregates them:

- "loss": the mean of the batch losses, each weighted by its number of samples
  (Keras's loss tracker, a ``Mean`` updated with ``sample_weight=batch_size``); a
  model with several outputs also logs each output's loss ("out_a_loss") the same way;
- each metric is a stateful ``Metric``: reset when the totals are created (the start
  of an epoch or of ``evaluate``), ``update_state`` once per batch, ``result()`` in
  ``logs()``. ``compile(metrics=...)`` metrics get the batch WITHOUT its sample
  weights, ``compile(weighted_metrics=...)`` metrics WITH them, as in Keras.

The metric objects are shared: creating new totals resets them, so read ``logs()``
before the next epoch or ``evaluate`` starts.
"""


class EpochTotals:
    """The running loss and the model's metrics since the start of an epoch (or evaluate).

    Args:
        metrics: the compiled metrics, updated without sample weights.
        weighted_metrics: the compiled weighted metrics, updated with them.
        loss_names: the names of the per-output losses ("out_a_loss", ...) of a model
            with several outputs; none for one output.
    """

    def __init__(self, metrics, weighted_metrics=(), loss_names=()):
        self.metrics = list(metrics)
        self.weighted_metrics = list(weighted_metrics)
        self.loss_names = list(loss_names)
        self.samples = 0
        self.loss_sum = 0.0
        self.part_sums = [0.0] * len(self.loss_names)
        for metric in self.metrics + self.weighted_metrics:
            metric.reset_state()

    def add(self, batch_size, loss_value, y, output, sample_weight=None, parts=None):
        """Count one batch: its mean loss, and its targets and outputs for the metrics.

        Args:
            batch_size: the number of samples in the batch.
            loss_value: the batch's loss (a number).
            y: the batch's targets.
            output: the model's outputs for the batch, shape (batch, outputs).
            sample_weight: None, or the batch's weights, shape (batch,) (for the
                weighted metrics only).
            parts: the per-output losses (None for an output without a loss), or
                None for a model with one output.
        """
        self.samples += batch_size
        self.loss_sum += loss_value * batch_size
        if parts is not None and self.loss_names:  # logged only when several outputs have a loss
            values = [value for value in parts if value is not None]
            for i, value in enumerate(values):
                self.part_sums[i] += value * batch_size
        for metric in self.metrics:
            metric.update_state(y, output)
        for metric in self.weighted_metrics:
            metric.update_state(y, output, sample_weight=sample_weight)

    def logs(self, extra_loss=0.0):
        """Return {"loss": mean loss + extra_loss, metric name: result, ...} as Python floats.

        ``extra_loss`` is added to the mean loss (``evaluate`` adds the regularization
        penalties there). A metric whose result is an array (several thresholds) is
        logged as a list.
        """
        logs = {"loss": self.loss_sum / self.samples + extra_loss}
        for name, total in zip(self.loss_names, self.part_sums):
            logs[name] = total / self.samples
        for metric in self.metrics + self.weighted_metrics:
            value = metric.result()
            logs[metric.name] = float(value) if getattr(value, "ndim", 0) == 0 else value.tolist()
        return logs
