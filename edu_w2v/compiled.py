"""The compiled engine: word2vec's per-target loop in plain Python, compiled by Numba.

The teaching models compute a whole batch with NumPy layers; word2vec.c and gensim instead walk the
targets one at a time and update the few rows each one touches in place. This module is that loop,
written so each line maps to the teaching layers' maths:

    CBOW, one target t with real context words c_1..c_m (PAD = -1 entries skipped):
        h = (1/m) sum_i W_in[c_i]                         Embedding forward + mean (CBOW.forward)
        for w in (t, n_1, ..., n_k), label y = 1, 0, .., 0:
            s = W_out[w] . h                              EmbeddingDot forward
            g = y - sigma(s)                              -(SigmoidWithLoss backward)
            dh += g * W_out[w]                            EmbeddingDot backward, for h
            W_out[w] += lr_out * g * h                    EmbeddingDot backward + SGD step
        W_in[c_i] += lr_in * dh / m   for each i          CBOW.backward + Embedding (np.add.at)

    Skip-gram, one target t: h = W_in[t]; each real context word c is a pair (c is the positive,
    k negatives drawn for it); the row's pairs are scored with the same h and the same W_out (the
    teaching model computes them as one batch), then W_out and W_in[t] are updated.

``train_batch(contexts, targets, lr)`` visits the N targets in order with rate lr / N each: exactly
N teaching SGD steps on batches of ONE target (one thread). Negatives come from word2vec's unigram
table (count ** power) read with word2vec's linear congruential generator; a negative equal to the
positive word is skipped, as word2vec does (the teaching sampler redraws it instead). With
``threads > 1`` the targets are split into chunks that threads process at once on the shared
weights, without locks (Hogwild): two threads rarely touch the same row at the same moment, and a
lost update is one small step among millions.

Numba is an optional dependency (``pip install "edu_w2v[compiled]"``); only this module imports it.
"""

from __future__ import annotations

import time

import numpy as np

from edu_w2v.preprocessing import PAD
from edu_w2v.validation import as_index_array, check_batch
from edu_w2v.word2vec_model import init_weights

try:
    import numba
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        'the compiled engine needs Numba: pip install "edu_w2v[compiled]"'
    ) from error

MAX_EXP = 6.0  # word2vec: sigma(s) is taken as 0 or 1 beyond |s| >= 6
EXP_TABLE_SIZE = 1000  # word2vec's sigmoid table: sigma at 1000 points of [-6, 6)
UNIGRAM_TABLE_SIZE = 10_000_000  # word ids laid out in proportion to count ** power
LCG_MUL = np.uint64(25214903917)  # word2vec's random generator: next = next * 25214903917 + 11
LCG_ADD = np.uint64(11)
SHIFT = np.uint64(16)


def unigram_table(corpus: np.ndarray, vocab_size: int, power: float, size: int) -> np.ndarray:
    """word2vec's table: word w fills a share count(w) ** power / sum of the table's ``size`` slots.

    A uniform random slot is then a draw from P(w) ~ count(w) ** power (as ``UnigramSampler``).
    """
    counts = np.bincount(corpus, minlength=vocab_size).astype(np.float64)
    cdf = np.cumsum(counts**power)
    slots = (np.arange(size) + 0.5) * (cdf[-1] / size)  # the middle of each slot
    return np.minimum(np.searchsorted(cdf, slots, side="right"), vocab_size - 1).astype(np.int32)


