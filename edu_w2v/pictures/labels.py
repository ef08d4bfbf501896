"""Readable labels: move text labels apart until no two of them overlap.

Labels of nearby points (king, queen and emperor in a projection) are drawn on top of each other.
``spread_labels`` measures each label's box on the figure and, from the lowest label up, raises a
label a few points at a time while it overlaps one already placed. Deterministic: the same figure
always gets the same placement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.text import Text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox


def _text_box(label: Annotation, renderer: RendererBase) -> Bbox:
    """The box of the label's text only (an annotation's own box includes its arrow)."""
    label.update_positions(renderer)
    return Text.get_window_extent(label, renderer).expanded(1.02, 1.1)


def spread_labels(
    ax: Axes, labels: Sequence[Annotation], step: float = 2.0, rounds: int = 500
) -> None:
    """Move `labels` (annotations in offset points) up until their boxes do not overlap.

    From the lowest label up, each one rises `step` points at a time until it is clear of every
    label already placed (at most `rounds` steps), so the loop always ends.
    """
    ax.autoscale_view()  # the final limits: a label's box is measured where it will be drawn
    renderer = ax.figure.canvas.get_renderer()
    boxes = [_text_box(label, renderer) for label in labels]
    placed: list[Bbox] = []
    for i in sorted(range(len(labels)), key=lambda i: (boxes[i].y0, boxes[i].x0)):
        box = boxes[i]
        for _ in range(rounds):
            if not any(box.overlaps(other) for other in placed):
                break
            x, y = labels[i].xyann
            labels[i].xyann = (x, y + step)
            box = _text_box(labels[i], renderer)
        placed.append(box)
