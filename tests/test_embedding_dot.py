"""EmbeddingDot (corrected): one or K candidate words per row, gradient-checked."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v import EmbeddingDot
from edu_w2v.gradcheck import check_layer


def test_scores_for_one_and_for_k_words_per_row():
    W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    h = np.array([[1.0, 0.0], [0.5, 0.5]])
    layer = EmbeddingDot(W)
    np.testing.assert_allclose(layer.forward(h, np.array([2, 0])), [5.0, 1.5])
    np.testing.assert_allclose(
        layer.forward(h, np.array([[2, 1], [0, 0]])), [[5.0, 3.0], [1.5, 1.5]]
    )


def test_backward_for_k_words():
    W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    h = np.array([[1.0, 0.0], [0.5, 0.5]])
    layer = EmbeddingDot(W)
    layer.forward(h, np.array([[2, 1], [0, 0]]))
    dh = layer.backward(np.array([[1.0, 2.0], [1.0, 1.0]]))
    np.testing.assert_allclose(dh, [[5 + 6, 6 + 8], [2.0, 4.0]])
    np.testing.assert_allclose(layer.grads[0], [[1.0, 1.0], [2.0, 0.0], [1.0, 0.0]])


@settings(max_examples=25, deadline=None)
@given(
    N=st.integers(1, 5),
    K=st.sampled_from([None, 1, 3]),
    V=st.integers(2, 6),
    H=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_gradient_check(N, K, V, H, seed):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((V, H))
    h = rng.standard_normal((N, H))
    idx = rng.integers(0, V, size=(N,) if K is None else (N, K))
    report = check_layer(EmbeddingDot(W), h, idx, input_name="h")
    assert report.passed, str(report)


def test_float32_stays_float32():
    W = np.ones((4, 3), dtype=np.float32)
    layer = EmbeddingDot(W)
    out = layer.forward(np.ones((2, 3), dtype=np.float32), np.array([[0, 1], [2, 3]]))
    assert out.dtype == np.float32
    assert layer.backward(np.ones((2, 2), dtype=np.float32)).dtype == np.float32
    assert layer.grads[0].dtype == np.float32


def test_bad_input():
    layer = EmbeddingDot(np.zeros((5, 2)))
    with pytest.raises(ValueError, match="idx has 3 rows but h has 2"):
        layer.forward(np.zeros((2, 2)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="h must have 2 columns"):
        layer.forward(np.zeros((2, 3)), np.array([0, 1]))
    with pytest.raises(ValueError, match="h must have 2 dimension"):
        layer.forward(np.zeros(2), np.array([0, 1]))
    with pytest.raises(ValueError, match="outside the vocabulary"):
        layer.forward(np.zeros((2, 2)), np.array([0, 9]))
    with pytest.raises(ValueError, match="NaN"):
        layer.forward(np.array([[0.0, np.nan]]), np.array([0]))


def test_backward_refuses_a_dout_of_the_wrong_shape_and_runs_after_forward_only():
    layer = EmbeddingDot(np.ones((5, 4)))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward(np.ones((2, 3)))
    layer.forward(np.ones((2, 4)), np.array([[0, 1, 2], [3, 4, 0]]))  # scores (2, 3)
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 3\)"):
        layer.backward(np.ones((3, 2)))  # the right size, the wrong shape
    with pytest.raises(ValueError, match="h is empty"):
        layer.forward(np.ones((0, 4)), np.zeros((0, 3), dtype=int))
