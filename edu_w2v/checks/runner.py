"""The one runner every checker uses: its stages (forward, backward, gradient check) in order.

A checker module describes its layer with a ``Layer``: how to build one, the cases, and what the
reference answers on them (with the known wrong answers, from ``mistakes``). ``forward_stage``,
``backward_stage`` and ``gradient_stage`` then run the student's class on those cases, and
``Checker.run`` turns what they find into the verdict:

- a stage that finds nothing wrong adds a PASS line;
- ``WrongAnswer`` adds a FAIL line per hint (with the first mismatching numbers), and the later
  stages do not run: the first FAIL is what to fix ("not run: fix forward first");
- ``NotImplementedYet`` adds a TODO line and stops: the later stages are "not run yet";
- ``StudentCodeError`` adds a CRASH line, prints the verdict so far and is raised to the student.

Hints come in two steps. A FAIL line names the mistake (its diagnosis); the fix is held back
until the same class shows the same mistake again in this session (the student ran the check
again), then printed under it as ``hint: ...``. A fresh kernel starts with nothing seen, so a
notebook's stored output is what its first run prints.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from edu_w2v.checks.guard import (
    NotImplementedYet,
    Student,
    StudentCodeError,
    WrongAnswer,
    as_numbers,
    guarded,
    returned,
)
from edu_w2v.checks.mistakes import (
    GRAD_REPLACED,
    GRADS_REBOUND,
    NOTHING_WRITTEN,
    Suspect,
    diagnose,
    gradient_hints,
)
from edu_w2v.checks.verdict import CheckLine, CheckResult, Hint, close, mismatch
from edu_w2v.gradcheck import check_layer
from edu_w2v.language import Message, same

# float64 gradient check: a right backward gives ~1e-9, a bug ~1e-2 or more; 1e-5 leaves room
# for harmless variants (the book's log(y + 1e-7) makes ~1e-7)
GRADIENT_TOL = 1e-5

FORWARD, BACKWARD = same("forward"), same("backward")
GRADIENT_CHECK = Message("gradient check", "梯度确认")
NOT_RUN_YET = Message("not run yet", "尚未运行")
FIX_FIRST = Message("not run: fix {check} first", "未运行：先改好“{check}”")
TODO = Message("not implemented yet: {0}", "尚未实现：{0}")
WRONG_CLASS = Message(
    "cls must be your class itself (e.g. check(Embedding), not check(Embedding(W))), got {0}",
    "cls 必须是你的类本身（例如 check(Embedding)，而不是 check(Embedding(W))），得到的是 {0}",
)
CASE = Message("case '{name}', {shown}", "用例“{name}”，{shown}")
WITH_DOUT = Message("{0}, dout = {1}", "{0}，dout = {1}")
AT = Message("{0}: {1}", "{0}：{1}")
WRONG_SHAPE = Message("wrong shape: {0}", "形状错误：{0}")
GOT_SHAPE = Message("{0}: got shape {1}", "{0}：得到的形状是 {1}")
GRADS_NOT_A_LIST = Message(
    "grads must be a list of {n} array(s) (the book's contract), got {kind}",
    "grads 必须是由 {n} 个数组组成的列表（书中的约定），得到的是 {kind}",
)
GRAD_SHAPE = Message(
    "wrong shape: grads[{i}] must have shape {shape}, got {got}",
    "形状错误：grads[{i}] 的形状必须是 {shape}，得到的是 {got}",
)
ONE_NUMBER = Message("forward must return one number, {0}", "forward 必须返回一个数：{0}")
GRAD_DIFFERS = Message("{grad} differs from the reference", "{grad} 与参考实现不同")
NOT_THE_GRADIENT = Message(
    "backward is not the gradient of your forward (checked over two backward passes: gradients "
    "that pile up across calls fail too)",
    "backward 不是你的 forward 的梯度（检查了两次 backward：在多次调用之间累积的梯度也不能通过）",
)
RELATIVE_ERROR = Message(
    "{name}: relative error {error:.2e} (a pass is < {tol:.0e})",
    "{name}：相对误差 {error:.2e}（小于 {tol:.0e} 才算通过）",
)
GRADIENTS_AGREE = Message(
    "backward agrees with numerical gradients of your forward ({names})",
    "backward 与你的 forward 的数值梯度一致（{names}）",
)
IN_GRADIENT_CHECK = Message(
    "{name}.forward or backward during the gradient check",
    "梯度确认中的 {name}.forward 或 backward",
)

# (reference, the student's class, a hint): the diagnoses shown so far in this session
_seen: set[tuple[str, str, Hint]] = set()


def forget_hints() -> None:
    """Forget the diagnoses shown so far: the next check of any class shows diagnoses only."""
    _seen.clear()


class Case(NamedTuple):
    """One test case: forward's ``inputs``, backward's ``dout``, and how the verdict shows them."""

    name: Message
    inputs: tuple[np.ndarray, ...]
    dout: Any  # a number, or an array of forward's output shape
    shown: str | Message  # e.g. "idx = [1, 3, 1, 1, 0]"


@dataclass
class Expected:
    """The reference's answers on one case, and the known wrong answers of each."""

    out: np.ndarray  # what forward returns
    grads: list[np.ndarray]  # the grads entries after backward
    dx: np.ndarray | None = None  # what backward returns (None: nothing)
    out_suspects: list[Suspect] = field(default_factory=list)
    dx_suspects: list[Suspect] = field(default_factory=list)
    grads_suspects: list[list[Suspect]] = field(default_factory=list)


