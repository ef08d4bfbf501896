"""Skip-gram: its forward pass by hand (the shared checks are in test_word2vec_model.py)."""

from __future__ import annotations

import numpy as np
import pytest
from test_word2vec_model import corpus_with_every_word

from edu_w2v.sigmoid_with_loss import sigmoid
from edu_w2v.skip_gram import SkipGram


def test_forward_sums_a_rows_pairs_and_averages_over_rows():
    rng = np.random.default_rng(2)
    model = SkipGram(6, 3, corpus_with_every_word(6, rng), sample_size=1, dtype=np.float64)
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
    with pytest.raises(ValueError, match="target has 2 rows but contexts has 1"):
        model.forward(np.zeros((1, 4), dtype=int), np.array([0, 1]))


def test_each_context_word_is_one_pair_and_a_rows_pairs_are_summed():
    rng = np.random.default_rng(5)
    model = SkipGram(6, 3, corpus_with_every_word(6, rng), sample_size=1, dtype=np.float64)
    model.params[1][...] = rng.standard_normal((6, 3))
    model.ns_loss.sampler.rng = np.random.default_rng(0)
    two_rows = model.forward(np.array([[0, 3], [1, 2]]), np.array([4, 5]))
    model.ns_loss.sampler.rng = np.random.default_rng(0)  # the same pairs, one per row
    one_per_row = model.forward(np.array([[0], [3], [1], [2]]), np.array([4, 4, 5, 5]))
    assert two_rows == pytest.approx(one_per_row * 4 / 2, rel=1e-12)  # 4 pairs over 2 rows
