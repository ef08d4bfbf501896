"""The exercise checkers: the reference passes, each mistake gets its hint, a crash raises.

A hint comes in two steps: the diagnosis on the first run, the fix on a second run of the same
class with the same mistake. Every test starts as a fresh kernel does, with nothing seen yet.
"""

from __future__ import annotations

import contextlib
import io
import re
import traceback

import numpy as np
import pytest
from wrong_layers import (
    WRONG_LAYERS,
    EmbeddingDotScalar,
    EmbeddingLosingUpdates,
    EmbeddingWithCrashingGrads,
    NSLossWithCrashingParams,
    SimpleCBOW,
    SimpleSkipGram,
)

import edu_w2v.checks as checks
from edu_w2v import (
    Embedding,
    EmbeddingDot,
    NegativeSamplingLoss,
    SigmoidWithLoss,
    UnigramSampler,
    source_run,
)
from edu_w2v.cbow import CBOW
from edu_w2v.checks import CheckResult, StudentCodeError
from edu_w2v.checks.unigram_sampler import inclusion_probabilities
from edu_w2v.checks.verdict import fmt
from edu_w2v.skip_gram import SkipGram
from edu_w2v.word2vec_model import init_weights

REFERENCES = [
    ("check_sigmoid_with_loss", SigmoidWithLoss),
    ("check_embedding", Embedding),
    ("check_embedding_dot", EmbeddingDot),
    ("check_unigram_sampler", UnigramSampler),
    ("check_negative_sampling_loss", NegativeSamplingLoss),
    ("check_cbow", CBOW),
    ("check_skip_gram", SkipGram),
]
# the hints the issue asks for, each of which some wrong layer must get
ISSUE_HINTS = [
    "wrong shape",
    "missing sigmoid",
    "mean vs sum",
    "lost updates for repeated indices",
    "target drawn as its own negative",
    "stale gradients",
    "negatives not distinct",
    "wrong distribution",
]


@pytest.fixture(autouse=True)
def fresh_session():
    """Nothing seen yet, as in a fresh kernel: a check shows diagnoses only."""
    checks.forget_hints()
    yield
    checks.forget_hints()


def run(checker: str, cls: type) -> tuple[CheckResult, str]:
    """Run a checker; the result and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = getattr(checks, checker)(cls)
    return result, printed.getvalue()


# the first runs of a checker on a class, by (checker, class): made once for all the tests
FIRST_RUNS: dict[tuple[str, type], tuple[CheckResult, str]] = {}


def verdict(checker: str, cls: type) -> tuple[CheckResult, str]:
    """A first run of a checker on a class (kept across tests): what a fresh kernel prints."""
    if (checker, cls) not in FIRST_RUNS:
        checks.forget_hints()
        FIRST_RUNS[checker, cls] = run(checker, cls)
    return FIRST_RUNS[checker, cls]


@pytest.mark.parametrize(("checker", "reference"), REFERENCES, ids=[c for c, _ in REFERENCES])
def test_every_checker_passes_the_reference(checker, reference):
    result, printed = verdict(checker, reference)
    assert result.passed and result.implemented and result.hints == []
    assert printed.startswith(f"Checking your {reference.__name__} against the reference edu_w2v.")
    assert printed.rstrip().endswith("checks passed.")
    assert "FAIL" not in printed and "TODO" not in printed
    assert "PASS  gradient check" in printed or checker == "check_unigram_sampler"
    assert printed == str(result) + "\n"


class BookSigmoidWithLoss:
    """The book's way: y = sigmoid(x), then a cross-entropy with log(y + 1e-7)."""

    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x, t):
        self.y, self.t = 1 / (1 + np.exp(-x)), t
        y = self.y
        return -np.sum(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7)) / x.shape[0]

    def backward(self, dout=1):
        return (self.y - self.t) * dout / self.t.shape[0]


