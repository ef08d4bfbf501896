"""From text to word vectors in one call: corpus, model and training put together.

Two engines (``train_word_vectors(engine=...)``):

- "numpy", the pipeline of notebooks 08-09:
      text -> ids -> subsampled ids -> (contexts, targets) -> Trainer(FastCBOW | FastSkipGram,
      SGD) -> vectors
  with the fused models of ``edu_w2v.engines.fast`` (tested equal, step for step, to the
  teaching ``CBOW`` / ``SkipGram`` + ``SGD``);
- "compiled", word2vec.c's way (``edu_w2v.engines.streaming``, needs numba): text -> ids and
  line starts -> one compiled loop that subsamples, draws windows and negatives and updates as
  it walks the stream; no per-epoch arrays. The default where numba can be imported.

The NumPy engine's defaults were chosen on the bundled WordNet glosses (about 1.4 M words,
18.6 k words with count >= 5) to give good neighbours within a minute on 2 cores:

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
import importlib.util
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

from edu_w2v.datasets import load_text
from edu_w2v.engines import INSTALL_NUMBA
from edu_w2v.engines.fast import FastCBOW, FastSkipGram
from edu_w2v.optimizers import SGD
from edu_w2v.preprocessing import (
    Vocabulary,
    build_corpus,
    contexts_and_targets,
    corpus_from_lines,
    keep_probabilities,
    read_corpus,
    shrink_windows,
    subsample,
    tokenize,
)
from edu_w2v.trainer import Trainer
from edu_w2v.validation import check_int
from edu_w2v.word_vectors import WordVectors

MODELS = {"cbow": FastCBOW, "skipgram": FastSkipGram}
ENGINES = ("numpy", "compiled")


def default_engine() -> str:
    """ "compiled" where numba can be imported, else "numpy": what ``engine=None`` trains with."""
    return "compiled" if importlib.util.find_spec("numba") is not None else "numpy"


def _import_engine(module: str) -> ModuleType:
    """``edu_w2v.engines.<module>``, or an ImportError that says how to install numba."""
    try:
        return importlib.import_module(f"edu_w2v.engines.{module}")
    except ImportError as error:
        why = "" if INSTALL_NUMBA in str(error) else f" (importing it failed: {error})"
        raise ImportError(f'engine="compiled" needs numba: {INSTALL_NUMBA}{why}') from error


def model_class(model: str, engine: str = "numpy") -> type:
    """The class that trains ``model`` ("cbow" | "skipgram") with ``engine``.

    "numpy": ``edu_w2v.engines.fast``; "compiled": ``edu_w2v.engines.compiled``, imported only
    when asked for (it needs numba: ``INSTALL_NUMBA``). ``train_word_vectors`` uses the
    streaming engine instead; these classes train through the ``Trainer`` (notebook 13).
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {sorted(MODELS)}, got {model!r}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {list(ENGINES)}, got {engine!r}")
    if engine == "numpy":
        return MODELS[model]
    compiled = _import_engine("compiled")
    return {"cbow": compiled.CompiledCBOW, "skipgram": compiled.CompiledSkipGram}[model]


@dataclass
class TrainingResult:
    """What ``train_word_vectors`` made: the vectors, and how training went.

    ``engine``: the engine that trained them; ``epoch_losses``: the mean loss per target of
    each epoch; ``targets_seen``: targets trained on; ``seconds``: training time.
    ``model`` and ``trainer``: the NumPy engine's model and ``Trainer`` (None for the compiled
    engine, which streams the corpus through ``edu_w2v.engines.streaming``).
    """

    vectors: WordVectors
    vocabulary: Vocabulary
    engine: str
    epoch_losses: list[float]
    targets_seen: int
    seconds: float
    model: FastCBOW | FastSkipGram | None = None
    trainer: Trainer | None = None


class SettingError(ValueError):
    """A training setting that cannot work with this corpus or this machine.

    ``setting``: the argument of ``train_word_vectors`` to change, ``value`` its value and
    ``problem`` what goes wrong (the CLI says it with its own option name).
    """

    def __init__(self, setting: str, value: object, problem: str) -> None:
        super().__init__(f"{setting}={value} {problem}")
        self.setting, self.value, self.problem = setting, value, problem


# Bytes per (word, dimension) while training: W_in and W_out (float32), then the WordVectors
# copy of W_in and its unit vectors: 4 matrices of V x hidden_size x 4 bytes.
BYTES_PER_WORD_AND_DIM = 4 * 4


