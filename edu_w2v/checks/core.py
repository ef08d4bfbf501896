"""What every checker shares: run the student's code, compare with the reference, print a verdict.

A checker runs a student's class next to the reference layer on fixed and random cases. Each
*check* (forward, backward, the gradient check, ...) becomes one line of the verdict:

    PASS  forward: 3 cases (idx (N,), repeated rows, idx (N, C))
    FAIL  backward: lost updates for repeated indices: ...
            case 'repeated rows', grads[0][1]: got [...], expected [...]
    TODO  backward: not implemented yet: write backward (it raises NotImplementedError)
    ----  gradient check: not run yet

A wrong answer never raises: it becomes a FAIL line with a hint and the first mismatching numbers.
Only a crash of the student's code raises ``StudentCodeError``, chained to the original exception
so that its traceback shows. Numbers are printed rounded (``.6f``): the output is deterministic.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edu_w2v.gradcheck import check_layer

NOTHING_WRITTEN = "backward left grads[0] all zeros: write the gradient into self.grads[0]"

RTOL, ATOL = 1e-5, 1e-7  # the cases are float64: any correct formula agrees far better than this
WIDTH = 100  # verdict lines are wrapped at this width
# float64 gradient check: a right backward gives ~1e-9, a bug ~1e-2 or more; 1e-5 leaves room
# for harmless variants (the book's log(y + 1e-7) makes ~1e-7)
GRADIENT_TOL = 1e-5


class StudentCodeError(RuntimeError):
    """The student's code crashed; the original exception is chained as ``__cause__``."""

    def __init__(self, summary: str) -> None:
        super().__init__(f"{summary} (its traceback is shown above)")
        self.summary = summary


class NotImplementedYet(Exception):
    """The student's code is still a skeleton: it raises NotImplementedError or returns None."""


