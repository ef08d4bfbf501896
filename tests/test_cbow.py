"""CBOW: gradient-checked in dense and sparse mode, and its forward pass by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v.cbow import CBOW
from edu_w2v.gradcheck import check_layer
from edu_w2v.preprocessing import PAD
from edu_w2v.sigmoid_with_loss import sigmoid


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
    model = CBOW(V, H, _corpus(V, rng), sample_size=2, dtype=np.float64, seed=seed, sparse=sparse)
    model.params[1][...] = rng.standard_normal((V, H))  # W_out starts at 0: make dW_in non-zero
    report = check_layer(model, rng.integers(0, V, (N, C)), rng.integers(0, V, N))
    assert report.passed, str(report)


def test_gradient_check_float32():
    rng = np.random.default_rng(1)
    model = CBOW(8, 3, _corpus(8, rng), sample_size=2, seed=1)
    model.params[1][...] = rng.standard_normal((8, 3))
    assert model.params[0].dtype == np.float32
    assert check_layer(model, rng.integers(0, 8, (4, 4)), rng.integers(0, 8, 4)).passed


def test_forward_is_the_negative_sampling_loss_of_the_mean_context_vector():
    rng = np.random.default_rng(2)
    model = CBOW(6, 3, _corpus(6, rng), sample_size=1, dtype=np.float64)
    W_in, W_out = model.params
    W_out[...] = rng.standard_normal((6, 3))
    contexts, target = np.array([[0, 1, 2, 3]]), np.array([4])
    model.ns_loss.sampler.rng = np.random.default_rng(0)
    negatives = model.ns_loss.sampler.get_negative_sample(target)
    model.ns_loss.sampler.rng = np.random.default_rng(0)  # forward redraws the same negatives
    h = W_in[[0, 1, 2, 3]].mean(axis=0)
    expected = -np.log(sigmoid(W_out[4] @ h)) - np.log(1 - sigmoid(W_out[negatives[0, 0]] @ h))
    assert model.forward(contexts, target) == pytest.approx(expected, rel=1e-12)


def test_initial_weights_and_word_vecs():
    model = CBOW(50, 10, np.arange(50), seed=3)
    W_in, W_out = model.params
    assert model.word_vecs is W_in
    assert W_in.dtype == np.float32 and W_out.dtype == np.float32
    assert np.all(np.abs(W_in) <= 0.5 / 10) and np.all(W_out == 0)
    np.testing.assert_array_equal(CBOW(50, 10, np.arange(50), seed=3).params[0], W_in)


def test_sparse_gradients_equal_dense_ones():
    rng = np.random.default_rng(4)
    corpus = _corpus(20, rng)
    contexts, target = rng.integers(0, 20, (6, 4)), rng.integers(0, 20, 6)
    models = [CBOW(20, 5, corpus, seed=0, sparse=s, dtype=np.float64) for s in (False, True)]
    for model in models:
        model.params[1][...] = np.linspace(-1, 1, 100).reshape(20, 5)
        model.forward(contexts, target)
        model.backward()
    for dense, sparse in zip(models[0].grads, models[1].grads, strict=True):
        np.testing.assert_allclose(sparse.to_dense(), dense, atol=1e-14)


def test_bad_input():
    model = CBOW(10, 3, np.arange(10))
    with pytest.raises(ValueError, match=r"contexts must have shape \(N, C\)"):
        model.forward(np.array([1, 2, 3]), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"target must have shape \(2,\)"):
        model.forward(np.zeros((2, 4), dtype=int), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="outside the vocabulary"):
        model.forward(np.full((1, 2), 10), np.array([0]))
    with pytest.raises(ValueError, match="hidden_size must be a positive int"):
        CBOW(10, 0, np.arange(10))
    with pytest.raises(TypeError, match="dtype must be a floating-point type"):
        CBOW(10, 3, np.arange(10), dtype=np.int32)


def test_pad_entries_are_left_out_of_the_mean():
    rng = np.random.default_rng(5)
    model = CBOW(6, 3, _corpus(6, rng), sample_size=1, dtype=np.float64)
    W_in, W_out = model.params
    W_out[...] = rng.standard_normal((6, 3))
    target = np.array([4, 5])
    scores = []
    for contexts in (np.array([[0, PAD, PAD, 3], [PAD, 1, 2, PAD]]), np.array([[0, 3], [1, 2]])):
        model.ns_loss.sampler.rng = np.random.default_rng(0)
        scores.append(model.forward(contexts, target))
    assert scores[0] == pytest.approx(scores[1], rel=1e-12)


def test_gradient_check_with_pad_entries():
    rng = np.random.default_rng(6)
    model = CBOW(8, 3, _corpus(8, rng), sample_size=2, dtype=np.float64)
    model.params[1][...] = rng.standard_normal((8, 3))
    contexts = np.array([[1, PAD, 2, PAD], [PAD, PAD, 7, 7], [3, 4, 5, 6]])
    report = check_layer(model, contexts, np.array([0, 1, 2]))
    assert report.passed, str(report)


def test_a_row_with_only_pad_is_an_error():
    model = CBOW(10, 3, np.arange(10))
    with pytest.raises(ValueError, match="row 1 of contexts has no context word"):
        model.forward(np.array([[1, 2], [PAD, PAD]]), np.array([0, 1]))
