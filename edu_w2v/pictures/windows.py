"""The sliding window: each position of the corpus is one example, its centre word and the
`window` words on each side (CBOW predicts the centre from them; skip-gram each of them from it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from edu_w2v.language import text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_CENTRE = {"boxstyle": "round", "fc": "#fde2c8", "ec": "#c0702a"}
_CONTEXT = {"boxstyle": "round", "fc": "#dbe9f6", "ec": "#3b6ea5"}
_OUTSIDE = {"boxstyle": "round", "fc": "#f4f4f4", "ec": "#bbbbbb"}


def draw_sliding_window(
    words: Sequence[str], window: int = 2, positions: Sequence[int] | None = None
) -> Figure:
    """One row per position in `positions` (default: the first three full windows): the sentence,
    its centre word (orange) and the `window` context words on each side (blue)."""
    import matplotlib.pyplot as plt

    words = list(words)
    if window < 1 or len(words) < 2 * window + 1:
        raise ValueError(f"need at least 2 * window + 1 = {2 * window + 1} words, got {len(words)}")
    if positions is None:
        positions = range(window, min(window + 3, len(words) - window))
    positions = list(positions)
    if any(not window <= p < len(words) - window for p in positions):
        raise ValueError(f"positions must be in [{window}, {len(words) - window}), got {positions}")
    fig, ax = plt.subplots(figsize=(1.05 * len(words) + 1.5, 0.8 * len(positions) + 0.9))
    ax.set_xlim(-0.6, len(words) + 1.4)
    ax.set_ylim(-len(positions) + 0.4, 0.8)
    ax.axis("off")
    for row, centre in enumerate(positions):
        for i, word in enumerate(words):
            if i == centre:
                style = _CENTRE
            elif abs(i - centre) <= window:
                style = _CONTEXT
            else:
                style = _OUTSIDE
            ax.text(i, -row, word, ha="center", va="center", bbox=style, fontsize=10)
        target = text(f"target: {words[centre]}", f"目标词：{words[centre]}")
        ax.text(len(words) + 0.1, -row, target, va="center", fontsize=9)
    ax.set_title(
        text(
            f"window = {window}: the centre word (orange) and its context (blue), "
            "one example per position",
            f"窗口 = {window}：中心词（橙色）及其上下文（蓝色），每个位置一个样本",
        )
    )
    fig.tight_layout()
    return fig
