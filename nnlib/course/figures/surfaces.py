"""Test functions of two variables, with their gradients, to watch optimizers move.

Taught in Part 3, "Gradient descent" and "Optimizers".

Three classic landscapes, each a ``Surface`` with the value ``f(p)`` and the gradient
``gradient(p)`` of a point ``p = (x, y)``:

* ``quadratic_bowl(a, b, angle)``: ``f = (a u**2 + b v**2) / 2`` in coordinates (u, v)
  turned by ``angle``. Its curvatures are ``a`` and ``b``; with ``a != b`` it is
  ill-conditioned (a long narrow valley), and plain gradient descent is stable only for
  ``learning_rate < 2 / max(a, b)``.
* ``saddle(a, b)``: ``f = (a x**2 - b y**2) / 2``, a minimum along x and a maximum along y;
  the origin is a stationary point that is not a minimum.
* ``rosenbrock(a, b)``: ``f = (a - x)**2 + b (y - x**2)**2``, a curved banana-shaped
  valley with its minimum at ``(a, a**2)``.

``trajectory(optimizer, surface, start, steps)`` runs any nnlib optimizer
(``nnlib.optimizers.SGD``, ``Adam``, ...) on the 2-vector and returns every point it visits::

    from nnlib import optimizers
    from nnlib.course.figures import surfaces
    bowl = surfaces.quadratic_bowl(1.0, 10.0)
    path = surfaces.trajectory(optimizers.SGD(0.1), bowl, start=(-2.0, 1.0), steps=50)
    path.shape                          # (51, 2): the start and one row per step
"""

import math
import numbers

import numpy as np

from nnlib import errors

__all__ = ["Surface", "quadratic_bowl", "saddle", "rosenbrock", "trajectory"]


def _as_points(p):
    """Return ``p`` as a float64 array whose last axis has length 2."""
    p = np.asarray(p, dtype=np.float64)
    if p.ndim == 0 or p.shape[-1] != 2:
        raise errors.ShapeError(
            f"A surface takes points (x, y): an array whose last axis has length 2, got shape {p.shape}."
        )
    return p


class Surface:
    """A function of two variables with its gradient.

    Args:
        name: a short description, used in plot titles.
        value: function mapping points of shape (..., 2) to values of shape (...).
        gradient: function mapping points of shape (..., 2) to gradients of shape (..., 2).
        minimum: the global minimum (x, y) as a float64 array of shape (2,), or None when
            the surface has none (the saddle).
        extent: (xmin, xmax, ymin, ymax), a window that shows the interesting part.

    Calling the surface returns its value: ``surface(p)`` is ``surface.value(p)``.
    """

    def __init__(self, name, value, gradient, minimum=None, extent=(-2.0, 2.0, -2.0, 2.0)):
        self.name = str(name)
        self._value = value
        self._gradient = gradient
        self.minimum = None if minimum is None else np.asarray(minimum, dtype=np.float64)
        self.extent = tuple(float(e) for e in extent)

    def value(self, p):
        """Return f(p); p has shape (..., 2), the result shape (...)."""
        return self._value(_as_points(p))

    def gradient(self, p):
        """Return the gradient (df/dx, df/dy) at p; p and the result have shape (..., 2)."""
        return self._gradient(_as_points(p))

    def __call__(self, p):
        return self.value(p)

    def grid(self, num=201, extent=None):
        """Evaluate the surface on a regular grid, for contour plots.

        Args:
            num: points per axis.
            extent: (xmin, xmax, ymin, ymax); defaults to ``self.extent``.

        Returns:
            ``(x, y, z)``, three arrays of shape (num, num) as ``np.meshgrid`` gives them.
        """
        xmin, xmax, ymin, ymax = self.extent if extent is None else extent
        x, y = np.meshgrid(np.linspace(xmin, xmax, num), np.linspace(ymin, ymax, num))
        return x, y, self.value(np.stack([x, y], axis=-1))

    def __repr__(self):
        return f"Surface({self.name!r})"


