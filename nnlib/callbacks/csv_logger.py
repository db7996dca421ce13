"""``CSVLogger``: write each epoch's logs as one row of a CSV file.

Not used by a chapter (Keras's name and format): keep a record of a long run, open it later in a
spreadsheet or with ``pandas.read_csv``). The file is the one Keras 3 writes
(``keras/src/callbacks/csv_logger.py``), byte for byte::

    epoch,accuracy,loss,val_accuracy,val_loss
    0,0.375,0.7282951474189758,0.5,0.7024974822998047
    1,0.46875,0.7097136378288269,0.6875,0.6657509803771973

- the columns: "epoch" (counted from 0), then the keys of the first epoch's logs in
  alphabetical order; when that epoch has no "val_..." keys, a "val_<key>" column is
  added for each key, so that a later validation (``validation_freq``) has a place;
- a missing value is written "NA"; a list of values as ``"[0.1, 0.2]"``;
- lines end in "\\r\\n" (the csv module's "excel" dialect) and the file is flushed
  after each row, so nothing is lost if training stops.
"""

import collections.abc
import csv
import os

import numpy as np

from .base import Callback


class CSVLogger(Callback):
    """Stream the epoch results to a CSV file.

    Example::

        model.fit(x, y, epochs=10, validation_split=0.2, callbacks=[CSVLogger("training.csv")])

    Args:
        filename: the CSV file, a str or path, e.g. "run/log.csv".
        separator: the string between two values. Defaults to ",".
        append: add to an existing file (to continue a training; its header is kept)
            instead of overwriting it. Defaults to False.
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, encoding="utf-8") as existing:
                    self.append_header = not existing.readline()
            mode = "a"
        else:
            mode = "w"
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = open(self.filename, mode, newline="", encoding="utf-8")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if self.keys and not any(key.startswith("val_") for key in self.keys):
                self.keys += [f"val_{key}" for key in self.keys]
        if self.writer is None:
            dialect = type("CustomDialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys, dialect=dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None


def csv_value(value):
    """A logged value as Keras writes it: lists and arrays as ``"[a, b]"``, the rest as is."""
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (isinstance(value, np.ndarray) and value.ndim == 0):
        return f'"[{", ".join(map(str, value))}]"'
    return value
