"""Fast fused models: one train_batch == teaching forward + backward + SGD (same negatives).

The fast models also take shrunk windows (PAD); the teaching models take full windows, so a batch
with PADs is compared with the teaching maths row by row (see ``teaching_step``)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse

from edu_w2v.cbow import CBOW
from edu_w2v.engines import fast as fast_engine
from edu_w2v.engines.fast import FastCBOW, FastSkipGram
from edu_w2v.optimizers import SGD
from edu_w2v.preprocessing import PAD, contexts_and_targets
from edu_w2v.skip_gram import SkipGram

V, H, K = 12, 5, 3
CORPUS = np.arange(V).repeat(3)


def random_batch(rng: np.random.Generator, n: int = 7, c: int = 4):
    """Contexts with PADs and repeated words (each row keeps at least one word)."""
    contexts = rng.integers(0, 4, size=(n, c))  # few ids: many repeats
    contexts[rng.random((n, c)) < 0.3] = PAD
    contexts[:, 0] = rng.integers(0, V, size=n)  # never an all-PAD row
    targets = rng.integers(0, V, size=n)
    targets[1] = targets[0]  # a repeated target
    return contexts, targets


def distinct_negatives(rng: np.random.Generator, positives: np.ndarray) -> np.ndarray:
    """(len(positives), K) negatives, distinct per row and never the positive (the teaching law)."""
    out = np.empty((len(positives), K), dtype=np.int64)
    for i, p in enumerate(positives):
        out[i] = rng.choice(np.setdiff1d(np.arange(V), [p]), K, replace=False)
    return out


def teaching_step(teaching, contexts, targets, negatives, lr):
    """One teaching SGD step on the batch's mean loss; its loss.

    Full windows: forward + backward on the whole batch. With PADs (which the teaching models
    refuse), row by row: the batch loss is the mean of the rows' losses, so its gradient is the
    mean of their gradients, and a row without its PADs is a full window of its m_n real words.
    """

    def impose(drawn):
        teaching.ns_loss.sampler.get_negative_sample = lambda target: drawn

    if not (contexts == PAD).any():
        impose(negatives)
        loss = teaching.forward(contexts, targets)
        teaching.backward()
        SGD(lr).update(teaching.params, teaching.grads)
        return loss
    N, loss, used = len(targets), 0.0, 0
    grads = [np.zeros_like(p) for p in teaching.params]
    for n in range(N):
        window = contexts[n][contexts[n] != PAD][None, :]  # (1, m_n)
        n_draws = 1 if isinstance(teaching, CBOW) else window.shape[1]  # skip-gram: per pair
        impose(negatives[used : used + n_draws])
        used += n_draws
        loss += teaching.forward(window, targets[n : n + 1]) / N
        teaching.backward()
        for g, row_g in zip(grads, teaching.grads, strict=True):
            g += row_g / N
    SGD(lr).update(teaching.params, grads)
    return loss


@pytest.mark.parametrize("case", range(6))
@pytest.mark.parametrize("with_pad", [False, True])
@pytest.mark.parametrize("teaching_class, fast_class", [(CBOW, FastCBOW), (SkipGram, FastSkipGram)])
def test_one_step_equals_teaching_forward_backward_sgd(
    monkeypatch, teaching_class, fast_class, with_pad, case
):
    rng = np.random.default_rng(case)
    teaching = teaching_class(V, H, CORPUS, 0.75, K, np.float64, case)
    fast = fast_class(V, H, CORPUS, 0.75, K, np.float64, case)
    for p_teach, p_fast in zip(teaching.params, fast.params, strict=True):
        np.testing.assert_array_equal(p_teach, p_fast)  # the same start
        p_teach[...] = rng.standard_normal(p_teach.shape)  # W_out non-zero: every term counts
        p_fast[...] = p_teach
    contexts, targets = random_batch(rng)
    if not with_pad:
        contexts[contexts == PAD] = rng.integers(0, V, size=np.count_nonzero(contexts == PAD))
    if teaching_class is CBOW:
        positives = targets
    else:
        positives = contexts[contexts != PAD]  # the pairs' context words, row by row
    negatives = distinct_negatives(rng, positives)
    monkeypatch.setattr(fast.sampler, "get_negative_sample", lambda target: negatives)
    lr = (0.3, 0.7) if case % 2 else 0.5

    expected_loss = teaching_step(teaching, contexts, targets, negatives, lr)
    loss = fast.train_batch(contexts, targets, lr)

    assert isinstance(loss, float)
    assert loss == pytest.approx(float(expected_loss), rel=1e-12)
    for p_teach, p_fast in zip(teaching.params, fast.params, strict=True):
        np.testing.assert_allclose(p_fast, p_teach, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("fast_class", [FastCBOW, FastSkipGram])
def test_a_negative_equal_to_the_target_is_skipped(monkeypatch, fast_class):
    """word2vec's rule: a drawn negative that is the positive word adds nothing."""
    contexts, targets = np.array([[1, 2]]), np.array([3])
    positive = 3 if fast_class is FastCBOW else 1  # skip-gram's first pair predicts word 1
    runs = []
    for negatives in ([[5, positive]], [[5, 5]]):
        fast = fast_class(V, H, CORPUS, 0.75, 2, np.float64, 0)
        fast.params[1][...] = np.random.default_rng(1).standard_normal((V, H))
        monkeypatch.setattr(
            fast.sampler, "get_negative_sample", lambda t, n=negatives: np.array([n[0]] * len(t))
        )
        loss = fast.train_batch(contexts, targets, 0.1)
        runs.append((loss, [p.copy() for p in fast.params]))
    # [5, positive] skips its second negative; [5, 5] counts 5 twice: only word 5's terms differ
    assert runs[0][0] < runs[1][0]
    assert not np.allclose(runs[0][1][1][5], runs[1][1][1][5])


