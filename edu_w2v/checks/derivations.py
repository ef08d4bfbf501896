"""check_derivations: the gradients a student derived by hand, written as NumPy expressions.

Exercise 07 asks for the gradients of the series' losses the way CS224n's assignment asks for them
on paper, each as a function, in four parts (N rows, H hidden units, V words, k negatives, C
context words per row; s scores, t labels, y = sigmoid(s)):

    part 1  dL_ds(s, t)                       L = (1/N) sum_ij [-t log y - (1 - t) log(1 - y)]
    part 2  dot_dh(h, W, idx, dout)           L = sum_i dout_i s_i,  s_i = W[idx_i] . h_i
            dot_dW(h, W, idx, dout)
    part 3  dJ_dh(h, W, target, negatives)    J = (1/N) sum_i [-log sigmoid(u_o . h_i)
            dJ_du_o(...), dJ_du_k(...)                         - sum_j log sigmoid(-u_k . h_i)]
    part 4  cbow_dW_in(W_in, contexts, dh)    L = sum_i dh_i . h_i,  h_i = mean_c W_in[contexts_ic]

``u_o = W[target_i]`` is the positive's output vector and ``u_k = W[negatives_ij]`` a negative's:
``dJ_du_o`` returns one row per target (N, H), ``dJ_du_k`` one per draw (N, k, H), each the gradient
with respect to that word's vector. In part 3's cases the targets are distinct and never drawn as
negatives; a negative may be drawn twice (by two rows, or twice in one row, as word2vec's own
sampler can), and then its gradient is the sum over its draws.

``check_derivations(dL_ds=dL_ds)`` checks the functions it is given, one stage each, in the order of
the parts. A stage runs the function on three cases (float64) and compares its answer with a
central-difference gradient of the true loss (``edu_w2v.gradcheck.numerical_gradient``); a wrong
answer is compared with what each classic mistake gives on that case (wrong sign, a missing
sigmoid, a missing 1/N, a forgotten repeat, the CBOW share, ...) and the verdict names the one it
matches. As in every checker, the first FAIL stops the check and a hint comes in two steps: the
diagnosis, then on a second run of the same function with the same mistake its fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import numpy as np

from edu_w2v.checks.guard import WrongAnswer, as_numbers, guarded, returned
from edu_w2v.checks.mistakes import Suspect, diagnose, gives
from edu_w2v.checks.runner import (
    AT,
    GOT_SHAPE,
    GRADIENT_TOL,
    RELATIVE_ERROR,
    WRONG_SHAPE,
    Checker,
    copies,
)
from edu_w2v.checks.verdict import ATOL, RTOL, CheckResult, Hint, mismatch
from edu_w2v.gradcheck import numerical_gradient, relative_error
from edu_w2v.language import Message, same
from edu_w2v.sigmoid_with_loss import sigmoid

REFERENCE = "edu_w2v.checks.derivations"
HEADER = Message(
    "Checking your {names} against numerical gradients of the loss:",
    "对照损失的数值梯度检查你的 {names}：",
)
CASE = Message("case '{0}'", "用例“{0}”")
CALL = Message("{call} in case '{case}'", "{call}（用例“{case}”）")
PASSED = Message(
    "agrees with the numerical gradient of {loss} on {n} cases ({covers})",
    "在 {n} 个用例上与 {loss} 的数值梯度一致（{covers}）",
)
UNKNOWN = Message(
    "check_derivations takes the functions of exercise 07 by their names ({names}), got {got}",
    "check_derivations 按名字接收练习 07 的函数（{names}），得到的是 {got}",
)
NOT_A_FUNCTION = Message(
    "{name} must be your function itself (e.g. check_derivations({name}={name}), not the value "
    "it returns), got {got}",
    "{name} 必须是你的函数本身（例如 check_derivations({name}={name})，而不是它返回的值），"
    "得到的是 {got}",
)


@dataclass
class DerivationsResult(CheckResult):
    """A verdict whose first line names the functions and the numerical gradients they meet."""

    def __str__(self) -> str:
        _, rest = super().__str__().split("\n", 1)
        names = Message(self.layer, self.layer.replace(", ", "、"))  # 、 lists in Chinese
        return f"{HEADER.format(names=names)}\n{rest}"


class Case(NamedTuple):
    """One case of one function: its arguments, the true gradient, the classic mistakes' answers."""

    name: Message
    inputs: tuple[np.ndarray, ...]
    expected: np.ndarray  # the central-difference gradient of the true loss
    suspects: list[Suspect]


@dataclass(frozen=True)
class Derivation:
    """One function the student writes."""

    name: str  # "dL_ds"
    signature: str  # "(s, t)"
    what: Message  # what it returns, for "it returns None, it should return ..."
    loss: str  # "L" or "J"
    covers: Message  # what the cases hold, for the PASS line
    cases: Callable[[], list[Case]]
    hint: Hint  # wrong, and no classic mistake explains it


