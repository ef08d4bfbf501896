"""Rebuild the word vectors the package ships: ``wordnet`` or ``tang``.

- ``wordnet``: ``edu_w2v/data/wordnet_cbow_vectors.npz``, the vectors lesson 09 trains
  (``train_word_vectors`` on the bundled WordNet glosses with ``datasets.WORDNET_VECTORS_RECIPE``:
  CBOW, 6 epochs, seed 0, the NumPy engine), stored so that lesson 01's on-ramp and lesson 11 can
  look at real vectors without two minutes of training first. Lesson 09 checks that the copy
  agrees with what it trains.
- ``tang``: ``edu_w2v/data/tang_cbow_vectors.npz``, character vectors of the bundled Complete Tang
  Poems (``datasets.TANG_VECTORS_RECIPE``: CBOW, 6 epochs, seed 0, the compiled engine on one
  thread, which needs Numba: ``pip install -e ".[compiled]"``; about 35 s), each Han character a
  token, so that a lesson can look at them without training.

The vectors are rounded to float16 (half the size; a component keeps ~3 significant digits,
cosine similarities move by ~1e-3) and written as a compressed .npz with fixed file times, so
the same vectors give the same bytes:

    python scripts/build_vectors.py wordnet     # trains (~2 min on a slow core), writes, prints
    python scripts/build_vectors.py tang        # trains (~35 s), writes, prints
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

from edu_w2v import datasets
from edu_w2v.training import train_word_vectors

DATA = Path(__file__).resolve().parent.parent / "edu_w2v" / "data"
# corpus name -> (the text, the training call's keywords, the file)
BUNDLED = {
    "wordnet": (
        datasets.load_wordnet_glosses,
        datasets.WORDNET_VECTORS_RECIPE,
        datasets.WORDNET_VECTORS,
    ),
    "tang": (datasets.load_tang_poems, datasets.TANG_VECTORS_RECIPE, datasets.TANG_VECTORS),
}


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


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in BUNDLED:
        print(__doc__)
        return 2
    load_text, recipe, file_name = BUNDLED[argv[0]]
    start = time.perf_counter()
    result = train_word_vectors(load_text(), **recipe)
    vectors = result.vectors
    data = npz_bytes(
        {
            "words": np.array(vectors.words, dtype=str),
            "vectors": vectors.vectors.astype(np.float16),
        }
    )
    (DATA / file_name).write_bytes(data)
    seconds = time.perf_counter() - start
    rows, dims = vectors.vectors.shape
    print(f"{rows:,} words x {dims} dimensions -> {file_name}: {len(data) / 1e6:.1f} MB")
    print(f"final epoch loss {result.epoch_losses[-1]:.4f}; {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
