"""The streaming engine: word2vec.c's loop over the token stream, equal to the teaching maths."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import tracemalloc

import numpy as np
import pytest
from helpers import ROOT

pytest.importorskip("numba")

from edu_w2v.cbow import CBOW  # noqa: E402
from edu_w2v.engines import streaming  # noqa: E402
from edu_w2v.engines.streaming import train_streaming  # noqa: E402
from edu_w2v.optimizers import SGD  # noqa: E402
from edu_w2v.preprocessing import Vocabulary, keep_probabilities  # noqa: E402
from edu_w2v.skip_gram import SkipGram  # noqa: E402

V, H, K, WINDOW = 40, 6, 2, 2
LCG_MULTIPLIER, LCG_INCREMENT = 6364136223846793005, 1442695040888963407


def vocabulary_of(ids: np.ndarray, size: int = V) -> Vocabulary:
    """A Vocabulary of ``size`` words whose counts are those of ``ids`` (at least 1)."""
    counts = np.maximum(np.bincount(ids, minlength=size), 1)
    return Vocabulary([f"w{i}" for i in range(size)], counts)


def lined_corpus() -> tuple[np.ndarray, np.ndarray]:
    """28 words among 0..19 in 7 lines of 1 to 7 words: ids and line starts. Any 20 words in a
    row are distinct (7 k mod 20), so a target's context words are, with or without lines."""
    lengths = [5, 1, 7, 3, 2, 6, 4]
    ids = (7 * np.arange(sum(lengths)) % 20).astype(np.int32)
    return ids, np.cumsum([0, *lengths[:-1]])


def sentences(ids, line_starts, respect_lines):
    """(start, words) of each sentence of one epoch, as the engine reads them."""
    if not respect_lines:
        return [(0, ids)]
    ends = [*line_starts[1:], len(ids)]
    return [(start, ids[start:end]) for start, end in zip(line_starts, ends, strict=True)]


def teaching_run(model, ids, line_starts, respect_lines, windows, rng, lr, epochs, floor):
    """The teaching model's SGD steps, one target at a time, in the engine's order and with its
    schedule: the rate of a sentence is lr * max(floor, 1 - words read before it / all words).
    Negatives: K per positive word among 20..39, distinct within a target (its output words
    must be distinct for the one-step-per-target maths to be the same), drawn from ``rng``.
    Returns (the loss summed over the trained targets of each epoch, the negatives used)."""
    total = epochs * len(ids)
    sampler = model.ns_loss.sampler
    optimizer = SGD(list(lr))
    next_window = 0
    epoch_losses, used = [], []
    for epoch in range(epochs):
        epoch_loss = 0.0
        for start, words in sentences(ids, line_starts, respect_lines):
            rate = max(floor, 1 - (epoch * len(ids) + start) / total)
            optimizer.lr = [rate * r for r in lr]
            for i in range(len(words)):
                b = windows[next_window]
                next_window += 1
                context = np.concatenate([words[max(0, i - b) : i], words[i + 1 : i + b + 1]])
                if len(context) == 0:
                    continue
                pairs = len(context) if isinstance(model, SkipGram) else 1
                imposed = (20 + rng.permutation(20)[: pairs * K]).reshape(pairs, K)
                used.append(imposed)
                sampler.get_negative_sample = lambda target, imposed=imposed: imposed
                epoch_loss += float(model.forward(context[None, :], words[i : i + 1]))
                model.backward()
                optimizer.update(model.params, model.grads)
        epoch_losses.append(epoch_loss)
    return epoch_losses, np.concatenate(used)


