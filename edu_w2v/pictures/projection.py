"""Word vectors in two dimensions: their top two principal directions (PCA), labelled."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from edu_w2v.language import text
from edu_w2v.pictures.labels import spread_labels
from edu_w2v.word_vectors import WordVectors

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def pca_2d(points: np.ndarray) -> np.ndarray:
    """Coordinates (n, 2) of the points (n, H) on their top two principal directions.

    X = points - mean; X = U S Vᵀ (SVD); coordinates = X @ V[:, :2]. Each direction's sign
    is fixed so that its largest coordinate (in absolute value) is positive.
    """
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or len(points) == 0:
        raise ValueError(f"points must have shape (n, H) with n >= 1, got {points.shape}")
    centred = points - points.mean(axis=0)
    _, _, directions = np.linalg.svd(centred, full_matrices=False)  # (min(n, H), H)
    coordinates = np.zeros((len(points), 2))
    count = min(2, len(directions))
    coordinates[:, :count] = centred @ directions[:count].T
    for k in range(count):
        if coordinates[np.abs(coordinates[:, k]).argmax(), k] < 0:
            coordinates[:, k] *= -1
    return coordinates


def plot_projection(
    wv: WordVectors, words: Iterable[str], ax: Axes | None = None, *, normalise: bool = True
) -> Axes:
    """Scatter the `words` on the top two principal directions of their vectors, labelled
    (labels moved apart where they would overlap).

    normalise: use the unit vectors x̂ (the geometry behind cosine similarity) rather than
    the raw ones. Draws into `ax`, or a new figure when ax is None; returns the Axes.
    """
    if not isinstance(wv, WordVectors):
        raise TypeError(f"wv must be a WordVectors, got {type(wv).__name__}")
    if isinstance(words, str):
        raise TypeError(f"words must be a collection of words, not one str; use [{words!r}]")
    words = list(words)
    if not words:
        raise ValueError("words must contain at least one word")
    missing = [word for word in words if word not in wv]
    if missing:
        raise KeyError(f"not in the vocabulary of {len(wv)} words: {', '.join(map(repr, missing))}")
    vectors = wv.unit_vectors if normalise else wv.vectors
    coordinates = pca_2d(vectors[[wv.index(word) for word in words]])
    if ax is None:
        import matplotlib.pyplot as plt  # imported here: only plotting needs matplotlib

        _, ax = plt.subplots(figsize=(6, 5))
    ax.scatter(coordinates[:, 0], coordinates[:, 1], s=12)
    labels = [
        ax.annotate(
            word,
            (x, y),
            xytext=(4, 3),
            textcoords="offset points",
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5},
        )
        for word, (x, y) in zip(words, coordinates, strict=True)
    ]
    ax.set_xlabel(text("principal direction 1", "主方向 1"))
    ax.set_ylabel(text("principal direction 2", "主方向 2"))
    spread_labels(ax, labels)  # nearby words: labels moved apart until none overlaps
    return ax
