"""The checkers' verdicts in Simplified Chinese, for ``edu_w2v.set_language("zh")``.

Each known hint of ``edu_w2v.checks.mistakes`` has its Chinese text here, keyed by the English
one; messages built on the fly are translated by their fixed opening words. A message with no
Chinese text (a rare, case-specific one) prints in English. Code in a message stays code.
"""

from __future__ import annotations

from edu_w2v.checks import mistakes as m

HINTS = {
    m.NOTHING_WRITTEN: "backward 之后 grads[0] 全为零：把梯度写进 self.grads[0] 所持有的那个数组"
    "（原地写入：放到别处的新数组谁也看不到）",
    m.STALE: "梯度过期（stale gradients）：grads[0] 还保留着上一次 backward 的梯度；每次 backward "
    "都必须替换它（相加之前先 dW[...] = 0）",
    m.LOST: "重复索引的更新丢失（lost updates for repeated indices）：被查找两次的行必须得到两次更新，"
    "但 `dW[idx] += dout` 只保留一次；np.add.at(dW, idx, dout) 会把每一次都加上",
    m.LOST_IN_A_ROW: "同一行内重复索引的更新丢失：对 idx (N,) 来说 `for i, w in enumerate(idx): "
    "dW[w] += dout[i]` 是对的，但对 idx (N, C)，w 是一整行 id，`dW[w] +=` 对行内出现两次的词只保留"
    "一次更新；np.add.at(dW, idx, dout) 会把每一次都加上",
    m.LOST_IN_A_COLUMN: "同一列内重复索引的更新丢失：逐列执行 `dW[idx[:, c]] += ...` 时，两行在该列共有的"
    "词只保留一次更新；np.add.at(dW, idx, rows) 会把每一次都加上",
    m.GRADS_REBOUND: "grads 被重新绑定：backward 给 self.grads 赋了一个新列表；应写入 self.grads[0] 已持有"
    "的数组（dW = self.grads[0]; dW[...] = 0; np.add.at(dW, ...)）：共享这个列表的模型看不到新列表",
    m.GRAD_REPLACED: "grads[0] 被替换：backward 往 self.grads[0] 里放了一个新数组；应写入它已持有的数组"
    "（dW[...] = 0; np.add.at(dW, ...)）：共享它的模型看不到新数组",
    m.IGNORES_DOUT: "backward 忽略了 dout：要乘以 dout，即上一层传来的梯度",
    m.DOUT_TWICE: "dout 乘了两次：梯度只在进入 backward 时乘一次 dout；下面的层已经通过各自的 dout 得到它",
    m.MISSING_SIGMOID: "缺少 sigmoid（missing sigmoid）：你的损失把原始得分 x 当成了概率；"
    "应使用 y = sigmoid(x)",
    m.NOT_FINITE: "缺少 sigmoid？你的损失不是有限值：对 <= 0 的数取了对数；应对概率 y = sigmoid(x) 取对数",
    m.SUMMED_OVER_BATCH: "平均还是求和（mean vs sum）：你的损失是整个批次的和；损失应是 N 行的平均（除以 N）",
    m.SIGN: "符号：L = -[t log y + (1 - t) log(1 - y)]，前面有负号",
    m.LABELS_SWAPPED: "标签颠倒：t log y 是标签 t = 1 的那一项",
    m.NEGATIVES_LABELLED_ONE: "标签：k 个负例的标签是 0；只有目标词的标签是 1",
    m.POSITIVE_LABEL_FORGOTTEN: "标签：忘了正例标签；目标词那一列的标签是 1（labels[:, 0] = 1）",
    m.NEGATIVES_IGNORED: "forward 忽略了负例：要加上 k 个负例的损失",
    m.NEGATIVES_ARGUMENT_IGNORED: "forward 忽略了参数 negatives：给定负例时，应对这些词打分，而不是重新抽取",
    m.SCORE_GRADIENT_RETURNED: "backward 返回的是得分的梯度 (N, 1 + k)，而不是 dh (N, H)：应通过 "
    "self.embed_dot.backward 传下去，它返回 dh",
    m.ONLY_POSITIVE_DW: "grads[0] 只包含 W 梯度中目标词的部分（原始运行结果的缺陷）：要加上 k 个负例的部分，"
    "一个共享的 W 只有一个梯度",
    m.DH_MISSES_NEGATIVES: "dh 缺少负例的梯度：dh 是全部 1 + k 个词的梯度之和",
    m.NEGATIVES_NOT_DRAWN: "没有给定负例时，forward(h, target) 必须自己抽取：negatives = "
    "self.sampler.get_negative_sample(target)（rng=7 时参考实现抽到的相同）",
    m.PAIRS_AVERAGED: "平均还是求和（mean vs sum）：一行的损失是其 C 个词对损失之和（该层对全部 N*C 个词对"
    "取平均：要乘以 C），目标词向量得到其所有词对梯度之和",
    m.PAIRS_NOT_SUMMED: "每行只有一个词对的梯度到达 W_in：要把一行全部 C 个词对的梯度加到其目标词向量上"
    "（把 (N, C, H) 的梯度沿 axis 1 求和）",
    m.CONTEXTS_SUMMED: "平均还是求和（mean vs sum）：h 是 C 个上下文向量的平均，而不是它们的和",
    m.FIRST_CONTEXT_ONLY: "forward 只用了第一个上下文词：h 是全部 C 个上下文向量的平均",
    m.NOT_DIVIDED_BY_C: "平均还是求和（mean vs sum）：backward 中每个上下文词得到 dh / C（h 是平均值）；要除以 C",
    m.DIVIDED_BY_N: "除以了 N 而不是 C：h 是一行中 C 个上下文词的平均，所以每个上下文词得到 dh / C"
    "（N 是行数）",
    m.WORD_P_OF_COUNTS: "分布错误：word_p 与 count 成正比；应先对计数取幂：count ** power",
    m.WORD_P_UNIFORM: "分布错误：word_p 是均匀分布；它必须服从 count ** power",
    m.WORD_P_NOT_NORMALISED: "分布错误：word_p 之和必须为 1：用 count ** power 除以它的和",
    m.TARGET_DRAWN: "目标词被抽为自己的负例（target drawn as its own negative）：抽取前把该行目标词的概率"
    "设为 0（并重新归一化）",
    m.NOT_DISTINCT: "负例不互异（negatives not distinct）：无放回抽取，使一行的 k 个负例是 k 个不同的词",
    m.DRAWS_FOLLOW_COUNTS: "分布错误：你的负例服从 count，而不是 count ** power；用 p = word_p 抽取",
    m.DRAWS_UNIFORM: "分布错误：你的负例在词上是均匀分布；用 p = word_p 抽取",
    m.NOT_REPRODUCIBLE: "不可复现：两个用 rng=11 创建的采样器抽到了不同的负例；每个随机数都应从 self.rng 抽取",
    m.SAME_EVERY_CALL: "每次调用都是同样的负例：在 __init__ 中创建一次随机数生成器，然后一直从它抽取",
}

# messages made on the fly: their fixed opening, in Chinese
OPENINGS = {
    "not implemented yet: ": "尚未实现：",
    "not run yet": "尚未运行",
    "not run: ": "未运行：",
    "backward agrees with numerical gradients of your forward": "backward 与你的 forward 的数值梯度一致",
    "backward is not the gradient of your forward": "backward 不是你的 forward 的梯度",
}


def in_chinese(message: str) -> str:
    """`message` in Chinese where this module knows it, else unchanged."""
    if message in HINTS:
        return HINTS[message]
    for english, chinese in OPENINGS.items():
        if message.startswith(english):
            return chinese + message[len(english):]
    return message
