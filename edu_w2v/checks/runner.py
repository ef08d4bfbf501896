"""The one runner every checker uses: its stages (forward, backward, gradient check) in order.

A checker module describes its layer with a ``Layer``: how to build one, the cases, and what the
reference answers on them (with the known wrong answers, from ``mistakes``). ``forward_stage``,
``backward_stage`` and ``gradient_stage`` then run the student's class on those cases, and
``Checker.run`` turns what they find into the verdict:

- a stage that finds nothing wrong adds a PASS line;
- ``WrongAnswer`` adds a FAIL line per hint (with the first mismatching numbers);
- ``NotImplementedYet`` adds a TODO line and stops: the later stages are "not run yet";
- ``StudentCodeError`` adds a CRASH line, prints the verdict so far and is raised to the student.
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
from edu_w2v.checks.verdict import CheckLine, CheckResult, close, mismatch
from edu_w2v.gradcheck import check_layer

# float64 gradient check: a right backward gives ~1e-9, a bug ~1e-2 or more; 1e-5 leaves room
# for harmless variants (the book's log(y + 1e-7) makes ~1e-7)
GRADIENT_TOL = 1e-5


class Case(NamedTuple):
    """One test case: forward's ``inputs``, backward's ``dout``, and how the verdict shows them."""

    name: str
    inputs: tuple[np.ndarray, ...]
    dout: Any  # a number, or an array of forward's output shape
    shown: str  # e.g. "idx = [1, 3, 1, 1, 0]"


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
    shape_hint: str  # formatted with {shape}: said when its shape is wrong
    hint: str  # said when it differs and no known mistake explains it


@dataclass
class Layer:
    """What a checker module tells the runner about its layer."""

    make: Callable[[], Student]  # a new layer of the student's class
    cases: list[Case]
    expected: Callable[
        [], list[Expected]
    ]  # the reference's answers, one per case, from a fresh run
    signature: str  # forward's arguments, e.g. "(h, idx)"
    out: Output
    dx: Output | None  # None: backward returns nothing
    grads_shapes: list[tuple[int, ...]]  # one per grads entry
    gradient_inputs: tuple[np.ndarray, ...]  # forward's inputs for the gradient check
    forward_passed: str  # the PASS messages
    backward_passed: str
    input_name: str = "x"  # the gradient check's name for backward's return
    grads_hint: str = "grads[{i}] differs from the reference"
    backward_needs_forward: bool = False  # a model: backward is not run before forward passes


class Checker:
    """Runs a checker's stages in order and collects the lines of its verdict."""

    def __init__(self, cls: Any, reference: str) -> None:
        if not isinstance(cls, type):
            raise TypeError(
                f"cls must be your class itself (e.g. check(Embedding), not check(Embedding(W))),"
                f" got {type(cls).__name__} {cls!r}"
            )
        self.cls = cls
        self.name = cls.__name__
        self.reference = reference
        self.lines: list[CheckLine] = []
        self.shapes_ok = True  # the gradient check needs the right shapes

    def new(self, signature: str, *args: Any, **kwargs: Any) -> Student:
        """A new object of the student's class: ``cls(*args, **kwargs)``, shown as ``signature``."""
        return Student.new(self.cls, signature, *args, **kwargs)

    def has_passed(self, check: str) -> bool:
        """Whether ``check`` ran and passed."""
        statuses = [line.status for line in self.lines if line.check == check]
        return bool(statuses) and all(status == "PASS" for status in statuses)

    def ok(self, check: str, message: str) -> None:
        self.lines.append(CheckLine("PASS", check, message))

    def fail(self, check: str, hint: str, *details: str) -> None:
        self.lines.append(CheckLine("FAIL", check, hint, list(details)))

    def not_run(self, check: str, why: str) -> None:
        self.lines.append(CheckLine("----", check, why))

    def run(self, stages: Sequence[tuple[str, Callable[[], bool | None]]]) -> CheckResult:
        """Run the stages, print the verdict and return it.

        A stage adds its PASS line or raises; it returns False when the later stages cannot run.
        """
        for i, (check, stage) in enumerate(stages):
            later = [name for name, _ in stages[i + 1 :]]
            try:
                if stage() is False:
                    for name in later:
                        self.not_run(name, "not run: fix the problem above first")
                    break
            except WrongAnswer as wrong:
                self.shapes_ok = self.shapes_ok and not wrong.shape
                for j, hint in enumerate(wrong.hints):  # the numbers go under the first hint
                    self.fail(check, hint, *(wrong.details if j == 0 else []))
            except NotImplementedYet as todo:
                self.lines.append(CheckLine("TODO", check, f"not implemented yet: {todo}"))
                for name in later:
                    self.not_run(name, "not run yet")
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


# --- comparing the student's answers with the reference's -----------------------------------


def compare(
    got: np.ndarray, expected: np.ndarray, output: Output, suspects: list[Suspect], detail: str
) -> None:
    """Nothing when ``got`` is ``expected``; else ``WrongAnswer`` with the best hint."""
    if got.shape != expected.shape:
        hint = diagnose(got, suspects) or output.shape_hint.format(shape=expected.shape)
        raise WrongAnswer(f"wrong shape: {hint}", f"{detail}: got shape {got.shape}", shape=True)
    if not close(got, expected):
        hint = diagnose(got, suspects) or output.hint
        raise WrongAnswer(hint, f"{detail}: {mismatch(got, expected, output.name)}")


