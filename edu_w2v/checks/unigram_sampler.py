"""check_unigram_sampler: a student's ``UnigramSampler`` against ``edu_w2v.UnigramSampler``.

Contract: ``UnigramSampler(corpus, power, sample_size, vocab_size=None, rng=None)`` with
``word_p`` (V,), P(w) = count(w) ** power / sum_v count(v) ** power; and
``get_negative_sample(target)``: target (N,) -> (N, sample_size) int word ids, distinct in each
row, never the row's target, each drawn from P renormalised over the words not yet taken.

Samples are random, so they are checked by their properties and by their frequencies over many
rows, against the exact probabilities of that law.
"""

from __future__ import annotations

from itertools import permutations

import numpy as np

from edu_w2v.checks.guard import NotImplementedYet, as_numbers, returned
from edu_w2v.checks.mistakes import (
    DRAWS_FOLLOW_COUNTS,
    DRAWS_UNIFORM,
    NOT_DISTINCT,
    NOT_REPRODUCIBLE,
    SAME_EVERY_CALL,
    TARGET_DRAWN,
    diagnose,
    word_p_mistakes,
)
from edu_w2v.checks.runner import Checker, CheckResult
from edu_w2v.checks.verdict import close, mismatch
from edu_w2v.unigram_sampler import UnigramSampler

# word 0 is frequent, 4 rare; ids 2 and 6 never occur (vocab_size 7 says they exist)
CORPUS = np.random.default_rng(404).permutation([0] * 12 + [1] * 6 + [3] * 3 + [4] + [5] * 2)
VOCAB_SIZE, POWER, SAMPLE_SIZE = 7, 0.75, 2
ROWS_PER_TARGET = 4000  # frequencies over 4000 rows: a standard error below 0.008


def inclusion_probabilities(word_p: np.ndarray, target: int, k: int) -> np.ndarray:
    """P(word w is among the k negatives of ``target``) for each w, by enumerating every draw.

    A draw is an ordered k-tuple of distinct words other than the target; its probability is
    the product of each word's P renormalised over the words not yet taken (target included).
    """
    candidates = [w for w in range(len(word_p)) if w != target and word_p[w] > 0]
    inclusion = np.zeros(len(word_p))
    for draw in permutations(candidates, k):
        probability, left = 1.0, 1.0 - word_p[target]
        for w in draw:
            probability *= word_p[w] / left
            left -= word_p[w]
        inclusion[list(draw)] += probability
    return inclusion


def check_unigram_sampler(cls: type) -> CheckResult:
    """Check a ``UnigramSampler`` class: word_p and the negatives it draws; print a verdict."""
    checker = Checker(cls, "edu_w2v.UnigramSampler")
    reference = UnigramSampler(CORPUS, POWER, SAMPLE_SIZE, vocab_size=VOCAB_SIZE, rng=0)
    counts = np.bincount(CORPUS, minlength=VOCAB_SIZE).astype(float)

    def make(seed: int):
        signature = f"(corpus, power=0.75, sample_size=2, vocab_size=7, rng={seed})"
        return checker.new(
            signature, CORPUS.copy(), POWER, SAMPLE_SIZE, vocab_size=VOCAB_SIZE, rng=seed
        )

    def draw(sampler, target: np.ndarray) -> np.ndarray:
        negatives = sampler.call(
            "get_negative_sample", "(target)", target.copy(), case=f"{len(target)} targets"
        )
        negatives = returned(negatives, "get_negative_sample", "the negatives (N, k)")
        return as_numbers(negatives, "the negatives", dtype=None)

    def word_p() -> None:
        p = make(0).read("word_p")
        if p is None:
            raise NotImplementedYet("set self.word_p, the probability of each word id, (V,)")
        p, expected = as_numbers(p, "word_p"), reference.word_p
        if p.shape != expected.shape:
            checker.fail(
                "word_p",
                f"wrong vocabulary size: word_p needs one entry per word id "
                f"0..vocab_size-1, shape ({VOCAB_SIZE},); ids that never occur get P = 0",
                f"corpus counts {counts.astype(int).tolist()}: got shape {p.shape}",
            )
        elif not close(p, expected):
            hint = diagnose(p, word_p_mistakes(counts, POWER))
            checker.fail(
                "word_p",
                hint
                or "wrong distribution: word_p differs from count ** power / sum of count ** power",
                f"corpus counts {counts.astype(int).tolist()}: {mismatch(p, expected, 'word_p')}",
            )
        else:
            checker.ok("word_p", "count ** 0.75 / sum, for vocab_size 7 (ids 2 and 6 unseen)")

    def negatives() -> None:
        targets = np.repeat([0, 3], ROWS_PER_TARGET)
        for target, seed in ((np.array([0, 1, 3, 5, 0]), 1), (targets, 2)):
            drawn = draw(make(seed), target)
            problem = _form_problem(drawn, len(target))
            if problem:
                checker.fail("negatives", problem, f"target = {_fmt_ids(target)}")
                return
        checker.ok("negatives", f"shape (N, sample_size), integer ids in [0, {VOCAB_SIZE})")
        if _rows_check(checker, targets, drawn):
            checker.not_run("distribution", "not run: fix the problems above first")
        else:
            _distribution_check(checker, targets, drawn, counts, reference.word_p)

    def reproducible() -> None:
        target = np.array([0, 1, 3, 4, 5] * 4)
        sampler = make(11)
        first, second = draw(sampler, target), draw(sampler, target)
        same_seed = draw(make(11), target)
        if not np.array_equal(first, same_seed):
            checker.fail(
                "reproducible",
                NOT_REPRODUCIBLE,
            )
        elif np.array_equal(first, second):
            checker.fail(
                "reproducible",
                SAME_EVERY_CALL,
            )
        else:
            checker.ok(
                "reproducible", "the same rng seed gives the same draws; each call draws anew"
            )

    return checker.run(
        [
            ("word_p", word_p),
            ("get_negative_sample", negatives),
            ("reproducible", reproducible),
        ]
    )


