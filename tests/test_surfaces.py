"""Tests of nnlib.course.figures.surfaces: the gradients against numerical ones, and optimizers reaching the minimum."""

import numpy as np
import pytest

from nnlib import errors, optimizers
from nnlib.course.figures import surfaces

SURFACES = {
    "bowl": surfaces.quadratic_bowl(1.0, 10.0),
    "turned bowl": surfaces.quadratic_bowl(0.5, 4.0, angle=0.6),
    "saddle": surfaces.saddle(1.0, 2.0),
    "rosenbrock": surfaces.rosenbrock(),
}


def numerical_gradient(surface, p, h=1e-6):
    grad = np.zeros(2)
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        grad[i] = (surface(p + e) - surface(p - e)) / (2 * h)
    return grad


@pytest.mark.parametrize("name", SURFACES)
def test_gradient_matches_central_differences(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(0)
    for p in rng.uniform(-1.5, 1.5, size=(10, 2)):
        assert np.allclose(surface.gradient(p), numerical_gradient(surface, p), rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("name", SURFACES)
def test_batches_of_points(name):
    surface = SURFACES[name]
    points = np.random.default_rng(1).normal(size=(4, 3, 2))
    assert surface(points).shape == (4, 3)
    assert surface.gradient(points).shape == (4, 3, 2)
    assert np.allclose(surface.gradient(points)[2, 1], surface.gradient(points[2, 1]))


def test_minima_have_zero_gradient_and_the_smallest_value():
    for surface in (SURFACES["bowl"], SURFACES["turned bowl"], SURFACES["rosenbrock"]):
        assert np.allclose(surface.gradient(surface.minimum), 0.0)
        x, y, z = surface.grid(num=61)
        assert z.shape == (61, 61) and surface(surface.minimum) <= z.min() + 1e-12
    assert SURFACES["saddle"].minimum is None
    assert surfaces.rosenbrock(a=2.0).minimum.tolist() == [2.0, 4.0]


def test_bowl_hessian_and_critical_learning_rate():
    bowl = surfaces.quadratic_bowl(1.0, 10.0, angle=0.3)
    assert np.allclose(np.linalg.eigvalsh(bowl.hessian), [1.0, 10.0])
    start = (1.0, 1.0)
    below = surfaces.trajectory(optimizers.SGD(0.19), bowl, start, 300)
    above = surfaces.trajectory(optimizers.SGD(0.21), bowl, start, 300)
    assert np.linalg.norm(below[-1]) < 1e-6
    assert np.linalg.norm(above[-1]) > 1e3


@pytest.mark.parametrize(
    "optimizer",
    [
        lambda: optimizers.SGD(0.1),
        lambda: optimizers.SGD(0.05, momentum=0.9),
        lambda: optimizers.SGD(0.05, momentum=0.9, nesterov=True),
        lambda: optimizers.Adagrad(0.5),
        lambda: optimizers.RMSprop(0.01),
        lambda: optimizers.Adam(0.05),
    ],
    ids=["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"],
)
def test_every_optimizer_reaches_the_bowl_minimum(optimizer):
    path = surfaces.trajectory(optimizer(), SURFACES["bowl"], (-2.0, 1.0), 500)
    assert path.shape == (501, 2)
    assert path[0].tolist() == [-2.0, 1.0]
    assert np.linalg.norm(path[-1]) < 0.05


def test_momentum_follows_rosenbrock_valley_to_the_minimum():
    path = surfaces.trajectory(optimizers.SGD(0.001, momentum=0.9), SURFACES["rosenbrock"], (-1.5, 2.0), 5000)
    assert np.linalg.norm(path[-1] - [1.0, 1.0]) < 0.01
    path = surfaces.trajectory(optimizers.Adam(0.02), SURFACES["rosenbrock"], (-1.5, 2.0), 5000)
    assert np.linalg.norm(path[-1] - [1.0, 1.0]) < 0.01


def test_trajectory_leaves_the_saddle_and_the_start_is_not_modified():
    start = np.array([1.0, 1e-3])
    path = surfaces.trajectory(optimizers.SGD(0.1), SURFACES["saddle"], start, 100)
    assert start.tolist() == [1.0, 1e-3]
    assert abs(path[-1, 0]) < 1e-3 and abs(path[-1, 1]) > 1.0
    on_axis = surfaces.trajectory(optimizers.SGD(0.1), SURFACES["saddle"], (1.0, 0.0), 200)
    assert np.linalg.norm(on_axis[-1]) < 1e-6


def test_divergence_gives_nan_rows_and_no_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = surfaces.trajectory(optimizers.SGD(1.0), SURFACES["bowl"], (1.0, 1.0), 2000)
    assert np.isnan(path[-1]).all() and np.isfinite(path[:10]).all()


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(errors.ShapeError, match="last axis has length 2"):
        SURFACES["bowl"]([1.0, 2.0, 3.0])
    with pytest.raises(errors.ShapeError, match="one point"):
        surfaces.trajectory(optimizers.SGD(0.1), SURFACES["bowl"], [[1.0, 2.0]], 5)
    with pytest.raises(errors.HyperparameterError, match="steps"):
        surfaces.trajectory(optimizers.SGD(0.1), SURFACES["bowl"], (1.0, 2.0), -1)
    with pytest.raises(errors.HyperparameterError, match="curvature"):
        surfaces.quadratic_bowl(0.0, 1.0)
