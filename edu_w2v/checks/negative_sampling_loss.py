"""check_negative_sampling_loss: a student's ``NegativeSamplingLoss`` against the reference.

Contract: ``NegativeSamplingLoss(W, corpus, power=0.75, sample_size=5, rng=None)``,
``params == [W]``, ``grads == [dW]`` (one entry: the whole gradient of the shared W);
``forward(h, target, negatives=None)`` -> the loss, a number; ``backward(dout=1)`` -> dh (N, H).

    s = [W[target] . h, W[n_1] . h, ..., W[n_k] . h]      scores (N, 1 + k)
    L = mean_i BCE(s_i0, 1) + sum_j mean_i BCE(s_ij, 0)
"""

from __future__ import annotations

import numpy as np

from edu_w2v.checks.guard import WrongAnswer, as_numbers
from edu_w2v.checks.mistakes import (
    DH_MISSES_NEGATIVES,
    NEGATIVES_ARGUMENT_IGNORED,
    NEGATIVES_NOT_DRAWN,
    ONLY_POSITIVE_DW,
    SCORE_GRADIENT_RETURNED,
    dout_mistakes,
    gives,
    loss_mistakes,
    scatter_mistakes,
    score_gradient_mistakes,
)
from edu_w2v.checks.runner import (
    AT,
    ONE_NUMBER,
    Case,
    Checker,
    Expected,
    Layer,
    Output,
    describe,
    layer_stages,
)
from edu_w2v.checks.verdict import CheckResult, Hint, close, mismatch
from edu_w2v.language import Message, same
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.sigmoid_with_loss import sigmoid
from edu_w2v.unigram_sampler import UnigramSampler

CORPUS = np.array([0, 1, 2, 3, 4, 5, 0, 1, 0, 2, 3, 0])
SHOWN = Message("target = {0}, negatives = {1}", "target = {0}，negatives = {1}")
PARAMS, SAMPLING = same("params"), Message("sampling", "采样")
ONE_ENTRY = Hint(
    Message(
        "{attribute} must be [{entry}]: one entry for the one matrix W that every word's score "
        "shares; got {count} entries",
        "{attribute} 必须是 [{entry}]：每个词的得分共享同一个矩阵 W，所以只有一项；得到的是 "
        "{count} 项",
    )
)
NOT_YOUR_W = Hint(Message("params[0] must be the W you were given", "params[0] 必须是传给你的 W"))
DRAWS_FROM_SAMPLER = Message(
    "forward(h, target) draws its negatives from self.sampler",
    "forward(h, target) 从 self.sampler 抽取负例",
)
VOCAB_SIZE, HIDDEN, SAMPLE_SIZE = 6, 4, 2  # H = 4, not 1 + k = 3: a dh of the wrong shape shows


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(505)
    W = rng.standard_normal((VOCAB_SIZE, HIDDEN))
    target = rng.integers(0, VOCAB_SIZE, 6)
    sampler = UnigramSampler(CORPUS, 0.75, SAMPLE_SIZE, vocab_size=VOCAB_SIZE, rng=9)
    cases = [
        (
            Message("4 rows, word 1 a negative of two rows", "4 行，词 1 是其中两行的负例"),
            rng.standard_normal((4, HIDDEN)),
            np.array([0, 2, 5, 1]),
            np.array([[1, 3], [1, 0], [2, 4], [3, 4]]),
            1.0,
        ),
        (
            Message("6 random rows, dout = 2", "6 个随机的行，dout = 2"),
            rng.standard_normal((6, HIDDEN)),
            target,
            sampler.get_negative_sample(target),
            2.0,
        ),
    ]
    return W, [
        Case(name, (h, t, n), dout, SHOWN.format(t.tolist(), n.tolist()))
        for name, h, t, n, dout in cases
    ]


def _expected(W: np.ndarray, cases: list[Case]) -> list[Expected]:
    """The reference's answers on each case; with rng=0 it draws as the student's layer would."""
    drawing = NegativeSamplingLoss(W.copy(), CORPUS, sample_size=SAMPLE_SIZE, rng=0)
    return [_expected_on(W, case, drawing.forward(*case.inputs[:2])) for case in cases]


