"""read_corpus / corpus_from_lines: a text file, line by line, into ids, line starts and a
Vocabulary -- the same as build_corpus on the whole text, in a fraction of its memory."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from edu_w2v import preprocessing
from edu_w2v.preprocessing import (
    Vocabulary,
    build_corpus,
    corpus_from_lines,
    read_corpus,
    tokenize,
    tokenize_ptb,
)

TEXT = (
    "The cat sat on the mat.\n"
    "\n"
    "A dog -- the dog! -- sat on the cat's mat\n"
    "zebra quagga\n"  # rare words only: the line disappears at min_count 2
    "Zürich, café; 東京 ZÜRICH\n"  # not ASCII: tokenize per line, as on the whole text
    "...\n"
    "the end of the text, the end\n"
    "quux\n"  # and the last line too
)


def write(tmp_path, data: bytes, name: str = "corpus.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("chunk", [3, 2**14])  # renumbering across chunk boundaries, or not
@pytest.mark.parametrize("min_count", [1, 2])
def test_ids_and_counts_are_build_corpus_s_and_lines_start_where_they_do(
    tmp_path, monkeypatch, chunk, min_count
):
    monkeypatch.setattr(preprocessing, "REMAP_CHUNK", chunk)
    corpus = read_corpus(write(tmp_path, TEXT.encode()), min_count=min_count)
    ids, vocabulary = build_corpus(TEXT, min_count=min_count)
    expected = Vocabulary.from_tokens(tokenize(TEXT), min_count=min_count)
    assert corpus.vocabulary.words == vocabulary.words == expected.words
    np.testing.assert_array_equal(corpus.vocabulary.counts, expected.counts)
    np.testing.assert_array_equal(corpus.ids, ids)
    assert corpus.ids.dtype == np.int32 and corpus.line_starts.dtype == np.int64
    lines = [vocabulary.encode(tokenize(line)) for line in TEXT.splitlines()]
    starts = np.cumsum([0] + [len(line) for line in lines])[:-1]
    expected_starts = [start for start, line in zip(starts, lines, strict=True) if len(line)]
    np.testing.assert_array_equal(corpus.line_starts, expected_starts)


def test_lines_with_no_kept_word_are_not_listed(tmp_path):
    corpus = read_corpus(write(tmp_path, TEXT.encode()), min_count=2)
    words = [
        corpus.vocabulary.decode(corpus.ids[a:b])
        for a, b in zip(corpus.line_starts, [*corpus.line_starts[1:], len(corpus.ids)], strict=True)
    ]
    assert words == [
        ["the", "sat", "on", "the", "mat"],  # "cat" once, then "cat's"
        ["dog", "the", "dog", "sat", "on", "the", "mat"],
        ["zürich", "zürich"],
        ["the", "end", "the", "the", "end"],
    ]


def test_lines_and_files_give_the_same_corpus_and_timings(tmp_path):
    timings: dict[str, float] = {}
    from_file = read_corpus(write(tmp_path, TEXT.encode()), timings=timings)
    from_lines = corpus_from_lines(TEXT.splitlines())
    for ours, theirs in zip(from_file, from_lines, strict=True):
        if isinstance(ours, np.ndarray):
            np.testing.assert_array_equal(ours, theirs)
    assert from_file.vocabulary.words == from_lines.vocabulary.words
    assert sorted(timings) == ["read", "vocabulary"] and min(timings.values()) >= 0


def test_max_size_a_byte_order_mark_and_another_tokenizer(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbfthe cat\nthe dog\n")
    corpus = read_corpus(path, max_size=2)
    assert corpus.vocabulary.words == ["the", "cat"]  # no "\ufeffthe"
    ptb = read_corpus(path, tokenizer=tokenize_ptb)
    assert ptb.vocabulary.decode(ptb.ids) == ["the", "cat", "<eos>", "the", "dog", "<eos>"]


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = write(tmp_path, "one\ntwo\nthé caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"is not UTF-8 text: line 3, byte 3 of the line is 0xe9"):
        read_corpus(path)


def test_missing_empty_and_wordless_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_corpus(tmp_path / "missing.txt")
    with pytest.raises(IsADirectoryError):
        read_corpus(tmp_path)
    for data in (b"", b"12 34\n...\n"):
        with pytest.raises(ValueError, match="holds no words"):
            read_corpus(write(tmp_path, data))
    with pytest.raises(ValueError, match="no word occurs at least min_count=5"):
        read_corpus(write(tmp_path, b"a b c\n"), min_count=5)
    with pytest.raises(TypeError, match="path"):
        read_corpus(3)


def test_reading_holds_the_ids_not_the_tokens(tmp_path):
    rng = np.random.default_rng(0)
    words = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "aeiou"]
    rows = rng.choice(words, size=(40_000, 10))  # in one call: the text of 40,000 calls of 10
    path = write(tmp_path, "".join(" ".join(row) + "\n" for row in rows.tolist()).encode())
    tracemalloc.start()
    try:
        corpus = read_corpus(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(corpus.ids) == 400_000 and len(corpus.line_starts) == 40_000
    # 4 bytes a token (and a little over-allocation), 8 a line, the renumbering's temporaries;
    # a list of the tokens (build_corpus) would take 8 bytes a token, plus about 50 per str
    assert peak < 1.1 * corpus.ids.nbytes + corpus.line_starts.nbytes + 600_000
