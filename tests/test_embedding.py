"""Embedding (corrected): lookups, repeated rows summed, fresh gradients written in place."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v import Embedding
from edu_w2v.gradcheck import check_layer


def test_forward_looks_up_rows_for_any_index_shape():
    W = np.arange(10.0).reshape(5, 2)
    layer = Embedding(W)
    np.testing.assert_array_equal(layer.forward(np.array([4, 0])), [[8, 9], [0, 1]])
    assert layer.forward(np.array([[1, 2, 3], [0, 0, 4]])).shape == (2, 3, 2)


def test_backward_sums_repeated_rows_and_replaces_the_gradient():
    W = np.zeros((3, 2))
    layer = Embedding(W)
    layer.forward(np.array([1, 1, 2]))
    layer.backward(np.ones((3, 2)))
    np.testing.assert_array_equal(layer.grads[0], [[0, 0], [2, 2], [1, 1]])
    layer.backward(np.ones((3, 2)))  # a second backward does not add up
    np.testing.assert_array_equal(layer.grads[0], [[0, 0], [2, 2], [1, 1]])
    assert layer.grads[0] is not W


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(dtype):
    W = np.ones((4, 3), dtype=dtype)
    layer = Embedding(W)
    assert layer.forward(np.array([0, 0])).dtype == dtype
    layer.backward(np.ones((2, 3), dtype=dtype))
    grad = layer.grads[0]
    assert grad.dtype == dtype


@settings(max_examples=25, deadline=None)
@given(
    V=st.integers(1, 8),
    H=st.integers(1, 4),
    shape=st.sampled_from([(1,), (6,), (3, 4)]),
    seed=st.integers(0, 2**16),
)
def test_gradient_check(V, H, shape, seed):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((V, H))
    idx = rng.integers(0, V, size=shape)  # small V: many repeated rows
    report = check_layer(Embedding(W), idx)
    assert report.passed, str(report)


def test_gradient_check_float32():
    rng = np.random.default_rng(3)
    W = rng.standard_normal((6, 3)).astype(np.float32)
    assert check_layer(Embedding(W), np.array([1, 1, 5, 0])).passed


@pytest.mark.parametrize(
    ("idx", "error", "message"),
    [
        (np.array([0, 5]), ValueError, r"id 5, outside the vocabulary \[0, 5\)"),
        (np.array([-1, 2]), ValueError, "id -1"),
        (np.array([0.0, 1.0]), TypeError, "integer array"),
        (np.array([True, False]), TypeError, "integer array"),
    ],
)
def test_bad_indices(idx, error, message):
    with pytest.raises(error, match=message):
        Embedding(np.zeros((5, 2))).forward(idx)


def test_bad_matrix_and_bad_dout():
    with pytest.raises(ValueError, match="W must have 2 dimension"):
        Embedding(np.zeros(5))
    with pytest.raises(TypeError, match="W must be a floating-point"):
        Embedding(np.zeros((5, 2), dtype=int))
    with pytest.raises(ValueError, match="NaN"):
        Embedding(np.full((5, 2), np.nan))
    layer = Embedding(np.zeros((5, 2)))
    layer.forward(np.array([0, 1]))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 2\)"):
        layer.backward(np.ones((3, 2)))


def test_backward_checks_dout_and_needs_forward_first():
    layer = Embedding(np.ones((5, 2)))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward(np.ones((2, 2)))
    layer.forward(np.array([[0, 1, 2], [3, 4, 0]]))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 3, 2\)"):
        layer.backward(np.ones((3, 2, 2)))


def test_gradients_are_written_into_the_grads_array():
    layer = Embedding(np.ones((5, 2)))
    dW = layer.grads[0]
    layer.forward(np.array([1, 1]))
    layer.backward(np.ones((2, 2)))
    assert layer.grads[0] is dW
    np.testing.assert_array_equal(dW[1], [2, 2])
