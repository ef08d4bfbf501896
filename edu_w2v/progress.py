"""The progress bar of long work (training): how it looks and how often it draws.

In a terminal it is tqdm's ordinary text bar. Inside a Jupyter kernel every redraw is a message
sent to the notebook, so there the bar is a plain text bar on stdout (no widget: nothing needed
beyond tqdm, no warning when ipywidgets is missing) that redraws at most every
``KERNEL_REDRAW_SECONDS`` and every ``1 / KERNEL_REDRAWS`` of the work: however slow the
machine, a bar sends at most about ``KERNEL_REDRAWS`` messages. A slow or loaded machine then
cannot flood the kernel, and a stored notebook shows the bar's last state (its carriage returns
collapse to one line).
"""

from __future__ import annotations

import math
import sys

from tqdm.std import tqdm

KERNEL_REDRAWS = 20  # at most about this many redraws of a bar inside a kernel...
KERNEL_REDRAW_SECONDS = 2.0  # ...and at least this long apart


class ProgressBar(tqdm):
    """tqdm with ``finish()``: the work is done, so the bar's estimated total becomes exact."""

    monitor_interval = 0  # no background thread that redraws on its own

    def finish(self) -> None:
        """Make the total the count reached (it was an estimate): the closed bar shows 100 %."""
        self.total = self.n
        self.delay = 0  # close() draws the final state, even of a bar too short to have shown


def in_kernel() -> bool:
    """True inside a Jupyter (IPython) kernel, where every redraw is a message to the notebook."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and hasattr(shell, "kernel")


def progress_bar(total: int, disable: bool = False, unit: str = " targets") -> ProgressBar:
    """A progress bar over ``total`` units (targets, for training); see the module's docstring."""
    if not in_kernel():
        return ProgressBar(total=total, unit=unit, unit_scale=True, disable=disable)
    return ProgressBar(
        total=total,
        unit=unit,
        unit_scale=True,
        disable=disable,
        file=sys.stdout,
        mininterval=KERNEL_REDRAW_SECONDS,
        delay=KERNEL_REDRAW_SECONDS,  # no stored "0%" line: the first draw comes later
        maxinterval=math.inf,  # never lower miniters after a slow stretch
        miniters=max(1, math.ceil(total / KERNEL_REDRAWS)),
        ascii=True,
        ncols=100,
    )
