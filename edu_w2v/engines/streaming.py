"""The streaming engine: word2vec.c's whole training loop compiled by Numba, with no epoch arrays.

The teaching pipeline builds each epoch's (contexts, targets) arrays -- a subsample, then a
window of 2 x window context slots per target -- shuffles them and hands them over in batches.
word2vec.c and gensim build nothing: each thread walks its share of the token stream and

    reads a sentence (a line of the corpus, or at most MAX_SENTENCE words), dropping each
        occurrence of a frequent word with word2vec's subsampling rule as it reads;
    for each word of the sentence (the target): draws its window b, uniform in 1..window, and
        trains on the words at most b away within the sentence (CBOW or skip-gram, with k
        negatives from the alias table), on the spot;
    lowers the learning rate linearly with the words read, from lr to lr * min_lr_fraction.

This module does the same. ``train_streaming(ids, line_starts, vocabulary)`` takes the corpus as
one int32 id array and where its lines begin (``edu_w2v.preprocessing.read_corpus`` reads both
from a file) and returns the trained weights. Memory: the ids, the weights and O(V) tables; a
thread's sentence buffer is MAX_SENTENCE ids.

The per-target maths is the compiled engine's (``edu_w2v.engines.compiled``: ``score_word``,
the sigmoid tables, the alias table and its generator), hence the teaching models':

- CBOW: h = the mean of the m context vectors; the positive word and each negative scored
  against h (``score_word``: W_out updated on the spot); each context word moves by
  lr_in * dh / m;
- skip-gram: h = W_in[target], scored against each context word in turn, W_in[target] moved
  by lr_in * (the sum of its pairs' dh) at the end.

With one thread, ``exact=True`` and imposed windows and negatives, training equals the teaching
model's SGD steps on batches of one target (tests/test_streaming.py checks it); a fixed seed
with one thread gives the same vectors every time.

Line ends (``respect_lines``, default True): windows stop at a line's end, as in word2vec.c
and gensim. The default is chosen with numbers: ``benchmarks/compare_end_to_end.py`` trains
both ways and the README quotes its quality table.

Memory latency: a negative's W_out row is a random row of a matrix larger than the CPU's
caches, and waiting for it took most of the time. So the loop draws a target's negatives
(CBOW) or the next pair's (skip-gram) first and asks for their rows (``prefetch``: LLVM's
prefetch instruction), then works on what it has while they arrive.

Threads (Hogwild): thread t trains on the t-th of ``threads`` equal, contiguous shares of the
stream, all epochs, each with its own random stream and its own learning-rate schedule (its
words read / its words in all), writing the shared weights without locks. They are Python
threads running compiled code that releases the GIL: no thread pool of Numba's is involved.
Each thread calls the compiled loop on slices of about SLICE_WORDS words; between two slices
it reports its progress (the main thread draws the progress bar) and can be stopped (Ctrl-C).

numba is an optional dependency: ``pip install numba`` (in the checkout:
``pip install -e ".[compiled]"``).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import numpy as np

from edu_w2v.engines import INSTALL_NUMBA

try:
    import numba
    from llvmlite import ir
    from numba.core import cgutils, types
    from numba.extending import intrinsic
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(f"the streaming engine needs numba: {INSTALL_NUMBA}") from error

from edu_w2v.engines.compiled import (  # the per-target maths and the negative sampler
    JIT,
    LCG_INCREMENT,
    LCG_MULTIPLIER,
    SHIFT,
    TO_UNIT,
    alias_table_of_counts,
    draw,
    score_word,
)
from edu_w2v.language import text
from edu_w2v.preprocessing import Vocabulary, keep_probabilities
from edu_w2v.progress import progress_bar
from edu_w2v.validation import as_index_array, check_int, check_number
from edu_w2v.word2vec_model import init_weights

MODELS = ("cbow", "skipgram")
# Learning rates (lr_in, lr_out) of one target at the start, falling linearly: 0.05, word2vec.c's
# rate for CBOW and edu_w2v.training.default_lr's for skip-gram; CBOW's W_in 6 x 0.05, because
# word2vec moves each context word by the whole dh where the mean's true gradient gives it dh / m
# (m ~ 6), as default_lr explains. Measured on the bundled glosses (6 epochs, lines respected,
# 2 seeds), against gensim's 0.025: CBOW analogies 7.3 % against 4.3 %, WordSim353 rho 0.48
# against 0.37, SimLex-999 0.22 against 0.15; skip-gram 7.9 % against 7.4 %, 0.55 against
# 0.40, 0.28 against 0.22. Higher rates raise the word-pair scores further but lower analogies.
DEFAULT_LR = {"cbow": (0.3, 0.05), "skipgram": (0.05, 0.05)}
MAX_SENTENCE = 10_000  # words: a longer line (or the stream, when lines are ignored) is cut
SLICE_WORDS = 10 * MAX_SENTENCE  # words per call of the compiled loop: progress, Ctrl-C
POLL_SECONDS = 0.1  # how often the main thread looks at the threads' progress


# ---------------------------------------------------------------------------- the compiled loop


@numba.njit(inline="always", **JIT)
def uniform(state):
    """One uniform number in [0, 1) from compiled's LCG; returns (it, the next state)."""
    state = state * LCG_MULTIPLIER + LCG_INCREMENT
    return (state >> SHIFT) * TO_UNIT, state


