import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v.preprocessing import (
    PAD,
    Vocabulary,
    build_corpus,
    contexts_and_targets,
    keep_probabilities,
    shrink_windows,
    subsample,
    tokenize,
    tokenize_ptb,
    tokenize_whitespace,
)

# ---------------------------------------------------------------- tokenize, tokenize_ptb


def test_tokenize_lowercases_and_keeps_whole_words_with_apostrophes():
    text = "Don't STOP, it's 3 o'clock: 'rock'n'roll' e-mail café"
    expected = ["don't", "stop", "it's", "o'clock", "rock'n", "roll", "e", "mail", "café"]
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich möchte nach Zürich, Straße 5!", ["ich", "möchte", "nach", "zürich", "straße"]),
        ("L’École d’été", ["l’école", "d’été"]),
        ("Cafe\u0301 (decomposed)", ["café", "decomposed"]),  # NFC: the accent joins its e
        ("हिन्दी भाषा", ["हिन्दी", "भाषा"]),  # vowel signs are marks, not separators
        ("Ελληνικά и русский", ["ελληνικά", "и", "русский"]),
        ("我喜欢北京。", ["我", "喜", "欢", "北", "京"]),  # no spaces in Chinese: one per character
    ],
)
def test_tokenize_keeps_the_letters_of_every_language(text, expected):
    assert tokenize(text) == expected


def test_tokenize_on_ascii_is_the_old_english_rule():
    text = "Don't STOP, it's 3 o'clock: 'rock'n'roll' e-mail" * 3
    assert tokenize(text) == re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower())
    assert tokenize(text + " é") == [*tokenize(text), "é"]  # the Unicode path agrees


def test_tokenize_whitespace_keeps_segmented_words_as_they_are():
    words = ["我", "喜欢", "北京", "。", "Ich", "möchte"]
    assert tokenize_whitespace("我 喜欢 北京 。\nIch  möchte") == words


def test_a_text_without_words_says_why():
    with pytest.raises(ValueError, match="tokenize keeps runs of letters .* tokenize_whitespace"):
        build_corpus("123 456 !!! ---")
    with pytest.raises(ValueError, match="empty or only whitespace"):
        build_corpus(" \n ", tokenizer=tokenize_whitespace)


def test_tokenize_joins_lines_and_ignores_punctuation_only_text():
    assert tokenize("One\ntwo\r\n  three") == ["one", "two", "three"]
    assert tokenize("... 123 !!") == []


def test_tokenize_rejects_non_str():
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize(b"bytes are not text")
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize_ptb(["already", "tokens"])


def test_tokenize_ptb_keeps_special_tokens_and_adds_eos_per_line():
    text = " the <unk> company said N shares \n mr. <unk> is n't here \n"
    assert tokenize_ptb(text) == [
        "the", "<unk>", "company", "said", "N", "shares", "<eos>",
        "mr.", "<unk>", "is", "n't", "here", "<eos>",
    ]  # fmt: skip


def test_tokenize_ptb_matches_the_books_recipe():
    text = " a b c \n d e \n f \n"
    assert tokenize_ptb(text) == text.replace("\n", "<eos>").strip().split()


# ---------------------------------------------------------------- Vocabulary


def test_vocabulary_orders_by_count_then_alphabetically():
    tokens = ["ba", "ab", "zz", "ab", "ba", "az", "the", "the", "the"]
    vocabulary = Vocabulary.from_tokens(tokens)
    assert vocabulary.words == ["the", "ab", "ba", "az", "zz"]
    assert vocabulary.counts.tolist() == [3, 2, 2, 1, 1]
    assert vocabulary.counts.dtype == np.int64
    assert vocabulary.index == {"the": 0, "ab": 1, "ba": 2, "az": 3, "zz": 4}
    assert len(vocabulary) == 5


def test_vocabulary_does_not_depend_on_token_order():
    tokens = tokenize("the cat sat on the mat and the dog sat on the log a b c")
    shuffled = list(np.random.default_rng(0).permutation(tokens))
    first, second = Vocabulary.from_tokens(tokens), Vocabulary.from_tokens(shuffled)
    assert first.words == second.words
    np.testing.assert_array_equal(first.counts, second.counts)


