"""Show the package's real source in a notebook, so text and code never drift apart."""

from __future__ import annotations

import inspect
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