class NaiveSigmoidWithLoss(BookSigmoidWithLoss):
    """The formula as written: log(sigmoid(x)) overflows for large scores."""

    def forward(self, x, t):
        self.y, self.t = 1 / (1 + np.exp(-x)), t
        return -np.sum(t * np.log(self.y) + (1 - t) * np.log(1 - self.y)) / x.shape[0]


def test_the_books_sigmoid_with_loss_fails_on_large_scores():
    """Its epsilon caps every term at -log(1e-7) = 16.1: right for small scores, not for -800."""
    result, printed = verdict("check_sigmoid_with_loss", BookSigmoidWithLoss)
    assert [line.status for line in result.lines] == ["FAIL", "----", "----"]
    assert result.hints[0].startswith("large scores: your loss is right for small scores")
    assert "`np.log(y + 1e-7)`" in result.hints[0]
    assert "np.logaddexp(0, x) - t * x" in result.fixes[0]
    text = " ".join(printed.split())
    assert "case 'large scores', x = [40.000000, -800.000000, -40.000000, 3.000000]" in text
    assert "loss: got 25.701436, expected 441.524294" in text


def test_a_loss_that_overflows_is_told_so():
    result, _ = verdict("check_sigmoid_with_loss", NaiveSigmoidWithLoss)
    assert result.hints == [
        "large scores: your loss is not finite for x = 40 or -800: `np.exp` overflows, or "
        "y = sigmoid(x) rounds to exactly 0 or 1 and the log of 0 is -inf"
    ]


def test_a_right_skip_gram_written_as_the_exercise_expects_passes():
    result, _ = verdict("check_skip_gram", SimpleSkipGram)
    assert result.passed, result.hints


def test_a_right_cbow_written_as_the_exercise_expects_passes():
    result, _ = verdict("check_cbow", SimpleCBOW)
    assert result.passed, result.hints


class CBOWReadingGradsFresh(SimpleCBOW):
    """A model may hand out its layers' gradients through a property: a new list, same arrays."""

    @property
    def grads(self):
        return [self.in_embed.grads[0], self.ns_loss.grads[0]]

    @grads.setter
    def grads(self, value):
        pass


class BookFormCBOW:
    """The dense book form: ``rng`` (no ``seed``, no ``sparse``), one grads list set in __init__."""

    def __init__(
        self, vocab_size, hidden_size, corpus, power=0.75, sample_size=5, dtype=None, rng=0
    ):
        rng = np.random.default_rng(rng)
        W_in, W_out = init_weights(vocab_size, hidden_size, dtype, rng)
        self.in_embed = Embedding(W_in)
        self.ns_loss = NegativeSamplingLoss(W_out, corpus, power, sample_size, rng=rng)
        self.params = [W_in, W_out]
        self.grads = [self.in_embed.grads[0], self.ns_loss.grads[0]]
        self.C = None

    def forward(self, contexts, target):
        self.C = contexts.shape[1]
        return self.ns_loss.forward(self.in_embed.forward(contexts).mean(axis=1), target)

    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout)
        N, H = dh.shape
        self.in_embed.backward(np.broadcast_to(dh[:, None, :] / self.C, (N, self.C, H)))


class BookFormCBOWRebindingGrads(BookFormCBOW):
    def backward(self, dout=1):
        super().backward(dout)
        self.grads = [g.copy() for g in self.grads]


def test_check_cbow_takes_a_dense_book_form_model_with_rng():
    result, _ = verdict("check_cbow", BookFormCBOW)
    assert result.passed, result.hints
    rebinding, _ = verdict("check_cbow", BookFormCBOWRebindingGrads)
    assert any("grads rebound" in h for h in rebinding.hints), rebinding.hints


def test_a_model_may_read_its_grads_fresh_through_a_property():
    result, _ = verdict("check_cbow", CBOWReadingGradsFresh)
    assert result.passed, result.hints


