"""check_embedding_dot: a student's ``EmbeddingDot`` against ``edu_w2v.EmbeddingDot``.

Contract: ``EmbeddingDot(W)``, ``params == [W]``, ``grads == [dW]``;
``forward(h, idx)``: h (N, H), idx (N,) or (N, K) -> out[i, k] = W[idx[i, k]] . h[i] (idx's shape);
``backward(dout)`` -> dh (N, H), dh[i] = sum_k dout[i, k] W[idx[i, k]];
and dW[idx[i, k]] += dout[i, k] h[i] in ``grads[0]``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from edu_w2v.checks.core import (
    IGNORES_DOUT,
    NOTHING_WRITTEN,
    Checker,
    CheckResult,
    NotImplementedYet,
    call,
    close,
    diagnose,
    mismatch,
    numbers,
    returned,
    row_gradient_hints,
)
from edu_w2v.embedding_dot import EmbeddingDot


class Case(NamedTuple):
    name: str
    h: np.ndarray  # (N, H)
    idx: np.ndarray  # (N,) or (N, K)
    dout: np.ndarray  # shape of idx


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(303)
    W = rng.standard_normal((7, 3))
    ids = [
        ("one word per row", np.array([3, 0, 6, 2])),
        ("repeated words", np.array([1, 1, 4, 1])),
        ("K = 3 words per row", np.array([[0, 2, 5], [2, 2, 1], [6, 0, 3], [1, 4, 1]])),
    ]
    cases = [
        Case(name, rng.standard_normal((4, 3)), idx, rng.standard_normal(idx.shape))
        for name, idx in ids
    ]
    return W, cases


def _expected(W: np.ndarray, case: Case) -> dict[str, np.ndarray]:
    """out, dh and dW of the reference, plus known wrong answers: lost updates, no dout."""
    reference = EmbeddingDot(W.copy())
    want = {"out": reference.forward(case.h, case.idx)}
    want["dh"] = reference.backward(case.dout)
    want["dW"] = reference.grads[0]
    N = len(case.idx)
    idx, dout = case.idx.reshape(N, -1), case.dout.reshape(N, -1)  # (N, K)
    per_pair = dout[:, :, None] * case.h[:, None, :]  # (N, K, H): the rows dW gets
    want["lost dW"], want["dW w/o dout"] = np.zeros(W.shape), np.zeros(W.shape)
    want["lost dW"][idx] += per_pair
    np.add.at(want["dW w/o dout"], idx, np.broadcast_to(case.h[:, None, :], per_pair.shape))
    want["dh w/o dout"] = W[idx].sum(axis=1)
    return want


def check_embedding_dot(cls: type) -> CheckResult:
    """Check an ``EmbeddingDot`` class: forward, backward, a gradient check; print a verdict."""
    checker = Checker(cls, "edu_w2v.EmbeddingDot")
    name = checker.name
    W, cases = _setup()

    def forward() -> None:
        layer = call(f"{name}(W)", cls, W.copy())
        for case in cases:
            what = f"{name}.forward(h, idx) in case '{case.name}'"
            out = numbers(
                returned(
                    call(what, layer.forward, case.h.copy(), case.idx.copy()),
                    "forward",
                    "the scores",
                )
            )
            expected = _expected(W, case)["out"]
            detail = f"case '{case.name}', idx = {case.idx.tolist()}"
            if out.shape != expected.shape:
                checker.wrong_shape(
                    "forward",
                    f"out must have the shape of idx {expected.shape} (one score per word)",
                    f"{detail}: got {out.shape}",
                )
                return
            if not close(out, expected):
                checker.fail(
                    "forward",
                    "forward differs: out[i, k] = W[idx[i, k]] . h[i]",
                    f"{detail}: {mismatch(out, expected, 'out')}",
                )
                return
        checker.ok("forward", f"{len(cases)} cases (idx (N,) and (N, K), repeated words)")

    def backward() -> None:
        layer = call(f"{name}(W)", cls, W.copy())
        for case in cases:
            call(
                f"{name}.forward(h, idx) in case '{case.name}'",
                layer.forward,
                case.h.copy(),
                case.idx.copy(),
            )
            before = checker.grads_entry(layer, 0, W.shape)
            if before is None:
                return
            what = f"{name}.backward(dout) in case '{case.name}'"
            dh = numbers(returned(call(what, layer.backward, case.dout.copy()), "backward", "dh"))
            after = checker.grads_entry(layer, 0, W.shape)
            want = _expected(W, case)
            detail = f"case '{case.name}', idx = {case.idx.tolist()}"
            if dh.shape != case.h.shape:
                checker.wrong_shape(
                    "backward",
                    f"dh must have the shape of h {case.h.shape}; "
                    "for idx (N, K) add up the K words' parts",
                    f"{detail}: got {dh.shape}",
                )
                return
            if not close(dh, want["dh"]):
                hint = diagnose(dh, [(IGNORES_DOUT, want["dh w/o dout"])])
                checker.fail(
                    "backward",
                    hint or "dh differs: dh[i] = sum_k dout[i, k] W[idx[i, k]]",
                    f"{detail}: {mismatch(dh, want['dh'], 'dh')}",
                )
                return
            if after is None:
                return
            if not close(after, want["dW"]):
                if not np.any(after):
                    raise NotImplementedYet(NOTHING_WRITTEN)
                hints = row_gradient_hints(
                    before, after, want["dW"], want["lost dW"], want["dW w/o dout"]
                )
                checker.fail_each(
                    "backward",
                    hints
                    or ["grads[0] differs from the reference: dW[idx[i, k]] += dout[i, k] h[i]"],
                    f"{detail}: {mismatch(after, want['dW'], 'grads[0]')}",
                )
                return
        checker.ok(
            "backward",
            f"{len(cases)} cases, one layer (dh, and grads[0] with repeated "
            "words summed, fresh on every backward)",
        )

    h, idx = cases[2].h, cases[2].idx
    return checker.run(
        [
            ("forward", forward),
            ("backward", backward),
            (
                "gradient check",
                lambda: checker.gradient_check(lambda: cls(W.copy()), h, idx, input_name="h"),
            ),
        ]
    )
