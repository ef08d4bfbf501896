"""UnigramSampler (corrected): distinct negatives, target excluded, the right frequencies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v import UnigramSampler

EXPECTED_STREAM = [[3, 2], [4, 2], [0, 4]]  # one rng.choice per row, as the book draws


def test_distribution_is_count_to_the_power_and_unseen_ids_get_zero():
    sampler = UnigramSampler([0, 1, 1, 3, 3, 3, 3], power=0.5, sample_size=1, vocab_size=5)
    expected = np.array([1.0, np.sqrt(2), 0.0, 2.0, 0.0])
    np.testing.assert_allclose(sampler.word_p, expected / expected.sum())
    assert sampler.vocab_size == 5


def test_vocab_size_defaults_to_max_id_plus_one():
    assert UnigramSampler([0, 3, 3], power=1.0, sample_size=1).vocab_size == 4


@settings(max_examples=30, deadline=None)
@given(V=st.integers(3, 30), k=st.integers(1, 5), N=st.integers(1, 40), seed=st.integers(0, 2**16))
def test_negatives_are_distinct_and_never_the_target(V, k, N, seed):
    rng = np.random.default_rng(seed)
    corpus = rng.integers(0, V, size=200)
    n_words = len(np.unique(corpus))
    if k >= n_words:
        k = n_words - 1
    sampler = UnigramSampler(corpus, 0.75, k, vocab_size=V, rng=seed)
    target = rng.choice(np.unique(corpus), size=N)
    negatives = sampler.get_negative_sample(target)
    assert negatives.shape == (N, k)
    assert np.all(sampler.word_p[negatives] > 0)  # only words of the corpus
    for t, row in zip(target, negatives, strict=True):
        assert t not in row
        assert len(set(row.tolist())) == k


def test_same_seed_same_draws_and_generator_accepted():
    corpus = np.arange(20).repeat(3)
    a = UnigramSampler(corpus, 0.75, 4, rng=7).get_negative_sample(np.arange(10))
    b = UnigramSampler(corpus, 0.75, 4, rng=np.random.default_rng(7)).get_negative_sample(
        np.arange(10)
    )
    np.testing.assert_array_equal(a, b)
    c = UnigramSampler(corpus, 0.75, 4, rng=8).get_negative_sample(np.arange(10))
    assert not np.array_equal(a, c)


def test_single_draw_frequencies_match_count_to_the_power():
    counts = np.array([1, 4, 9, 16, 30, 40])
    corpus = np.repeat(np.arange(6), counts)
    sampler = UnigramSampler(corpus, 0.75, 1, rng=0)
    target = np.full(60_000, 0)  # word 0 excluded: the rest renormalised
    negatives = sampler.get_negative_sample(target)[:, 0]
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
    sampler = UnigramSampler(np.repeat(np.arange(4), counts), 1.0, 2, rng=1)
    # 15,000 rows (not 60,000: a quarter of the time) catch every wrong law as surely. The one
    # closest to the right law, drawing with replacement and drawing a row again when it repeats
    # a word (P(a, b) = p_a p_b / (1 - sum p^2)), misses a pair's probability by 15.7 standard
    # errors (31.5 with 60,000); the 2nd drawn uniformly from the rest, or from P not
    # renormalised (a repeat moved to the next word), or the two draws in the other order, by 27
    # or more. Allowed: 5. Each is missed with a probability below 1e-20, with either size.
    pairs = sampler.get_negative_sample(np.zeros(15_000, dtype=int))
    p = np.array([0, 1, 2, 3]) / 6
    expected = {}
    for a in range(1, 4):
        for b in range(1, 4):
            if a != b:
                expected[(a, b)] = p[a] * p[b] / (1 - p[a])
    for (a, b), prob in expected.items():
        observed = np.mean((pairs[:, 0] == a) & (pairs[:, 1] == b))
        assert abs(observed - prob) < 5 * np.sqrt(prob * (1 - prob) / len(pairs))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"corpus": []}, ValueError, "corpus is empty"),
        ({"corpus": [0.5, 1.0]}, TypeError, "corpus must be an integer array"),
        ({"corpus": [0, -1]}, ValueError, "id -1"),
        ({"corpus": [0, 7], "vocab_size": 5}, ValueError, r"id 7, outside the vocabulary \[0, 5\)"),
        ({"power": -0.5}, ValueError, "power must be a finite number > 0"),
        ({"power": 0}, ValueError, "power must be a finite number > 0"),
        ({"power": float("nan")}, ValueError, "power must be"),
        ({"sample_size": 3}, ValueError, r"sample_size must be in \[1, 2\]"),
        ({"sample_size": 0}, ValueError, "sample_size must be an int >= 1"),
        ({"sample_size": 1.5}, TypeError, "sample_size must be an int"),
        ({"vocab_size": 4.0}, TypeError, "vocab_size must be an int"),
    ],
)
def test_bad_arguments(kwargs, error, message):
    arguments = {"corpus": [0, 1, 2, 0], "power": 0.75, "sample_size": 1} | kwargs
    with pytest.raises(error, match=message):
        UnigramSampler(**arguments)


def test_bad_target():
    sampler = UnigramSampler([0, 1, 2], 0.75, 1)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        sampler.get_negative_sample(np.array([3]))
    with pytest.raises(TypeError, match="integer array"):
        sampler.get_negative_sample(np.array([0.0]))


def test_a_huge_power_neither_overflows_nor_hangs():
    # count ** 400 overflows float64 for counts > ~6: the old sampler got NaN and never returned.
    corpus = np.repeat(np.arange(6), [1000, 900, 800, 700, 600, 500])
    sampler = UnigramSampler(corpus, power=400.0, sample_size=2, rng=0)
    assert np.isfinite(sampler.word_p).all() and sampler.word_p.sum() == pytest.approx(1.0)
    negatives = sampler.get_negative_sample(np.array([0, 1, 2]))
    assert negatives.shape == (3, 2)
    # a power so large that every word but the most frequent gets P = 0: a clear error
    with pytest.raises(ValueError, match="sample_size must be in"):
        UnigramSampler(corpus, power=1e6, sample_size=2)


def test_the_random_stream_is_unchanged():
    # The same seed gives the same negatives, on every machine and NumPy release we support.
    sampler = UnigramSampler(np.array([0, 1, 1, 2, 3, 3, 3, 4]), 0.75, 2, rng=42)
    np.testing.assert_array_equal(sampler.get_negative_sample(np.array([0, 3, 1])), EXPECTED_STREAM)
