"""Deliberately wrong layers: each has one classic mistake that a checker must name.

Most subclass the reference layer and override one method, so the mistake is the only
difference. ``WRONG_LAYERS`` lists (checker name, wrong class, what its diagnosis must say, what
its fix must say on a second run, or None for a mistake whose diagnosis says it all).
"""

from __future__ import annotations

import numpy as np

from edu_w2v import Embedding, EmbeddingDot, NegativeSamplingLoss, SigmoidWithLoss, UnigramSampler
from edu_w2v.cbow import CBOW
from edu_w2v.skip_gram import SkipGram

# --- SigmoidWithLoss -------------------------------------------------------------------------


class LossWithoutSigmoid(SigmoidWithLoss):
    """Takes the raw scores as probabilities (the book's epsilon instead of a clip)."""

    def forward(self, x, t):
        super().forward(x, t)
        return -np.sum(t * np.log(x + 1e-7) + (1 - t) * np.log(1 - x + 1e-7)) / x.shape[0]


class LossSummedOverBatch(SigmoidWithLoss):
    def forward(self, x, t):
        return super().forward(x, t) * x.shape[0]


class LossAveragedOverAllEntries(SigmoidWithLoss):
    def forward(self, x, t):
        return super().forward(x, t) * x.shape[0] / x.size


class LossPerEntry(SigmoidWithLoss):
    """Returns the loss of every entry instead of one number."""

    def forward(self, x, t):
        super().forward(x, t)
        return np.logaddexp(0, x) - t * x


class LossBackwardWithoutSigmoid(SigmoidWithLoss):
    def forward(self, x, t):
        self.x = x
        return super().forward(x, t)

    def backward(self, dout=1):
        return (self.x - self.t) * dout / self.x.shape[0]


class LossBackwardWithoutMean(SigmoidWithLoss):
    def backward(self, dout=1):
        return (self.y - self.t) * dout


class LossBackwardIgnoresDout(SigmoidWithLoss):
    def backward(self, dout=1):
        return super().backward(1)


class LossBackwardApplyingDoutTwice(SigmoidWithLoss):
    def backward(self, dout=1):
        return super().backward(dout) * dout


class LossBackwardSign(SigmoidWithLoss):
    def backward(self, dout=1):
        return -super().backward(dout)


# --- Embedding -------------------------------------------------------------------------------


class EmbeddingLosingUpdates(Embedding):
    def backward(self, dout):
        dW = self.grads[0]
        dW[...] = 0
        dW[self.idx] += dout  # a repeated row keeps one update


class EmbeddingWithStaleGradients(Embedding):
    def backward(self, dout):
        np.add.at(self.grads[0], self.idx, dout)  # never reset


class EmbeddingTransposed(Embedding):
    def forward(self, idx):
        return super().forward(idx).T


class EmbeddingIgnoringDout(Embedding):
    def backward(self, dout):
        super().backward(np.ones_like(dout))


class EmbeddingWithTransposedGradient(Embedding):
    def backward(self, dout):
        super().backward(dout)
        self.grads[0] = self.grads[0].T


class EmbeddingWithoutGradient(Embedding):
    """Computes the gradient but never stores it in grads[0]."""

    def backward(self, dout):
        self.dW = np.zeros_like(self.params[0])
        np.add.at(self.dW, self.idx, dout)


class EmbeddingBookLoop(Embedding):
    """The book's loop: right for idx (N,), loses updates of a word twice in a row of idx (N, C)."""

    def backward(self, dout):
        dW = self.grads[0]
        dW[...] = 0
        for i, word_id in enumerate(self.idx):
            dW[word_id] += dout[i]


class EmbeddingRebindingGrads(Embedding):
    """Right numbers, but in a new list: a model sharing the old one never sees them."""

    def backward(self, dout):
        dW = np.zeros_like(self.params[0])
        np.add.at(dW, self.idx, dout)
        self.grads = [dW]


class EmbeddingReplacingGradArray(Embedding):
    """Right numbers, but in a new array put into the list."""

    def backward(self, dout):
        dW = np.zeros_like(self.params[0])
        np.add.at(dW, self.idx, dout)
        self.grads[0] = dW


