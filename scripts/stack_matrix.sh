#!/usr/bin/env bash
# Stack check: do the notebooks reproduce their stored outputs on every supported NumPy?
# Runs nbval over the notebooks under the OLDEST NumPy that pyproject.toml admits (the version in
# its `numpy>=X`, exactly) and the NEWEST on PyPI, each with OPENBLAS_NUM_THREADS=1 and =2.
# Each NumPy gets its own throwaway venv (project installed editable with the test extra; pip picks
# the other packages to suit that NumPy) in a cache folder, reused by later runs.
#
#   scripts/stack_matrix.sh                               # every notebook, the 4 combinations
#   scripts/stack_matrix.sh notebooks/0[0-7]_*.ipynb      # only these notebooks
#   NUMPY_VERSIONS="1.26.4 newest" THREADS="1" scripts/stack_matrix.sh
#
# Variables: PYTHON (makes the venvs; default python3), STACK_CACHE (default
# ~/.cache/edu_w2v-stacks), NUMPY_VERSIONS (default "oldest newest"), THREADS (default "1 2").
# Prints one PASS/FAIL line per combination; exit status 0 only if all passed. If the oldest
# NumPy cannot reproduce a printed number that no rounding makes robust, raise the lower bound in
# pyproject.toml and environment.yml, with a comment saying why.
set -uo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
root=$PWD

PYTHON=${PYTHON:-python3}
cache=${STACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/edu_w2v-stacks}
versions=${NUMPY_VERSIONS:-oldest newest}
threads=${THREADS:-1 2}
if (($# == 0)); then
    set -- notebooks/*.ipynb
fi

oldest=$(sed -nE 's/^ *"numpy>=([0-9.]+)".*/\1/p' pyproject.toml)
if [[ -z "$oldest" ]]; then
    echo "no numpy>=X found in pyproject.toml" >&2
    exit 2
fi

# venv_for LABEL SPEC: a venv (in the cache) with this checkout and numpy SPEC ("==X", or "" for
# the newest); prints its python
venv_for() {
    local label=$1 spec=$2 dir="$cache/numpy-$1"
    local stamp
    # reinstall when pyproject.toml changes or another checkout uses the cache (editable install)
    stamp=$( (echo "$root"; cat pyproject.toml) | sha256sum | cut -c1-16)
    if [[ "$label" == newest || ! -f "$dir/.installed-$stamp" ]]; then
        {
            [[ -x "$dir/bin/python" ]] || "$PYTHON" -m venv "$dir"
            "$dir/bin/python" -m pip install --quiet --upgrade pip
            # NumPy from a wheel only: an old NumPy without a wheel for this Python is
            # unsupported here, not something to compile for an hour
            "$dir/bin/python" -m pip install --quiet --upgrade --upgrade-strategy eager \
                --only-binary numpy -e "$root[test]" "numpy$spec"
        } >&2 || return 1
        rm -f "$dir"/.installed-*
        touch "$dir/.installed-$stamp"
    fi
    echo "$dir/bin/python"
}

echo "notebooks: $*"
echo "cache: $cache; NumPy: $versions (oldest admitted: $oldest); OPENBLAS_NUM_THREADS: $threads"
results=()
failed=0
for version in $versions; do
    case "$version" in
        oldest) label=$oldest; spec="==$oldest" ;;
        newest) label=newest; spec="" ;;
        *) label=$version; spec="==$version" ;;
    esac
    echo "=== NumPy $label: preparing $cache/numpy-$label"
    if ! python=$(venv_for "$label" "$spec"); then
        results+=("NumPy $label: FAIL (could not install it for $("$PYTHON" --version))")
        failed=1
        continue
    fi
    numpy=$("$python" -c "import numpy; print(numpy.__version__)")
    for n in $threads; do
        echo "=== NumPy $numpy, OPENBLAS_NUM_THREADS=$n"
        started=$SECONDS
        # PYTHONPATH empty: the venv's editable install of this checkout is what gets imported
        if OPENBLAS_NUM_THREADS=$n PYTHONPATH= "$python" -m pytest -q "$@"; then
            result=PASS
        else
            result=FAIL
            failed=1
        fi
        results+=("NumPy $numpy, OPENBLAS_NUM_THREADS=$n: $result ($((SECONDS - started)) s)")
    done
done

echo "=== stack matrix ($($PYTHON --version), $(uname -m))"
printf '%s\n' "${results[@]}"
exit "$failed"