@pytest.mark.parametrize("respect_lines", [True, False])
@pytest.mark.parametrize(("name", "teaching"), [("cbow", CBOW), ("skipgram", SkipGram)])
def test_one_thread_with_imposed_windows_and_negatives_is_the_teaching_maths(
    name, teaching, respect_lines
):
    rng = np.random.default_rng(3)
    ids, line_starts = lined_corpus()
    epochs, lr, floor = 2, (0.7, 0.4), 0.6  # the floor is reached in the second epoch
    windows = rng.integers(1, WINDOW + 1, size=epochs * len(ids))
    reference = teaching(V, H, ids, 0.75, K, np.float64, 0)
    losses, negatives = teaching_run(
        reference, ids, line_starts, respect_lines, windows, rng, lr, epochs, floor
    )
    result = train_streaming(
        ids,
        line_starts,
        vocabulary_of(ids),
        model=name,
        hidden_size=H,
        window=WINDOW,
        epochs=epochs,
        lr=lr,
        min_lr_fraction=floor,
        sample_size=K,
        subsample_threshold=None,
        respect_lines=respect_lines,
        progress=False,
        dtype=np.float64,
        exact=True,
        windows=windows,
        negatives=negatives,
    )
    np.testing.assert_allclose(result.W_in, reference.params[0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.W_out, reference.params[1], rtol=1e-9, atol=1e-12)
    assert not np.allclose(result.W_out, 0)  # the test did move the weights
    targets = result.targets // epochs
    np.testing.assert_allclose(np.array(result.epoch_losses) * targets, losses, rtol=1e-9)
    assert result.words == epochs * len(ids)


def test_the_learning_rate_decays_linearly_with_the_words_read():
    """The teaching steps with a rate falling linearly with the words read are what the engine
    does; with a constant rate (floor 1) it does something else."""
    ids, line_starts = lined_corpus()
    windows = np.full(len(ids), WINDOW)
    vocabulary = vocabulary_of(ids)
    model = CBOW(V, H, ids, 0.75, K, np.float64, 0)
    _, negatives = teaching_run(
        model, ids, line_starts, True, windows, np.random.default_rng(0), (0.5, 0.5), 1, 1e-4
    )
    runs = {
        floor: train_streaming(
            ids,
            line_starts,
            vocabulary,
            hidden_size=H,
            window=WINDOW,
            epochs=1,
            lr=0.5,
            min_lr_fraction=floor,
            sample_size=K,
            subsample_threshold=None,
            progress=False,
            dtype=np.float64,
            exact=True,
            windows=windows,
            negatives=negatives,
        )
        for floor in (1e-4, 1.0)  # decaying, and constant (the floor is the rate itself)
    }
    np.testing.assert_allclose(runs[1e-4].W_in, model.params[0], rtol=1e-9, atol=1e-12)
    assert not np.allclose(runs[1.0].W_in, model.params[0], rtol=1e-6, atol=0)


def structured_corpus(n_lines: int = 4000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Lines of 8 words, each from one of 4 topics of 10 words: a pattern worth learning."""
    rng = np.random.default_rng(seed)
    topics = rng.integers(0, 4, size=n_lines)
    ids = (10 * topics[:, None] + rng.integers(0, 10, size=(n_lines, 8))).ravel()
    return ids.astype(np.int32), np.arange(0, 8 * n_lines, 8)


@pytest.mark.parametrize("model", ["cbow", "skipgram"])
def test_a_fixed_seed_with_one_thread_gives_the_same_vectors_twice(model):
    ids, line_starts = structured_corpus(300)
    vocabulary = vocabulary_of(ids)
    runs = [
        train_streaming(
            ids,
            line_starts,
            vocabulary,
            model=model,
            hidden_size=H,
            epochs=2,
            seed=seed,
            progress=False,
        )
        for seed in (1, 1, 2)
    ]
    np.testing.assert_array_equal(runs[0].W_in, runs[1].W_in)
    np.testing.assert_array_equal(runs[0].W_out, runs[1].W_out)
    assert runs[0].epoch_losses == runs[1].epoch_losses
    assert not np.array_equal(runs[0].W_out, runs[2].W_out)


@pytest.mark.parametrize("model", ["cbow", "skipgram"])
def test_no_window_crosses_a_line_end(model):
    """Lines of one word: with lines respected no target has a context word, nothing trains."""
    ids = np.arange(V, dtype=np.int32).repeat(5)
    vocabulary = vocabulary_of(ids)
    options = {"model": model, "hidden_size": H, "epochs": 2, "progress": False}
    alone = train_streaming(ids, np.arange(len(ids)), vocabulary, respect_lines=True, **options)
    assert alone.targets == 0 and alone.words == 2 * len(ids)
    np.testing.assert_array_equal(alone.W_out, 0)  # never trained
    together = train_streaming(ids, np.arange(len(ids)), vocabulary, respect_lines=False, **options)
    assert together.targets > 0 and np.any(together.W_out != 0)


def lcg_uniforms(state: int):
    """compiled's generator in plain Python: uniform numbers in [0, 1)."""
    while True:
        state = (state * LCG_MULTIPLIER + LCG_INCREMENT) % 2**64
        yield (state >> 11) * 2.0**-53


def test_reading_a_sentence_keeps_a_word_when_its_uniform_number_is_below_its_probability():
    counts = np.array([9000, 2000, 300, 40, 5])
    rng = np.random.default_rng(0)
    ids = rng.choice(5, size=2000, p=counts / counts.sum()).astype(np.int32)
    p = keep_probabilities(counts, 1e-2)  # preprocessing.subsample's rule, the engine's
    sentence = np.empty(len(ids), dtype=np.int32)
    n, _ = streaming.read_sentence(ids, 0, len(ids), p, sentence, np.uint64(12345))
    uniforms = lcg_uniforms(12345)
    expected = [w for w in ids if p[w] >= 1 or next(uniforms) < p[w]]
    np.testing.assert_array_equal(sentence[:n], expected)
    assert 0 < n < len(ids)


def test_the_engine_trains_on_the_words_subsampling_keeps():
    """The targets trained per epoch: the expected number of kept words, to within 2 %."""
    ids, _ = structured_corpus(5000)
    ids[::3] = 0  # one very frequent word
    vocabulary = vocabulary_of(ids)
    result = train_streaming(
        ids,
        None,
        vocabulary,
        hidden_size=4,
        epochs=2,
        subsample_threshold=1e-3,
        respect_lines=False,
        progress=False,
    )
    p = keep_probabilities(vocabulary.counts, 1e-3)
    expected = (p * np.bincount(ids, minlength=V)).sum()
    assert result.targets / 2 == pytest.approx(expected, rel=0.02)
    assert result.targets / 2 < 0.8 * len(ids)  # the frequent word was thinned out


@pytest.mark.parametrize("model", ["cbow", "skipgram"])
@pytest.mark.parametrize("threads", [1, 2])
def test_training_gives_sensible_vectors(model, threads):
    ids, line_starts = structured_corpus()
    result = train_streaming(
        ids,
        line_starts,
        vocabulary_of(ids),
        model=model,
        hidden_size=16,
        epochs=3,
        threads=threads,
        progress=False,
    )
    assert result.epoch_losses[-1] < result.epoch_losses[0]
    unit = result.W_in / np.linalg.norm(result.W_in, axis=1, keepdims=True)
    similarity = unit @ unit.T
    topic = np.arange(V) // 10
    same = topic[:, None] == topic[None, :]
    np.fill_diagonal(same, False)
    across = topic[:, None] != topic[None, :]
    assert similarity[same].mean() > similarity[across].mean() + 0.3
    assert result.words == 3 * len(ids)


def test_no_per_epoch_arrays_memory_is_the_ids_and_the_weights():
    ids, line_starts = structured_corpus(60_000)  # 480,000 words
    vocabulary = vocabulary_of(ids)
    options = {"hidden_size": 8, "epochs": 2, "progress": False}
    train_streaming(ids[:1000], line_starts[:100], vocabulary, **options)  # compiled, warm
    tracemalloc.start()
    try:
        train_streaming(ids, line_starts, vocabulary, **options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # one epoch's (contexts, targets) would take 2 x 5 + 1 int32 per word: 11 x ids.nbytes;
    # the weights take 2 x V x 8 float32 (2.5 kB), checking the line starts 1 byte per line
    assert peak < 0.1 * ids.nbytes


def test_a_learning_rate_that_diverges_raises():
    ids, line_starts = structured_corpus(200)
    with pytest.raises(FloatingPointError, match="too large"):
        train_streaming(
            ids, line_starts, vocabulary_of(ids), hidden_size=H, lr=1e30, progress=False
        )


def test_the_progress_bar_counts_words(capsys):
    ids, line_starts = structured_corpus(500)
    train_streaming(ids, line_starts, vocabulary_of(ids), hidden_size=H, epochs=2)
    shown = capsys.readouterr().err
    assert "8.00k/8.00k" in shown and "words" in shown and "epoch 2/2" in shown


def test_ctrl_c_stops_every_thread_after_its_slice(monkeypatch):
    ids, line_starts = structured_corpus(20_000)  # 160,000 words: two slices per thread
    real_bar = streaming.progress_bar

    def interrupted_bar(*args, **kwargs):
        bar = real_bar(*args, **kwargs)
        bar.update = lambda n: (_ for _ in ()).throw(KeyboardInterrupt)  # Ctrl-C at the 1st poll
        return bar

    monkeypatch.setattr(streaming, "progress_bar", interrupted_bar)
    threads_before = threading.active_count()
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):  # 100 epochs would take minutes
        train_streaming(
            ids,
            line_starts,
            vocabulary_of(ids),
            hidden_size=H,
            epochs=100,
            threads=2,
            progress=False,
        )
    assert time.perf_counter() - started < 20
    assert threading.active_count() == threads_before  # the threads were joined


def test_bad_arguments_raise_naming_them():
    ids, line_starts = structured_corpus(20)
    vocabulary = vocabulary_of(ids)
    with pytest.raises(ValueError, match="model"):
        train_streaming(ids, line_starts, vocabulary, model="glove")
    with pytest.raises(ValueError, match="ids holds id"):
        train_streaming(np.array([0, V]), None, vocabulary)
    with pytest.raises(ValueError, match="line_starts"):
        train_streaming(ids, [0, 9, 3], vocabulary)
    with pytest.raises(ValueError, match="lr"):
        train_streaming(ids, line_starts, vocabulary, lr=(0.1, 0.2, 0.3))
    with pytest.raises(ValueError, match="lr"):
        train_streaming(ids, line_starts, vocabulary, lr=0)
    with pytest.raises(ValueError, match="threads=1"):
        train_streaming(ids, line_starts, vocabulary, threads=2, windows=[1, 2])
    with pytest.raises(TypeError, match="vocabulary"):
        train_streaming(ids, line_starts, vocabulary.counts)
    with pytest.raises(ValueError, match="power"):
        train_streaming(ids, line_starts, vocabulary, power=-1)


def test_more_threads_than_words():
    ids = np.array([1, 2, 3], dtype=np.int32)
    result = train_streaming(ids, [0], vocabulary_of(ids), hidden_size=H, epochs=2, threads=5)
    assert result.words == 6 and result.targets == 0  # shares of one word: no context


def test_the_teaching_half_does_not_import_numba():
    code = (
        "import sys, edu_w2v, edu_w2v.preprocessing, edu_w2v.training\n"
        "print('numba' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stdout + done.stderr
