"""SGD and Adam: hand-computed steps, RowGrad steps against dense ones, dtypes and input checks."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

from edu_w2v.optimizers import SGD, Adam
from edu_w2v.sparse import RowGrad

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
    values = np.random.default_rng(seed).standard_normal((len(rows), H)).astype(dtype)
    return RowGrad(np.array(rows), values, (V, H))


@pytest.mark.parametrize("dtype", FLOATS)
def test_sgd_row_grad_equals_dense_step_exactly(dtype):
    start = np.random.default_rng(0).standard_normal((8, 3)).astype(dtype)
    sparse_p, dense_p = start.copy(), start.copy()
    for step, rows in enumerate([[1, 4], [0, 4, 7], [4]]):
        grad = row_grad(rows, 8, 3, dtype, seed=step)
        SGD(lr=0.3).update([sparse_p], [grad])
        SGD(lr=0.3).update([dense_p], [grad.to_dense()])
        np.testing.assert_array_equal(sparse_p, dense_p)
    untouched = [2, 3, 5, 6]
    np.testing.assert_array_equal(sparse_p[untouched], start[untouched])
    assert sparse_p.dtype == dtype


@pytest.mark.parametrize("dtype", FLOATS)
def test_lazy_adam_equals_dense_adam_while_touched_rows_grow(dtype):
    # Rows never touched have m = v = 0 in both, and touched rows see the same g: equal results.
    start = np.random.default_rng(0).standard_normal((8, 3)).astype(dtype)
    sparse_p, dense_p = start.copy(), start.copy()
    lazy, dense = Adam(lr=0.1), Adam(lr=0.1)
    for step, rows in enumerate([[1, 4], [1, 4, 6], [0, 1, 4, 6]]):
        grad = row_grad(rows, 8, 3, dtype, seed=step)
        lazy.update([sparse_p], [grad])
        dense.update([dense_p], [grad.to_dense()])
        np.testing.assert_array_equal(sparse_p, dense_p)
    np.testing.assert_array_equal(lazy.m[0], dense.m[0])
    np.testing.assert_array_equal(lazy.v[0], dense.v[0])
    np.testing.assert_array_equal(sparse_p[[2, 3, 5, 7]], start[[2, 3, 5, 7]])


@pytest.mark.parametrize("dtype", FLOATS)
def test_lazy_adam_leaves_untouched_rows_where_dense_adam_coasts(dtype):
    start = np.random.default_rng(0).standard_normal((6, 2)).astype(dtype)
    sparse_p, dense_p = start.copy(), start.copy()
    lazy, dense = Adam(lr=0.1), Adam(lr=0.1)
    for step, rows in enumerate([[0, 3], [3]]):
        grad = row_grad(rows, 6, 2, dtype, seed=step)
        lazy.update([sparse_p], [grad])
        dense.update([dense_p], [grad.to_dense()])
    after_first_step = start.copy()
    Adam(lr=0.1).update([after_first_step], [row_grad([0, 3], 6, 2, dtype, seed=0)])
    # Step 2 touched row 3 only: lazy Adam froze row 0, dense Adam moved it on its momentum.
    np.testing.assert_array_equal(sparse_p[0], after_first_step[0])
    assert np.all(dense_p[0] != after_first_step[0])
    np.testing.assert_array_equal(sparse_p[3], dense_p[3])  # same history on row 3
    np.testing.assert_array_equal(sparse_p[[1, 2, 4, 5]], start[[1, 2, 4, 5]])
    assert lazy.t == 2


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
    row_grad = RowGrad(np.array([1, 4]), np.full((2, 3), 0.5, np.float32).view(DtypeSpy), (6, 3))
    optimizer = make_optimizer()
    DtypeSpy.results = []
    for grad in (dense_grad, row_grad, dense_grad):
        optimizer.update([W], [grad])
    assert len(DtypeSpy.results) > 5
    assert set(DtypeSpy.results) == {np.dtype(np.float32)}


@pytest.mark.parametrize("make_optimizer", [lambda: SGD(0.1), lambda: Adam(0.1)])
def test_row_grad_update_allocates_only_row_sized_memory(make_optimizer):
    V, H = 50_000, 20  # a 4 MB float32 parameter
    W = np.zeros((V, H), dtype=np.float32)
    optimizer = make_optimizer()
    grad = row_grad([3, 10, 40_000], V, H, np.float32, seed=0)
    optimizer.update([W], [grad])  # Adam allocates its m and v here, once
    tracemalloc.start()
    try:
        optimizer.update([W], [grad])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < W.nbytes / 20


def test_hyperparameters_are_checked():
    with pytest.raises(ValueError, match="lr must be > 0"):
        SGD(lr=0)
    with pytest.raises(ValueError, match="lr must be > 0"):
        Adam(lr=-1e-3)
    with pytest.raises(ValueError, match="lr must be finite"):
        SGD(lr=float("nan"))
    with pytest.raises(TypeError, match="lr must be a number"):
        SGD(lr="0.1")
    with pytest.raises(ValueError, match=r"beta1 must be in \[0, 1\)"):
        Adam(beta1=1.0)
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\)"):
        Adam(beta2=-0.1)
    with pytest.raises(ValueError, match="eps must be > 0"):
        Adam(eps=0)
    assert Adam(beta1=0, beta2=0).beta1 == 0.0


@pytest.mark.parametrize("optimizer", [SGD(), Adam()])
def test_params_and_grads_are_checked(optimizer):
    W = np.zeros((4, 2))
    with pytest.raises(ValueError, match="got 1 params but 2 grads"):
        optimizer.update([W], [W.copy(), W.copy()])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(2, 4\), params\[0\] has"):
        optimizer.update([W], [np.zeros((2, 4))])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(5, 2\)"):
        optimizer.update([W], [RowGrad.zeros((5, 2))])
    with pytest.raises(TypeError, match=r"grads\[0\] has dtype float32, params\[0\] has float64"):
        optimizer.update([W], [np.zeros((4, 2), np.float32)])
    with pytest.raises(TypeError, match=r"grads\[0\] has dtype float32"):
        optimizer.update([W], [RowGrad.zeros((4, 2), np.float32)])
    with pytest.raises(TypeError, match=r"grads\[0\] must be a numpy array or a RowGrad"):
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
    grads = [np.ones((2, 2)), RowGrad(np.array([1]), np.ones((1, 2)), (3, 2))]
    SGD(lr=[0.5, 0.25]).update(params, grads)
    np.testing.assert_array_equal(params[0], 0.5)
    np.testing.assert_array_equal(params[1], [[1, 1], [0.75, 0.75], [1, 1]])
    with pytest.raises(ValueError, match="got 3 learning rates for 2 params"):
        SGD(lr=[0.1, 0.1, 0.1]).update(params, grads)
    with pytest.raises(ValueError, match=r"lr\[1\] must be > 0"):
        SGD(lr=[0.1, -1.0])
