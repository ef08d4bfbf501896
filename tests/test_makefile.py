"""The Makefile's front: a bare `make` lists the targets (it installs nothing)."""

import subprocess

from helpers import ROOT


def test_a_bare_make_lists_the_targets_and_installs_nothing():
    listed = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "-n"], capture_output=True, text=True
    )
    assert "pip install" not in listed.stdout  # -n: what it would run
    shown = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT)], capture_output=True, text=True
    ).stdout
    for target in ("run:", "test:", "lab:", "site:", "help:"):
        assert any(line.startswith(target) for line in shown.splitlines()), target
