"""check_embedding: a student's ``Embedding`` against ``edu_w2v.Embedding``.

Contract: ``Embedding(W)``, ``params == [W]``, ``grads == [dW]``; ``forward(idx)`` -> ``W[idx]``
(idx of shape S -> S + (H,)); ``backward(dout)`` writes dW[v] = sum of dout[p] over idx[p] == v.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from edu_w2v.checks.core import (
    NOTHING_WRITTEN,
    Checker,
    CheckResult,
    NotImplementedYet,
    call,
    close,
    mismatch,
    numbers,
    returned,
    row_gradient_hints,
)
from edu_w2v.embedding import Embedding


class Case(NamedTuple):
    name: str
    idx: np.ndarray  # word ids, any shape S
    dout: np.ndarray  # S + (H,)


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(202)
    W = rng.standard_normal((6, 3))
    ids = [
        ("distinct rows", np.array([4, 0, 2, 5])),
        ("repeated rows", np.array([1, 3, 1, 1, 0])),
        ("idx (N, C) with repeats, as in CBOW", np.array([[0, 2], [2, 5], [1, 1]])),
        ("random ids", rng.integers(0, 6, 8)),
    ]
    return W, [Case(name, idx, rng.standard_normal(idx.shape + (3,))) for name, idx in ids]


def _gradients(W: np.ndarray, case: Case) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The reference's dW, the one ``dW[idx] += dout`` gives (lost updates), one without dout."""
    reference = Embedding(W.copy())
    reference.forward(case.idx)
    reference.backward(case.dout)
    lost, without_dout = np.zeros(W.shape), np.zeros(W.shape)
    lost[case.idx] += case.dout
    np.add.at(without_dout, case.idx, np.ones_like(case.dout))
    return reference.grads[0], lost, without_dout


def check_embedding(cls: type) -> CheckResult:
    """Check an ``Embedding`` class: forward, backward, a gradient check; print a verdict."""
    checker = Checker(cls, "edu_w2v.Embedding")
    name = checker.name
    W, cases = _setup()

    def forward() -> None:
        layer = call(f"{name}(W)", cls, W.copy())
        for case in cases:
            what = f"{name}.forward(idx) in case '{case.name}'"
            out = numbers(returned(call(what, layer.forward, case.idx.copy()), "forward", "W[idx]"))
            expected = Embedding(W.copy()).forward(case.idx)
            detail = f"case '{case.name}', idx = {case.idx.tolist()}"
            if out.shape != expected.shape:
                checker.wrong_shape(
                    "forward",
                    f"out must have shape idx.shape + (H,) = {expected.shape}",
                    f"{detail}: got {out.shape}",
                )
                return
            if not close(out, expected):
                checker.fail(
                    "forward",
                    "forward must look rows up: out[i] = W[idx[i]]",
                    f"{detail}: {mismatch(out, expected, 'out')}",
                )
                return
        checker.ok("forward", f"{len(cases)} cases (idx (N,) and (N, C), repeated rows)")

    def backward() -> None:
        layer = call(f"{name}(W)", cls, W.copy())
        for case in cases:
            call(f"{name}.forward(idx) in case '{case.name}'", layer.forward, case.idx.copy())
            before = checker.grads_entry(layer, 0, W.shape)
            if before is None:
                return
            call(f"{name}.backward(dout) in case '{case.name}'", layer.backward, case.dout.copy())
            after = checker.grads_entry(layer, 0, W.shape)
            if after is None:
                return
            expected, lost, without_dout = _gradients(W, case)
            if not close(after, expected):
                if not np.any(after):
                    raise NotImplementedYet(NOTHING_WRITTEN)
                hints = row_gradient_hints(before, after, expected, lost, without_dout)
                detail = f"case '{case.name}', idx = {case.idx.tolist()}: "
                detail += mismatch(after, expected, "grads[0]")
                checker.fail_each(
                    "backward", hints or ["backward differs from the reference"], detail
                )
                return
        checker.ok(
            "backward",
            f"{len(cases)} cases, one layer (repeated rows summed, "
            "grads[0] fresh on every backward)",
        )

    repeated = cases[1].idx
    return checker.run(
        [
            ("forward", forward),
            ("backward", backward),
            ("gradient check", lambda: checker.gradient_check(lambda: cls(W.copy()), repeated)),
        ]
    )