class EmbeddingWithCrashingGrads(Embedding):
    """A grads property that itself crashes."""

    @property
    def grads(self):
        raise ValueError("grads are not ready")

    @grads.setter
    def grads(self, value):
        pass


class EmbeddingWithoutBackward:
    def __init__(self, W):
        self.params, self.grads = [W], [np.zeros_like(W)]

    def forward(self, idx):
        return self.params[0][idx]


# --- EmbeddingDot ----------------------------------------------------------------------------


class EmbeddingDotScalar(EmbeddingDot):
    """Sums every product: one number instead of one score per word."""

    def forward(self, h, idx):
        return np.sum(super().forward(h, idx))


class EmbeddingDotPerWordDh(EmbeddingDot):
    """Returns one dh per (row, word), (N, K, H), without adding up the K words."""

    def backward(self, dout):
        super().backward(dout)
        h, target_W = self.cache
        return np.asarray(dout).reshape(target_W.shape[:2])[:, :, None] * target_W


class EmbeddingDotIgnoringDout(EmbeddingDot):
    def backward(self, dout):
        super().backward(dout)
        return self.cache[1].sum(axis=1)


class EmbeddingDotLosingUpdates(EmbeddingDot):
    def backward(self, dout):
        dh = super().backward(dout)
        h, target_W = self.cache
        idx = self.embed.idx
        dW = self.grads[0]
        dW[...] = 0
        dW[idx] += np.asarray(dout).reshape(idx.shape)[:, :, None] * h[:, None, :]
        return dh


class EmbeddingDotWithStaleGradients(EmbeddingDot):
    def __init__(self, W):
        super().__init__(W)
        self.total = np.zeros_like(W)

    def backward(self, dout):
        dh = super().backward(dout)
        self.total += self.grads[0]
        self.grads[0][...] = self.total
        return dh


class EmbeddingDotForOneWordPerRow(EmbeddingDot):
    """The source run's version: idx (N,) only, it crashes on idx (N, K)."""

    def forward(self, h, idx):
        target_W = self.embed.forward(idx)
        self.cache = (h, target_W)
        return np.sum(target_W * h, axis=1)


# --- UnigramSampler --------------------------------------------------------------------------


class SamplerDrawingTheTarget(UnigramSampler):
    def get_negative_sample(self, target):
        return self.rng.choice(self.vocab_size, (len(target), self.sample_size), p=self.word_p)


class SamplerReturningRaggedRows(UnigramSampler):
    """Rows of different lengths: np.asarray cannot make an (N, k) array of them."""

    def get_negative_sample(self, target):
        rows = super().get_negative_sample(target).tolist()
        rows[0] = rows[0][:1]
        return rows


class SamplerWithReplacement(UnigramSampler):
    def get_negative_sample(self, target):
        negatives = np.empty((len(target), self.sample_size), dtype=np.int64)
        for i, t in enumerate(target):
            p = self.word_p.copy()
            p[t] = 0
            negatives[i] = self.rng.choice(self.vocab_size, self.sample_size, p=p / p.sum())
        return negatives


class SamplerWithoutPower(UnigramSampler):
    """Draws from count / sum (and says so in word_p)."""

    def __init__(self, corpus, power, sample_size, vocab_size=None, rng=None):
        super().__init__(corpus, 1.0, sample_size, vocab_size, rng)


class UniformSampler(UnigramSampler):
    """word_p is right, but the draws ignore it."""

    def get_negative_sample(self, target):
        negatives = np.empty((len(target), self.sample_size), dtype=np.int64)
        seen = np.flatnonzero(self.word_p > 0)
        for i, t in enumerate(target):
            negatives[i] = self.rng.choice(seen[seen != t], self.sample_size, replace=False)
        return negatives


class SamplerDrawingFromCounts(UnigramSampler):
    """word_p is right, but the draws follow the raw counts."""

    def __init__(self, corpus, power, sample_size, vocab_size=None, rng=None):
        super().__init__(corpus, power, sample_size, vocab_size, rng)
        self.counts = np.bincount(corpus, minlength=self.vocab_size).astype(float)

    def get_negative_sample(self, target):
        negatives = np.empty((len(target), self.sample_size), dtype=np.int64)
        for i, t in enumerate(target):
            p = self.counts.copy()
            p[t] = 0
            negatives[i] = self.rng.choice(len(p), self.sample_size, replace=False, p=p / p.sum())
        return negatives


