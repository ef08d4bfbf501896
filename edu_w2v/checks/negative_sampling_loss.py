"""check_negative_sampling_loss: a student's ``NegativeSamplingLoss`` against the reference.

Contract: ``NegativeSamplingLoss(W, corpus, power=0.75, sample_size=5, rng=None)``,
``params == [W]``, ``grads == [dW]`` (one entry: the whole gradient of the shared W);
``forward(h, target, negatives=None)`` -> the loss, a number; ``backward(dout=1)`` -> dh (N, H).

    s = [W[target] . h, W[n_1] . h, ..., W[n_k] . h]      scores (N, 1 + k)
    L = mean_i BCE(s_i0, 1) + sum_j mean_i BCE(s_ij, 0)
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
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.sigmoid_with_loss import sigmoid
from edu_w2v.unigram_sampler import UnigramSampler

CORPUS = np.array([0, 1, 2, 3, 4, 5, 0, 1, 0, 2, 3, 0])
VOCAB_SIZE, HIDDEN, SAMPLE_SIZE = 6, 3, 2
LABELS = "labels: the k negative words have label 0; only the target has label 1"
ONLY_POSITIVE_DW = (
    "grads[0] holds only the target's part of the gradient of W (the source run's flaw): add "
    "the parts of the k negative words, one gradient for the one shared W"
)


class Case(NamedTuple):
    name: str
    h: np.ndarray  # (N, H)
    target: np.ndarray  # (N,)
    negatives: np.ndarray  # (N, k)
    dout: float


def _setup() -> tuple[np.ndarray, list[Case]]:
    rng = np.random.default_rng(505)
    W = rng.standard_normal((VOCAB_SIZE, HIDDEN))
    target = rng.integers(0, VOCAB_SIZE, 6)
    sampler = UnigramSampler(CORPUS, 0.75, SAMPLE_SIZE, vocab_size=VOCAB_SIZE, rng=9)
    cases = [
        Case(
            "4 rows, word 1 a negative of two rows",
            rng.standard_normal((4, HIDDEN)),
            np.array([0, 2, 5, 1]),
            np.array([[1, 3], [1, 0], [2, 4], [3, 4]]),
            1.0,
        ),
        Case(
            "6 random rows, dout = 2",
            rng.standard_normal((6, HIDDEN)),
            target,
            sampler.get_negative_sample(target),
            2.0,
        ),
    ]
    return W, cases


def _expected(W: np.ndarray, case: Case) -> dict[str, np.ndarray]:
    """The reference's loss, dh and dW, plus the known wrong answers of each."""
    reference = NegativeSamplingLoss(W.copy(), CORPUS, sample_size=SAMPLE_SIZE)
    want = {"loss": reference.forward(case.h, case.target, case.negatives)}
    want["dh"] = reference.backward(case.dout)
    want["dW"] = reference.grads[0]

    N = len(case.target)
    words = np.concatenate([case.target[:, None], case.negatives], axis=1)  # (N, 1 + k)
    labels = np.zeros(words.shape)
    labels[:, 0] = 1
    scores = np.einsum("nkh,nh->nk", W[words], case.h)
    per_entry = np.logaddexp(0, scores) - labels * scores
    want["loss suspects"] = [
        (
            "mean vs sum: your loss is the sum over the batch; it is the mean over the N rows",
            per_entry.sum(),
        ),
        (
            "mean vs sum: your loss averages the 1 + k words' losses; add them up: L = positive "
            "loss + the k negative losses",
            per_entry.sum() / (N * words.shape[1]),
        ),
        (LABELS, (np.logaddexp(0, scores) - scores).sum() / N),
        (
            "forward ignores the negatives: add the loss of the k negative words",
            per_entry[:, 0].sum() / N,
        ),
    ]
    dscore = (sigmoid(scores) - labels) * case.dout / N  # (N, 1 + k)
    dscore_all_ones = (sigmoid(scores) - 1) * case.dout / N
    want["dh suspects"] = [
        (
            "dh misses the negatives' gradients: dh adds up the gradients of all 1 + k words",
            dscore[:, :1] * W[case.target],
        ),
        (IGNORES_DOUT, want["dh"] / case.dout),
        (LABELS, np.einsum("nk,nkh->nh", dscore_all_ones, W[words])),
    ]
    per_pair = dscore[:, :, None] * case.h[:, None, :]  # (N, 1 + k, H)
    want["lost dW"] = np.zeros(W.shape)
    want["lost dW"][words] += per_pair
    want["positive dW"] = np.zeros(W.shape)
    np.add.at(want["positive dW"], case.target, per_pair[:, 0])
    return want


