"""From text to word vectors in one call: corpus, model, optimiser and trainer put together.

    text -> ids -> subsampled ids -> (contexts, targets) -> Trainer(FastCBOW | FastSkipGram, SGD)
         -> vectors

The models are the fused fast ones of ``edu_w2v.engines.fast`` (tested equal, step for step, to the
teaching ``CBOW`` / ``SkipGram`` + ``SGD``), or with ``engine="compiled"`` the Numba-compiled
ones of ``edu_w2v.engines.compiled`` (``pip install "edu_w2v[compiled]"``).

The defaults were chosen on the bundled WordNet glosses (about 1.4 M words, 18.6 k words with
count >= 5) to give good neighbours within a minute on 2 cores:

- plain SGD with word2vec's linearly decaying learning rate: every step touches only the rows
  of the batch, which makes a step far cheaper than Adam's, and it trains the vectors better
  than Adam here (Adam's per-coordinate step sizes blow up rare words' vectors);
- one learning rate per weight matrix, ``[lr_in, lr_out]``, for the batch's *mean* loss (per
  example: ``lr / batch_size``), chosen to take the same steps as gensim's word2vec (0.025):
  W_out moves by 0.025 per example; word2vec moves every context word by the whole dh where
  the true gradient gives it dh / m (m ~ 6 words per row on average), so W_in's rate is
  6 x 0.025 = 0.15 per example. Skip-gram: 0.05 per (target, context) pair for both, twice
  the 0.025 that gensim and the C tool start skip-gram with, because it trains only 2 epochs in
  the notebooks (the C tool starts CBOW at 0.05);
- frequent words subsampled with word2vec's formula (threshold 1e-3): faster and better;
- word2vec's dynamic window (``shrink_windows``): nearer context words count more;
- both drawn anew every epoch, as word2vec does (the model sees different data each pass);
- float32 throughout.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from edu_w2v.engines.fast import FastCBOW, FastSkipGram
from edu_w2v.optimizers import SGD
from edu_w2v.preprocessing import (
    Vocabulary,
    build_corpus,
    contexts_and_targets,
    shrink_windows,
    subsample,
    tokenize,
)
from edu_w2v.trainer import Trainer
from edu_w2v.validation import check_int
from edu_w2v.word_vectors import WordVectors

MODELS = {"cbow": FastCBOW, "skipgram": FastSkipGram}
ENGINES = ("numpy", "compiled")


def model_class(model: str, engine: str = "numpy") -> type:
    """The class that trains ``model`` ("cbow" | "skipgram") with ``engine``.

    "numpy": ``edu_w2v.engines.fast``; "compiled": ``edu_w2v.engines.compiled``, imported only
    when asked for (it needs numba, the optional extra ``edu_w2v[compiled]``).
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}, got {model!r}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {list(ENGINES)}, got {engine!r}")
    if engine == "numpy":
        return MODELS[model]
    try:
        compiled = importlib.import_module("edu_w2v.engines.compiled")
    except ImportError as error:
        raise ImportError(
            'engine="compiled" needs numba: pip install "edu_w2v[compiled]" '
            f"(importing it failed: {error})"
        ) from error
    return {"cbow": compiled.CompiledCBOW, "skipgram": compiled.CompiledSkipGram}[model]


@dataclass
class TrainingResult:
    """What ``train_word_vectors`` made: the vectors, and the pieces behind them."""

    vectors: WordVectors
    vocabulary: Vocabulary
    model: FastCBOW | FastSkipGram  # or a compiled model (engine="compiled")
    trainer: Trainer


def default_lr(model: str, batch_size: int) -> tuple[float, float]:
    """SGD learning rates ``[lr_in, lr_out]`` of a batch's mean loss: per example x batch size."""
    per_example = {"cbow": (0.15, 0.025), "skipgram": (0.05, 0.05)}[model]
    return tuple(rate * batch_size for rate in per_example)


def make_epoch_data(
    ids: np.ndarray,
    vocabulary: Vocabulary,
    window: int = 5,
    subsample_threshold: float | None = 1e-3,
    shrink: bool = True,
    seed: int = 0,
) -> Callable[[int], tuple[np.ndarray, np.ndarray]]:
    """A function ``epoch -> (contexts, targets)`` for ``Trainer.fit``.

    Every epoch draws, as word2vec does, a new subsample of the frequent words and a new dynamic
    window for each target: the model sees slightly different data on each pass.
    """

    def epoch_data(epoch: int) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng([seed, epoch])
        kept = subsample(ids, vocabulary.counts, subsample_threshold, rng=rng)
        contexts, targets = contexts_and_targets(kept, window)
        return (shrink_windows(contexts, rng=rng) if shrink else contexts), targets

    return epoch_data


def train_word_vectors(
    text: str,
    model: str = "cbow",
    hidden_size: int = 100,
    window: int = 5,
    epochs: int = 6,
    batch_size: int | None = None,
    lr: float | tuple[float, float] | None = None,
    min_count: int = 5,
    max_size: int | None = None,
    subsample_threshold: float | None = 1e-3,
    sample_size: int = 5,
    shrink: bool = True,
    seed: int = 0,
    progress: bool = True,
    engine: str = "numpy",
    threads: int = 1,
    tokenizer: Callable[[str], list[str]] | None = None,
) -> TrainingResult:
    """Train CBOW (``model="cbow"``) or skip-gram (``"skipgram"``) word vectors on ``text``.

    ``engine``: "numpy" (``edu_w2v.engines.fast``) or "compiled" (``edu_w2v.engines.compiled``,
    needs numba); ``threads``: for the compiled engine only. ``batch_size`` defaults to the model
    class's ``default_batch_size``, ``lr`` to ``default_lr(model, batch_size)``.
    ``tokenizer`` splits ``text`` into words (default ``tokenize``; Penn Treebank text:
    ``tokenize_ptb``, which keeps ``<unk>``, ``N`` and the ``<eos>`` line ends).
    Same arguments and seed, same vectors (with one thread).
    """
    cls = model_class(model, engine)
    threads = check_int(threads, "threads")
    if engine == "numpy" and threads != 1:
        raise ValueError(f'threads={threads} needs engine="compiled": the numpy engine uses one')
    if batch_size is None:
        batch_size = cls.default_batch_size
    extra = {"threads": threads} if engine == "compiled" else {}
    tokenizer = tokenize if tokenizer is None else tokenizer
    ids, vocabulary = build_corpus(text, min_count, max_size, tokenizer=tokenizer)
    epoch_data = make_epoch_data(ids, vocabulary, window, subsample_threshold, shrink, seed)
    network = cls(len(vocabulary), hidden_size, ids, 0.75, sample_size, np.float32, seed, **extra)
    optimizer = SGD(lr=default_lr(model, batch_size) if lr is None else lr)
    trainer = Trainer(network, optimizer, rng=seed)
    trainer.fit(
        epoch_data,
        epochs=epochs,
        batch_size=batch_size,
        progress=progress,
        lr_decay=True,
    )
    vectors = WordVectors(vocabulary.words, network.word_vecs)
    return TrainingResult(vectors, vocabulary, network, trainer)
