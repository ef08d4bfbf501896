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

from edu_w2v.checks.guard import NotImplementedYet, WrongAnswer, as_numbers, returned
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
from edu_w2v.checks.runner import FIX_FIRST, Checker
from edu_w2v.checks.verdict import CheckResult, Hint, close, mismatch
from edu_w2v.language import Message, same
from edu_w2v.unigram_sampler import UnigramSampler

# word 0 is frequent, 4 rare; ids 2 and 6 never occur (vocab_size 7 says they exist)
CORPUS = np.random.default_rng(404).permutation([0] * 12 + [1] * 6 + [3] * 3 + [4] + [5] * 2)
VOCAB_SIZE, POWER, SAMPLE_SIZE = 7, 0.75, 2
ROWS_PER_TARGET = 4000  # frequencies over 4000 rows: a standard error below 0.008

WORD_P, NEGATIVES = same("word_p"), same("get_negative_sample")
REPRODUCIBLE = Message("reproducible", "可复现")
NEVER_THE_TARGET = Message("never the target", "不抽目标词")
DISTINCT = Message("distinct", "互不相同")
DISTRIBUTION = Message("distribution", "分布")
NO_WORD_P = Message(
    "set self.word_p, the probability of each word id, (V,)",
    "请设置 self.word_p，即每个词 ID 的概率，形状 (V,)",
)
WRONG_VOCABULARY_SIZE = Hint(
    Message(
        "wrong vocabulary size: word_p needs one entry per word id 0..vocab_size-1, shape ({V},)",
        "词汇表大小错误：word_p 需要为 0..vocab_size-1 的每个词 ID 各有一项，形状 ({V},)",
    ).format(V=VOCAB_SIZE),
    Message(
        "count with `np.bincount(corpus, minlength=vocab_size)`: ids that never occur get P = 0",
        "用 `np.bincount(corpus, minlength=vocab_size)` 计数：从未出现的 ID 概率为 0",
    ),
)
WORD_P_DIFFERS = Hint(
    Message(
        "wrong distribution: word_p differs from count ** power / sum of count ** power",
        "分布错误：word_p 与 count ** power 除以其总和的结果不同",
    )
)
DRAWS_DIFFER = Hint(
    Message(
        "wrong distribution: the negatives do not follow count ** power (renormalised without "
        "the target and the words already drawn)",
        "分布错误：负例不服从 count ** power（去掉目标词和已抽到的词后重新归一化）",
    ),
    Message(
        "for each row: p = word_p with the target's P set to 0, renormalised, and `replace=False`",
        "对每一行：p = word_p，把目标词的概率设为 0 并重新归一化，再用 `replace=False` 抽取",
    ),
)
COUNTS = Message("corpus counts {0}: {1}", "语料库词频 {0}：{1}")
GOT_SHAPE = Message("got shape {0}", "得到的形状是 {0}")
ROWS = Message(
    "{n} of {total} rows, e.g. row {i}: target {target}, negatives {negatives}",
    "{total} 行中有 {n} 行，例如第 {i} 行：目标词 {target}，负例 {negatives}",
)
MISFIT = Message(
    "target {target}: word {w} is among the negatives in {frequency:.6f} of {n} rows, expected "
    "{expected:.6f}",
    "目标词 {target}：在 {n} 行中，词 {w} 作为负例出现的比例是 {frequency:.6f}，"
    "应为 {expected:.6f}",
)


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
        case = Message("{n} targets", "{n} 个目标词").format(n=len(target))
        negatives = sampler.call("get_negative_sample", "(target)", target.copy(), case=case)
        what = Message("the negatives (N, k)", "负例 (N, k)")
        negatives = returned(negatives, "get_negative_sample", what)
        return as_numbers(negatives, Message("the negatives", "负例"), dtype=None)

    def word_p() -> None:
        p = make(0).read("word_p")
        if p is None:
            raise NotImplementedYet(NO_WORD_P)
        p, expected = as_numbers(p, "word_p"), reference.word_p
        seen = counts.astype(int).tolist()
        if p.shape != expected.shape:
            raise WrongAnswer(WRONG_VOCABULARY_SIZE, COUNTS.format(seen, GOT_SHAPE.format(p.shape)))
        if not close(p, expected):
            hint = diagnose(p, word_p_mistakes(counts, POWER)) or WORD_P_DIFFERS
            raise WrongAnswer(hint, COUNTS.format(seen, mismatch(p, expected, "word_p")))
        checker.ok(
            WORD_P,
            Message(
                "count ** 0.75 / sum, for vocab_size 7 (ids 2 and 6 unseen)",
                "count ** 0.75 / 总和，vocab_size 为 7（ID 2 和 6 未出现）",
            ),
        )

    def negatives() -> None:
        targets = np.repeat([0, 3], ROWS_PER_TARGET)
        for target, seed in ((np.array([0, 1, 3, 5, 0]), 1), (targets, 2)):
            drawn = draw(make(seed), target)
            problem = _form_problem(drawn, len(target))
            if problem:
                raise WrongAnswer(problem, same(f"target = {_fmt_ids(target)}"))
        checker.ok(
            NEGATIVES,
            Message(
                "shape (N, sample_size), integer ids in [0, {V})",
                "形状 (N, sample_size)，[0, {V}) 内的整数 ID",
            ).format(V=VOCAB_SIZE),
        )
        failed = _rows_check(checker, targets, drawn)
        if failed:
            checker.not_run(DISTRIBUTION, FIX_FIRST.format(check=failed))
        else:
            _distribution_check(checker, targets, drawn, counts, reference.word_p)

    def reproducible() -> None:
        target = np.array([0, 1, 3, 4, 5] * 4)
        sampler = make(11)
        first, second = draw(sampler, target), draw(sampler, target)
        same_seed = draw(make(11), target)
        if not np.array_equal(first, same_seed):
            raise WrongAnswer(NOT_REPRODUCIBLE)
        if np.array_equal(first, second):
            raise WrongAnswer(SAME_EVERY_CALL)
        checker.ok(
            REPRODUCIBLE,
            Message(
                "the same rng seed gives the same draws; each call draws anew",
                "相同的 rng 种子抽到相同的负例；每次调用都重新抽取",
            ),
        )

    return checker.run([(WORD_P, word_p), (NEGATIVES, negatives), (REPRODUCIBLE, reproducible)])


