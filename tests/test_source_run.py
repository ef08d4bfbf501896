"""The source-run layers: byte-for-byte reproduction, and each layer's shapes and values."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pytest
from helpers import GOLDEN, ROOT, SEED_FILE, read_golden

from edu_w2v import source_run
from edu_w2v.source_run import (
    Embedding,
    EmbeddingDot,
    NegativeSamplingLoss,
    SigmoidWithLoss,
    UnigramSampler,
)

GOLDEN_SHA256 = "642a57e97324b97db392f8d051216bd48fe90b5c6038a8d714aab9bef5a1c086"


def test_golden_file_is_the_pinned_source_run():
    assert hashlib.sha256(GOLDEN.read_bytes()).hexdigest() == GOLDEN_SHA256


@pytest.mark.skipif(not SEED_FILE.exists(), reason="the seed lives in ../shared (CI has it)")
def test_golden_file_equals_the_seeds_printed_output():
    seed_text = SEED_FILE.read_text(encoding="utf-8")
    printed = seed_text[seed_text.index("\nW===\n") + 1 :]
    assert read_golden() == printed


def test_run_source_experiment_prints_the_golden_text(capsys):
    source_run.run_source_experiment(trace=True)
    assert capsys.readouterr().out == read_golden()


def test_command_line_prints_the_golden_text_byte_for_byte():
    result = subprocess.run(
        [sys.executable, "-m", "edu_w2v", "source-run"],
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    assert result.stdout == GOLDEN.read_bytes()
    assert result.stderr == b""


def test_tracing_is_off_by_default(capsys):
    W, corpus, h, target = source_run.source_inputs()
    NegativeSamplingLoss(W, corpus, sample_size=2).forward(h, target)
    assert capsys.readouterr().out == ""


def test_source_inputs_are_seed_42():
    W, corpus, h, target = source_run.source_inputs()
    assert W.shape == (5, 2)
    np.testing.assert_array_equal(W[0], [0.4967141530112327, -0.13826430117118466])
    assert corpus == [0, 1, 2, 3, 4, 0, 1, 3, 2]
    assert h.shape == (2, 2) and target.tolist() == [0, 2]


# --- SigmoidWithLoss -------------------------------------------------------------------------


def test_sigmoid_with_loss_uses_clipped_scores_as_probabilities_and_sums():
    layer = SigmoidWithLoss()
    y = np.array([0.5, 0.25, -3.0])
    t = np.array([1, 0, 1])
    expected = -(np.log(0.5) + np.log(0.75) + np.log(1e-7))
    assert layer.forward(y, t) == pytest.approx(expected, rel=1e-15)


def test_sigmoid_with_loss_backward_is_y_minus_t_over_batch():
    layer = SigmoidWithLoss()
    y = np.array([0.5, 0.25, -3.0])
    t = np.array([1, 0, 1])
    layer.forward(y, t)
    dy = layer.backward(2.0)
    assert dy.shape == (3,)
    np.testing.assert_allclose(dy, (y - t) * 2.0 / 3)


# --- Embedding -------------------------------------------------------------------------------


def test_embedding_forward_returns_rows():
    W = np.arange(10.0).reshape(5, 2)
    out = Embedding(W).forward(np.array([4, 0]))
    np.testing.assert_array_equal(out, [[8.0, 9.0], [0.0, 1.0]])


def test_embedding_backward_keeps_one_update_per_repeated_row_and_accumulates():
    W = np.zeros((3, 2))
    layer = Embedding(W)
    layer.forward(np.array([1, 1]))
    layer.backward(np.ones((2, 2)))
    np.testing.assert_array_equal(layer.grads[0], [[0, 0], [1, 1], [0, 0]])  # not [2, 2]
    layer.backward(np.ones((2, 2)))
    np.testing.assert_array_equal(layer.grads[0], [[0, 0], [2, 2], [0, 0]])  # stale sum


def test_embedding_trace_prints_like_the_source_run(capsys):
    W, _, _, target = source_run.source_inputs()
    Embedding(W, trace=True).forward(target)
    assert capsys.readouterr().out == "out===\n " + str(W[target]) + "\n"


# --- EmbeddingDot ----------------------------------------------------------------------------


def test_embedding_dot_scores_and_gradients():
    W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    h = np.array([[1.0, 0.0], [0.5, 0.5]])
    layer = EmbeddingDot(W)
    score = layer.forward(h, np.array([2, 0]))
    np.testing.assert_allclose(score, [5.0, 1.5])
    dh = layer.backward(np.array([1.0, 2.0]))
    assert dh.shape == (2, 2)
    np.testing.assert_allclose(dh, [[5.0, 6.0], [2.0, 4.0]])
    np.testing.assert_allclose(layer.grads[0], [[1.0, 1.0], [0.0, 0.0], [1.0, 0.0]])
    assert layer.params[0] is W


# --- UnigramSampler --------------------------------------------------------------------------


def test_unigram_sampler_distribution_is_count_to_the_power():
    sampler = UnigramSampler([0, 1, 1, 2, 2, 2, 2], power=0.5, sample_size=1)
    expected = np.sqrt([1.0, 2.0, 4.0])
    np.testing.assert_allclose(sampler.word_p, expected / expected.sum())
    assert sampler.vocab_size == 3


def test_unigram_sampler_vocab_size_is_taken_from_the_corpus():
    sampler = UnigramSampler([0, 1, 3], power=1.0, sample_size=1)
    assert sampler.vocab_size == 3  # the flaw: word 3 exists but word 2 never occurs
    np.testing.assert_allclose(sampler.word_p, [0.5, 0.5, 0.0])


def test_unigram_sampler_reproduces_the_source_run_negatives():
    _, corpus, _, target = source_run.source_inputs()  # seeds the global RNG
    negatives = UnigramSampler(corpus, 0.75, 2).get_negative_sample(target)
    assert negatives.dtype == np.int32
    np.testing.assert_array_equal(negatives, [[1, 2], [1, 0]])


def test_unigram_sampler_with_its_own_rng_leaves_the_global_stream_alone():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    sampler = UnigramSampler([0, 1, 2, 3, 4], 0.75, 2, rng=np.random.RandomState(42))
    negatives = sampler.get_negative_sample(np.array([0, 1, 2]))
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    assert negatives.shape == (3, 2)
    for row, t in zip(negatives, [0, 1, 2], strict=True):
        assert t not in row and row[0] != row[1]


def test_unigram_sampler_same_rng_seed_gives_the_same_draws_as_the_global_seed():
    np.random.seed(7)
    global_draw = UnigramSampler([0, 1, 2, 3], 1.0, 2).get_negative_sample(np.array([0, 3]))
    own_draw = UnigramSampler([0, 1, 2, 3], 1.0, 2, rng=np.random.RandomState(7))
    np.testing.assert_array_equal(own_draw.get_negative_sample(np.array([0, 3])), global_draw)


# --- NegativeSamplingLoss --------------------------------------------------------------------


def test_negative_sampling_loss_reproduces_the_source_run_numbers():
    W, corpus, h, target = source_run.source_inputs()
    layer = NegativeSamplingLoss(W, corpus, sample_size=2)
    loss = layer.forward(h, target)
    assert str(loss) == "22.120590459275714"
    dh = layer.backward()
    assert dh.shape == h.shape
    np.testing.assert_allclose(dh, [[-0.11504491, 0.35711761], [0.41975369, 0.74166916]], atol=5e-9)
    assert len(layer.params) == 3 and all(p is W for p in layer.params)
    assert len(layer.grads) == 3 and all(g.shape == W.shape for g in layer.grads)
    np.testing.assert_allclose(
        layer.grads[0][[0, 2]], [[-0.04889907, -0.09779814], [-0.17458512, -0.23278016]], atol=5e-9
    )
    np.testing.assert_array_equal(layer.grads[0][[1, 3, 4]], 0.0)
    assert np.any(layer.grads[1] != 0)  # the negatives' parts of dW live in the other entries
