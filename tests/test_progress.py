"""The progress bar: few redraws outside a terminal however slow the run; a finished end state."""

from __future__ import annotations

import io

import nbformat
import pytest
from kernels import AsyncIpcKernelManager
from nbclient import NotebookClient

from edu_w2v import progress
from edu_w2v.progress import QUIET_STEPS, progress_bar


class FakeClock:
    """Stands in for tqdm's clock: time moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr("tqdm.std.time", fake)  # tqdm reads its clock through this name
    monkeypatch.setattr(progress, "_in_jupyter_kernel", lambda: False)
    return fake


def run(bar, clock: FakeClock, steps: int, units: int, seconds: float) -> None:
    """Work ``steps`` batches of ``units`` targets, each taking ``seconds``."""
    for step in range(steps):
        clock.now += seconds
        if step % 10 == 0:
            bar.set_description(f"epoch {step // 10 + 1}")
        bar.set_postfix(loss=f"{1 / (step + 1):.4f}", refresh=False)
        bar.update(units)
    bar.close()


def redraws(text: str) -> int:
    return text.count("\r")


@pytest.mark.parametrize("seconds", [0.001, 0.1, 3.0, 60.0])
def test_outside_a_terminal_a_bar_redraws_at_most_every_5_percent_and_2_seconds(clock, seconds):
    out = io.StringIO()
    bar = progress_bar(20_000, file=out)
    run(bar, clock, steps=1000, units=20, seconds=seconds)
    elapsed = 1000 * seconds
    # one draw at the start, one per 5 % (if 2 s have passed too), one at the end
    assert redraws(out.getvalue()) <= min(QUIET_STEPS, elapsed / 2.0) + 2


def test_a_slow_run_does_not_fall_back_to_redrawing_every_step(clock):
    # tqdm's default on a slow machine: 10 s without a redraw, then one redraw per step
    out = io.StringIO()
    bar = progress_bar(1000, file=out)
    for _ in range(1000):
        clock.now += 30.0
        bar.update(1)
    bar.close()
    assert redraws(out.getvalue()) <= QUIET_STEPS + 2


def test_in_a_terminal_a_bar_redraws_often(clock):
    out = Terminal()
    bar = progress_bar(20_000, file=out)
    run(bar, clock, steps=1000, units=20, seconds=0.2)
    assert redraws(out.getvalue()) > 500


def test_a_finished_bar_shows_100_percent_the_targets_and_the_loss(clock):
    out = io.StringIO()
    bar = progress_bar(20_000, file=out)
    run(bar, clock, steps=1000, units=20, seconds=0.05)
    last = out.getvalue().rsplit("\r", 1)[-1]
    assert "epoch 100: 100%" in last
    assert "20.0k/20.0k" in last and "targets/s" in last and "loss=0.0010" in last


def test_a_finished_bar_whose_total_was_an_estimate_ends_at_100_percent(clock):
    out = io.StringIO()
    bar = progress_bar(20_000, file=out)  # each epoch brought fewer targets than the first
    run(bar, clock, steps=900, units=20, seconds=0.05)
    assert "100%" in out.getvalue().rsplit("\r", 1)[-1]
    assert bar.n == bar.total == 18_000


def test_a_bar_stopped_by_an_error_shows_where_it_stopped(clock):
    out = io.StringIO()
    with pytest.raises(FloatingPointError):
        bar = progress_bar(20_000, file=out)
        try:
            bar.update(5_000)
            raise FloatingPointError("loss is nan")
        finally:
            bar.close()
    assert "25%" in out.getvalue().rsplit("\r", 1)[-1]


def test_a_disabled_bar_draws_nothing(clock, capsys):
    bar = progress_bar(100, disable=True)
    bar.update(100)
    bar.close()
    assert capsys.readouterr() == ("", "")


def test_in_a_kernel_the_bar_draws_on_stdout(clock, monkeypatch, capsys):
    monkeypatch.setattr(progress, "_in_jupyter_kernel", lambda: True)
    bar = progress_bar(100)
    bar.update(100)
    bar.close()
    out, err = capsys.readouterr()
    assert "100%" in out and err == ""


def test_elsewhere_the_bar_draws_on_stderr(clock, capsys):
    bar = progress_bar(100)
    bar.update(100)
    bar.close()
    out, err = capsys.readouterr()
    assert "100%" in err and out == ""


KERNEL_CELLS = [
    # a machine without ipywidgets (e.g. only the test extra installed)
    "import sys\nsys.modules['ipywidgets'] = None",
    "import edu_w2v.progress",
    "import time\n"
    "bar = edu_w2v.progress.progress_bar(1000)\n"
    "for _ in range(100):\n"
    "    time.sleep(0.01)\n"
    "    bar.update(10)\n"
    "bar.set_postfix(loss='2.5000', refresh=False)\n"
    "bar.close()",
    "import edu_w2v.trainer, edu_w2v.training",
]


@pytest.fixture(scope="module")
def kernel_run() -> list:
    """The cells above, run in a fresh Jupyter kernel: each cell's outputs."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in KERNEL_CELLS])
    client = NotebookClient(
        notebook, kernel_name="python3", kernel_manager_class=AsyncIpcKernelManager
    )
    client.execute()  # the client owns its kernel: it shuts it down and closes its sockets
    return [cell.outputs for cell in notebook.cells]


def test_in_a_jupyter_kernel_the_bar_is_text_on_stdout_with_few_messages(kernel_run):
    bar_outputs = kernel_run[2]
    assert bar_outputs and all(o.output_type == "stream" for o in bar_outputs)
    assert {o.name for o in bar_outputs} == {"stdout"}
    assert len(bar_outputs) <= QUIET_STEPS + 2  # one kernel message per output at most
    text = "".join(o.text for o in bar_outputs)
    assert "100%" in text.rsplit("\r", 1)[-1] and "loss=2.5000" in text
    assert redraws(text) <= QUIET_STEPS + 2


def test_in_a_jupyter_kernel_without_ipywidgets_importing_prints_nothing(kernel_run):
    for cell, outputs in zip(KERNEL_CELLS, kernel_run, strict=True):
        if "import edu_w2v" in cell:
            assert outputs == [], f"{cell!r} printed {outputs}"
