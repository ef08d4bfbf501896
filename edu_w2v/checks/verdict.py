"""A checker's verdict: its lines (PASS, FAIL, TODO, CRASH, ----), its hints, how numbers show.

    PASS  forward: 4 cases (idx (N,) and (N, C), repeated rows)
    FAIL  backward: lost updates for repeated indices: a row looked up twice must receive ...
            case 'repeated rows', idx = [1, 3, 1, 1, 0]: grads[0][1]: got [...], expected [...]
            hint: `np.add.at(dW, idx, dout)` adds every one      <- on a second run only
    ----  gradient check: not run: fix backward first

A ``Hint`` names the mistake (its ``diagnosis``) and, one step further, how to fix it (its
``fix``); the checker decides whether a line shows the fix. Every text is a ``Message`` in both
languages, chosen when the verdict is printed. Numbers are printed rounded (``.6f``): the output
is deterministic.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edu_w2v.language import Message

RTOL, ATOL = 1e-5, 1e-7  # the cases are float64: any correct formula agrees far better than this
WIDTH = 100  # verdict lines are wrapped at this width


@dataclass(frozen=True)
class Hint:
    """A known mistake, named (``diagnosis``), and how to fix it (``fix``, a step further)."""

    diagnosis: Message
    fix: Message | None = None

    def format(self, **kwargs: Any) -> Hint:
        """Both texts formatted, e.g. ``grad="grads[1]"`` for a hint about ``{grad}``."""
        fix = self.fix.format(**kwargs) if self.fix else None
        return Hint(self.diagnosis.format(**kwargs), fix)


def close(got: np.ndarray, expected: np.ndarray) -> bool:
    """Same shape and the same numbers (to RTOL / ATOL)."""
    got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=RTOL, atol=ATOL))


def fmt(value: Any) -> str:
    """Numbers rounded to 6 decimals: ``0.123457`` or ``[0.1, -2.0, ...]`` (at most 6 shown)."""
    a = np.asarray(value, dtype=np.float64)

    def one(v: float) -> str:
        text = f"{v:.6f}"
        return "0.000000" if text == "-0.000000" else text

    if a.ndim == 0:
        return one(float(a))
    shown = ", ".join(one(v) for v in a.reshape(-1)[:6])
    return f"[{shown}{', ...' if a.size > 6 else ''}]"


HAS_SHAPE = Message(
    "{name} has shape {got}, expected {expected}", "{name} 的形状是 {got}，应为 {expected}"
)
GOT = Message("{name}: got {got}, expected {expected}", "{name}：得到 {got}，应为 {expected}")


def mismatch(got: np.ndarray, expected: np.ndarray, name: str) -> Message:
    """Where ``got`` first differs: ``name[1]: got [...], expected [...]`` (a row for 2-D+)."""
    if got.shape != expected.shape:
        return HAS_SHAPE.format(name=name, got=got.shape, expected=expected.shape)
    if got.ndim == 0:
        return GOT.format(name=name, got=fmt(got), expected=fmt(expected))
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    where = tuple(int(i) for i in np.argwhere(bad)[0])[: max(got.ndim - 1, 1)]
    label = f"{name}[{', '.join(map(str, where))}]"
    return GOT.format(name=label, got=fmt(got[where]), expected=fmt(expected[where]))


def wrap(text: str, first: str, indent: str) -> str:
    """``text`` in lines of at most WIDTH columns, after ``first`` on the first line and ``indent``
    on the others; a Chinese character takes 2 columns.

    English breaks at spaces (``textwrap``); Chinese also between two characters, but never
    before a closing mark (，。：）” ...) nor after an opening one (（“).
    """
    if not any(_wide(c) for c in text):
        return textwrap.fill(
            text, WIDTH, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False
        )
    lines, line, start = [], first, first
    for word in text.split():
        for i, unit in enumerate(_units(word)):
            piece = f" {unit}" if i == 0 and line != start else unit
            if line != start and _width(line + piece) > WIDTH:
                lines.append(line)
                line, start, piece = indent, indent, unit
            line += piece
    return "\n".join([*lines, line])


OPENING, CLOSING = "（“‘《", "，。、：；！？）”’》…"


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def _width(text: str) -> int:
    return sum(2 if _wide(c) else 1 for c in text)


def _units(word: str) -> list[str]:
    """A word (no spaces) cut where a line may break: before and after each Chinese character."""
    units: list[str] = []
    for c in word:
        glued = units and (
            c in CLOSING or units[-1][-1] in OPENING or not (_wide(c) or _wide(units[-1][-1]))
        )
        if glued:
            units[-1] += c
        else:
            units.append(c)
    return units


COLON = Message(": ", "：")
FIX = Message("hint: {0}", "提示：{0}")


@dataclass
class CheckLine:
    """One line of a verdict: ``status`` is PASS, FAIL, TODO, CRASH or ---- (not run).

    ``fix``: how to fix what a FAIL or TODO line diagnoses, printed when ``fix_shown``.
    """

    status: str
    check: Message
    message: Message
    details: list[Message] = field(default_factory=list)
    fix: Message | None = None
    fix_shown: bool = False

    def __str__(self) -> str:
        head = wrap(f"{self.check}{COLON}{self.message}", f"  {self.status:<5} ", " " * 8)
        details = [str(d) for d in self.details]
        if self.fix and self.fix_shown:
            details.append(str(FIX.format(self.fix)))
        return "\n".join([head, *(wrap(d, " " * 10, " " * 12) for d in details)])


HEADER = Message(
    "Checking your {layer} against the reference {reference}:",
    "对照参考实现 {reference} 检查你的 {layer}：",
)
ALL_PASSED = Message("All {n} checks passed.", "全部 {n} 项检查通过。")
CRASHED = Message(
    "Your code crashed: its error and traceback follow.",
    "你的代码崩溃了：错误信息和回溯（traceback）如下。",
)
NOT_DONE = Message(
    "Not done yet: fill in '# your code here', then run this check again.",
    "还没完成：填写 `# your code here` 处，然后再运行这个检查。",
)
FAILED = Message(
    "{failed} of {n} checks failed: start with the first FAIL.",
    "{n} 项检查中有 {failed} 项失败：从第一个 FAIL 开始改。",
)
RUN_AGAIN = Message(
    "Stuck? Run this check again: it adds a hint on how to fix it.",
    "卡住了？再运行一次这个检查，它会给出怎样改的提示。",
)


@dataclass
class CheckResult:
    """A checker's verdict: ``passed``, the ``hints`` of every failed check, and its lines."""

    layer: str
    reference: str
    lines: list[CheckLine]

    @property
    def passed(self) -> bool:
        return bool(self.lines) and all(line.status == "PASS" for line in self.lines)

    @property
    def implemented(self) -> bool:
        return all(line.status != "TODO" for line in self.lines)

    @property
    def problems(self) -> list[CheckLine]:
        """The FAIL, TODO and CRASH lines."""
        return [line for line in self.lines if line.status in ("FAIL", "TODO", "CRASH")]

    @property
    def hints(self) -> list[str]:
        """What each problem line diagnoses, in the current language."""
        return [str(line.message) for line in self.problems]

    @property
    def fixes(self) -> list[str]:
        """How to fix each problem that has a fix, shown yet or not, in the current language."""
        return [str(line.fix) for line in self.problems if line.fix]

    def __str__(self) -> str:
        lines = [str(HEADER.format(layer=self.layer, reference=self.reference))]
        lines += [str(line) for line in self.lines]
        checks = list(dict.fromkeys(line.check for line in self.lines))  # a check may have 2 lines
        failed = len({line.check for line in self.lines if line.status == "FAIL"})
        if self.passed:
            lines.append(str(ALL_PASSED.format(n=len(checks))))
        elif any(line.status == "CRASH" for line in self.lines):
            lines.append(str(CRASHED))
        elif not self.implemented:
            lines.append(str(NOT_DONE))
        elif failed:
            lines.append(str(FAILED.format(failed=failed, n=len(checks))))
        if any(line.fix and not line.fix_shown for line in self.problems):
            lines.append(str(RUN_AGAIN))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"CheckResult({self.layer!r}, passed={self.passed}, hints={self.hints!r})"
