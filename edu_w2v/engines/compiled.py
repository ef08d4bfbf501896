"""The compiled engine: word2vec's per-target loop in plain Python, compiled by Numba.

The teaching layers compute a whole batch at once; word2vec.c and gensim instead walk the
targets one by one and update the touched rows on the spot. For one target (CBOW):

    h = mean of the context vectors W_in[c]                       (Embedding + mean)
    for the positive word (label 1) and each negative (label 0):
        f = u . h,  u = W_out[word]                               (EmbeddingDot.forward)
        loss += softplus(f) - label * f                           (SigmoidWithLoss.forward)
        g = sigmoid(f) - label                                    (SigmoidWithLoss.backward)
        dh += g * u ;  u -= lr_out * g * h                        (EmbeddingDot.backward + SGD)
    each context word c:  W_in[c] -= lr_in * dh / m                (Embedding.backward + SGD)

Skip-gram is the same loop with h = W_in[target] for every (target, context word) pair of a row.
No temporaries, no scatter-add: each row of W_out is read, used and written while it sits in the
cache. With several threads, each thread takes a chunk of the batch and updates the shared weights
without locks ("Hogwild"): two threads rarely touch the same row at the same moment, and a lost
update is one small step among millions.

Equivalence with the teaching models (one thread): ``train_batch(contexts, targets, lr)`` does
exactly N teaching steps ``forward(contexts[i:i+1], targets[i:i+1]); backward(); SGD(lr / N)``,
one per target in order, provided a target's output words (its positive words and negatives) are
distinct -- the teaching sampler's negatives are, the alias table's need not be (see below).
It holds up to rounding with ``exact=True``; by default sigma and the loss are read, as in
word2vec.c, from tables precomputed on [-6, 6] (a difference below 3e-4 per word).

Negatives are drawn from the teaching sampler's P(w) ~ count(w) ** power with an alias table
(Walker's method: one uniform number picks a cell and a side of it; two arrays of V numbers, small
enough to stay in the CPU cache, unlike word2vec.c's 1e8-entry table), from a 64-bit linear
congruential generator, one stream per thread. As in word2vec, a negative equal to the positive
word is skipped (not redrawn) and two negatives of a target may repeat.

numba is an optional dependency: ``pip install numba`` (in the checkout:
``pip install -e ".[compiled]"``).
"""

from __future__ import annotations

import math
import time

import numpy as np

from edu_w2v.engines import INSTALL_NUMBA

try:
    import numba
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(f"the compiled engine needs numba: {INSTALL_NUMBA}") from error

from edu_w2v.validation import check_int
from edu_w2v.word2vec_model import Word2VecBase
from edu_w2v.word_ids import PAD

LCG_MULTIPLIER = np.uint64(6364136223846793005)  # Knuth's MMIX constants
LCG_INCREMENT = np.uint64(1442695040888963407)
SHIFT = np.uint64(11)  # the high 53 bits of an LCG are the random ones
TO_UNIT = 2.0**-53  # 53 random bits -> a uniform number in [0, 1)

JIT = {"nogil": True, "cache": True, "fastmath": True}

# word2vec.c's precomputed sigmoid (its expTable holds sigma only), plus a softplus table of our own
# for the loss it reports (word2vec.c never computes the loss): both on [-MAX_EXP, MAX_EXP]; beyond
# it sigma is taken as 0 or 1 (the gradient is clipped) and softplus(f) as max(f, 0).
MAX_EXP = 6.0
CELLS_PER_UNIT = 512  # sigma varies by at most 1/4 per unit: a cell's error is below 3e-4
_GRID = -MAX_EXP + (np.arange(int(2 * MAX_EXP * CELLS_PER_UNIT)) + 0.5) / CELLS_PER_UNIT
SIGMOID_TABLE = 1 / (1 + np.exp(-_GRID))
SOFTPLUS_TABLE = np.logaddexp(0, _GRID)


