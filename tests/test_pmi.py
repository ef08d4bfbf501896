import numpy as np
import pytest

from edu_w2v.pmi import cooccurrence_counts, pmi_of_pairs


def test_counts_pairs_within_the_window_in_both_directions():
    counts = cooccurrence_counts(np.array([0, 1, 2, 0]), window=1, vocab_size=3).toarray()
    expected = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]], dtype=float)
    np.testing.assert_array_equal(counts, expected)
    wider = cooccurrence_counts(np.array([0, 1, 2, 0]), window=3, vocab_size=3).toarray()
    assert wider[0, 0] == 2  # the two 0s are 3 apart: counted once each way
    assert wider.sum() == 2 * (3 + 2 + 1)


def test_pmi_is_log_of_observed_over_expected():
    counts = cooccurrence_counts(np.array([0, 1, 0, 1, 2, 2]), window=1, vocab_size=3)
    words, contexts, pmi = pmi_of_pairs(counts)
    dense = counts.toarray()
    total, rows, cols = dense.sum(), dense.sum(axis=1), dense.sum(axis=0)
    for w, c, value in zip(words, contexts, pmi, strict=True):
        assert value == pytest.approx(np.log(dense[w, c] * total / (rows[w] * cols[c])))
    assert len(pmi) == np.count_nonzero(dense)


def test_min_count_keeps_only_frequent_pairs():
    counts = cooccurrence_counts(np.array([0, 1, 0, 1, 0, 2]), window=1, vocab_size=3)
    words, contexts, _ = pmi_of_pairs(counts, min_count=2)
    assert set(zip(words.tolist(), contexts.tolist(), strict=True)) == {(0, 1), (1, 0)}


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="ids holds id 3"):
        cooccurrence_counts(np.array([0, 3]), window=1, vocab_size=3)
    with pytest.raises(ValueError, match="window"):
        cooccurrence_counts(np.array([0, 1]), window=0, vocab_size=3)
