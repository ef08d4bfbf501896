"""Show the package's real source in a notebook, so text and code never drift apart: one class
or function (``show_source``), or two versions of it line by line (``show_diff``); and the stored
benchmark results the optional notebooks print."""

from __future__ import annotations

import ast
import difflib
import html
import inspect
import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


FLAW_COMMENT = re.compile(r"\bFLAW (\d+)")


@dataclass(frozen=True)
class DiffLine:
    """One line of a ``SourceDiff``: ``kind`` is " " (both), "-" (old only) or "+" (new only)."""

    kind: str
    text: str
    label: str = ""


@dataclass(frozen=True)
class SourceDiff:
    """Two versions of a source, line by line: what ``show_diff`` returns.

    Jupyter shows it as HTML (removed lines red, added lines green, a flaw's lines darker, its
    name in the margin); ``str()`` is the same diff as plain text, the margin first.
    """

    old_name: str
    new_name: str
    lines: tuple[DiffLine, ...]
    checks_left_out: int = 0  # lines of input checks left out (``input_checks=False``)

    @property
    def labels(self) -> list[str]:
        """The labels of the changed lines, each once, in the order they first appear."""
        return list(dict.fromkeys(line.label for line in self.lines if line.label))

    def _margin(self) -> int:
        return max((len(line.label) for line in self.lines), default=0)

    def _note(self) -> str:
        """The last line when input checks were left out, else ""."""
        n = self.checks_left_out
        if not n:
            return ""
        lines = "1 line" if n == 1 else f"{n} lines"
        return f"(left out: {lines} of input checks, calls to edu_w2v.validation)"

    def __str__(self) -> str:
        width = self._margin()
        head = [f"{'':<{width}} --- {self.old_name}", f"{'':<{width}} +++ {self.new_name}"]
        body = [f"{line.label:<{width}} {line.kind} {line.text}".rstrip() for line in self.lines]
        note = [f"{'':<{width}}   {self._note()}"] if self._note() else []
        return "\n".join(head + body + note)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colours = {  # (a change that fixes nothing, a flaw's change)
            "-": ("#ffecec", "#ffc4c4"),
            "+": ("#eaffea", "#b8f0b8"),
            " ": ("transparent", "transparent"),
        }
        rows = []
        for line in self.lines:
            background = colours[line.kind][bool(line.label)]
            weight = "bold" if line.label else "normal"
            ink = "" if line.kind == " " else ";color:#1a1a1a"  # readable on its colour, any theme
            rows.append(
                f'<tr style="background:{background}{ink}">'
                f'<td style="padding:0 0.6em;color:#a00;font-weight:bold;text-align:right;'
                f'white-space:nowrap">{html.escape(line.label)}</td>'
                f'<td style="padding:0 0.4em;color:#666">{line.kind}</td>'
                f'<td style="padding:0;white-space:pre;font-weight:{weight}">'
                f"{html.escape(line.text) or ' '}</td></tr>"  # a blank line keeps its height
            )
        legend = (
            f'<div style="margin-bottom:0.3em"><span style="background:#ffc4c4">− '
            f"{html.escape(self.old_name)}</span> &nbsp; "
            f'<span style="background:#b8f0b8">+ {html.escape(self.new_name)}</span></div>'
        )
        if self._note():
            rows.append(
                '<tr><td></td><td></td><td style="padding:0;color:#666;font-style:italic">'
                f"{html.escape(self._note())}</td></tr>"
            )
        table = (
            '<table style="border-collapse:collapse;font-family:monospace;font-size:0.9em;'
            'text-align:left">' + "".join(rows) + "</table>"
        )
        return legend + table


def _input_checks() -> set[str]:
    """The names of the input checks: the public functions of ``edu_w2v.validation``."""
    from edu_w2v import validation

    return {
        name
        for name, value in vars(validation).items()
        if inspect.isfunction(value)
        and value.__module__ == validation.__name__
        and not name.startswith("_")
    }


def _is_input_check(node: ast.AST, checks: set[str]) -> bool:
    """A statement that only calls an input check: ``check_x(...)`` or ``x = as_x_array(...)``."""
    return (
        isinstance(node, ast.Expr | ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id in checks
    )


def _source_lines(obj: Any, input_checks: bool = True) -> tuple[str, list[str], int]:
    """A name and the source lines of ``obj`` (a class, a function or source text), dedented,
    without docstrings; without the statements that call an input check when ``input_checks``
    is False. Also returns how many lines of input checks were left out."""
    if isinstance(obj, str):
        name, source = "", obj
    else:
        name = f"{obj.__module__}.{obj.__qualname__}"
        source = inspect.getsource(obj)
    source = textwrap.dedent(source).strip("\n")
    lines = source.splitlines()
    dropped: set[int] = set()
    checks = set() if input_checks else _input_checks()
    left_out = 0
    for node in ast.walk(ast.parse(source)):
        if checks and _is_input_check(node, checks):
            span = range(node.lineno - 1, node.end_lineno)
            dropped.update(span)
            left_out += len(span)
            continue
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                first, last = body[0].lineno - 1, body[0].end_lineno - 1
                dropped.update(range(first, last + 1))
                if last + 1 < len(lines) and not lines[last + 1].strip():
                    dropped.add(last + 1)  # the blank line after a docstring
    return name, [line for i, line in enumerate(lines) if i not in dropped], left_out


def _label(text: str, labels: Sequence[tuple[str, str]]) -> str:
    """A changed line's label: the flaws its comment marks (``# FLAW n``), else the label of the
    first pattern its code (the line without its comment) contains."""
    code, _, comment = text.partition("  #")
    flaws = sorted(set(FLAW_COMMENT.findall(comment)), key=int)
    if flaws:
        return ("Flaw " if len(flaws) == 1 else "Flaws ") + ", ".join(flaws)
    for pattern, label in labels:
        if pattern in code:
            return label
    return ""


def show_diff(
    old: Any,
    new: Any,
    labels: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    *,
    input_checks: bool = True,
) -> SourceDiff:
    """The source of ``old`` against that of ``new`` (classes, functions or source text), every
    line shown, docstrings left out.

    Each changed line gets a label in the margin: ``Flaw n`` for an old line marked
    ``# FLAW n`` (as the source run's layers are), else the label of the first of ``labels``
    (``{substring: label}``) that the line contains. A change without a label fixes no flaw.

    ``input_checks=False`` leaves out, from both versions, every statement that only calls one of
    the input checks of ``edu_w2v.validation`` (``check_...(...)``, ``x = as_index_array(...)``);
    the diff's last line says how many lines that left out.
    """
    old_name, old_lines, old_checks = _source_lines(old, input_checks)
    new_name, new_lines, new_checks = _source_lines(new, input_checks)
    pairs = list(labels.items()) if isinstance(labels, Mapping) else list(labels)
    lines = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [DiffLine(" ", text) for text in old_lines[i1:i2]]
            continue
        lines += [DiffLine("-", text, _label(text, pairs)) for text in old_lines[i1:i2]]
        lines += [DiffLine("+", text, _label(text, pairs)) for text in new_lines[j1:j2]]
    return SourceDiff(old_name or "old", new_name or "new", tuple(lines), old_checks + new_checks)


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
