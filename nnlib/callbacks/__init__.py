"""Callbacks: code that ``fit`` runs at the start and end of training, epochs and batches.

Taught in Part 4, "Overfitting and regularization" and "Choosing the learning rate". Same names and behaviour as
``keras.callbacks``; ``TensorBoard`` exists only to say that it is out of scope.
"""

from .base import Callback
from .callback_list import CallbackList
from .csv_logger import CSVLogger
from .early_stopping import EarlyStopping
from .history import History
from .lambda_callback import LambdaCallback
from .learning_rate_scheduler import LearningRateScheduler
from .model_checkpoint import ModelCheckpoint
from .monitor import MonitorCallback
from .progbar_logger import ProgbarLogger
from .reduce_lr_on_plateau import ReduceLROnPlateau
from .tensorboard import TensorBoard
from .terminate_on_nan import TerminateOnNaN

__all__ = [
    "Callback",
    "CallbackList",
    "History",
    "EarlyStopping",
    "ReduceLROnPlateau",
    "TerminateOnNaN",
    "LambdaCallback",
    "ProgbarLogger",
    "ModelCheckpoint",
    "CSVLogger",
    "LearningRateScheduler",
    "MonitorCallback",
    "TensorBoard",
]