def alias_table(corpus: np.ndarray, vocab_size: int, power: float) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias table of P(w) ~ count(w) ** power: (keep (V,) float64, alias (V,) int64).

    Cell i holds the mass V P(i) of word i, topped up to 1 with mass of word alias[i]: draw a
    cell i uniformly and u uniform in [0, 1); the word is i if u < keep[i], else alias[i].
    Words that never occur in the corpus get P = 0 (keep 0). Built by Vose's method.
    """
    return alias_table_of_counts(np.bincount(np.asarray(corpus), minlength=vocab_size), power)


def alias_table_of_counts(counts: np.ndarray, power: float) -> tuple[np.ndarray, np.ndarray]:
    """``alias_table`` from the words' counts (V,) instead of the corpus."""
    counts = np.asarray(counts, dtype=np.float64)
    vocab_size = len(counts)
    weights = np.where(counts > 0, counts**power, 0.0)
    mass = list(weights * (vocab_size / weights.sum()))  # mean 1 per cell
    keep, alias = np.ones(vocab_size), np.arange(vocab_size)
    small = [i for i, m in enumerate(mass) if m < 1]
    large = [i for i, m in enumerate(mass) if m >= 1]
    while small and large:
        low, high = small.pop(), large.pop()
        keep[low], alias[low] = mass[low], high  # fill cell `low` up with word `high`
        mass[high] -= 1 - mass[low]
        (small if mass[high] < 1 else large).append(high)
    return keep, alias  # cells left over hold exactly 1 (up to rounding): keep = 1


@numba.njit(inline="always", **JIT)
def draw(keep, alias, state):
    """One draw from the alias table; returns (word, the generator's next state)."""
    state = state * LCG_MULTIPLIER + LCG_INCREMENT  # 64-bit LCG (wraps modulo 2**64)
    x = (state >> SHIFT) * TO_UNIT * keep.shape[0]  # uniform in [0, V)
    cell = int(x)
    return (cell if x - cell < keep[cell] else alias[cell]), state


@numba.njit(inline="always", **JIT)
def sigmoid_and_softplus(f: float, exact: bool) -> tuple[float, float]:
    """(sigma(f), softplus(f) = log(1 + exp(f))): exactly, or read from the tables."""
    if exact:
        e = math.exp(-abs(f))  # never overflows
        return (1.0 / (1.0 + e) if f >= 0 else e / (1.0 + e)), max(f, 0.0) + math.log1p(e)
    if f >= MAX_EXP:
        return 1.0, f
    if f <= -MAX_EXP:
        return 0.0, 0.0
    cell = int((f + MAX_EXP) * CELLS_PER_UNIT)
    return SIGMOID_TABLE[cell], SOFTPLUS_TABLE[cell]


@numba.njit(inline="always", **JIT)
def score_word(W_out, word, h, dh, label, lr_out, exact) -> float:
    """The loss of one (h, word, label) and its updates: dh += g u, then u -= lr_out g h."""
    real = h.dtype.type  # float32 (or float64): stay in the weights' precision, SIMD-friendly
    u = W_out[word]  # the word's output row, updated in place
    f = real(0)
    for j in range(h.shape[0]):  # EmbeddingDot.forward: f = u . h
        f += u[j] * h[j]
    y, softplus = sigmoid_and_softplus(f, exact)
    loss = softplus - label * f  # SigmoidWithLoss.forward: -log sigma(f) or -log sigma(-f)
    g = real(y - label)  # SigmoidWithLoss.backward: y - t
    step = real(lr_out * g)
    for j in range(h.shape[0]):
        dh[j] += g * u[j]  # EmbeddingDot.backward, to h: g u (with the old u)
        u[j] -= step * h[j]  # EmbeddingDot.backward, to u: g h; SGD step
    return loss


