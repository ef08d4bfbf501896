"""engines.sampling.BatchSampler: the teaching sampler's law, drawn for a whole batch at once."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v import UnigramSampler
from edu_w2v.engines.sampling import BatchSampler

EXPECTED_STREAM = [[3, 2], [4, 0], [0, 4]]  # what the vectorised sampler has always drawn


def test_same_constructor_and_word_p_as_the_teaching_sampler():
    corpus = np.array([0, 1, 1, 3, 3, 3, 3])
    ours = BatchSampler(corpus, 0.5, 1, vocab_size=5, rng=0)
    teaching = UnigramSampler(corpus, 0.5, 1, vocab_size=5, rng=0)
    np.testing.assert_array_equal(ours.word_p, teaching.word_p)
    assert ours.vocab_size == 5 and ours.sample_size == 1


@settings(max_examples=30, deadline=None)
@given(V=st.integers(3, 30), k=st.integers(1, 5), N=st.integers(1, 40), seed=st.integers(0, 2**16))
def test_negatives_are_distinct_and_never_the_target(V, k, N, seed):
    rng = np.random.default_rng(seed)
    corpus = rng.integers(0, V, size=200)
    k = min(k, len(np.unique(corpus)) - 1)
    sampler = BatchSampler(corpus, 0.75, k, vocab_size=V, rng=seed)
    target = rng.choice(np.unique(corpus), size=N)
    negatives = sampler.get_negative_sample(target)
    assert negatives.shape == (N, k)
    assert np.all(sampler.word_p[negatives] > 0)  # only words of the corpus
    for t, row in zip(target, negatives, strict=True):
        assert t not in row
        assert len(set(row.tolist())) == k


def test_single_draw_frequencies_match_count_to_the_power():
    counts = np.array([1, 4, 9, 16, 30, 40])
    sampler = BatchSampler(np.repeat(np.arange(6), counts), 0.75, 1, rng=0)
    negatives = sampler.get_negative_sample(np.full(60_000, 0))[:, 0]  # word 0 excluded
    freq = np.bincount(negatives, minlength=6) / len(negatives)
    p = counts**0.75
    p[0] = 0
    p = p / p.sum()
    # 5 standard errors of a binomial proportion
    np.testing.assert_array_less(
        np.abs(freq - p), 5 * np.sqrt(p * (1 - p) / len(negatives)) + 1e-12
    )


def test_without_replacement_frequencies_follow_sequential_draws():
    """The 2nd negative is drawn from P renormalised without the target and the 1st negative."""
    counts = np.array([5, 1, 2, 3])
    sampler = BatchSampler(np.repeat(np.arange(4), counts), 1.0, 2, rng=1)
    pairs = sampler.get_negative_sample(np.zeros(60_000, dtype=int))
    p = np.array([0, 1, 2, 3]) / 6
    for a in range(1, 4):
        for b in range(1, 4):
            if a != b:
                prob = p[a] * p[b] / (1 - p[a])
                observed = np.mean((pairs[:, 0] == a) & (pairs[:, 1] == b))
                assert abs(observed - prob) < 5 * np.sqrt(prob * (1 - prob) / len(pairs))


def test_a_corpus_dominated_by_one_word_still_samples_fast_and_exactly():
    # Word 0 has almost all the mass: rejection alone redrew ~1000 times per entry.
    corpus = np.concatenate([np.zeros(100_000, dtype=int), [1, 2, 3]])
    sampler = BatchSampler(corpus, power=1.0, sample_size=2, rng=0)
    target = np.zeros(2000, dtype=int)
    calls = []
    rng = sampler.rng
    counting = SimpleNamespace(random=lambda n: calls.append(n) or rng.random(n), choice=rng.choice)
    sampler.rng = counting
    negatives = sampler.get_negative_sample(target)
    assert len(calls) <= 25  # rounds of redraws per batch, not ~1000 (one per 1/P(clash))
    assert not (negatives == 0).any()
    assert (negatives[:, 0] != negatives[:, 1]).all()
    # words 1, 2, 3 are equally likely once word 0 is excluded
    frequencies = np.bincount(negatives.ravel(), minlength=4)[1:] / negatives.size
    np.testing.assert_allclose(frequencies, 1 / 3, atol=0.03)


def test_the_random_stream_is_unchanged():
    sampler = BatchSampler(np.array([0, 1, 1, 2, 3, 3, 3, 4]), 0.75, 2, rng=42)
    np.testing.assert_array_equal(sampler.get_negative_sample(np.array([0, 3, 1])), EXPECTED_STREAM)