class SamplerIgnoringVocabSize(UnigramSampler):
    """Takes the vocabulary from the corpus, as the source run did: unseen last ids vanish."""

    def __init__(self, corpus, power, sample_size, vocab_size=None, rng=None):
        super().__init__(corpus, power, sample_size, None, rng)


class SamplerNotNormalised(UnigramSampler):
    def __init__(self, corpus, power, sample_size, vocab_size=None, rng=None):
        super().__init__(corpus, power, sample_size, vocab_size, rng)
        self.word_p = np.bincount(corpus, minlength=self.vocab_size) ** power


class UnseededSampler(UnigramSampler):
    def __init__(self, corpus, power, sample_size, vocab_size=None, rng=None):
        super().__init__(corpus, power, sample_size, vocab_size, None)  # rng dropped


class ReseedingSampler(UnigramSampler):
    def __init__(self, corpus, power, sample_size, vocab_size=None, rng=None):
        super().__init__(corpus, power, sample_size, vocab_size, rng)
        self.seed = rng

    def get_negative_sample(self, target):
        self.rng = np.random.default_rng(self.seed)  # a new generator on every call
        return super().get_negative_sample(target)


# --- NegativeSamplingLoss --------------------------------------------------------------------


class NSLossSummedOverBatch(NegativeSamplingLoss):
    def forward(self, h, target, negatives=None):
        return super().forward(h, target, negatives) * len(target)


class NSLossAveragedOverWords(NegativeSamplingLoss):
    def forward(self, h, target, negatives=None):
        return super().forward(h, target, negatives) / (1 + self.sampler.sample_size)


class NSLossNegativesLabelledOne(NegativeSamplingLoss):
    def forward(self, h, target, negatives=None):
        if negatives is None:
            negatives = self.sampler.get_negative_sample(target)
        words = np.concatenate([target[:, None], negatives], axis=1)
        scores = self.embed_dot.forward(h, words)
        return self.loss_layer.forward(scores, np.ones(words.shape))


class NSLossForgettingThePositiveLabel(NegativeSamplingLoss):
    def forward(self, h, target, negatives=None):
        if negatives is None:
            negatives = self.sampler.get_negative_sample(target)
        words = np.concatenate([target[:, None], negatives], axis=1)
        scores = self.embed_dot.forward(h, words)
        return self.loss_layer.forward(scores, np.zeros(words.shape))


class NSLossIgnoringNegatives(NegativeSamplingLoss):
    """Always draws new negatives, even when they are given."""

    def forward(self, h, target, negatives=None):
        return super().forward(h, target)


class NSLossDhOfTargetOnly(NegativeSamplingLoss):
    def backward(self, dout=1):
        super().backward(dout)
        dscore = self.loss_layer.backward(dout)[:, 0]
        return dscore[:, None] * self.embed_dot.cache[1][:, 0, :]


class NSLossIgnoringDout(NegativeSamplingLoss):
    def backward(self, dout=1):
        return super().backward(1)


class NSLossApplyingDoutTwice(NegativeSamplingLoss):
    def backward(self, dout=1):
        return self.embed_dot.backward(self.loss_layer.backward(dout) * dout)


class NSLossReturningScoreGradient(NegativeSamplingLoss):
    """Returns the gradient of the scores (N, 1 + k) instead of dh (N, H)."""

    def backward(self, dout=1):
        dscore = self.loss_layer.backward(dout)
        self.embed_dot.backward(dscore)
        return dscore


class NSLossWithCrashingParams(NegativeSamplingLoss):
    @property
    def params(self):
        raise TypeError("params not ready")

    @params.setter
    def params(self, value):
        pass


class NSLossGradOfTargetOnly(NegativeSamplingLoss):
    """grads[0] keeps only the positive column's part, like the source run's grads[0]."""

    def backward(self, dout=1):
        dh = super().backward(dout)
        dscore = self.loss_layer.backward(dout)[:, 0]
        h, _ = self.embed_dot.cache
        dW = self.grads[0]
        dW[...] = 0
        np.add.at(dW, self.embed_dot.embed.idx[:, 0], dscore[:, None] * h)
        return dh