@numba.njit(**JIT)
def cbow_chunk(
    W_in,
    W_out,
    contexts,
    targets,
    negatives,
    keep,
    alias,
    k,
    lr_in,
    lr_out,
    exact,
    start,
    stop,
    state,
):
    """CBOW over targets[start:stop]; returns (summed loss, the generator's state)."""
    H = W_in.shape[1]
    h = np.empty(H, dtype=W_in.dtype)
    dh = np.empty(H, dtype=W_in.dtype)
    imposed = negatives.shape[0] > 0
    total = 0.0
    for i in range(start, stop):
        target = targets[i]
        m = 0  # Embedding.forward + mean: h = (1/m) sum of the real context vectors
        h[:] = 0.0
        for c in range(contexts.shape[1]):
            word = contexts[i, c]
            if word != PAD:  # PAD is no word
                m += 1
                vector = W_in[word]
                for j in range(H):
                    h[j] += vector[j]
        inv_m = h.dtype.type(1.0 / m)
        for j in range(H):
            h[j] *= inv_m
        dh[:] = 0.0
        total += score_word(W_out, target, h, dh, 1.0, lr_out, exact)  # positive word, label 1
        for d in range(k):  # the negatives, label 0
            if imposed:
                word = negatives[i, d]
            else:
                word, state = draw(keep, alias, state)
                if word == target:  # word2vec skips a negative that is the target
                    continue
            total += score_word(W_out, word, h, dh, 0.0, lr_out, exact)
        step = h.dtype.type(lr_in * inv_m)  # Embedding.backward: each context word gets dh / m
        for c in range(contexts.shape[1]):
            word = contexts[i, c]
            if word != PAD:
                vector = W_in[word]
                for j in range(H):
                    vector[j] -= step * dh[j]  # SGD step
    return total, state


@numba.njit(**JIT)
def skip_gram_chunk(
    W_in,
    W_out,
    contexts,
    targets,
    negatives,
    keep,
    alias,
    k,
    lr_in,
    lr_out,
    exact,
    start,
    stop,
    state,
):
    """Skip-gram over targets[start:stop]; returns (summed loss, the generator's state)."""
    H = W_in.shape[1]
    h = np.empty(H, dtype=W_in.dtype)
    dh = np.empty(H, dtype=W_in.dtype)
    imposed = negatives.shape[0] > 0
    total = 0.0
    for i in range(start, stop):
        vector = W_in[targets[i]]
        h[:] = vector  # Embedding.forward: a copy (the compiler then knows no row aliases it)
        dh[:] = 0.0
        for c in range(contexts.shape[1]):  # one (target, context word) pair at a time
            positive = contexts[i, c]
            if positive == PAD:
                continue
            total += score_word(W_out, positive, h, dh, 1.0, lr_out, exact)
            for d in range(k):
                if imposed:
                    word = negatives[i, c, d]
                else:
                    word, state = draw(keep, alias, state)
                    if word == positive:  # word2vec skips a negative that is the positive word
                        continue
                total += score_word(W_out, word, h, dh, 0.0, lr_out, exact)
        step = h.dtype.type(lr_in)
        for j in range(H):  # Embedding.backward: the sum of the row's pair gradients; SGD step
            vector[j] -= step * dh[j]
    return total, state


# The batch is split into len(states) chunks, one per thread (Hogwild: no locks). One kernel per
# model, each a module-level function: Numba caches them on disk, so a new process loads them
# instead of compiling (a kernel made by a closure over its chunk would be compiled every time).


@numba.njit(**JIT)
def chunk_bounds(t: int, n_chunks: int, N: int) -> tuple[int, int]:
    """The rows [start, stop) of chunk t of n_chunks over N rows."""
    return t * N // n_chunks, (t + 1) * N // n_chunks


@numba.njit(parallel=True, **JIT)
def cbow_kernel(
    W_in, W_out, contexts, targets, negatives, keep, alias, k, lr_in, lr_out, exact, states
):
    """``cbow_chunk`` on each thread's share of the batch; returns the summed loss."""
    losses = np.zeros(states.shape[0])
    for t in numba.prange(states.shape[0]):
        start, stop = chunk_bounds(t, states.shape[0], targets.shape[0])
        losses[t], states[t] = cbow_chunk(
            W_in, W_out, contexts, targets, negatives, keep, alias, k, lr_in, lr_out, exact,
            start, stop, states[t],
        )  # fmt: skip
    return losses.sum()


@numba.njit(parallel=True, **JIT)
def skip_gram_kernel(
    W_in, W_out, contexts, targets, negatives, keep, alias, k, lr_in, lr_out, exact, states
):
    """``skip_gram_chunk`` on each thread's share of the batch; returns the summed loss."""
    losses = np.zeros(states.shape[0])
    for t in numba.prange(states.shape[0]):
        start, stop = chunk_bounds(t, states.shape[0], targets.shape[0])
        losses[t], states[t] = skip_gram_chunk(
            W_in, W_out, contexts, targets, negatives, keep, alias, k, lr_in, lr_out, exact,
            start, stop, states[t],
        )  # fmt: skip
    return losses.sum()


