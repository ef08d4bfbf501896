"""Rebuild ``site/explorer/wordnet_vectors.npz``, the vectors of the website's explorer page.

The site never trains (``make site`` stays fast): it shows the vectors this script exported once.
They are the vectors of notebooks 09 and 10 — CBOW (6 epochs) and skip-gram (2 epochs) trained by
``train_word_vectors(engine="numpy")`` on the bundled WordNet glosses, seed 0, every other
setting its default —
reduced by ``edu_w2v.explorer.export.export_model``: the 5,000 most frequent words, each vector
scaled to length 1 and rounded to float16, with its 2-D PCA coordinates. Then it prints what the
export costs, measured over all the exported words against the float32 vectors:

- how much of the corpus the exported words cover, and how rare the rarest of them is;
- float16 against float32, and for comparison int8 (each unit vector scaled so that its largest
  component is 127, then rounded): how many words keep their top-10 neighbours, in the same
  order, and how far the similarities of those neighbours move;
- the export's file size and the size of the script the page loads.

    python scripts/build_explorer_vectors.py                # train both models (~5 min), export
    python scripts/build_explorer_vectors.py --float32 DIR  # keep the float32 vectors in DIR
                                                            #   (cbow.npz, skipgram.npz), or use
                                                            #   them if they are there already

The same seed on the same NumPy gives the same vectors (notebooks 09 and 10 print them).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from edu_w2v.datasets import load_wordnet_glosses
from edu_w2v.explorer import DEFAULT_WORDS
from edu_w2v.explorer.export import data_script, export_model, save_export
from edu_w2v.preprocessing import Vocabulary, tokenize
from edu_w2v.training import train_word_vectors
from edu_w2v.word_vectors import WordVectors

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "site" / "explorer" / "wordnet_vectors.npz"
# name on the page, train_word_vectors' model, epochs: those of notebooks 09 and 10
MODELS = (("CBOW", "cbow", 6), ("skip-gram", "skipgram", 2))
TOP = 10


def float32_vectors(text: str, model: str, epochs: int, folder: Path | None) -> WordVectors:
    """The float32 vectors of `model`: loaded from `folder` if saved there before, else trained."""
    saved = folder / f"{model}.npz" if folder else None
    if saved and saved.is_file():
        return WordVectors.load(saved)
    vectors = train_word_vectors(text, model=model, epochs=epochs, seed=0, engine="numpy").vectors
    if saved:
        vectors.save(saved)
    return vectors


def neighbours(unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's TOP nearest rows (itself left out) and the similarity matrix (float64)."""
    unit = unit.astype(np.float64)
    unit = unit / np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-300)
    similarities = unit @ unit.T
    ranking = similarities.copy()
    np.fill_diagonal(ranking, -np.inf)
    return np.argsort(-ranking, axis=1, kind="stable")[:, :TOP], similarities


def int8_rounded(unit: np.ndarray) -> np.ndarray:
    largest = np.abs(unit).max(axis=1, keepdims=True)
    return np.round(unit * (127 / np.where(largest > 0, largest, 1)))


def compare(name: str, exact: np.ndarray, rounded: np.ndarray) -> str:
    """How the rounded unit vectors change each word's top-10 neighbours and their similarities."""
    best, similarities = neighbours(exact)
    best_rounded, rounded_similarities = neighbours(rounded)
    same_set = np.mean([set(a) == set(b) for a, b in zip(best, best_rounded, strict=True)])
    same_order = np.mean((best == best_rounded).all(axis=1))
    before = np.take_along_axis(similarities, best, axis=1)
    after = np.take_along_axis(rounded_similarities, best, axis=1)
    moved = np.abs(after - before)
    third_decimal = np.mean(np.round(after, 3) != np.round(before, 3))
    return (
        f"  {name:>7}: same top-{TOP} words {same_set:.1%}, in the same order {same_order:.1%}; "
        f"similarity moved by {moved.mean():.6f} on average, {moved.max():.6f} at most; "
        f"third decimal changed in {third_decimal:.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--float32", type=Path, help="a folder to keep (or reuse) the vectors in")
    parser.add_argument("--out", type=Path, default=OUT, help="the export to write")
    args = parser.parse_args()
    text = load_wordnet_glosses()
    tokens = tokenize(text)
    counts = Vocabulary.from_tokens(tokens).counts
    exported = []
    for name, model, epochs in MODELS:
        vectors = float32_vectors(text, model, epochs, args.float32)
        export = export_model(name, vectors, DEFAULT_WORDS)
        exported.append(export)
        count = len(export.words)
        unit = vectors.unit_vectors[:count]
        print(f"{name}: the {count:,} most frequent of {len(vectors):,} words")
        print(compare("float16", unit, export.vectors))
        print(compare("int8", unit, int8_rounded(unit)))
    count = len(exported[0].words)
    print(
        f"the {count:,} words make up {counts[:count].sum() / len(tokens):.1%} of the corpus's "
        f"{len(tokens):,} words; the rarest of them is seen {counts[count - 1]} times"
    )
    path = save_export(args.out, exported)
    script = len(data_script(exported).encode("utf-8")) / 1e6
    print(f"wrote {path}: {path.stat().st_size / 1e6:.2f} MB; the page's script {script:.2f} MB")


if __name__ == "__main__":
    main()
