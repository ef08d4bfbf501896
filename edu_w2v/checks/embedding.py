"""check_embedding: a student's ``Embedding`` against ``edu_w2v.Embedding``.

Contract: ``Embedding(W)``, ``params == [W]``, ``grads == [dW]``; ``forward(idx)`` -> ``W[idx]``
(idx of shape S -> S + (H,)); ``backward(dout)`` writes dW[v] = sum of dout[p] over idx[p] == v
into the array ``grads[0]`` already holds.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.mistakes import dout_mistakes, scatter_mistakes
from edu_w2v.checks.runner import Case, Checker, Expected, Layer, Output, layer_stages
from edu_w2v.checks.verdict import CheckResult
from edu_w2v.embedding import Embedding


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(202)
    W = rng.standard_normal((6, 3))
    ids = [
        ("distinct rows", np.array([4, 0, 2, 5])),
        ("repeated rows", np.array([1, 3, 1, 1, 0])),
        ("idx (N, C) with repeats, as in CBOW", np.array([[0, 2], [2, 5], [1, 1]])),
        ("random ids", rng.integers(0, 6, 8)),
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
            "out must have shape idx.shape + (H,) = {shape}",
            "forward must look rows up: out[i] = W[idx[i]]",
        ),
        dx=None,
        forward_passed=f"{len(cases)} cases (idx (N,) and (N, C), repeated rows)",
        backward_passed=f"{len(cases)} cases, one layer (repeated rows summed, "
        "grads[0] fresh on every backward, written in place)",
        grads_shapes=[W.shape],
        gradient_inputs=cases[1].inputs,
    )
    return checker.run(layer_stages(checker, layer))
