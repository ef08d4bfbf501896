"""check_embedding: a student's ``Embedding`` against ``edu_w2v.Embedding``.

Contract: ``Embedding(W)``, ``params == [W]``, ``grads == [dW]``; ``forward(idx)`` -> ``W[idx]``
(idx of shape S -> S + (H,)); ``backward(dout)`` writes dW[v] = sum of dout[p] over idx[p] == v
into the array ``grads[0]`` already holds.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.mistakes import dout_mistakes, scatter_mistakes
from edu_w2v.checks.runner import Case, Checker, Expected, Layer, Output, layer_stages
from edu_w2v.checks.verdict import CheckResult, Hint
from edu_w2v.embedding import Embedding
from edu_w2v.language import Message


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(202)
    W = rng.standard_normal((6, 3))
    ids = [
        (Message("distinct rows", "互不相同的行"), np.array([4, 0, 2, 5])),
        (Message("repeated rows", "重复的行"), np.array([1, 3, 1, 1, 0])),
        (
            Message("idx (N, C) with repeats, as in CBOW", "有重复的 idx (N, C)，和 CBOW 中一样"),
            np.array([[0, 2], [2, 5], [1, 1]]),
        ),
        (Message("random ids", "随机的词 ID"), rng.integers(0, 6, 8)),
    ]
    cases = [
        Case(name, (idx,), rng.standard_normal(idx.shape + (3,)), f"idx = {idx.tolist()}")
        for name, idx in ids
    ]
    return W, cases


def _expected(W: np.ndarray, case: Case) -> Expected:
    (idx,) = case.inputs
    reference = Embedding(W.copy())
    out = reference.forward(idx)
    reference.backward(case.dout)
    dW = reference.grads[0]
    without_dout = np.zeros(W.shape)
    np.add.at(without_dout, idx, np.ones_like(case.dout))
    suspects = scatter_mistakes(W.shape, idx, case.dout)
    return Expected(out, [dW], grads_suspects=[suspects + dout_mistakes(dW, 1, without_dout)])


def check_embedding(cls: type) -> CheckResult:
    """Check an ``Embedding`` class: forward, backward, a gradient check; print a verdict."""
    checker = Checker(cls, "edu_w2v.Embedding")
    W, cases = _setup()
    layer = Layer(
        make=lambda: checker.new("(W)", W.copy()),
        cases=cases,
        expected=lambda: [_expected(W, case) for case in cases],
        signature="(idx)",
        out=Output(
            "out",
            Message("the rows looked up", "查到的行"),
            Hint(
                Message(
                    "out must have shape idx.shape + (H,) = {shape}",
                    "out 的形状必须是 idx.shape + (H,) = {shape}",
                )
            ),
            Hint(
                Message(
                    "forward differs: out must hold the rows of W that idx names",
                    "forward 与参考实现不同：out 应是 idx 所指的那些 W 的行",
                ),
                Message("out = W[idx]", "out = W[idx]"),
            ),
        ),
        dx=None,
        forward_passed=Message(
            "{n} cases (idx (N,) and (N, C), repeated rows)",
            "{n} 个用例（idx (N,) 和 (N, C)，有重复的行）",
        ).format(n=len(cases)),
        backward_passed=Message(
            "{n} cases, one layer (repeated rows summed, grads[0] fresh on every backward, "
            "written in place)",
            "{n} 个用例，同一个层（重复的行已相加，每次 backward 都重新写入 grads[0]，原地写入）",
        ).format(n=len(cases)),
        grads_shapes=[W.shape],
        gradient_inputs=cases[1].inputs,
    )
    return checker.run(layer_stages(checker, layer))
