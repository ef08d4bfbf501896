"""`make lab` serves the series, as root (in a container) and as a normal user.

The test runs the Makefile's own `lab` target (with this interpreter's environment as the venv),
waits for the address Jupyter prints, asks the server for the notebook list over its REST API
and stops it. Jupyter refuses to start as root without ``--allow-root``; the target adds it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT

pytest.importorskip("jupyterlab", reason="`make lab` needs the notebooks extra (jupyter)")

ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/lab\?token=(\w+)")


def lab_command(my_exercises: Path, *options: str) -> list[str]:
    """The Makefile's `lab` target, run with this interpreter's environment as its venv."""
    venv = Path(sys.prefix)
    return [
        "make", "--no-print-directory", "-C", str(ROOT),
        "-o", str(venv / ".installed"),  # the environment is set up: do not (re)install
        f"VENV={venv}", f"MY_EXERCISES={my_exercises}", "LAB_ARGS=--no-browser --port=0",
        *options, "lab",
    ]  # fmt: skip


def contents(url: str) -> list[str]:
    """The names in a folder listing of the server's REST API. The address is printed a moment
    before the server accepts connections: wait for it (up to 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as reply:
                return sorted(item["name"] for item in json.load(reply)["content"])
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def serve_and_list(home: Path) -> tuple[list[str], list[str], str]:
    """Start `make lab`, list notebooks/ and exercises/ through the server, stop it."""
    process = subprocess.Popen(
        lab_command(home / "my-exercises"),
        env={**os.environ, "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # make and jupyter in one process group, stopped together
    )
    printed = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            printed.append(line)
            found = ADDRESS.search(line)
            if found:
                port, token = found.groups()
                names = {
                    folder: contents(f"http://127.0.0.1:{port}/api/contents/{folder}?token={token}")
                    for folder in ("notebooks", "exercises")
                }
                return names["notebooks"], names["exercises"], "".join(printed)
        pytest.fail("`make lab` printed no address:\n" + "".join(printed))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        process.stdout.close()


def test_make_lab_serves_the_notebooks_and_the_exercises(tmp_path):
    """As whoever runs the suite: root in a container or CI, a normal user elsewhere."""
    notebooks, exercises, printed = serve_and_list(tmp_path)
    assert "00_source_run.ipynb" in notebooks
    assert "02_sigmoid_with_loss.ipynb" in exercises and "zh" in exercises
    assert "open the http://127.0.0.1:...?token=... address" in printed
    assert (tmp_path / "my-exercises" / "02_sigmoid_with_loss.ipynb").is_file()  # made for you
    assert "Running as root is not recommended" not in printed


@pytest.mark.parametrize("uid, allow_root", [("0", True), ("1000", False)])
def test_make_lab_allows_root_only_to_root(tmp_path, uid, allow_root):
    fake_id = tmp_path / "id"  # what `id -u` says decides the flag
    fake_id.write_text(f"#!/bin/sh\necho {uid}\n")
    fake_id.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    command = lab_command(tmp_path / "my-exercises", "-n")
    dry_run = subprocess.run(command, env=env, capture_output=True, text=True)
    (command,) = [line for line in dry_run.stdout.splitlines() if "jupyter lab" in line]
    assert ("--allow-root" in command.split()) is allow_root