class Output(NamedTuple):
    """How the verdict speaks of a returned value: its name, the hints for its shape and value."""

    name: str  # "loss", "out", "dh", ...
    what: Message  # what forward or backward should return, e.g. "the loss"
    shape_hint: Hint  # formatted with {shape}: said when its shape is wrong
    hint: Hint  # said when it differs and no known mistake explains it


@dataclass
class Layer:
    """What a checker module tells the runner about its layer."""

    make: Callable[[], Student]  # a new layer of the student's class
    cases: list[Case]
    expected: Callable[[], list[Expected]]  # the reference's answers, one per case, fresh
    signature: str  # forward's arguments, e.g. "(h, idx)"
    out: Output
    dx: Output | None  # None: backward returns nothing
    grads_shapes: list[tuple[int, ...]]  # one per grads entry
    gradient_inputs: tuple[np.ndarray, ...]  # forward's inputs for the gradient check
    forward_passed: Message  # the PASS messages
    backward_passed: Message
    input_name: str = "x"  # the gradient check's name for backward's return
    grads_hint: Hint = Hint(GRAD_DIFFERS)  # a grads entry differs for no known reason


class Checker:
    """Runs a checker's stages in order and collects the lines of its verdict."""

    def __init__(self, cls: Any, reference: str) -> None:
        if not isinstance(cls, type):
            raise TypeError(str(WRONG_CLASS.format(f"{type(cls).__name__} {cls!r}")))
        self.cls = cls
        self.name = cls.__name__
        self.reference = reference
        self.lines: list[CheckLine] = []

    def new(self, signature: str, *args: Any, **kwargs: Any) -> Student:
        """A new object of the student's class: ``cls(*args, **kwargs)``, shown as ``signature``."""
        return Student.new(self.cls, signature, *args, **kwargs)

    def ok(self, check: Message, message: Message) -> None:
        self.lines.append(CheckLine("PASS", check, message))

    def fail(self, check: Message, hint: Hint, *details: Message) -> None:
        self.problem("FAIL", check, hint, list(details))

    def problem(self, status: str, check: Message, hint: Hint, details: list[Message]) -> None:
        """A FAIL or TODO line: its diagnosis, and its fix if this class showed it before."""
        key = (self.reference, f"{self.cls.__module__}.{self.cls.__qualname__}", hint)
        shown = key in _seen
        _seen.add(key)
        self.lines.append(CheckLine(status, check, hint.diagnosis, details, hint.fix, shown))

    def not_run(self, check: Message, why: Message) -> None:
        self.lines.append(CheckLine("----", check, why))

    def run(self, stages: Sequence[tuple[Message, Callable[[], None]]]) -> CheckResult:
        """Run the stages until the first FAIL, TODO or CRASH; print the verdict and return it.

        A stage adds its PASS line, adds FAIL lines, or raises.
        """
        for i, (check, stage) in enumerate(stages):
            later = [name for name, _ in stages[i + 1 :]]
            before = len(self.lines)
            try:
                stage()
            except WrongAnswer as wrong:
                for j, hint in enumerate(wrong.hints):  # the numbers go under the first hint
                    self.fail(check, hint, *(wrong.details if j == 0 else []))
            except NotImplementedYet as todo:
                hint = Hint(TODO.format(todo.hint.diagnosis), todo.hint.fix)
                self.problem("TODO", check, hint, [])
                for name in later:
                    self.not_run(name, NOT_RUN_YET)
                break
            except StudentCodeError as crash:
                self.lines.append(CheckLine("CRASH", check, crash.summary))
                crash.verdict = self.result()
                print(crash.verdict)
                raise crash.with_traceback(None) from crash.__cause__  # not the checker's frames
            failed = [line for line in self.lines[before:] if line.status == "FAIL"]
            if failed:  # named by its first FAIL line: a stage may check several things
                for name in later:
                    self.not_run(name, FIX_FIRST.format(check=failed[0].check))
                break
        result = self.result()
        print(result)
        return result

    def result(self) -> CheckResult:
        return CheckResult(self.name, self.reference, list(self.lines))


