"""What the two model checkers share: the toy corpus, the cases, building a student's model with
non-zero weights, the reference's steps, and the ``params`` stage.

Contract of a model: ``Model(vocab_size, hidden_size, corpus, power, sample_size, dtype, rng)``
with ``params == [W_in, W_out]`` and ``grads == [dW_in, dW_out]`` (a ``Word2VecModel`` subclass
has them); ``forward(contexts, target)``: contexts (N, C), target (N,) -> the loss;
``backward(dout=1)`` fills ``grads``. The student's model and the reference are built with the
same seed, so they draw the same negatives as long as forward draws once per call.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable

import numpy as np

from edu_w2v.checks.guard import Student, WrongAnswer, as_numbers
from edu_w2v.checks.runner import (
    ONE_NUMBER,
    Case,
    Checker,
    Expected,
    Layer,
    Output,
    layer_stages,
)
from edu_w2v.checks.verdict import CheckResult, Hint, close
from edu_w2v.language import Message, same

CORPUS = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 3, 1, 0])
VOCAB_SIZE, HIDDEN, SAMPLE_SIZE, SEED = 8, 4, 2, 4  # H = 4, not 1 + k = 3
SHAPE = (VOCAB_SIZE, HIDDEN)
SIGNATURE = "(8, 4, corpus, 0.75, 2, np.float64, 4)"  # vocab, hidden, corpus, power, k, dtype, rng
PARAMS = same("params")
NOT_TWO_PARAMS = Hint(
    Message(
        "params must be [W_in, W_out], two arrays of shape {shape}",
        "params 必须是 [W_in, W_out]，两个形状为 {shape} 的数组",
    ).format(shape=SHAPE),
    Message("subclass Word2VecModel to get them", "继承 Word2VecModel 就能得到它们"),
)


def setup() -> tuple[list[np.ndarray], list[Case]]:
    """Non-zero weights [W_in, W_out] and two cases: repeated words, then C = 4 with dout = 2."""
    rng = np.random.default_rng(606)
    weights = [rng.standard_normal(SHAPE), rng.standard_normal(SHAPE)]  # W_in, W_out
    cases = [
        (  # word 2 twice in a row, word 1 twice in column 0
            Message("C = 2, N = 4, repeated words", "C = 2，N = 4，有重复的词"),
            np.array([[1, 3], [2, 2], [1, 7], [5, 1]]),
            np.array([2, 4, 1, 6]),
            1.0,
        ),
        (
            Message("C = 4, N = 3, dout = 2", "C = 4，N = 3，dout = 2"),
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


def build(cls: type, weights: list[np.ndarray]) -> Student:
    """A model with non-zero weights (W_out starts at 0, which would hide most mistakes)."""
    args = (VOCAB_SIZE, HIDDEN, CORPUS.copy(), 0.75, SAMPLE_SIZE, np.float64, SEED)
    model = Student.new(cls, SIGNATURE, *args, **_dense(cls))
    params = model.read("params")
    if isinstance(params, list) and len(params) == 2:
        for param, value in zip(params, weights, strict=True):
            if isinstance(param, np.ndarray) and param.shape == SHAPE:
                param[...] = value
    return model


def reference_steps(
    reference: type,
    weights: list[np.ndarray],
    cases: list[Case],
    negatives_for: Callable[[np.ndarray, np.ndarray], np.ndarray],
    with_suspects: Callable[..., Expected],
) -> list[Expected]:
    """The reference model's steps on the cases, one model, as the student's model takes them.

    ``negatives_for(contexts, target)``: the ids forward draws negatives for (CBOW: the targets;
    skip-gram: the context word of every pair). ``with_suspects(weights, case, negatives, loss,
    grads)`` adds the known wrong answers.
    """
    model = build(reference, weights).obj
    expected = []
    for case in cases:
        contexts, target = case.inputs
        sampler = copy.deepcopy(model.ns_loss.sampler)  # the draw forward will make, peeked
        negatives = sampler.get_negative_sample(negatives_for(contexts, target))
        loss = model.forward(contexts, target)
        model.backward(case.dout)
        grads = [np.array(g) for g in model.grads]
        expected.append(with_suspects(weights, case, negatives, loss, grads))
    return expected


def check_model(
    cls: type,
    reference: type,
    negatives_for: Callable[[np.ndarray, np.ndarray], np.ndarray],
    with_suspects: Callable[..., Expected],
    forward_differs: Hint,
    backward_passed: Message,
) -> CheckResult:
    """Check a model class against `reference` on the shared cases; print and return the verdict.

    `forward_differs`: the hint when forward's loss is wrong for no known reason;
    `backward_passed`: what a passing backward did, in words.
    """
    checker = Checker(cls, f"{reference.__module__}.{reference.__name__}")
    weights, cases = setup()
    layer = Layer(
        make=lambda: build(cls, weights),
        cases=cases,
        expected=lambda: reference_steps(reference, weights, cases, negatives_for, with_suspects),
        signature="(contexts, target)",
        out=Output(
            "loss",
            Message("the loss", "损失"),
            Hint(ONE_NUMBER.format(Message("the loss", "损失"))),
            forward_differs,
        ),
        dx=None,
        forward_passed=Message(
            "{n} cases (C = 2 and 4, words repeated in a row and a column)",
            "{n} 个用例（C = 2 和 4，词在一行内和一列内重复）",
        ).format(n=len(cases)),
        backward_passed=Message(
            "{n} cases, one model ({what})", "{n} 个用例，同一个模型（{what}）"
        ).format(n=len(cases), what=backward_passed),
        grads_shapes=[SHAPE, SHAPE],
        gradient_inputs=cases[0].inputs,
        input_name="contexts",
    )
    return checker.run([params_stage(checker, layer.make, weights), *layer_stages(checker, layer)])


def params_stage(checker: Checker, make: Callable[[], Student], weights: list[np.ndarray]):
    """The first stage: ``params`` must be [W_in, W_out] (the other stages need them)."""

    def params() -> None:
        values = make().read("params")
        if not (
            isinstance(values, list)
            and len(values) == 2
            and all(close(as_numbers(p, "params"), w) for p, w in zip(values, weights, strict=True))
        ):
            raise WrongAnswer(NOT_TWO_PARAMS)
        checker.ok(PARAMS, same("params == [W_in, W_out]"))

    return (PARAMS, params)
