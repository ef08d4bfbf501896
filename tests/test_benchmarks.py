"""The benchmark scripts run (a smoke test: a few steps, numbers not judged here)."""

from __future__ import annotations

from helpers import load_script


def _load(name: str):
    return load_script(f"benchmarks/{name}.py")


def test_train_speed_benchmark_runs_side_by_side(capsys):
    results = _load("train_speed").main(["--quick"])
    printed = capsys.readouterr().out
    assert "(a) source-run layers, dense Adam" in printed and "(b) fast path, SGD" in printed
    assert "target: the fast path (SGD) at least 50x" in printed
    assert all(value > 0 for value in results.values())
