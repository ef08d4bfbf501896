"""check_embedding_dot: a student's ``EmbeddingDot`` against ``edu_w2v.EmbeddingDot``.

Contract: ``EmbeddingDot(W)``, ``params == [W]``, ``grads == [dW]``;
``forward(h, idx)``: h (N, H), idx (N,) or (N, K) -> out[i, k] = W[idx[i, k]] . h[i] (idx's shape);
``backward(dout)`` -> dh (N, H), dh[i] = sum_k dout[i, k] W[idx[i, k]];
and dW[idx[i, k]] += dout[i, k] h[i] in ``grads[0]``.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.mistakes import dout_mistakes, scatter_mistakes
from edu_w2v.checks.runner import Case, Checker, Expected, Layer, Output, layer_stages
from edu_w2v.checks.verdict import CheckResult
from edu_w2v.embedding_dot import EmbeddingDot

HIDDEN = 4  # not K = 3: a dh of the wrong shape shows


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(303)
    W = rng.standard_normal((7, HIDDEN))
    ids = [
        ("one word per row", np.array([3, 0, 6, 2])),
        ("repeated words", np.array([1, 1, 4, 1])),
        ("K = 3 words per row", np.array([[0, 2, 5], [2, 2, 1], [6, 0, 3], [1, 4, 1]])),
    ]
    cases = [
        Case(
            name,
            (rng.standard_normal((4, HIDDEN)), idx),
            rng.standard_normal(idx.shape),
            f"idx = {idx.tolist()}",
        )
        for name, idx in ids
    ]
    return W, cases


def _expected(W: np.ndarray, case: Case) -> Expected:
    h, idx = case.inputs
    reference = EmbeddingDot(W.copy())
    out = reference.forward(h, idx)
    dh = reference.backward(case.dout)
    dW = reference.grads[0]
    N = len(idx)
    idx, dout = idx.reshape(N, -1), case.dout.reshape(N, -1)  # (N, K)
    per_pair = dout[:, :, None] * h[:, None, :]  # (N, K, H): the rows dW gets
    without_dout = np.zeros(W.shape)
    np.add.at(without_dout, idx, np.broadcast_to(h[:, None, :], per_pair.shape))
    return Expected(
        out,
        [dW],
        dx=dh,
        dx_suspects=dout_mistakes(dh, 1, W[idx].sum(axis=1)),
        grads_suspects=[
            scatter_mistakes(W.shape, idx, per_pair) + dout_mistakes(dW, 1, without_dout)
        ],
    )


def check_embedding_dot(cls: type) -> CheckResult:
    """Check an ``EmbeddingDot`` class: forward, backward, a gradient check; print a verdict."""
    checker = Checker(cls, "edu_w2v.EmbeddingDot")
    W, cases = _setup()
    layer = Layer(
        make=lambda: checker.new("(W)", W.copy()),
        cases=cases,
        expected=lambda: [_expected(W, case) for case in cases],
        signature="(h, idx)",
        out=Output(
            "out",
            "out must have the shape of idx {shape} (one score per word)",
            "forward differs: out[i, k] = W[idx[i, k]] . h[i]",
        ),
        dx=Output(
            "dh",
            "dh must have the shape of h {shape}; for idx (N, K) add up the K words' parts",
            "dh differs: dh[i] = sum_k dout[i, k] W[idx[i, k]]",
        ),
        grads_hint="grads[0] differs from the reference: dW[idx[i, k]] += dout[i, k] h[i]",
        forward_passed=f"{len(cases)} cases (idx (N,) and (N, K), repeated words)",
        backward_passed=f"{len(cases)} cases, one layer (dh, and grads[0] with repeated words "
        "summed, fresh on every backward, written in place)",
        grads_shapes=[W.shape],
        gradient_inputs=cases[2].inputs,
        input_name="h",
    )
    return checker.run(layer_stages(checker, layer))
