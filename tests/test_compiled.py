"""The compiled engine does the teaching models' maths, one target at a time."""

import numpy as np
import pytest

compiled = pytest.importorskip("numba") and pytest.importorskip("edu_w2v.compiled")

from edu_w2v.cbow import CBOW  # noqa: E402
from edu_w2v.optimizers import SGD  # noqa: E402
from edu_w2v.preprocessing import PAD  # noqa: E402
from edu_w2v.skip_gram import SkipGram  # noqa: E402

V, H, K = 12, 6, 3
CORPUS = np.arange(60) % V


def batch(seed: int, n: int = 7, c: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Random contexts with PADs (never a whole row) and repeated words, and targets."""
    rng = np.random.default_rng(seed)
    contexts = rng.integers(0, 4, size=(n, c))  # few ids: repeats within and across rows
    contexts[rng.random((n, c)) < 0.3] = PAD
    contexts[:, 0] = rng.integers(0, V, size=n)
    return contexts, rng.integers(0, V, size=n)


def teaching_steps(model, contexts, targets, lr):
    """N teaching SGD steps on batches of ONE target, rate lr / N; their negatives and losses."""
    N = len(targets)
    drawn, losses = [], []
    sampler = model.ns_loss.sampler
    draw = sampler.get_negative_sample
    for n in range(N):
        sampler.get_negative_sample = lambda target, draw=draw: drawn.append(draw(target)) or (
            drawn[-1]
        )
        losses.append(float(model.forward(contexts[n : n + 1], targets[n : n + 1])))
        model.backward()
        rate = tuple(r / N for r in lr) if isinstance(lr, tuple) else lr / N
        SGD(rate).update(model.params, model.grads)
    return drawn, np.mean(losses)


@pytest.mark.parametrize(
    ("teaching", "fast"), [(CBOW, compiled.CompiledCBOW), (SkipGram, compiled.CompiledSkipGram)]
)
@pytest.mark.parametrize("lr", [0.7, (0.4, 0.9)])
def test_one_pass_equals_teaching_steps_one_target_at_a_time(teaching, fast, lr):
    contexts, targets = batch(1)
    model = teaching(V, H, CORPUS, 0.75, K, np.float64)
    engine = fast(V, H, CORPUS, 0.75, K, np.float64, exact=True)
    for p, q in zip(model.params, engine.params, strict=True):
        np.testing.assert_array_equal(p, q)  # same starting weights for the same rng
    model.params[1][:] = engine.params[1][:] = np.random.default_rng(3).normal(size=(V, H))
    for _ in range(2):  # twice: the second pass starts from non-trivial W_out and W_in
        drawn, want_loss = teaching_steps(model, contexts, targets, lr)
        if fast is compiled.CompiledCBOW:
            negatives = np.concatenate(drawn)  # (N, k)
        else:  # one (k,) row per (row, real context column) pair
            negatives = np.zeros(contexts.shape + (K,), dtype=np.int64)
            for n, row_draws in enumerate(drawn):
                negatives[n, contexts[n] != PAD] = row_draws
        loss = engine.train_batch(contexts, targets, lr, negatives=negatives)
        assert loss == pytest.approx(want_loss, rel=1e-10)
        for p, q in zip(model.params, engine.params, strict=True):
            np.testing.assert_allclose(q, p, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("fast", [compiled.CompiledCBOW, compiled.CompiledSkipGram])
def test_reproducible_for_a_fixed_seed_with_one_thread(fast):
    contexts, targets = batch(2, n=50)
    runs = []
    for _ in range(2):
        engine = fast(V, H, CORPUS, 0.75, K, np.float32, 5)
        losses = [engine.train_batch(contexts, targets, 0.5) for _ in range(3)]
        runs.append((losses, engine.params[0].copy(), engine.params[1].copy()))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    np.testing.assert_array_equal(runs[0][2], runs[1][2])
    other = fast(V, H, CORPUS, 0.75, K, np.float32, 6)
    other.train_batch(contexts, targets, 0.5)
    assert not np.array_equal(other.params[1], runs[0][2])


def skewed_task(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A corpus where each word's context is its neighbours: something to learn."""
    rng = np.random.default_rng(seed)
    corpus = np.repeat(rng.integers(0, 30, size=400), 1) % 30
    corpus = np.sort(corpus.reshape(20, 20), axis=1).ravel()  # runs of similar ids
    idx = np.arange(2, len(corpus) - 2)
    contexts = np.stack([corpus[idx - 2], corpus[idx - 1], corpus[idx + 1], corpus[idx + 2]], 1)
    return corpus, contexts, corpus[idx]


@pytest.mark.parametrize("fast", [compiled.CompiledCBOW, compiled.CompiledSkipGram])
@pytest.mark.parametrize("threads", [1, 2])
def test_training_lowers_the_loss(fast, threads):
    if threads > compiled.numba.config.NUMBA_NUM_THREADS:
        pytest.skip("Numba has a single thread here")
    corpus, contexts, targets = skewed_task(0)
    engine = fast(30, 10, corpus, 0.75, 3, np.float32, 0, threads=threads)
    losses = [engine.train_batch(contexts, targets, 0.1 * len(targets)) for _ in range(30)]
    assert np.mean(losses[-5:]) < 0.8 * losses[0]
    assert np.isfinite(engine.params[0]).all()


def test_word_vecs_is_w_in_and_bad_input_is_named():
    engine = compiled.CompiledCBOW(V, H, CORPUS)
    assert engine.word_vecs is engine.params[0]
    assert engine.params[0].dtype == np.float32
    assert compiled.CompiledCBOW.default_batch_size >= 1000
    with pytest.raises(ValueError, match="threads"):
        compiled.CompiledCBOW(V, H, CORPUS, threads=0)
    with pytest.raises(ValueError, match="contexts"):
        engine.train_batch(np.array([[V]]), np.array([0]), 0.1)
    with pytest.raises(ValueError, match="targets"):
        engine.train_batch(np.array([[1]]), np.array([0, 1]), 0.1)


def test_unigram_table_follows_count_to_the_power():
    table = compiled.unigram_table(np.array([0, 1, 1, 1, 1, 2]), 4, 0.5, 10_000)
    share = np.bincount(table, minlength=4) / len(table)
    want = np.array([1, 2, 1, 0]) / 4  # sqrt of the counts 1, 4, 1, 0
    np.testing.assert_allclose(share, want, atol=1e-3)
