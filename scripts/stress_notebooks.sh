#!/usr/bin/env bash
# nbval over the training notebooks with the CPU saturated: the regression checks must not depend
# on how busy the machine is. Not part of `make test`.
#
#   scripts/stress_notebooks.sh [--runs N] [--busy N] [NOTEBOOK ...]
#
# --runs N   repeat the whole check N times (default 3); every run must pass
# --busy N   busy processes beside nbval (default: 2 per core)
# NOTEBOOK   default: every training notebook (notebooks/08_* onwards)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
runs=3
busy=$((2 * $(nproc)))
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --busy) busy=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  notebooks=(notebooks/0[89]_*.ipynb notebooks/1[0-9]_*.ipynb)
fi

pids=()
stop_busy() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; pids=(); }
trap stop_busy EXIT INT TERM

failed=0
for run in $(seq 1 "$runs"); do
  for _ in $(seq 1 "$busy"); do yes > /dev/null & pids+=($!); done
  echo "run $run/$runs: nbval on ${#notebooks[@]} notebooks beside $busy busy processes"
  start=$(date +%s)
  if "$PY" -m pytest -q "${notebooks[@]}"; then
    echo "run $run/$runs: PASS in $(( $(date +%s) - start )) s"
  else
    echo "run $run/$runs: FAIL in $(( $(date +%s) - start )) s"
    failed=$((failed + 1))
  fi
  stop_busy
done
echo "stress: $((runs - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
