"""SGD and Adam: hand-computed steps, a zero-gradient row under Adam, dtypes and input checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from edu_w2v.optimizers import SGD, Adam

FLOATS = [np.float32, np.float64]


def test_sgd_dense_steps_by_hand():
    p = np.array([1.0, 2.0])
    sgd = SGD(lr=0.1)
    sgd.update([p], [np.array([0.5, -1.0])])
    np.testing.assert_allclose(p, [0.95, 2.1], rtol=1e-15)
    sgd.update([p], [np.array([1.0, 1.0])])
    np.testing.assert_allclose(p, [0.85, 2.0], rtol=1e-15)


def adam_by_hand(p, gs, lr, beta1, beta2, eps):
    """Adam on a list of numbers, one number at a time, in the book's form."""
    p, m, v = list(p), [0.0] * len(p), [0.0] * len(p)
    for t, g in enumerate(gs, start=1):
        lr_t = lr * math.sqrt(1 - beta2**t) / (1 - beta1**t)
        for i, gi in enumerate(g):
            m[i] = beta1 * m[i] + (1 - beta1) * gi
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
            p[i] -= lr_t * m[i] / (math.sqrt(v[i]) + eps)
    return p


def test_adam_dense_steps_by_hand():
    gs = [[0.5, -2.0, 0.0], [0.1, 1.0, 3.0], [-0.3, 0.2, 0.1]]
    p = np.array([1.0, -1.0, 0.5])
    adam = Adam(lr=0.01, beta1=0.8, beta2=0.9, eps=1e-6)
    for g in gs:
        adam.update([p], [np.array(g)])
    assert adam.t == 3
    expected = adam_by_hand([1.0, -1.0, 0.5], gs, lr=0.01, beta1=0.8, beta2=0.9, eps=1e-6)
    np.testing.assert_allclose(p, expected, rtol=1e-12)


def test_adam_first_step_is_lr_times_sign():
    # m = (1 - b1) g, v = (1 - b2) g^2, lr_t = lr sqrt(1 - b2) / (1 - b1): step = lr * sign(g).
    p = np.zeros(4)
    Adam(lr=0.5, eps=1e-12).update([p], [np.array([3.0, -0.01, 200.0, -7.0])])
    np.testing.assert_allclose(p, [-0.5, 0.5, -0.5, 0.5], rtol=1e-7)


def row_grad(rows, V, H, dtype, seed):
    """A dense (V, H) gradient, non-zero on ``rows`` only (what a batch of lookups gives)."""
    grad = np.zeros((V, H), dtype=dtype)
    grad[rows] = np.random.default_rng(seed).standard_normal((len(rows), H)).astype(dtype)
    return grad


@pytest.mark.parametrize("dtype", FLOATS)
def test_dense_adam_moves_untouched_rows_on_their_momentum(dtype):
    # Step 2 has a zero gradient on row 0: dense Adam still moves it (m != 0 there).
    start = np.random.default_rng(0).standard_normal((6, 2)).astype(dtype)
    p, adam = start.copy(), Adam(lr=0.1)
    adam.update([p], [row_grad([0, 3], 6, 2, dtype, seed=0)])
    after_first_step = p.copy()
    adam.update([p], [row_grad([3], 6, 2, dtype, seed=1)])
    assert np.all(p[0] != after_first_step[0])
    np.testing.assert_array_equal(p[[1, 2, 4, 5]], start[[1, 2, 4, 5]])
    assert adam.t == 2


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("make_optimizer", [lambda: SGD(0.1), lambda: Adam(0.1)])
def test_dtype_is_kept(dtype, make_optimizer):
    W = np.ones((5, 2), dtype=dtype)
    b = np.ones(2, dtype=dtype)
    optimizer = make_optimizer()
    for _ in range(2):
        optimizer.update([W, b], [row_grad([0, 2], 5, 2, dtype, seed=0), np.ones(2, dtype)])
    assert W.dtype == dtype and b.dtype == dtype
    if isinstance(optimizer, Adam):
        assert all(m.dtype == dtype for m in optimizer.m + optimizer.v)


