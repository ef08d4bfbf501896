"""check_sigmoid_with_loss: a student's ``SigmoidWithLoss`` against ``edu_w2v.SigmoidWithLoss``.

Contract: ``SigmoidWithLoss()``; ``forward(x, t)`` -> the mean loss (a number);
``backward(dout=1)`` -> dx, shape of x.   L = (1/N) sum_{i,k} BCE(sigmoid(x_ik), t_ik).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from edu_w2v.checks.core import (
    IGNORES_DOUT,
    Checker,
    CheckResult,
    call,
    close,
    diagnose,
    fmt,
    mismatch,
    numbers,
    returned,
)
from edu_w2v.sigmoid_with_loss import SigmoidWithLoss, sigmoid


class Case(NamedTuple):
    name: str
    x: np.ndarray  # scores, (N,) or (N, K)
    t: np.ndarray  # labels 0 / 1, shape of x
    dout: float


def _cases() -> list[Case]:
    rng = np.random.default_rng(101)
    ns_labels = np.zeros((3, 4))
    ns_labels[:, 0] = 1  # one positive and three negative columns, as negative sampling has
    return [
        Case("4 pairs", np.array([2.0, -1.0, 0.5, -0.3]), np.array([1.0, 0.0, 0.0, 1.0]), 1.0),
        Case("(N, K) = (3, 4) scores", rng.normal(0, 1.5, (3, 4)), ns_labels, 1.0),
        Case("dout = 2.5", rng.normal(0, 1.5, 6), rng.integers(0, 2, 6).astype(float), 2.5),
    ]


def _loss_suspects(case: Case) -> list[tuple[str, float]]:
    """Known wrong losses: sum instead of mean, raw scores as probabilities, sign, labels."""
    x, t = case.x, case.t
    N, K = x.shape[0], x[0].size
    per_entry = np.logaddexp(0, x) - t * x  # BCE of sigmoid(x), entry by entry
    p = np.clip(x, 1e-7, 1 - 1e-7)
    raw = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    swapped = np.logaddexp(0, x) - (1 - t) * x
    no_sigmoid = (
        "missing sigmoid: your loss treats the raw scores x as probabilities; use y = sigmoid(x)"
    )
    return [
        (
            "mean vs sum: your loss is the sum over the batch; the loss is the mean over the N "
            "rows (divide by N)",
            per_entry.sum(),
        ),
        (
            f"mean vs sum: your loss averages all N*K = {N * K} entries; average over the N rows "
            "only and add up the K columns",
            per_entry.mean(),
        ),
        (no_sigmoid, raw.sum() / N),
        (no_sigmoid, raw.sum()),
        ("sign: L = -[t log y + (1 - t) log(1 - y)], with a minus", -per_entry.sum() / N),
        ("labels swapped: t log y is the term of the label t = 1", swapped.sum() / N),
    ]


def _dx_suspects(case: Case) -> list[tuple[str, np.ndarray]]:
    x, t, dout = case.x, case.t, case.dout
    N, K = x.shape[0], x[0].size
    y = sigmoid(x)
    return [
        (
            "mean vs sum: backward forgets the 1/N of the mean: dx = (y - t) * dout / N",
            (y - t) * dout,
        ),
        (
            f"mean vs sum: backward divides by N*K = {N * K}; the K columns are added up, so "
            "dx = (y - t) * dout / N",
            (y - t) * dout / (N * K),
        ),
        (
            "missing sigmoid in backward: dx = (y - t) * dout / N with y = sigmoid(x), not the raw "
            "score x",
            (x - t) * dout / N,
        ),
        (
            "missing sigmoid in backward: dx uses the raw score x instead of y = sigmoid(x)",
            (x - t) * dout,
        ),
        ("sign: dx = (y - t) * dout / N, not (t - y) ...", (t - y) * dout / N),
        (IGNORES_DOUT, (y - t) / N),
    ]


def check_sigmoid_with_loss(cls: type) -> CheckResult:
    """Check a ``SigmoidWithLoss`` class: forward, backward, a gradient check; print a verdict."""
    checker = Checker(cls, "edu_w2v.SigmoidWithLoss")
    name = checker.name
    cases = _cases()

    def forward() -> None:
        layer = call(f"{name}()", cls)
        for case in cases:
            what = f"{name}.forward(x, t) in case '{case.name}'"
            loss = numbers(
                returned(
                    call(what, layer.forward, case.x.copy(), case.t.copy()), "forward", "the loss"
                )
            )
            if not checker.scalar_loss(loss, case.name, "the mean loss"):
                return
            expected = SigmoidWithLoss().forward(case.x, case.t)
            if not close(loss, expected):
                hint = diagnose(loss, _loss_suspects(case))
                if hint is None and not np.isfinite(loss):
                    hint = (
                        "missing sigmoid? your loss is not finite: log of a number <= 0; "
                        "take logs of y = sigmoid(x), a probability"
                    )
                checker.fail(
                    "forward",
                    hint or "forward differs from the reference",
                    f"case '{case.name}', x = {fmt(case.x)}: {mismatch(loss, expected, 'loss')}",
                )
                return
        checker.ok("forward", f"{len(cases)} cases (x (N,) and (N, K), labels 0 and 1)")

    def backward() -> None:
        layer = call(f"{name}()", cls)
        for case in cases:
            call(
                f"{name}.forward(x, t) in case '{case.name}'",
                layer.forward,
                case.x.copy(),
                case.t.copy(),
            )
            what = f"{name}.backward(dout) in case '{case.name}'"
            dx = numbers(returned(call(what, layer.backward, case.dout), "backward", "dx"))
            reference = SigmoidWithLoss()
            reference.forward(case.x, case.t)
            expected = reference.backward(case.dout)
            if dx.shape != case.x.shape:
                checker.wrong_shape(
                    "backward",
                    f"dx must have the shape of x {case.x.shape}",
                    f"case '{case.name}': got shape {dx.shape}",
                )
                return
            if not close(dx, expected):
                hint = diagnose(dx, _dx_suspects(case)) or "backward differs from the reference"
                checker.fail(
                    "backward",
                    hint,
                    f"case '{case.name}', x = {fmt(case.x)}, "
                    f"dout = {case.dout}: {mismatch(dx, expected, 'dx')}",
                )
                return
        checker.ok("backward", f"{len(cases)} cases (dx = (y - t) * dout / N, dout 1 and 2.5)")

    x, t = cases[1].x, cases[1].t
    return checker.run(
        [
            ("forward", forward),
            ("backward", backward),
            ("gradient check", lambda: checker.gradient_check(cls, x, t)),
        ]
    )
