"""Grading one stage of a check: what the classroom kit's graded cells call (nbgrader).

A graded cell of the course (``python -m edu_w2v classroom``) awards the points of one stage of
a checker's verdict, e.g. "backward" of ``check_embedding``::

    grade = graded_stage(check_embedding, Embedding, stage="backward")
    assert grade.passed, grade

``graded_stage`` runs the checker quietly (its verdict is the check cell's, above) and returns
that stage's lines. nbgrader awards the cell's points when it raises nothing; when the assertion
fails, the line is its message: the FAIL with its diagnosis, the numbers, and the hint on how to
fix it (in a graded cell the hint is always shown). A stage the checker did not run because an
earlier one failed, or because the code crashed, does not pass: its line says what to fix first.
A stage the checker does not have is an error (``ValueError``), unless the checker stopped
before it could tell.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from edu_w2v.checks.guard import StudentCodeError
from edu_w2v.checks.runner import FIX_FIRST, NOT_RUN_YET
from edu_w2v.checks.verdict import CheckLine, CheckResult
from edu_w2v.language import Message

NOT_RUN_CRASH = Message(
    "not run: your code crashed in {check} ({summary})",
    "未运行：你的代码在“{check}”中崩溃了（{summary}）",
)
UNKNOWN_STAGE = Message(
    "{checker} has no stage {stage!r}; its stages: {stages}",
    "{checker} 没有名为 {stage!r} 的检查项；它的检查项：{stages}",
)


@dataclass(frozen=True)
class StageGrade:
    """One stage of a verdict: ``passed``, and its lines (each FAIL with how to fix it)."""

    lines: tuple[CheckLine, ...]

    @property
    def passed(self) -> bool:
        return all(line.status == "PASS" for line in self.lines)

    def __str__(self) -> str:  # on a line of its own after nbgrader's "AssertionError:"
        return "\n" + "\n".join(str(line) for line in self.lines)


def graded_stage(
    check: Callable[..., CheckResult], /, *args: Any, stage: str, **kwargs: Any
) -> StageGrade:
    """``check(*args, **kwargs)`` run without printing; the lines of its stage named ``stage``.

    ``stage`` is the stage's English name, e.g. "forward", "gradient check" or, for exercise 07,
    a function's name ("dL_ds"), whichever language the verdict is told in.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            verdict = check(*args, **kwargs)
        except StudentCodeError as crash:
            if crash.verdict is None:  # not raised by a checker's stage: no verdict to grade
                raise
            verdict = crash.verdict  # the verdict up to the crash
    lines = [line for line in verdict.lines if line.check.en == stage]
    if lines:
        return StageGrade(tuple(replace(line, fix_shown=True) for line in lines))
    if not verdict.problems:  # every stage passed, and none of them is this one
        names = ", ".join(dict.fromkeys(line.check.en for line in verdict.lines))
        message = UNKNOWN_STAGE.format(checker=check.__name__, stage=stage, stages=names)
        raise ValueError(str(message))
    first = verdict.problems[0]  # the checker stopped there, before this stage: said as it says
    if first.status == "CRASH":
        why = NOT_RUN_CRASH.format(check=first.check, summary=first.message)
    elif first.status == "TODO":
        why = NOT_RUN_YET
    else:
        why = FIX_FIRST.format(check=first.check)
    return StageGrade((CheckLine("----", Message(stage, stage), why),))