class DtypeSpy(np.ndarray):
    """An array that records the dtype of every ufunc result computed from it (or its results)."""

    results: list[np.dtype] = []

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        def plain(arrays):
            return tuple(a.view(np.ndarray) if isinstance(a, DtypeSpy) else a for a in arrays)

        if out is not None:
            kwargs["out"] = plain(out)
        result = getattr(ufunc, method)(*plain(inputs), **kwargs)
        DtypeSpy.results.append(result.dtype)
        return result.view(DtypeSpy) if out is None else out[0]


@pytest.mark.parametrize("make_optimizer", [lambda: SGD(0.1), lambda: Adam(0.1)])
def test_float32_updates_compute_in_float32_only(make_optimizer):
    # A float64 scalar (lr, beta, eps) would silently turn a (V, H) temporary into float64.
    W = np.ones((6, 3), np.float32).view(DtypeSpy)
    dense_grad = np.full((6, 3), 0.5, np.float32).view(DtypeSpy)
    optimizer = make_optimizer()
    DtypeSpy.results = []
    for grad in (dense_grad, dense_grad, dense_grad):
        optimizer.update([W], [grad])
    assert len(DtypeSpy.results) > 5
    assert set(DtypeSpy.results) == {np.dtype(np.float32)}


def test_hyperparameters_are_checked():
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        SGD(lr=0)
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        Adam(lr=-1e-3)
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got nan"):
        SGD(lr=float("nan"))
    with pytest.raises(TypeError, match="lr must be a number"):
        SGD(lr="0.1")
    with pytest.raises(ValueError, match="beta1 must be a finite number >= 0 and < 1"):
        Adam(beta1=1.0)
    with pytest.raises(ValueError, match="beta2 must be a finite number >= 0"):
        Adam(beta2=-0.1)
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        Adam(eps=0)
    assert Adam(beta1=0, beta2=0).beta1 == 0.0


@pytest.mark.parametrize("optimizer", [SGD(), Adam()])
def test_params_and_grads_are_checked(optimizer):
    W = np.zeros((4, 2))
    with pytest.raises(ValueError, match="got 1 params but 2 grads"):
        optimizer.update([W], [W.copy(), W.copy()])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(2, 4\), params\[0\] has"):
        optimizer.update([W], [np.zeros((2, 4))])
    with pytest.raises(TypeError, match=r"grads\[0\] has dtype float32, params\[0\] has float64"):
        optimizer.update([W], [np.zeros((4, 2), np.float32)])
    with pytest.raises(TypeError, match=r"grads\[0\] must be a numpy array"):
        optimizer.update([W], [[[0.0, 0.0]] * 4])
    with pytest.raises(TypeError, match=r"params\[0\] must be a float numpy array"):
        optimizer.update([np.zeros((4, 2), int)], [np.zeros((4, 2), int)])
    with pytest.raises(ValueError, match=r"params\[1\] is the same array as params\[0\]"):
        optimizer.update([W, W], [np.zeros((4, 2)), np.zeros((4, 2))])
    np.testing.assert_array_equal(W, 0)  # nothing was updated by the failed calls


def test_adam_refuses_other_parameters_later():
    adam = Adam()
    adam.update([np.zeros(3)], [np.ones(3)])
    with pytest.raises(ValueError, match="use a new Adam"):
        adam.update([np.zeros(4)], [np.ones(4)])


def test_sgd_takes_one_learning_rate_per_parameter():
    params = [np.ones((2, 2)), np.ones((3, 2))]
    grads = [np.ones((2, 2)), np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]])]
    SGD(lr=[0.5, 0.25]).update(params, grads)
    np.testing.assert_array_equal(params[0], 0.5)
    np.testing.assert_array_equal(params[1], [[1, 1], [0.75, 0.75], [1, 1]])
    with pytest.raises(ValueError, match="got 3 learning rates for 2 params"):
        SGD(lr=[0.1, 0.1, 0.1]).update(params, grads)
    with pytest.raises(ValueError, match=r"lr\[1\] must be a finite number > 0"):
        SGD(lr=[0.1, -1.0])
