"""The negative-sampling distribution: word counts raised to a power, against the raw counts.

    P_power(w) = count(w) ** power / sum_v count(v) ** power

With power = 1 the frequent words take almost all draws; 0.75 flattens the curve, so rarer words
are drawn more often and the most frequent ones less.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from edu_w2v.language import text

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def unigram_distribution(counts: Sequence[int] | np.ndarray, power: float) -> np.ndarray:
    """P(w) proportional to counts ** power (counts: one per word, > 0), summing to 1."""
    weights = np.asarray(counts, dtype=float) ** power
    return weights / weights.sum()


def plot_unigram_power(
    counts: Sequence[int] | np.ndarray,
    words: Sequence[str] | None = None,
    power: float = 0.75,
    label_words: Sequence[str] = (),
) -> Figure:
    """P(w) by frequency rank for the raw counts (power 1) and for counts ** power, log-log.

    counts: (V,) sorted most frequent first; `label_words` (found in `words`) are marked.
    """
    import matplotlib.pyplot as plt

    counts = np.asarray(counts)
    if counts.ndim != 1 or not len(counts) or (counts <= 0).any():
        raise ValueError("counts must be a non-empty 1-D array of positive counts")
    ranks = np.arange(1, len(counts) + 1)
    raw, flattened = unigram_distribution(counts, 1.0), unigram_distribution(counts, power)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    raw_label = text("raw counts (power 1)", "原始计数（幂为 1）")
    ax.loglog(ranks, raw, label=raw_label, color="#3b6ea5")
    flattened_label = text(f"counts ** {power}", f"计数 ** {power}")
    ax.loglog(ranks, flattened, label=flattened_label, color="#c0702a")
    for word in label_words:
        i = list(words).index(word)
        for p, colour in ((raw[i], "#3b6ea5"), (flattened[i], "#c0702a")):
            ax.plot(ranks[i], p, "o", color=colour, markersize=4)
        ax.annotate(word, (ranks[i], flattened[i]), xytext=(4, 6), textcoords="offset points")
    ax.set_xlabel(text("rank of the word (1 = most frequent)", "词的排名（1 = 最高频）"))
    ax.set_ylabel(text("probability of being drawn as a negative", "被抽为负例的概率"))
    ax.set_title(
        text(
            "The negative-sampling distribution, before and after the power",
            "负采样分布：取幂之前与之后",
        )
    )
    ax.legend()
    fig.tight_layout()
    return fig
