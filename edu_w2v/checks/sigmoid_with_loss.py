"""check_sigmoid_with_loss: a student's ``SigmoidWithLoss`` against ``edu_w2v.SigmoidWithLoss``.

Contract: ``SigmoidWithLoss()``; ``forward(x, t)`` -> the mean loss (a number);
``backward(dout=1)`` -> dx, shape of x.   L = (1/N) sum_{i,k} BCE(sigmoid(x_ik), t_ik).
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.mistakes import loss_mistakes, score_gradient_mistakes
from edu_w2v.checks.runner import Case, Checker, Expected, Layer, Output, layer_stages
from edu_w2v.checks.verdict import CheckResult, fmt
from edu_w2v.sigmoid_with_loss import SigmoidWithLoss


def _cases() -> list[Case]:
    rng = np.random.default_rng(101)
    ns_labels = np.zeros((3, 4))
    ns_labels[:, 0] = 1  # one positive and three negative columns, as negative sampling has
    cases = [
        ("4 pairs", np.array([2.0, -1.0, 0.5, -0.3]), np.array([1.0, 0.0, 0.0, 1.0]), 1.0),
        ("(N, K) = (3, 4) scores", rng.normal(0, 1.5, (3, 4)), ns_labels, 1.0),
        ("dout = 2.5", rng.normal(0, 1.5, 6), rng.integers(0, 2, 6).astype(float), 2.5),
    ]
    return [Case(name, (x, t), dout, f"x = {fmt(x)}") for name, x, t, dout in cases]


def _expected(case: Case) -> Expected:
    x, t = case.inputs
    reference = SigmoidWithLoss()
    loss = reference.forward(x, t)
    dx = reference.backward(case.dout)
    return Expected(
        out=loss,
        grads=[],
        dx=dx,
        out_suspects=loss_mistakes(x, t),
        dx_suspects=score_gradient_mistakes(x, t, case.dout, chain=lambda d: d),
    )


def check_sigmoid_with_loss(cls: type) -> CheckResult:
    """Check a ``SigmoidWithLoss`` class: forward, backward, a gradient check; print a verdict."""
    checker = Checker(cls, "edu_w2v.SigmoidWithLoss")
    cases = _cases()
    layer = Layer(
        make=lambda: checker.new("()"),
        cases=cases,
        expected=lambda: [_expected(case) for case in cases],
        signature="(x, t)",
        out=Output(
            "loss",
            "forward must return one number, the mean loss",
            "forward differs from the reference",
        ),
        dx=Output(
            "dx", "dx must have the shape of x {shape}", "backward differs from the reference"
        ),
        forward_passed=f"{len(cases)} cases (x (N,) and (N, K), labels 0 and 1)",
        backward_passed=f"{len(cases)} cases (dx = (y - t) * dout / N, dout 1 and 2.5)",
        grads_shapes=[],
        gradient_inputs=cases[1].inputs,
    )
    return checker.run(layer_stages(checker, layer))
