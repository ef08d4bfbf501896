"""From raw text to the arrays word2vec trains on.

    text --tokenize--> tokens --Vocabulary.encode--> ids --subsample--> fewer ids
         --contexts_and_targets--> (contexts, targets) --shrink_windows--> nearer words weigh more

* ``tokenize`` keeps the words of any language, lowercased: runs of letters (with the accents
  and vowel signs that belong to them), one apostrophe allowed inside: "Don't stop, Zürich!" ->
  ["don't", "stop", "zürich"]. Digits, punctuation and spaces separate words. Chinese and
  Japanese write no spaces between words, so each Han character is a word of its own.
* ``tokenize_jieba`` cuts Chinese into words instead, with jieba (an optional dependency, in the
  ``zh`` extra): "我们在北京大学学习" -> ["我们", "在", "北京大学", "学习"]; text in other scripts
  is cut as ``tokenize`` cuts it.
* ``tokenize_whitespace`` is for text already cut into words (e.g. Chinese segmented with spaces):
  every run of non-space characters is a word, kept as it is.
* ``tokenize_ptb`` is for the Penn Treebank files, which are already tokenised: split on
  whitespace, keep ``<unk>`` and ``N`` as they are, and add ``<eos>`` at each line end
  (as "Deep Learning from Scratch 2" does).
* Word ids are ``np.int32``: any realistic vocabulary fits, and the (N, 2*window) context
  matrix takes half the memory it would with int64.
* The whole corpus is one stream of ids: context windows may cross line boundaries.
* For the streaming engine (``edu_w2v.engines.streaming``): ``read_corpus(path)`` reads a text
  file line by line into a ``Corpus`` -- the ids, where each line begins, the Vocabulary --
  holding 4 bytes a token, never the text or its list of tokens (``corpus_from_lines`` for
  lines you already have).

Nothing here loops over tokens in Python: the regex, ``collections.Counter`` and the
dictionary look-ups in ``np.fromiter(map(...))`` run in C, the rest is NumPy (``read_corpus``
loops over lines, each line's tokens numbered in a list comprehension).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import time
import unicodedata
import warnings
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from edu_w2v.validation import check_int, check_number
from edu_w2v.word_ids import ID_DTYPE, PAD

# Han characters (CJK unified ideographs, their extensions and compatibility forms)
ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # tokenize's rule for ASCII text
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{HAN}]+")
# How to get word segmentation, said the same way by every message that needs it.
INSTALL_JIEBA = 'pip install jieba (in the edu_w2v folder: pip install -e ".[zh]")'


@functools.cache
def word_pattern() -> re.Pattern:
    """The words ``tokenize`` keeps: a Han character alone, or a run of other letters and the
    combining marks after them, with one apostrophe inside ("don't", "don’t"); built once.

    A letter is what Python's ``str.isalpha`` calls one (every script); a mark is Unicode
    category M (accents, vowel signs), which Python's ``\\w`` leaves out.
    """
    marks, start = [], None
    for code in [*range(0x20000), *range(0xE0100, 0xE01F1)]:  # no marks beyond these
        is_mark = code < 0xE01F0 and unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            marks.append(f"{chr(start)}-{chr(code - 1)}")
            start = None
    letter, mark = f"[^\\W\\d_{HAN}]", f"[{''.join(marks)}]"
    part = f"{letter}(?:{letter}+|{mark}+)*"
    return re.compile(f"[{HAN}]|{part}(?:['’]{part})?")


def tokenize(text: str) -> list[str]:
    """Lowercase ``text`` (NFC-normalised) and return its words in order, in any language.

    A word is a run of letters and their combining marks, with one apostrophe inside
    ("don't", "o'clock"); a Han character is a word by itself (Chinese writes no spaces).
    Digits, punctuation and spaces separate words: "e-mail" -> ["e", "mail"].
    Not for Penn Treebank text (it would turn "<unk>" into "unk"): use ``tokenize_ptb``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if text.isascii():  # the same rule, faster on ASCII text
        return ASCII_WORD.findall(text.lower())
    return word_pattern().findall(unicodedata.normalize("NFC", text).lower())


