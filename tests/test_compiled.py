"""The compiled engine: one target at a time, exactly the teaching model's SGD steps."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from helpers import ROOT

pytest.importorskip("numba")

from edu_w2v.cbow import CBOW  # noqa: E402
from edu_w2v.engines.compiled import CompiledCBOW, CompiledSkipGram, alias_table  # noqa: E402
from edu_w2v.optimizers import SGD  # noqa: E402
from edu_w2v.preprocessing import PAD  # noqa: E402
from edu_w2v.skip_gram import SkipGram  # noqa: E402

V, H, K = 30, 6, 3
CORPUS = np.arange(V).repeat(3)


def distinct_rows(rng: np.random.Generator, N: int, n_words: int) -> np.ndarray:
    """(N, n_words) ids, distinct within a row (a target's output words must be distinct)."""
    return np.stack([rng.permutation(V)[:n_words] for _ in range(N)])


def cbow_case(rng: np.random.Generator, N: int = 7, C: int = 4):
    words = distinct_rows(rng, N, 1 + K)
    targets, negatives = words[:, 0], words[:, 1:]
    contexts = rng.integers(0, V, size=(N, C))
    contexts[:, 1] = contexts[:, 0]  # a repeated context word
    contexts[rng.random((N, C)) < 0.3] = PAD
    contexts[:, 0] = rng.integers(0, V, size=N)  # at least one real word per row
    return contexts, targets, negatives


def skip_gram_case(rng: np.random.Generator, N: int = 6, C: int = 4):
    words = distinct_rows(rng, N, C * (1 + K) + 1)  # contexts and every negative of a row
    targets = words[:, 0]
    contexts = words[:, 1 : C + 1].copy()
    negatives = words[:, C + 1 :].reshape(N, C, K)
    contexts[rng.random((N, C)) < 0.3] = PAD
    contexts[:, 0] = words[:, 1]
    return contexts, targets, negatives


def teaching_steps(model, contexts, targets, negatives, lr):
    """N teaching steps on batches of one target, rate lr / N each; the mean of their losses."""
    N = len(targets)
    sampler = model.ns_loss.sampler
    optimizer = SGD([rate / N for rate in lr])
    losses = []
    for i in range(N):
        real = contexts[i] != PAD
        imposed = negatives[i][real] if negatives.ndim == 3 else negatives[i : i + 1]
        sampler.get_negative_sample = lambda target, imposed=imposed: imposed
        window = contexts[i][real][None, :]  # a full window of the row's real words, no PAD
        losses.append(float(model.forward(window, targets[i : i + 1])))
        model.backward()
        optimizer.update(model.params, model.grads)
    return np.mean(losses)


@pytest.mark.parametrize(
    ("teaching", "compiled", "case"),
    [(CBOW, CompiledCBOW, cbow_case), (SkipGram, CompiledSkipGram, skip_gram_case)],
)
def test_one_batch_is_n_teaching_steps_of_one_target(teaching, compiled, case):
    rng = np.random.default_rng(5)
    contexts, targets, negatives = case(rng)
    lr = (0.9, 0.7)
    reference = teaching(V, H, CORPUS, 0.75, K, np.float64, 0)
    fast = compiled(V, H, CORPUS, 0.75, K, np.float64, 0)
    for _ in range(2):  # the second pass starts from non-zero W_out
        expected = teaching_steps(reference, contexts, targets, negatives, lr)
        loss = fast.train_batch(contexts, targets, lr, negatives=negatives, exact=True)
        assert loss == pytest.approx(expected, rel=1e-9)
    for ours, theirs in zip(fast.params, reference.params, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    assert not np.allclose(fast.params[1], 0)  # the test did move the weights


def test_same_initial_weights_as_the_teaching_model():
    reference = CBOW(V, H, CORPUS, 0.75, K, np.float32, 3)
    fast = CompiledCBOW(V, H, CORPUS, 0.75, K, np.float32, 3)
    for ours, theirs in zip(fast.params, reference.params, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert fast.word_vecs is fast.params[0]


def test_alias_table_gives_exactly_count_to_the_power():
    corpus = np.array([0] * 16 + [1] * 1 + [3] * 81 + [4] * 7)  # word 2 never occurs
    keep, alias = alias_table(corpus, 5, 0.75)
    assert ((0 <= keep) & (keep <= 1)).all()
    implied = keep.copy()  # a cell gives keep[i] to word i and the rest to alias[i]
    np.add.at(implied, alias, 1 - keep)
    p = np.array([16, 1, 0, 81, 7]) ** 0.75
    np.testing.assert_allclose(implied / 5, p / p.sum(), atol=1e-12)
    assert keep[2] == 0  # a word that never occurs is never drawn


def structured_batch(N: int = 3000):
    """Targets whose contexts are their neighbours mod V: a pattern a model can learn."""
    rng = np.random.default_rng(0)
    targets = rng.integers(0, V, size=N)
    contexts = (targets[:, None] + np.array([-2, -1, 1, 2])) % V
    return contexts, targets


@pytest.mark.parametrize("compiled", [CompiledCBOW, CompiledSkipGram])
def test_reproducible_with_one_thread_and_a_fixed_seed(compiled):
    contexts, targets = structured_batch(500)
    runs = []
    for seed in (1, 1, 2):
        model = compiled(V, H, CORPUS, 0.75, K, np.float32, seed)
        losses = [model.train_batch(contexts, targets, 50.0) for _ in range(3)]
        runs.append((losses, model.params[0].copy(), model.params[1].copy()))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    np.testing.assert_array_equal(runs[0][2], runs[1][2])
    assert not np.array_equal(runs[0][2], runs[2][2])  # another seed, other negatives


@pytest.mark.parametrize("compiled", [CompiledCBOW, CompiledSkipGram])
@pytest.mark.parametrize("threads", [1, 2])
def test_training_lowers_the_loss(compiled, threads):
    contexts, targets = structured_batch()
    model = compiled(V, H, CORPUS, 0.75, K, np.float32, 0, threads=threads)
    lr = 0.05 * len(targets)
    losses = [model.train_batch(contexts, targets, lr) for _ in range(8)]
    assert losses[-1] < 0.7 * losses[0]
    assert model.compile_seconds >= 0


def test_bad_arguments_raise_naming_them():
    with pytest.raises(ValueError, match="threads"):
        CompiledCBOW(V, H, CORPUS, threads=0)
    with pytest.raises(ValueError, match="corpus"):
        CompiledCBOW(V, H, np.array([0, V]))
    model = CompiledCBOW(V, H, CORPUS)
    with pytest.raises(ValueError, match="word ids"):
        model.train_batch(np.array([[0, 1]]), np.array([V]), 1.0)
    with pytest.raises(ValueError, match="context word"):
        model.train_batch(np.array([[PAD, PAD]]), np.array([0]), 1.0)


def test_compare_engines_quick_run_prints_and_saves_every_run(tmp_path, monkeypatch, capsys):
    pytest.importorskip("gensim")
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import compare_engines

    monkeypatch.setattr(compare_engines, "QUICK_LINES", 300)
    saved = tmp_path / "runs.json"
    runs = compare_engines.main(["--quick", "--models", "cbow", "--json", str(saved)])
    assert [(r.engine, r.threads) for r in runs] == list(compare_engines.RUNS)
    assert all(r.epochs == 1 and r.seconds > 0 and r.raw_words > 0 for r in runs)
    printed = capsys.readouterr().out
    assert "cbow 2 thread(s) >= 2.2x gensim 1 worker(s)" in printed
    assert len(json.loads(saved.read_text())) == 4
    assert compare_engines.ratio(runs, "cbow", 1, 1) == pytest.approx(
        runs[0].words_per_second / runs[2].words_per_second
    )


def test_a_drawn_negative_equal_to_the_target_is_skipped():
    corpus = np.zeros(10, dtype=np.int64)  # P(0) = 1: every draw is word 0, the target
    model = CompiledCBOW(3, H, corpus, 0.75, 5, np.float64, 0)
    loss = model.train_batch(np.array([[1, 2]]), np.array([0]), 0.5, exact=True)
    assert loss == pytest.approx(np.log(2), abs=1e-12)  # only the positive term: -log sigma(0)
    np.testing.assert_array_equal(model.params[1][1:], 0)  # no negative row was touched
    assert np.any(model.params[1][0] != 0)


def test_without_numba_the_import_error_names_the_extra():
    code = (
        "import sys; sys.modules['numba'] = None\n"
        "try:\n    import edu_w2v.engines.compiled\n"
        "except ImportError as error:\n    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "pip install numba" in done.stdout, done.stdout + done.stderr
