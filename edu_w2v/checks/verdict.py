"""A checker's verdict: its lines (PASS, FAIL, TODO, CRASH, ----) and how numbers are shown.

    PASS  forward: 3 cases (idx (N,), repeated rows, idx (N, C))
    FAIL  backward: lost updates for repeated indices: ...
            case 'repeated rows', grads[0][1]: got [...], expected [...]
    TODO  backward: not implemented yet: write backward (it raises NotImplementedError)
    ----  gradient check: not run yet

Numbers are printed rounded (``.6f``): the output is deterministic.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edu_w2v.language import get_language, text

RTOL, ATOL = 1e-5, 1e-7  # the cases are float64: any correct formula agrees far better than this
WIDTH = 100  # verdict lines are wrapped at this width


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


def mismatch(got: np.ndarray, expected: np.ndarray, name: str) -> str:
    """Where ``got`` first differs: ``name[1]: got [...], expected [...]`` (a row for 2-D+)."""
    if got.shape != expected.shape:
        return f"{name} has shape {got.shape}, expected {expected.shape}"
    if got.ndim == 0:
        return f"{name}: got {fmt(got)}, expected {fmt(expected)}"
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    where = tuple(int(i) for i in np.argwhere(bad)[0])[: max(got.ndim - 1, 1)]
    label = f"{name}[{', '.join(map(str, where))}]"
    return f"{label}: got {fmt(got[where])}, expected {fmt(expected[where])}"


def _wrap(text: str, indent: int) -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_on_hyphens=False,
    )


@dataclass
class CheckLine:
    """One line of a verdict: ``status`` is PASS, FAIL, TODO, CRASH or ---- (not run)."""

    status: str
    check: str
    message: str
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        message = self.message
        if get_language() == "zh":
            from edu_w2v.checks.chinese import in_chinese  # here: it imports the mistakes

            message = in_chinese(message)
        head = textwrap.fill(
            f"{self.status:<5} {self.check}: {message}",
            WIDTH,
            initial_indent="  ",
            subsequent_indent=" " * 8,
            break_on_hyphens=False,
        )
        return "\n".join([head, *(_wrap(d, 10) for d in self.details)])


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
    def hints(self) -> list[str]:
        return [line.message for line in self.lines if line.status in ("FAIL", "TODO", "CRASH")]

    def __str__(self) -> str:
        lines = [text(f"Checking your {self.layer} against the reference {self.reference}:",
                      f"检查你的 {self.layer}，参照参考实现 {self.reference}：")]
        lines += [str(line) for line in self.lines]
        checks = list(dict.fromkeys(line.check for line in self.lines))  # a check may have 2 lines
        failed = len({line.check for line in self.lines if line.status == "FAIL"})
        if self.passed:
            n = len(checks)
            lines.append(text(f"All {n} checks passed.", f"全部 {n} 项检查通过。"))
        elif any(line.status == "CRASH" for line in self.lines):
            lines.append(text("Your code crashed: its error and traceback follow.",
                              "你的代码崩溃了：错误信息和回溯（traceback）如下。"))
        elif not self.implemented:
            lines.append(text(
                "Not done yet: fill in '# your code here', then run this check again.",
                "还没完成：填写 '# your code here' 处，然后再运行这个检查。",
            ))
        elif failed:
            lines.append(text(
                f"{failed} of {len(checks)} checks failed: start with the first FAIL.",
                f"{len(checks)} 项检查中有 {failed} 项失败：从第一个 FAIL 开始改。",
            ))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"CheckResult({self.layer!r}, passed={self.passed}, hints={self.hints!r})"
