"""The Makefile's front: a bare `make` lists the targets (it installs nothing); `make exercises`
gives a student a copy of the exercises that the tests never look at."""

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
    for target in ("run:", "test:", "lab:", "site:", "classroom:", "help:"):
        assert any(line.startswith(target) for line in shown.splitlines()), target


def test_make_exercises_copies_them_once_and_never_overwrites_your_work(tmp_path):
    mine = tmp_path / "my-exercises"
    make = ["make", "--no-print-directory", "-C", str(ROOT), f"MY_EXERCISES={mine}", "exercises"]
    subprocess.run(make, check=True, capture_output=True)
    shipped = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    assert sorted(p.name for p in mine.glob("*.ipynb")) == shipped
    assert (mine / "zh" / "02_sigmoid_with_loss.ipynb").is_file()
    solved = mine / "02_sigmoid_with_loss.ipynb"
    solved.write_text("my solution", encoding="utf-8")
    subprocess.run(make, check=True, capture_output=True)
    assert solved.read_text(encoding="utf-8") == "my solution"
