"""The playground's settings: every knob, its valid values, and the datasets.

Taught in Part 4, "A playground". The playground is TensorFlow Playground rebuilt on nnlib,
with what it lacks: cross-entropy, several classes (softmax), and five optimizers.

One ``PlaygroundSettings`` object holds every choice; it is checked once, when it is made,
so a bad value gives a clear error before any training starts. The same object drives the
training (``playground_train.py``), the picture (``playground_plot.py``) and the
"copy as code" text (``playground_code.py``).
"""

from dataclasses import dataclass, field, fields, replace
from numbers import Integral, Real

from nnlib.errors import HyperparameterError, unknown_name_error

__all__ = [
    "PlaygroundSettings", "DATASETS", "ACTIVATIONS", "OPTIMIZERS", "REGULARIZATIONS", "LOSSES",
    "LEARNING_RATES", "REGULARIZATION_RATES", "Dataset", "Recipe", "recipe",
]


@dataclass(frozen=True)
class Dataset:
    """How to make one of the playground's datasets with ``nnlib.datasets``.

    Attributes:
        label: the name shown in the playground.
        function: the ``nnlib.datasets`` function that makes it.
        arguments: extra keyword arguments for that function (e.g. ``n_classes=3``).
        default_noise: the noise the playground starts with for this dataset.
        n_classes: 2 or more for classification, 0 for regression.
        centre: subtract this from x (the XOR square is moved onto the origin).
    """

    label: str
    function: str
    arguments: dict = field(default_factory=dict)
    default_noise: float = 0.1
    n_classes: int = 2
    centre: float = 0.0

    @property
    def regression(self):
        return self.n_classes == 0


DATASETS = {
    "circle": Dataset("circle", "make_circles", {}, default_noise=0.1),
    "xor": Dataset("XOR", "make_xor", {}, default_noise=0.15, centre=0.5),
    "gaussian": Dataset("gaussian", "make_blobs", {"n_classes": 2}, default_noise=0.8),
    "spiral": Dataset("spiral", "make_spirals", {}, default_noise=0.05),
    "spiral3": Dataset("spiral (3 classes)", "make_spirals", {"n_classes": 3, "turns": 1.0},
                       default_noise=0.05, n_classes=3),
    "plane": Dataset("plane (regression)", "make_plane", {}, default_noise=0.1, n_classes=0),
}

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")

# name -> (nnlib.optimizers class, extra arguments): Momentum is SGD with momentum=0.9.
OPTIMIZERS = {
    "sgd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "adagrad": ("Adagrad", {}),
    "rmsprop": ("RMSprop", {}),
    "adam": ("Adam", {}),
}

REGULARIZATIONS = {"none": None, "l1": "L1", "l2": "L2"}

LOSSES = ("cross-entropy", "mse")

# The values TensorFlow Playground offers in its menus.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)

MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 8


def _check_choice(kind, value, valid):
    if not isinstance(value, str) or value.lower() not in valid:
        raise unknown_name_error(kind, value, list(valid))
    return value.lower()


def _check_number(name, value, low, high, integer=False):
    kinds = Integral if integer else Real
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        what = "a whole number" if integer else "a number"
        raise HyperparameterError(f"{name} must be {what} between {low} and {high}; got {value!r}.")
    # Floats are kept to 4 significant digits, so the copied code shows exactly what is used.
    return int(value) if integer else float(f"{float(value):.4g}")


