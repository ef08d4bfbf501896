"""check_embedding_dot: a student's ``EmbeddingDot`` against ``edu_w2v.EmbeddingDot``.

Contract: ``EmbeddingDot(W)``, ``params == [W]``, ``grads == [dW]``; ``forward(h, idx)``: h (N, H),
idx (N,) or (N, 1 + k) (a target and k negatives per row) -> out[i, j] = W[idx[i, j]] . h[i]
(idx's shape); ``backward(dout)`` -> dh (N, H), dh[i] = sum_j dout[i, j] W[idx[i, j]];
and dW[idx[i, j]] += dout[i, j] h[i] in ``grads[0]``.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.mistakes import dout_mistakes, scatter_mistakes
from edu_w2v.checks.runner import Case, Checker, Expected, Layer, Output, layer_stages
from edu_w2v.checks.verdict import CheckResult, Hint
from edu_w2v.embedding_dot import EmbeddingDot
from edu_w2v.language import Message

HIDDEN = 4  # not 1 + k = 3: a dh of the wrong shape shows


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(303)
    W = rng.standard_normal((7, HIDDEN))
    ids = [
        (Message("one word per row", "每行一个词"), np.array([3, 0, 6, 2])),
        (Message("repeated words", "重复的词"), np.array([1, 1, 4, 1])),
        (
            Message("1 + k = 3 words per row", "每行 1 + k = 3 个词"),
            np.array([[0, 2, 5], [2, 2, 1], [6, 0, 3], [1, 4, 1]]),
        ),
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
    idx, dout = idx.reshape(N, -1), case.dout.reshape(N, -1)  # (N, 1 + k)
    per_pair = dout[:, :, None] * h[:, None, :]  # (N, 1 + k, H): the rows dW gets
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
            Message("the scores", "得分"),
            Hint(
                Message(
                    "out must have the shape of idx {shape} (one score per word)",
                    "out 的形状必须和 idx 一样：{shape}（每个词一个得分）",
                )
            ),
            Hint(
                Message("forward differs from the reference", "forward 与参考实现不同"),
                Message("out[i, j] = W[idx[i, j]] . h[i]", "out[i, j] = W[idx[i, j]] . h[i]"),
            ),
        ),
        dx=Output(
            "dh",
            Message("dh, the gradient of h", "h 的梯度 dh"),
            Hint(
                Message(
                    "dh must have the shape of h {shape}",
                    "dh 的形状必须和 h 一样：{shape}",
                ),
                Message(
                    "for idx (N, 1 + k) add up the parts of the 1 + k words of a row",
                    "对 idx (N, 1 + k)，把一行 1 + k 个词的部分加起来",
                ),
            ),
            Hint(
                Message("dh differs from the reference", "dh 与参考实现不同"),
                Message(
                    "dh[i] = sum over j of dout[i, j] W[idx[i, j]]",
                    "dh[i] = 对 j 求和 dout[i, j] W[idx[i, j]]",
                ),
            ),
        ),
        grads_hint=Hint(
            Message("{grad} differs from the reference", "{grad} 与参考实现不同"),
            Message("dW[idx[i, j]] += dout[i, j] h[i]", "dW[idx[i, j]] += dout[i, j] h[i]"),
        ),
        forward_passed=Message(
            "{n} cases (idx (N,) and (N, 1 + k), repeated words)",
            "{n} 个用例（idx (N,) 和 (N, 1 + k)，有重复的词）",
        ).format(n=len(cases)),
        backward_passed=Message(
            "{n} cases, one layer (dh, and grads[0] with repeated words summed, fresh on every "
            "backward, written in place)",
            "{n} 个用例，同一个层（dh，以及 grads[0]：重复的词已相加，每次 backward 都重新写入，"
            "原地写入）",
        ).format(n=len(cases)),
        grads_shapes=[W.shape],
        gradient_inputs=cases[2].inputs,
        input_name="h",
    )
    return checker.run(layer_stages(checker, layer))