def test_vocabulary_min_count_and_max_size():
    tokens = ["a"] * 5 + ["b"] * 4 + ["c"] * 3 + ["d"] * 1
    assert Vocabulary.from_tokens(tokens, min_count=3).words == ["a", "b", "c"]
    assert Vocabulary.from_tokens(tokens, max_size=2).words == ["a", "b"]
    assert Vocabulary.from_tokens(tokens, min_count=4, max_size=10).words == ["a", "b"]


def test_vocabulary_accepts_any_iterable_of_tokens():
    assert Vocabulary.from_tokens(iter(["x", "y", "x"])).words == ["x", "y"]
    assert Vocabulary.from_tokens(np.array(["x", "y", "x"])).words == ["x", "y"]


def test_vocabulary_contains_and_repr():
    vocabulary = Vocabulary.from_tokens(["a", "b", "a"])
    assert "a" in vocabulary and "b" in vocabulary
    assert "z" not in vocabulary and 0 not in vocabulary
    assert repr(vocabulary) == "Vocabulary(2 words: 'a', 'b')"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"min_count": 0}, ValueError, "min_count must be an int >= 1"),
        ({"min_count": 1.5}, TypeError, "min_count must be an int"),
        ({"min_count": True}, TypeError, "min_count must be an int"),
        ({"max_size": 0}, ValueError, "max_size must be an int >= 1"),
        ({"max_size": "10"}, TypeError, "max_size must be an int"),
        ({"min_count": 3}, ValueError, "no word occurs at least min_count=3 times"),
    ],
)
def test_vocabulary_from_tokens_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        Vocabulary.from_tokens(["a", "b", "a"], **kwargs)


def test_vocabulary_from_tokens_rejects_empty_and_untokenised_input():
    with pytest.raises(ValueError, match="tokens is empty"):
        Vocabulary.from_tokens([])
    with pytest.raises(TypeError, match="call tokenize"):
        Vocabulary.from_tokens("the raw text")
    with pytest.raises(TypeError, match="tokens must all be str"):
        Vocabulary.from_tokens(["a", 1])


def test_vocabulary_constructor_validates():
    with pytest.raises(ValueError, match="duplicates"):
        Vocabulary(["a", "a"], [1, 1])
    with pytest.raises(ValueError, match="counts must be 2 integers"):
        Vocabulary(["a", "b"], [1])
    with pytest.raises(ValueError, match=">= 1"):
        Vocabulary(["a", "b"], [1, 0])
    with pytest.raises(ValueError, match="at least one word"):
        Vocabulary([], [])


def test_encode_drops_unknown_words_by_default_and_returns_int32():
    vocabulary = Vocabulary.from_tokens(["a", "b", "a"])
    ids = vocabulary.encode(["b", "zzz", "a", "a"])
    assert ids.dtype == np.int32
    assert ids.tolist() == [1, 0, 0]
    assert vocabulary.encode([]).tolist() == []


def test_encode_can_refuse_unknown_words():
    vocabulary = Vocabulary.from_tokens(["a", "b"])
    with pytest.raises(ValueError, match="1 of 3 tokens are not in the vocabulary, e.g. 'zzz'"):
        vocabulary.encode(["a", "zzz", "b"], unknown="error")
    with pytest.raises(ValueError, match="unknown must be 'drop' or 'error'"):
        vocabulary.encode(["a"], unknown="ignore")
    with pytest.raises(TypeError, match="call tokenize"):
        vocabulary.encode("a b")


def test_decode_inverts_encode():
    tokens = tokenize("to be or not to be that is the question")
    vocabulary = Vocabulary.from_tokens(tokens)
    assert vocabulary.decode(vocabulary.encode(tokens)) == tokens
    assert vocabulary.decode([]) == []


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "it's", "<eos>"]), min_size=1, max_size=50))
def test_decode_encode_round_trip_property(tokens):
    vocabulary = Vocabulary.from_tokens(tokens)
    ids = vocabulary.encode(tokens, unknown="error")
    assert vocabulary.decode(ids) == tokens
    assert np.array_equal(vocabulary.encode(vocabulary.decode(ids)), ids)


def test_decode_rejects_bad_ids():
    vocabulary = Vocabulary.from_tokens(["a", "b"])
    with pytest.raises(ValueError, match=r"ids must be in \[0, 2\)"):
        vocabulary.decode([0, 2])
    with pytest.raises(ValueError, match=r"ids must be in \[0, 2\)"):
        vocabulary.decode([-1])
    with pytest.raises(TypeError, match="1-D array of integer"):
        vocabulary.decode([0.0, 1.0])
    with pytest.raises(ValueError, match="1-D array of integer"):
        vocabulary.decode([[0, 1]])


