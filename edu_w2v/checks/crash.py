"""A crash of the student's code, said in the student's own words.

The traceback tells where the student's code stopped. Three cases:

- in the student's own line: ``at `return 1 / 0` with `ZeroDivisionError: division by zero```;
- in a call to one of the package's reference layers: which call, and what the student gave it
  (``its call `self.loss_layer.forward(scores, labels)` was refused by the reference
  SigmoidWithLoss.forward ... `scores`: array (4, 3) float64; `labels`: array (4,) float64``), not
  the reference's message, which names the arguments by the reference's own parameter names;
- in a call to any other library (NumPy, ...): which call, and its error.
"""

from __future__ import annotations

import ast
import linecache
import sysconfig
import traceback
from pathlib import Path
from types import FrameType

import numpy as np

from edu_w2v.language import Message, same

PACKAGE = str(Path(__file__).resolve().parents[1])  # edu_w2v/: the reference layers
LIBRARIES = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
)

CRASHED = Message("your {what} crashed with {error}", "你的 {what} 崩溃了：{error}")
CRASHED_AT = Message(
    "your {what} crashed at `{line}` with {error}", "你的 {what} 在 `{line}` 处崩溃了：{error}"
)
CALL_FAILED = Message(
    "your {what} crashed: its call `{call}` failed with {error}",
    "你的 {what} 崩溃了：它的调用 `{call}` 出错：{error}",
)
REFUSED = Message(
    "your {what} crashed: its call `{call}` was refused by the reference {callee} ({error}); "
    "it was given {arguments} (the reference's traceback names them {names})",
    "你的 {what} 崩溃了：它的调用 `{call}` 被参考实现 {callee} 拒绝（{error}）；"
    "传入的是 {arguments}（参考实现的回溯里它们叫 {names}）",
)
ARRAY = Message("array {shape} {dtype}", "数组 {shape} {dtype}")
SEQUENCE = Message("{kind} of {n}", "长度为 {n} 的 {kind}")


def error_text(error: BaseException) -> str:
    """```ValueError: oops```: the error's type and the first line of its message, as code."""
    message = str(error).strip().splitlines()
    return f"`{type(error).__name__}{': ' + message[0] if message else ''}`"


def describe_crash(what: Message, error: BaseException) -> Message:
    """What crashed (``what``: the student's method and case), where, and with what."""
    tb = error.__traceback__
    frames = [frame for frame, _ in traceback.walk_tb(tb)]
    summaries = traceback.extract_tb(tb)
    mine = [i for i, frame in enumerate(frames) if not _is_library(frame)]
    if not mine:
        return CRASHED.format(what=what, error=error_text(error))
    last = mine[-1]
    here = summaries[last]
    if last == len(frames) - 1:
        line = (here.line or "").strip()
        if not line:
            return CRASHED.format(what=what, error=error_text(error))
        return CRASHED_AT.format(what=what, line=line, error=error_text(error))
    call = _call_source(here)
    callee = frames[last + 1]
    if call is None:
        return CRASHED.format(what=what, error=error_text(error))
    if not callee.f_code.co_filename.startswith(PACKAGE):
        return CALL_FAILED.format(what=what, call=call, error=error_text(error))
    arguments = _arguments(call, callee)
    if not arguments:
        return CALL_FAILED.format(what=what, call=call, error=error_text(error))
    return REFUSED.format(
        what=what,
        call=call,
        callee=getattr(callee.f_code, "co_qualname", callee.f_code.co_name),  # Python 3.11+
        error=type(error).__name__,
        arguments=_joined([item for item, _ in arguments], "; ", "；"),
        names=_listed([name for _, name in arguments]),
    )


def _is_library(frame: FrameType) -> bool:
    """A frame of this package, the standard library or an installed package: not the student's."""
    filename = frame.f_code.co_filename
    return filename.startswith(("<frozen", PACKAGE, *LIBRARIES))


def _call_source(summary: traceback.FrameSummary) -> str | None:
    """The source of the call a frame was making: ``self.loss_layer.forward(scores, labels)``."""
    first, last = summary.lineno, getattr(summary, "end_lineno", None)  # positions: Python 3.11+
    start, end = getattr(summary, "colno", None), getattr(summary, "end_colno", None)
    if first is None or last is None or start is None or end is None:
        return None
    lines = [linecache.getline(summary.filename, n) for n in range(first, last + 1)]
    if not all(lines):
        return None
    lines[-1] = lines[-1][:end]
    lines[0] = lines[0][start:]
    return " ".join(" ".join(lines).split())


def _arguments(call: str, callee: FrameType) -> list[tuple[Message, str]]:
    """Each argument of ``call`` as the student wrote it, what it was, and the callee's name for it.

    Empty when the call cannot be matched to the callee's parameters (``*args``, a lambda, ...).
    """
    try:
        node = ast.parse(call, mode="eval").body
    except SyntaxError:
        return []
    if not isinstance(node, ast.Call) or any(isinstance(a, ast.Starred) for a in node.args):
        return []
    code = callee.f_code
    parameters = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    if parameters[:1] == ["self"]:
        parameters = parameters[1:]
    written = [(ast.unparse(a), p) for a, p in zip(node.args, parameters, strict=False)]
    written += [(ast.unparse(k.value), k.arg) for k in node.keywords if k.arg in parameters]
    if len(written) != len(node.args) + len(node.keywords):
        return []
    values = callee.f_locals
    return [
        (Message("`{0}`: {1}", "`{0}`：{1}").format(source, _value(values.get(name))), name)
        for source, name in written
    ]


def _value(value: object) -> Message:
    """What a value is, briefly: ``array (4, 3) float64``, ``list of 4``, ``2.5``, ``None``."""
    if isinstance(value, np.ndarray):
        return ARRAY.format(shape=value.shape, dtype=value.dtype)
    if isinstance(value, list | tuple):
        return SEQUENCE.format(kind=type(value).__name__, n=len(value))
    if value is None or isinstance(value, bool | int | float | np.number):
        return same(str(value))
    return same(type(value).__name__)


def _joined(items: list[Message], en: str, zh: str) -> Message:
    """The messages one after the other, separated by ``en`` or ``zh``."""
    return Message(en.join(m.en for m in items), zh.join(m.zh for m in items))


def _listed(names: list[str]) -> Message:
    """``x and t``, ``x, t and dout`` / ``x 和 t``, ``x、t 和 dout``."""
    if len(names) == 1:
        return same(names[0])
    head, tail = names[:-1], names[-1]
    return Message(f"{', '.join(head)} and {tail}", f"{'、'.join(head)} 和 {tail}")