class NSLossWithStaleGradients(NegativeSamplingLoss):
    def __init__(self, W, corpus, power=0.75, sample_size=5, rng=None):
        super().__init__(W, corpus, power, sample_size, rng)
        self.total = np.zeros_like(W)

    def backward(self, dout=1):
        dh = super().backward(dout)
        self.total += self.grads[0]
        self.grads[0][...] = self.total
        return dh


class NSLossOneParamPerWord(NegativeSamplingLoss):
    """Lists W once per column, as the source run did."""

    def __init__(self, W, corpus, power=0.75, sample_size=5, rng=None):
        super().__init__(W, corpus, power, sample_size, rng)
        self.params = [W] * (1 + sample_size)
        self.grads = self.grads * (1 + sample_size)


class NSLossWithOwnSampler(NegativeSamplingLoss):
    """Draws its negatives from an unseeded sampler of its own."""

    def forward(self, h, target, negatives=None):
        if negatives is None:
            vocabulary = np.arange(self.params[0].shape[0])
            sampler = UnigramSampler(vocabulary, 0.75, self.sampler.sample_size, rng=None)
            negatives = sampler.get_negative_sample(target)
        return super().forward(h, target, negatives)


# --- CBOW ------------------------------------------------------------------------------------


class SimpleCBOW(CBOW):
    """A right CBOW for full windows (no PAD), written the way the exercise expects."""

    def forward(self, contexts, target):
        self.C = contexts.shape[1]
        h = self.in_embed.forward(contexts).mean(axis=1)
        return self.ns_loss.forward(h, target)

    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout)
        N, C = self.in_embed.idx.shape
        self.in_embed.backward(np.broadcast_to(dh[:, None, :] / C, (N, C, dh.shape[1])))


class CBOWSummingContexts(SimpleCBOW):
    def forward(self, contexts, target):
        h = self.in_embed.forward(contexts).sum(axis=1)
        return self.ns_loss.forward(h, target)


class CBOWFirstContextOnly(SimpleCBOW):
    def forward(self, contexts, target):
        self.in_embed.forward(contexts)
        return self.ns_loss.forward(self.params[0][contexts[:, 0]], target)


class CBOWBackwardWithoutMean(SimpleCBOW):
    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout)
        N, C = self.in_embed.idx.shape
        self.in_embed.backward(np.broadcast_to(dh[:, None, :], (N, C, dh.shape[1])))


class CBOWIgnoringDout(SimpleCBOW):
    def backward(self, dout=1):
        super().backward(1)


class CBOWLosingUpdates(SimpleCBOW):
    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout)
        idx = self.in_embed.idx
        dW_in = self.in_embed.grads[0]
        dW_in[...] = 0
        dW_in[idx] += dh[:, None, :] / idx.shape[1]


class CBOWWithStaleGradients(SimpleCBOW):
    def backward(self, dout=1):
        previous = self.in_embed.grads[0].copy()
        super().backward(dout)
        self.in_embed.grads[0] += previous


class CBOWPerColumn(SimpleCBOW):
    """dW_in column by column: loses updates of a word that two rows share in one column."""

    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout)
        contexts = self.in_embed.idx
        dW_in = self.in_embed.grads[0]
        dW_in[...] = 0
        for c in range(contexts.shape[1]):
            dW_in[contexts[:, c]] += dh / contexts.shape[1]


class CBOWDividingByN(SimpleCBOW):
    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout)
        N, C = self.in_embed.idx.shape
        self.in_embed.backward(np.broadcast_to(dh[:, None, :] / N, (N, C, dh.shape[1])))


class CBOWForwardDividingByN(SimpleCBOW):
    def forward(self, contexts, target):
        h = self.in_embed.forward(contexts).sum(axis=1) / len(contexts)
        return self.ns_loss.forward(h, target)


class CBOWApplyingDoutTwice(SimpleCBOW):
    def backward(self, dout=1):
        dh = self.ns_loss.backward(dout) * dout
        N, C = self.in_embed.idx.shape
        self.in_embed.backward(np.broadcast_to(dh[:, None, :] / C, (N, C, dh.shape[1])))


# --- What each one must be told ---------------------------------------------------------------