def tokenize_jieba(text: str) -> list[str]:
    """``tokenize``, with Chinese cut into words by jieba rather than into characters.

    Each run of Han characters goes to jieba in precise mode without its HMM
    (``jieba.lcut(run, HMM=False)``): the most probable cut into words of jieba's dictionary and
    single characters ("小明硕士" -> "小", "明", "硕士"). The HMM would also guess words that are
    not in the dictionary ("小明"), but as often glues characters that make no word ("率为").
    The rest of the text is cut by ``tokenize``'s rule: lowercased, NFC, punctuation, digits and
    spaces dropped. Deterministic. Needs jieba: ``INSTALL_JIEBA``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    jieba = import_jieba()
    text = unicodedata.normalize("NFC", text)
    words, end = [], 0
    for run in HAN_RUN.finditer(text):
        words += tokenize(text[end : run.start()])
        words += jieba.lcut(run.group(), HMM=False)
        end = run.end()
    return words + tokenize(text[end:])


def import_jieba() -> ModuleType:
    """The jieba module, its dictionary loaded without its log lines on stderr ("Building prefix
    dict ..."); where it is missing, a ModuleNotFoundError that says how to install it."""
    try:
        with warnings.catch_warnings():  # its import warns on new Pythons (pkg_resources, "\.")
            warnings.simplefilter("ignore")
            import jieba
    except ImportError as error:
        missing = isinstance(error, ModuleNotFoundError) and error.name == "jieba"
        why = "" if missing else f" (importing it failed: {error})"
        message = f"word segmentation needs jieba: {INSTALL_JIEBA}{why}"
        raise (ModuleNotFoundError if missing else ImportError)(message, name="jieba") from error
    if not jieba.dt.initialized:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    return jieba


def tokenize_whitespace(text: str) -> list[str]:
    """Split text that is already cut into words (e.g. Chinese segmented with spaces) on
    whitespace; the words are kept as they are."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return text.split()


def tokenize_ptb(text: str) -> list[str]:
    """Split Penn Treebank text on whitespace, with an ``"<eos>"`` token at the end of each line.

    PTB is already lowercased and tokenised; rare words are ``<unk>`` and numbers ``N``.
    Same tokens as the book's ``text.replace("\\n", "<eos>").split()``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return text.replace("\n", " <eos> ").split()


def _check_tokens(tokens: Iterable[str]) -> list[str]:
    if isinstance(tokens, str):
        raise TypeError("tokens must be a list of words, got a str: call tokenize(text) first")
    if isinstance(tokens, np.ndarray):
        return tokens.tolist()
    return tokens if isinstance(tokens, list) else list(tokens)


def _check_ids(ids: np.ndarray) -> np.ndarray:
    ids = np.asarray(ids)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must be a 1-D array of integer word ids, got dtype {ids.dtype}")
    if ids.ndim != 1:
        raise ValueError(f"ids must be a 1-D array of integer word ids, got shape {ids.shape}")
    return ids


class Vocabulary:
    """The words of a corpus, numbered 0..V-1, most frequent first.

    Attributes:
        words:  list of V words; ``words[i]`` is the word with id ``i``.
        counts: int64 array (V,), ``counts[i]`` = how often ``words[i]`` occurs in the corpus.
        index:  dict word -> id, the inverse of ``words``.
    """

    def __init__(self, words: Sequence[str], counts: Sequence[int] | np.ndarray) -> None:
        words = list(words)
        counts = np.asarray(counts)
        if len(words) == 0:
            raise ValueError("a Vocabulary needs at least one word")
        if not all(isinstance(word, str) for word in words):
            raise TypeError("words must all be str")
        if counts.shape != (len(words),) or not np.issubdtype(counts.dtype, np.integer):
            raise ValueError(
                f"counts must be {len(words)} integers (one per word), "
                f"got shape {counts.shape} dtype {counts.dtype}"
            )
        if np.any(counts < 1):
            raise ValueError("counts must all be >= 1")
        self.words = words
        self.counts = counts.astype(np.int64)
        self.index = {word: i for i, word in enumerate(words)}
        if len(self.index) != len(words):
            raise ValueError("words must not contain duplicates")

    @classmethod
    def from_tokens(
        cls, tokens: Iterable[str], min_count: int = 1, max_size: int | None = None
    ) -> Vocabulary:
        """Count ``tokens``; keep words seen >= ``min_count`` times, at most ``max_size`` of them.

        Order: descending count, ties broken alphabetically, so the result is deterministic.
        """
        min_count = check_int(min_count, "min_count")
        if max_size is not None:
            max_size = check_int(max_size, "max_size")
        tokens = _check_tokens(tokens)
        if not tokens:
            raise ValueError("tokens is empty: there is nothing to build a vocabulary from")
        counted = Counter(tokens)
        if not all(isinstance(word, str) for word in counted):
            raise TypeError("tokens must all be str")
        return cls.from_counts(counted, min_count, max_size)

    @classmethod
    def from_counts(
        cls, counts: Mapping[str, int], min_count: int = 1, max_size: int | None = None
    ) -> Vocabulary:
        """The Vocabulary of words counted already (word -> count), with ``from_tokens``' rules:
        words seen >= ``min_count`` times, at most ``max_size``, by descending count then word.
        """
        min_count = check_int(min_count, "min_count")
        if max_size is not None:
            max_size = check_int(max_size, "max_size")
        if not counts:
            raise ValueError("counts is empty: there is nothing to build a vocabulary from")
        kept = [(word, n) for word, n in counts.items() if n >= min_count]
        if not kept:
            raise ValueError(
                f"no word occurs at least min_count={min_count} times "
                f"(the most frequent occurs {max(counts.values())} times)"
            )
        kept.sort(key=lambda word_count: (-word_count[1], word_count[0]))
        kept = kept[:max_size]
        return cls([word for word, _ in kept], [n for _, n in kept])

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __repr__(self) -> str:
        head = ", ".join(repr(word) for word in self.words[:5])
        more = ", ..." if len(self) > 5 else ""
        return f"Vocabulary({len(self)} words: {head}{more})"

    def encode(self, tokens: Iterable[str], unknown: str = "drop") -> np.ndarray:
        """Map tokens to an int32 array of ids.

        Words not in the vocabulary are dropped (``unknown="drop"``, as word2vec does) or
        raise a ValueError listing them (``unknown="error"``).
        """
        if unknown not in ("drop", "error"):
            raise ValueError(f"unknown must be 'drop' or 'error', got {unknown!r}")
        tokens = _check_tokens(tokens)
        # index.get(token, -1) for every token, with the loop in C rather than in Python.
        lookups = map(self.index.get, tokens, repeat(-1))
        ids = np.fromiter(lookups, dtype=ID_DTYPE, count=len(tokens))
        is_unknown = ids < 0
        if not is_unknown.any():
            return ids
        if unknown == "error":
            positions = np.flatnonzero(is_unknown)
            examples = ", ".join(repr(tokens[i]) for i in positions[:5])
            raise ValueError(
                f"{positions.size} of {len(tokens)} tokens are not in the vocabulary, "
                f"e.g. {examples}; use unknown='drop' to skip them"
            )
        return ids[~is_unknown]

    def decode(self, ids: Sequence[int] | np.ndarray) -> list[str]:
        """Map a 1-D sequence of ids back to words."""
        ids = np.asarray(ids)
        if ids.ndim == 1 and ids.size == 0:
            return []
        ids = _check_ids(ids)
        if ids.min() < 0 or ids.max() >= len(self):
            raise ValueError(
                f"ids must be in [0, {len(self)}), got values in [{ids.min()}, {ids.max()}]"
            )
        return np.asarray(self.words, dtype=object)[ids].tolist()


def subsample(
    ids: np.ndarray,
    counts: np.ndarray,
    threshold: float | None = 1e-3,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Randomly drop occurrences of frequent words, as the word2vec C tool does.

    A word with relative frequency f = counts[id] / counts.sum() is kept with probability
        p_keep = (sqrt(f / t) + 1) * t / f        (t = threshold; p_keep >= 1 means always),
    so words rarer than about 2.6 t are never dropped and "the" loses most occurrences.
    ``threshold`` 0 or None disables subsampling (returns a copy of ``ids``).

    ids: (N,) word ids; counts: (V,) corpus counts per id (``Vocabulary.counts``);
    rng: a ``np.random.Generator`` or an int seed (None: fresh, unseeded randomness).
    Returns the kept ids, in their original order.
    """
    ids = _check_ids(ids)
    counts = np.asarray(counts)
    if counts.ndim != 1 or counts.size == 0 or not np.issubdtype(counts.dtype, np.number):
        raise ValueError(f"counts must be a non-empty 1-D array, got shape {counts.shape}")
    if np.any(counts <= 0):
        raise ValueError("counts must all be > 0")
    if ids.size and (ids.min() < 0 or ids.max() >= counts.size):
        raise ValueError(f"ids must be in [0, {counts.size}) to index counts")
    if threshold is None or threshold == 0:
        return ids.copy()
    keep = np.random.default_rng(rng).random(ids.size) < keep_probabilities(counts, threshold)[ids]
    return ids[keep]


def keep_probabilities(counts: np.ndarray, threshold: float | None) -> np.ndarray:
    """word2vec's subsampling rule, per word id: p_keep = (sqrt(f / t) + 1) t / f, capped at 1
    (f = counts / counts.sum(), t = threshold > 0); threshold None or 0: 1 for every word."""
    if threshold is None or threshold == 0:
        return np.ones(len(counts))
    threshold = check_number(threshold, "threshold", minimum=0, above_minimum=True)
    frequency = np.asarray(counts) / np.sum(counts)
    return np.minimum(1.0, (np.sqrt(frequency / threshold) + 1) * threshold / frequency)


def contexts_and_targets(ids: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut the id stream into (contexts, targets) for CBOW / skip-gram.

    ids: (T,) word ids. Returns
        targets:  (N,) = ids[window : T - window],   N = T - 2 * window
        contexts: (N, 2 * window), row n = the `window` ids before targets[n], then the
                  `window` ids after it:  ids[n : n+window] ++ ids[n+window+1 : n+2*window+1]
    Both are new arrays (not views of ``ids``) with the dtype of ``ids``.
    """
    ids = _check_ids(ids)
    window = check_int(window, "window")
    if ids.size < 2 * window + 1:
        raise ValueError(
            f"ids has {ids.size} words, too short for window={window}: "
            f"need at least 2 * window + 1 = {2 * window + 1}"
        )
    windows = sliding_window_view(ids, 2 * window + 1)  # (N, 2*window + 1), a view
    targets = windows[:, window].copy()
    contexts = np.concatenate([windows[:, :window], windows[:, window + 1 :]], axis=1)
    return contexts, targets


def shrink_windows(
    contexts: np.ndarray, rng: np.random.Generator | int | None = None
) -> np.ndarray:
    """word2vec's dynamic window: each row keeps only its ``b`` nearest words on each side.

    contexts: (N, 2w) from ``contexts_and_targets``. For each row, b is drawn uniformly from
    1..w and the context words further than b from the target become ``PAD`` (-1). A word at
    distance d thus stays with probability (w - d + 1) / w: near words count more, which is
    what makes word2vec's vectors good at analogies. Returns a new array.
    """
    contexts = np.asarray(contexts)
    if contexts.ndim != 2 or contexts.shape[1] % 2 or contexts.shape[1] == 0:
        raise ValueError(f"contexts must have shape (N, 2 * window), got {contexts.shape}")
    window = contexts.shape[1] // 2
    distance = np.concatenate([np.arange(window, 0, -1), np.arange(1, window + 1)])  # (2w,)
    b = np.random.default_rng(rng).integers(1, window + 1, size=(len(contexts), 1))
    return np.where(distance > b, contexts.dtype.type(PAD), contexts)


# Why a text gave no words, and what to do, per tokenizer.
NO_WORDS = {
    tokenize: "the text holds no words: tokenize keeps runs of letters (any script; each Han "
    "character alone) and this text has none (only digits, punctuation or symbols?); for text "
    "already cut into words, split it with tokenize_whitespace",
    tokenize_whitespace: "the text holds no words: it is empty or only whitespace",
    tokenize_jieba: "the text holds no words: tokenize_jieba keeps words of letters (any "
    "script; Chinese cut into words by jieba) and this text has none (only digits, punctuation "
    "or symbols?)",
}


def build_corpus(
    text: str,
    min_count: int = 1,
    max_size: int | None = None,
    tokenizer: Callable[[str], list[str]] = tokenize,
) -> tuple[np.ndarray, Vocabulary]:
    """Tokenise ``text``, build its Vocabulary and encode it (dropping rare words).

    Returns (ids, vocabulary): ids is an int32 array (T,) of the kept tokens.
    For Penn Treebank text pass ``tokenizer=tokenize_ptb``.
    """
    tokens = tokenizer(text)
    if not tokens:
        raise ValueError(NO_WORDS.get(tokenizer, "the text holds no words"))
    vocabulary = Vocabulary.from_tokens(tokens, min_count=min_count, max_size=max_size)
    return vocabulary.encode(tokens), vocabulary


# ---------------------------------------------------------------- a corpus read line by line

REMAP_CHUNK = 2**14  # tokens counted or renumbered at a time: temporaries of at most 0.4 MB


class Corpus(NamedTuple):
    """A corpus as the streaming engine (``edu_w2v.engines.streaming``) takes it.

    ids:         (T,) int32 word ids of the kept tokens (words seen >= min_count times), in order;
    line_starts: (L,) int64, strictly increasing, first 0: where each line begins in ``ids``
                 (lines left without a word are not listed);
    vocabulary:  the ``Vocabulary`` the ids refer to.
    """

    ids: np.ndarray
    line_starts: np.ndarray
    vocabulary: Vocabulary


class _NumberNewWords(dict):
    """word -> number; a word looked up for the first time gets the next number."""

    def __missing__(self, word: str) -> int:
        number = self[word] = len(self)
        return number


def corpus_from_lines(
    lines: Iterable[str],
    min_count: int = 1,
    max_size: int | None = None,
    tokenizer: Callable[[str], list[str]] = tokenize,
    timings: dict[str, float] | None = None,
) -> Corpus:
    """Tokenise ``lines`` one at a time and encode them: the ``Corpus`` of ids, line starts and
    Vocabulary, as ``build_corpus`` would give for the joined text, plus where each line begins.

    One pass, never holding more than one line's tokens: each token gets a number as it is read
    (4 bytes a token), the numbers are counted, the Vocabulary is built (``from_tokens``' rules:
    ``min_count``, ``max_size``, most frequent first) and the numbers are turned into its ids in
    place, dropping the rare words. ``timings``: if given, receives the seconds spent in
    ``"read"`` (tokenising and numbering) and ``"vocabulary"`` (counting, sorting, encoding).
    """
    return _encode_lines(lines, None, min_count, max_size, tokenizer, timings)


def read_corpus(
    path: str | os.PathLike[str],
    min_count: int = 1,
    max_size: int | None = None,
    tokenizer: Callable[[str], list[str]] = tokenize,
    timings: dict[str, float] | None = None,
) -> Corpus:
    """Read a UTF-8 text file line by line into a ``Corpus`` (see ``corpus_from_lines``).

    Memory: the ids, the line starts and the vocabulary; never the whole text. A leading
    byte-order mark is ignored. A file that is not UTF-8 text is a ValueError naming the line.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    path = Path(path).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory; pass the path of a text file")
    with path.open("rb") as file:
        return _encode_lines(
            _utf8_lines(file, path), str(path), min_count, max_size, tokenizer, timings
        )


def _utf8_lines(file: Iterable[bytes], path: Path) -> Iterator[str]:
    """The lines of a binary file, decoded; an undecodable line is a ValueError naming it."""
    for number, line in enumerate(file, start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{path} is not UTF-8 text: line {number}, byte {error.start + 1} of the line is "
                f"{line[error.start]:#04x} ({error.reason}); convert the file to UTF-8 first"
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _encode_lines(
    lines: Iterable[str],
    source: str | None,
    min_count: int,
    max_size: int | None,
    tokenizer: Callable[[str], list[str]],
    timings: dict[str, float] | None,
) -> Corpus:
    started = time.perf_counter()
    numbers = _NumberNewWords()
    numbered = array("i")  # every token's number, in order
    starts = array("q")  # where each line with words begins in `numbered`
    for line in lines:
        words = tokenizer(line)
        if words:
            starts.append(len(numbered))
            numbered.fromlist([numbers[word] for word in words])  # measured: the fastest way
    if not numbered:
        reason = NO_WORDS.get(tokenizer, "the text holds no words")
        raise ValueError(f"{source}: {reason}" if source else reason)
    read = time.perf_counter()

    ids = np.frombuffer(numbered, dtype=np.int32)  # views of the arrays: no copies
    line_starts = np.frombuffer(starts, dtype=np.int64)
    counts = np.zeros(len(numbers), dtype=np.int64)
    for first in range(0, len(ids), REMAP_CHUNK):  # bincount of int32 would copy ids to int64
        counts += np.bincount(ids[first : first + REMAP_CHUNK], minlength=len(numbers))
    words = list(numbers)  # by number
    numbers.update(zip(words, map(int, counts), strict=True))  # now word -> count
    vocabulary = Vocabulary.from_counts(numbers, min_count, max_size)
    del numbers, counts
    id_of_number = np.fromiter(
        map(vocabulary.index.get, words, repeat(-1)), dtype=ID_DTYPE, count=len(words)
    )  # -1: a word that is too rare
    # Number -> id, dropping the rare words, in place and a chunk at a time: `kept` ids are
    # written so far (never beyond the chunk being read). The lines beginning in the chunk now
    # begin after the kept words before them; a line whose words were all dropped begins where
    # the next one does, and is listed once (`lines` starts are written so far).
    kept = line = lines = 0
    for first in range(0, len(ids), REMAP_CHUNK):
        chunk = id_of_number[ids[first : first + REMAP_CHUNK]]
        known = chunk >= 0
        kept_before = np.cumsum(known, dtype=np.int32) - known  # kept before each position
        end = line + np.searchsorted(line_starts[line:], first + REMAP_CHUNK)
        new = kept + kept_before[line_starts[line:end] - first]
        previous = line_starts[lines - 1] if lines else -1
        new = new[np.diff(new, prepend=previous) > 0]  # each start once
        line_starts[lines : lines + len(new)] = new
        line, lines = end, lines + len(new)
        chunk = chunk[known]
        ids[kept : kept + len(chunk)] = chunk
        kept += len(chunk)
    if line_starts[lines - 1] == kept:  # the last lines lost all their words
        lines -= 1
    if timings is not None:
        timings["read"] = read - started
        timings["vocabulary"] = time.perf_counter() - read
    return Corpus(ids[:kept], line_starts[:lines], vocabulary)
