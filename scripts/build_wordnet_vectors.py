"""Rebuild ``edu_w2v/data/wordnet_cbow_vectors.npz``, the CBOW vectors the package ships.

They are the vectors lesson 09 trains (``train_word_vectors`` on the bundled WordNet glosses with
``datasets.WORDNET_VECTORS_RECIPE``: CBOW, 6 epochs, seed 0, the NumPy engine), stored so that
lesson 01's on-ramp and lesson 11 can look at real vectors without two minutes of training first.
Lesson 09 checks that the copy agrees with what it trains.

The vectors are rounded to float16 (3.7 MB instead of 7.4 MB; a component keeps ~3 significant
digits, cosine similarities move by ~1e-3) and written as a compressed .npz with fixed file times,
so the same vectors give the same bytes:

    python scripts/build_wordnet_vectors.py     # trains (~2 min on a slow core), writes, prints
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import numpy as np

from edu_w2v.datasets import WORDNET_VECTORS, WORDNET_VECTORS_RECIPE, load_wordnet_glosses
from edu_w2v.training import train_word_vectors

OUT = Path(__file__).resolve().parent.parent / "edu_w2v" / "data" / WORDNET_VECTORS


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """A compressed .npz of `arrays` whose bytes depend only on the arrays (fixed file times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def main() -> None:
    start = time.perf_counter()
    result = train_word_vectors(load_wordnet_glosses(), **WORDNET_VECTORS_RECIPE)
    vectors = result.vectors
    data = npz_bytes(
        {
            "words": np.array(vectors.words, dtype=str),
            "vectors": vectors.vectors.astype(np.float16),
        }
    )
    OUT.write_bytes(data)
    seconds = time.perf_counter() - start
    rows, dims = vectors.vectors.shape
    print(f"{rows:,} words x {dims} dimensions -> {OUT.name}: {len(data) / 1e6:.1f} MB")
    print(f"final epoch loss {result.epoch_losses[-1]:.4f}; {seconds:.0f} s")


if __name__ == "__main__":
    main()
