"""CBOW: its forward pass by hand (the shared checks are in test_word2vec_model.py)."""

from __future__ import annotations

import numpy as np
import pytest
from test_word2vec_model import corpus_with_every_word

from edu_w2v.cbow import CBOW
from edu_w2v.sigmoid_with_loss import sigmoid


def test_forward_is_the_negative_sampling_loss_of_the_mean_context_vector():
    rng = np.random.default_rng(2)
    model = CBOW(6, 3, corpus_with_every_word(6, rng), sample_size=1, dtype=np.float64)
    W_in, W_out = model.params
    W_out[...] = rng.standard_normal((6, 3))
    contexts, target = np.array([[0, 1, 2, 3]]), np.array([4])
    model.ns_loss.sampler.rng = np.random.default_rng(0)
    negatives = model.ns_loss.sampler.get_negative_sample(target)
    model.ns_loss.sampler.rng = np.random.default_rng(0)  # forward redraws the same negatives
    h = W_in[[0, 1, 2, 3]].mean(axis=0)
    expected = -np.log(sigmoid(W_out[4] @ h)) - np.log(1 - sigmoid(W_out[negatives[0, 0]] @ h))
    assert model.forward(contexts, target) == pytest.approx(expected, rel=1e-12)


def test_backward_gives_each_context_word_dh_over_c():
    rng = np.random.default_rng(5)
    model = CBOW(6, 3, corpus_with_every_word(6, rng), sample_size=1, dtype=np.float64)
    model.params[1][...] = rng.standard_normal((6, 3))
    contexts, target = np.array([[0, 1, 1, 3], [2, 2, 2, 2]]), np.array([4, 5])
    model.forward(contexts, target)
    dh = model.ns_loss.backward()  # (N, H): what CBOW.backward hands on to the Embedding
    model.backward()
    expected = np.zeros((6, 3))  # word 1 twice in row 0, word 2 four times in row 1: all add up
    np.add.at(expected, contexts, np.repeat(dh[:, None, :] / 4, 4, axis=1))
    np.testing.assert_allclose(model.grads[0], expected, rtol=1e-12)
