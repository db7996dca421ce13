"""What an epoch reports: the mean loss and the metrics over the batches seen so far.

Taught in Part 4, "The same network with nnlib" (the numbers ``fit`` prints).
Used by ``fit``, ``evaluate`` and ``train_on_batch`` alike, so the three report the
same numbers for the same batches.
"""

import numpy as np


class EpochTotals:
    """Sums of the loss and the metrics over the batches seen so far.

    ``logs()`` returns their means, weighted by batch size: the numbers Keras shows.
    """

    def __init__(self, metrics):
        self.metrics = metrics
        self.samples = 0
        self.loss_sum = 0.0
        self.metric_sums = [0.0] * len(metrics)

    def add(self, batch_size, loss_value, y, output):
        """Count one batch: its mean loss and its per-sample metric values."""
        self.samples += batch_size
        self.loss_sum += loss_value * batch_size
        for i, metric in enumerate(self.metrics):
            self.metric_sums[i] += float(np.sum(metric(y, output)))

    def logs(self, extra_loss=0.0):
        """Return {"loss": mean, metric name: mean, ...}."""
        logs = {"loss": self.loss_sum / self.samples + extra_loss}
        for metric, total in zip(self.metrics, self.metric_sums):
            logs[metric.name] = total / self.samples
        return logs
