#!/usr/bin/env bash
# For maintainers: re-execute notebooks in place and store their outputs (then check them with
# `make test`). Only after a change of the code that legitimately changes what they print --
# never to make a failing regression check pass.
#
#   scripts/execute_notebooks.sh NOTEBOOK ...
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { sed -n '2,6p' "$0"; exit 2; }
for notebook in "$@"; do
  echo "executing $notebook"
  .venv/bin/jupyter nbconvert --to notebook --execute --inplace \
    --ExecutePreprocessor.timeout=900 "$notebook"
done
