"""Counting what a network costs: parameters, floating-point operations, energy.

Taught in Part 6, "Efficiency, hardware and energy". The counts are exact and
deterministic (unlike timings), so a chapter can rely on them on any machine.

Conventions (the same as ``nnlib.course.devices.dense_flops`` of Part 5):

- a ``Dense`` layer with ``n_in`` inputs and ``units`` outputs costs, per example,
  ``2 * n_in * units`` operations for ``x @ W`` (one multiply and one add per weight)
  plus ``units`` additions for the bias;
- activation functions, ``Flatten``, ``Dropout`` and ``Input`` are counted as 0: a few
  operations per value, negligible next to the matrix products;
- one training step costs about 3 times the forward pass: the backward pass of a Dense
  layer does two products of the forward's size (dL/dW = x^T delta and
  dL/dx = delta W^T), hence the rule of thumb of 6 operations per weight per example
  (``nnlib.course.devices.training_flops``).

Example::

    from nnlib.course.flops import count_flops
    cost = count_flops(model)               # a built Sequential
    print(cost.params == model.count_params(), cost.forward_flops, cost.training_flops)
    print(cost.table())
"""

import dataclasses
import numbers

from nnlib import errors

__all__ = ["LayerCost", "ModelCost", "layer_flops", "count_flops", "EnergyEstimate", "energy_estimate",
           "TRAINING_FACTOR"]

#: One training step (forward + backward) costs about this many forward passes.
TRAINING_FACTOR = 3


@dataclasses.dataclass(frozen=True)
class LayerCost:
    """The cost of one layer, per example.

    Attributes:
        name: the layer's name ("dense_1").
        kind: the layer's class name ("Dense").
        output_shape: the layer's output shape, batch axis as None.
        params: number of scalar parameters (``layer.count_params()``).
        forward_flops: floating-point operations of the forward pass for ONE example.
    """

    name: str
    kind: str
    output_shape: tuple
    params: int
    forward_flops: int


@dataclasses.dataclass(frozen=True)
class ModelCost:
    """The cost of a whole model: per-layer rows and totals, per example.

    Attributes:
        layers: tuple of ``LayerCost``, in the model's order.
        params: total parameters (equals ``model.count_params()``).
        forward_flops: operations of one forward pass of ONE example.
        training_flops: operations of one training step on ONE example,
            ``TRAINING_FACTOR * forward_flops``.
    """

    layers: tuple
    params: int
    forward_flops: int
    training_flops: int

    def training_total(self, n_samples, epochs=1):
        """Operations to train on ``n_samples`` examples for ``epochs`` epochs (an int)."""
        return self.training_flops * _positive_int(n_samples, "n_samples") * _positive_int(epochs, "epochs")

    def table(self):
        """Return a text table: one row per layer, then the totals."""
        lines = [f"{'layer':<14}{'kind':<11}{'output':<12}{'params':>9}{'forward FLOPs':>15}"]
        for row in self.layers:
            lines.append(f"{row.name:<14}{row.kind:<11}{str(row.output_shape):<12}"
                         f"{row.params:>9,}{row.forward_flops:>15,}")
        lines.append(f"{'total':<37}{self.params:>9,}{self.forward_flops:>15,}")
        lines.append(f"training step (x{TRAINING_FACTOR}): {self.training_flops:,} FLOPs per example")
        return "\n".join(lines)


def _positive_int(value, name):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise errors.HyperparameterError(f"{name} must be a positive int, got {value!r}.")
    return int(value)


def layer_flops(layer):
    """Return the forward-pass operations of a built layer for ONE example (an int).

    Args:
        layer: a built nnlib layer.

    Returns:
        ``2 * n_in * units (+ units with a bias)`` for a ``Dense`` layer; 0 for layers
        without weights (activations, Flatten, Dropout, Input).

    Raises:
        NotBuiltError: the layer is not built (its input size is unknown).
        HyperparameterError: a layer with weights that this module cannot count.
    """
    if not layer.built:
        raise errors.NotBuiltError(
            f"Layer {layer.name!r} is not built, so its size is unknown: build the model first "
            "(give the first layer input_shape=..., or call model.build((None, n_features)))."
        )
    if not layer.params:
        return 0
    kernel = layer.params.get("kernel")
    if type(layer).__name__ != "Dense" or kernel is None or kernel.ndim != 2:
        raise errors.HyperparameterError(
            f"count_flops knows Dense layers and layers without weights; layer {layer.name!r} "
            f"is a {type(layer).__name__} with weights {sorted(layer.params)}."
        )
    n_in, units = kernel.shape
    bias = layer.params.get("bias")
    return 2 * n_in * units + (units if bias is not None else 0)