@pytest.mark.parametrize(
    ("checker", "wrong", "diagnosis", "fix"),
    WRONG_LAYERS,
    ids=[w.__name__ for _, w, _, _ in WRONG_LAYERS],
)
def test_each_wrong_layer_gets_its_diagnosis_then_its_fix(checker, wrong, diagnosis, fix):
    result, printed = run(checker, wrong)  # a first run: the fixture forgot every hint
    FIRST_RUNS.setdefault((checker, wrong), (result, printed))  # verdict()'s, made here
    assert not result.passed
    assert any(diagnosis in h for h in result.hints), result.hints
    assert "FAIL" in printed or "TODO" in printed
    assert "hint: " not in printed  # the first run: diagnoses only
    if fix is None:  # the diagnosis says it all
        assert result.fixes == [] and "Run this check again" not in printed
        return
    assert any(fix in f for f in result.fixes), result.fixes
    stuck = "Stuck? Run this check again: it adds a hint on how to fix it."
    assert printed.rstrip().endswith(stuck)
    again, printed_again = run(checker, wrong)
    assert again.hints == result.hints
    assert fix in " ".join(printed_again.split()).split("hint: ", 1)[1]
    assert "Run this check again" not in printed_again


@pytest.mark.parametrize("hint", ISSUE_HINTS)
def test_every_hint_of_the_issue_is_given_to_some_wrong_layer(hint):
    given = [h for checker, wrong, _, _ in WRONG_LAYERS for h in verdict(checker, wrong)[0].hints]
    assert any(hint in h for h in given)


def test_the_fix_comes_on_a_second_run_of_the_same_class_and_mistake():
    first = run("check_embedding", EmbeddingLosingUpdates)[1]
    renamed = type("MyEmbedding", (EmbeddingLosingUpdates,), {})  # another class: a first run
    assert run("check_embedding", renamed)[1] == first.replace(
        "EmbeddingLosingUpdates", "MyEmbedding"
    )
    second = run("check_embedding", EmbeddingLosingUpdates)[1]
    fix = "          hint: `np.add.at(dW, idx, dout)` adds every one\n"
    assert second == first.replace(fix, "").replace(
        "Stuck? Run this check again: it adds a hint on how to fix it.\n", ""
    ).replace(
        "0.414270], expected [-2.715733, -0.157797, -0.100494]\n",
        "0.414270], expected [-2.715733, -0.157797, -0.100494]\n" + fix,
    )
    checks.forget_hints()  # a fresh kernel: the first verdict again
    assert run("check_embedding", EmbeddingLosingUpdates)[1] == first


class EmbeddingDotScalarCrashingBackward(EmbeddingDotScalar):
    def backward(self, dout):
        raise ValueError("backward of a scalar forward")


def test_after_a_forward_fail_nothing_else_runs():
    result, printed = run("check_embedding_dot", EmbeddingDotScalarCrashingBackward)  # no crash
    assert [line.status for line in result.lines] == ["FAIL", "----", "----"]
    assert "----  backward: not run: fix forward first" in printed
    assert "----  gradient check: not run: fix forward first" in printed


def test_a_failure_shows_the_first_mismatching_numbers_rounded():
    _, printed = verdict("check_embedding", EmbeddingLosingUpdates)
    text = " ".join(printed.split())  # long lines are wrapped
    assert (
        "case 'repeated rows', idx = [1, 3, 1, 1, 0]: grads[0][1]: got [-0.045378, -0.903794, "
        "0.414270], expected [-2.715733, -0.157797, -0.100494]"
    ) in text


def test_output_is_deterministic():
    """A fresh session prints the same first verdicts, then the same second ones."""

    def session() -> list[str]:
        checks.forget_hints()
        runs = []
        for _ in range(2):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                checks.check_embedding(EmbeddingLosingUpdates)
                checks.check_unigram_sampler(UnigramSampler)
            runs.append(printed.getvalue())
        return runs

    first, second = session(), session()
    assert first == second
    assert "hint: " not in first[0] and "hint: " in first[1]
    assert fmt(-1e-12) == "0.000000" and fmt(np.array([0.5, -2.0])) == "[0.500000, -2.000000]"