@pytest.mark.parametrize("fast_class", [FastCBOW, FastSkipGram])
def test_same_start_as_the_teaching_model_float32(fast_class):
    teaching = (CBOW if fast_class is FastCBOW else SkipGram)(V, H, CORPUS, 0.75, K, np.float32, 4)
    fast = fast_class(V, H, CORPUS, 0.75, K, np.float32, 4)
    assert fast.params[0].dtype == np.float32 and fast.word_vecs is fast.params[0]
    np.testing.assert_array_equal(fast.params[0], teaching.params[0])
    np.testing.assert_array_equal(fast.params[1], teaching.params[1])
    assert fast_class.default_batch_size >= 1


def test_sampler_follows_the_unigram_law():
    corpus = np.array([0] * 80 + [1] * 10 + [2] * 10)
    fast = FastCBOW(3, 2, corpus, 1.0, 4, np.float32, 0)
    draws = fast.sampler.get_negative_sample(np.zeros(20_000, dtype=int))
    assert draws.shape == (20_000, 4)
    np.testing.assert_allclose(np.bincount(draws.ravel()) / draws.size, [0.8, 0.1, 0.1], atol=0.01)


@pytest.mark.parametrize("fast_class", [FastCBOW, FastSkipGram])
def test_fast_models_learn_a_toy_corpus(fast_class):
    rng = np.random.default_rng(0)
    ids = np.tile(np.arange(6), 300)  # 6 words in a cycle: each word's neighbours are fixed
    contexts, targets = contexts_and_targets(ids, 1)
    fast = fast_class(6, 8, ids, 0.75, 2, np.float32, 0)
    losses = []
    for _ in range(30):
        order = rng.permutation(len(targets))
        losses.append(
            np.mean(
                [fast.train_batch(contexts[b], targets[b], 2.0) for b in np.array_split(order, 20)]
            )
        )
    assert losses[-1] < 0.6 * losses[0]  # (negatives often are true neighbours here)
    assert fast.params[0].dtype == np.float32


def test_bad_constructor_arguments_are_errors():
    with pytest.raises(ValueError, match="hidden_size"):
        FastCBOW(V, 0, CORPUS)
    with pytest.raises(TypeError, match="dtype"):
        FastSkipGram(V, H, CORPUS, dtype=np.int32)
    with pytest.raises(ValueError, match="corpus"):
        FastCBOW(3, H, CORPUS)


def test_a_large_power_does_not_overflow_the_unigram_table():
    model = FastCBOW(4, 3, np.array([0, 0, 0, 1, 2, 3]), 400.0, 2, np.float64, 0)
    negatives = model.sampler.get_negative_sample(np.array([1, 2]))
    assert negatives.shape == (2, 2) and (negatives == 0).all()  # 0 takes all the mass


@pytest.mark.parametrize("transposed", [False, True])
def test_rows_matrix_products_are_scipys_bit_for_bit(transposed, monkeypatch):
    """RowsMatrix calls SciPy's compiled loops directly: the same sums, in the same order, as a
    csr_matrix (or its transpose, a csc_matrix) — and falls back to those without the private
    module."""
    rng = np.random.default_rng(0)
    rows = rng.integers(0, 50, size=400)  # repeated ids, as in a batch
    columns = rng.integers(0, 30, size=400)
    weights = rng.standard_normal(400).astype(np.float32)
    unique, M = fast_engine._rows_matrix(rows, columns, weights, 30)
    if transposed:
        M = M.T
    X = rng.standard_normal((M.shape[1], 7)).astype(np.float32)
    kind = scipy.sparse.csc_matrix if transposed else scipy.sparse.csr_matrix
    expected = kind((M.data, M.indices, M.indptr), shape=M.shape) @ X
    assert np.array_equal(M @ X, expected) and (M @ X).dtype == np.float32
    dense = np.zeros((len(unique), 30), dtype=np.float64)
    np.add.at(dense, (np.searchsorted(unique, rows), columns), weights)
    assert np.allclose(M @ X, (dense.T if transposed else dense) @ X, atol=1e-5)
    monkeypatch.setattr(fast_engine, "_sparsetools", None)
    assert np.array_equal(M @ X, expected)
