"""Skip-gram: gradient-checked in dense and sparse mode, and its forward pass by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v.gradcheck import check_layer
from edu_w2v.preprocessing import PAD
from edu_w2v.sigmoid_with_loss import sigmoid
from edu_w2v.skip_gram import SkipGram


def _corpus(V: int, rng: np.random.Generator) -> np.ndarray:
    corpus = rng.integers(0, V, size=100)
    corpus[:V] = np.arange(V)
    return corpus


@settings(max_examples=20, deadline=None)
@given(
    V=st.integers(4, 10),
    H=st.integers(1, 4),
    N=st.integers(1, 4),
    C=st.integers(1, 4),
    seed=st.integers(0, 2**16),
    sparse=st.booleans(),
)
def test_gradient_check(V, H, N, C, seed, sparse):
    rng = np.random.default_rng(seed)
    model = SkipGram(
        V, H, _corpus(V, rng), sample_size=2, dtype=np.float64, seed=seed, sparse=sparse
    )
    model.params[1][...] = rng.standard_normal((V, H))
    report = check_layer(model, rng.integers(0, V, (N, C)), rng.integers(0, V, N))
    assert report.passed, str(report)


def test_gradient_check_float32():
    rng = np.random.default_rng(1)
    model = SkipGram(8, 3, _corpus(8, rng), sample_size=2, seed=1)
    model.params[1][...] = rng.standard_normal((8, 3))
    assert check_layer(model, rng.integers(0, 8, (4, 4)), rng.integers(0, 8, 4)).passed


def test_forward_sums_a_rows_pairs_and_averages_over_rows():
    rng = np.random.default_rng(2)
    model = SkipGram(6, 3, _corpus(6, rng), sample_size=1, dtype=np.float64)
    W_in, W_out = model.params
    W_out[...] = rng.standard_normal((6, 3))
    contexts, target = np.array([[0, 1]]), np.array([4])
    model.ns_loss.sampler.rng = np.random.default_rng(0)
    negatives = model.ns_loss.sampler.get_negative_sample(np.array([0, 1]))
    model.ns_loss.sampler.rng = np.random.default_rng(0)
    h = W_in[4]
    pair_losses = [
        -np.log(sigmoid(W_out[c] @ h)) - np.log(1 - sigmoid(W_out[n] @ h))
        for c, n in zip([0, 1], negatives[:, 0], strict=True)
    ]
    assert model.forward(contexts, target) == pytest.approx(np.sum(pair_losses), rel=1e-12)


def test_bad_input():
    model = SkipGram(10, 3, np.arange(10))
    with pytest.raises(ValueError, match=r"contexts must have shape \(N, C\)"):
        model.forward(np.zeros((2, 0), dtype=int), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"target must have shape \(1,\)"):
        model.forward(np.zeros((1, 4), dtype=int), np.array([0, 1]))


def test_pad_entries_make_no_pair():
    rng = np.random.default_rng(5)
    model = SkipGram(6, 3, _corpus(6, rng), sample_size=1, dtype=np.float64)
    model.params[1][...] = rng.standard_normal((6, 3))
    model.ns_loss.sampler.rng = np.random.default_rng(0)
    with_pad = model.forward(np.array([[0, PAD, 3], [PAD, 1, PAD]]), np.array([4, 5]))
    np.testing.assert_array_equal(model.pair_row, [0, 0, 1])
    model.ns_loss.sampler.rng = np.random.default_rng(0)  # the same pairs, one per row
    one_per_row = model.forward(np.array([[0], [3], [1]]), np.array([4, 4, 5]))
    assert with_pad == pytest.approx(one_per_row * 3 / 2, rel=1e-12)  # 3 pairs over 2 rows


def test_gradient_check_with_pad_entries():
    rng = np.random.default_rng(6)
    model = SkipGram(8, 3, _corpus(8, rng), sample_size=2, dtype=np.float64)
    model.params[1][...] = rng.standard_normal((8, 3))
    contexts = np.array([[1, PAD, 2, PAD], [PAD, PAD, 7, 7], [3, 4, 5, 6]])
    report = check_layer(model, contexts, np.array([0, 1, 2]))
    assert report.passed, str(report)
