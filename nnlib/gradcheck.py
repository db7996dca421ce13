"""Gradient checking: compare backpropagation with numerical derivatives.

Taught in Part 3, "Backpropagation" (checking the chain rule numerically) and
Part 4, "Errors and debugging" (finding the bug in a layer you wrote).

Backpropagation gives dL/dw for every weight in one backward pass. A slower but
almost foolproof way to get the same numbers is the central difference

    dL/dw  ~=  (L(w + h) - L(w - h)) / (2 h)

whose error shrinks like h^2. Both are computed here, in float64 (in float32 the
rounding error of L swamps the difference), on a deep copy of the layer or model, so
the original is never touched. For each array the report gives the largest relative
error over the entries checked::

    |analytic - numeric| / max(|analytic| + |numeric|, floor)

where the floor is 1/1000 of the array's largest ``|analytic| + |numeric|`` (and at
least 1e-8): an entry much smaller than its neighbours is noisy (the difference of
two nearly equal losses), so it is judged on the array's scale. A gradient passes
when its error stays below ``THRESHOLD`` (1e-6). Correct code in
float64 typically gives 1e-9 or less; a wrong formula gives 1e-2 to 1. Kinks can
spoil a check: ReLU at exactly z = 0 has no derivative, so a pre-activation within h
of 0 can give a large error at one entry even in correct code.

``check_layer`` works on any ``nnlib.layers.Layer`` subclass that follows the base
API (``build``, ``forward``, ``backward``, ``params``, ``grads``), including layers
learners write themselves.
"""

import copy
import html

import numpy as np

from . import errors
from .utils import make_rng

THRESHOLD = 1e-6  # largest relative error that passes
STEP = 1e-5  # h of the central difference
MAX_ENTRIES = 200  # entries checked per array (a random sample of larger arrays)
_FLOOR = 1e-8  # keeps the relative error finite where both gradients are ~0
_SCALE_FLOOR = 1e-3  # entries below 1/1000 of the array's largest are judged on that scale


def check_layer(layer, x, seed=0, training=False, threshold=THRESHOLD, step=STEP, max_entries=MAX_ENTRIES):
    """Check a layer's ``backward`` against numerical derivatives.

    The scalar checked is L = sum(forward(x) * r) + the layer's regularization
    penalty, for a fixed random r of the output's shape: then dL/d(output) = r is
    what ``backward`` receives, and every gradient of the layer is exercised.

    Args:
        layer: any layer (built or not; an unbuilt one is built on a copy from x).
        x: a batch of inputs, shape (batch, features...).
        seed: fixes r, the initial weights of an unbuilt layer, and which entries
            of large arrays are sampled.
        training: run the layer in training mode. A layer's random generators are
            reset before every forward pass, so Dropout keeps one mask.
        threshold, step, max_entries: see the module constants.

    Returns:
        A ``GradCheckReport`` (print it, or show it in a notebook); ``.passed``.
    """
    x = _float64_batch(x)
    rng = make_rng(seed)
    clone = copy.deepcopy(layer)
    if not clone.built:
        clone.build((None,) + x.shape[1:], rng)
    cast_to_float64(clone)
    generators = _generator_states(clone)

    def run_forward():
        _reset_generators(generators)
        return clone.forward(x, training=training)

    output = run_forward()
    upstream = rng.standard_normal(output.shape)

    def objective():
        return float(np.sum(run_forward() * upstream)) + clone.regularization_penalty()

    run_forward()
    grad_x = clone.backward(upstream)
    analytic = [(name, np.array(clone.grads[name])) for name in clone.params
                if name not in clone.non_trainable_names]  # moving statistics have no gradient
    rows = [_compare(name, clone.params[name], grad, objective, rng, step, max_entries) for name, grad in analytic]
    rows.append(_compare("input (dL/dx)", x, grad_x, objective, rng, step, max_entries))
    return GradCheckReport(f"layer {clone.name!r} ({type(clone).__name__})", rows, threshold, step)