def _expected_on(W: np.ndarray, case: Case, drawn_loss: float) -> Expected:
    """The reference's loss, dh and dW, and the known wrong answers of each.

    ``drawn_loss``: the loss of negatives drawn by the layer instead of the given ones.
    """
    h, target, negatives = case.inputs
    reference = NegativeSamplingLoss(W.copy(), CORPUS, sample_size=SAMPLE_SIZE)
    loss = reference.forward(h, target, negatives)
    dh = reference.backward(case.dout)
    dW = reference.grads[0]

    N = len(target)
    words = np.concatenate([target[:, None], negatives], axis=1)  # (N, 1 + k)
    labels = np.zeros(words.shape)
    labels[:, 0] = 1
    scores = np.einsum("nkh,nh->nk", W[words], h)
    dscore = (sigmoid(scores) - labels) * case.dout / N  # (N, 1 + k)
    per_pair = dscore[:, :, None] * h[:, None, :]  # (N, 1 + k, H): the rows dW gets
    positive_dW = np.zeros(W.shape)
    np.add.at(positive_dW, target, per_pair[:, 0])

    def to_dh(dscore: np.ndarray) -> np.ndarray:
        return np.einsum("nk,nkh->nh", dscore, W[words])

    return Expected(
        loss,
        [dW],
        dx=dh,
        out_suspects=loss_mistakes(scores, labels)
        + [gives(NEGATIVES_ARGUMENT_IGNORED, drawn_loss)],
        dx_suspects=[
            gives(SCORE_GRADIENT_RETURNED, dscore),
            gives(DH_MISSES_NEGATIVES, dscore[:, :1] * W[target]),
            *score_gradient_mistakes(scores, labels, case.dout, chain=to_dh),
        ],
        grads_suspects=[
            scatter_mistakes(W.shape, words, per_pair)
            + dout_mistakes(dW, case.dout, dW / case.dout)
            + [gives(ONLY_POSITIVE_DW, positive_dW)]
        ],
    )


def check_negative_sampling_loss(cls: type) -> CheckResult:
    """Check a ``NegativeSamplingLoss`` class: params, forward, backward, sampling, gradients."""
    checker = Checker(cls, "edu_w2v.NegativeSamplingLoss")
    W, cases = _setup()

    def make(seed: int = 0):
        return checker.new(
            f"(W, corpus, power=0.75, sample_size=2, rng={seed})",
            W.copy(),
            CORPUS.copy(),
            power=0.75,
            sample_size=SAMPLE_SIZE,
            rng=seed,
        )

    layer = Layer(
        make=make,
        cases=cases,
        expected=lambda: _expected(W, cases),
        signature="(h, target, negatives)",
        out=Output(
            "loss",
            Message("the loss", "损失"),
            Hint(ONE_NUMBER.format(Message("the loss", "损失"))),
            Hint(
                Message("forward differs from the reference", "forward 与参考实现不同"),
                Message(
                    "score the 1 + k words of each row with self.embed_dot, then "
                    "self.loss_layer.forward(scores, labels), labels 1 for the target and 0 for "
                    "the negatives",
                    "用 self.embed_dot 给每行的 1 + k 个词打分，再调用 "
                    "self.loss_layer.forward(scores, labels)，目标词的标签为 1，负例为 0",
                ),
            ),
        ),
        dx=Output(
            "dh",
            Message("dh, the gradient of h", "h 的梯度 dh"),
            Hint(Message("dh must have the shape of h {shape}", "dh 的形状必须和 h 一样：{shape}")),
            Hint(
                Message("dh differs from the reference", "dh 与参考实现不同"),
                Message(
                    "backward is forward's calls in reverse: "
                    "self.embed_dot.backward(self.loss_layer.backward(dout))",
                    "backward 就是把 forward 的调用倒过来："
                    "self.embed_dot.backward(self.loss_layer.backward(dout))",
                ),
            ),
        ),
        forward_passed=Message("{n} cases with given negatives", "{n} 个给定负例的用例").format(
            n=len(cases)
        ),
        backward_passed=Message(
            "{n} cases, one layer (dh, and grads[0] = the whole gradient of W, fresh on every "
            "backward, written in place)",
            "{n} 个用例，同一个层（dh，以及 grads[0] = W 的整个梯度，每次 backward 都重新写入，"
            "原地写入）",
        ).format(n=len(cases)),
        grads_shapes=[W.shape],
        gradient_inputs=cases[0].inputs,
        input_name="h",
    )

    def params() -> None:
        student = make()
        for attribute, entry in (("params", "W"), ("grads", "dW")):
            value = student.read(attribute)
            if not isinstance(value, list) or len(value) != 1:
                count = len(value) if isinstance(value, list) else repr(value)
                raise WrongAnswer(ONE_ENTRY.format(attribute=attribute, entry=entry, count=count))
        if not close(as_numbers(student.read("params")[0], "params[0]"), W):
            raise WrongAnswer(NOT_YOUR_W)
        checker.ok(PARAMS, same("params == [W], grads == [dW]"))

    def sampling() -> None:
        case = cases[1]
        h, target, _ = case.inputs
        loss = make(seed=7).call("forward", "(h, target)", h.copy(), target.copy(), case=case.name)
        loss = as_numbers(loss, "loss")
        reference = NegativeSamplingLoss(W.copy(), CORPUS, sample_size=SAMPLE_SIZE, rng=7)
        expected = reference.forward(h, target)
        if not close(loss, expected):
            found = mismatch(loss, np.asarray(expected), "loss")
            raise WrongAnswer(NEGATIVES_NOT_DRAWN, AT.format(describe(case), found))
        checker.ok(SAMPLING, DRAWS_FROM_SAMPLER)

    forward, backward, gradient_check = layer_stages(checker, layer)
    return checker.run([(PARAMS, params), forward, backward, (SAMPLING, sampling), gradient_check])