def count_flops(model):
    """Count the parameters and operations of a built ``Sequential``, layer by layer.

    Args:
        model: a built nnlib ``Sequential`` (or any model with ``.layers``).

    Returns:
        ModelCost: ``.layers`` (one ``LayerCost`` per layer), ``.params``,
        ``.forward_flops`` and ``.training_flops`` (per example), ``.table()``.

    Raises:
        NotBuiltError: the model is not built.
    """
    if not getattr(model, "built", False):
        raise errors.NotBuiltError(
            "count_flops needs a built model: give the first layer input_shape=(n_features,), "
            "or call model.build((None, n_features)) first."
        )
    rows = tuple(
        LayerCost(name=layer.name, kind=type(layer).__name__, output_shape=tuple(layer.output_shape),
                  params=layer.count_params(), forward_flops=layer_flops(layer))
        for layer in model.layers
    )
    forward = sum(row.forward_flops for row in rows)
    return ModelCost(layers=rows, params=sum(row.params for row in rows), forward_flops=forward,
                     training_flops=TRAINING_FACTOR * forward)


@dataclasses.dataclass(frozen=True)
class EnergyEstimate:
    """What an amount of computation costs in time, energy and CO2 (an estimate).

    Attributes:
        flops: the operations counted.
        seconds: ``flops / (peak_flops * utilization)``.
        kwh: energy drawn from the grid, ``power_watts * seconds * pue / 3.6e6``.
        kg_co2: ``kwh * grams_co2_per_kwh / 1000``.
    """

    flops: float
    seconds: float
    kwh: float
    kg_co2: float


def energy_estimate(flops, peak_flops, power_watts, utilization=0.4, pue=1.1, grams_co2_per_kwh=400.0):
    """Estimate the time, energy and CO2 of ``flops`` operations on one device.

    Every assumption is a parameter, so that a reader can change it: the result is only as
    good as these numbers.

    Args:
        flops: operations to perform, e.g. ``ModelCost.training_total(n, epochs)``.
        peak_flops: the device's peak operations per second (e.g. 1e12 for 1 TFLOP/s).
        power_watts: the device's power draw while busy, in watts.
        utilization: the fraction of the peak actually reached (0 < u <= 1); small
            networks reach far less than large ones. Default 0.4.
        pue: power usage effectiveness of the data centre: total power / device power
            (cooling, power supplies). Default 1.1.
        grams_co2_per_kwh: carbon intensity of the electricity. Default 400 g/kWh,
            roughly a world average; from about 20 (hydro, nuclear) to about 800 (coal).

    Returns:
        EnergyEstimate with ``seconds``, ``kwh`` and ``kg_co2``.

    Raises:
        HyperparameterError: a value is not positive, or ``utilization`` > 1 or ``pue`` < 1.
    """
    values = {"flops": flops, "peak_flops": peak_flops, "power_watts": power_watts,
              "utilization": utilization, "pue": pue, "grams_co2_per_kwh": grams_co2_per_kwh}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
            raise errors.HyperparameterError(f"energy_estimate: {name} must be a positive number, got {value!r}.")
    if utilization > 1:
        raise errors.HyperparameterError(f"energy_estimate: utilization is a fraction in (0, 1], got {utilization!r}.")
    if pue < 1:
        raise errors.HyperparameterError(f"energy_estimate: pue is at least 1 (total / device power), got {pue!r}.")
    seconds = float(flops) / (float(peak_flops) * float(utilization))
    kwh = float(power_watts) * seconds * float(pue) / 3.6e6
    return EnergyEstimate(flops=float(flops), seconds=seconds, kwh=kwh, kg_co2=kwh * float(grams_co2_per_kwh) / 1000.0)