def check_model(model, x, y, seed=0, threshold=THRESHOLD, step=STEP, max_entries=MAX_ENTRIES):
    """Check a compiled model's gradients (``fit``'s backward pass) numerically.

    The scalar checked is the compiled loss (mean over the batch, computed as ``fit``
    computes it, fused with the output activation when it can be) plus the
    regularization penalties, in inference mode (Dropout off).

    Args:
        model: a compiled model: a ``Sequential``, or a Functional model (``Model(inputs,
            outputs)``, with branches, merges, several inputs or outputs).
        x: a batch of inputs, shape (batch, features...); a list or dict of them for a
            model with several inputs.
        y: its targets, as for ``fit``.
        seed: fixes which entries of large arrays are sampled.

    Returns:
        A ``GradCheckReport`` with one row per weight array and one for dL/dx (one per
        input).
    """
    from .models import checks, passes

    model._require_compiled("check_model()")
    clone = copy.deepcopy(model)
    x = _float64_batches(x)
    if isinstance(x, np.ndarray):
        clone._build_for_data(x.shape)
    for layer in _leaf_layers(clone):
        cast_to_float64(layer)
    clone._ensure_weight_block()
    x, y = checks.prepare_xy(clone, x, y)
    rng = make_rng(seed)

    def objective():
        return passes.loss_value(clone, x, y)

    _, _, grad_x, _ = passes.loss_and_gradients(clone, x, y, training=False, input_gradient=True)
    analytic = [(layer, name, np.array(layer.grads[name])) for layer in clone._layers for name in layer.params
                if name not in layer.non_trainable_names]
    rows = [
        _compare(f"{layer.name}/{name}", layer.params[name], grad, objective, rng, step, max_entries)
        for layer, name, grad in analytic
    ]
    if isinstance(x, list):
        names = clone.input_names if len(x) > 1 else ["input"]
        grad_x = grad_x if isinstance(grad_x, list) else [grad_x]
        rows += [_compare(f"{name} (dL/dx)", x_i, g, objective, rng, step, max_entries)
                 for name, x_i, g in zip(names, x, grad_x) if g is not None]
    else:
        rows.append(_compare("input (dL/dx)", x, grad_x, objective, rng, step, max_entries))
    loss_name = clone.loss.name if hasattr(clone.loss, "name") else "one per output"
    return GradCheckReport(f"model {clone.name!r} with loss {loss_name!r}", rows, threshold, step)


def _leaf_layers(model):
    """The layers of ``model``, with the layers of every model used as a layer in it."""
    for layer in model._layers:
        if hasattr(layer, "_layers"):
            yield from _leaf_layers(layer)
        else:
            yield layer


def _float64_batches(x):
    """``x`` as float64: one batch array, or a list/dict of them (a model with several inputs)."""
    if isinstance(x, dict):
        return {key: _float64_batch(value) for key, value in x.items()}
    if isinstance(x, (list, tuple)) and x and all(hasattr(item, "shape") for item in x):
        return [_float64_batch(item) for item in x]
    return _float64_batch(x)


def numerical_gradient(f, array, indices, step=STEP):
    """Central differences of the scalar function ``f()`` with respect to ``array``.

    Each listed entry of ``array`` is moved by +h and -h in place (and put back).

    Args:
        f: function of no arguments that reads ``array`` and returns a float.
        array: float64 array, changed in place while this runs.
        indices: list of index tuples into ``array``.

    Returns:
        1-D array of dL/d(array[index]) for each index.
    """
    derivatives = np.empty(len(indices))
    for i, index in enumerate(indices):
        original = array[index]
        array[index] = original + step
        f_plus = f()
        array[index] = original - step
        f_minus = f()
        array[index] = original
        derivatives[i] = (f_plus - f_minus) / (2 * step)
    return derivatives


def relative_errors(analytic, numeric):
    """``|a - n| / max(|a| + |n|, floor)``, entry by entry (see the module docstring)."""
    size = np.abs(analytic) + np.abs(numeric)
    floor = max(_SCALE_FLOOR * float(size.max(initial=0.0)), _FLOOR)
    return np.abs(analytic - numeric) / np.maximum(size, floor)


def _compare(name, array, analytic, objective, rng, step, max_entries):
    if analytic is None or np.shape(analytic) != array.shape:
        return GradCheckRow(name, array.shape, 0, np.inf, note=f"gradient has shape {np.shape(analytic)}")
    indices = _sample_indices(array.shape, rng, max_entries)
    numeric = numerical_gradient(objective, array, indices, step)
    picked = np.array([analytic[index] for index in indices], dtype=np.float64)
    errors_ = relative_errors(picked, numeric)
    worst = int(np.argmax(errors_)) if len(errors_) else 0
    note = ""
    if len(errors_) and errors_[worst] > 0:
        note = f"worst at {indices[worst]}: backward {picked[worst]:.6g}, numerical {numeric[worst]:.6g}"
    return GradCheckRow(name, array.shape, len(indices), float(errors_.max()) if len(errors_) else 0.0, note)