class SimpleSkipGram(SkipGram):
    """A right skip-gram for full windows (no PAD), written the way the exercise expects."""

    def forward(self, contexts, target):
        self.N, self.C = contexts.shape
        h = self.in_embed.forward(target)
        return self.C * self.ns_loss.forward(np.repeat(h, self.C, axis=0), contexts.ravel())

    def backward(self, dout=1):
        dh_pairs = self.ns_loss.backward(dout * self.C)
        self.in_embed.backward(dh_pairs.reshape(self.N, self.C, -1).sum(axis=1))


class SkipGramAveragingPairs(SimpleSkipGram):
    def forward(self, contexts, target):
        return super().forward(contexts, target) / self.C


class SkipGramFirstPairOnly(SimpleSkipGram):
    def backward(self, dout=1):
        dh_pairs = self.ns_loss.backward(dout * self.C)
        self.in_embed.backward(dh_pairs.reshape(self.N, self.C, -1)[:, 0])


class SkipGramIgnoringDout(SimpleSkipGram):
    def backward(self, dout=1):
        super().backward(1)


WRONG_LAYERS = [
    ("check_sigmoid_with_loss", LossWithoutSigmoid, "missing sigmoid", "logs of y = sigmoid(x)"),
    ("check_sigmoid_with_loss", LossSummedOverBatch, "mean vs sum", "divide by N"),
    (
        "check_sigmoid_with_loss",
        LossAveragedOverAllEntries,
        "averages all N * (1 + k) = 12 entries",
        "average over the N rows only",
    ),
    ("check_sigmoid_with_loss", LossPerEntry, "wrong shape", None),
    (
        "check_sigmoid_with_loss",
        LossBackwardWithoutSigmoid,
        "missing sigmoid in backward",
        "with y = sigmoid(x)",
    ),
    ("check_sigmoid_with_loss", LossBackwardWithoutMean, "mean vs sum", "dx = (y - t) * dout / N"),
    ("check_sigmoid_with_loss", LossBackwardIgnoresDout, "ignores dout", "multiply by dout"),
    ("check_sigmoid_with_loss", LossBackwardSign, "sign", "not (t - y)"),
    ("check_sigmoid_with_loss", LossBackwardApplyingDoutTwice, "dout applied twice", "once"),
    (
        "check_embedding",
        EmbeddingLosingUpdates,
        "lost updates for repeated indices",
        "`np.add.at(dW, idx, dout)` adds every one",
    ),
    ("check_embedding", EmbeddingWithStaleGradients, "stale gradients", "`dW[...] = 0`"),
    ("check_embedding", EmbeddingTransposed, "wrong shape", None),
    ("check_embedding", EmbeddingIgnoringDout, "ignores dout", "multiply by dout"),
    ("check_embedding", EmbeddingWithTransposedGradient, "wrong shape: grads[0]", None),
    ("check_embedding", EmbeddingWithoutGradient, "grads[0] all zeros", "in place"),
    (
        "check_embedding",
        EmbeddingBookLoop,
        "lost updates for repeated indices within a row",
        "whatever the shape of idx",
    ),
    ("check_embedding", EmbeddingRebindingGrads, "grads rebound", "already holds"),
    ("check_embedding", EmbeddingReplacingGradArray, "grads[0] replaced", "already holds"),
    ("check_embedding", EmbeddingWithoutBackward, "has no such method", None),
    ("check_embedding_dot", EmbeddingDotScalar, "wrong shape", None),
    ("check_embedding_dot", EmbeddingDotPerWordDh, "wrong shape: dh", "add up the parts"),
    ("check_embedding_dot", EmbeddingDotIgnoringDout, "ignores dout", "multiply by dout"),
    (
        "check_embedding_dot",
        EmbeddingDotLosingUpdates,
        "lost updates for repeated indices",
        "np.add.at",
    ),
    ("check_embedding_dot", EmbeddingDotWithStaleGradients, "stale gradients", "`dW[...] = 0`"),
    (
        "check_unigram_sampler",
        SamplerDrawingTheTarget,
        "target drawn as its own negative",
        "set the target's P to 0",
    ),
    ("check_unigram_sampler", SamplerWithReplacement, "negatives not distinct", "replace=False"),
    ("check_unigram_sampler", SamplerReturningRaggedRows, "must be an array of numbers", None),
    (
        "check_unigram_sampler",
        SamplerWithoutPower,
        "word_p is proportional to count",
        "count ** power, then divide by its sum",
    ),
    ("check_unigram_sampler", SamplerDrawingFromCounts, "not count ** power", "p = word_p"),
    ("check_unigram_sampler", UniformSampler, "negatives are uniform", "p = word_p"),
    ("check_unigram_sampler", SamplerIgnoringVocabSize, "wrong vocabulary size", "np.bincount"),
    ("check_unigram_sampler", SamplerNotNormalised, "does not sum to 1", "divide"),
    ("check_unigram_sampler", UnseededSampler, "not reproducible", "from self.rng"),
    (
        "check_unigram_sampler",
        ReseedingSampler,
        "the same negatives on every call",
        "once, in __init__",
    ),
    ("check_negative_sampling_loss", NSLossSummedOverBatch, "mean vs sum", "divide by N"),
    (
        "check_negative_sampling_loss",
        NSLossAveragedOverWords,
        "averages all N * (1 + k)",
        "add up the 1 + k columns",
    ),
    (
        "check_negative_sampling_loss",
        NSLossNegativesLabelledOne,
        "negatives have label 1",
        "have label 0",
    ),
    (
        "check_negative_sampling_loss",
        NSLossIgnoringNegatives,
        "ignores the negatives argument",
        "draw only when negatives is None",
    ),
    (
        "check_negative_sampling_loss",
        NSLossForgettingThePositiveLabel,
        "positive label",
        "`labels[:, 0] = 1`",
    ),
    ("check_negative_sampling_loss", NSLossApplyingDoutTwice, "dout applied twice", "once"),
    (
        "check_negative_sampling_loss",
        NSLossReturningScoreGradient,
        "gradient of the scores",
        "self.embed_dot.backward",
    ),
    (
        "check_negative_sampling_loss",
        NSLossDhOfTargetOnly,
        "dh misses the negatives",
        "all 1 + k words",
    ),
    ("check_negative_sampling_loss", NSLossIgnoringDout, "ignores dout", "multiply by dout"),
    (
        "check_negative_sampling_loss",
        NSLossGradOfTargetOnly,
        "only the target's part",
        "the parts of the k negative words",
    ),
    ("check_negative_sampling_loss", NSLossWithStaleGradients, "stale gradients", "`dW[...] = 0`"),
    ("check_negative_sampling_loss", NSLossOneParamPerWord, "params must be [W]", None),
    (
        "check_negative_sampling_loss",
        NSLossWithOwnSampler,
        "did not draw them from self.sampler",
        "self.sampler.get_negative_sample(target)",
    ),
    ("check_cbow", CBOWSummingContexts, "mean vs sum", "`.mean(axis=1)`"),
    ("check_cbow", CBOWFirstContextOnly, "only the first context word", "all C context vectors"),
    ("check_cbow", CBOWBackwardWithoutMean, "as if h were the sum", "divide by C"),
    ("check_cbow", CBOWIgnoringDout, "ignores dout", "multiply by dout"),
    ("check_cbow", CBOWLosingUpdates, "lost updates for repeated indices", "np.add.at"),
    ("check_cbow", CBOWWithStaleGradients, "stale gradients", "`dW[...] = 0`"),
    (
        "check_cbow",
        CBOWPerColumn,
        "lost updates for repeated indices within a column",
        "on the whole (N, C) idx",
    ),
    ("check_cbow", CBOWDividingByN, "divided by N instead of by C", "dh / C"),
    ("check_cbow", CBOWForwardDividingByN, "divided by N instead of by C", "divide by C"),
    ("check_cbow", CBOWApplyingDoutTwice, "dout applied twice", "once"),
    (
        "check_skip_gram",
        SkipGramAveragingPairs,
        "mean vs sum: a row's loss is the SUM",
        "multiply its loss by C",
    ),
    (
        "check_skip_gram",
        SkipGramFirstPairOnly,
        "only one pair per row reaches W_in",
        "over axis 1",
    ),
    ("check_skip_gram", SkipGramIgnoringDout, "ignores dout", "multiply by dout"),
]
