"""What CBOW and skip-gram share: gradient checks, weights, gradients in place, errors (a PAD)."""

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


def model_with_random_weights(Model, V, H, weights_rng, **kwargs):
    """Weights of size ~1: W_out starts at 0 (dW_in would be 0 too) and W_in near 0, where
    a context mean can cancel out and leave gradients so small that rounding dominates."""
    model = Model(V, H, corpus_with_every_word(V, weights_rng), sample_size=2, **kwargs)
    for W in model.params:
        W[...] = weights_rng.standard_normal((V, H))
    return model


@pytest.mark.parametrize("Model", MODELS)
@settings(max_examples=20, deadline=None)
@given(
    V=st.integers(4, 10),
    H=st.integers(1, 4),
    N=st.integers(1, 4),
    C=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_gradient_check(Model, V, H, N, C, seed):
    rng = np.random.default_rng(seed)
    model = model_with_random_weights(Model, V, H, rng, dtype=np.float64, rng=seed)
    report = check_layer(model, rng.integers(0, V, (N, C)), rng.integers(0, V, N))
    assert report.passed, str(report)


@pytest.mark.parametrize("Model", MODELS)
def test_gradient_check_float32(Model):
    rng = np.random.default_rng(1)
    model = model_with_random_weights(Model, 8, 3, rng, rng=1)
    assert model.params[0].dtype == np.float32
    assert check_layer(model, rng.integers(0, 8, (4, 4)), rng.integers(0, 8, 4)).passed


@pytest.mark.parametrize("Model", MODELS)
def test_a_pad_is_refused_with_its_cause_and_the_fix(Model):
    model = Model(8, 3, np.arange(8).repeat(3))
    contexts = np.array([[1, 2, 3, 4], [5, PAD, 7, 0]])
    with pytest.raises(
        ValueError,
        match=r"row 1 of contexts holds PAD \(-1\).*shrink=False.*"
        r"engines",
    ):
        model.forward(contexts, np.array([3, 6]))


@pytest.mark.parametrize("Model", MODELS)
def test_initial_weights_and_word_vecs(Model):
    model = Model(50, 10, np.arange(50), rng=3)
    W_in, W_out = model.params
    assert model.word_vecs is W_in
    assert W_in.dtype == np.float32 and W_out.dtype == np.float32
    assert np.all(np.abs(W_in) <= 0.5 / 10) and np.all(W_out == 0)
    np.testing.assert_array_equal(Model(50, 10, np.arange(50), rng=3).params[0], W_in)


@pytest.mark.parametrize("Model", MODELS)
def test_gradients_are_written_into_the_same_arrays(Model):
    rng = np.random.default_rng(4)
    model = Model(20, 5, corpus_with_every_word(20, rng), dtype=np.float64)
    grads, arrays = model.grads, list(model.grads)
    model.params[1][...] = np.linspace(-1, 1, 100).reshape(20, 5)
    model.forward(rng.integers(0, 20, (6, 4)), rng.integers(0, 20, 6))
    model.backward()
    assert model.grads is grads and all(g is a for g, a in zip(grads, arrays, strict=True))
    assert model.in_embed.grads[0] is grads[0] and model.ns_loss.grads[0] is grads[1]
    assert np.abs(grads[0]).sum() > 0 and np.abs(grads[1]).sum() > 0


@pytest.mark.parametrize("Model", MODELS)
def test_same_rng_same_model_and_generator_accepted(Model):
    a = Model(30, 4, np.arange(30), rng=7)
    b = Model(30, 4, np.arange(30), rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.params[0], b.params[0])
    target = np.arange(5)
    np.testing.assert_array_equal(
        a.ns_loss.sampler.get_negative_sample(target), b.ns_loss.sampler.get_negative_sample(target)
    )
    with pytest.raises(TypeError):
        Model(30, 4, np.arange(30), seed=7)


@pytest.mark.parametrize("Model", MODELS)
def test_empty_batch_backward_before_forward_and_bad_dout(Model):
    model = Model(10, 3, np.arange(10))
    with pytest.raises(ValueError, match=r"contexts must have shape \(N, C\)"):
        model.forward(np.zeros((0, 2), dtype=int), np.zeros(0, dtype=int))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        model.backward()
    model.forward(np.array([[1, 2], [3, 3]]), np.array([0, 1]))
    with pytest.raises(ValueError, match="dout must have shape"):
        model.backward(np.ones(3))


@pytest.mark.parametrize("Model", MODELS)
def test_bad_input(Model):
    model = Model(10, 3, np.arange(10))
    with pytest.raises(ValueError, match=r"contexts must have shape \(N, C\)"):
        model.forward(np.array([1, 2, 3]), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="target has 3 rows but contexts has 2"):
        model.forward(np.zeros((2, 4), dtype=int), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="outside the vocabulary"):
        model.forward(np.full((1, 2), 10), np.array([0]))
    with pytest.raises(ValueError, match="row 1 of contexts holds PAD"):
        model.forward(np.array([[1, 2], [PAD, PAD]]), np.array([0, 1]))
    with pytest.raises(TypeError, match="integer arrays of word ids"):
        model.forward(np.zeros((2, 2)), np.array([0, 1]))
    with pytest.raises(ValueError, match="hidden_size must be an int >= 1"):
        Model(10, 0, np.arange(10))
    with pytest.raises(TypeError, match="dtype must be a floating-point type"):
        Model(10, 3, np.arange(10), dtype=np.int32)