def sigmoid_tables(dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """sigma and log sigma at the midpoints of EXP_TABLE_SIZE bins of [-MAX_EXP, MAX_EXP)."""
    x = (np.arange(EXP_TABLE_SIZE) + 0.5) / EXP_TABLE_SIZE * 2 * MAX_EXP - MAX_EXP
    return (1 / (1 + np.exp(-x))).astype(dtype), (-np.log1p(np.exp(-x))).astype(dtype)


@numba.njit(cache=True, inline="always")
def _score(s, exact, sig_table, logsig_table):
    """(sigma(s), log sigma(s), log sigma(-s)) -- exact, or from word2vec's table (clipped)."""
    if exact:  # sigma and the two log-sigmoids, computed stably
        e = np.exp(-abs(s))
        if s >= 0:
            return 1 / (1 + e), -np.log1p(e), -s - np.log1p(e)
        return e / (1 + e), s - np.log1p(e), -np.log1p(e)
    if s >= MAX_EXP:  # word2vec: sigma = 1 here; log sigma(s) ~ 0, log sigma(-s) ~ -s
        return 1.0, 0.0, -s
    if s <= -MAX_EXP:
        return 0.0, s, 0.0
    i = int((s + MAX_EXP) * (EXP_TABLE_SIZE / (2 * MAX_EXP)))
    return sig_table[i], logsig_table[i], logsig_table[EXP_TABLE_SIZE - 1 - i]


@numba.njit(cache=True, inline="always")
def _draw(state, chunk, table):
    """One negative: advance the chunk's LCG state, read the unigram table at a random slot."""
    state[chunk] = state[chunk] * LCG_MUL + LCG_ADD
    return table[(state[chunk] >> SHIFT) % np.uint64(len(table))]


@numba.njit(cache=True, parallel=True, fastmath=True)
def cbow_kernel(W_in, W_out, contexts, targets, lr_in, lr_out, k, table, state, negatives,
                exact, sig_table, logsig_table):
    """CBOW over the targets in order (``len(state)`` chunks in parallel); the loss sum.

    lr_in, lr_out: per-target rates. ``negatives`` (N, k) imposes the negatives (a test's
    choice); an empty array means draw them from ``table`` with the chunks' LCG ``state``.
    """
    N, H = len(targets), W_in.shape[1]
    n_chunks = len(state)
    losses = np.zeros(n_chunks)
    for chunk in numba.prange(n_chunks):  # Hogwild: chunks share W_in and W_out, no locks
        h = np.empty(H, dtype=W_in.dtype)
        dh = np.empty(H, dtype=W_in.dtype)
        r = np.empty(3, dtype=W_in.dtype)  # scalars kept in the weights' dtype (no float64 mix)
        for n in range(chunk * N // n_chunks, (chunk + 1) * N // n_chunks):
            # h = mean of the row's real context vectors          (CBOW.forward)
            h[:] = 0
            m = 0
            for c in contexts[n]:
                if c != PAD:
                    m += 1
                    for i in range(H):
                        h[i] += W_in[c, i]
            if m == 0:
                continue
            r[2] = 1 / m
            for i in range(H):
                h[i] *= r[2]
            r[2] = lr_in / m
            dh[:] = 0
            t = targets[n]
            for d in range(k + 1):  # the positive (label 1), then k negatives (label 0)
                if d == 0:
                    w, label = t, 1.0
                else:
                    w = negatives[n, d - 1] if negatives.size else _draw(state, chunk, table)
                    if w == t:  # word2vec skips a negative equal to the target
                        continue
                    label = 0.0
                s = h[0] * 0  # s = W_out[w] . h                          (EmbeddingDot.forward)
                for i in range(H):
                    s += W_out[w, i] * h[i]
                sig, log_sig, log_sig_neg = _score(s, exact, sig_table, logsig_table)
                losses[chunk] -= log_sig if label else log_sig_neg  # BCE (SigmoidWithLoss)
                r[0] = label - sig  # g = -dL/ds                         (SigmoidWithLoss.backward)
                r[1] = lr_out * r[0]
                g, g_out = r[0], r[1]
                for i in range(H):
                    dh[i] += g * W_out[w, i]  # dh = dL/ds * W_out[w]   (EmbeddingDot.backward)
                    W_out[w, i] += g_out * h[i]  # W_out[w] -= lr dL/ds * h (SGD)
            rate = r[2]  # lr_in / m
            for c in contexts[n]:  # each real context word gets dh / m    (CBOW.backward)
                if c != PAD:
                    for i in range(H):
                        W_in[c, i] += rate * dh[i]  # np.add.at(dW_in, c, dh / m); SGD
    return losses.sum()


@numba.njit(cache=True, parallel=True, fastmath=True)
def skip_gram_kernel(W_in, W_out, contexts, targets, lr_in, lr_out, k, table, state, negatives,
                     exact, sig_table, logsig_table):
    """Skip-gram over the targets in order; the loss sum (a row's pair losses summed).

    ``negatives`` (N, C, k) imposes the negatives of each (row, context column) pair.
    """
    N, C, H = len(targets), contexts.shape[1], W_in.shape[1]
    n_chunks = len(state)
    losses = np.zeros(n_chunks)
    for chunk in numba.prange(n_chunks):
        h = np.empty(H, dtype=W_in.dtype)
        dh = np.empty(H, dtype=W_in.dtype)
        words = np.empty(C * (k + 1), dtype=np.int64)  # the row's scored words ...
        coefs = np.empty(C * (k + 1), dtype=W_in.dtype)  # ... and their y - sigma(s)
        for n in range(chunk * N // n_chunks, (chunk + 1) * N // n_chunks):
            t = targets[n]
            h[:] = W_in[t]  # h = W_in[target], the same for every pair (SkipGram.forward)
            dh[:] = 0
            n_words = 0
            for j in range(C):  # one pair per real context word: c is its positive
                c = contexts[n, j]
                if c == PAD:
                    continue
                for d in range(k + 1):
                    if d == 0:
                        w, label = c, 1.0
                    else:
                        w = negatives[n, j, d - 1] if negatives.size else _draw(state, chunk, table)
                        if w == c:  # word2vec skips a negative equal to the positive
                            continue
                        label = 0.0
                    s = h[0] * 0
                    for i in range(H):
                        s += W_out[w, i] * h[i]
                    sig, log_sig, log_sig_neg = _score(s, exact, sig_table, logsig_table)
                    losses[chunk] -= log_sig if label else log_sig_neg
                    coefs[n_words] = label - sig  # g, in the weights' dtype
                    g = coefs[n_words]
                    for i in range(H):
                        dh[i] += g * W_out[w, i]  # the pairs' dh add up on W_in[target]
                    words[n_words] = w
                    n_words += 1
            # the row is one teaching batch: W_out changes only after all its pairs are scored
            for p in range(n_words):
                coefs[p] *= lr_out
                w, g_out = words[p], coefs[p]
                for i in range(H):
                    W_out[w, i] += g_out * h[i]
            for i in range(H):
                W_in[t, i] += lr_in * dh[i]  # reduceat: the sum of the row's pairs' dh; SGD
    return losses.sum()


class CompiledModel:
    """Base of ``CompiledCBOW`` and ``CompiledSkipGram``: weights, sampler state, threads.

    Same constructor as the teaching models (same initial weights for the same ``rng``) plus
    ``threads``. The LCG states of the ``threads`` chunks are drawn from ``rng`` after the weights.
    """

    default_batch_size = 10_000
    _kernel = None  # set by the subclasses

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int,
        corpus: np.ndarray,
        power: float = 0.75,
        sample_size: int = 5,
        dtype: type = np.float32,
        rng: np.random.Generator | int | None = 0,
        threads: int = 1,
        exact: bool = False,
    ) -> None:
        for name, value in (
            ("vocab_size", vocab_size), ("hidden_size", hidden_size),
            ("sample_size", sample_size), ("threads", threads),
        ):
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if threads > numba.config.NUMBA_NUM_THREADS:
            raise ValueError(
                f"threads must be at most {numba.config.NUMBA_NUM_THREADS} (Numba's limit), "
                f"got {threads}"
            )
        if not np.issubdtype(dtype, np.floating):
            raise TypeError(f"dtype must be a floating-point type, got {dtype}")
        if not np.isfinite(power) or power < 0:
            raise ValueError(f"power must be a finite number >= 0, got {power}")
        corpus = as_index_array(corpus, "corpus", size=vocab_size, ndim=1)
        if corpus.size == 0:
            raise ValueError("corpus is empty: the sampler needs word counts")
        rng = np.random.default_rng(rng)
        W_in, W_out = init_weights(vocab_size, hidden_size, dtype, rng)
        self.params = [W_in, W_out]
        self.word_vecs = W_in
        self.sample_size = int(sample_size)
        self.threads = int(threads)
        self.exact = bool(exact)  # exact sigma and log sigma instead of word2vec's table
        self.table = unigram_table(corpus, vocab_size, power, UNIGRAM_TABLE_SIZE)
        self.state = rng.integers(0, 2**63, size=self.threads, dtype=np.uint64)
        self.sig_table, self.logsig_table = sigmoid_tables(dtype)

    def compile(self) -> float:
        """Compile the kernel for this model's types (on an empty batch); the seconds it took.

        Numba caches the machine code on disk, so later processes load it instead.
        """
        start = time.perf_counter()
        empty = np.zeros((0, 1), dtype=np.int64)
        self._run(empty, empty[:, 0], 1.0, 1.0, None)
        return time.perf_counter() - start

    def train_batch(
        self,
        contexts: np.ndarray,
        targets: np.ndarray,
        lr: float | tuple[float, float],
        negatives: np.ndarray | None = None,
    ) -> float:
        """One pass over the batch, target by target with rate lr / N; the batch's mean loss.

        contexts (N, C) ids with PAD = -1, targets (N,); ``lr``: the rate of the batch's mean
        loss, one number or (lr_in, lr_out). ``negatives`` imposes the draws (tests): (N, k) for
        CBOW, (N, C, k) for skip-gram, one row of k per (row, context column) pair.
        """
        V = self.params[0].shape[0]
        contexts = np.asarray(contexts)
        if contexts.dtype.kind not in "iu" or contexts.ndim != 2:
            raise TypeError(f"contexts must be a 2-d integer array, got {contexts.dtype} "
                            f"{contexts.shape}")
        if contexts.size and (contexts.min() < PAD or contexts.max() >= V):
            raise ValueError(f"contexts must hold ids in [0, {V}) or PAD = {PAD}")
        targets = as_index_array(targets, "targets", size=V, ndim=1)
        check_batch(len(targets), "targets", len(contexts), "contexts")
        lr_in, lr_out = lr if isinstance(lr, tuple | list) else (lr, lr)
        return self._run(contexts, targets, lr_in, lr_out, negatives)

    def _run(self, contexts, targets, lr_in, lr_out, negatives) -> float:
        N = len(targets)
        if negatives is None:
            negatives = np.zeros((0,) * self._negative_dims, np.int64)
        numba.set_num_threads(self.threads)
        W_in, W_out = self.params
        rate = W_in.dtype.type
        loss = type(self)._kernel(
            W_in, W_out, np.asarray(contexts, np.int64), np.asarray(targets, np.int64),
            rate(lr_in / max(N, 1)), rate(lr_out / max(N, 1)), self.sample_size, self.table,
            self.state, np.asarray(negatives, np.int64), self.exact, self.sig_table,
            self.logsig_table,
        )
        return float(loss / max(N, 1))


class CompiledCBOW(CompiledModel):
    """CBOW trained by ``cbow_kernel``: the teaching ``CBOW``'s maths, one target at a time."""

    _kernel = cbow_kernel
    _negative_dims = 2


class CompiledSkipGram(CompiledModel):
    """Skip-gram trained by ``skip_gram_kernel``: the teaching ``SkipGram``'s maths, per target."""

    _kernel = skip_gram_kernel
    _negative_dims = 3
