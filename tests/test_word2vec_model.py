"""What CBOW and skip-gram share: gradient checks, PAD handling, weights, sparse == dense."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v.cbow import CBOW
from edu_w2v.gradcheck import check_layer
from edu_w2v.preprocessing import PAD
from edu_w2v.skip_gram import SkipGram

MODELS = [CBOW, SkipGram]


def corpus_with_every_word(V: int, rng: np.random.Generator) -> np.ndarray:
    corpus = rng.integers(0, V, size=100)
    corpus[:V] = np.arange(V)
    return corpus


def model_with_random_weights(Model, V, H, rng, **kwargs):
    """Weights of size ~1: W_out starts at 0 (dW_in would be 0 too) and W_in near 0, where
    a context mean can cancel out and leave gradients so small that rounding dominates."""
    model = Model(V, H, corpus_with_every_word(V, rng), sample_size=2, **kwargs)
    for W in model.params:
        W[...] = rng.standard_normal((V, H))
    return model


@pytest.mark.parametrize("Model", MODELS)
@settings(max_examples=20, deadline=None)
@given(
    V=st.integers(4, 10),
    H=st.integers(1, 4),
    N=st.integers(1, 4),
    C=st.integers(1, 4),
    seed=st.integers(0, 2**16),
    sparse=st.booleans(),
)
def test_gradient_check(Model, V, H, N, C, seed, sparse):
    rng = np.random.default_rng(seed)
    model = model_with_random_weights(Model, V, H, rng, dtype=np.float64, seed=seed, sparse=sparse)
    report = check_layer(model, rng.integers(0, V, (N, C)), rng.integers(0, V, N))
    assert report.passed, str(report)


@pytest.mark.parametrize("Model", MODELS)
def test_gradient_check_float32(Model):
    rng = np.random.default_rng(1)
    model = model_with_random_weights(Model, 8, 3, rng, seed=1)
    assert model.params[0].dtype == np.float32
    assert check_layer(model, rng.integers(0, 8, (4, 4)), rng.integers(0, 8, 4)).passed


@pytest.mark.parametrize("Model", MODELS)
def test_gradient_check_with_pad_entries(Model):
    rng = np.random.default_rng(6)
    model = model_with_random_weights(Model, 8, 3, rng, dtype=np.float64)
    contexts = np.array([[1, PAD, 2, PAD], [PAD, PAD, 7, 7], [3, 4, 5, 6]])
    report = check_layer(model, contexts, np.array([0, 1, 2]))
    assert report.passed, str(report)


@pytest.mark.parametrize("Model", MODELS)
def test_initial_weights_and_word_vecs(Model):
    model = Model(50, 10, np.arange(50), seed=3)
    W_in, W_out = model.params
    assert model.word_vecs is W_in
    assert W_in.dtype == np.float32 and W_out.dtype == np.float32
    assert np.all(np.abs(W_in) <= 0.5 / 10) and np.all(W_out == 0)
    np.testing.assert_array_equal(Model(50, 10, np.arange(50), seed=3).params[0], W_in)


@pytest.mark.parametrize("Model", MODELS)
def test_sparse_gradients_equal_dense_ones(Model):
    rng = np.random.default_rng(4)
    corpus = corpus_with_every_word(20, rng)
    contexts, target = rng.integers(0, 20, (6, 4)), rng.integers(0, 20, 6)
    models = [Model(20, 5, corpus, seed=0, sparse=s, dtype=np.float64) for s in (False, True)]
    for model in models:
        model.params[1][...] = np.linspace(-1, 1, 100).reshape(20, 5)
        model.forward(contexts, target)
        model.backward()
    for dense, sparse in zip(models[0].grads, models[1].grads, strict=True):
        np.testing.assert_allclose(sparse.to_dense(), dense, atol=1e-14)


@pytest.mark.parametrize("Model", MODELS)
def test_bad_input(Model):
    model = Model(10, 3, np.arange(10))
    with pytest.raises(ValueError, match=r"contexts must have shape \(N, C\)"):
        model.forward(np.array([1, 2, 3]), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"target must have shape \(2,\)"):
        model.forward(np.zeros((2, 4), dtype=int), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="outside the vocabulary"):
        model.forward(np.full((1, 2), 10), np.array([0]))
    with pytest.raises(ValueError, match="row 1 of contexts has no context word"):
        model.forward(np.array([[1, 2], [PAD, PAD]]), np.array([0, 1]))
    with pytest.raises(ValueError, match="hidden_size must be a positive int"):
        Model(10, 0, np.arange(10))
    with pytest.raises(TypeError, match="dtype must be a floating-point type"):
        Model(10, 3, np.arange(10), dtype=np.int32)