@dataclass(frozen=True)
class PlaygroundSettings:
    """Every choice of the playground.

    Args:
        dataset: one of ``DATASETS``: "circle", "xor", "gaussian", "spiral", "spiral3"
            (three classes) or "plane" (regression).
        noise: the dataset function's ``noise`` argument, 0 to 1. None: the dataset's default.
        n_samples: how many points the dataset has (train + test).
        train_ratio: the fraction of the points used for training, 0.1 to 0.9.
        batch_size: samples per gradient step, 1 to 30 (TensorFlow Playground's range).
        hidden: units of each hidden layer, e.g. ``(4, 2)``; ``()`` for no hidden layer.
            At most 6 layers of at most 8 units.
        activation: of the hidden layers: "relu", "tanh", "sigmoid" or "linear".
        learning_rate: the optimizer's step size, 1e-5 to 10.
        optimizer: "sgd", "momentum" (SGD with momentum 0.9), "adagrad", "rmsprop" or "adam".
        regularization: "none", "l1" or "l2", applied to every layer's kernel.
        regularization_rate: the L1/L2 factor, 0 to 10.
        loss: "cross-entropy" (sigmoid output for two classes, softmax for more) or
            "mse" (mean squared error). None: cross-entropy for classification, "mse" for
            regression (which always uses "mse").
        epochs: how many epochs "copy as code" and the static playground train for.
        seed: fixes the data, the split, the initial weights and the shuffling.

    Raises:
        HyperparameterError, UnknownNameError: a value is outside its range or unknown.
    """

    dataset: str = "circle"
    noise: float = None
    n_samples: int = 200
    train_ratio: float = 0.5
    batch_size: int = 10
    hidden: tuple = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    optimizer: str = "sgd"
    regularization: str = "none"
    regularization_rate: float = 0.001
    loss: str = None
    epochs: int = 100
    seed: int = 0

    def __post_init__(self):
        # A frozen dataclass: checked values are stored with object.__setattr__.
        put = object.__setattr__
        put(self, "dataset", _check_choice("playground dataset", self.dataset, DATASETS))
        noise = self.info.default_noise if self.noise is None else self.noise
        put(self, "noise", _check_number("noise", noise, 0.0, 1.0))
        put(self, "n_samples", _check_number("n_samples", self.n_samples, 20, 2000, integer=True))
        put(self, "train_ratio", _check_number("train_ratio", self.train_ratio, 0.1, 0.9))
        put(self, "batch_size", _check_number("batch_size", self.batch_size, 1, 30, integer=True))
        hidden = self.hidden
        if isinstance(hidden, Integral) and not isinstance(hidden, bool):
            hidden = (hidden,)
        if isinstance(hidden, str) or not hasattr(hidden, "__iter__"):
            raise HyperparameterError(f"hidden must be a tuple of layer sizes such as (4, 2); got {hidden!r}.")
        hidden = tuple(hidden)
        if len(hidden) > MAX_HIDDEN_LAYERS:
            raise HyperparameterError(
                f"The playground has at most {MAX_HIDDEN_LAYERS} hidden layers; got {len(hidden)}: {hidden}."
            )
        put(self, "hidden", tuple(_check_number("hidden layer units", u, 1, MAX_UNITS, integer=True)
                                  for u in hidden))
        put(self, "activation", _check_choice("activation", self.activation, ACTIVATIONS))
        put(self, "learning_rate", _check_number("learning_rate", self.learning_rate, 1e-5, 10.0))
        put(self, "optimizer", _check_choice("playground optimizer", self.optimizer, OPTIMIZERS))
        put(self, "regularization", _check_choice("regularization", self.regularization, REGULARIZATIONS))
        put(self, "regularization_rate",
            _check_number("regularization_rate", self.regularization_rate, 0.0, 10.0))
        loss = ("mse" if self.info.regression else "cross-entropy") if self.loss is None else self.loss
        put(self, "loss", _check_choice("playground loss", loss, LOSSES))
        if self.info.regression and self.loss != "mse":
            raise HyperparameterError(
                f"The {self.dataset!r} dataset is a regression task (real-valued targets): cross-entropy "
                "needs class labels. Use loss='mse'."
            )
        put(self, "epochs", _check_number("epochs", self.epochs, 1, 10000, integer=True))
        put(self, "seed", _check_number("seed", self.seed, 0, 2**32 - 1, integer=True))

    @property
    def info(self):
        """The ``Dataset`` description of ``self.dataset``."""
        return DATASETS[self.dataset.lower()]

    def replace(self, **changes):
        """Return new settings with some values changed (and checked). A new dataset gets its own
        default noise unless ``noise`` is given too."""
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise HyperparameterError(
                f"Unknown playground setting(s) {sorted(unknown)}; valid: {[f.name for f in fields(self)]}."
            )
        if "dataset" in changes and changes["dataset"] != self.dataset:
            changes.setdefault("noise", None)  # the new dataset's default noise
            new = DATASETS.get(str(changes["dataset"]).lower())
            if new is not None and new.regression:
                changes.setdefault("loss", "mse")  # regression has no cross-entropy
        return replace(self, **changes)

    def as_dict(self):
        """Return the settings as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Recipe:
    """What to build for some settings, spelled with nnlib's own names.

    Both the training (``playground_train.py``) and "copy as code" (``playground_code.py``)
    are written from this one recipe, so the code a learner copies trains the same network.

    Attributes:
        data_function: name of the ``nnlib.datasets`` function, e.g. ``"make_circles"``.
        data_arguments: its keyword arguments (n_samples, noise, seed, ...).
        centre: number subtracted from x (0 for no centring).
        one_hot: turn the class labels into one-hot rows (squared error with several classes).
        test_size: the fraction of points held out for testing (1 - train_ratio).
        layers: one ``(units, activation)`` per Dense layer, the output layer last.
        regularizer: ``None`` or ``(class name, rate)``, e.g. ``("L2", 0.001)``.
        optimizer: ``(class name, keyword arguments)``, e.g. ``("SGD", {"learning_rate": 0.03})``.
        loss: the Keras loss name, e.g. ``"binary_crossentropy"``.
        metrics: ``["accuracy"]`` for classification, ``[]`` for regression.
    """

    data_function: str
    data_arguments: dict
    centre: float
    one_hot: bool
    test_size: float
    layers: tuple
    regularizer: object
    optimizer: tuple
    loss: str
    metrics: tuple


def recipe(settings):
    """Return the ``Recipe`` for ``PlaygroundSettings``: the layers, loss and optimizer they mean.

    The output layer follows the task:
    regression -> ``Dense(1)`` (linear) with the squared error;
    two classes -> ``Dense(1, "sigmoid")`` with binary cross-entropy (or the squared error);
    k classes -> ``Dense(k, "softmax")`` with sparse categorical cross-entropy (integer labels),
    or the squared error on one-hot labels.
    """
    info = settings.info
    data_arguments = dict(n_samples=settings.n_samples, noise=settings.noise)
    data_arguments.update(info.arguments)
    data_arguments["seed"] = settings.seed
    if info.regression:
        output, loss = (1, None), "mse"
    elif info.n_classes == 2:
        output = (1, "sigmoid")
        loss = "binary_crossentropy" if settings.loss == "cross-entropy" else "mse"
    else:
        output = (info.n_classes, "softmax")
        loss = "sparse_categorical_crossentropy" if settings.loss == "cross-entropy" else "mse"
    layers = tuple((units, settings.activation) for units in settings.hidden) + (output,)
    regularizer = REGULARIZATIONS[settings.regularization]
    optimizer_class, extra = OPTIMIZERS[settings.optimizer]
    return Recipe(
        data_function=info.function,
        data_arguments=data_arguments,
        centre=info.centre,
        one_hot=info.n_classes > 2 and loss == "mse",
        test_size=round(1.0 - settings.train_ratio, 4),
        layers=layers,
        regularizer=None if regularizer is None else (regularizer, settings.regularization_rate),
        optimizer=(optimizer_class, dict(learning_rate=settings.learning_rate, **extra)),
        loss=loss,
        metrics=() if info.regression else ("accuracy",),
    )