def _scatter(shape: tuple[int, ...], idx: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Zeros of ``shape`` with ``rows`` added at ``idx``: every repeat adds (np.add.at)."""
    out = np.zeros(shape)
    np.add.at(out, idx, rows)
    return out


def _assigned(shape: tuple[int, ...], idx: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Zeros of ``shape`` with ``out[idx] = rows``: of a repeated index, one row is kept."""
    out = np.zeros(shape)
    out[idx] = rows
    return out


def _gradient(loss: Callable[..., float], inputs: tuple[np.ndarray, ...], i: int) -> np.ndarray:
    """The central-difference gradient of ``loss(*inputs)`` with respect to ``inputs[i]``."""
    return numerical_gradient(lambda: loss(*inputs), inputs[i])


# --- mistakes every part can make -----------------------------------------------------------

SIGN = Hint(
    Message("sign: your {name} has the opposite sign", "符号：你的 {name} 符号反了"), same("{rule}")
)
MISSING_MEAN = Hint(
    Message(
        "missing 1/N: your {name} is the gradient of the sum over the N rows, and {loss} is their "
        "mean",
        "缺少 1/N：你的 {name} 是 N 行之和的梯度，而 {loss} 是它们的平均",
    ),
    Message(
        "the 1/N of the mean stays in every derivative: divide by N = {n}",
        "平均里的 1/N 会留在每一个导数里：除以 N = {n}",
    ),
)
MISSING_SIGMOID = Hint(
    Message(
        "missing sigmoid: your {name} uses the raw score s where the probability y = sigmoid(s) "
        "belongs",
        "缺少 sigmoid：你的 {name} 在应该用概率 y = sigmoid(s) 的地方用了原始得分 s",
    ),
    same("{rule}"),
)
BCE_CHAIN = Message(
    "the loss is a function of y = sigmoid(s): the chain rule goes through y, and "
    "dL/dy * dy/ds leaves y - t",
    "损失是 y = sigmoid(s) 的函数：链式法则要经过 y，dL/dy * dy/ds 化简后剩下 y - t",
)


def _differs(name: str) -> Message:
    return Message(
        "{name} is not the gradient: it differs from the numerical gradient of the loss",
        "{name} 不是梯度：它与损失的数值梯度不同",
    ).format(name=name)


# --- part 1: SigmoidWithLoss, dL/ds -----------------------------------------------------------

BCE_SIGN = Message(
    "L grows as y = sigmoid(s) moves away from t, so dL/ds = (y - t) / N is positive where y > t",
    "y = sigmoid(s) 离 t 越远，L 越大，所以 dL/ds = (y - t) / N 在 y > t 处为正",
)
MEAN_OVER_ENTRIES = Hint(
    Message(
        "mean vs sum: your dL_ds divides by the number of entries N * K; L averages the N rows and "
        "adds up the K columns",
        "平均还是求和：你的 dL_ds 除以了元素个数 N * K；L 对 N 行取平均，K 列是相加的",
    ),
    Message("divide by N = s.shape[0] only", "只除以 N = s.shape[0]"),
)
SIGMOID_DERIVATIVE_KEPT = Hint(
    Message(
        "an extra y (1 - y): your dL_ds multiplies y - t by the sigmoid's derivative once more",
        "多了一个 y (1 - y)：你的 dL_ds 把 y - t 又乘了一次 sigmoid 的导数",
    ),
    Message(
        "dL/dy = (y - t) / (y (1 - y)) and dy/ds = y (1 - y): in their product the y (1 - y) "
        "cancels",
        "dL/dy = (y - t) / (y (1 - y))，dy/ds = y (1 - y)：两者相乘时 y (1 - y) 约掉了",
    ),
)
GRADIENT_OF_Y = Hint(
    Message(
        "dL/dy, not dL/ds: your dL_ds stops the chain rule at y = sigmoid(s)",
        "是 dL/dy 而不是 dL/ds：你的 dL_ds 的链式法则停在了 y = sigmoid(s)",
    ),
    Message(
        "multiply by dy/ds = y (1 - y): it cancels the denominator",
        "再乘以 dy/ds = y (1 - y)：它正好约掉分母",
    ),
)
LABELS_SWAPPED = Hint(
    Message(
        "labels swapped: your dL_ds is the gradient for the labels 1 - t",
        "标签颠倒：你的 dL_ds 是标签为 1 - t 时的梯度",
    ),
    Message(
        "a label t = 1 wants y near 1: its entry is (y - 1) / N, negative, so that descent "
        "raises s",
        "标签 t = 1 希望 y 接近 1：它的元素是 (y - 1) / N，为负，这样梯度下降会提高 s",
    ),
)


def _loss_bce(s: np.ndarray, t: np.ndarray) -> float:
    return float(np.sum(np.logaddexp(0, s) - t * s) / s.shape[0])


def _dL_ds_cases() -> list[Case]:
    rng = np.random.default_rng(701)
    ns_labels = np.zeros((4, 3))
    ns_labels[:, 0] = 1  # a target and two negatives per row, as negative sampling has them
    setups = [
        (
            Message("4 rows, 1 + k = 3 columns", "4 行，1 + k = 3 列"),
            rng.normal(0, 2, (4, 3)),
            ns_labels,
        ),
        (
            Message("5 scores, shape (N,)", "5 个得分，形状 (N,)"),
            rng.normal(0, 2, 5),
            np.array([1.0, 0.0, 0.0, 1.0, 0.0]),
        ),
        (
            Message("3 rows, 2 columns, random labels", "3 行 2 列，随机标签"),
            rng.normal(0, 2, (3, 2)),
            rng.integers(0, 2, (3, 2)).astype(float),
        ),
    ]
    cases = []
    for name, s, t in setups:
        N = s.shape[0]
        y = sigmoid(s)
        expected = _gradient(_loss_bce, (s, t), 0)
        wrong = [
            (SIGN.format(name="dL_ds", rule=BCE_SIGN), (t - y) / N),
            (MISSING_SIGMOID.format(name="dL_ds", rule=BCE_CHAIN), (s - t) / N),
            (MISSING_SIGMOID.format(name="dL_ds", rule=BCE_CHAIN), (t - s) / N),
            (MISSING_SIGMOID.format(name="dL_ds", rule=BCE_CHAIN), s - t),
            (MISSING_MEAN.format(name="dL_ds", loss="L", n="s.shape[0]"), y - t),
            (SIGMOID_DERIVATIVE_KEPT, (y - t) * y * (1 - y) / N),
            (GRADIENT_OF_Y, (y - t) / (y * (1 - y)) / N),
            (LABELS_SWAPPED, (y - (1 - t)) / N),
        ]
        if s.size != N:
            wrong.append((MEAN_OVER_ENTRIES, (y - t) / s.size))
        cases.append(Case(name, (s, t), expected, [gives(h, v) for h, v in wrong]))
    return cases


# --- part 2: EmbeddingDot, dh and dW ----------------------------------------------------------

DOT_SIGN = Message(
    "L = sum_i dout_i W[idx_i] . h_i has no minus sign", "L = sum_i dout_i W[idx_i] . h_i 没有负号"
)
IGNORES_DOUT = Hint(
    Message(
        "{name} ignores dout: it is the gradient of the scores, not of L",
        "{name} 忽略了 dout：它是得分的梯度，而不是 L 的梯度",
    ),
    Message(
        "L = sum_i dout_i s_i: the chain rule multiplies row i by its dout_i",
        "L = sum_i dout_i s_i：链式法则给第 i 行乘上它的 dout_i",
    ),
)
EXTRA_MEAN = Hint(
    Message(
        "an extra 1/N: L = sum_i dout_i s_i is a sum; the 1/N of a mean further up is already in "
        "dout",
        "多了一个 1/N：L = sum_i dout_i s_i 是求和；上游平均里的 1/N 已经包含在 dout 里了",
    ),
    Message(
        "do not divide by N here: dout brings the mean's 1/N with it",
        "这里不要除以 N：dout 已经带着平均里的 1/N",
    ),
)
DH_USES_H = Hint(
    Message(
        "dot_dh uses h: the score W[idx_i] . h_i changes with h_i at the rate of the other factor",
        "dot_dh 用了 h：得分 W[idx_i] . h_i 随 h_i 变化的速率是另一个因子",
    ),
    Message(
        "ds_i/dh_i = W[idx_i]: row i of dh is dout_i W[idx_i]",
        "ds_i/dh_i = W[idx_i]：dh 的第 i 行是 dout_i W[idx_i]",
    ),
)
DW_USES_W = Hint(
    Message(
        "dot_dW uses W[idx]: the score W[idx_i] . h_i changes with W[idx_i] at the rate of the "
        "other factor",
        "dot_dW 用了 W[idx]：得分 W[idx_i] . h_i 随 W[idx_i] 变化的速率是另一个因子",
    ),
    Message(
        "ds_i/dW[idx_i] = h_i: the row of word idx_i gets dout_i h_i",
        "ds_i/dW[idx_i] = h_i：词 idx_i 的那一行得到 dout_i h_i",
    ),
)
DW_PER_ROW = Hint(
    Message(
        "dot_dW holds one row per score (N, H), but the gradient of W has the shape of W (V, H)",
        "dot_dW 每个得分占一行 (N, H)，但 W 的梯度与 W 形状相同 (V, H)",
    ),
    Message(
        "add row i, dout_i h_i, into row idx_i of a (V, H) array of zeros: "
        "`np.add.at(dW, idx, dout[:, None] * h)`",
        "把第 i 行 dout_i h_i 加进一个 (V, H) 零数组的第 idx_i 行："
        "`np.add.at(dW, idx, dout[:, None] * h)`",
    ),
)
DW_LOST = Hint(
    Message(
        "lost updates for a repeated word: a word scored in two rows gets both rows' gradients, "
        "but `dW[idx] = ...` (or `dW[idx] += ...`) keeps one",
        "丢失的更新：一个词在两行中被打分，就应得到两行的梯度，但 `dW[idx] = ...`"
        "（或 `dW[idx] += ...`）只保留其中一个",
    ),
    Message(
        "`np.add.at(dW, idx, dout[:, None] * h)` adds every one",
        "`np.add.at(dW, idx, dout[:, None] * h)` 会把每一个都加上",
    ),
)


def _dot_setups() -> list[tuple[Message, tuple[np.ndarray, ...]]]:
    rng = np.random.default_rng(702)
    V, H = 6, 3
    W = rng.standard_normal((V, H))
    ids = [
        (
            Message("4 rows, word 2 scored in two of them", "4 行，词 2 在其中两行被打分"),
            np.array([2, 0, 2, 5]),
        ),
        (Message("5 rows, random words", "5 行，随机的词"), rng.integers(0, V, 5)),
        (Message("3 rows, the same word", "3 行，同一个词"), np.array([1, 1, 1])),
    ]
    return [
        (name, (rng.standard_normal((len(idx), H)), W.copy(), idx, rng.normal(0, 1.5, len(idx))))
        for name, idx in ids
    ]


def _loss_dot(h: np.ndarray, W: np.ndarray, idx: np.ndarray, dout: np.ndarray) -> float:
    return float(np.sum(dout * np.sum(W[idx] * h, axis=1)))


def _dot_dh_cases() -> list[Case]:
    cases = []
    for name, (h, W, idx, dout) in _dot_setups():
        right = dout[:, None] * W[idx]
        expected = _gradient(_loss_dot, (h, W, idx, dout), 0)
        wrong = [
            (DH_USES_H, dout[:, None] * h),
            (IGNORES_DOUT.format(name="dot_dh"), W[idx]),
            (SIGN.format(name="dot_dh", rule=DOT_SIGN), -right),
            (EXTRA_MEAN, right / len(h)),
        ]
        cases.append(Case(name, (h, W, idx, dout), expected, [gives(*w) for w in wrong]))
    return cases


def _dot_dW_cases() -> list[Case]:
    cases = []
    for name, (h, W, idx, dout) in _dot_setups():
        expected = _gradient(_loss_dot, (h, W, idx, dout), 1)
        factors = [
            (None, dout[:, None] * h),
            (DW_USES_W, dout[:, None] * W[idx]),
            (IGNORES_DOUT.format(name="dot_dW"), h),
            (SIGN.format(name="dot_dW", rule=DOT_SIGN), -dout[:, None] * h),
            (EXTRA_MEAN, dout[:, None] * h / len(h)),
        ]
        suspects = [gives(DW_PER_ROW, dout[:, None] * h)]
        for hint, rows in factors:  # the wrong factor first; its repeats lost next
            if hint is not None:
                suspects.append(gives(hint, _scatter(W.shape, idx, rows)))
            suspects.append(gives(hint or DW_LOST, _assigned(W.shape, idx, rows)))
        cases.append(Case(name, (h, W, idx, dout), expected, suspects))
    return cases


# --- part 3: the negative-sampling loss, dJ/dh, dJ/du_o, dJ/du_k ------------------------------

NS_SIGN = Message(
    "d/ds [-log sigmoid(s)] = sigmoid(s) - 1 for the target and d/ds [-log sigmoid(-s)] = "
    "sigmoid(s) for a negative",
    "目标词：d/ds [-log sigmoid(s)] = sigmoid(s) - 1；负例：d/ds [-log sigmoid(-s)] = sigmoid(s)",
)
NS_CHAIN = Message("the scores go through the sigmoid: {0}", "得分要经过 sigmoid：{0}").format(
    NS_SIGN
)
NEGATIVES_FORGOTTEN = Hint(
    Message(
        "dJ_dh misses the negatives: h_i is in the scores of the row's k negatives too",
        "dJ_dh 漏掉了负例：h_i 也出现在这一行 k 个负例的得分里",
    ),
    Message(
        "every score that uses h_i sends its gradient to h_i: add sigmoid(s_ij) u_k for each "
        "negative j",
        "每个用到 h_i 的得分都把梯度传给 h_i：对每个负例 j 加上 sigmoid(s_ij) u_k",
    ),
)
SIGMOID_OF_MINUS_S = Hint(
    Message(
        "the negatives' factor: your {name} uses sigmoid(-s) = 1 - sigmoid(s) for a negative",
        "负例的因子：你的 {name} 对负例用了 sigmoid(-s) = 1 - sigmoid(s)",
    ),
    Message(
        "d/ds [-log sigmoid(-s)] = 1 - sigmoid(-s) = sigmoid(s): a negative's factor is sigmoid(s)",
        "d/ds [-log sigmoid(-s)] = 1 - sigmoid(-s) = sigmoid(s)：负例的因子是 sigmoid(s)",
    ),
)
POSITIVE_AS_NEGATIVE = Hint(
    Message(
        "the positive's label: your {name} uses sigmoid(s_o) for the target, the factor of a "
        "label 0",
        "正例的标签：你的 {name} 对目标词用了 sigmoid(s_o)，这是标签为 0 时的因子",
    ),
    Message(
        "the target has label 1: its factor is sigmoid(s_o) - 1",
        "目标词的标签是 1：它的因子是 sigmoid(s_o) - 1",
    ),
)
POSITIVE_SIGN = Hint(
    Message(
        "the positive's sign: your dJ_dh uses 1 - sigmoid(s_o) for the target",
        "正例的符号：你的 dJ_dh 对目标词用了 1 - sigmoid(s_o)",
    ),
    Message(
        "d/ds [-log sigmoid(s)] = -(1 - sigmoid(s)) = sigmoid(s) - 1, negative: descent raises the "
        "target's score",
        "d/ds [-log sigmoid(s)] = -(1 - sigmoid(s)) = sigmoid(s) - 1，为负：梯度下降会提高"
        "目标词的得分",
    ),
)
USES_THE_VECTOR = Hint(
    Message(
        "{name} uses the output vector: the score u . h_i changes with u at the rate of the other "
        "factor, h_i",
        "{name} 用了输出向量：得分 u . h_i 随 u 变化的速率是另一个因子 h_i",
    ),
    Message("ds/du = h_i: multiply the score's factor by h_i", "ds/du = h_i：用得分的因子乘以 h_i"),
)
FORGOTTEN_REPEAT = Hint(
    Message(
        "forgotten repeat: a word drawn twice as a negative is in two terms of J, but your "
        "dJ_du_k gives each draw its own term only",
        "忘了重复：一个词被抽为负例两次，就出现在 J 的两项里，但你的 dJ_du_k 只给每次抽取它自己"
        "那一项",
    ),
    Message(
        "the gradient with respect to a word's vector adds all its terms: "
        "`np.add.at(dW, negatives, terms)` adds each draw's term into a (V, H) array of zeros, "
        "then read `dW[negatives]`",
        "对一个词的向量求梯度，要把它所在的各项都加起来：`np.add.at(dW, negatives, terms)` "
        "把每次抽取的那一项加进一个 (V, H) 的零数组，然后读取 `dW[negatives]`",
    ),
)
LAST_DRAW_KEPT = Hint(
    Message(
        "lost updates for a repeated negative: `dW[negatives] = ...` (or `+=`) keeps one draw's "
        "gradient of a word drawn twice",
        "丢失的更新：对被抽到两次的词，`dW[negatives] = ...`（或 `+=`）只保留一次抽取的梯度",
    ),
    Message(
        "`np.add.at(dW, negatives, terms)` adds every one",
        "`np.add.at(dW, negatives, terms)` 会把每一个都加上",
    ),
)
SCORES = Message(
    "the target's score s_o = u_o . h_i and the negatives' s_ij = u_k . h_i",
    "目标词的得分 s_o = u_o . h_i，负例的得分 s_ij = u_k . h_i",
)
V_NS, H_NS = 8, 3  # targets among words 0-3, negatives among 4-7: u_o and u_k never share a row


def _ns_setups() -> list[tuple[Message, tuple[np.ndarray, ...]]]:
    rng = np.random.default_rng(703)
    W = rng.standard_normal((V_NS, H_NS))
    words = rng.permutation(V_NS)
    setups = [
        (
            Message("4 rows, word 5 a negative of two rows", "4 行，词 5 是两行的负例"),
            np.array([0, 1, 2, 3]),
            np.array([[5, 6], [4, 5], [6, 7], [7, 4]]),
        ),
        (
            Message(
                "3 rows, word 6 drawn twice in row 0 (with replacement, as word2vec draws)",
                "3 行，词 6 在第 0 行被抽到两次（有放回抽样，和 word2vec 一样）",
            ),
            np.array([2, 0, 1]),
            np.array([[6, 6, 4], [5, 7, 6], [4, 5, 7]]),
        ),
        (
            Message("5 rows, 3 words left to draw from", "5 行，只剩 3 个词可抽"),
            words[:5],
            rng.choice(words[5:], (5, 2)),
        ),
    ]
    return [
        (name, (rng.standard_normal((len(target), H_NS)), W.copy(), target, negatives))
        for name, target, negatives in setups
    ]


def _ns_scores(h: np.ndarray, W: np.ndarray, target: np.ndarray, negatives: np.ndarray):
    return np.sum(W[target] * h, axis=1), np.einsum("nkh,nh->nk", W[negatives], h)


def _loss_ns(h: np.ndarray, W: np.ndarray, target: np.ndarray, negatives: np.ndarray) -> float:
    s_o, s_k = _ns_scores(h, W, target, negatives)
    return float((np.sum(np.logaddexp(0, -s_o)) + np.sum(np.logaddexp(0, s_k))) / len(h))


def _ns_dh(
    W: np.ndarray, target: np.ndarray, negatives: np.ndarray, f_o: np.ndarray, f_k: np.ndarray
) -> np.ndarray:
    """dh from the factors of the target's score f_o (N,) and the negatives' f_k (N, k)."""
    return f_o[:, None] * W[target] + np.einsum("nk,nkh->nh", f_k, W[negatives])


def _dJ_dh_cases() -> list[Case]:
    cases = []
    for name, (h, W, target, negatives) in _ns_setups():
        N = len(h)
        s_o, s_k = _ns_scores(h, W, target, negatives)
        y_o, y_k = sigmoid(s_o), sigmoid(s_k)

        dh = partial(_ns_dh, W, target, negatives)
        right = dh(y_o - 1, y_k) / N
        wrong = [
            (SIGN.format(name="dJ_dh", rule=NS_SIGN), -right),
            (MISSING_SIGMOID.format(name="dJ_dh", rule=NS_CHAIN), dh(s_o - 1, s_k) / N),
            (MISSING_SIGMOID.format(name="dJ_dh", rule=NS_CHAIN), dh(s_o - 1, s_k)),
            (MISSING_MEAN.format(name="dJ_dh", loss="J", n="len(h)"), right * N),
            (NEGATIVES_FORGOTTEN, dh(y_o - 1, 0 * y_k) / N),
            (SIGMOID_OF_MINUS_S.format(name="dJ_dh"), dh(y_o - 1, 1 - y_k) / N),
            (POSITIVE_AS_NEGATIVE.format(name="dJ_dh"), dh(y_o, y_k) / N),
            (POSITIVE_SIGN, dh(1 - y_o, y_k) / N),
        ]
        expected = _gradient(_loss_ns, (h, W, target, negatives), 0)
        cases.append(Case(name, (h, W, target, negatives), expected, [gives(*w) for w in wrong]))
    return cases


def _dJ_du_o_cases() -> list[Case]:
    cases = []
    for name, (h, W, target, negatives) in _ns_setups():
        N = len(h)
        s_o, _ = _ns_scores(h, W, target, negatives)
        y_o = sigmoid(s_o)
        right = (y_o - 1)[:, None] * h / N
        wrong = [
            (SIGN.format(name="dJ_du_o", rule=NS_SIGN), -right),
            (MISSING_SIGMOID.format(name="dJ_du_o", rule=NS_CHAIN), (s_o - 1)[:, None] * h / N),
            (MISSING_SIGMOID.format(name="dJ_du_o", rule=NS_CHAIN), (s_o - 1)[:, None] * h),
            (MISSING_MEAN.format(name="dJ_du_o", loss="J", n="len(h)"), right * N),
            (USES_THE_VECTOR.format(name="dJ_du_o"), (y_o - 1)[:, None] * W[target] / N),
            (POSITIVE_AS_NEGATIVE.format(name="dJ_du_o"), y_o[:, None] * h / N),
        ]
        gradient = _gradient(_loss_ns, (h, W, target, negatives), 1)
        cases.append(
            Case(name, (h, W, target, negatives), gradient[target], [gives(*w) for w in wrong])
        )
    return cases


def _dJ_du_k_cases() -> list[Case]:
    cases = []
    for name, (h, W, target, negatives) in _ns_setups():
        N = len(h)
        _, s_k = _ns_scores(h, W, target, negatives)
        y_k = sigmoid(s_k)
        h_k = np.broadcast_to(h[:, None, :], (*negatives.shape, H_NS))  # h_i for each draw

        per_draw = y_k[:, :, None] * h_k / N
        factors = [
            (SIGN.format(name="dJ_du_k", rule=NS_SIGN), -per_draw),
            (MISSING_SIGMOID.format(name="dJ_du_k", rule=NS_CHAIN), s_k[:, :, None] * h_k / N),
            (MISSING_SIGMOID.format(name="dJ_du_k", rule=NS_CHAIN), s_k[:, :, None] * h_k),
            (MISSING_MEAN.format(name="dJ_du_k", loss="J", n="len(h)"), per_draw * N),
            (SIGMOID_OF_MINUS_S.format(name="dJ_du_k"), (1 - y_k)[:, :, None] * h_k / N),
            (USES_THE_VECTOR.format(name="dJ_du_k"), y_k[:, :, None] * W[negatives] / N),
        ]
        kept = _assigned(W.shape, negatives, per_draw)[negatives]
        suspects = [gives(FORGOTTEN_REPEAT, per_draw), gives(LAST_DRAW_KEPT, kept)]
        for hint, wrong in factors:  # a wrong factor, its repeats added, forgotten or lost
            suspects += [
                gives(hint, _scatter(W.shape, negatives, wrong)[negatives]),
                gives(hint, wrong),
                gives(hint, _assigned(W.shape, negatives, wrong)[negatives]),
            ]
        gradient = _gradient(_loss_ns, (h, W, target, negatives), 1)
        cases.append(Case(name, (h, W, target, negatives), gradient[negatives], suspects))
    return cases


# --- part 4: CBOW, the share of each context row ----------------------------------------------

NOT_DIVIDED_BY_C = Hint(
    Message(
        "mean vs sum: each context word gets all of dh_i, as if h_i were the sum of the context "
        "vectors",
        "平均还是求和：每个上下文词都得到了整个 dh_i，就好像 h_i 是上下文向量之和",
    ),
    Message(
        "h_i is the mean of C vectors: dh_i/dW_in[w] = 1/C for each place of w, so each context "
        "word gets dh_i / C",
        "h_i 是 C 个向量的平均：w 每出现一次，dh_i/dW_in[w] 就是 1/C，所以每个上下文词得到 "
        "dh_i / C",
    ),
)
DIVIDED_BY_N = Hint(
    Message(
        "divided by N instead of by C: N is the number of rows, C the number of context words of "
        "a row",
        "除以了 N 而不是 C：N 是行数，C 是一行的上下文词数",
    ),
    Message(
        "h_i is the mean over the C context words of row i: each gets dh_i / C",
        "h_i 是第 i 行 C 个上下文词的平均：每个词得到 dh_i / C",
    ),
)
FIRST_CONTEXT_ONLY = Hint(
    Message(
        "only the first context word gets a share, but h_i is the mean of all C context vectors",
        "只有第一个上下文词得到了份额，但 h_i 是全部 C 个上下文向量的平均",
    ),
    Message(
        "every context word of row i gets dh_i / C: contexts[:, c] for every c",
        "第 i 行的每个上下文词都得到 dh_i / C：对每个 c 都要处理 contexts[:, c]",
    ),
)
SHARES_NOT_ADDED = Hint(
    Message(
        "cbow_dW_in returns the shares (N, C, H), one per context place; the gradient of W_in has "
        "the shape of W_in (V, H)",
        "cbow_dW_in 返回的是每个上下文位置的份额 (N, C, H)；W_in 的梯度与 W_in 形状相同 (V, H)",
    ),
    Message(
        "add each share into the row of its word: `np.add.at(dW_in, contexts, shares)`",
        "把每个份额加进它的词所在的行：`np.add.at(dW_in, contexts, shares)`",
    ),
)
CONTEXT_LOST = Hint(
    Message(
        "lost updates for repeated words: a word in two places (twice in a window, or in two "
        "windows) gets a share for each, but `dW_in[contexts] += ...` keeps one",
        "丢失的更新：一个词出现在两个位置（在一个窗口里出现两次，或出现在两个窗口里）就应得到两份，"
        "但 `dW_in[contexts] += ...` 只保留一份",
    ),
    Message(
        "`np.add.at(dW_in, contexts, dh[:, None, :] / C)` adds every share",
        "`np.add.at(dW_in, contexts, dh[:, None, :] / C)` 会把每一份都加上",
    ),
)
LOST_IN_A_WINDOW = Hint(
    Message(
        "lost updates within a window: a word twice in window i gets 2 dh_i / C, but "
        "`dW_in[contexts[i]] += ...` row by row keeps one of the two",
        "同一窗口内丢失的更新：在第 i 个窗口出现两次的词应得到 2 dh_i / C，但逐行执行 "
        "`dW_in[contexts[i]] += ...` 只保留其中一份",
    ),
    Message(
        "one `np.add.at(dW_in, contexts, ...)` on the whole (N, C) contexts adds every share",
        "对整个 (N, C) 的 contexts 调用一次 `np.add.at(dW_in, contexts, ...)`，会把每一份都加上",
    ),
)
LOST_IN_A_COLUMN = Hint(
    Message(
        "lost updates within a column: `dW_in[contexts[:, c]] += ...` column by column keeps one "
        "share of a word that two windows hold in the same place",
        "同一列内丢失的更新：逐列执行 `dW_in[contexts[:, c]] += ...` 时，两个窗口在同一位置"
        "共有的词只保留一份",
    ),
    Message(
        "one `np.add.at(dW_in, contexts, ...)` on the whole (N, C) contexts adds every share",
        "对整个 (N, C) 的 contexts 调用一次 `np.add.at(dW_in, contexts, ...)`，会把每一份都加上",
    ),
)
CBOW_SIGN = Message(
    "L = sum_i dh_i . h_i grows along dh_i: a context word's row of the gradient points along dh_i",
    "L = sum_i dh_i . h_i 沿 dh_i 方向增大：上下文词那一行的梯度指向 dh_i",
)


def _per_row(shape: tuple[int, ...], idx: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``out[idx[i]] += rows[i]`` row by row: a repeat within a row keeps one."""
    out = np.zeros(shape)
    for i, words in enumerate(idx):
        out[words] += rows[i]
    return out


def _per_column(shape: tuple[int, ...], idx: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``out[idx[:, c]] += rows[:, c]`` column by column: a repeat within a column keeps one."""
    out = np.zeros(shape)
    for c in range(idx.shape[1]):
        out[idx[:, c]] += rows[:, c]
    return out


def _loss_cbow(W_in: np.ndarray, contexts: np.ndarray, dh: np.ndarray) -> float:
    return float(np.sum(dh * W_in[contexts].mean(axis=1)))


def _cbow_cases() -> list[Case]:
    rng = np.random.default_rng(704)
    V, H = 6, 3
    setups = [
        (
            Message(
                "3 windows of C = 4, word 2 twice in window 0",
                "3 个 C = 4 的窗口，词 2 在第 0 个窗口中出现两次",
            ),
            np.array([[1, 2, 2, 4], [5, 3, 1, 0], [2, 5, 0, 3]]),
        ),
        (
            Message("3 windows of C = 2, two of them the same", "3 个 C = 2 的窗口，其中两个相同"),
            np.array([[3, 4], [3, 4], [0, 3]]),
        ),
        (Message("4 random windows of C = 3", "4 个随机的 C = 3 窗口"), rng.integers(0, V, (4, 3))),
    ]
    cases = []
    for name, contexts in setups:
        (N, C), W_in = contexts.shape, rng.standard_normal((V, H))
        dh = rng.standard_normal((N, H))
        each = np.broadcast_to(dh[:, None, :], (N, C, H))
        suspects = [gives(SHARES_NOT_ADDED, each / C)]
        for share, scale in [(None, 1 / C), (NOT_DIVIDED_BY_C, 1.0), (DIVIDED_BY_N, 1 / N)]:
            rows = each * scale  # the wrong share first; its repeats lost next
            if share is not None:
                suspects.append(gives(share, _scatter(W_in.shape, contexts, rows)))
            for lost, scatter in [
                (CONTEXT_LOST, _assigned),
                (LOST_IN_A_WINDOW, _per_row),
                (LOST_IN_A_COLUMN, _per_column),
            ]:
                suspects.append(gives(share or lost, scatter(W_in.shape, contexts, rows)))
        first = _scatter(W_in.shape, contexts[:, 0], dh / C)
        suspects += [
            gives(FIRST_CONTEXT_ONLY, first),
            gives(FIRST_CONTEXT_ONLY, first * C),
            gives(
                SIGN.format(name="cbow_dW_in", rule=CBOW_SIGN),
                -_scatter(W_in.shape, contexts, each / C),
            ),
        ]
        expected = _gradient(_loss_cbow, (W_in, contexts, dh), 0)
        cases.append(Case(name, (W_in, contexts, dh), expected, suspects))
    return cases


# --- the four parts ----------------------------------------------------------------------------

DERIVATIONS = [
    Derivation(
        "dL_ds",
        "(s, t)",
        Message("the gradient dL/ds, shape of s", "梯度 dL/ds，形状与 s 相同"),
        "L",
        Message(
            "scores (N, 1 + k) and (N,), labels 0 and 1", "得分 (N, 1 + k) 和 (N,)，标签 0 和 1"
        ),
        _dL_ds_cases,
        Hint(
            _differs("dL_ds"),
            Message(
                "derive one entry: L holds l(s_ij, t_ij) / N, l = -[t log y + (1 - t) log(1 - y)] "
                "with y = sigmoid(s); the chain rule goes through y, and dy/ds = y (1 - y)",
                "先推导一个元素：L 含有 l(s_ij, t_ij) / N，l = -[t log y + (1 - t) log(1 - y)]，"
                "y = sigmoid(s)；链式法则要经过 y，且 dy/ds = y (1 - y)",
            ),
        ),
    ),
    Derivation(
        "dot_dh",
        "(h, W, idx, dout)",
        Message("the gradient dL/dh, shape of h (N, H)", "梯度 dL/dh，形状与 h 相同 (N, H)"),
        "L",
        Message("a word scored in several rows", "一个词在多行中被打分"),
        _dot_dh_cases,
        Hint(
            _differs("dot_dh"),
            Message(
                "a score is a dot product, s_i = sum_j W[idx_i, j] h_ij: differentiate it with "
                "respect to h_ij, then multiply by dout_i",
                "得分是点积 s_i = sum_j W[idx_i, j] h_ij：对 h_ij 求导，再乘以 dout_i",
            ),
        ),
    ),
    Derivation(
        "dot_dW",
        "(h, W, idx, dout)",
        Message("the gradient dL/dW, shape of W (V, H)", "梯度 dL/dW，形状与 W 相同 (V, H)"),
        "L",
        Message("a word scored in several rows gets their sum", "在多行中被打分的词得到它们的和"),
        _dot_dW_cases,
        Hint(
            _differs("dot_dW"),
            Message(
                "ds_i/dW[idx_i] = h_i, times dout_i; a word scored in several rows gets the sum",
                "ds_i/dW[idx_i] = h_i，再乘以 dout_i；在多行中被打分的词得到它们的和",
            ),
        ),
    ),
    Derivation(
        "dJ_dh",
        "(h, W, target, negatives)",
        Message("the gradient dJ/dh, shape of h (N, H)", "梯度 dJ/dh，形状与 h 相同 (N, H)"),
        "J",
        Message(
            "negatives shared by two rows or drawn twice in one",
            "负例被两行共有，或在一行中被抽到两次",
        ),
        _dJ_dh_cases,
        Hint(
            _differs("dJ_dh"),
            Message(
                "the chain rule over the 1 + k scores that use h_i: {scores}; each sends "
                "(dJ/ds) * u to h_i",
                "对用到 h_i 的 1 + k 个得分用链式法则：{scores}；每个得分把 (dJ/ds) * u 传给 h_i",
            ).format(scores=SCORES),
        ),
    ),
    Derivation(
        "dJ_du_o",
        "(h, W, target, negatives)",
        Message(
            "the gradient dJ/du_o, one row per target (N, H)", "梯度 dJ/du_o，每个目标词一行 (N, H)"
        ),
        "J",
        Message("distinct targets, never drawn as negatives", "互不相同的目标词，从不被抽为负例"),
        _dJ_du_o_cases,
        Hint(
            _differs("dJ_du_o"),
            Message(
                "only the target's score s_o = u_o . h_i uses u_o: dJ/du_o = (dJ/ds_o) * h_i",
                "只有目标词的得分 s_o = u_o . h_i 用到 u_o：dJ/du_o = (dJ/ds_o) * h_i",
            ),
        ),
    ),
    Derivation(
        "dJ_du_k",
        "(h, W, target, negatives)",
        Message(
            "the gradient dJ/du_k, one row per draw (N, k, H)",
            "梯度 dJ/du_k，每次抽取一行 (N, k, H)",
        ),
        "J",
        Message(
            "a word drawn twice gets the gradients of both draws",
            "被抽到两次的词得到两次抽取的梯度之和",
        ),
        _dJ_du_k_cases,
        Hint(
            _differs("dJ_du_k"),
            Message(
                "each draw (i, j) of a word w gives (dJ/ds_ij) * h_i, and the vector of w gets "
                "the sum over all its draws",
                "词 w 的每次抽取 (i, j) 给出 (dJ/ds_ij) * h_i，w 的向量得到它所有抽取之和",
            ),
        ),
    ),
    Derivation(
        "cbow_dW_in",
        "(W_in, contexts, dh)",
        Message(
            "the gradient dL/dW_in, shape of W_in (V, H)", "梯度 dL/dW_in，形状与 W_in 相同 (V, H)"
        ),
        "L",
        Message(
            "a word twice in a window gets 2 dh_i / C", "在一个窗口中出现两次的词得到 2 dh_i / C"
        ),
        _cbow_cases,
        Hint(
            _differs("cbow_dW_in"),
            Message(
                "h_i = (1/C) sum_c W_in[contexts_ic] and L = sum_i dh_i . h_i: differentiate with "
                "respect to one row W_in[w], counting every place where w appears",
                "h_i = (1/C) sum_c W_in[contexts_ic]，L = sum_i dh_i . h_i：对一行 W_in[w] "
                "求导，w 出现的每个位置都要算上",
            ),
        ),
    ),
]
NAMES = [d.name for d in DERIVATIONS]


# --- the check --------------------------------------------------------------------------------


def _compare(got: np.ndarray, case: Case, derivation: Derivation) -> None:
    """Nothing when ``got`` is the gradient; else ``WrongAnswer`` with the best hint."""
    name, expected = derivation.name, case.expected
    detail = CASE.format(case.name)
    if got.shape != expected.shape:
        hint = diagnose(got, case.suspects) or Hint(
            Message("{name} must have shape {shape}", "{name} 的形状必须是 {shape}").format(
                name=name, shape=expected.shape
            )
        )
        wrong_shape = Hint(WRONG_SHAPE.format(hint.diagnosis), hint.fix)
        raise WrongAnswer(wrong_shape, GOT_SHAPE.format(detail, got.shape))
    error = relative_error(got, expected)
    if error < GRADIENT_TOL:
        return
    hint = diagnose(got, case.suspects) or derivation.hint
    details = [RELATIVE_ERROR.format(name=name, error=error, tol=GRADIENT_TOL)]
    if not np.allclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=False):
        details.insert(0, mismatch(got, expected, name))
    raise WrongAnswer(hint, AT.format(detail, details[0]), *details[1:])


def _stage(checker: _Checker, derivation: Derivation, fn: Callable) -> None:
    """The function on every case of its derivation, against the numerical gradients."""
    checker.cls = fn if hasattr(fn, "__qualname__") else type(fn)  # its hints' memory
    cases = derivation.cases()
    call = same(f"{derivation.name}{derivation.signature}")
    for case in cases:
        value = guarded(CALL.format(call=call, case=case.name), fn, *copies(case.inputs))
        got = as_numbers(returned(value, derivation.name, derivation.what), derivation.name)
        _compare(got, case, derivation)
    passed = PASSED.format(loss=derivation.loss, n=len(cases), covers=derivation.covers)
    checker.ok(same(derivation.name), passed)


class _Checker(Checker):
    """The runner's checker for functions: the verdict's lines, the hints seen per function."""

    def __init__(self, names: list[str]) -> None:
        self.name = ", ".join(names)
        self.reference = REFERENCE
        self.lines = []
        self.cls: Any = None  # the function being checked (the runner keys hints on it)

    def result(self) -> CheckResult:
        return DerivationsResult(self.name, self.reference, list(self.lines))


def check_derivations(**functions: Callable) -> CheckResult:
    """Check the gradients you derived in exercise 07; print a verdict and return it.

    Give the functions by their names, one part or more at a time:
    ``check_derivations(dL_ds=dL_ds)``, ``check_derivations(dot_dh=dot_dh, dot_dW=dot_dW)``,
    ``check_derivations(dJ_dh=dJ_dh, dJ_du_o=dJ_du_o, dJ_du_k=dJ_du_k)``,
    ``check_derivations(cbow_dW_in=cbow_dW_in)``. Each is checked on three cases against a
    numerical gradient of its loss, in the order of the parts; the first FAIL stops the check.
    """
    unknown = [name for name in functions if name not in NAMES]
    if not functions or unknown:
        raise TypeError(str(UNKNOWN.format(names=", ".join(NAMES), got=unknown or "[]")))
    for name, fn in functions.items():
        if not callable(fn):
            got = f"{type(fn).__name__} {fn!r}"[:80]
            raise TypeError(str(NOT_A_FUNCTION.format(name=name, got=got)))
    chosen = [d for d in DERIVATIONS if d.name in functions]
    checker = _Checker([d.name for d in chosen])
    stages = [(same(d.name), lambda d=d: _stage(checker, d, functions[d.name])) for d in chosen]
    return checker.run(stages)
