"""check_skip_gram: a student's ``SkipGram`` model against ``edu_w2v.skip_gram.SkipGram``.

The model contract and the shared cases are in ``edu_w2v.checks.word2vec_model``.

    h_n = W_in[target[n]]; every (row n, context word c) is one pair; a row's pairs are summed:
    L = C * NegativeSamplingLoss(W_out)(h of each pair, context word of each pair)
    backward: the target's row of W_in gets the SUM of its C pairs' gradients.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.mistakes import (
    PAIRS_AVERAGED,
    PAIRS_NOT_SUMMED,
    dout_mistakes,
    gives,
    scatter_mistakes,
)
from edu_w2v.checks.runner import Case, Expected
from edu_w2v.checks.verdict import CheckResult, Hint
from edu_w2v.checks.word2vec_model import CORPUS, SAMPLE_SIZE, SHAPE, check_model
from edu_w2v.language import Message
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.skip_gram import SkipGram


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
    layer = NegativeSamplingLoss(W_out.copy(), CORPUS, sample_size=SAMPLE_SIZE)
    mean_over_pairs = layer.forward(np.repeat(W_in[target], C, axis=0), contexts.ravel(), negatives)
    dh_pairs = layer.backward(dout * C).reshape(N, C, -1)
    return Expected(
        loss,
        grads,
        out_suspects=[gives(PAIRS_AVERAGED, mean_over_pairs)],
        grads_suspects=[
            scatter_mistakes(SHAPE, target, dh_pairs.sum(axis=1))
            + dout_mistakes(dW_in, dout, dW_in / dout)
            + [
                gives(PAIRS_AVERAGED, dW_in / C),
                gives(PAIRS_NOT_SUMMED, _first_pair_only(SHAPE, target, dh_pairs)),
            ],
            dout_mistakes(dW_out, dout, dW_out / dout),
        ],
    )


def _first_pair_only(shape: tuple[int, int], target: np.ndarray, dh_pairs: np.ndarray):
    """dW_in when each target row gets only its first pair's gradient."""
    dW = np.zeros(shape)
    np.add.at(dW, target, dh_pairs[:, 0])
    return dW


def check_skip_gram(cls: type) -> CheckResult:
    """Check a ``SkipGram`` model class: forward, backward, a gradient check; print a verdict."""
    return check_model(
        cls,
        SkipGram,
        lambda contexts, target: contexts.ravel(),
        _with_suspects,
        Hint(
            Message("forward differs from the reference", "forward 与参考实现不同"),
            Message(
                "h = W_in[target] repeated once per context word, the loss of all pairs from "
                "self.ns_loss.forward (called once), times C",
                "h = W_in[target]，每个上下文词重复一次；全部词对的损失来自 self.ns_loss.forward"
                "（调用一次），再乘以 C",
            ),
        ),
        Message(
            "dW_in gets the sum of each target's pair gradients, dW_out from the loss, both "
            "written in place",
            "dW_in 得到每个目标词所有词对梯度之和，dW_out 来自损失，两者都原地写入",
        ),
    )
