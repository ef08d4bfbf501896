"""The progress bar: bounded redraws inside a kernel, whatever the speed of the machine."""

from __future__ import annotations

import itertools
import sys
import warnings

import pytest

from edu_w2v import progress
from edu_w2v.progress import KERNEL_REDRAWS, progress_bar


class FakeClock:
    """A clock that advances ``step`` seconds at every reading: a very slow machine."""

    def __init__(self, step: float) -> None:
        self.ticks = itertools.count()
        self.step = step

    def __call__(self) -> float:
        return next(self.ticks) * self.step


@pytest.fixture
def kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "in_kernel", lambda: True)


@pytest.mark.parametrize("step_seconds", [0.001, 10.0, 1000.0])
def test_bar_in_a_kernel_redraws_a_bounded_number_of_times(kernel, capsys, step_seconds):
    bar = progress_bar(100_000)
    bar._time = FakeClock(step_seconds)
    for _ in range(5_000):  # 5,000 batches of 20 targets
        bar.update(20)
    bar.finish()
    bar.close()
    out = capsys.readouterr()
    redraws = out.out.count("\r")
    assert 1 <= redraws <= KERNEL_REDRAWS + 4, redraws
    assert out.err == ""  # stdout only: no red stderr box in the notebook


def test_finished_bar_shows_100_percent_even_when_the_total_was_an_estimate(kernel, capsys):
    bar = progress_bar(1_000)  # an estimate: the work turns out to be 900
    for _ in range(9):
        bar.update(100)
    bar.finish()
    bar.close()
    last_state = capsys.readouterr().out.split("\r")[-1]
    assert "100%" in last_state
    assert "900/900" in last_state


def test_a_bar_warns_nothing_without_ipywidgets(kernel, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets fails
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bar = progress_bar(10)
        bar.update(10)
        bar.close()
    assert capsys.readouterr().err == ""


def test_in_kernel_is_false_in_a_plain_process():
    assert progress.in_kernel() is False


def test_disabled_bar_prints_nothing(kernel, capsys):
    bar = progress_bar(10, disable=True)
    bar.update(10)
    bar.finish()
    bar.close()
    assert capsys.readouterr().out == ""