def test_the_source_runs_flaws_get_named():
    loss, _ = verdict("check_sigmoid_with_loss", source_run.SigmoidWithLoss)
    assert any("missing sigmoid" in h for h in loss.hints)
    embed, _ = verdict("check_embedding", source_run.Embedding)
    assert [h.split(":")[0] for h in embed.hints[:2]] == [
        "stale gradients",
        "lost updates for repeated indices",
    ]


# --- skeletons: "not implemented yet", never a crash ----------------------------------------


def _raise(*args, **kwargs):
    raise NotImplementedError


def _nothing(*args, **kwargs):
    return None


def skeleton_of(reference: type, methods: list[str], body) -> type:
    """A subclass of ``reference`` whose ``methods`` are skeletons: ``body`` under their names."""

    def method(name):
        def skeleton(self, *args, **kwargs):
            return body()

        skeleton.__name__ = name
        return skeleton

    return type("Skeleton", (reference,), {name: method(name) for name in methods})


SKELETONS = [
    ("check_sigmoid_with_loss", SigmoidWithLoss, ["forward", "backward"]),
    ("check_embedding", Embedding, ["forward", "backward"]),
    ("check_embedding_dot", EmbeddingDot, ["forward", "backward"]),
    ("check_unigram_sampler", UnigramSampler, ["__init__", "get_negative_sample"]),
    ("check_negative_sampling_loss", NegativeSamplingLoss, ["forward", "backward"]),
    ("check_cbow", CBOW, ["forward", "backward"]),
    ("check_skip_gram", SkipGram, ["forward", "backward"]),
]


@pytest.mark.parametrize("body", [_raise, _nothing], ids=["raise NotImplementedError", "pass"])
@pytest.mark.parametrize(
    ("checker", "reference", "methods"), SKELETONS, ids=[s[0] for s in SKELETONS]
)
def test_a_skeleton_is_not_implemented_yet(checker, reference, methods, body):
    skeleton = skeleton_of(reference, methods, body)
    result, printed = verdict(checker, skeleton)
    assert not result.passed and not result.implemented
    assert result.hints[0].startswith("not implemented yet: ")
    assert "TODO" in printed and "not implemented yet" in printed
    assert "Not done yet: fill in '# your code here'" in printed


def test_a_half_done_layer_passes_forward_and_is_told_to_write_backward():
    half_done = skeleton_of(SigmoidWithLoss, ["backward"], _raise)
    result, printed = verdict("check_sigmoid_with_loss", half_done)
    assert [line.status for line in result.lines] == ["PASS", "TODO", "----"]
    assert result.hints == ["not implemented yet: write backward (it raises NotImplementedError)"]
    assert "----  gradient check: not run yet" in printed


# --- crashes and bad input ------------------------------------------------------------------


class CrashingEmbedding(Embedding):
    def backward(self, dout):
        return 1 / 0


def test_a_crash_raises_with_the_students_traceback(capsys):
    with pytest.raises(StudentCodeError, match=r"CrashingEmbedding\.backward\(dout\)") as caught:
        checks.check_embedding(CrashingEmbedding)
    cause = caught.value.__cause__
    assert isinstance(cause, ZeroDivisionError)
    assert [f.name for f in traceback.extract_tb(cause.__traceback__)] == ["backward"]  # theirs
    checker_frames = [f.name for f in traceback.extract_tb(caught.value.__traceback__)]
    assert checker_frames[-2:] == ["check_embedding", "run"]  # not the stages, not the guard
    assert str(caught.value) == (
        "your CrashingEmbedding.backward(dout) in case 'distinct rows' crashed at `return 1 / 0` "
        "with `ZeroDivisionError: division by zero` (its traceback is shown above)"
    )
    printed = capsys.readouterr().out
    assert "PASS  forward" in printed and "CRASH backward" in printed


def test_the_source_runs_embedding_dot_crashes_on_k_words_per_row(capsys):
    with pytest.raises(
        StudentCodeError,
        match=re.escape(
            "your EmbeddingDot.forward(h, idx) in case '1 + k = 3 words per row' crashed with "
            "`ValueError: operands could not be broadcast together"
        ),
    ):
        checks.check_embedding_dot(source_run.EmbeddingDot)
    assert "CRASH forward" in capsys.readouterr().out


