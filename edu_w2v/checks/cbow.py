"""check_cbow: a student's ``CBOW`` model against ``edu_w2v.cbow.CBOW``.

The model contract and the shared cases are in ``edu_w2v.checks.word2vec_model``.

    h = (1/C) sum_c W_in[contexts[:, c]]        L = NegativeSamplingLoss(W_out)(h, target)
    backward: each context word's row of W_in gets dh / C.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.cbow import CBOW
from edu_w2v.checks.mistakes import (
    CONTEXTS_SUMMED,
    DIVIDED_BY_N,
    FIRST_CONTEXT_ONLY,
    NOT_DIVIDED_BY_C,
    dout_mistakes,
    gives,
    scatter_mistakes,
)
from edu_w2v.checks.runner import Case, Expected
from edu_w2v.checks.verdict import CheckResult, Hint
from edu_w2v.checks.word2vec_model import CORPUS, SAMPLE_SIZE, SHAPE, check_model
from edu_w2v.language import Message
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss


def _with_suspects(
    weights: list[np.ndarray],
    case: Case,
    negatives: np.ndarray,
    loss: float,
    grads: list[np.ndarray],
) -> Expected:
    """The reference's answers on ``case`` and the known wrong answers of each."""
    W_in, W_out = weights
    contexts, target = case.inputs
    (N, C), dout = contexts.shape, case.dout
    dW_in, dW_out = grads

    def loss_of(h: np.ndarray) -> float:
        layer = NegativeSamplingLoss(W_out.copy(), CORPUS, sample_size=SAMPLE_SIZE)
        return layer.forward(h, target, negatives)

    vectors = W_in[contexts]  # (N, C, H)
    layer = NegativeSamplingLoss(W_out.copy(), CORPUS, sample_size=SAMPLE_SIZE)
    layer.forward(vectors.mean(axis=1), target, negatives)
    dh_each = np.broadcast_to(layer.backward(dout)[:, None, :] / C, vectors.shape)
    return Expected(
        loss,
        grads,
        out_suspects=[
            gives(CONTEXTS_SUMMED, loss_of(vectors.sum(axis=1))),
            gives(DIVIDED_BY_N, loss_of(vectors.sum(axis=1) / N)),
            gives(FIRST_CONTEXT_ONLY, loss_of(vectors[:, 0])),
        ],
        grads_suspects=[
            scatter_mistakes(SHAPE, contexts, dh_each)
            + dout_mistakes(dW_in, dout, dW_in / dout)
            + [gives(NOT_DIVIDED_BY_C, dW_in * C), gives(DIVIDED_BY_N, dW_in * C / N)],
            dout_mistakes(dW_out, dout, dW_out / dout),
        ],
    )


def check_cbow(cls: type) -> CheckResult:
    """Check a ``CBOW`` model class: forward, backward, a gradient check; print a verdict."""
    return check_model(
        cls,
        CBOW,
        lambda contexts, target: target,
        _with_suspects,
        Hint(
            Message("forward differs from the reference", "forward 与参考实现不同"),
            Message(
                "h = the mean of the C context vectors, then the loss "
                "self.ns_loss.forward(h, target), called once",
                "h = C 个上下文向量的平均，然后调用一次 self.ns_loss.forward(h, target) 得到损失",
            ),
        ),
        Message(
            "dW_in gets dh / C per context word, dW_out from the loss, both written in place",
            "dW_in 的每个上下文词得到 dh / C，dW_out 来自损失，两者都原地写入",
        ),
    )
