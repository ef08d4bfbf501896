#!/usr/bin/env bash
# For maintainers: re-execute notebooks in place (store their new outputs), then check them with
# nbval at once, so an output that does not reproduce on a second run is caught before a commit.
#
#   scripts/execute_notebooks.sh                      # every notebook in notebooks/ and exercises/
#   scripts/execute_notebooks.sh notebooks/08_*.ipynb # only these
#   scripts/execute_notebooks.sh --no-check ...       # store the outputs, skip the nbval run
#
# Only re-store outputs when the code legitimately changed what a notebook prints, never to paper
# over a failure. Python: $PYTHON, else .venv/bin/python (made by `make`), else python3; it needs
# the test extra (`pip install -e ".[test]"`).
#
# How outputs are stored: the kernel is the current environment's; each cell's stream outputs are
# merged and their carriage returns applied (a text progress bar keeps only its final state: 100 %,
# targets, loss); no execution timings and no stale widget state are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

check=1
if [[ "${1:-}" == "--no-check" ]]; then
    check=0
    shift
fi
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
if (($# == 0)); then
    set -- notebooks/*.ipynb exercises/*.ipynb
fi

"$PYTHON" - "$@" <<'EOF'
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, "tests")
from kernels import AsyncIpcKernelManager  # this interpreter's kernel, over IPC sockets

for name in sys.argv[1:]:
    path = Path(name)
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    print(f"executing {path} ...", end=" ", flush=True)
    NotebookClient(
        notebook,
        kernel_name="python3",
        kernel_manager_class=AsyncIpcKernelManager,
        timeout=1200,
        resources={"metadata": {"path": str(path.parent)}},
        coalesce_streams=True,
        record_timing=False,
        extra_arguments=["--log-level=ERROR"],  # no kernel start-up chatter on the terminal
    ).execute()
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    print(f"{time.perf_counter() - started:.0f} s")
EOF

if ((check)); then
    echo "checking the stored outputs with nbval ..."
    options=()
    for path in "$@"; do
        # outside the checkout: the project's set-up explicitly, and one process (xdist's
        # --dist loadfile cannot keep such a notebook's cells together)
        if [[ "$(realpath "$path")" != "$PWD"/* ]]; then
            options=(-c pyproject.toml --rootdir . -n 0
                --nbval-sanitize-with tests/nbval_sanitize.cfg)
        fi
    done
    "$PYTHON" -m pytest -q "${options[@]}" "$@"
fi