def call(what: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``: a call of the student's code, ``what`` names it in messages.

    NotImplementedError becomes ``NotImplementedYet``; any other exception ``StudentCodeError``.
    NumPy's floating-point warnings are silenced: a nan or inf shows up as a mismatch instead.
    """
    try:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    except (NotImplementedYet, StudentCodeError):  # already told apart by an inner call()
        raise
    except NotImplementedError:
        method = "__init__" if isinstance(fn, type) else getattr(fn, "__name__", what)
        raise NotImplementedYet(f"write {method} (it raises NotImplementedError)") from None
    except Exception as err:
        summary = f"your {what} crashed with {type(err).__name__}: {str(err).strip()}"
        raise StudentCodeError(summary) from err


def returned(value: Any, method: str, what: str) -> Any:
    """``value`` unless it is None: a skeleton that ``pass``es returns None."""
    if value is None:
        raise NotImplementedYet(f"write {method}: it returns None, it should return {what}")
    return value


def numbers(value: Any) -> np.ndarray:
    """``value`` as a float64 array; something that is not numbers becomes an empty object array."""
    if hasattr(value, "to_dense"):  # a sparse row gradient
        value = value.to_dense()
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return np.empty(0, dtype=object)


def close(got: np.ndarray, expected: np.ndarray) -> bool:
    """Same shape and the same numbers (to RTOL / ATOL)."""
    got, expected = numbers(got), numbers(expected)
    return (
        got.dtype != object
        and got.shape == expected.shape
        and bool(np.allclose(got, expected, rtol=RTOL, atol=ATOL))
    )


def fmt(value: Any) -> str:
    """Numbers rounded to 6 decimals: ``0.123457`` or ``[0.1, -2.0, ...]`` (at most 6 shown)."""
    a = numbers(value)

    def one(v: float) -> str:
        text = f"{v:.6f}"
        return "0.000000" if text == "-0.000000" else text

    if a.ndim == 0:
        return one(float(a))
    shown = ", ".join(one(v) for v in a.reshape(-1)[:6])
    return f"[{shown}{', ...' if a.size > 6 else ''}]"


def mismatch(got: np.ndarray, expected: np.ndarray, name: str) -> str:
    """Where ``got`` first differs: ``name[1]: got [...], expected [...]`` (a row for 2-D+)."""
    got, expected = numbers(got), numbers(expected)
    if got.shape != expected.shape:
        return f"{name} has shape {got.shape}, expected {expected.shape}"
    if got.ndim == 0:
        return f"{name}: got {fmt(got)}, expected {fmt(expected)}"
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    where = tuple(int(i) for i in np.argwhere(bad)[0])[: max(got.ndim - 1, 1)]
    label = f"{name}[{', '.join(map(str, where))}]"
    return f"{label}: got {fmt(got[where])}, expected {fmt(expected[where])}"


def diagnose(got: np.ndarray, suspects: Iterable[tuple[str, np.ndarray]]) -> str | None:
    """The hint of the first suspect (a known wrong answer) that ``got`` equals, else None."""
    for hint, value in suspects:
        if close(got, value):
            return hint
    return None


STALE = (
    "stale gradients: grads[0] still holds the previous backward's gradient; each backward "
    "must replace it (dW[...] = 0 before adding)"
)
LOST = (
    "lost updates for repeated indices: a row looked up twice must receive both updates, but "
    "`dW[idx] += dout` keeps only one; np.add.at(dW, idx, dout) adds every one"
)
IGNORES_DOUT = "backward ignores dout: multiply by dout, the gradient from the layer above"


def row_gradient_hints(
    before: np.ndarray,
    after: np.ndarray,
    expected: np.ndarray,
    lost: np.ndarray | None = None,
    without_dout: np.ndarray | None = None,
) -> list[str]:
    """Hints for a wrong embedding gradient ``after``; ``before`` is the entry before backward.

    ``lost`` is what ``dW[idx] += dout`` gives (one update per repeated row), ``without_dout``
    what backward gives when it ignores dout.
    """
    hints = []
    change = after - before
    known = [g for g in (expected, lost) if g is not None]
    if np.any(before != 0) and any(close(change, g) for g in known):
        hints.append(STALE)
    else:
        change = after
    if lost is not None and close(change, lost):
        hints.append(LOST)
    elif without_dout is not None and close(change, without_dout):
        hints.append(IGNORES_DOUT)
    return hints


@dataclass
class CheckLine:
    """One line of a verdict: ``status`` is PASS, FAIL, TODO, CRASH or ---- (not run)."""

    status: str
    check: str
    message: str
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        head = textwrap.fill(
            f"{self.status:<5} {self.check}: {self.message}",
            WIDTH,
            initial_indent="  ",
            subsequent_indent=" " * 8,
            break_on_hyphens=False,
        )
        details = [
            textwrap.fill(
                d,
                WIDTH,
                initial_indent=" " * 10,
                subsequent_indent=" " * 12,
                break_on_hyphens=False,
            )
            for d in self.details
        ]
        return "\n".join([head, *details])


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
        lines = [f"Checking your {self.layer} against the reference {self.reference}:"]
        lines += [str(line) for line in self.lines]
        checks = list(dict.fromkeys(line.check for line in self.lines))  # a check may have 2 lines
        failed = len({line.check for line in self.lines if line.status == "FAIL"})
        if self.passed:
            lines.append(f"All {len(checks)} checks passed.")
        elif any(line.status == "CRASH" for line in self.lines):
            lines.append("Your code crashed: its error and traceback follow.")
        elif not self.implemented:
            lines.append("Not done yet: fill in '# your code here', then run this check again.")
        elif failed:
            lines.append(f"{failed} of {len(checks)} checks failed: start with the first FAIL.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"CheckResult({self.layer!r}, passed={self.passed}, hints={self.hints!r})"


class Checker:
    """Collects the verdict lines while a checker runs its checks (its *stages*) in order."""

    def __init__(self, cls: Any, reference: str) -> None:
        if not isinstance(cls, type):
            raise TypeError(
                f"cls must be your class itself (e.g. check(Embedding), not check(Embedding(W))),"
                f" got {type(cls).__name__} {cls!r}"
            )
        self.name = cls.__name__
        self.reference = reference
        self.lines: list[CheckLine] = []
        self.shapes_ok = True  # the gradient check needs the right shapes

    def has_passed(self, check: str) -> bool:
        """Whether ``check`` ran and passed."""
        statuses = [line.status for line in self.lines if line.check == check]
        return bool(statuses) and all(status == "PASS" for status in statuses)

    def ok(self, check: str, message: str) -> None:
        self.lines.append(CheckLine("PASS", check, message))

    def fail(self, check: str, hint: str, *details: str) -> None:
        self.lines.append(CheckLine("FAIL", check, hint, list(details)))

    def fail_each(self, check: str, hints: list[str], detail: str) -> None:
        """One FAIL line per hint; the numbers (``detail``) go under the first."""
        for i, hint in enumerate(hints):
            self.fail(check, hint, *([detail] if i == 0 else []))

    def wrong_shape(self, check: str, hint: str, *details: str) -> None:
        self.shapes_ok = False
        self.fail(check, f"wrong shape: {hint}", *details)

    def scalar_loss(self, loss: np.ndarray, case_name: str, what: str = "the loss") -> bool:
        """True when forward returned one number; otherwise a FAIL line saying so."""
        if loss.shape == ():
            return True
        self.wrong_shape(
            "forward",
            f"forward must return one number, {what}",
            f"case '{case_name}': got shape {loss.shape}",
        )
        return False

    def grads_entry(self, layer: Any, i: int, shape: tuple[int, ...]) -> np.ndarray | None:
        """``layer.grads[i]`` as numbers (a copy), or None after a FAIL line saying what is off."""
        grads = getattr(layer, "grads", None)
        if not isinstance(grads, Sequence) or len(grads) <= i:
            self.fail("backward", f"grads must be a list with entry {i} (the book's contract)")
            return None
        grad = np.array(numbers(grads[i]))  # a copy: backward may change the array in place
        if grad.shape != shape:
            self.wrong_shape("backward", f"grads[{i}] must have shape {shape}, got {grad.shape}")
            return None
        return grad

    def not_run(self, check: str, why: str) -> None:
        self.lines.append(CheckLine("----", check, why))

    def run(self, stages: Sequence[tuple[str, Callable[[], bool | None]]]) -> CheckResult:
        """Run the stages, print the verdict and return it.

        A stage records its own lines; it returns False when the later stages cannot run. A
        skeleton (TODO) stops the run; a crash prints the verdict so far and is re-raised.
        """
        for i, (check, stage) in enumerate(stages):
            try:
                if stage() is False:  # the later stages cannot run
                    for later, _ in stages[i + 1 :]:
                        self.not_run(later, "not run: fix the problem above first")
                    break
            except NotImplementedYet as todo:
                self.lines.append(CheckLine("TODO", check, f"not implemented yet: {todo}"))
                for later, _ in stages[i + 1 :]:
                    self.not_run(later, "not run yet")
                break
            except StudentCodeError as crash:
                self.lines.append(CheckLine("CRASH", check, crash.summary))
                print(self.result())
                raise
        result = self.result()
        print(result)
        return result

    def result(self) -> CheckResult:
        return CheckResult(self.name, self.reference, list(self.lines))

    def gradient_check(
        self, make_layer: Callable[[], Any], *inputs: np.ndarray, input_name: str = "x"
    ) -> None:
        """Stage: ``edu_w2v.gradcheck.check_layer`` on a fresh layer of the student's class."""
        check = "gradient check"
        if not self.shapes_ok:
            self.not_run(check, "not run: fix the shapes first")
            return
        layer = call(f"{self.name}(...)", make_layer)
        report = call(
            f"{self.name}.forward or backward during the gradient check",
            check_layer,
            layer,
            *inputs,
            input_name=input_name,
            tol=GRADIENT_TOL,
        )
        names = ", ".join(row.name for row in report.rows)
        if report.passed:
            self.ok(check, f"backward agrees with numerical gradients of your forward ({names})")
            return
        details = [
            f"{row.name}: relative error {row.error:.2e} (a pass is < {report.tol:.0e})"
            for row in report.rows
            if not row.passed
        ]
        self.fail(
            check,
            "backward is not the gradient of your forward (checked over two backward passes: "
            "gradients that pile up across calls fail too)",
            *details,
        )
