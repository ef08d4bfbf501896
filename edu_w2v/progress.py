"""The progress bar of long work (training): how it looks and how often it draws.

Always a plain text bar (``tqdm.std``), never a notebook widget: it needs no ipywidgets, prints
no warning without them, and a notebook stores its last state as readable text.

How often it redraws depends on where it draws:

- a live terminal: as tqdm does (up to 10 times a second), each redraw costs nothing;
- anywhere else (a Jupyter kernel, a pipe, a log file): at most every ``QUIET_INTERVAL`` seconds
  AND every 1/``QUIET_STEPS`` of the total, so at most ``QUIET_STEPS`` + 2 redraws per bar,
  however slow the machine. In a kernel each redraw is a message to the client; a bar that sent
  hundreds of them per cell made nbval give up waiting on a loaded machine.

In a Jupyter kernel the bar writes to stdout (a normal output, not a red stderr box); elsewhere to
stderr, as tqdm does, so that a command's printed results stay apart from its progress.
A bar that is closed without an error ends at 100 %, even when ``total`` was an estimate (each
epoch bringing new data): the stored output of a training cell shows the finished run.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from tqdm.std import tqdm

from edu_w2v.language import text

QUIET_INTERVAL = 2.0  # seconds between two redraws, at least, outside a terminal
QUIET_STEPS = 20  # redraws over the whole bar, at most (one per 5 %), outside a terminal
KERNEL_WIDTH = 100  # characters: a notebook's output has no terminal width to ask


class ProgressBar(tqdm):
    """A tqdm text bar that can redraw rarely and that ends at 100 % when the work finished."""

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        self.quiet = quiet
        # the exception being handled when the bar started (usually None): close() compares
        self._exception_at_start = sys.exc_info()[1]
        super().__init__(*args, **kwargs)

    def set_description(self, desc: str | None = None, refresh: bool = True) -> None:
        """Change the text before the bar; a quiet bar shows it at its next redraw."""
        super().set_description(desc, refresh=refresh and not self.quiet)

    def show_epoch(self, epoch: int, epochs: int) -> None:
        """Show "epoch `epoch`/`epochs`" (from 1) before the bar, in the reader's language."""
        self.set_description(text(f"epoch {epoch}/{epochs}", f"第 {epoch}/{epochs} 轮"))

    def show_loss(self, loss: float) -> None:
        """Show the mean loss after the bar (at its next redraw)."""
        self.set_postfix({text("loss", "损失"): f"{loss:.4f}"}, refresh=False)

    def close(self) -> None:
        """End the bar; after work that finished (no error in flight) it shows 100 %."""
        finished = sys.exc_info()[1] is self._exception_at_start
        if finished and not self.disable and self.total and self.n != self.total:
            self.total = self.n  # the total was an estimate; the count is what was done
        super().close()


def _in_jupyter_kernel() -> bool:
    """True when running inside an IPython kernel (Jupyter, nbval), never importing IPython."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def progress_bar(
    total: int,
    disable: bool = False,
    unit: str | None = None,
    file: TextIO | None = None,
) -> ProgressBar:
    """A progress bar over ``total`` units (default: " targets", in the reader's language).

    ``file``: where to draw (default: stdout in a Jupyter kernel, stderr elsewhere). Outside a
    live terminal the bar redraws at most every ``QUIET_INTERVAL`` s and every
    1/``QUIET_STEPS`` of ``total``.
    """
    in_kernel = _in_jupyter_kernel()
    if file is None:
        file = sys.stdout if in_kernel else sys.stderr
    options: dict[str, Any] = {}
    quiet = in_kernel or not _is_terminal(file)
    if quiet:
        options = {
            "mininterval": QUIET_INTERVAL,
            "miniters": max(1, -(-total // QUIET_STEPS)),  # ceil(total / QUIET_STEPS)
            # tqdm's monitor thread would otherwise drop miniters to 1 after 10 s without a
            # redraw (a slow machine) and the bar would redraw every QUIET_INTERVAL again
            "maxinterval": float("inf"),
        }
        if in_kernel:
            options["ncols"] = KERNEL_WIDTH
    return ProgressBar(
        total=total,
        unit=text(" targets", " 个目标词") if unit is None else unit,
        unit_scale=True,
        disable=disable,
        file=file,
        quiet=quiet,
        **options,
    )
