"""Show the package's real source in a notebook, so text and code never drift apart; and the
stored benchmark results the optional notebooks print."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any


def show_source(obj: Any) -> Any:
    """Return the source of a class or function, syntax-highlighted in Jupyter.

    Outside IPython (or without it) the plain source text is returned.
    """
    source = inspect.getsource(obj)
    try:
        from IPython.display import Code
    except ImportError:
        return source
    return Code(source, language="python")


def stored_benchmark(name: str, start: str | Path = ".") -> Any:
    """The JSON results stored in ``benchmarks/<name>`` of the checkout, found from ``start``
    (a notebook's own folder, where its kernel runs) upwards: the same call works from
    ``notebooks/`` and from ``notebooks/zh/``."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        path = folder / "benchmarks" / name
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"no benchmarks/{name} in {start} or any folder above it")
