"""An analogy as a parallelogram: a is to b as c is to d when b - a + c lands near d.

The unit vectors of a, b, c, d and the query b̂ - â + ĉ are projected on their two principal
directions (``edu_w2v.pictures.projection.pca_2d``). The arrows a → b and c → query are the same
vector by construction; the picture shows how close d comes to the query — and which word is
nearest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from edu_w2v.language import text
from edu_w2v.pictures.labels import spread_labels
from edu_w2v.pictures.projection import pca_2d
from edu_w2v.word_vectors import WordVectors

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def draw_analogy(vectors: WordVectors, a: str, b: str, c: str, d: str) -> Figure:
    """The parallelogram a, b, query = b̂ - â + ĉ, c, with the expected answer d and the nearest
    word to the query (excluding a, b, c) marked."""
    import matplotlib.pyplot as plt

    nearest = vectors.analogy(a, b, c, top=1)[0][0]
    words = list(dict.fromkeys([a, b, c, d, nearest]))
    unit = vectors.unit_vectors
    query = unit[vectors.index(b)] - unit[vectors.index(a)] + unit[vectors.index(c)]
    points = np.vstack([unit[[vectors.index(w) for w in words]], query / np.linalg.norm(query)])
    xy = dict(zip([*words, "query"], pca_2d(points), strict=True))

    fig, ax = plt.subplots(figsize=(6.5, 5))
    for start, end in ((a, b), (c, "query")):
        ax.annotate(
            "",
            xy=xy[end],
            xytext=xy[start],
            arrowprops={"arrowstyle": "->", "color": "#3b6ea5", "lw": 1.5},
        )
    for start, end in ((a, c), (b, "query")):
        ax.plot(*zip(xy[start], xy[end], strict=True), ":", color="#999999")
    colours = {d: "#2e8b57", nearest: "#c0702a"}
    labels = []
    for word in words:
        ax.scatter(*xy[word], s=30, color=colours.get(word, "#3b6ea5"), zorder=3)
        labels.append(ax.annotate(word, xy[word], xytext=(5, 4), textcoords="offset points"))
    ax.scatter(*xy["query"], s=60, marker="x", color="#c0392b", zorder=3)
    labels.append(
        ax.annotate(
            f"{b} - {a} + {c}",
            xy["query"],
            xytext=(5, 4),
            textcoords="offset points",
            color="#c0392b",
        )
    )
    ax.set_title(
        text(
            f"{a} : {b} :: {c} : ?   expected {d}, nearest {nearest}",
            f"{a} : {b} :: {c} : ?   期望 {d}，最近 {nearest}",
        )
    )
    ax.set_xlabel(text("principal direction 1", "主方向 1"))
    ax.set_ylabel(text("principal direction 2", "主方向 2"))
    spread_labels(ax, labels)
    fig.tight_layout()
    return fig