def _fmt_ids(ids: np.ndarray) -> str:
    """A list of ids, shortened: ``[0, 1, 3, ...] (8000 ids)``."""
    if len(ids) <= 8:
        return str(ids.tolist())
    return f"{str(ids[:8].tolist())[:-1]}, ...] ({len(ids)} ids)"


def _form_problem(drawn: np.ndarray, n_targets: int) -> str | None:
    """What is wrong with the shape, type or range of the negatives, if anything."""
    expected = (n_targets, SAMPLE_SIZE)
    if drawn.shape != expected:
        return (
            f"wrong shape: negatives must have shape (N, sample_size) = {expected}, "
            f"got {drawn.shape}"
        )
    if drawn.dtype == bool or not np.issubdtype(drawn.dtype, np.integer):
        return f"negatives must be integer word ids, got dtype {drawn.dtype}"
    if drawn.min() < 0 or drawn.max() >= VOCAB_SIZE:
        return (
            f"negatives must be word ids in [0, {VOCAB_SIZE}), got ids from {drawn.min()} "
            f"to {drawn.max()}"
        )
    return None


def _rows_check(checker: Checker, targets: np.ndarray, drawn: np.ndarray) -> bool:
    """Never the target, distinct in each row; True when something is wrong."""
    problems = False
    own = np.flatnonzero(np.any(drawn == targets[:, None], axis=1))
    if own.size:
        i = own[0]
        checker.fail(
            "never the target",
            TARGET_DRAWN,
            f"{own.size} of {len(targets)} rows, e.g. row {i}: target {targets[i]}, "
            f"negatives {drawn[i].tolist()}",
        )
        problems = True
    else:
        checker.ok("never the target", f"{len(targets)} rows")
    ordered = np.sort(drawn, axis=1)
    repeated = np.flatnonzero(np.any(ordered[:, 1:] == ordered[:, :-1], axis=1))
    if repeated.size:
        i = repeated[0]
        checker.fail(
            "distinct",
            NOT_DISTINCT,
            f"{repeated.size} of {len(targets)} rows, e.g. row {i}: target {targets[i]}, "
            f"negatives {drawn[i].tolist()}",
        )
        problems = True
    else:
        checker.ok("distinct", f"{len(targets)} rows")
    return problems


def _distribution_check(
    checker: Checker, targets: np.ndarray, drawn: np.ndarray, counts: np.ndarray, word_p: np.ndarray
) -> None:
    """How often each word is among a target's negatives: the right law, or a known wrong one."""
    seen = (counts > 0).astype(float)
    groups = []
    for target in np.unique(targets):
        rows = drawn[targets == target]
        frequency = np.array([np.mean(np.any(rows == w, axis=1)) for w in range(len(counts))])
        groups.append((int(target), len(rows), frequency))

    def misfit(p: np.ndarray) -> str | None:
        """The first word whose frequency is too far from the law ``p`` (4.5 standard errors)."""
        for target, n_rows, frequency in groups:
            expected = inclusion_probabilities(p, target, SAMPLE_SIZE)
            tolerance = 4.5 * np.sqrt(expected * (1 - expected) / n_rows) + 0.005
            far = np.flatnonzero(np.abs(frequency - expected) > tolerance)
            if far.size:
                w = far[0]
                return (
                    f"target {target}: word {w} is among the negatives in "
                    f"{frequency[w]:.6f} of {n_rows} rows, expected {expected[w]:.6f}"
                )
        return None

    problem = misfit(word_p)
    if problem is None:
        checker.ok(
            "distribution",
            "negatives follow count ** 0.75, without the target and "
            f"without replacement ({len(targets)} rows)",
        )
    elif misfit(counts / counts.sum()) is None:
        checker.fail(
            "distribution",
            DRAWS_FOLLOW_COUNTS,
            problem,
        )
    elif misfit(seen / seen.sum()) is None:
        checker.fail(
            "distribution",
            DRAWS_UNIFORM,
            problem,
        )
    else:
        checker.fail(
            "distribution",
            "wrong distribution: the negatives do not follow "
            "count ** power (renormalised without the target and the words already "
            "drawn)",
            problem,
        )