def _fmt_ids(ids: np.ndarray) -> str:
    """A list of ids, shortened: ``[0, 1, 3, ...] (8000 ids)``."""
    if len(ids) <= 8:
        return str(ids.tolist())
    return f"{str(ids[:8].tolist())[:-1]}, ...] ({len(ids)} ids)"


def _form_problem(drawn: np.ndarray, n_targets: int) -> Hint | None:
    """What is wrong with the shape, type or range of the negatives, if anything."""
    expected = (n_targets, SAMPLE_SIZE)
    if drawn.shape != expected:
        return Hint(
            Message(
                "wrong shape: negatives must have shape (N, sample_size) = {0}, got {1}",
                "形状错误：负例的形状必须是 (N, sample_size) = {0}，得到的是 {1}",
            ).format(expected, drawn.shape)
        )
    if drawn.dtype == bool or not np.issubdtype(drawn.dtype, np.integer):
        return Hint(
            Message(
                "negatives must be integer word ids, got dtype {0}",
                "负例必须是整数的词 ID，得到的 dtype 是 {0}",
            ).format(drawn.dtype)
        )
    if drawn.min() < 0 or drawn.max() >= VOCAB_SIZE:
        return Hint(
            Message(
                "negatives must be word ids in [0, {0}), got ids from {1} to {2}",
                "负例必须是 [0, {0}) 内的词 ID，得到的 ID 从 {1} 到 {2}",
            ).format(VOCAB_SIZE, drawn.min(), drawn.max())
        )
    return None


def _rows_check(checker: Checker, targets: np.ndarray, drawn: np.ndarray) -> Message | None:
    """Never the target, distinct in each row; the first of the two that fails, or None."""
    failed = []
    own = np.flatnonzero(np.any(drawn == targets[:, None], axis=1))
    rows = Message("{n} rows", "{n} 行").format(n=len(targets))
    if own.size:
        i = own[0]
        found = ROWS.format(
            n=own.size, total=len(targets), i=i, target=targets[i], negatives=drawn[i].tolist()
        )
        checker.fail(NEVER_THE_TARGET, TARGET_DRAWN, found)
        failed.append(NEVER_THE_TARGET)
    else:
        checker.ok(NEVER_THE_TARGET, rows)
    ordered = np.sort(drawn, axis=1)
    repeated = np.flatnonzero(np.any(ordered[:, 1:] == ordered[:, :-1], axis=1))
    if repeated.size:
        i = repeated[0]
        found = ROWS.format(
            n=repeated.size, total=len(targets), i=i, target=targets[i], negatives=drawn[i].tolist()
        )
        checker.fail(DISTINCT, NOT_DISTINCT, found)
        failed.append(DISTINCT)
    else:
        checker.ok(DISTINCT, rows)
    return failed[0] if failed else None


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

    def misfit(p: np.ndarray) -> Message | None:
        """The first word whose frequency is too far from the law ``p`` (4.5 standard errors)."""
        for target, n_rows, frequency in groups:
            expected = inclusion_probabilities(p, target, SAMPLE_SIZE)
            tolerance = 4.5 * np.sqrt(expected * (1 - expected) / n_rows) + 0.005
            far = np.flatnonzero(np.abs(frequency - expected) > tolerance)
            if far.size:
                w = far[0]
                return MISFIT.format(
                    target=target, w=w, frequency=frequency[w], n=n_rows, expected=expected[w]
                )
        return None

    problem = misfit(word_p)
    if problem is None:
        passed = Message(
            "negatives follow count ** 0.75, without the target and without replacement ({n} rows)",
            "负例服从 count ** 0.75，不含目标词，无放回抽样（{n} 行）",
        )
        checker.ok(DISTRIBUTION, passed.format(n=len(targets)))
    elif misfit(counts / counts.sum()) is None:
        checker.fail(DISTRIBUTION, DRAWS_FOLLOW_COUNTS, problem)
    elif misfit(seen / seen.sum()) is None:
        checker.fail(DISTRIBUTION, DRAWS_UNIFORM, problem)
    else:
        checker.fail(DISTRIBUTION, DRAWS_DIFFER, problem)
