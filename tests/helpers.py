"""Small helpers shared by the tests: paths and reading stored notebook outputs."""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from edu_w2v.solutions import MARKER

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
GOLDEN = ROOT / "tests" / "golden" / "source_run.txt"
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"
SEED_FILE = ROOT.parent / "shared" / "seeds" / "000_ddae8a0d5f798e4c.txt"


def load_script(relative_path: str) -> ModuleType:
    """Import a script of the repository (e.g. "scripts/lesson_minutes.py") as a module."""
    path = ROOT / relative_path
    if str(path.parent) not in sys.path:  # as when run: its folder's modules are importable
        sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def built_twice_the_same(script: ModuleType, arguments: list[str], out: Path) -> bytes:
    """Run a corpus build script's main(arguments) twice, then with --check: each succeeds, the
    file ``out`` has the same bytes both times and a gzip header without a file name and with
    mtime 0. Returns those bytes."""
    assert script.main(arguments) == 0
    first = out.read_bytes()
    assert first[3:8] == b"\x00\x00\x00\x00\x00"  # gzip header: no file name, mtime 0
    assert script.main(arguments) == 0
    assert out.read_bytes() == first
    assert script.main([*arguments, "--check"]) == 0
    return first


def read_golden() -> str:
    return GOLDEN.read_text(encoding="utf-8")


def load_notebook(name: str) -> dict:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def code_cells(notebook: dict, tag: str | None = None) -> list[dict]:
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    if tag is not None:
        cells = [c for c in cells if tag in c.get("metadata", {}).get("tags", [])]
    return cells


def cell_stdout(cell: dict) -> str:
    return "".join(
        _text(o["text"])
        for o in cell.get("outputs", [])
        if o["output_type"] == "stream" and o["name"] == "stdout"
    )


def cell_source(cell: dict) -> str:
    return _text(cell["source"])


def solve_stubs(source: str, snippets: Iterator[str]) -> str:
    """``source`` with each "# your code here" stub replaced by the next snippet, as a student
    would write it: indented as the stub."""

    def solution(stub) -> str:
        return textwrap.indent(textwrap.dedent(next(snippets)).strip(), stub.group(1))

    return MARKER.sub(solution, source)
