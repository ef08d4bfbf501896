"""check_cbow: a student's ``CBOW`` model against ``edu_w2v.cbow.CBOW``.

Contract: ``CBOW(vocab_size, hidden_size, corpus, power, sample_size, dtype, rng)`` with
``params == [W_in, W_out]`` and ``grads == [dW_in, dW_out]`` (a ``Word2VecModel`` subclass has
them); ``forward(contexts, target)``: contexts (N, C), target (N,) -> the loss;
``backward(dout=1)`` fills ``grads``.

    h = (1/C) sum_c W_in[contexts[:, c]]        L = NegativeSamplingLoss(W_out)(h, target)
    backward: each context word's row of W_in gets dh / C.

The student's model and the reference are built with the same seed, so they draw the same
negatives as long as forward draws once per call.
"""

from __future__ import annotations

import copy
import inspect

import numpy as np

from edu_w2v.cbow import CBOW
from edu_w2v.checks.guard import Student, as_numbers
from edu_w2v.checks.mistakes import (
    CONTEXTS_SUMMED,
    DIVIDED_BY_N,
    FIRST_CONTEXT_ONLY,
    NOT_DIVIDED_BY_C,
    dout_mistakes,
    gives,
    scatter_mistakes,
)
from edu_w2v.checks.runner import Case, Checker, Expected, Layer, Output, layer_stages
from edu_w2v.checks.verdict import CheckResult, close
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss

CORPUS = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 3, 1, 0])
VOCAB_SIZE, HIDDEN, SAMPLE_SIZE, SEED = 8, 4, 2, 4  # H = 4, not 1 + k = 3
SHAPE = (VOCAB_SIZE, HIDDEN)
SIGNATURE = "(8, 4, corpus, 0.75, 2, np.float64, 4)"  # vocab, hidden, corpus, power, k, dtype, rng


def _setup() -> tuple[list[np.ndarray], list[Case]]:
    rng = np.random.default_rng(606)
    weights = [rng.standard_normal(SHAPE), rng.standard_normal(SHAPE)]  # W_in, W_out
    cases = [
        (  # word 2 twice in a row, word 1 twice in column 0
            "C = 2, N = 4, repeated words",
            np.array([[1, 3], [2, 2], [1, 7], [5, 1]]),
            np.array([2, 4, 1, 6]),
            1.0,
        ),
        (
            "C = 4, N = 3, dout = 2",
            rng.integers(0, VOCAB_SIZE, (3, 4)),
            rng.integers(0, VOCAB_SIZE, 3),
            2.0,
        ),
    ]
    return weights, [
        Case(name, (contexts, target), dout, f"contexts = {contexts.tolist()}")
        for name, contexts, target, dout in cases
    ]


def _dense(cls: type) -> dict[str, bool]:
    """``{"sparse": False}`` for a model that still has a ``sparse`` flag: dense grads wanted."""
    try:
        return {"sparse": False} if "sparse" in inspect.signature(cls).parameters else {}
    except (TypeError, ValueError):
        return {}


def _build(cls: type, weights: list[np.ndarray]) -> Student:
    """A model with non-zero weights (W_out starts at 0, which would hide most mistakes)."""
    args = (VOCAB_SIZE, HIDDEN, CORPUS.copy(), 0.75, SAMPLE_SIZE, np.float64, SEED)
    model = Student.new(cls, SIGNATURE, *args, **_dense(cls))
    params = model.read("params")
    if isinstance(params, list) and len(params) == 2:
        for param, value in zip(params, weights, strict=True):
            if isinstance(param, np.ndarray) and param.shape == SHAPE:
                param[...] = value
    return model


def _expected(weights: list[np.ndarray], cases: list[Case]) -> list[Expected]:
    """Reference steps on the cases, one model, as the student's model takes them."""
    model = _build(CBOW, weights).obj
    expected = []
    for case in cases:
        contexts, target = case.inputs
        sampler = copy.deepcopy(model.ns_loss.sampler)  # the draw forward will make, peeked
        negatives = sampler.get_negative_sample(target)
        loss = model.forward(contexts, target)
        model.backward(case.dout)
        grads = [np.array(g) for g in model.grads]
        expected.append(_with_suspects(weights, case, negatives, loss, grads))
    return expected


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
    checker = Checker(cls, "edu_w2v.cbow.CBOW")
    weights, cases = _setup()
    layer = Layer(
        make=lambda: _build(cls, weights),
        cases=cases,
        expected=lambda: _expected(weights, cases),
        signature="(contexts, target)",
        out=Output(
            "loss",
            "forward must return one number, the loss",
            "forward differs from the reference: h = mean of the context vectors, then the loss "
            "self.ns_loss.forward(h, target), called once",
        ),
        dx=None,
        forward_passed=f"{len(cases)} cases (C = 2 and 4, words repeated in a row and a column)",
        backward_passed=f"{len(cases)} cases, one model (dW_in gets dh / C per context word, "
        "dW_out from the loss, both written in place)",
        grads_shapes=[SHAPE, SHAPE],
        gradient_inputs=cases[0].inputs,
        input_name="contexts",
        backward_needs_forward=True,
    )

    def params() -> bool:
        values = layer.make().read("params")
        if not (
            isinstance(values, list)
            and len(values) == 2
            and all(close(as_numbers(p, "params"), w) for p, w in zip(values, weights, strict=True))
        ):
            checker.fail(
                "params",
                f"params must be [W_in, W_out], two arrays of shape {SHAPE} "
                "(subclass Word2VecModel to get them)",
            )
            return False  # the other checks need the two weight matrices
        checker.ok("params", "params == [W_in, W_out]")
        return True

    return checker.run([("params", params), *layer_stages(checker, layer)])