# ---------------------------------------------------------------- subsample


def keep_probability(count, total, threshold):
    frequency = count / total
    return min(1.0, (np.sqrt(frequency / threshold) + 1) * threshold / frequency)


def test_subsample_drops_frequent_words_at_the_word2vec_rate_and_keeps_rare_ones():
    counts = np.array([60_000, 30_000, 5_500, 4_000, 400, 100, 20])
    ids = np.random.default_rng(1).permutation(np.repeat(np.arange(counts.size), counts))
    kept = subsample(ids, counts, threshold=1e-3, rng=0)
    kept_counts = np.bincount(kept, minlength=counts.size)

    for word in range(5):  # p_keep = 0.042, 0.061, 0.15, 0.18, 0.75
        p = keep_probability(counts[word], counts.sum(), 1e-3)
        expected, spread = counts[word] * p, np.sqrt(counts[word] * p * (1 - p))
        assert abs(kept_counts[word] - expected) < 4 * spread
    assert kept_counts[5:].tolist() == [100, 20]  # p_keep >= 1: always kept


def test_subsample_keeps_order_and_is_reproducible_with_a_seed():
    counts = np.array([50, 30, 20])
    ids = np.random.default_rng(2).permutation(np.repeat(np.arange(3), counts))
    kept = subsample(ids, counts, threshold=0.05, rng=7)
    assert 0 < kept.size < ids.size
    np.testing.assert_array_equal(kept, subsample(ids, counts, threshold=0.05, rng=7))
    generator_result = subsample(ids, counts, threshold=0.05, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(kept, generator_result)
    remaining = iter(ids.tolist())  # kept is a subsequence of ids: same order
    assert all(word in remaining for word in kept.tolist())
    assert kept.dtype == ids.dtype


@pytest.mark.parametrize("threshold", [0, 0.0, None])
def test_subsample_can_be_disabled(threshold):
    ids = np.array([0, 0, 0, 1], dtype=np.int32)
    kept = subsample(ids, np.array([3, 1]), threshold=threshold, rng=0)
    np.testing.assert_array_equal(kept, ids)
    assert not np.shares_memory(kept, ids)
    np.testing.assert_array_equal(keep_probabilities(np.array([3, 1]), threshold), [1.0, 1.0])


@pytest.mark.parametrize(
    ("ids", "counts", "threshold", "error", "message"),
    [
        ([0, 1], [3, 1], -1e-3, ValueError, "threshold must be a finite number > 0"),
        ([0, 1], [3, 1], "1e-3", TypeError, "threshold must be a number"),
        ([0, 1], [3, 1], float("nan"), ValueError, "threshold must be a finite number > 0"),
        ([0, 2], [3, 1], 1e-3, ValueError, r"ids must be in \[0, 2\)"),
        ([[0, 1]], [3, 1], 1e-3, ValueError, "1-D array of integer"),
        ([0.0, 1.0], [3, 1], 1e-3, TypeError, "1-D array of integer"),
        ([0, 1], [3, 0], 1e-3, ValueError, "counts must all be > 0"),
        ([0, 1], [], 1e-3, ValueError, "counts must be a non-empty 1-D array"),
    ],
)
def test_subsample_rejects_bad_input(ids, counts, threshold, error, message):
    with pytest.raises(error, match=message):
        subsample(np.array(ids), np.array(counts), threshold=threshold, rng=0)


# ---------------------------------------------------------------- contexts_and_targets


def test_contexts_and_targets_book_example():
    # "you say goodbye and i say hello ." with window 1, as in Deep Learning from Scratch 2
    ids = np.array([0, 1, 2, 3, 4, 1, 5, 6], dtype=np.int32)
    contexts, targets = contexts_and_targets(ids, window=1)
    assert targets.tolist() == [1, 2, 3, 4, 1, 5]
    assert contexts.tolist() == [[0, 2], [1, 3], [2, 4], [3, 1], [4, 5], [1, 6]]
    assert contexts.dtype == targets.dtype == np.int32


def test_contexts_and_targets_window_two_left_then_right():
    contexts, targets = contexts_and_targets(np.arange(7), window=2)
    assert targets.tolist() == [2, 3, 4]
    assert contexts.tolist() == [[0, 1, 3, 4], [1, 2, 4, 5], [2, 3, 5, 6]]


def test_contexts_and_targets_returns_new_writable_arrays():
    ids = np.arange(10)
    contexts, targets = contexts_and_targets(ids, window=2)
    assert not np.shares_memory(contexts, ids) and not np.shares_memory(targets, ids)
    contexts[0, 0] = targets[0] = -1  # writable, and ids untouched
    np.testing.assert_array_equal(ids, np.arange(10))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(0, 100), min_size=3, max_size=40),
    st.integers(1, 5),
)
def test_contexts_and_targets_property(values, window):
    ids = np.array(values)
    if ids.size < 2 * window + 1:
        with pytest.raises(ValueError, match="too short"):
            contexts_and_targets(ids, window)
        return
    contexts, targets = contexts_and_targets(ids, window)
    n = ids.size - 2 * window
    assert contexts.shape == (n, 2 * window) and targets.shape == (n,)
    for row in range(n):
        assert targets[row] == ids[row + window]
        expected = np.concatenate(
            [ids[row : row + window], ids[row + window + 1 : row + 2 * window + 1]]
        )
        np.testing.assert_array_equal(contexts[row], expected)


