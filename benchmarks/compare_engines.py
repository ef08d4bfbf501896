"""Benchmark: the compiled engine (edu_w2v.engines.compiled, 1 and 2 threads) against gensim
(1 and 2 workers).

Same corpus and settings for everyone: the bundled WordNet glosses tokenised by
``edu_w2v.preprocessing``, window 5 (dynamic), 100 dimensions, 5 negatives, min_count 5,
subsampling 1e-3, the same epochs. Both see the corpus as ONE stream of tokens (gensim in
sentences of 10,000 words, its maximum), so windows cross the glosses' line ends for both and they
train on the same number of (target, context) pairs per word (per line, gensim's windows would be
cut at the line ends: about 4.8 instead of 6 context words per target here). The compiled
engine gets each epoch's data from ``edu_w2v.training.make_epoch_data`` (a new subsample and
new windows each epoch), in batches of ``default_batch_size`` targets, with word2vec's learning
rate decaying linearly to 1/10,000 of its start over the whole training (start: ``default_lr``'s
per-example rates). gensim keeps its defaults (alpha 0.025 -> 0.0001).

Reported per run: raw corpus words per second (corpus tokens x epochs / training seconds; the
compiled engine's time includes making each epoch's data, but not the JIT compilation, reported
apart and cached on disk after the first run), the ratio to gensim with 1 worker, analogy
accuracy and WordSim353 / SimLex-999 Spearman rho (gensim's bundled files).

Requires numba and gensim (in the checkout: ``pip install -e ".[compiled,compare]"``).
Run:  python benchmarks/compare_engines.py            (a few minutes)
      python benchmarks/compare_engines.py --quick    (a slice of the corpus, 1 epoch, seconds)
      python benchmarks/compare_engines.py --json results.json
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from edu_w2v.datasets import load_wordnet_glosses
from edu_w2v.engines.compiled import CompiledCBOW, CompiledSkipGram
from edu_w2v.evaluation import evaluate_analogies, evaluate_word_pairs
from edu_w2v.preprocessing import build_corpus, tokenize
from edu_w2v.training import default_lr, make_epoch_data
from edu_w2v.word_vectors import WordVectors

WINDOW, HIDDEN, NEGATIVES, MIN_COUNT, SAMPLE = 5, 100, 5, 5, 1e-3
MODELS = {"cbow": CompiledCBOW, "skipgram": CompiledSkipGram}
DEFAULT_EPOCHS = {"cbow": 5, "skipgram": 2}
QUICK_LINES = 2000
RUNS = (("compiled", 1), ("compiled", 2), ("gensim", 1), ("gensim", 2))  # (engine, threads)
GENSIM_MAX_SENTENCE = 10_000  # gensim's limit on the words of one sentence
WORD_PAIR_FILES = {"WS353": "wordsim353.tsv", "SL999": "simlex999.txt"}
MIN_LR_FRACTION = 1e-4  # the rate decays linearly from lr to lr * 1e-4 (gensim: 0.025 -> 0.0001)
# (model, threads, gensim workers, minimum ratio): the speed targets
SPEED_TARGETS = (
    ("cbow", 1, 1, 1.3),
    ("cbow", 2, 1, 2.2),
    ("cbow", 2, 2, 1.1),
    ("skipgram", 1, 1, 1.2),
)
QUALITY_TOLERANCE = 0.02


@dataclass(frozen=True)
class Run:
    """One training: engine, threads (gensim: workers), speed and quality."""

    model: str
    engine: str
    threads: int
    epochs: int
    raw_words: int
    seconds: float
    compile_seconds: float
    analogy_accuracy: float
    ws353: float
    sl999: float

    @property
    def words_per_second(self) -> float:
        return self.raw_words * self.epochs / self.seconds


def train_compiled(
    model: str, threads: int, epochs: int, text: str
) -> tuple[WordVectors, float, float]:
    """The compiled engine -> (vectors, training seconds without JIT, JIT seconds)."""
    ids, vocabulary = build_corpus(text, min_count=MIN_COUNT)
    epoch_data = make_epoch_data(ids, vocabulary, window=WINDOW, subsample_threshold=SAMPLE)
    net = MODELS[model](
        len(vocabulary), HIDDEN, ids, 0.75, NEGATIVES, np.float32, 0, threads=threads
    )
    start_in, start_out = default_lr(model, 1)  # per-target rates
    batch = net.default_batch_size
    started = time.perf_counter()
    expected = epochs * len(ids)  # targets to visit (about: subsampling drops some)
    seen = 0
    for epoch in range(epochs):
        contexts, targets = epoch_data(epoch)
        for first in range(0, len(targets), batch):
            rows = slice(first, first + batch)
            N = len(targets[rows])
            decay = max(1 - seen / expected, MIN_LR_FRACTION)  # word2vec's linear decay
            net.train_batch(
                contexts[rows], targets[rows], (start_in * decay * N, start_out * decay * N)
            )
            seen += N * len(ids) / len(targets)  # progress in raw words, as word2vec counts
    seconds = time.perf_counter() - started - net.compile_seconds
    return WordVectors(vocabulary.words, net.word_vecs), seconds, net.compile_seconds


def train_gensim(
    model: str, workers: int, epochs: int, text: str
) -> tuple[WordVectors, float, float]:
    """gensim's Word2Vec with the same settings -> (vectors, training seconds, 0)."""
    from gensim.models import Word2Vec

    logging.getLogger("gensim").setLevel(logging.ERROR)
    tokens = tokenize(text)  # one stream, as edu_w2v sees it, in gensim's longest sentences
    sentences = [
        tokens[i : i + GENSIM_MAX_SENTENCE] for i in range(0, len(tokens), GENSIM_MAX_SENTENCE)
    ]
    w2v = Word2Vec(
        vector_size=HIDDEN,
        window=WINDOW,
        min_count=MIN_COUNT,
        sample=SAMPLE,
        negative=NEGATIVES,
        hs=0,
        sg=int(model == "skipgram"),
        cbow_mean=1,
        workers=workers,
        epochs=epochs,
        seed=0,
    )
    w2v.build_vocab(sentences)
    started = time.perf_counter()
    w2v.train(sentences, total_examples=w2v.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - started
    return WordVectors(list(w2v.wv.index_to_key), w2v.wv.vectors), seconds, 0.0


def word_pair_paths() -> dict[str, Path]:
    from gensim.test.utils import datapath

    return {name: Path(datapath(file)) for name, file in WORD_PAIR_FILES.items()}


def measure(model: str, engine: str, threads: int, epochs: int, text: str) -> Run:
    train = train_compiled if engine == "compiled" else train_gensim
    vectors, seconds, compile_seconds = train(model, threads, epochs, text)
    rho = {
        name: evaluate_word_pairs(vectors, path).spearman
        for name, path in word_pair_paths().items()
    }
    return Run(
        model=model,
        engine=engine,
        threads=threads,
        epochs=epochs,
        raw_words=len(tokenize(text)),
        seconds=seconds,
        compile_seconds=compile_seconds,
        analogy_accuracy=evaluate_analogies(vectors).accuracy,
        ws353=rho["WS353"],
        sl999=rho["SL999"],
    )


def compare(models: Sequence[str], epochs: int | None, lines: int | None) -> list[Run]:
    text = "\n".join(load_wordnet_glosses().splitlines()[:lines])
    return [
        measure(model, engine, threads, epochs or DEFAULT_EPOCHS[model], text)
        for model in models
        for engine, threads in RUNS
    ]


def _fmt(value: float, spec: str) -> str:
    return "-" if math.isnan(value) else format(value, spec)


def ratio(runs: Sequence[Run], model: str, threads: int, workers: int) -> float:
    """words/s of the compiled engine with ``threads`` / gensim's with ``workers``."""
    by_key = {(r.model, r.engine, r.threads): r for r in runs}
    ours, theirs = by_key[(model, "compiled", threads)], by_key[(model, "gensim", workers)]
    return ours.words_per_second / theirs.words_per_second


def format_table(runs: Sequence[Run]) -> str:
    rows = [
        f"{'model':<9} {'engine':<9} {'threads':>7} {'epochs':>6} {'seconds':>8} "
        f"{'JIT s':>6} {'words/s':>10} {'vs g1':>6} {'analogies':>9} {'WS353':>6} "
        f"{'SL999':>6}"
    ]
    for r in runs:
        g1 = next(x for x in runs if (x.model, x.engine, x.threads) == (r.model, "gensim", 1))
        rows.append(
            f"{r.model:<9} {r.engine:<9} {r.threads:>7} {r.epochs:>6} {r.seconds:>8.2f} "
            f"{r.compile_seconds:>6.2f} {r.words_per_second:>10,.0f} "
            f"{r.words_per_second / g1.words_per_second:>5.2f}x "
            f"{_fmt(r.analogy_accuracy, '.1%'):>9} {_fmt(r.ws353, '.3f'):>6} "
            f"{_fmt(r.sl999, '.3f'):>6}"
        )
    return "\n".join(rows)


def check_targets(runs: Sequence[Run]) -> list[tuple[str, bool]]:
    """The issue's speed and quality targets: (description, met)."""
    models = {r.model for r in runs}
    checks = []
    for model, threads, workers, wanted in SPEED_TARGETS:
        if model in models:
            got = ratio(runs, model, threads, workers)
            checks.append(
                (
                    f"{model} {threads} thread(s) >= {wanted}x gensim {workers} "
                    f"worker(s) (got {got:.2f}x)",
                    got >= wanted,
                )
            )
    for model in sorted(models):
        by_key = {(r.engine, r.threads): r for r in runs if r.model == model}
        theirs = by_key[("gensim", 1)]
        for threads in (1, 2):
            ours = by_key[("compiled", threads)]
            for name in ("analogy_accuracy", "ws353", "sl999"):
                mine, gensim = getattr(ours, name), getattr(theirs, name)
                checks.append(
                    (
                        f"{model} {threads} thread(s) {name} >= gensim's - "
                        f"{QUALITY_TOLERANCE} ({mine:.3f} vs {gensim:.3f})",
                        bool(mine - gensim >= -QUALITY_TOLERANCE),
                    )
                )
    return checks


def main(argv: Sequence[str] | None = None) -> list[Run]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    parser.add_argument("--epochs", type=int, help=f"epochs (default {DEFAULT_EPOCHS})")
    parser.add_argument("--quick", action="store_true", help=f"first {QUICK_LINES} lines, 1 epoch")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.epochs is not None and args.epochs < 1:
        parser.error(f"--epochs must be >= 1, got {args.epochs}")
    lines, epochs = (QUICK_LINES, args.epochs or 1) if args.quick else (None, args.epochs)
    runs = compare(args.models, epochs, lines)
    print(
        f"bundled WordNet glosses{f' (first {lines:,} lines)' if lines else ''}: "
        f"{runs[0].raw_words:,} words; window {WINDOW}, {HIDDEN} dims, {NEGATIVES} negatives, "
        f"min_count {MIN_COUNT}, sample {SAMPLE:g}"
    )
    print(format_table(runs))
    for description, met in check_targets(runs):
        print(f"target: {description} -> {'met' if met else 'NOT met'}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=1) + "\n")
    return runs


if __name__ == "__main__":
    main()
