#!/usr/bin/env bash
# Stress run: nbval over the training notebooks while extra busy processes saturate the CPU, as
# on a slow or shared machine. A regression check must not depend on how busy the machine is.
# Not part of `make test` (it takes a few minutes and loads the machine on purpose).
#
#   scripts/stress_notebooks.sh                 # one run, 3 busy processes
#   scripts/stress_notebooks.sh --runs 3        # three runs in a row; passes only if all pass
#   scripts/stress_notebooks.sh --busy 4 -- -n 0   # 4 busy processes; after --: pytest options
#
# The training notebooks: 01, 08 onwards and the capstone exercise. Python: $PYTHON,
# else .venv/bin/python (made by `make`), else python3. Exit status 0 only if every run passed.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."

runs=1
busy=3
while (($#)); do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --busy) busy="$2"; shift 2 ;;
        --) shift; break ;;
        *) echo "usage: $0 [--runs N] [--busy N] [-- pytest options]" >&2; exit 2 ;;
    esac
done
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
# the notebooks that train (their outputs depend on long float computations), the capstone too
notebooks=(notebooks/01_*.ipynb notebooks/0[89]_*.ipynb notebooks/[1-9][0-9]_*.ipynb exercises/11_capstone.ipynb)

busy_pids=()
stop_busy() {
    for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    busy_pids=()
}
trap stop_busy EXIT INT TERM

echo "notebooks: ${notebooks[*]}"
echo "busy processes: $busy; runs: $runs; CPUs: $(nproc)"
passed=0
for ((run = 1; run <= runs; run++)); do
    for ((i = 0; i < busy; i++)); do
        yes > /dev/null &
        busy_pids+=($!)
    done
    started=$SECONDS
    if "$PYTHON" -m pytest -q "$@" "${notebooks[@]}"; then
        result=PASS
        passed=$((passed + 1))
    else
        result=FAIL
    fi
    stop_busy
    echo "run $run of $runs: $result ($((SECONDS - started)) s, load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))"
done

echo "stress: $passed of $runs runs passed"
((passed == runs))
