"""The embedding backward with a repeated row: every dout row flows into the row it looked up.

    dW[v] = sum of dout[i] over the positions i with idx[i] == v

Drawn for a small W (V rows): the rows of dout on the left, the rows of dW on the right, one
arrow per looked-up position. A row looked up twice receives two arrows and their sum; with
``flawed=True`` the picture shows what ``dW[idx] += dout`` keeps instead: one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from edu_w2v.language import text

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def draw_embedding_backward(
    idx: Sequence[int] = (1, 1, 3), vocab_size: int = 5, *, flawed: bool = False
) -> Figure:
    """Draw dout (N rows) flowing into dW (vocab_size rows) through the ids `idx`."""
    import matplotlib.pyplot as plt

    idx = [int(i) for i in idx]
    if not idx or any(not 0 <= i < vocab_size for i in idx):
        raise ValueError(f"idx must be ids in [0, {vocab_size}), got {idx}")
    fig, ax = plt.subplots(figsize=(7, 0.55 * max(len(idx), vocab_size) + 1.2))
    ax.set_xlim(0, 10)
    top = max(len(idx), vocab_size)
    ax.set_ylim(-0.8, top + 0.2)
    ax.axis("off")

    def row_y(position: int) -> float:
        return top - 1 - position

    for i, word in enumerate(idx):
        ax.text(
            1.5,
            row_y(i),
            f"dout[{i}]  (idx = {word})",
            ha="center",
            va="center",
            bbox={"boxstyle": "round", "fc": "#dbe9f6", "ec": "#3b6ea5"},
        )
    for v in range(vocab_size):
        sources = [i for i, word in enumerate(idx) if word == v]
        if not sources:
            label, colour = f"dW[{v}] = 0", "#eeeeee"
        elif len(sources) == 1 or flawed:
            label, colour = f"dW[{v}] = dout[{sources[-1]}]", "#fde2c8"
        else:
            label = f"dW[{v}] = " + " + ".join(f"dout[{i}]" for i in sources)
            colour = "#d4efd4"
        ax.text(
            8.0,
            row_y(v),
            label,
            ha="center",
            va="center",
            bbox={"boxstyle": "round", "fc": colour, "ec": "#777777"},
        )
    for i, word in enumerate(idx):
        lost = flawed and i != max(j for j, w in enumerate(idx) if w == word)
        ax.annotate(
            "",
            xy=(6.2, row_y(word)),
            xytext=(3.2, row_y(i)),
            arrowprops={
                "arrowstyle": "->",
                "color": "#bbbbbb" if lost else "#333333",
                "linestyle": "--" if lost else "-",
            },
        )
    title = (
        text(
            "dW[idx] += dout: a repeated row keeps one update (dashed: lost)",
            "dW[idx] += dout：重复的行只保留一次更新（虚线：丢失）",
        )
        if flawed
        else text(
            "np.add.at(dW, idx, dout): a repeated row receives the sum",
            "np.add.at(dW, idx, dout)：重复的行得到梯度之和",
        )
    )
    ax.set_title(title)
    fig.tight_layout()
    return fig