def test_contexts_and_targets_shortest_corpus_gives_one_row():
    contexts, targets = contexts_and_targets(np.array([5, 6, 7]), window=1)
    assert contexts.tolist() == [[5, 7]] and targets.tolist() == [6]


@pytest.mark.parametrize(
    ("ids", "window", "error", "message"),
    [
        (np.arange(10), 0, ValueError, "window must be an int >= 1"),
        (np.arange(10), 1.5, TypeError, "window must be an int"),
        (np.arange(10), True, TypeError, "window must be an int"),
        (np.arange(4), 2, ValueError, r"too short for window=2: need at least 2 \* window \+ 1"),
        (np.arange(10).reshape(2, 5), 1, ValueError, "1-D array of integer"),
        (np.linspace(0, 1, 10), 1, TypeError, "1-D array of integer"),
    ],
)
def test_contexts_and_targets_rejects_bad_input(ids, window, error, message):
    with pytest.raises(error, match=message):
        contexts_and_targets(ids, window)


# ---------------------------------------------------------------- build_corpus


def test_build_corpus_tokenises_counts_and_encodes():
    ids, vocabulary = build_corpus("The cat and the hat. The end!", min_count=2)
    assert vocabulary.words == ["the"]
    assert ids.dtype == np.int32 and ids.tolist() == [0, 0, 0]

    ids, vocabulary = build_corpus("b a b c")
    assert vocabulary.decode(ids) == ["b", "a", "b", "c"]


def test_build_corpus_with_the_ptb_tokenizer():
    ids, vocabulary = build_corpus(" a <unk> N \n a b \n", tokenizer=tokenize_ptb)
    assert vocabulary.words == ["<eos>", "a", "<unk>", "N", "b"]
    assert vocabulary.decode(ids) == ["a", "<unk>", "N", "<eos>", "a", "b", "<eos>"]


# --- shrink_windows ------------------------------------------------------------------------


def test_shrink_windows_keeps_the_b_nearest_words_on_each_side():
    contexts = np.tile(np.array([11, 12, 13, 14, 15, 16], dtype=np.int32), (2000, 1))  # w = 3
    shrunk = shrink_windows(contexts, rng=0)
    assert shrunk.dtype == np.int32 and shrunk.shape == contexts.shape
    kept = shrunk != PAD
    b = kept[:, 3:].sum(axis=1)
    np.testing.assert_array_equal(kept[:, :3].sum(axis=1), b)  # symmetric
    for row, width in zip(kept[:20], b[:20], strict=True):  # the nearest ones are kept
        expected = [i >= 3 - width for i in range(3)] + [i < width for i in range(3)]
        np.testing.assert_array_equal(row, expected)
    assert set(np.unique(b).tolist()) == {1, 2, 3}
    np.testing.assert_allclose(np.bincount(b)[1:] / len(b), [1 / 3] * 3, atol=0.04)
    np.testing.assert_array_equal(contexts[0], [11, 12, 13, 14, 15, 16])  # input unchanged


def test_shrink_windows_is_seeded_and_checks_its_input():
    contexts = np.arange(40).reshape(4, 10)
    np.testing.assert_array_equal(shrink_windows(contexts, rng=3), shrink_windows(contexts, rng=3))
    with pytest.raises(ValueError, match=r"shape \(N, 2 \* window\)"):
        shrink_windows(np.zeros((3, 3), dtype=int))