# --- comparing the student's answers with the reference's -----------------------------------


def compare(
    got: np.ndarray, expected: np.ndarray, output: Output, suspects: list[Suspect], detail: Message
) -> None:
    """Nothing when ``got`` is ``expected``; else ``WrongAnswer`` with the best hint."""
    if got.shape != expected.shape:
        hint = diagnose(got, suspects) or output.shape_hint.format(shape=expected.shape)
        wrong_shape = Hint(WRONG_SHAPE.format(hint.diagnosis), hint.fix)
        raise WrongAnswer(wrong_shape, GOT_SHAPE.format(detail, got.shape))
    if not close(got, expected):
        hint = diagnose(got, suspects) or output.hint
        raise WrongAnswer(hint, AT.format(detail, mismatch(got, expected, output.name)))


def describe(case: Case, with_dout: bool = False) -> Message:
    """``case 'name', idx = [...]`` (and ``, dout = 2.0`` for a number dout)."""
    text = CASE.format(name=case.name, shown=case.shown)
    if with_dout and np.ndim(case.dout) == 0:
        text = WITH_DOUT.format(text, float(case.dout))
    return text


def copies(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Fresh copies: the student's code may change its inputs in place."""
    return tuple(np.copy(v) if isinstance(v, np.ndarray) else v for v in values)


class Grads:
    """The student layer's ``grads``: each entry read as numbers, and kept in place or not."""

    def __init__(self, layer: Student, shapes: list[tuple[int, ...]]) -> None:
        self.layer = layer
        self.shapes = shapes
        grads = self.read()
        self.start = (grads, list(grads))  # the list and its arrays, right after __init__
        cls_attr = inspect.getattr_static(type(layer.obj), "grads", None)
        self.by_property = isinstance(cls_attr, property)  # a model may read them fresh

    def read(self) -> list[Any]:
        if not self.shapes:  # a layer without parameters: nothing to read
            return []
        grads = self.layer.read("grads")
        if not isinstance(grads, list | tuple) or len(grads) < len(self.shapes):
            kind = type(grads).__name__
            raise WrongAnswer(Hint(GRADS_NOT_A_LIST.format(n=len(self.shapes), kind=kind)))
        return grads

    def numbers(self) -> list[np.ndarray]:
        """Copies of the entries (backward may change the arrays in place)."""
        grads = self.read()
        values = []
        for i, shape in enumerate(self.shapes):
            value = np.array(as_numbers(grads[i], f"grads[{i}]"))
            if value.shape != shape:
                raise WrongAnswer(Hint(GRAD_SHAPE.format(i=i, shape=shape, got=value.shape)))
            values.append(value)
        return values

    def check_kept(self, detail: Message) -> None:
        """``WrongAnswer`` if backward rebound ``grads`` or replaced one of its arrays."""
        grads = self.read()
        start_list, start_arrays = self.start
        if self.shapes and grads is not start_list and not self.by_property:
            raise WrongAnswer(GRADS_REBOUND, detail)
        for i, array in enumerate(start_arrays[: len(self.shapes)]):
            if grads[i] is not array:
                raise WrongAnswer(GRAD_REPLACED.format(grad=f"grads[{i}]"), detail)


# --- the stages ------------------------------------------------------------------------------


def layer_stages(checker: Checker, layer: Layer) -> list[tuple[Message, Callable[[], None]]]:
    """The three stages of a layer's check: forward, backward, gradient check."""
    return [
        (FORWARD, lambda: forward_stage(checker, layer)),
        (BACKWARD, lambda: backward_stage(checker, layer)),
        (GRADIENT_CHECK, lambda: gradient_stage(checker, layer)),
    ]


def forward_stage(checker: Checker, layer: Layer) -> None:
    """Forward on every case against the reference."""
    student = layer.make()
    for case, want in zip(layer.cases, layer.expected(), strict=True):
        value = student.call("forward", layer.signature, *copies(case.inputs), case=case.name)
        got = as_numbers(returned(value, "forward", layer.out.what), layer.out.name)
        compare(got, np.asarray(want.out), layer.out, want.out_suspects, describe(case))
    checker.ok(FORWARD, layer.forward_passed)


def backward_stage(checker: Checker, layer: Layer) -> None:
    """Forward then backward on every case, one layer: what backward returns and ``grads``."""
    student = layer.make()
    grads = Grads(student, layer.grads_shapes)
    for case, want in zip(layer.cases, layer.expected(), strict=True):
        student.call("forward", layer.signature, *copies(case.inputs), case=case.name)
        before = grads.numbers()
        (dout,) = copies((case.dout,))
        dx = student.call("backward", "(dout)", dout, case=case.name)
        detail = describe(case, with_dout=True)
        if layer.dx is not None:
            got = as_numbers(returned(dx, "backward", layer.dx.what), layer.dx.name)
            compare(got, want.dx, layer.dx, want.dx_suspects, detail)
        after = grads.numbers()
        for i, expected in enumerate(want.grads):
            if close(after[i], expected):
                continue
            grad = f"grads[{i}]"
            if not np.any(after[i]):
                raise NotImplementedYet(NOTHING_WRITTEN.format(grad=grad))
            hints = gradient_hints(before[i], after[i], expected, want.grads_suspects[i])
            hints = [h.format(grad=grad) for h in hints] or [layer.grads_hint.format(grad=grad)]
            raise WrongAnswer(hints, AT.format(detail, mismatch(after[i], expected, grad)))
        grads.check_kept(detail)
    checker.ok(BACKWARD, layer.backward_passed)


def gradient_stage(checker: Checker, layer: Layer) -> None:
    """``edu_w2v.gradcheck.check_layer`` on a fresh layer of the student's class."""
    report = guarded(
        IN_GRADIENT_CHECK.format(name=checker.name),
        check_layer,
        layer.make().obj,
        *copies(layer.gradient_inputs),
        input_name=layer.input_name,
        tol=GRADIENT_TOL,
    )
    if not report.passed:
        raise WrongAnswer(
            Hint(NOT_THE_GRADIENT),
            *(
                RELATIVE_ERROR.format(name=row.name, error=row.error, tol=report.tol)
                for row in report.rows
                if not row.passed
            ),
        )
    names = ", ".join(row.name for row in report.rows)
    checker.ok(GRADIENT_CHECK, GRADIENTS_AGREE.format(names=names))
