"""The guard around the student's code: every call, attribute read and array conversion.

A checker never touches the student's object directly: it calls ``student.call("forward", ...)``
and ``student.read("grads")`` on a ``Student``, and turns what comes back into numbers with
``as_numbers``. Three things can then happen besides a normal answer:

- ``NotImplementedYet``: the code is still a skeleton (it raises NotImplementedError or returns
  None); the verdict says "not implemented yet".
- ``StudentCodeError``: the student's code crashed; raised to the notebook, chained to the
  original exception so that the student's traceback shows (from the student's first frame).
- ``WrongAnswer``: an answer that cannot be right (not numbers, ragged rows, ...); the verdict
  gets a FAIL line with its hint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from edu_w2v.checks.crash import describe_crash, error_text
from edu_w2v.checks.verdict import CheckResult, Hint
from edu_w2v.language import Message, same

SHOWN_ABOVE = Message(" (its traceback is shown above)", "（它的回溯见上方）")
WRITE = Message(
    "write {method} (it raises NotImplementedError)",
    "请编写 {method}（它还在抛出 NotImplementedError）",
)
NO_SUCH_METHOD = Message(
    "write {method}{signature}: your class has no such method",
    "请编写 {method}{signature}：你的类没有这个方法",
)
RETURNS_NONE = Message(
    "write {method}: it returns None, it should return {what}",
    "请编写 {method}：它返回了 None，应返回{what}",
)
IN_CASE = Message("{call} in case '{case}'", "{call}（用例“{case}”）")
NOT_NUMBERS = Message(
    "{what} must be an array of numbers, got {kind} ({error})",
    "{what}：必须是数值数组，得到的是 {kind}（{error}）",
)


class StudentCodeError(RuntimeError):
    """The student's code crashed; the original exception is chained as ``__cause__``.

    ``verdict``: the checker's verdict up to the crash (its last line the CRASH), once a checker
    has raised it.
    """

    def __init__(self, summary: Message) -> None:
        super().__init__(summary)
        self.summary = summary
        self.verdict: CheckResult | None = None

    def __str__(self) -> str:
        return f"{self.summary}{SHOWN_ABOVE}"


class NotImplementedYet(Exception):
    """The student's code is still a skeleton: it raises NotImplementedError or returns None."""

    def __init__(self, hint: Message | Hint) -> None:
        self.hint = hint if isinstance(hint, Hint) else Hint(hint)
        super().__init__(self.hint.diagnosis.en)


class WrongAnswer(Exception):
    """A wrong answer: one FAIL line per hint, the details (numbers) under the first."""

    def __init__(self, hints: Hint | list[Hint], *details: Message) -> None:
        self.hints = [hints] if isinstance(hints, Hint) else list(hints)
        super().__init__(self.hints[0].diagnosis.en)
        self.details = list(details)


def guarded(what: Message, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, a piece of the student's code that ``what`` names in messages.

    NotImplementedError becomes ``NotImplementedYet``; any other exception ``StudentCodeError``.
    NumPy's floating-point warnings are silenced: a nan or inf shows up as a mismatch instead.
    """
    try:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    except (NotImplementedYet, StudentCodeError, WrongAnswer):  # told apart by an inner guard
        raise
    except NotImplementedError:
        method = "__init__" if isinstance(fn, type) else getattr(fn, "__name__", what.en)
        raise NotImplementedYet(WRITE.format(method=method)) from None
    except Exception as err:
        summary = describe_crash(what, err)
        if err.__traceback__ is not None and err.__traceback__.tb_next is not None:
            err = err.with_traceback(err.__traceback__.tb_next)  # from the student's first frame
        raise StudentCodeError(summary) from err


class Student:
    """The student's object ``obj`` of class ``name``, reached only through the guard."""

    def __init__(self, obj: Any, name: str) -> None:
        self.obj = obj
        self.name = name

    @classmethod
    def new(cls, student_class: type, signature: str, *args: Any, **kwargs: Any) -> Student:
        """``student_class(*args, **kwargs)``; ``signature`` shows the call, e.g. ``"(W)"``."""
        name = student_class.__name__
        return cls(guarded(same(f"{name}{signature}"), student_class, *args, **kwargs), name)

    def read(self, attribute: str) -> Any:
        """``obj.attribute``, or None when it has none (a property that crashes is a crash)."""

        def read() -> Any:
            return getattr(self.obj, attribute, None)

        read.__name__ = attribute  # a property raising NotImplementedError: "write <attribute>"
        return guarded(same(f"{self.name}.{attribute}"), read)

    def call(self, method: str, signature: str, *args: Any, case: Message | None = None) -> Any:
        """``obj.method(*args)``; ``signature`` and ``case`` name the call in messages."""
        what = same(f"{self.name}.{method}{signature}")
        if case is not None:
            what = IN_CASE.format(call=what, case=case)
        bound = self.read(method)
        if bound is None:
            raise NotImplementedYet(NO_SUCH_METHOD.format(method=method, signature=signature))
        return guarded(what, bound, *args)


def returned(value: Any, method: str, what: Message) -> Any:
    """``value`` unless it is None: a skeleton that ``pass``es returns None."""
    if value is None:
        raise NotImplementedYet(RETURNS_NONE.format(method=method, what=what))
    return value


def as_numbers(value: Any, what: str | Message, dtype: type | None = np.float64) -> np.ndarray:
    """``value`` as an array (float64 unless ``dtype`` is None); ``WrongAnswer`` if not one."""
    try:
        with np.errstate(all="ignore"):
            return np.asarray(value, dtype=dtype)
    except Exception as err:  # ragged rows, strings, an __array__ that fails, ...
        kind = type(value).__name__
        hint = NOT_NUMBERS.format(what=what, kind=kind, error=error_text(err))
        raise WrongAnswer(Hint(hint)) from None
