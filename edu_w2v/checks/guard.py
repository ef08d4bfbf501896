"""The guard around the student's code: every call, attribute read and array conversion.

A checker never touches the student's object directly: it calls ``student.call("forward", ...)``
and ``student.read("grads")`` on a ``Student``, and turns what comes back into numbers with
``as_numbers``. Three things can then happen besides a normal answer:

- ``NotImplementedYet``: the code is still a skeleton (it raises NotImplementedError or returns
  None); the verdict says "not implemented yet".
- ``StudentCodeError``: the student's code crashed; raised to the notebook, chained to the
  original exception so that the student's traceback shows.
- ``WrongAnswer``: an answer that cannot be right (not numbers, ragged rows, ...); the verdict
  gets a FAIL line with its hint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


class StudentCodeError(RuntimeError):
    """The student's code crashed; the original exception is chained as ``__cause__``."""

    def __init__(self, summary: str) -> None:
        super().__init__(f"{summary} (its traceback is shown above)")
        self.summary = summary


class NotImplementedYet(Exception):
    """The student's code is still a skeleton: it raises NotImplementedError or returns None."""


class WrongAnswer(Exception):
    """A wrong answer: one FAIL line per hint, the details (numbers) under the first."""

    def __init__(self, hints: str | list[str], *details: str, shape: bool = False) -> None:
        self.hints = [hints] if isinstance(hints, str) else list(hints)
        super().__init__(self.hints[0])
        self.details = list(details)
        self.shape = shape  # a wrong shape: the gradient check cannot run


def guarded(what: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
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
        method = "__init__" if isinstance(fn, type) else getattr(fn, "__name__", what)
        raise NotImplementedYet(f"write {method} (it raises NotImplementedError)") from None
    except Exception as err:
        summary = f"your {what} crashed with {type(err).__name__}: {str(err).strip()}"
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
        return cls(guarded(f"{name}{signature}", student_class, *args, **kwargs), name)

    def read(self, attribute: str) -> Any:
        """``obj.attribute``, or None when it has none (a property that crashes is a crash)."""

        def read() -> Any:
            return getattr(self.obj, attribute, None)

        read.__name__ = attribute  # a property raising NotImplementedError: "write <attribute>"
        return guarded(f"{self.name}.{attribute}", read)

    def call(self, method: str, signature: str, *args: Any, case: str = "") -> Any:
        """``obj.method(*args)``; ``signature`` and ``case`` name the call in messages."""
        what = f"{self.name}.{method}{signature}" + (f" in case '{case}'" if case else "")
        bound = self.read(method)
        if bound is None:
            raise NotImplementedYet(f"write {method}{signature}: your class has no such method")
        return guarded(what, bound, *args)


def returned(value: Any, method: str, what: str) -> Any:
    """``value`` unless it is None: a skeleton that ``pass``es returns None."""
    if value is None:
        raise NotImplementedYet(f"write {method}: it returns None, it should return {what}")
    return value


def as_numbers(value: Any, what: str, dtype: type | None = np.float64) -> np.ndarray:
    """``value`` as an array (float64 unless ``dtype`` is None); ``WrongAnswer`` if not one."""
    try:
        with np.errstate(all="ignore"):
            return np.asarray(value, dtype=dtype)
    except Exception as err:  # ragged rows, strings, an __array__ that fails, ...
        hint = f"{what} must be an array of numbers, got {type(value).__name__} ({err})"
        raise WrongAnswer(hint, shape=True) from None
