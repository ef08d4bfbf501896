#!/usr/bin/env bash
# The regression checks on every supported stack: the oldest NumPy that pyproject.toml admits and
# the newest, each with OPENBLAS_NUM_THREADS=1 and =2. Each NumPy gets its own venv under
# .cache/stack/ (made once, reused). Not part of `make test`; run it after changing anything
# that prints numbers, or before raising or lowering the NumPy bound.
#
#   scripts/stack_matrix.sh [--numpy "1.24.4 newest"] [--threads "1 2"] [PYTEST ARGS ...]
#
# PYTEST ARGS default to every notebook: notebooks/ exercises/ (add tests/ for the unit tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
oldest=$(sed -n 's/^ *"numpy>=\([0-9.]*\)".*/\1/p' pyproject.toml | head -1)
versions="$oldest newest"
threads="1 2"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --numpy) versions=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ ${#args[@]} -gt 0 ] || args=(notebooks/ exercises/)

results=()
failed=0
for version in $versions; do
  venv=.cache/stack/numpy-$version
  if [ ! -x "$venv/bin/python" ]; then
    "$PYTHON" -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    if [ "$version" = newest ]; then pin=numpy; else pin="numpy==$version.*"; fi
    "$venv/bin/pip" install --quiet -e ".[test]" "$pin"
  fi
  numpy=$("$venv/bin/python" -c "import numpy; print(numpy.__version__)")
  for n in $threads; do
    label="numpy $numpy, OPENBLAS_NUM_THREADS=$n"
    echo "=== $label"
    if OPENBLAS_NUM_THREADS=$n "$venv/bin/python" -m pytest -q -n auto --dist loadfile "${args[@]}"
    then results+=("PASS  $label")
    else results+=("FAIL  $label"); failed=$((failed + 1))
    fi
  done
done
printf '%s\n' "${results[@]}"
[ "$failed" -eq 0 ]
