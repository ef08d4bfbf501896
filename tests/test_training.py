"""train_word_vectors: the whole pipeline on a small text, reproducible, with clear errors."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

import edu_w2v
from edu_w2v.engines.fast import FastCBOW, FastSkipGram
from edu_w2v.training import (
    SettingError,
    default_engine,
    default_lr,
    model_class,
    train_word_vectors,
)

TEXT = "\n".join(["the cat sat on the mat", "the dog sat on the rug", "a cat and a dog play"] * 40)


@pytest.mark.parametrize("engine", ["numpy", "compiled"])
@pytest.mark.parametrize("model", ["cbow", "skipgram"])
def test_trains_and_is_reproducible(model, engine):
    if engine == "compiled":
        pytest.importorskip("numba")
    kwargs = dict(model=model, hidden_size=8, window=2, epochs=2, min_count=1, engine=engine)
    kwargs["batch_size"] = 20 if engine == "numpy" else None  # the compiled: one target a step
    kwargs["progress"] = False
    kwargs["subsample_threshold"] = None  # a corpus this small would be mostly subsampled away
    first = train_word_vectors(TEXT, **kwargs)
    second = train_word_vectors(TEXT, **kwargs)
    assert first.engine == engine
    assert first.vectors.words == first.vocabulary.words
    assert first.vectors.vectors.shape == (len(first.vocabulary), 8)
    assert first.vectors.vectors.dtype == np.float32
    np.testing.assert_array_equal(first.vectors.vectors, second.vectors.vectors)
    assert len(first.epoch_losses) == 2
    assert first.epoch_losses[1] < first.epoch_losses[0]  # it learns
    assert first.targets_seen > 0 and first.seconds > 0
    other_seed = train_word_vectors(TEXT, **kwargs, seed=1)
    assert not np.array_equal(other_seed.vectors.vectors, first.vectors.vectors)


def test_the_compiled_engine_is_the_streaming_one_on_the_texts_lines():
    pytest.importorskip("numba")
    from edu_w2v.engines.streaming import train_streaming
    from edu_w2v.preprocessing import corpus_from_lines

    settings = dict(hidden_size=8, window=2, epochs=2, seed=3, progress=False)
    result = train_word_vectors(TEXT, engine="compiled", min_count=1, **settings)
    assert result.model is None and result.trainer is None
    ids, line_starts, vocabulary = corpus_from_lines(TEXT.splitlines(keepends=True), min_count=1)
    run = train_streaming(ids, line_starts, vocabulary, **settings)
    np.testing.assert_array_equal(result.vectors.vectors, run.W_in)
    assert result.epoch_losses == run.epoch_losses and result.targets_seen == run.targets


def test_the_default_engine_is_the_compiled_one_where_numba_imports(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)  # no numba
    assert default_engine() == "numpy"
    result = train_word_vectors(TEXT, hidden_size=4, epochs=1, min_count=1, progress=False)
    assert result.engine == "numpy" and isinstance(result.model, FastCBOW)
    monkeypatch.undo()
    pytest.importorskip("numba")
    assert default_engine() == "compiled"
    result = train_word_vectors(TEXT, hidden_size=4, epochs=1, min_count=1, progress=False)
    assert result.engine == "compiled"


def test_numpy_only_settings_are_refused_by_the_compiled_engine():
    pytest.importorskip("numba")
    for numpy_only in ({"batch_size": 20}, {"shrink": False}):
        with pytest.raises(ValueError, match='settings of engine="numpy"'):
            train_word_vectors(TEXT, engine="compiled", min_count=1, **numpy_only)


def test_default_learning_rates_scale_with_the_batch():
    assert default_lr("cbow", 200) == (30.0, 5.0)
    assert default_lr("skipgram", 100) == (5.0, 5.0)


def test_unknown_model_is_an_error():
    with pytest.raises(ValueError, match="model must be one of"):
        train_word_vectors(TEXT, model="glove")


def test_a_tokenizer_can_be_chosen_ptb_keeps_its_markers():
    from pathlib import Path

    from edu_w2v.preprocessing import tokenize_ptb

    text = (Path(__file__).parent / "fixtures" / "ptb.sample.txt").read_text(encoding="utf-8")
    kwargs = dict(hidden_size=4, window=2, epochs=1, min_count=1, progress=False)
    ptb = train_word_vectors(text, tokenizer=tokenize_ptb, **kwargs)
    assert {"<unk>", "<eos>", "N"} <= set(ptb.vocabulary.words)
    plain = train_word_vectors(text, **kwargs)  # the default tokenizer lower-cases and drops "<>"
    assert "<unk>" not in plain.vectors and "unk" in plain.vectors


def test_uses_the_fast_models_and_their_default_batch_size():
    result = train_word_vectors(
        TEXT, hidden_size=4, epochs=1, min_count=1, progress=False, engine="numpy"
    )
    assert isinstance(result.model, FastCBOW)
    assert result.trainer.steps == -(-result.trainer.targets_seen // FastCBOW.default_batch_size)
    skip = train_word_vectors(
        TEXT,
        model="skipgram",
        hidden_size=4,
        epochs=1,
        batch_size=7,
        min_count=1,
        progress=False,
        engine="numpy",
    )
    assert isinstance(skip.model, FastSkipGram)
    assert skip.trainer.steps == -(-skip.trainer.targets_seen // 7)


def test_threads_need_the_compiled_engine_and_unknown_engines_are_errors():
    with pytest.raises(ValueError, match='threads=2 needs engine="compiled"'):
        train_word_vectors(TEXT, threads=2, engine="numpy")
    with pytest.raises(ValueError, match="engine must be one of"):
        train_word_vectors(TEXT, engine="cuda")


@pytest.mark.parametrize("missing", ["numba", "edu_w2v.engines.compiled"])
def test_compiled_engine_without_numba_names_the_extra(monkeypatch, missing):
    monkeypatch.delitem(sys.modules, "edu_w2v.engines.compiled", raising=False)
    monkeypatch.setitem(sys.modules, missing, None)  # import of it fails
    with pytest.raises(ImportError, match=r"needs numba: pip install numba \(in the edu_w2v"):
        model_class("cbow", "compiled")


def test_compiled_engine_is_imported_lazily(monkeypatch):
    fake = types.ModuleType("edu_w2v.engines.compiled")
    fake.CompiledCBOW, fake.CompiledSkipGram = object, int
    monkeypatch.setitem(sys.modules, "edu_w2v.engines.compiled", fake)
    monkeypatch.setattr(edu_w2v, "compiled", fake, raising=False)
    assert model_class("cbow", "compiled") is object
    assert model_class("skipgram", "compiled") is int


def test_settings_that_cannot_work_are_refused_before_a_model_is_built(monkeypatch):
    text = "a b a b a b c " * 30
    with pytest.raises(SettingError, match=r"min_count=1 leaves 3 distinct words") as caught:
        train_word_vectors(text, min_count=1, progress=False)
    assert caught.value.setting == "min_count" and isinstance(caught.value, ValueError)
    with pytest.raises(SettingError, match=r"window=5 needs at least 2 \* window \+ 1 = 11"):
        train_word_vectors(
            "one two three four five six seven eight", min_count=1, sample_size=2, progress=False
        )
    monkeypatch.setattr("edu_w2v.training.memory_size", lambda: 10**6)  # a 1 MB machine
    with pytest.raises(SettingError, match=r"hidden_size=10000 needs about 0.0 GB for 7 words"):
        train_word_vectors(
            text + "d e f g " * 30, min_count=1, hidden_size=10_000, sample_size=2, progress=False
        )
