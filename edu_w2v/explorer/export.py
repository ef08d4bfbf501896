"""The explorer's data: word vectors made small enough for a web page, and the script holding them.

Cosine similarity needs only each vector's direction. So the export keeps, for the `words` first
words (edu_w2v's vocabulary and word2vec's files list the most frequent first), the unit vectors
x̂ = x / |x| rounded to float16: 2 bytes a number, 11 significant bits. Against the float32
vectors of the series (5,000 words, CBOW and skip-gram) this moves a similarity by at most 0.0001
and keeps 98 % of the words' top-10 lists in the same order; int8 would halve the size but change
the third decimal of a third of the similarities (scripts/build_explorer_vectors.py measures).

The page computes with exactly the exported numbers: a float16 is exactly a JavaScript number, and
`ExportedModel.word_vectors()` holds them as float64, so its `most_similar` and `analogy` give
the page's similarities (a test compares them in Chromium).
"""

from __future__ import annotations

import base64
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from edu_w2v.explorer import DEFAULT_WORDS
from edu_w2v.pictures.projection import pca_2d
from edu_w2v.validation import check_int
from edu_w2v.word_vectors import WordVectors, write_atomically

FORMAT_MARKER = "edu_w2v.explorer"
FORMAT_VERSION = 1


@dataclass(frozen=True, eq=False)
class ExportedModel:
    """One set of exported vectors: row i of `vectors` is the (rounded) unit vector of words[i].

    name: what the page calls it ("CBOW", a file's name); vectors: (n, H) float16;
    coordinates: (n, 2) float32, the PCA map; vocabulary_size: the words it was exported from.
    """

    name: str
    words: list[str]
    vectors: np.ndarray
    coordinates: np.ndarray
    vocabulary_size: int

    def word_vectors(self) -> WordVectors:
        """The exported vectors as `WordVectors` (float64): the numbers the page computes with."""
        return WordVectors(self.words, self.vectors.astype(np.float64))


def export_model(name: str, vectors: WordVectors, words: int = DEFAULT_WORDS) -> ExportedModel:
    """The first `words` words of `vectors` (all, if fewer), as unit vectors in float16, with
    their coordinates on the top two principal directions of the exported unit vectors."""
    if not isinstance(vectors, WordVectors):
        raise TypeError(f"vectors must be a WordVectors, got {type(vectors).__name__}")
    count = min(check_int(words, "words"), len(vectors))
    kept = list(vectors.words[:count])
    rounded = vectors.unit_vectors[:count].astype(np.float16)
    coordinates = pca_2d(WordVectors(kept, rounded.astype(np.float64)).unit_vectors)
    return ExportedModel(str(name), kept, rounded, coordinates.astype(np.float32), len(vectors))


def save_export(path: str | os.PathLike, models: Sequence[ExportedModel]) -> Path:
    """Write the exported models to the .npz file `path` (compressed, atomically); return it."""
    arrays = {"format": np.array(FORMAT_MARKER), "version": np.array(FORMAT_VERSION)}
    arrays["models"] = np.array(len(models))
    for i, model in enumerate(models):
        arrays[f"name_{i}"] = np.array(model.name)
        arrays[f"words_{i}"] = np.array(model.words, dtype=str)
        arrays[f"vectors_{i}"] = model.vectors
        arrays[f"coordinates_{i}"] = model.coordinates
        arrays[f"vocabulary_size_{i}"] = np.array(model.vocabulary_size)
    return write_atomically(path, lambda file: np.savez_compressed(file, **arrays), binary=True)


def load_export(path: str | os.PathLike) -> list[ExportedModel]:
    """Read a file written by `save_export`; ValueError if it is not one."""
    path = Path(path)
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError("it is a .npy array, not an .npz archive")
        with archive:
            return _read_models(archive)
    except (ValueError, KeyError, zipfile.BadZipFile, EOFError) as error:
        raise ValueError(f"cannot load explorer vectors from {path}: {error}") from error


def _read_models(archive: np.lib.npyio.NpzFile) -> list[ExportedModel]:
    marker = str(archive["format"]) if "format" in archive.files else None
    if marker != FORMAT_MARKER:
        raise ValueError(f"it is not what save_export writes (its format marker: {marker!r})")
    if int(archive["version"]) != FORMAT_VERSION:
        raise ValueError(f"it has format version {int(archive['version'])}, not {FORMAT_VERSION}")
    models = []
    for i in range(int(archive["models"])):
        words, vectors = archive[f"words_{i}"].tolist(), archive[f"vectors_{i}"]
        coordinates = archive[f"coordinates_{i}"]
        if vectors.dtype != np.float16 or vectors.ndim != 2 or len(vectors) != len(words):
            raise ValueError(f"model {i}: expected ({len(words)}, H) float16 vectors")
        if coordinates.dtype != np.float32 or coordinates.shape != (len(words), 2):
            raise ValueError(f"model {i}: expected ({len(words)}, 2) float32 coordinates")
        name, size = str(archive[f"name_{i}"]), int(archive[f"vocabulary_size_{i}"])
        models.append(ExportedModel(name, words, vectors, coordinates, size))
    return models


def _base64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def data_script(models: Sequence[ExportedModel]) -> str:
    """The JavaScript file that hands the models to the page (a <script> works from disk, where
    a page may not fetch() a file): ``window.eduW2vExplorerData = {"models": [...]}``."""
    data = {
        "models": [
            {
                "name": model.name,
                "dims": int(model.vectors.shape[1]),
                "vocabularySize": model.vocabulary_size,
                "words": model.words,
                "vectors": _base64(model.vectors, "<f2"),
                "coordinates": _base64(model.coordinates, "<f4"),
            }
            for model in models
        ]
    }
    return (
        "// Word vectors for edu_w2v's explorer, written by edu_w2v.explorer (do not edit).\n"
        "// Per model: its words, their unit vectors as float16 and their 2-D PCA map as float32,\n"
        "// both little-endian, row after row, in base64.\n"
        f"window.eduW2vExplorerData = {json.dumps(data, separators=(',', ':'))};\n"
    )