class NSLossWithLabelsOfTheWrongShape(NegativeSamplingLoss):
    """Labels (N,) for scores (N, 1 + k): the reference SigmoidWithLoss refuses them."""

    def forward(self, h, target, negatives=None):
        words = np.concatenate([target[:, None], negatives], axis=1)
        scores = self.embed_dot.forward(h, words)
        labels = np.zeros(len(words))
        return self.loss_layer.forward(scores, labels)


def test_a_crash_in_a_reference_layer_is_told_in_the_exercises_words(capsys):
    """The student's call and what it passed, not the reference's own names (t is the labels)."""
    with pytest.raises(StudentCodeError) as caught:
        checks.check_negative_sampling_loss(NSLossWithLabelsOfTheWrongShape)
    assert str(caught.value) == (
        "your NSLossWithLabelsOfTheWrongShape.forward(h, target, negatives) in case '4 rows, "
        "word 1 a negative of two rows' crashed: its call `self.loss_layer.forward(scores, "
        "labels)` was refused by the reference SigmoidWithLoss.forward (ValueError); it was given "
        "`scores`: array (4, 3) float64; `labels`: array (4,) float64 (the reference's traceback "
        "names them x and t) (its traceback is shown above)"
    )
    assert "CRASH forward" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("checker", "crashing", "message"),
    [
        ("check_embedding", EmbeddingWithCrashingGrads, "EmbeddingWithCrashingGrads.grads"),
        (
            "check_negative_sampling_loss",
            NSLossWithCrashingParams,
            "NSLossWithCrashingParams.params",
        ),
    ],
)
def test_a_property_that_crashes_is_the_students_crash(checker, crashing, message, capsys):
    with pytest.raises(StudentCodeError, match=re.escape(message)) as caught:
        getattr(checks, checker)(crashing)
    assert isinstance(caught.value.__cause__, ValueError | TypeError)
    assert "CRASH" in capsys.readouterr().out


JUNK = {
    "a ragged list": [[1.0, 2.0], [3.0]],
    "a string": "loss",
    "a dict": {"loss": 1.0},
    "an object": object(),
}


@pytest.mark.parametrize("junk", list(JUNK), ids=list(JUNK))
@pytest.mark.parametrize(
    ("checker", "reference", "methods"), SKELETONS, ids=[s[0] for s in SKELETONS]
)
def test_a_checker_gives_a_verdict_whatever_the_student_returns(checker, reference, methods, junk):
    """Every returned value goes through the guard: a FAIL, never a raw NumPy error."""
    methods = [m for m in methods if m != "__init__"]
    wrong = skeleton_of(reference, methods, lambda: JUNK[junk])
    result, printed = verdict(checker, wrong)
    assert not result.passed and "FAIL" in printed


@pytest.mark.parametrize("checker", [c for c, _ in REFERENCES])
def test_a_checker_wants_the_class_itself(checker):
    with pytest.raises(TypeError, match="cls must be your class itself"):
        getattr(checks, checker)(Embedding(np.ones((3, 2))))


# --- the exact law of the sampler's negatives -----------------------------------------------


def test_inclusion_probabilities_of_the_sampling_law():
    word_p = np.array([0.4, 0.3, 0.0, 0.2, 0.1])
    one = inclusion_probabilities(word_p, target=0, k=1)
    np.testing.assert_allclose(one, [0, 0.5, 0, 1 / 3, 1 / 6])  # P renormalised without 0
    two = inclusion_probabilities(word_p, target=3, k=2)
    assert two[3] == 0 and two[2] == 0 and two.sum() == pytest.approx(2)
    three = inclusion_probabilities(word_p, target=1, k=3)  # every other seen word, surely
    np.testing.assert_allclose(three, [1, 0, 0, 1, 1])