@numba.njit(inline="always", **JIT)
def read_sentence(ids, start, stop, keep_probability, sentence, state):
    """Copy ids[start:stop] into ``sentence``, dropping each occurrence of a word w unless a
    uniform number is below keep_probability[w] (a word with p >= 1 draws none).
    Returns (words kept, the generator's state)."""
    n = 0
    for i in range(start, stop):
        word = ids[i]
        p = keep_probability[word]
        if p < 1.0:
            u, state = uniform(state)
            if u >= p:
                continue
        sentence[n] = word
        n += 1
    return n, state


@intrinsic
def prefetch(typingctx, vector, index):
    """Ask the CPU to start loading the cache line of vector[index] (LLVM's llvm.prefetch: for
    reading, into every cache level), and go on without waiting for it."""

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        pointer = cgutils.get_item_pointer(context, builder, signature.args[0], array, [args[1]])
        i32 = ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [pointer.type, i32, i32, i32]),
            "llvm.prefetch.p0",
        )
        builder.call(function, [pointer, i32(0), i32(3), i32(1)])  # read, keep, data cache
        return context.get_dummy_value()

    return types.void(vector, index), codegen


@numba.njit(inline="always", **JIT)
def prefetch_row(W, word):
    """Start loading the row W[word] (400 bytes for 100 float32: 7 or 8 cache lines)."""
    row = W[word]
    for j in range(0, row.shape[0], 64 // row.itemsize):
        prefetch(row, j)
    prefetch(row, row.shape[0] - 1)


@numba.njit(inline="always", **JIT)
def ask_for_rows(W_out, positive, drawn, count):
    """Start loading the W_out rows of a positive word and of its ``count`` negatives."""
    prefetch_row(W_out, positive)
    for d in range(count):
        prefetch_row(W_out, drawn[d])


@numba.njit(inline="always", **JIT)
def draw_negatives(positive, drawn, keep, alias, negatives, used, state):
    """The negatives (label 0) of one positive word, into ``drawn``.

    k = len(drawn) draws from the alias table; a draw equal to the positive word is skipped, as
    in word2vec. Or, when ``negatives`` has rows (tests), its next row (``used[1]`` counts them).
    Returns (how many negatives, the generator's state).
    """
    count = 0
    if negatives.shape[0] > 0:
        drawn[:] = negatives[used[1]]
        used[1] += 1
        count = drawn.shape[0]
    else:
        for _ in range(drawn.shape[0]):
            word, state = draw(keep, alias, state)
            if word != positive:
                drawn[count] = word
                count += 1
    return count, state


@numba.njit(inline="always", **JIT)
def cbow_target(
    W_in,
    W_out,
    sentence,
    i,
    lo,
    hi,
    h,
    dh,
    drawn,
    keep,
    alias,
    lr_in,
    lr_out,
    exact,
    negatives,
    used,
    state,
):
    """CBOW for the target sentence[i], context sentence[lo:hi] but i; returns (loss, state)."""
    H = h.shape[0]
    target = sentence[i]
    count, state = draw_negatives(target, drawn, keep, alias, negatives, used, state)
    ask_for_rows(W_out, target, drawn, count)  # they arrive while h is computed
    h[:] = 0.0
    for j in range(lo, hi):  # Embedding.forward + the mean of the context vectors
        if j != i:
            vector = W_in[sentence[j]]
            for c in range(H):
                h[c] += vector[c]
    inv_m = h.dtype.type(1.0 / (hi - lo - 1))
    for c in range(H):
        h[c] *= inv_m
    dh[:] = 0.0
    loss = score_word(W_out, target, h, dh, 1.0, lr_out, exact)  # the positive word, label 1
    for d in range(count):
        loss += score_word(W_out, drawn[d], h, dh, 0.0, lr_out, exact)  # negatives, label 0
    step = h.dtype.type(lr_in) * inv_m  # Embedding.backward: each context word gets dh / m
    for j in range(lo, hi):
        if j != i:
            vector = W_in[sentence[j]]
            for c in range(H):
                vector[c] -= step * dh[c]  # SGD step
    return loss, state


@numba.njit(inline="always", **JIT)
def skip_gram_target(
    W_in,
    W_out,
    sentence,
    i,
    lo,
    hi,
    h,
    dh,
    drawn,
    keep,
    alias,
    lr_in,
    lr_out,
    exact,
    negatives,
    used,
    state,
):
    """Skip-gram for the target sentence[i] and each word of sentence[lo:hi] but i in turn;
    returns (loss, state). The negatives of the next pair are drawn, and their rows asked for,
    before the current pair is scored: ``drawn`` (2, k) holds both pairs' negatives."""
    vector = W_in[sentence[i]]
    h[:] = vector  # Embedding.forward: a copy (the compiler then knows no row aliases it)
    dh[:] = 0.0
    loss = 0.0
    j = lo if lo != i else lo + 1  # the first pair's context word
    count, state = draw_negatives(sentence[j], drawn[0], keep, alias, negatives, used, state)
    ask_for_rows(W_out, sentence[j], drawn[0], count)
    pair = 0
    while j < hi:
        current = count  # this pair's negatives, in drawn[pair % 2]
        following = j + 1 if j + 1 != i else j + 2  # the next pair's context word
        if following < hi:  # draw its negatives and ask for its rows now
            count, state = draw_negatives(
                sentence[following], drawn[(pair + 1) % 2], keep, alias, negatives, used, state
            )
            ask_for_rows(W_out, sentence[following], drawn[(pair + 1) % 2], count)
        loss += score_word(W_out, sentence[j], h, dh, 1.0, lr_out, exact)  # label 1
        for d in range(current):
            loss += score_word(W_out, drawn[pair % 2, d], h, dh, 0.0, lr_out, exact)  # label 0
        j = following
        pair += 1
    step = h.dtype.type(lr_in)
    for c in range(h.shape[0]):  # Embedding.backward: the sum of the pairs' gradients; SGD
        vector[c] -= step * dh[c]
    return loss, state


@numba.njit(**JIT)
def train_slice(
    W_in,
    W_out,
    ids,
    line_starts,
    start,
    stop,
    keep_probability,
    keep,
    alias,
    skipgram,
    window,
    k,
    lr_in,
    lr_out,
    min_lr_fraction,
    done,
    total,
    exact,
    windows,
    negatives,
    used,
    sentence,
    state,
):
    """Train on the stream ids[start:stop], sentence by sentence; returns (summed loss, targets
    trained, the generator's state).

    A sentence ends at the next line start (when ``line_starts`` is not empty), after
    len(``sentence``) words, or at ``stop``. Learning rate of a sentence: lr * max(
    min_lr_fraction, 1 - words read / ``total``), where ``done`` words were read before this
    slice. ``windows`` (tests): if not empty, the window of each target in turn (``used[0]``
    counts them) instead of a drawn one; ``negatives``: see ``draw_negatives``.
    """
    H = W_in.shape[1]
    h = np.empty(H, dtype=W_in.dtype)
    dh = np.empty(H, dtype=W_in.dtype)
    drawn = np.empty((2, k), dtype=np.int64)  # negatives: a target's (CBOW), two pairs' (SG)
    line = np.searchsorted(line_starts, start, side="right")  # the first line start after start
    loss = 0.0
    targets = 0
    position = start
    while position < stop:
        end = min(position + sentence.shape[0], stop)
        while line < line_starts.shape[0] and line_starts[line] <= position:
            line += 1
        if line < line_starts.shape[0] and line_starts[line] < end:
            end = line_starts[line]  # the sentence stops at the end of its line
        n, state = read_sentence(ids, position, end, keep_probability, sentence, state)
        rate = max(min_lr_fraction, 1.0 - (done + position - start) / total)
        for i in range(n):
            if windows.shape[0] > 0:
                b = windows[used[0]]
                used[0] += 1
            else:
                u, state = uniform(state)
                b = 1 + int(u * window)  # word2vec's dynamic window: 1..window
            lo, hi = max(0, i - b), min(n, i + b + 1)
            if hi - lo == 1:
                continue  # no context word (a one-word sentence)
            if skipgram:
                more, state = skip_gram_target(
                    W_in,
                    W_out,
                    sentence,
                    i,
                    lo,
                    hi,
                    h,
                    dh,
                    drawn,
                    keep,
                    alias,
                    lr_in * rate,
                    lr_out * rate,
                    exact,
                    negatives,
                    used,
                    state,
                )
            else:
                more, state = cbow_target(
                    W_in,
                    W_out,
                    sentence,
                    i,
                    lo,
                    hi,
                    h,
                    dh,
                    drawn[0],
                    keep,
                    alias,
                    lr_in * rate,
                    lr_out * rate,
                    exact,
                    negatives,
                    used,
                    state,
                )
            loss += more
            targets += 1
        position = end
    return loss, targets, state


# ---------------------------------------------------------------------------- the Python side


@dataclass
class StreamingResult:
    """What ``train_streaming`` returns: the weights and what training did.

    ``W_in`` (V, H) are the word vectors, ``W_out`` (V, H) the output vectors. ``words``: words
    read over all epochs (every id, as word2vec counts them); ``targets``: the targets trained
    (kept by subsampling, with at least one context word); ``epoch_losses``: the mean loss per
    target of each epoch; ``seconds``: training time; ``compile_seconds``: Numba's compilation
    before it (or its loading from the disk cache).
    """

    W_in: np.ndarray
    W_out: np.ndarray
    words: int
    targets: int
    epoch_losses: list[float]
    seconds: float
    compile_seconds: float


def _shares(length: int, threads: int) -> list[tuple[int, int]]:
    """``threads`` contiguous, equal shares [first, last) of a stream of ``length`` words."""
    return [(t * length // threads, (t + 1) * length // threads) for t in range(threads)]


def _slices(first: int, last: int, line_starts: np.ndarray) -> list[tuple[int, int]]:
    """[first, last) cut into slices of about SLICE_WORDS words, each ending at a line start
    (or, without lines, every SLICE_WORDS words: a whole number of sentences)."""
    slices = []
    while first < last:
        stop = min(first + SLICE_WORDS, last)
        if len(line_starts) and stop < last:  # on to the next line start, if any before last
            at = np.searchsorted(line_starts, stop)
            stop = min(int(line_starts[at]), last) if at < len(line_starts) else last
        slices.append((first, stop))
        first = stop
    return slices


def _check_lr(lr: float | tuple[float, float] | None, model: str) -> tuple[float, float]:
    if lr is None:
        return DEFAULT_LR[model]
    rates = lr if isinstance(lr, tuple | list) else (lr, lr)
    if len(rates) != 2:
        raise ValueError(f"lr must be one rate or two (lr_in, lr_out), got {len(rates)}")
    return tuple(check_number(rate, "lr", minimum=0, above_minimum=True) for rate in rates)


def _check_line_starts(line_starts: np.ndarray | None, length: int) -> np.ndarray:
    if line_starts is None:
        return np.zeros(0, dtype=np.int64)
    line_starts = np.ascontiguousarray(line_starts)
    if line_starts.dtype.kind not in "iu" or line_starts.ndim != 1:
        raise TypeError(
            f"line_starts must be a 1-D integer array, got {line_starts.dtype} {line_starts.shape}"
        )
    if line_starts.size and (
        line_starts[0] < 0 or line_starts[-1] > length or np.any(line_starts[1:] < line_starts[:-1])
    ):
        raise ValueError(f"line_starts must be increasing positions in [0, {length}] of ids")
    return line_starts.astype(np.int64, copy=False)


def train_streaming(
    ids: np.ndarray,
    line_starts: np.ndarray | None,
    vocabulary: Vocabulary,
    model: str = "cbow",
    hidden_size: int = 100,
    window: int = 5,
    epochs: int = 6,
    lr: float | tuple[float, float] | None = None,
    min_lr_fraction: float = 1e-4,
    sample_size: int = 5,
    subsample_threshold: float | None = 1e-3,
    respect_lines: bool = True,
    threads: int = 1,
    seed: int = 0,
    progress: bool = True,
    *,
    power: float = 0.75,
    dtype: type = np.float32,
    exact: bool = False,
    windows: np.ndarray | None = None,
    negatives: np.ndarray | None = None,
) -> StreamingResult:
    """Train CBOW (``model="cbow"``) or skip-gram (``"skipgram"``) on the stream ``ids``.

    ``ids`` (T,): the corpus's word ids in order, int32 (other integer types are copied);
    ``line_starts`` (L,): where each line begins in ``ids``, or None (``read_corpus`` gives
    both); ``vocabulary``: its counts give subsampling's frequencies and the negatives'
    distribution P(w) ~ count(w) ** ``power``, its size V the weights'.
    ``respect_lines``: windows stop at a line's end (as in word2vec.c and gensim; the better
    default, measured: see the module's doc); False: the stream is one text, cut only every
    MAX_SENTENCE words (``line_starts`` is then unused).
    ``lr``: the learning rate of one target at the start, one number or (lr_in, lr_out)
    (default ``DEFAULT_LR[model]``), falling linearly with the words read to
    ``lr * min_lr_fraction``. ``sample_size``: negatives per positive word.
    ``subsample_threshold``: word2vec's ``sample`` (None or 0: keep every word).
    ``threads``: Hogwild threads, each on its share of the stream. ``seed``: the initial
    weights (the teaching models' for the same seed, size and ``dtype``) and the random
    streams: one thread and a fixed seed give the same vectors every time.
    ``progress``: a progress bar of the words read.

    Tests only: ``exact`` computes sigma and the loss exactly instead of reading tables;
    ``windows`` (n,) imposes each target's window in turn, ``negatives`` (n, sample_size) the
    negatives of each positive word in turn (one thread).
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {list(MODELS)}, got {model!r}")
    if not isinstance(vocabulary, Vocabulary):
        raise TypeError(f"vocabulary must be a Vocabulary, got {type(vocabulary).__name__}")
    V = len(vocabulary)
    ids = np.ascontiguousarray(as_index_array(ids, "ids", size=V, ndim=1), dtype=np.int32)
    if ids.size == 0:
        raise ValueError("ids is empty: there is nothing to train on")
    line_starts = _check_line_starts(line_starts, len(ids))
    window = check_int(window, "window")
    epochs = check_int(epochs, "epochs")
    sample_size = check_int(sample_size, "sample_size")
    threads = check_int(threads, "threads")
    lr_in, lr_out = _check_lr(lr, model)
    min_lr_fraction = check_number(min_lr_fraction, "min_lr_fraction", minimum=0, maximum=1)
    power = check_number(power, "power", minimum=0, above_minimum=True)
    if subsample_threshold is not None:
        subsample_threshold = check_number(subsample_threshold, "subsample_threshold", minimum=0)
    imposed = windows is not None or negatives is not None
    if imposed and threads != 1:
        raise ValueError("imposed windows or negatives need threads=1")
    windows = np.zeros(0, np.int64) if windows is None else np.asarray(windows, dtype=np.int64)
    negatives = (
        np.zeros((0, sample_size), np.int64)
        if negatives is None
        else np.ascontiguousarray(negatives, dtype=np.int64).reshape(-1, sample_size)
    )

    rng = np.random.default_rng(seed)
    W_in, W_out = init_weights(V, hidden_size, dtype, rng)  # checks V, H and dtype
    states = rng.integers(1, 2**63, size=threads, dtype=np.uint64)  # one random stream a thread
    keep, alias = alias_table_of_counts(vocabulary.counts, power)
    keep_probability = keep_probabilities(vocabulary.counts, subsample_threshold)
    starts = line_starts if respect_lines else np.zeros(0, dtype=np.int64)
    skipgram = model == "skipgram"

    shares = _shares(len(ids), threads)
    slices = [_slices(first, last, starts) for first, last in shares]
    words_read = np.zeros(threads, dtype=np.int64)  # each thread's progress, all epochs
    losses = np.zeros((threads, epochs))
    trained = np.zeros((threads, epochs), dtype=np.int64)
    used = np.zeros((threads, 2), dtype=np.int64)  # imposed windows and negatives used
    stop = threading.Event()
    errors: list[BaseException] = []

    def work(t: int) -> None:
        """All epochs of thread t's share, slice after slice; an error goes to the main thread."""
        try:
            first, last = shares[t]
            total = float(epochs * (last - first))
            sentence = np.empty(MAX_SENTENCE, dtype=np.int32)
            for epoch in range(epochs):
                for start, end in slices[t]:
                    if stop.is_set():
                        return
                    loss, n, states[t] = train_slice(
                        W_in,
                        W_out,
                        ids,
                        starts,
                        start,
                        end,
                        keep_probability,
                        keep,
                        alias,
                        skipgram,
                        window,
                        sample_size,
                        lr_in,
                        lr_out,
                        min_lr_fraction,
                        float(words_read[t]),
                        total,
                        exact,
                        windows,
                        negatives,
                        used[t],
                        sentence,
                        states[t],
                    )
                    if not math.isfinite(loss):
                        raise FloatingPointError(
                            f"loss is {loss} in epoch {epoch + 1}; the learning rate "
                            f"{(lr_in, lr_out)} is too large, try a smaller lr"
                        )
                    words_read[t] += end - start
                    losses[t, epoch] += loss
                    trained[t, epoch] += n
        except BaseException as error:
            errors.append(error)
            stop.set()

    # Compile (or load from the disk cache) on copies, timed apart: the threads then start at once.
    started = time.perf_counter()
    train_slice(
        W_in[:1].copy(),
        W_out[:1].copy(),
        np.zeros(1, np.int32),
        starts,
        0,
        0,
        keep_probability,
        keep,
        alias,
        skipgram,
        window,
        sample_size,
        0.0,
        0.0,
        0.0,
        0.0,
        1.0,
        exact,
        windows,
        negatives,
        np.zeros(2, np.int64),
        np.empty(1, np.int32),
        np.uint64(1),
    )
    compile_seconds = time.perf_counter() - started

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(t,), daemon=True) for t in range(threads)]
    bar = progress_bar(epochs * len(ids), disable=not progress, unit=text(" words", " 个词"))
    first_share = max(1, shares[0][1] - shares[0][0])

    def show_progress() -> None:
        """The bar: words read, thread 0's epoch, the mean loss of that epoch so far."""
        epoch = min(int(words_read[0]) // first_share, epochs - 1)
        bar.show_epoch(epoch + 1, epochs)
        if trained[:, epoch].any():
            mean = losses[:, epoch].sum() / trained[:, epoch].sum()
            bar.show_loss(mean)
        bar.update(int(words_read.sum()) - bar.n)

    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            while worker.is_alive():
                worker.join(POLL_SECONDS)
                show_progress()
        show_progress()
    except BaseException:  # Ctrl-C: each thread stops after its current slice
        stop.set()
        for worker in workers:
            worker.join()
        raise
    finally:
        bar.close()
    if errors:
        raise errors[0]
    seconds = time.perf_counter() - started
    per_epoch = trained.sum(axis=0)
    return StreamingResult(
        W_in=W_in,
        W_out=W_out,
        words=int(words_read.sum()),
        targets=int(per_epoch.sum()),
        epoch_losses=(losses.sum(axis=0) / np.maximum(per_epoch, 1)).tolist(),
        seconds=seconds,
        compile_seconds=compile_seconds,
    )