def memory_size() -> int | None:
    """The machine's physical memory in bytes (None where the OS does not say, e.g. Windows)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def check_settings(
    vocabulary: Vocabulary,
    min_count: int,
    window: int,
    sample_size: int,
    subsample_threshold: float | None,
    hidden_size: int,
) -> None:
    """Refuse, naming the setting to change, a corpus too small for the settings or a model too
    big for the machine's memory (before any array is allocated)."""
    size = len(vocabulary)
    if size < sample_size + 1:
        raise SettingError("min_count", min_count, (
            f"leaves {size} distinct words; training draws {sample_size} other words per target "
            f"as negatives and needs at least {sample_size + 1}: use a bigger corpus or lower it"
        ))  # fmt: skip
    counts = vocabulary.counts
    kept = (counts * keep_probabilities(counts, subsample_threshold)).sum()  # expected, after
    if kept < 2 * window + 1:
        raise SettingError("window", window, (
            f"needs at least 2 * window + 1 = {2 * window + 1} words in a row, but about "
            f"{kept:.0f} of the corpus's {counts.sum():,} words are left after dropping rare and "
            f"subsampling frequent ones: make it smaller or use a bigger corpus"
        ))  # fmt: skip
    needed, memory = BYTES_PER_WORD_AND_DIM * size * hidden_size, memory_size()
    if memory is not None and needed > memory:
        raise SettingError("hidden_size", hidden_size, (
            f"needs about {needed / 1e9:,.1f} GB for {size:,} words (4 matrices of words x "
            f"dimensions, float32), more than this machine's {memory / 1e9:,.1f} GB of memory: "
            f"make it smaller (or drop more rare words)"
        ))  # fmt: skip


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
    text: str | Path,
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
    engine: str | None = None,
    threads: int = 1,
    tokenizer: Callable[[str], list[str]] | None = None,
) -> TrainingResult:
    """Train CBOW (``model="cbow"``) or skip-gram (``"skipgram"``) word vectors on ``text``.

    ``text``: a str is the text itself; a ``pathlib.Path`` is a UTF-8 text file (the compiled
    engine reads it line by line and never holds it whole). Its lines are sentences for the
    compiled engine (windows stop at a line's end); the NumPy engine reads it as one text.
    ``engine``:
    - "numpy": the pipeline of notebooks 08-09 (``make_epoch_data``, the ``Trainer``, the fused
      models of ``edu_w2v.engines.fast``), in batches of ``batch_size`` targets (default: the
      model class's ``default_batch_size``); ``lr`` for a batch's mean loss (default
      ``default_lr(model, batch_size)``);
    - "compiled": ``edu_w2v.engines.streaming`` (needs numba), word2vec.c's loop over the
      token stream, one target at a time, windows stopping at line ends, in ``threads``
      Hogwild threads; ``lr`` for one target (default ``streaming.DEFAULT_LR``);
    - None (the default): "compiled" if numba can be imported, else "numpy"
      (``result.engine`` says which).
    ``tokenizer``, a function text -> words from ``edu_w2v.preprocessing`` or your own, splits
    ``text`` into words: default ``tokenize`` (each Chinese character a word); ``tokenize_jieba``
    (Chinese cut into words by jieba, which must be installed); Penn Treebank text:
    ``tokenize_ptb``, which keeps ``<unk>``, ``N`` and the ``<eos>`` line ends.
    Same arguments and seed, same vectors (with one thread).
    """
    engine = default_engine() if engine is None else engine
    cls = model_class(model, "numpy")  # checks model
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {list(ENGINES)} or None, got {engine!r}")
    threads = check_int(threads, "threads")
    tokenizer = tokenize if tokenizer is None else tokenizer
    if not callable(tokenizer):
        raise TypeError(
            "tokenizer must be a function text -> words, e.g. tokenize or tokenize_jieba from "
            f"edu_w2v.preprocessing, got {type(tokenizer).__name__} {tokenizer!r}"
        )
    if not isinstance(text, (str, Path)):
        raise TypeError(f"text must be a str or a pathlib.Path, got {type(text).__name__}")
    if engine == "compiled":
        if batch_size is not None or not shrink:
            raise ValueError(
                'batch_size and shrink=False are settings of engine="numpy": the compiled '
                "engine trains one target at a time, with word2vec's dynamic window"
            )
        return _train_streaming(text, model, hidden_size, window, epochs, lr, min_count,
                                max_size, subsample_threshold, sample_size, seed, progress,
                                threads, tokenizer)  # fmt: skip
    if threads != 1:
        raise ValueError(f'threads={threads} needs engine="compiled": the numpy engine uses one')
    if batch_size is None:
        batch_size = cls.default_batch_size
    if isinstance(text, Path):
        text = load_text(text)
    ids, vocabulary = build_corpus(text, min_count, max_size, tokenizer=tokenizer)
    check_settings(vocabulary, min_count, window, sample_size, subsample_threshold, hidden_size)
    epoch_data = make_epoch_data(ids, vocabulary, window, subsample_threshold, shrink, seed)
    network = cls(len(vocabulary), hidden_size, ids, 0.75, sample_size, np.float32, seed)
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
    return TrainingResult(vectors, vocabulary, "numpy", trainer.epoch_losses,
                          trainer.targets_seen, trainer.elapsed, network, trainer)  # fmt: skip


def _train_streaming(
    text: str | Path,
    model: str,
    hidden_size: int,
    window: int,
    epochs: int,
    lr: float | tuple[float, float] | None,
    min_count: int,
    max_size: int | None,
    subsample_threshold: float | None,
    sample_size: int,
    seed: int,
    progress: bool,
    threads: int,
    tokenizer: Callable[[str], list[str]],
) -> TrainingResult:
    """``train_word_vectors`` with engine="compiled": the text's lines streamed."""
    streaming = _import_engine("streaming")
    if isinstance(text, Path):
        ids, line_starts, vocabulary = read_corpus(text, min_count, max_size, tokenizer=tokenizer)
    else:
        lines = io.StringIO(text, newline="\n")  # as a file's lines: split at "\n", which stays
        ids, line_starts, vocabulary = corpus_from_lines(lines, min_count, max_size, tokenizer)
    check_settings(vocabulary, min_count, window, sample_size, subsample_threshold, hidden_size)
    run = streaming.train_streaming(
        ids, line_starts, vocabulary, model, hidden_size, window, epochs, lr,
        sample_size=sample_size, subsample_threshold=subsample_threshold, threads=threads,
        seed=seed, progress=progress,
    )  # fmt: skip
    vectors = WordVectors(vocabulary.words, run.W_in)
    return TrainingResult(vectors, vocabulary, "compiled", run.epoch_losses, run.targets,
                          run.seconds)  # fmt: skip