def describe(case: Case, with_dout: bool = False) -> str:
    """``case 'name', idx = [...]`` (and ``, dout = 2.0`` for a number dout)."""
    text = f"case '{case.name}', {case.shown}"
    if with_dout and np.ndim(case.dout) == 0:
        text += f", dout = {float(case.dout)}"
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
            raise WrongAnswer(
                f"grads must be a list of {len(self.shapes)} array(s) (the book's contract), "
                f"got {type(grads).__name__}"
            )
        return grads

    def numbers(self) -> list[np.ndarray]:
        """Copies of the entries (backward may change the arrays in place)."""
        grads = self.read()
        values = []
        for i, shape in enumerate(self.shapes):
            value = np.array(as_numbers(grads[i], f"grads[{i}]"))
            if value.shape != shape:
                raise WrongAnswer(
                    f"wrong shape: grads[{i}] must have shape {shape}, got {value.shape}",
                    shape=True,
                )
            values.append(value)
        return values

    def check_kept(self, detail: str) -> None:
        """``WrongAnswer`` if backward rebound ``grads`` or replaced one of its arrays."""
        grads = self.read()
        start_list, start_arrays = self.start
        if self.shapes and grads is not start_list and not self.by_property:
            raise WrongAnswer(GRADS_REBOUND, detail)
        for i, array in enumerate(start_arrays[: len(self.shapes)]):
            if grads[i] is not array:
                raise WrongAnswer(numbered(GRAD_REPLACED, i), detail)


def numbered(hint: str, i: int) -> str:
    """A hint about grads[0] said of grads[i]."""
    return hint.replace("grads[0]", f"grads[{i}]")


# --- the stages ------------------------------------------------------------------------------


def layer_stages(checker: Checker, layer: Layer) -> list[tuple[str, Callable[[], None]]]:
    """The three stages of a layer's check: forward, backward, gradient check."""
    return [
        ("forward", lambda: forward_stage(checker, layer)),
        ("backward", lambda: backward_stage(checker, layer)),
        ("gradient check", lambda: gradient_stage(checker, layer)),
    ]


def forward_stage(checker: Checker, layer: Layer) -> None:
    """Forward on every case against the reference."""
    student = layer.make()
    for case, want in zip(layer.cases, layer.expected(), strict=True):
        value = student.call("forward", layer.signature, *copies(case.inputs), case=case.name)
        got = as_numbers(returned(value, "forward", f"the {layer.out.name}"), layer.out.name)
        compare(got, np.asarray(want.out), layer.out, want.out_suspects, describe(case))
    checker.ok("forward", layer.forward_passed)


def backward_stage(checker: Checker, layer: Layer) -> None:
    """Forward then backward on every case, one layer: what backward returns and ``grads``."""
    if layer.backward_needs_forward and not checker.has_passed("forward"):
        checker.not_run("backward", "not run: fix forward first (backward needs its h)")
        return
    student = layer.make()
    grads = Grads(student, layer.grads_shapes)
    for case, want in zip(layer.cases, layer.expected(), strict=True):
        student.call("forward", layer.signature, *copies(case.inputs), case=case.name)
        before = grads.numbers()
        (dout,) = copies((case.dout,))
        dx = student.call("backward", "(dout)", dout, case=case.name)
        detail = describe(case, with_dout=True)
        if layer.dx is not None:
            got = as_numbers(returned(dx, "backward", layer.dx.name), layer.dx.name)
            compare(got, want.dx, layer.dx, want.dx_suspects, detail)
        after = grads.numbers()
        for i, expected in enumerate(want.grads):
            if close(after[i], expected):
                continue
            if not np.any(after[i]):
                raise NotImplementedYet(numbered(NOTHING_WRITTEN, i))
            hints = gradient_hints(before[i], after[i], expected, want.grads_suspects[i])
            hints = [numbered(h, i) for h in hints] or [layer.grads_hint.format(i=i)]
            raise WrongAnswer(hints, f"{detail}: {mismatch(after[i], expected, f'grads[{i}]')}")
        grads.check_kept(detail)
    checker.ok("backward", layer.backward_passed)


def gradient_stage(checker: Checker, layer: Layer) -> None:
    """``edu_w2v.gradcheck.check_layer`` on a fresh layer of the student's class."""
    check = "gradient check"
    if not checker.shapes_ok:
        checker.not_run(check, "not run: fix the shapes first")
        return
    report = guarded(
        f"{checker.name}.forward or backward during the gradient check",
        check_layer,
        layer.make().obj,
        *copies(layer.gradient_inputs),
        input_name=layer.input_name,
        tol=GRADIENT_TOL,
    )
    if not report.passed:
        raise WrongAnswer(
            "backward is not the gradient of your forward (checked over two backward "
            "passes: gradients that pile up across calls fail too)",
            *(
                f"{row.name}: relative error {row.error:.2e} (a pass is < {report.tol:.0e})"
                for row in report.rows
                if not row.passed
            ),
        )
    names = ", ".join(row.name for row in report.rows)
    checker.ok(check, f"backward agrees with numerical gradients of your forward ({names})")
