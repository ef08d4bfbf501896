"""check_sigmoid_with_loss: a student's ``SigmoidWithLoss`` against ``edu_w2v.SigmoidWithLoss``.

Contract: ``SigmoidWithLoss()``; ``forward(x, t)`` -> the mean loss (a number);
``backward(dout=1)`` -> dx, shape of x.   L = (1/N) sum_{i,j} BCE(sigmoid(x_ij), t_ij),
x of shape (N,) or (N, 1 + k): a target's column and k negatives' columns, as negative sampling
has them. The last case has large scores (|x| up to 800), where a loss computed from y = sigmoid(x)
overflows or, with the book's ``np.log(y + 1e-7)``, is capped.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.mistakes import (
    OVERFLOW_IN_BACKWARD,
    Suspect,
    large_score_mistakes,
    loss_mistakes,
    score_gradient_mistakes,
)
from edu_w2v.checks.runner import (
    ONE_NUMBER,
    Case,
    Checker,
    Expected,
    Layer,
    Output,
    layer_stages,
)
from edu_w2v.checks.verdict import CheckResult, Hint, fmt
from edu_w2v.language import Message
from edu_w2v.sigmoid_with_loss import SigmoidWithLoss

LARGE = Message("large scores", "大得分")


def _cases() -> list[Case]:
    rng = np.random.default_rng(101)
    ns_labels = np.zeros((3, 4))
    ns_labels[:, 0] = 1  # one positive and three negative columns, as negative sampling has
    cases = [
        (
            Message("4 pairs", "4 个词对"),
            np.array([2.0, -1.0, 0.5, -0.3]),
            np.array([1.0, 0.0, 0.0, 1.0]),
            1.0,
        ),
        (
            Message("(N, 1 + k) = (3, 4) scores", "(N, 1 + k) = (3, 4) 的得分"),
            rng.normal(0, 1.5, (3, 4)),
            ns_labels,
            1.0,
        ),
        (
            Message("dout = 2.5", "dout = 2.5"),
            rng.normal(0, 1.5, 6),
            rng.integers(0, 2, 6).astype(float),
            2.5,
        ),
        (LARGE, np.array([[40.0, -800.0], [-40.0, 3.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]), 1.0),
    ]
    return [Case(name, (x, t), dout, f"x = {fmt(x)}") for name, x, t, dout in cases]


def _expected(case: Case) -> Expected:
    x, t = case.inputs
    reference = SigmoidWithLoss()
    loss = reference.forward(x, t)
    dx = reference.backward(case.dout)
    if case.name == LARGE:  # right on small scores: only large ones can go wrong here
        overflow = Suspect(OVERFLOW_IN_BACKWARD, lambda got: not np.all(np.isfinite(got)))
        return Expected(loss, [], dx, large_score_mistakes(), [overflow])
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
            Message("the loss", "损失"),
            Hint(ONE_NUMBER.format(Message("the mean loss", "平均损失"))),
            Hint(
                Message("forward differs from the reference", "forward 与参考实现不同"),
                Message(
                    "L = -(1/N) sum of [t log y + (1 - t) log(1 - y)], y = sigmoid(x)",
                    "L = -(1/N) 对 [t log y + (1 - t) log(1 - y)] 求和，y = sigmoid(x)",
                ),
            ),
        ),
        dx=Output(
            "dx",
            Message("dx, the gradient of x", "x 的梯度 dx"),
            Hint(Message("dx must have the shape of x {shape}", "dx 的形状必须和 x 一样：{shape}")),
            Hint(
                Message("backward differs from the reference", "backward 与参考实现不同"),
                Message("dx = (y - t) * dout / N", "dx = (y - t) * dout / N"),
            ),
        ),
        forward_passed=Message(
            "{n} cases (x (N,) and (N, 1 + k), labels 0 and 1, scores up to |x| = 800)",
            "{n} 个用例（x (N,) 和 (N, 1 + k)，标签 0 和 1，得分最大到 |x| = 800）",
        ).format(n=len(cases)),
        backward_passed=Message(
            "{n} cases (dx = (y - t) * dout / N, dout 1 and 2.5)",
            "{n} 个用例（dx = (y - t) * dout / N，dout 为 1 和 2.5）",
        ).format(n=len(cases)),
        grads_shapes=[],
        gradient_inputs=cases[1].inputs,
    )
    return checker.run(layer_stages(checker, layer))