def check_negative_sampling_loss(cls: type) -> CheckResult:
    """Check a ``NegativeSamplingLoss`` class: params, forward, backward, sampling, gradients."""
    checker = Checker(cls, "edu_w2v.NegativeSamplingLoss")
    name = checker.name
    W, cases = _setup()

    def make(seed: int = 0):
        what = f"{name}(W, corpus, power=0.75, sample_size=2, rng={seed})"
        return call(
            what, cls, W.copy(), CORPUS.copy(), power=0.75, sample_size=SAMPLE_SIZE, rng=seed
        )

    def forward_on(layer, case: Case, negatives: np.ndarray | None = None) -> np.ndarray:
        args = (case.h.copy(), case.target.copy())
        if negatives is not None:
            args += (negatives.copy(),)
        what = f"{name}.forward(h, target{', negatives' * len(args[2:])}) in case '{case.name}'"
        return numbers(returned(call(what, layer.forward, *args), "forward", "the loss"))

    def params() -> None:
        layer = make()
        for attribute, entry in (("params", "W"), ("grads", "dW")):
            value = getattr(layer, attribute, None)
            if not isinstance(value, list) or len(value) != 1:
                count = len(value) if isinstance(value, list) else value
                checker.fail(
                    "params",
                    f"{attribute} must be [{entry}]: one entry for the one "
                    f"matrix W that every word's score shares; got {count!r} entries",
                )
                return
        if not close(layer.params[0], W):
            checker.fail("params", "params[0] must be the W you were given")
            return
        checker.ok("params", "params == [W], grads == [dW]")

    def forward() -> None:
        layer = make()
        for case in cases:
            loss = forward_on(layer, case, case.negatives)
            want = _expected(W, case)
            if not checker.scalar_loss(loss, case.name):
                return
            if not close(loss, want["loss"]):
                hint = diagnose(loss, want["loss suspects"])
                if hint is None and not close(forward_on(layer, case, case.negatives), loss):
                    hint = (
                        "forward ignores the negatives argument: when negatives are given, "
                        "score those words instead of drawing new ones"
                    )
                checker.fail(
                    "forward",
                    hint or "forward differs from the reference",
                    f"case '{case.name}', target = {case.target.tolist()}, negatives = "
                    f"{case.negatives.tolist()}: {mismatch(loss, want['loss'], 'loss')}",
                )
                return
        checker.ok("forward", f"{len(cases)} cases with given negatives")

    def backward() -> None:
        layer = make()
        for case in cases:
            forward_on(layer, case, case.negatives)
            before = checker.grads_entry(layer, 0, W.shape)
            if before is None:
                return
            what = f"{name}.backward(dout) in case '{case.name}'"
            dh = numbers(returned(call(what, layer.backward, case.dout), "backward", "dh"))
            after = checker.grads_entry(layer, 0, W.shape)
            want = _expected(W, case)
            detail = (
                f"case '{case.name}', target = {case.target.tolist()}, negatives = "
                f"{case.negatives.tolist()}, dout = {case.dout}"
            )
            if dh.shape != case.h.shape:
                checker.wrong_shape(
                    "backward",
                    f"dh must have the shape of h {case.h.shape}",
                    f"{detail}: got {dh.shape}",
                )
                return
            if not close(dh, want["dh"]):
                hint = diagnose(dh, want["dh suspects"]) or "dh differs from the reference"
                checker.fail("backward", hint, f"{detail}: {mismatch(dh, want['dh'], 'dh')}")
                return
            if after is None:
                return
            if not close(after, want["dW"]):
                if not np.any(after):
                    raise NotImplementedYet(NOTHING_WRITTEN)
                hints = row_gradient_hints(
                    before, after, want["dW"], want["lost dW"], want["dW"] / case.dout
                )
                if not hints and close(after, want["positive dW"]):
                    hints = [ONLY_POSITIVE_DW]
                checker.fail_each(
                    "backward",
                    hints or ["grads[0] differs from the reference"],
                    f"{detail}: {mismatch(after, want['dW'], 'grads[0]')}",
                )
                return
        checker.ok(
            "backward",
            f"{len(cases)} cases, one layer (dh, and grads[0] = the whole "
            "gradient of W, fresh on every backward)",
        )

    def sampling() -> None:
        if not checker.has_passed("forward"):
            checker.not_run("sampling", "not run: fix forward first")
            return
        case = cases[1]
        loss = forward_on(make(seed=7), case)
        reference = NegativeSamplingLoss(W.copy(), CORPUS, sample_size=SAMPLE_SIZE, rng=7)
        expected = reference.forward(case.h, case.target)
        if close(loss, expected):
            checker.ok("sampling", "forward(h, target) draws its negatives from self.sampler")
        else:
            checker.fail(
                "sampling",
                "forward(h, target) without negatives must draw them: "
                "negatives = self.sampler.get_negative_sample(target) (with rng=7 the "
                "reference draws the same ones)",
                f"case '{case.name}': {mismatch(loss, expected, 'loss')}",
            )

    case = cases[0]
    return checker.run(
        [
            ("params", params),
            ("forward", forward),
            ("backward", backward),
            ("sampling", sampling),
            (
                "gradient check",
                lambda: checker.gradient_check(
                    make, case.h, case.target, case.negatives, input_name="h"
                ),
            ),
        ]
    )
