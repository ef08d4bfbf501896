"""The catalogue of known mistakes: each one's hint and the wrong answer it gives.

A checker compares the student's answer with the reference; when they differ, it computes what
each known mistake would have given on the same case (a ``Suspect``) and shows the hint of the
first one the answer matches. The functions below build the suspects of one family of mistakes
from the case's numbers, so that every checker names the same mistake the same way.

A hint is a ``Hint``: its diagnosis names the classic mistake, its fix says what to change; each
is a ``Message`` in English and Chinese, side by side. ``{grad}`` in a hint about a gradient
entry is filled with the entry's name (``grads[0]``, ``grads[1]``) in both languages.

The letters are the exercises': N rows in a batch, H the hidden size, C context words per row,
k negative words per row (so 1 + k scored words), V words in the vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from edu_w2v.checks.verdict import Hint, close
from edu_w2v.language import Message
from edu_w2v.sigmoid_with_loss import sigmoid


class Suspect(NamedTuple):
    """A known mistake: its ``hint`` and whether an answer ``matches`` what it gives."""

    hint: Hint
    matches: Callable[[np.ndarray], bool]


def gives(hint: Hint, wrong: np.ndarray | float) -> Suspect:
    """The mistake whose answer is the array ``wrong``."""
    return Suspect(hint, lambda got: close(got, wrong))


def diagnose(got: np.ndarray, suspects: Iterable[Suspect]) -> Hint | None:
    """The hint of the first suspect that ``got`` matches, else None."""
    return next((s.hint for s in suspects if s.matches(got)), None)


# --- gradients written into grads: where, how often, in place -------------------------------

NOTHING_WRITTEN = Hint(
    Message(
        "backward left {grad} all zeros: the gradient never reached the array self.{grad} holds",
        "backward 之后 {grad} 全为零：梯度没有写进 self.{grad} 持有的那个数组",
    ),
    Message(
        "write into that array in place (`dW = self.{grad}`, then `dW[...] = 0` and "
        "`np.add.at(dW, ...)`): a new array put anywhere else is never seen",
        "原地写进那个数组（`dW = self.{grad}`，然后 `dW[...] = 0` 和 `np.add.at(dW, ...)`）："
        "放到别处的新数组谁也看不到",
    ),
)
STALE = Hint(
    Message(
        "stale gradients: {grad} still holds the previous backward's gradient, and this "
        "backward's was added to it",
        "陈旧的梯度：{grad} 里还留着上一次 backward 的梯度，这一次的梯度加在了它上面",
    ),
    Message(
        "each backward must replace the gradient: `dW[...] = 0` before adding",
        "每次 backward 都必须替换梯度：相加之前先 `dW[...] = 0`",
    ),
)
LOST = Hint(
    Message(
        "lost updates for repeated indices: a row looked up twice must receive both updates, "
        "but `dW[idx] += dout` keeps only one",
        "丢失的更新：被查找两次的行必须得到两次更新，但 `dW[idx] += dout` 只保留其中一次",
    ),
    Message(
        "`np.add.at(dW, idx, dout)` adds every one",
        "`np.add.at(dW, idx, dout)` 会把每一次更新都加上",
    ),
)
LOST_IN_A_ROW = Hint(
    Message(
        "lost updates for repeated indices within a row: `for i, w in enumerate(idx): "
        "dW[w] += dout[i]` is right for idx (N,), but for idx (N, C) w is a whole row of ids "
        "and `dW[w] +=` keeps one update of a word that appears twice in it",
        "同一行内丢失的更新：对 idx (N,) 来说 `for i, w in enumerate(idx): dW[w] += dout[i]` "
        "是对的，但对 idx (N, C) 来说 w 是一整行词 ID，一个词在这一行出现两次时，`dW[w] +=` "
        "只保留其中一次更新",
    ),
    Message(
        "`np.add.at(dW, idx, dout)` adds every one, whatever the shape of idx",
        "`np.add.at(dW, idx, dout)` 会把每一次更新都加上，不论 idx 是什么形状",
    ),
)
LOST_IN_A_COLUMN = Hint(
    Message(
        "lost updates for repeated indices within a column: `dW[idx[:, c]] += ...` column by "
        "column keeps one update of a word that two rows share in that column",
        "同一列内丢失的更新：逐列执行 `dW[idx[:, c]] += ...` 时，两行在这一列共有的词只保留"
        "一次更新",
    ),
    Message(
        "one `np.add.at(dW, idx, ...)` on the whole (N, C) idx adds every one",
        "对整个 (N, C) 的 idx 调用一次 `np.add.at(dW, idx, ...)`，会把每一次更新都加上",
    ),
)
GRADS_REBOUND = Hint(
    Message(
        "grads rebound: backward assigned a new list to self.grads; a model that shares the "
        "old list never sees the new one",
        "grads 被重新绑定：backward 给 self.grads 赋了一个新列表；共享原列表的模型看不到新列表",
    ),
    Message(
        "write into the array that self.grads[0] already holds: "
        "`dW = self.grads[0]; dW[...] = 0; np.add.at(dW, ...)`",
        "写进 self.grads[0] 已经持有的数组：`dW = self.grads[0]; dW[...] = 0; np.add.at(dW, ...)`",
    ),
)
GRAD_REPLACED = Hint(
    Message(
        "{grad} replaced: backward put a new array into self.{grad}; a model that shares the "
        "old array never sees the new one",
        "{grad} 被替换：backward 往 self.{grad} 里放了一个新数组；共享原数组的模型看不到新数组",
    ),
    Message(
        "write into the array it already holds: `dW[...] = 0; np.add.at(dW, ...)`",
        "写进它已经持有的数组：`dW[...] = 0; np.add.at(dW, ...)`",
    ),
)
IGNORES_DOUT = Hint(
    Message(
        "backward ignores dout: your gradient is the one for dout = 1",
        "backward 忽略了 dout：你的梯度是 dout = 1 时的梯度",
    ),
    Message(
        "multiply by dout, the gradient from the layer above", "乘以 dout，即上一层传下来的梯度"
    ),
)
DOUT_TWICE = Hint(
    Message(
        "dout applied twice: your gradient is multiplied by dout one time too many",
        "dout 乘了两次：你的梯度多乘了一次 dout",
    ),
    Message(
        "multiply by dout once, where it enters backward; the layers below already get it "
        "through their dout",
        "只在 dout 进入 backward 的地方乘一次；下面的层已经通过它们自己的 dout 得到了它",
    ),
)


def scatter_mistakes(shape: tuple[int, ...], idx: np.ndarray, rows: np.ndarray) -> list[Suspect]:
    """``dW`` from ``rows`` added at ``idx`` (idx's shape + (H,)) with updates lost three ways.

    Only the ways that lose an update on this case are suspects.
    """
    right, at_once = np.zeros(shape), np.zeros(shape)
    np.add.at(right, idx, rows)
    at_once[idx] += rows
    wrong = [(LOST, at_once)]
    if idx.ndim == 2:
        per_row, per_column = np.zeros(shape), np.zeros(shape)
        for i, w in enumerate(idx):
            per_row[w] += rows[i]
        for c in range(idx.shape[1]):
            per_column[idx[:, c]] += rows[:, c]
        wrong += [(LOST_IN_A_ROW, per_row), (LOST_IN_A_COLUMN, per_column)]
    return [gives(hint, value) for hint, value in wrong if not close(value, right)]


def dout_mistakes(expected: np.ndarray, dout: float, without_dout: np.ndarray) -> list[Suspect]:
    """dout forgotten (``without_dout``) or applied twice (for a number dout != 1)."""
    suspects = [gives(IGNORES_DOUT, without_dout)]
    if np.ndim(dout) == 0 and dout != 1:
        suspects.append(gives(DOUT_TWICE, expected * dout))
    return suspects


def gradient_hints(
    before: np.ndarray, after: np.ndarray, expected: np.ndarray, suspects: list[Suspect]
) -> list[Hint]:
    """Hints for a wrong ``grads`` entry ``after``, ``before`` being that entry before backward.

    A gradient added to the previous one (stale) is recognised by its change, which is then
    diagnosed like the entry itself.
    """
    change = after - before
    hints = []
    if np.any(before != 0) and (close(change, expected) or diagnose(change, suspects)):
        hints.append(STALE)
        after = change
    hint = None if close(after, expected) else diagnose(after, suspects)
    return hints + [hint] if hint else hints


# --- sigmoid and binary cross-entropy: the loss of scores x against labels t ----------------

MISSING_SIGMOID = Hint(
    Message(
        "missing sigmoid: your loss treats the raw scores x as probabilities",
        "缺少 sigmoid：你的损失把原始得分 x 当成了概率",
    ),
    Message("take the logs of y = sigmoid(x), not of x", "对 y = sigmoid(x) 取对数，而不是对 x"),
)
NOT_FINITE = Hint(
    Message(
        "missing sigmoid? your loss is not finite: a log of a number <= 0",
        "缺少 sigmoid？你的损失不是有限值：对 <= 0 的数取了对数",
    ),
    Message(
        "take the logs of y = sigmoid(x), a probability between 0 and 1",
        "对概率 y = sigmoid(x) 取对数，它在 0 和 1 之间",
    ),
)
_STABLE_LOSS = Message(
    "compute the logs without forming y: log y = -np.logaddexp(0, -x) and log(1 - y) = "
    "-np.logaddexp(0, x), so each entry costs `np.logaddexp(0, x) - t * x`",
    "不先算出 y 就求对数：log y = -np.logaddexp(0, -x)，log(1 - y) = -np.logaddexp(0, x)，"
    "所以每个元素的损失是 `np.logaddexp(0, x) - t * x`",
)
LARGE_SCORES = Hint(
    Message(
        "large scores: your loss is right for small scores but not for x = -800 with label 1, "
        "which costs 800: sigmoid(-800) underflows to 0, and an epsilon as in "
        "`np.log(y + 1e-7)` (or a clip of y) caps the term at -log(1e-7), about 16.1",
        "大得分：你的损失对小得分是对的，但对标签为 1 的 x = -800 不对，它的损失应是 800："
        "sigmoid(-800) 下溢为 0，而像 `np.log(y + 1e-7)` 那样加一个小量（或对 y 做裁剪）会把"
        "这一项限制在 -log(1e-7)（约 16.1）以内",
    ),
    _STABLE_LOSS,
)
OVERFLOW = Hint(
    Message(
        "large scores: your loss is not finite for x = 40 or -800: `np.exp` overflows, or "
        "y = sigmoid(x) rounds to exactly 0 or 1 and the log of 0 is -inf",
        "大得分：x = 40 或 -800 时你的损失不是有限值：`np.exp` 溢出了，或者 y = sigmoid(x) "
        "被舍入成恰好 0 或 1，而 0 的对数是 -inf",
    ),
    _STABLE_LOSS,
)
OVERFLOW_IN_BACKWARD = Hint(
    Message(
        "large scores: your dx is not finite for x = 40 or -800: `np.exp` overflows",
        "大得分：x = 40 或 -800 时你的 dx 不是有限值：`np.exp` 溢出了",
    ),
    Message(
        "compute y = sigmoid(x) so that it never overflows, e.g. `np.exp(-np.logaddexp(0, -x))`",
        "用不会溢出的方式计算 y = sigmoid(x)，例如 `np.exp(-np.logaddexp(0, -x))`",
    ),
)
SUMMED_OVER_BATCH = Hint(
    Message(
        "mean vs sum: your loss adds up the rows of the batch",
        "平均还是求和：你的损失把批次的各行加了起来",
    ),
    Message("the loss is the mean over the N rows: divide by N", "损失是 N 行的平均：除以 N"),
)
SIGN = Hint(
    Message("sign: your loss has the opposite sign", "符号：你的损失符号反了"),
    Message(
        "L = -[t log y + (1 - t) log(1 - y)], with a minus",
        "L = -[t log y + (1 - t) log(1 - y)]，前面有负号",
    ),
)
LABELS_SWAPPED = Hint(
    Message(
        "labels swapped: your loss is the one of the labels 1 - t",
        "标签颠倒：你的损失是标签为 1 - t 时的损失",
    ),
    Message(
        "t log y is the term of the label t = 1, (1 - t) log(1 - y) the term of t = 0",
        "t log y 是标签 t = 1 的那一项，(1 - t) log(1 - y) 是 t = 0 的那一项",
    ),
)
NEGATIVES_LABELLED_ONE = Hint(
    Message(
        "labels: your negatives have label 1, like the target",
        "标签：你的负例的标签是 1，和目标词一样",
    ),
    Message(
        "the k negative words have label 0; only the target (column 0) has label 1",
        "k 个负例的标签是 0；只有目标词（第 0 列）的标签是 1",
    ),
)
POSITIVE_LABEL_FORGOTTEN = Hint(
    Message(
        "labels: the positive label is forgotten: every word, the target too, has label 0",
        "标签：忘了正例的标签：所有词（包括目标词）的标签都是 0",
    ),
    Message(
        "the target's column has label 1: `labels[:, 0] = 1`",
        "目标词那一列的标签是 1：`labels[:, 0] = 1`",
    ),
)
NEGATIVES_IGNORED = Hint(
    Message(
        "forward ignores the negatives: your loss is the target's part only",
        "forward 忽略了负例：你的损失只有目标词那一部分",
    ),
    Message("add the loss of the k negative words (label 0)", "加上 k 个负例（标签为 0）的损失"),
)
NEGATIVES_ARGUMENT_IGNORED = Hint(
    Message(
        "forward ignores the negatives argument: it drew new negatives although they were given",
        "forward 忽略了参数 negatives：明明给定了负例，它却重新抽取了",
    ),
    Message(
        "when negatives are given, score those words; draw only when negatives is None",
        "给定负例时就对这些词打分；只有 negatives 为 None 时才抽取",
    ),
)
SCORE_GRADIENT_RETURNED = Hint(
    Message(
        "backward returns the gradient of the scores (N, 1 + k), not dh (N, H)",
        "backward 返回的是得分的梯度 (N, 1 + k)，而不是 dh (N, H)",
    ),
    Message(
        "pass it on through self.embed_dot.backward, which returns dh",
        "把它传给 self.embed_dot.backward，后者返回 dh",
    ),
)
BACKWARD_GRADIENT = Message("dx = (y - t) * dout / N", "dx = (y - t) * dout / N")
MEAN_FORGOTTEN_IN_BACKWARD = Hint(
    Message(
        "mean vs sum: backward forgets the 1/N of the mean",
        "平均还是求和：backward 漏了平均里的 1/N",
    ),
    BACKWARD_GRADIENT,
)
MISSING_SIGMOID_IN_BACKWARD = Hint(
    Message(
        "missing sigmoid in backward: dx uses the raw score x instead of y = sigmoid(x)",
        "backward 中缺少 sigmoid：dx 用了原始得分 x，而不是 y = sigmoid(x)",
    ),
    Message(
        "dx = (y - t) * dout / N with y = sigmoid(x)",
        "dx = (y - t) * dout / N，其中 y = sigmoid(x)",
    ),
)
SIGN_IN_BACKWARD = Hint(
    Message("sign: your dx has the opposite sign", "符号：你的 dx 符号反了"),
    Message(
        "dx = (y - t) * dout / N, not (t - y) ...", "dx = (y - t) * dout / N，而不是 (t - y) ……"
    ),
)


def averaged_over_entries(N: int, columns: int) -> Hint:
    """The loss averaged over all N * (1 + k) entries instead of over the N rows."""
    return Hint(
        Message(
            "mean vs sum: your loss averages all N * (1 + k) = {n} entries",
            "平均还是求和：你的损失对全部 N * (1 + k) = {n} 个元素取了平均",
        ).format(n=N * columns),
        Message(
            "average over the N rows only, and add up the 1 + k columns (the target and its "
            "negatives)",
            "只对 N 行取平均，1 + k 列（目标词和它的负例）要相加",
        ),
    )


def backward_averages_columns(N: int, columns: int) -> Hint:
    """dx divided by N * (1 + k) instead of N."""
    return Hint(
        Message(
            "mean vs sum: backward divides by N * (1 + k) = {n}; the 1 + k columns are added up, "
            "not averaged",
            "平均还是求和：backward 除以了 N * (1 + k) = {n}；1 + k 列是相加的，不是取平均",
        ).format(n=N * columns),
        BACKWARD_GRADIENT,
    )


def loss_mistakes(x: np.ndarray, t: np.ndarray) -> list[Suspect]:
    """Wrong losses of scores ``x`` (N,) or (N, 1 + k) against labels ``t``: sum, sigmoid..."""
    N, columns = x.shape[0], x[0].size
    per_entry = np.logaddexp(0, x) - t * x  # BCE of sigmoid(x), entry by entry
    p = np.clip(x, 1e-7, 1 - 1e-7)
    raw = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    suspects = [
        gives(SUMMED_OVER_BATCH, per_entry.sum()),
        gives(averaged_over_entries(N, columns), per_entry.mean()),
        gives(MISSING_SIGMOID, raw.sum() / N),
        gives(MISSING_SIGMOID, raw.sum()),
        gives(SIGN, -per_entry.sum() / N),
        gives(LABELS_SWAPPED, (np.logaddexp(0, x) - (1 - t) * x).sum() / N),
    ]
    if x.ndim == 2:  # the target's column 0 and k negative columns
        suspects += [
            gives(NEGATIVES_LABELLED_ONE, (np.logaddexp(0, x) - x).sum() / N),
            gives(POSITIVE_LABEL_FORGOTTEN, np.logaddexp(0, x).sum() / N),
            gives(NEGATIVES_IGNORED, per_entry[:, 0].sum() / N),
        ]
    return suspects + [Suspect(NOT_FINITE, lambda got: not np.all(np.isfinite(got)))]


def large_score_mistakes() -> list[Suspect]:
    """A loss right for small scores and wrong for large ones: overflow, an epsilon, a clip."""
    return [
        Suspect(OVERFLOW, lambda got: not np.all(np.isfinite(got))),
        Suspect(LARGE_SCORES, lambda got: True),
    ]


def score_gradient_mistakes(
    x: np.ndarray, t: np.ndarray, dout: float, chain: Callable[[np.ndarray], np.ndarray]
) -> list[Suspect]:
    """Wrong gradients of the loss of ``x``, each passed through ``chain`` (dx -> what is checked).

    ``chain`` is the identity for SigmoidWithLoss (dx is checked), dscore -> dh for a layer below.
    """
    N, columns = x.shape[0], x[0].size
    y = sigmoid(x)
    dx = (y - t) * dout / N
    wrong = [
        (MEAN_FORGOTTEN_IN_BACKWARD, dx * N),
        (backward_averages_columns(N, columns), dx / columns),
        (MISSING_SIGMOID_IN_BACKWARD, (x - t) * dout / N),
        (MISSING_SIGMOID_IN_BACKWARD, (x - t) * dout),
        (SIGN_IN_BACKWARD, -dx),
    ]
    if x.ndim == 2:
        wrong += [
            (NEGATIVES_LABELLED_ONE, (y - 1) * dout / N),
            (POSITIVE_LABEL_FORGOTTEN, y * dout / N),
        ]
    suspects = [gives(hint, chain(value)) for hint, value in wrong]
    return suspects + dout_mistakes(chain(dx), dout, chain(dx / dout))


# --- negative sampling and CBOW: the shared W, the negatives, the mean of the contexts -------

ONLY_POSITIVE_DW = Hint(
    Message(
        "{grad} holds only the target's part of the gradient of W (the source run's flaw)",
        "{grad} 只包含 W 的梯度中目标词的那一部分（原始运行结果的缺陷）",
    ),
    Message(
        "add the parts of the k negative words: one gradient for the one shared W",
        "加上 k 个负例的部分：一个共享的 W 只有一个梯度",
    ),
)
DH_MISSES_NEGATIVES = Hint(
    Message(
        "dh misses the negatives' gradients: it holds the target's part only",
        "dh 缺少负例的梯度：它只有目标词那一部分",
    ),
    Message(
        "dh adds up the gradients of all 1 + k words of a row",
        "dh 是一行中全部 1 + k 个词的梯度之和",
    ),
)
NEGATIVES_NOT_DRAWN = Hint(
    Message(
        "forward(h, target) without negatives did not draw them from self.sampler: with rng=7 "
        "the reference draws the same negatives, and its loss differs from yours",
        "没有给定负例时，forward(h, target) 没有从 self.sampler 抽取负例：rng=7 时参考实现"
        "抽到的负例相同，而它的损失与你的不同",
    ),
    Message(
        "when negatives is None: `negatives = self.sampler.get_negative_sample(target)`",
        "negatives 为 None 时：`negatives = self.sampler.get_negative_sample(target)`",
    ),
)
PAIRS_AVERAGED = Hint(
    Message(
        "mean vs sum: a row's loss is the SUM of its C pairs' losses and the target's vector "
        "gets the SUM of its pairs' gradients, but yours averages them",
        "平均还是求和：一行的损失是它 C 个词对损失之和，目标词的向量得到它所有词对梯度之和，"
        "而你的取了平均",
    ),
    Message(
        "the layer averages over all N * C pairs: multiply its loss by C (and its dout by C)",
        "该层对全部 N * C 个词对取平均：把它的损失乘以 C（它的 dout 也乘以 C）",
    ),
)
PAIRS_NOT_SUMMED = Hint(
    Message(
        "only one pair per row reaches W_in: the target's vector gets one pair's gradient, not "
        "the gradients of all C pairs",
        "每行只有一个词对的梯度到达 W_in：目标词的向量只得到一个词对的梯度，而不是全部 C 个",
    ),
    Message(
        "sum the (N, C, H) gradient of the pairs over axis 1 before self.in_embed.backward",
        "先把词对的梯度 (N, C, H) 沿 axis 1 求和，再交给 self.in_embed.backward",
    ),
)
CONTEXTS_SUMMED = Hint(
    Message(
        "mean vs sum: your h is the sum of the C context vectors",
        "平均还是求和：你的 h 是 C 个上下文向量之和",
    ),
    Message(
        "h is their mean: `.mean(axis=1)` of the (N, C, H) vectors",
        "h 是它们的平均：对 (N, C, H) 的向量用 `.mean(axis=1)`",
    ),
)
FIRST_CONTEXT_ONLY = Hint(
    Message(
        "forward uses only the first context word: h is the vector of contexts[:, 0]",
        "forward 只用了第一个上下文词：h 是 contexts[:, 0] 的向量",
    ),
    Message("h is the mean of all C context vectors", "h 是全部 C 个上下文向量的平均"),
)
NOT_DIVIDED_BY_C = Hint(
    Message(
        "mean vs sum: in backward each context word gets all of dh, as if h were the sum of the "
        "context vectors",
        "平均还是求和：backward 中每个上下文词都得到了整个 dh，就好像 h 是上下文向量之和",
    ),
    Message(
        "divide by C: each of the C context words of a row gets dh / C",
        "除以 C：一行的 C 个上下文词各得到 dh / C",
    ),
)
DIVIDED_BY_N = Hint(
    Message(
        "divided by N instead of by C: N is the number of rows, C the number of context words "
        "of a row",
        "除以了 N 而不是 C：N 是行数，C 是一行的上下文词数",
    ),
    Message(
        "h is the mean over the C context words of a row: divide by C in forward, and give each "
        "context word dh / C in backward",
        "h 是一行 C 个上下文词的平均：forward 中除以 C，backward 中每个上下文词得到 dh / C",
    ),
)


# --- the sampler: its distribution word_p and the negatives it draws ------------------------

_DRAW_FROM_WORD_P = Message("draw with p = word_p", "按 p = word_p 抽取")
WORD_P_OF_COUNTS = Hint(
    Message(
        "wrong distribution: word_p is proportional to count, without the power",
        "分布错误：word_p 与词频 count 成正比，没有取幂",
    ),
    Message(
        "raise the counts to the power first: count ** power, then divide by its sum",
        "先对词频取幂：count ** power，再除以它的和",
    ),
)
WORD_P_UNIFORM = Hint(
    Message(
        "wrong distribution: word_p is uniform over the words that occur",
        "分布错误：word_p 在出现过的词上是均匀分布",
    ),
    Message("word_p = count ** power / its sum", "word_p = count ** power / 它的和"),
)
WORD_P_NOT_NORMALISED = Hint(
    Message("wrong distribution: word_p does not sum to 1", "分布错误：word_p 之和不为 1"),
    Message("divide count ** power by its sum", "用 count ** power 除以它的和"),
)
TARGET_DRAWN = Hint(
    Message(
        "target drawn as its own negative: a row's negatives include its target",
        "目标词被抽为自己的负例：有一行的负例里有它自己的目标词",
    ),
    Message(
        "set the target's P to 0 for its row (and renormalise) before drawing",
        "抽取之前把这一行目标词的概率设为 0（并重新归一化）",
    ),
)
NOT_DISTINCT = Hint(
    Message(
        "negatives not distinct: a row holds the same word twice",
        "负例不互异：同一行里同一个词出现了两次",
    ),
    Message(
        "draw without replacement (`replace=False`), so that a row's k negatives are k "
        "different words",
        "无放回抽样（`replace=False`），这样一行的 k 个负例是 k 个不同的词",
    ),
)
DRAWS_FOLLOW_COUNTS = Hint(
    Message(
        "wrong distribution: your negatives follow count, not count ** power",
        "分布错误：你的负例服从 count，而不是 count ** power",
    ),
    _DRAW_FROM_WORD_P,
)
DRAWS_UNIFORM = Hint(
    Message(
        "wrong distribution: your negatives are uniform over the words",
        "分布错误：你的负例在词上是均匀分布",
    ),
    _DRAW_FROM_WORD_P,
)
NOT_REPRODUCIBLE = Hint(
    Message(
        "not reproducible: two samplers made with rng=11 drew different negatives",
        "不可复现：两个用 rng=11 创建的采样器抽到了不同的负例",
    ),
    Message(
        "draw every random number from self.rng, the generator made from rng",
        "每个随机数都从 self.rng（由 rng 创建的生成器）抽取",
    ),
)
SAME_EVERY_CALL = Hint(
    Message(
        "the same negatives on every call: the random generator starts afresh each time",
        "每次调用都是同样的负例：随机数生成器每次都重新开始",
    ),
    Message(
        "create the generator once, in __init__, and keep drawing from it",
        "在 __init__ 中只创建一次生成器，然后一直从它抽取",
    ),
)


def word_p_mistakes(counts: np.ndarray, power: float) -> list[Suspect]:
    """Wrong distributions: counts without the power, uniform, not normalised."""
    seen = (counts > 0).astype(float)
    return [
        gives(WORD_P_OF_COUNTS, counts / counts.sum()),
        gives(WORD_P_UNIFORM, seen / seen.sum()),
        gives(WORD_P_NOT_NORMALISED, counts**power),
    ]
