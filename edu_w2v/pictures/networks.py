"""The two word2vec networks, drawn with their two weight matrices.

CBOW: the context words' rows of W_in are averaged into h, and h scores the centre word
through its row of W_out.  Skip-gram: the centre word's row of W_in is h, and h scores each
context word through W_out. With negative sampling the output side scores only the true word
and k sampled ones, never the whole vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from edu_w2v.language import text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_WORD = {"boxstyle": "round", "fc": "#dbe9f6", "ec": "#3b6ea5"}
_HIDDEN = {"boxstyle": "round", "fc": "#d4efd4", "ec": "#3d8b3d"}
_OUTPUT = {"boxstyle": "round", "fc": "#fde2c8", "ec": "#c0702a"}


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], label: str = "") -> None:
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "color": "#444444"})
    if label:
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.12)
        ax.text(*middle, label, ha="center", va="bottom", fontsize=9, color="#444444")


def _column(ax: Axes, x: float, words: Sequence[str], style: dict) -> list[tuple[float, float]]:
    """Write `words` one under the other at x, centred on y = 0; return their positions."""
    ys = [(len(words) - 1) / 2 - i for i in range(len(words))]
    for word, y in zip(words, ys, strict=True):
        ax.text(x, y, word, ha="center", va="center", bbox=style)
    return [(x, y) for y in ys]


def _figure(title: str, n_rows: int) -> tuple[Figure, Axes]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.7 * n_rows + 1.5))
    ax.set_xlim(0, 10)
    ax.set_ylim(-n_rows / 2 - 0.3, n_rows / 2 + 0.3)
    ax.axis("off")
    ax.set_title(title)
    return fig, ax


def draw_cbow(context: Sequence[str] = ("the", "cat", "on", "the"), target: str = "sat") -> Figure:
    """CBOW: context words -> W_in rows -> h = their mean -> W_out row of the target -> sigma."""
    fig, ax = _figure(
        text(
            f"CBOW: predict the centre word '{target}' from its context",
            f"CBOW：由上下文预测中心词 '{target}'",
        ),
        max(len(context), 3),
    )
    inputs = _column(ax, 1.2, list(context), _WORD)
    mean = text("h = mean of\nthe W_in rows", "h = W_in 各行\n的平均")
    (hidden,) = _column(ax, 5.0, [mean], _HIDDEN)
    (score,) = _column(
        ax,
        8.6,
        [
            text(
                f"sigma(W_out[{target}] . h)\nis '{target}' the centre?",
                f"sigma(W_out[{target}] . h)\n'{target}' 是中心词吗？",
            )
        ],
        _OUTPUT,
    )
    for i, start in enumerate(inputs):
        _arrow(
            ax, (start[0] + 0.6, start[1]), (hidden[0] - 1.1, hidden[1]), "W_in" if i == 0 else ""
        )
    _arrow(ax, (hidden[0] + 1.1, hidden[1]), (score[0] - 1.4, score[1]), "W_out")
    fig.tight_layout()
    return fig


def draw_skip_gram(
    centre: str = "sat", context: Sequence[str] = ("the", "cat", "on", "the")
) -> Figure:
    """Skip-gram: centre word -> its W_in row h -> a W_out score for each context word."""
    fig, ax = _figure(
        text(
            f"Skip-gram: predict each context word from the centre word '{centre}'",
            f"skip-gram：由中心词 '{centre}' 预测每个上下文词",
        ),
        max(len(context), 3),
    )
    (word,) = _column(ax, 1.2, [centre], _WORD)
    (hidden,) = _column(ax, 4.2, ["h = W_in[" + centre + "]"], _HIDDEN)
    outputs = _column(ax, 8.3, [f"sigma(W_out[{c}] . h)" for c in context], _OUTPUT)
    _arrow(ax, (word[0] + 0.5, word[1]), (hidden[0] - 1.0, hidden[1]), "W_in")
    for i, end in enumerate(outputs):
        _arrow(ax, (hidden[0] + 1.0, hidden[1]), (end[0] - 1.3, end[1]), "W_out" if i == 0 else "")
    fig.tight_layout()
    return fig
