"""check_cbow: a student's ``CBOW`` model against ``edu_w2v.cbow.CBOW``.

Contract: ``CBOW(vocab_size, hidden_size, corpus, power, sample_size, dtype, seed, sparse)``
with ``params == [W_in, W_out]`` and ``grads`` (a ``Word2VecModel`` subclass has them);
``forward(contexts, target)``: contexts (N, C), target (N,) -> the loss;
``backward(dout=1)`` fills ``grads``.

    h = (1/C) sum_c W_in[contexts[:, c]]        L = NegativeSamplingLoss(W_out)(h, target)
    backward: each context word's row of W_in gets dh / C.

The student's model and the reference are built with the same seed, so they draw the same
negatives as long as forward draws once per call.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from edu_w2v.cbow import CBOW
from edu_w2v.checks.core import (
    Checker,
    CheckResult,
    call,
    close,
    diagnose,
    mismatch,
    numbers,
    returned,
    row_gradient_hints,
)
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss

CORPUS = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 3, 1, 0])
VOCAB_SIZE, HIDDEN, SAMPLE_SIZE, SEED = 8, 3, 2, 4
SHAPE = (VOCAB_SIZE, HIDDEN)
NOT_DIVIDED_BY_C = (
    "mean vs sum: each context word gets dh / C in backward (h is a mean); divide by C"
)


class Case(NamedTuple):
    name: str
    contexts: np.ndarray  # (N, C)
    target: np.ndarray  # (N,)
    dout: float


def _setup() -> tuple[list[np.ndarray], list[Case]]:
    rng = np.random.default_rng(606)
    weights = [rng.standard_normal(SHAPE), rng.standard_normal(SHAPE)]  # W_in, W_out
    cases = [
        Case(
            "C = 2, word 2 twice in a window",
            np.array([[1, 3], [2, 2], [0, 7], [5, 1]]),
            np.array([2, 4, 1, 6]),
            1.0,
        ),
        Case(
            "C = 4, dout = 2",
            rng.integers(0, VOCAB_SIZE, (3, 4)),
            rng.integers(0, VOCAB_SIZE, 3),
            2.0,
        ),
    ]
    return weights, cases


def _build(cls: type, weights: list[np.ndarray]) -> Any:
    """A model with non-zero weights (W_out starts at 0, which would hide most mistakes)."""
    what = (
        f"{cls.__name__}(vocab_size=8, hidden_size=3, corpus, power=0.75, sample_size=2, "
        f"dtype=np.float64, seed={SEED}, sparse=False)"
    )
    model = call(
        what,
        cls,
        VOCAB_SIZE,
        HIDDEN,
        CORPUS.copy(),
        power=0.75,
        sample_size=SAMPLE_SIZE,
        dtype=np.float64,
        seed=SEED,
        sparse=False,
    )
    params = getattr(model, "params", None)
    if (
        isinstance(params, list)
        and len(params) == 2
        and all(isinstance(p, np.ndarray) and p.shape == SHAPE for p in params)
    ):
        for param, value in zip(params, weights, strict=True):
            param[...] = value
    return model


def _reference_step(model: CBOW, weights: list[np.ndarray], case: Case) -> dict[str, Any]:
    """One reference forward + backward, the negatives it drew, and the known wrong answers."""
    sampler = model.ns_loss.sampler
    state = sampler.rng.bit_generator.state
    negatives = sampler.get_negative_sample(case.target)  # a peek: the same draw as forward's
    sampler.rng.bit_generator.state = state
    want = {"loss": model.forward(case.contexts, case.target)}
    model.backward(case.dout)
    want["dW_in"], want["dW_out"] = (numbers(g) for g in model.grads)

    W_in, W_out = weights
    C = case.contexts.shape[1]

    def loss_of(h: np.ndarray) -> float:
        layer = NegativeSamplingLoss(W_out.copy(), CORPUS, sample_size=SAMPLE_SIZE)
        return layer.forward(h, case.target, negatives)

    vectors = W_in[case.contexts]  # (N, C, H)
    want["loss suspects"] = [
        (
            "mean vs sum: h is the mean of the C context vectors, not their sum",
            loss_of(vectors.sum(axis=1)),
        ),
        (
            "forward uses only the first context word: h is the mean of all C context vectors",
            loss_of(vectors[:, 0]),
        ),
    ]
    layer = NegativeSamplingLoss(W_out.copy(), CORPUS, sample_size=SAMPLE_SIZE)
    layer.forward(vectors.mean(axis=1), case.target, negatives)
    dh_each = np.broadcast_to(layer.backward(case.dout)[:, None, :] / C, vectors.shape)
    want["lost dW_in"] = np.zeros(SHAPE)
    want["lost dW_in"][case.contexts] += dh_each
    return want


def check_cbow(cls: type) -> CheckResult:
    """Check a ``CBOW`` model class: forward, backward, a gradient check; print a verdict."""
    checker = Checker(cls, "edu_w2v.cbow.CBOW")
    name = checker.name
    weights, cases = _setup()

    def params() -> bool:
        model = _build(cls, weights)
        values = getattr(model, "params", None)
        if not (
            isinstance(values, list)
            and len(values) == 2
            and all(close(p, w) for p, w in zip(values, weights, strict=True))
        ):
            checker.fail(
                "params",
                f"params must be [W_in, W_out], two arrays of shape {SHAPE} "
                "(subclass Word2VecModel to get them)",
            )
            return False
        checker.ok("params", "params == [W_in, W_out]")
        return True

    def forward() -> None:
        model, reference = _build(cls, weights), _build(CBOW, weights)
        for case in cases:
            want = _reference_step(reference, weights, case)
            what = f"{name}.forward(contexts, target) in case '{case.name}'"
            loss = numbers(
                returned(
                    call(what, model.forward, case.contexts.copy(), case.target.copy()),
                    "forward",
                    "the loss",
                )
            )
            if not checker.scalar_loss(loss, case.name):
                return
            if not close(loss, want["loss"]):
                hint = diagnose(loss, want["loss suspects"]) or (
                    "forward differs from the reference: h = mean of the context vectors, then "
                    "the loss self.ns_loss.forward(h, target), called once"
                )
                checker.fail(
                    "forward",
                    hint,
                    f"case '{case.name}', contexts = "
                    f"{case.contexts.tolist()}: {mismatch(loss, want['loss'], 'loss')}",
                )
                return
        checker.ok("forward", f"{len(cases)} cases (C = 2 and 4, a word twice in a window)")

    def backward() -> None:
        if not checker.has_passed("forward"):
            checker.not_run("backward", "not run: fix forward first (backward needs its h)")
            return
        model, reference = _build(cls, weights), _build(CBOW, weights)
        for case in cases:
            want = _reference_step(reference, weights, case)
            call(
                f"{name}.forward(contexts, target) in case '{case.name}'",
                model.forward,
                case.contexts.copy(),
                case.target.copy(),
            )
            before = [checker.grads_entry(model, i, SHAPE) for i in (0, 1)]
            if any(grad is None for grad in before):
                return
            call(f"{name}.backward(dout) in case '{case.name}'", model.backward, case.dout)
            after = [checker.grads_entry(model, i, SHAPE) for i in (0, 1)]
            if any(grad is None for grad in after):
                return
            detail = f"case '{case.name}', contexts = {case.contexts.tolist()}, dout = {case.dout}"
            C = case.contexts.shape[1]
            for i, key in enumerate(("dW_in", "dW_out")):
                if close(after[i], want[key]):
                    continue
                lost = want["lost dW_in"] if i == 0 else None
                hints = row_gradient_hints(
                    before[i], after[i], want[key], lost, want[key] / case.dout
                )
                if not hints and i == 0 and close(after[i], want[key] * C):
                    hints = [NOT_DIVIDED_BY_C]
                hints = [h.replace("grads[0]", f"grads[{i}]") for h in hints]
                checker.fail_each(
                    "backward",
                    hints or [f"grads[{i}] ({key}) differs from the reference"],
                    f"{detail}: {mismatch(after[i], want[key], f'grads[{i}]')}",
                )
                return
        checker.ok(
            "backward",
            f"{len(cases)} cases, one model (dW_in gets dh / C per context "
            "word, dW_out from the loss)",
        )

    case = cases[0]
    return checker.run(
        [
            ("params", params),
            ("forward", forward),
            ("backward", backward),
            (
                "gradient check",
                lambda: checker.gradient_check(
                    lambda: _build(cls, weights), case.contexts, case.target, input_name="contexts"
                ),
            ),
        ]
    )