class CompiledModel(Word2VecBase):
    """Base of ``CompiledCBOW`` and ``CompiledSkipGram``: weights, alias table, threads.

    The constructor and initial weights of every model (``Word2VecBase``; ``rng``: Generator,
    int or None), plus ``threads``: how many threads share a batch (Hogwild).
    ``params == [W_in, W_out]``, ``word_vecs is W_in``.
    """

    default_batch_size = 100_000  # few calls: each one starts and joins the threads
    kernel = None  # set by the subclasses

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
    ) -> None:
        super().__init__(vocab_size, hidden_size, corpus, power, sample_size, dtype, rng)
        self.threads = check_int(threads, "threads")
        self.keep, self.alias = alias_table(self.corpus, vocab_size, power)
        # one generator state per thread, seeded from rng (odd: any start works for an LCG)
        self.states = self.rng.integers(1, 2**63, size=self.threads, dtype=np.uint64)
        self.compile_seconds = 0.0  # JIT time of the first batch (0 when cached on disk)
        self._compiled = False

    def train_batch(
        self,
        contexts: np.ndarray,
        targets: np.ndarray,
        lr: float | tuple[float, float],
        negatives: np.ndarray | None = None,
        exact: bool = False,
    ) -> float:
        """One pass over the batch, target by target; returns the mean loss per target.

        ``lr``: the SGD rate of the batch's MEAN loss, one number or (lr_in, lr_out); each
        target is a step of rate lr / N. ``negatives`` (tests only): imposed negatives, (N, k)
        for CBOW, (N, C, k) for skip-gram, instead of the alias table's. ``exact``: compute sigma
        and the loss with exp and log1p instead of word2vec's tables (tests only: slower).
        """
        contexts = np.ascontiguousarray(contexts, dtype=np.int64)
        targets = np.ascontiguousarray(targets, dtype=np.int64)
        if contexts.ndim != 2 or targets.shape != contexts.shape[:1] or len(targets) == 0:
            raise ValueError(
                f"contexts (N, C) and targets (N,) must match, got {contexts.shape} and "
                f"{targets.shape}"
            )
        V = self.params[0].shape[0]
        real = contexts != PAD
        outside = (contexts[real] < 0).any() or contexts.max() >= V
        if outside or targets.min() < 0 or targets.max() >= V:
            raise ValueError(f"word ids must be in [0, {V}) (PAD = {PAD} in contexts)")
        if not real.any(axis=1).all():
            raise ValueError("every row of contexts needs at least one context word")
        lr_in, lr_out = lr if isinstance(lr, tuple | list) else (lr, lr)
        N = len(targets)
        k = self.sample_size
        if negatives is None:
            negatives = np.empty((0,) * (3 if isinstance(self, CompiledSkipGram) else 2), np.int64)
            threads = self.threads
        else:
            negatives = np.ascontiguousarray(negatives, dtype=np.int64)
            k = negatives.shape[-1]
            threads = 1
        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
        states = self.states if threads == self.threads else self.states[:1]
        W_in, W_out = self.params
        if not self._compiled:  # compile (or load from the disk cache) on a copy, timed apart
            started = time.perf_counter()
            type(self).kernel(
                W_in[:2].copy(),
                W_out[:2].copy(),
                np.zeros((1, 1), np.int64),
                np.zeros(1, np.int64),
                negatives[:0],
                np.ones(1),
                np.zeros(1, np.int64),
                k,
                0.0,
                0.0,
                exact,
                np.ones(1, np.uint64),
            )
            self.compile_seconds = time.perf_counter() - started
            self._compiled = True
        total = type(self).kernel(
            W_in,
            W_out,
            contexts,
            targets,
            negatives,
            self.keep,
            self.alias,
            k,
            lr_in / N,
            lr_out / N,
            exact,
            states,
        )
        return float(total / N)


class CompiledCBOW(CompiledModel):
    """CBOW, compiled: h = mean of the context vectors, one target at a time."""

    kernel = cbow_kernel


class CompiledSkipGram(CompiledModel):
    """Skip-gram, compiled: h = the target's vector, one (target, context word) pair at a time."""

    kernel = skip_gram_kernel