def quadratic_bowl(a=1.0, b=10.0, angle=0.0):
    """The bowl ``f = (a u**2 + b v**2) / 2``, where (u, v) is (x, y) turned by ``angle``.

    Its Hessian has eigenvalues ``a`` and ``b`` (the curvatures); the condition number is
    ``max(a, b) / min(a, b)``. Gradient descent with learning rate ``lr`` converges on it
    exactly when ``0 < lr < 2 / max(a, b)``.

    Args:
        a: curvature along the first axis, > 0.
        b: curvature along the second axis, > 0.
        angle: rotation of the axes, in radians (0: the valley lies along x when a < b).

    Returns:
        A ``Surface`` with its minimum at (0, 0). ``surface.hessian`` is the 2x2 matrix H,
        so that f = p @ H @ p / 2 and the gradient is H @ p.
    """
    for name, c in (("a", a), ("b", b)):
        if isinstance(c, bool) or not (isinstance(c, numbers.Real) and math.isfinite(c) and c > 0):
            raise errors.HyperparameterError(f"The bowl's curvature {name} must be a number > 0, got {c!r}.")
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    hessian = rotation @ np.diag([float(a), float(b)]) @ rotation.T

    def value(p):
        return 0.5 * np.einsum("...i,ij,...j->...", p, hessian, p)

    def gradient(p):
        return p @ hessian  # H is symmetric: H p, written for points in rows

    name = f"bowl (curvatures {a:g} and {b:g})"
    surface = Surface(name, value, gradient, minimum=(0.0, 0.0), extent=(-2.5, 2.5, -1.5, 1.5))
    surface.hessian = hessian
    return surface


def saddle(a=1.0, b=1.0):
    """The saddle ``f = (a x**2 - b y**2) / 2``: a valley along x, a ridge along y.

    Gradient descent started exactly on the x axis slides to the origin and stays there
    (the gradient is 0); any tiny y moves it away, ever faster, since f has no minimum.

    Args:
        a: curvature along x, > 0.
        b: minus the curvature along y, > 0.

    Returns:
        A ``Surface`` with ``minimum`` None.
    """

    def value(p):
        return 0.5 * (a * p[..., 0] ** 2 - b * p[..., 1] ** 2)

    def gradient(p):
        return np.stack([a * p[..., 0], -b * p[..., 1]], axis=-1)

    return Surface(f"saddle (a={a:g}, b={b:g})", value, gradient, minimum=None, extent=(-2.0, 2.0, -2.0, 2.0))


def rosenbrock(a=1.0, b=100.0):
    """Rosenbrock's function ``f = (a - x)**2 + b (y - x**2)**2``.

    The gradient is ``df/dx = -2 (a - x) - 4 b x (y - x**2)`` and
    ``df/dy = 2 b (y - x**2)``. The minimum, f = 0, is at (a, a**2), at the end of a
    narrow curved valley along y = x**2: easy to reach, slow to follow.

    Args:
        a: position of the minimum along x. Defaults to 1.
        b: steepness of the valley's walls. Defaults to 100.

    Returns:
        A ``Surface`` with its minimum at (a, a**2).
    """

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def gradient(p):
        x, y = p[..., 0], p[..., 1]
        return np.stack([-2.0 * (a - x) - 4.0 * b * x * (y - x**2), 2.0 * b * (y - x**2)], axis=-1)

    return Surface(f"Rosenbrock (a={a:g}, b={b:g})", value, gradient, minimum=(a, a * a),
                   extent=(-2.0, 2.0, -1.0, 3.0))


def trajectory(optimizer, surface, start, steps):
    """Run an nnlib optimizer on the point p = (x, y) and return every point visited.

    Each step computes ``g = surface.gradient(p)`` and calls ``optimizer.apply([g], [p])``,
    which updates p in place, exactly as training updates a weight array.

    Args:
        optimizer: a new ``nnlib.optimizers.Optimizer`` (it builds its state for p; use a
            fresh one for each trajectory).
        surface: a ``Surface``.
        start: the starting point (x, y).
        steps: number of steps, an int >= 0.

    Returns:
        float64 array of shape (steps + 1, 2): the start, then the point after each step.
        If the point leaves the float range (divergence), the remaining rows are NaN and
        the run stops there, without warnings.

    Raises:
        ShapeError: ``start`` is not two numbers.
        HyperparameterError: ``steps`` is not an int >= 0.
    """
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise errors.HyperparameterError(f"steps must be an int >= 0, got {steps!r}.")
    p = _as_points(start).copy()
    if p.shape != (2,):
        raise errors.ShapeError(f"start must be one point (x, y), got shape {p.shape}.")
    path = np.full((int(steps) + 1, 2), np.nan)
    path[0] = p
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, int(steps) + 1):
            gradient = surface.gradient(p)
            if not np.all(np.isfinite(gradient)):
                break
            optimizer.apply([gradient], [p])
            if not np.all(np.isfinite(p)) or np.max(np.abs(p)) > 1e150:
                break
            path[t] = p
    return path
