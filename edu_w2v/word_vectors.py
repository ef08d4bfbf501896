"""Trained word vectors: look-up, cosine similarity, analogies and saving.

After training, row i of the input embedding matrix W_in (V, H) is the vector of word i.
`WordVectors` keeps those rows next to their words and answers questions about them with
the cosine similarity

    cos(u, v) = u·v / (|u| |v|) = û·v̂,    where  x̂ = x / |x|  (a row of `unit_vectors`)

    most_similar(w)   = the words x with the largest cos(x, w)
    analogy(a, b, c)  = the words x with the largest cos(x, b̂ - â + ĉ),  x ∉ {a, b, c}

The analogy rule is "3CosAdd" (Mikolov et al. 2013): "man is to king as woman is to ?"
walks from king in the direction woman - man and hopes to land on queen.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from edu_w2v.validation import check_int

FORMAT_MARKER = "edu_w2v.WordVectors"
FORMAT_VERSION = 1
FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
# Enough significant digits for str -> float to give back the very same number.
ROUND_TRIP_FORMAT = {np.dtype(np.float32): "%.9g", np.dtype(np.float64): "%.17g"}


def format_table(
    rows: Iterable[tuple[str, float]], digits: int = 3, headers: tuple[str, str] = ("word", "score")
) -> str:
    """Render (word, score) rows as an aligned text table, scores rounded to `digits` decimals."""
    digits = check_int(digits, "digits", minimum=0)
    texts = []
    for word, score in rows:
        text = f"{score:.{digits}f}"
        if float(text) == 0:
            text = text.lstrip("-")  # print "0.000", never "-0.000"
        texts.append((str(word), text))
    word_width = max([len(headers[0])] + [len(word) for word, _ in texts])
    score_width = max([len(headers[1])] + [len(text) for _, text in texts])
    lines = [f"{headers[0]:<{word_width}}  {headers[1]:>{score_width}}"]
    lines += [f"{word:<{word_width}}  {text:>{score_width}}" for word, text in texts]
    return "\n".join(lines)


class RankedWords(list):
    """A list of (word, similarity) pairs, best first, that prints as a rounded table."""

    def __str__(self) -> str:
        return format_table(self, headers=("word", "similarity"))

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        # IPython / Jupyter show the table when a cell ends with e.g. `wv.most_similar("king")`.
        printer.text(str(self))


class WordVectors:
    """Word vectors: row i of `vectors` (V, H) is the vector of `words[i]`.

    `vectors` keeps its dtype (float32 or float64) and is stored as a read-only copy.
    """

    def __init__(self, words: Sequence[str], vectors: np.ndarray) -> None:
        if isinstance(words, str) or not isinstance(words, Sequence):
            raise TypeError(f"words must be a sequence of str, got {type(words).__name__}")
        words = list(words)
        for word in words:
            if not isinstance(word, str):
                raise TypeError(f"words must all be str, got {word!r}")
            if word.split() != [word] or "\0" in word:
                raise ValueError(
                    f"words must be non-empty strings without whitespace, got {word!r}"
                )
        if not isinstance(vectors, np.ndarray):
            raise TypeError(f"vectors must be a NumPy array, got {type(vectors).__name__}")
        if vectors.dtype not in FLOAT_DTYPES:
            raise TypeError(f"vectors must have dtype float32 or float64, got {vectors.dtype}")
        if vectors.ndim != 2 or vectors.shape[1] == 0:
            raise ValueError(f"vectors must have shape (V, H) with H >= 1, got {vectors.shape}")
        if len(words) == 0:
            raise ValueError("words must contain at least one word")
        if vectors.shape[0] != len(words):
            raise ValueError(
                f"vectors has {vectors.shape[0]} rows but there are {len(words)} words"
            )
        word_to_index: dict[str, int] = {}
        for i, word in enumerate(words):
            if word in word_to_index:
                raise ValueError(f"words must be unique, {word!r} appears more than once")
            word_to_index[word] = i
        bad_rows = np.flatnonzero(~np.isfinite(vectors).all(axis=1))
        if len(bad_rows) > 0:
            raise ValueError(
                f"vectors must be finite, {len(bad_rows)} rows contain NaN or inf "
                f"(the first is the vector of {words[bad_rows[0]]!r})"
            )
        self.words = words
        self.vectors = vectors.copy()
        self.vectors.flags.writeable = False  # so the cached unit_vectors stay right
        self.word_to_index = word_to_index

    # --- look-up ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.word_to_index

    def __getitem__(self, word: str) -> np.ndarray:
        """The vector (H,) of `word` (read-only)."""
        return self.vectors[self.index(word)]

    def __repr__(self) -> str:
        size, dims = self.vectors.shape
        return f"<WordVectors: {size} words, {dims} dimensions, {self.vectors.dtype}>"

    def index(self, word: str) -> int:
        """The row of `word` in `vectors`; KeyError if it is not in the vocabulary."""
        if not isinstance(word, str):
            raise TypeError(
                f"words are looked up by str, got {type(word).__name__}; "
                "use wv.vectors[i] for row i"
            )
        if word not in self.word_to_index:
            message = f"{word!r} is not in the vocabulary of {len(self)} words"
            if word.lower() in self.word_to_index:
                message += f" (but {word.lower()!r} is)"
            raise KeyError(message)
        return self.word_to_index[word]

    @cached_property
    def unit_vectors(self) -> np.ndarray:
        """The rows scaled to length 1, x̂ = x / |x| (V, H); zero rows stay zero (cosine 0)."""
        norms = np.linalg.norm(self.vectors, axis=1, keepdims=True)
        unit = self.vectors / np.where(norms > 0, norms, 1)
        unit.flags.writeable = False
        return unit

    # --- similarity --------------------------------------------------------------------------

    def similarity(self, word1: str, word2: str) -> float:
        """cos(word1, word2) = û1·û2, a plain float in [-1, 1]."""
        unit = self.unit_vectors
        return float(unit[self.index(word1)] @ unit[self.index(word2)])

    def most_similar(
        self, word_or_vector: str | np.ndarray, top: int = 10, exclude: Iterable[str] = ()
    ) -> RankedWords:
        """The `top` words x with the largest cos(x, query), best first, as (word, float) pairs.

        The query is a word (left out of the answer) or a vector (H,). Words in `exclude`
        are left out as well.
        """
        if isinstance(word_or_vector, str):
            query = self.unit_vectors[self.index(word_or_vector)]
            return self._rank(query, top, [word_or_vector, *self._words_to_exclude(exclude)])
        return self._rank(self._unit_query(word_or_vector), top, self._words_to_exclude(exclude))

    def analogy(self, a: str, b: str, c: str, top: int = 5) -> RankedWords:
        """Answer "a is to b as c is to ?": the words x ∉ {a, b, c} nearest to b̂ - â + ĉ.

        E.g. analogy("man", "king", "woman") should start with "queen".
        """
        unit = self.unit_vectors
        target = unit[self.index(b)] - unit[self.index(a)] + unit[self.index(c)]
        return self._rank(self._unit_query(target), top, [a, b, c])

    def neighbour_agreement(self, other: WordVectors, n: int = 1_000, top: int = 5) -> float:
        """The share of the first `n` words whose `top` nearest neighbours are the same set in
        `self` and in `other` (two sets of vectors for the same words, in the same order):

            agreement = (1 / n) sum_{i < n} [ N(i) == N'(i) ],
            N(i) = the `top` words x != i with the largest cos(x, i)   (N' likewise in `other`)

        1.0 when every neighbourhood is kept, lower as the vectors drift apart. For vectors
        trained by this package the first ids are the most frequent words.
        """
        if not isinstance(other, WordVectors):
            raise TypeError(f"other must be a WordVectors, got {type(other).__name__}")
        if other.words != self.words:
            raise ValueError("other must hold the same words in the same order")
        n, top = check_int(n, "n"), check_int(top, "top")
        if n > len(self) or top >= len(self):
            raise ValueError(f"need n <= {len(self)} and top < {len(self)}, got {n} and {top}")

        def neighbours(unit: np.ndarray) -> np.ndarray:
            similarity = unit[:n] @ unit.T  # (n, V) cosines
            similarity[np.arange(n), np.arange(n)] = -np.inf  # not the word itself
            nearest = np.argpartition(-similarity, top - 1, axis=1)[:, :top]  # any order
            return np.sort(nearest, axis=1)

        same = np.all(neighbours(self.unit_vectors) == neighbours(other.unit_vectors), axis=1)
        return float(np.mean(same))

    def _words_to_exclude(self, exclude: Iterable[str]) -> list[str]:
        if isinstance(exclude, str):
            raise TypeError(
                f"exclude must be a collection of words, not one str; use exclude=[{exclude!r}]"
            )
        return list(exclude)

    def _unit_query(self, vector: np.ndarray) -> np.ndarray:
        """`vector` (H,) scaled to length 1 (a zero vector stays zero)."""
        vector = np.asarray(vector)
        if vector.dtype.kind not in "fiu":
            raise TypeError(f"the query must be a word or a numeric vector, got {vector.dtype}")
        dims = self.vectors.shape[1]
        if vector.shape != (dims,):
            raise ValueError(f"the query vector must have shape ({dims},), got {vector.shape}")
        if not np.isfinite(vector).all():
            raise ValueError("the query vector must be finite")
        vector = vector.astype(self.vectors.dtype)
        norm = np.linalg.norm(vector)
        return vector / norm if norm > 0 else vector

    def _rank(self, unit_query: np.ndarray, top: int, excluded: list[str]) -> RankedWords:
        """The `top` words x ∉ excluded with the largest x̂·unit_query, ties by row order."""
        top = check_int(top, "top")
        scores = self.unit_vectors @ unit_query  # (V,) cosine of every word with the query
        for word in excluded:
            scores[self.index(word)] = -np.inf
        best = np.argsort(-scores, kind="stable")[:top]
        return RankedWords((self.words[i], float(scores[i])) for i in best if scores[i] > -np.inf)

    # --- saving and loading ------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> Path:
        """Write words and vectors to the .npz file `path` (exactly that name); return it.

        The write is atomic: if it fails half-way, a file already at `path` is left untouched.
        """

        def write(file) -> None:
            np.savez(
                file,
                format=np.array(FORMAT_MARKER),
                version=np.array(FORMAT_VERSION),
                words=np.array(self.words, dtype=str),  # fixed-width unicode, no pickle
                vectors=self.vectors,
            )

        return write_atomically(path, write, binary=True)

    @classmethod
    def load(cls, path: str | os.PathLike) -> WordVectors:
        """Read a file written by `save`; ValueError if it is not one (or is damaged)."""
        path = Path(path)
        with path.open("rb") as file:
            if not file.read(4).startswith(b"PK"):
                raise ValueError(f"cannot load word vectors from {path}: not a .npz (zip) file")
            file.seek(0)
            try:
                with np.load(file, allow_pickle=False) as archive:
                    words, vectors = _read_archive(archive)
                return cls(words, vectors)
            except (ValueError, TypeError, EOFError, OSError, zipfile.BadZipFile) as error:
                raise ValueError(f"cannot load word vectors from {path}: {error}") from error

    def save_word2vec_format(self, path: str | os.PathLike) -> Path:
        """Write the word2vec text format: a line "V H", then "word v1 v2 ... vH" per word.

        Values are written with enough digits to be read back exactly (%.9g for float32,
        %.17g for float64); gensim reads the file with
        KeyedVectors.load_word2vec_format(path, binary=False). The write is atomic, as in `save`.
        """
        size, dims = self.vectors.shape
        row_format = " ".join([ROUND_TRIP_FORMAT[self.vectors.dtype]] * dims)

        def write(file) -> None:
            file.write(f"{size} {dims}\n")
            # a row at a time: vectors.tolist() would hold V x H Python floats at once, 32 bytes
            # each (60 MB for 18,600 words x 100 dimensions)
            for word, row in zip(self.words, self.vectors, strict=True):
                file.write(f"{word} {row_format % tuple(row.tolist())}\n")

        return write_atomically(path, write, binary=False)

    @classmethod
    def load_word2vec_format(
        cls, path: str | os.PathLike, dtype: npt.DTypeLike = np.float32
    ) -> WordVectors:
        """Read the word2vec text format (UTF-8, a leading BOM allowed) into vectors of `dtype`.

        `dtype` is float32 or float64. The file does not say which dtype it was written from:
        pass dtype=np.float64 to get float64 vectors back exactly.
        """
        dtype = np.dtype(dtype)
        if dtype not in FLOAT_DTYPES:
            raise TypeError(f"dtype must be float32 or float64, got {dtype}")
        path = Path(path)
        with path.open(encoding="utf-8-sig") as file:  # "-sig": skips a byte-order mark
            try:
                words, rows = _read_word2vec_text(file)
            except UnicodeDecodeError as error:
                raise ValueError(f"{path} is not UTF-8 text: {error}") from error
            except ValueError as error:
                raise ValueError(f"{path}: {error}") from error
        with np.errstate(over="ignore"):  # a value too large for float32 becomes inf: rejected
            vectors = np.stack(rows).astype(dtype)
        try:
            return cls(words, vectors)
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from error


def write_atomically(
    path: str | os.PathLike, write: Callable[[object], None], binary: bool
) -> Path:
    """Call ``write(file)`` on a temporary file next to `path`, then rename it to `path`.

    A rename within one folder is atomic: readers see the old file or the new one, never a
    fragment. If anything goes wrong (a full disk, Ctrl-C), the temporary file is removed and a
    file already at `path` is left as it was.
    """
    path = Path(path)
    folder, name = path.parent, path.name
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        if binary:
            file = os.fdopen(descriptor, "wb")
        else:
            file = os.fdopen(descriptor, "w", encoding="utf-8", newline="\n")
        with file:
            write(file)
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename, so a crash cannot swap in less
        os.chmod(temporary, _new_file_mode())  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _new_file_mode() -> int:
    """The permissions open() would give a new file: 0o666 minus the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _read_archive(archive: np.lib.npyio.NpzFile) -> tuple[list[str], np.ndarray]:
    """Check the arrays of a `WordVectors.save` file and return (words, vectors)."""
    missing = sorted({"format", "version", "words", "vectors"} - set(archive.files))
    if missing:
        raise ValueError(
            f"it is not a WordVectors .npz file (missing arrays: {', '.join(missing)})"
        )
    marker = archive["format"]
    if marker.shape != () or marker.dtype.kind != "U" or str(marker) != FORMAT_MARKER:
        raise ValueError(f"it is not a WordVectors .npz file (format is {marker!r})")
    version = archive["version"]
    if version.shape != () or version.dtype.kind not in "iu":
        raise ValueError(f"its format version is damaged: {version!r}")
    if int(version) != FORMAT_VERSION:
        raise ValueError(
            f"it has format version {int(version)}; this edu_w2v reads version {FORMAT_VERSION}"
        )
    words = archive["words"]
    if words.ndim != 1 or words.dtype.kind != "U":
        raise ValueError(
            f"words must be a 1-D unicode array, got shape {words.shape} dtype {words.dtype}"
        )
    return words.tolist(), archive["vectors"]


def _read_word2vec_text(lines: Iterable[str]) -> tuple[list[str], list[np.ndarray]]:
    """Parse word2vec text lines into (words, rows); ValueError naming the bad line."""
    lines = iter(lines)
    header = next(lines, "")
    fields = header.split()
    if len(fields) != 2 or not all(field.isdigit() for field in fields):
        raise ValueError(f"line 1 must be the header 'V H' (two ints), got {header[:60]!r}")
    size, dims = int(fields[0]), int(fields[1])
    if size < 1 or dims < 1:
        raise ValueError(f"the header must announce V >= 1 words of H >= 1 dims, got {header!r}")
    words: list[str] = []
    rows: list[np.ndarray] = []  # float64 (H,) each: Python's float() parses exactly
    for line_number, line in enumerate(lines, start=2):
        fields = line.split()
        if not fields:
            continue  # blank line, e.g. at the end of the file
        if len(words) == size:
            raise ValueError(f"line {line_number}: more words than the {size} in the header")
        if len(fields) != dims + 1:
            raise ValueError(
                f"line {line_number}: expected a word and {dims} numbers, got {len(fields)} fields"
            )
        try:
            rows.append(np.array([float(field) for field in fields[1:]]))
        except ValueError as error:
            raise ValueError(f"line {line_number} ({fields[0]!r}): {error}") from error
        words.append(fields[0])
    if len(words) != size:
        raise ValueError(f"the header announces {size} words but the file has {len(words)}")
    return words, rows
