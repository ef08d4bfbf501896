"""Benchmark: the compiled engine (edu_w2v.compiled, Numba) against gensim, 1 and 2 threads.

The same corpus and settings as ``compare_gensim.py`` (the bundled WordNet glosses; window 5 with
word2vec's dynamic window, 100 dimensions, 5 negatives, min_count 5, subsampling 1e-3, the same
epochs). Each epoch draws its data with ``edu_w2v.training.make_epoch_data`` and the compiled
model walks it in corpus order (as word2vec does) in batches of ``default_batch_size`` targets,
with the learning rate decaying linearly to 1e-4 of its start (word2vec's schedule). Training time
includes making each epoch's data; the JIT compile time is measured apart (``compile``; Numba
caches it on disk, so a second run of this script loads it instead of compiling).

Reported per model and engine: raw words/s (corpus tokens x epochs / training seconds), the
analogy accuracy, WordSim353 and SimLex-999 Spearman rho (gensim's test files), and the ratios the
issue targets. Results are also written to ``benchmarks/results/compare_engines.json``.

Needs numba and gensim (``pip install "edu_w2v[compiled,compare]"``).
Run:  python benchmarks/compare_engines.py            (a few minutes)
      python benchmarks/compare_engines.py --quick    (a slice of the corpus, 1 epoch)
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import numpy as np

from edu_w2v.compiled import CompiledCBOW, CompiledSkipGram
from edu_w2v.datasets import load_wordnet_glosses
from edu_w2v.evaluation import evaluate_analogies, evaluate_word_pairs
from edu_w2v.preprocessing import build_corpus, tokenize
from edu_w2v.training import make_epoch_data
from edu_w2v.word_vectors import WordVectors

WINDOW, HIDDEN, NEGATIVES, MIN_COUNT, SAMPLE = 5, 100, 5, 5, 1e-3
EPOCHS = {"cbow": 6, "skipgram": 2}
RATES = {"cbow": (0.15, 0.025), "skipgram": (0.05, 0.05)}  # per target, as train_word_vectors
ENGINES = {"cbow": CompiledCBOW, "skipgram": CompiledSkipGram}
WORD_PAIR_FILES = {"WS353": "wordsim353.tsv", "SL999": "simlex999.txt"}
RESULTS = Path(__file__).parent / "results" / "compare_engines.json"


def train_compiled(model: str, threads: int, epochs: int, text: str) -> tuple[WordVectors, dict]:
    """The compiled engine with word2vec's decaying rate -> (vectors, timings)."""
    ids, vocabulary = build_corpus(text, min_count=MIN_COUNT)
    network = ENGINES[model](len(vocabulary), HIDDEN, ids, 0.75, NEGATIVES, np.float32, 0,
                             threads=threads)
    compile_seconds = network.compile()
    epoch_data = make_epoch_data(ids, vocabulary, WINDOW, SAMPLE, seed=0)
    batch = network.default_batch_size
    start_in, start_out = RATES[model]
    started = time.perf_counter()
    for epoch in range(epochs):
        contexts, targets = epoch_data(epoch)
        for first in range(0, len(targets), batch):
            done = (epoch + first / len(targets)) / epochs  # share of the training behind us
            decay = max(1 - done, 1e-4)
            n = len(targets[first : first + batch])
            network.train_batch(contexts[first : first + batch], targets[first : first + batch],
                                (start_in * decay * n, start_out * decay * n))
    seconds = time.perf_counter() - started
    return WordVectors(vocabulary.words, network.word_vecs), {
        "seconds": seconds, "compile_seconds": compile_seconds}


def train_gensim(model: str, workers: int, epochs: int, text: str) -> tuple[WordVectors, dict]:
    """gensim's Word2Vec with ``workers`` threads and the same settings."""
    from gensim.models import Word2Vec

    logging.getLogger("gensim").setLevel(logging.ERROR)
    sentences = [words for words in map(tokenize, text.splitlines()) if words]
    w2v = Word2Vec(vector_size=HIDDEN, window=WINDOW, min_count=MIN_COUNT, sample=SAMPLE,
                   negative=NEGATIVES, hs=0, sg=int(model == "skipgram"), cbow_mean=1,
                   workers=workers, epochs=epochs, seed=0)
    w2v.build_vocab(sentences)
    started = time.perf_counter()
    w2v.train(sentences, total_examples=w2v.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - started
    return WordVectors(list(w2v.wv.index_to_key), w2v.wv.vectors), {"seconds": seconds}


def quality(vectors: WordVectors) -> dict:
    """Analogy accuracy and the word-pair Spearman rhos."""
    from gensim.test.utils import datapath

    result = {"analogies": evaluate_analogies(vectors).accuracy}
    for name, file in WORD_PAIR_FILES.items():
        result[name] = evaluate_word_pairs(vectors, Path(datapath(file))).spearman
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 lines, 1 epoch")
    parser.add_argument("--models", nargs="+", default=list(EPOCHS), choices=list(EPOCHS))
    args = parser.parse_args(argv)
    text = load_wordnet_glosses()
    if args.quick:
        text = "\n".join(text.splitlines()[:2000])
    raw_words = len(tokenize(text))
    rows = []
    for model in args.models:
        epochs = 1 if args.quick else EPOCHS[model]
        for engine, threads in (("gensim", 1), ("gensim", 2), ("compiled", 1), ("compiled", 2)):
            train = train_gensim if engine == "gensim" else train_compiled
            vectors, timing = train(model, threads, epochs, text)
            row = {"model": model, "engine": engine, "threads": threads, "epochs": epochs,
                   "words_per_second": raw_words * epochs / timing["seconds"], **timing,
                   **quality(vectors)}
            rows.append(row)
            print(f"{model:8} {engine:8} threads={threads}  {row['words_per_second']:>10,.0f} w/s"
                  f"  analogies {row['analogies']:.3f}  WS353 {row['WS353']:.3f}"
                  f"  SL999 {row['SL999']:.3f}"
                  + (f"  (compile {row['compile_seconds']:.1f} s)" if engine == "compiled" else ""),
                  flush=True)
    speed = {(r["model"], r["engine"], r["threads"]): r["words_per_second"] for r in rows}
    print("\nratios (targets from issue 13):")
    for model, threads, versus, target in (
        ("cbow", 1, 1, 1.3), ("cbow", 2, 1, 2.2), ("cbow", 2, 2, 1.1), ("skipgram", 1, 1, 1.2)
    ):
        if (model, "compiled", threads) in speed:
            ratio = speed[model, "compiled", threads] / speed[model, "gensim", versus]
            print(f"  {model:8} compiled {threads} thread(s) / gensim {versus} worker(s): "
                  f"{ratio:.2f}x (target {target}x)")
    if not args.quick:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({"raw_words": raw_words, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
