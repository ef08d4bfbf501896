"""The benchmark scripts run (a smoke test: a few steps, numbers not judged here)."""

from __future__ import annotations

import importlib.util

from helpers import ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_train_speed_benchmark_runs_side_by_side(capsys):
    results = _load("train_speed").main(["--quick"])
    printed = capsys.readouterr().out
    assert "(a) source-run layers, dense Adam" in printed and "(b) fast path, SGD" in printed
    assert "target: the fast path (SGD) at least 50x" in printed
    assert all(value > 0 for value in results.values())