def _sample_indices(shape, rng, max_entries):
    size = int(np.prod(shape))
    flat = np.arange(size) if size <= max_entries else np.sort(rng.choice(size, max_entries, replace=False))
    return [tuple(int(i) for i in np.unravel_index(k, shape)) for k in flat]


def _float64_batch(x):
    x = np.array(x, dtype=np.float64)
    if x.ndim < 2:
        raise errors.ShapeError(
            f"The gradient check needs a batch x of shape (batch, features), got shape {x.shape}; "
            "use x.reshape(1, -1) for one sample."
        )
    return x


def cast_to_float64(layer):
    """Turn every float array a layer holds (attributes, params, grads) into float64, in place.

    Arrays that were the same object stay the same object (a layer that keeps
    ``self.W`` and ``self.params["W"]`` as one array still does).
    """
    converted = {}

    def convert(value):
        if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating) and value.dtype != np.float64:
            if id(value) not in converted:
                converted[id(value)] = value.astype(np.float64)
            return converted[id(value)]
        return value

    for attribute, value in list(vars(layer).items()):
        if isinstance(value, dict):
            for key in list(value):
                value[key] = convert(value[key])
        elif isinstance(value, list):
            value[:] = [convert(v) for v in value]
        else:
            setattr(layer, attribute, convert(value))
    if hasattr(layer, "dtype"):
        layer.dtype = "float64"
    return layer


def _generator_states(layer):
    return [(g, g.bit_generator.state) for g in vars(layer).values() if isinstance(g, np.random.Generator)]


def _reset_generators(states):
    for generator, state in states:
        generator.bit_generator.state = state


class GradCheckRow:
    """One checked array: its name, shape, entries checked and largest relative error."""

    def __init__(self, name, shape, checked, max_error, note=""):
        self.name, self.shape, self.checked, self.max_error, self.note = name, tuple(shape), checked, max_error, note


class GradCheckReport:
    """The result of a gradient check: one row per array, and whether all passed.

    Attributes:
        rows: list of ``GradCheckRow`` (name, shape, checked, max_error, note).
        threshold: the largest relative error that passes.
        passed: True when every row is below the threshold.
    """

    def __init__(self, subject, rows, threshold, step):
        self.subject, self.rows, self.threshold, self.step = subject, rows, threshold, step
        self.passed = all(row.max_error < threshold for row in rows)

    @property
    def max_errors(self):
        """dict array name -> its largest relative error."""
        return {row.name: row.max_error for row in self.rows}

    def _verdict(self):
        if self.passed:
            return "All gradients match the numerical derivatives."
        failed = ", ".join(row.name for row in self.rows if not row.max_error < self.threshold)
        return f"MISMATCH in: {failed}. Check the backward pass for these arrays."

    def __str__(self):
        header = f"Gradient check of {self.subject}: float64, h={self.step:g}, threshold {self.threshold:g}"
        lines = [header, f"{'array':<22} {'shape':<14} {'checked':>7}  {'max rel. error':>14}  result"]
        for row in self.rows:
            result = "ok" if row.max_error < self.threshold else "FAIL"
            lines.append(f"{row.name:<22} {str(row.shape):<14} {row.checked:>7}  {row.max_error:>14.1e}  {result}")
            if result == "FAIL" and row.note:
                lines.append(f"{'':<22} {row.note}")
        lines.append(self._verdict())
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        cells = []
        for row in self.rows:
            ok = row.max_error < self.threshold
            colour = "#1a7f37" if ok else "#cf222e"
            note = html.escape(row.note) if not ok else ""
            cells.append(
                f"<tr><td><code>{html.escape(row.name)}</code></td><td>{row.shape}</td>"
                f"<td>{row.checked}</td><td>{row.max_error:.1e}</td>"
                f"<td style='color:{colour};font-weight:bold'>{'ok' if ok else 'FAIL'}</td><td>{note}</td></tr>"
            )
        return (
            f"<p>Gradient check of {html.escape(self.subject)}: float64, h={self.step:g}, "
            f"threshold {self.threshold:g}</p><table><tr><th>array</th><th>shape</th><th>checked</th>"
            f"<th>max rel. error</th><th>result</th><th></th></tr>{''.join(cells)}</table>"
            f"<p><b>{html.escape(self._verdict())}</b></p>"
        )
