"""Benchmark: edu_w2v's fast trainer side by side with gensim's Word2Vec -- speed, quality, memory.

Both libraries train on the bundled WordNet glosses, tokenised by ``edu_w2v.preprocessing``
(gensim gets one sentence per line, edu_w2v one stream of the same tokens), with the same
settings: window 5 (word2vec's dynamic window), 100 dimensions, 5 negatives, min_count 5,
subsampling threshold 1e-3, the same number of epochs, 1 worker thread for gensim. Each library
keeps its own learning-rate schedule (edu_w2v: ``train_word_vectors``'s defaults; gensim: its
defaults, alpha 0.025 decaying linearly).

For each model (CBOW, skip-gram) and library it reports:

  words/s     raw corpus words per second of training: corpus tokens x epochs / training seconds
              (the same count for both libraries; vocabulary building is not timed);
  analogies   accuracy on the Google analogy questions whose four words are in the vocabulary;
  WS353, SL999  Spearman rho on gensim's bundled WordSim353 and SimLex-999 pairs;
  peak MiB    peak resident memory of the process that trained it.

Every training runs in a fresh child process (multiprocessing, "spawn"), so its peak memory is
its own and counts gensim's C allocations too. (The peak is read from /proc/self/status VmHWM;
``ru_maxrss`` would not do: a spawned child inherits its parent's peak.)

gensim is optional (``pip install gensim``); without it only edu_w2v is measured.
Run:  python benchmarks/compare_gensim.py            (about 3 minutes)
      python benchmarks/compare_gensim.py --models cbow --epochs 10
      python benchmarks/compare_gensim.py --quick      (a slice of the corpus, 1 epoch)
      python benchmarks/compare_gensim.py --json benchmarks/compare_gensim_results.json
                                              (the stored results notebook 12 and the README quote)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import math
import multiprocessing
import resource
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from edu_w2v.datasets import load_wordnet_glosses
from edu_w2v.evaluation import evaluate_analogies, evaluate_word_pairs
from edu_w2v.preprocessing import tokenize
from edu_w2v.training import train_word_vectors
from edu_w2v.word_vectors import WordVectors

WINDOW, HIDDEN, NEGATIVES, MIN_COUNT, SAMPLE = 5, 100, 5, 5, 1e-3
MODELS = ("cbow", "skipgram")
LIBRARIES = ("edu_w2v", "gensim")
DEFAULT_EPOCHS = {"cbow": 6, "skipgram": 2}  # a skip-gram epoch costs ~6 CBOW epochs
QUICK_LINES = 2000  # --quick: the first 2,000 lines (~25 k words), 1 epoch
WORD_PAIR_FILES = {"WS353": "wordsim353.tsv", "SL999": "simlex999.txt"}  # in gensim's test data
SPEED_TARGETS = {"cbow": 0.35, "skipgram": 0.30}  # edu_w2v words/s at least this x gensim's
QUALITY_TOLERANCE = 0.02  # accuracy and WS353 / SL999 rho at most this much below gensim's
GENSIM_MISSING = "gensim not installed: measuring edu_w2v only (pip install gensim)"


def gensim_installed() -> bool:
    """True when gensim can be imported (checked without importing it)."""
    return importlib.util.find_spec("gensim") is not None


@dataclass(frozen=True)
class RunResult:
    """One library's training of one model: speed, quality and memory."""

    library: str
    model: str
    epochs: int
    raw_words: int  # corpus tokens (one epoch)
    vocabulary: int  # words with count >= min_count
    seconds: float  # training time, all epochs
    peak_mib: float  # peak resident memory of the training process, MiB
    analogy_accuracy: float  # on the covered Google analogy questions (NaN: none covered)
    analogies_answered: int  # covered questions
    rho: dict[str, float]  # Spearman rho per word-pair file (empty without gensim's files)
    king_analogy: str  # the top answer to man : king :: woman : ? ("-" if not answerable)

    @property
    def words_per_second(self) -> float:
        return self.raw_words * self.epochs / self.seconds


def corpus_lines(lines: int | None = None) -> list[str]:
    """The bundled corpus, one gloss per line; only the first ``lines`` if given."""
    return load_wordnet_glosses().splitlines()[:lines]


def peak_rss_mib() -> float:
    """Peak resident memory of this process in MiB.

    Linux: VmHWM of /proc/self/status, the peak of this process's own memory. Elsewhere
    ``ru_maxrss`` (which, after spawn, may include the parent's peak: an upper bound).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**10  # kB -> MiB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes / KiB -> MiB


def train_edu_w2v(model: str, epochs: int, lines: list[str]) -> tuple[WordVectors, float]:
    """edu_w2v's fast trainer (``train_word_vectors``: ``edu_w2v.engines.fast``)
    -> (vectors, seconds)."""
    result = train_word_vectors(
        "\n".join(lines),
        model=model,
        hidden_size=HIDDEN,
        window=WINDOW,
        epochs=epochs,
        min_count=MIN_COUNT,
        subsample_threshold=SAMPLE,
        sample_size=NEGATIVES,
        seed=0,
        progress=False,
        engine="numpy",
    )
    return result.vectors, result.seconds


def train_gensim(model: str, epochs: int, lines: list[str]) -> tuple[WordVectors, float]:
    """gensim's Word2Vec with 1 worker, the same settings -> (vectors, training seconds)."""
    from gensim.models import Word2Vec

    logging.getLogger("gensim").setLevel(logging.ERROR)  # no progress log on stderr
    sentences = [words for words in map(tokenize, lines) if words]
    w2v = Word2Vec(
        vector_size=HIDDEN,
        window=WINDOW,
        min_count=MIN_COUNT,
        sample=SAMPLE,
        negative=NEGATIVES,
        hs=0,
        sg=int(model == "skipgram"),
        cbow_mean=1,
        workers=1,
        epochs=epochs,
        seed=0,
    )
    w2v.build_vocab(sentences)
    started = time.perf_counter()
    w2v.train(sentences, total_examples=w2v.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - started
    return WordVectors(list(w2v.wv.index_to_key), w2v.wv.vectors), seconds


def word_pair_paths() -> dict[str, Path]:
    """gensim's WordSim353 and SimLex-999 files, by short name ({} without gensim)."""
    if not gensim_installed():
        return {}
    from gensim.test.utils import datapath

    return {name: Path(datapath(file)) for name, file in WORD_PAIR_FILES.items()}


def measure_run(library: str, model: str, epochs: int, lines: int | None = None) -> RunResult:
    """Train ``model`` with ``library`` in *this* process and measure it (see the module doc)."""
    if library not in LIBRARIES:
        raise ValueError(f"library must be one of {LIBRARIES}, got {library!r}")
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    text_lines = corpus_lines(lines)
    train = train_edu_w2v if library == "edu_w2v" else train_gensim
    vectors, seconds = train(model, epochs, text_lines)
    peak_mib = peak_rss_mib()  # read before evaluating: the peak of loading and training
    analogies = evaluate_analogies(vectors)
    rho = {
        name: evaluate_word_pairs(vectors, path).spearman
        for name, path in word_pair_paths().items()
    }
    king = "-"
    if all(word in vectors for word in ("man", "king", "woman")):
        king = vectors.analogy("man", "king", "woman", top=1)[0][0]
    return RunResult(
        library=library,
        model=model,
        epochs=epochs,
        raw_words=sum(len(tokenize(line)) for line in text_lines),
        vocabulary=len(vectors),
        seconds=seconds,
        peak_mib=peak_mib,
        analogy_accuracy=analogies.accuracy,
        analogies_answered=analogies.total,
        rho=rho,
        king_analogy=king,
    )


def run_in_child(library: str, model: str, epochs: int, lines: int | None = None) -> RunResult:
    """``measure_run`` in a fresh child process (spawned: nothing inherited but the arguments)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as child:
        return child.submit(measure_run, library, model, epochs, lines).result()


def compare(
    models: Sequence[str] = MODELS,
    epochs: int | None = None,
    lines: int | None = None,
) -> list[RunResult]:
    """Train each model with edu_w2v and (if installed) gensim, one child process per training.

    ``epochs``: for every model (default ``DEFAULT_EPOCHS``); ``lines``: use only the first
    ``lines`` lines of the corpus (default: all of it).
    """
    for model in models:
        if model not in MODELS:
            raise ValueError(f"models must be among {MODELS}, got {model!r}")
    if epochs is not None and (
        isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1
    ):
        raise ValueError(f"epochs must be None or an int >= 1, got {epochs!r}")
    libraries = LIBRARIES if gensim_installed() else LIBRARIES[:1]
    return [
        run_in_child(library, model, epochs or DEFAULT_EPOCHS[model], lines)
        for model in models
        for library in libraries
    ]


def _number(value: float, spec: str) -> str:
    return "-" if math.isnan(value) else format(value, spec)


def format_table(results: Sequence[RunResult]) -> str:
    """The results as a text table, one row per (model, library); ratio = words/s vs gensim."""
    gensim_speed = {r.model: r.words_per_second for r in results if r.library == "gensim"}
    pair_names = list(WORD_PAIR_FILES)
    header = (
        f"{'model':<9} {'library':<8} {'epochs':>6} {'seconds':>8} {'words/s':>10} {'ratio':>6}"
        f" {'analogies':>9} {'covered':>7} {'WS353':>6} {'SL999':>6} {'peak MiB':>8}"
        "  man:king::woman:?"
    )
    rows = [header]
    for r in results:
        ratio = r.words_per_second / gensim_speed[r.model] if r.model in gensim_speed else math.nan
        rhos = [_number(r.rho.get(name, math.nan), ".3f") for name in pair_names]
        rows.append(
            f"{r.model:<9} {r.library:<8} {r.epochs:>6} {r.seconds:>8.1f}"
            f" {r.words_per_second:>10,.0f} {_number(ratio, '.2f'):>5}x"
            f" {_number(r.analogy_accuracy, '.1%'):>9} {r.analogies_answered:>7,}"
            f" {rhos[0]:>6} {rhos[1]:>6} {r.peak_mib:>8.0f}  {r.king_analogy}"
        )
    return "\n".join(rows)


@dataclass(frozen=True)
class Target:
    """One of the issue's targets for edu_w2v and whether this run met it."""

    description: str
    met: bool

    def __str__(self) -> str:
        return f"target: {self.description} -> {'met' if self.met else 'NOT met'}"


def check_targets(results: Sequence[RunResult]) -> list[Target]:
    """The speed and quality targets of each model, edu_w2v against gensim."""
    by_key = {(r.library, r.model): r for r in results}
    targets = []
    for model in MODELS:
        ours, theirs = by_key.get(("edu_w2v", model)), by_key.get(("gensim", model))
        if ours is None or theirs is None:
            continue
        ratio = ours.words_per_second / theirs.words_per_second
        targets.append(
            Target(
                f"{model} words/s >= {SPEED_TARGETS[model]}x gensim's (got {ratio:.3f}x)",
                ratio >= SPEED_TARGETS[model],
            )
        )
        for name, ours_value, theirs_value in (
            ("analogy accuracy", ours.analogy_accuracy, theirs.analogy_accuracy),
            ("WS353 rho", ours.rho.get("WS353", math.nan), theirs.rho.get("WS353", math.nan)),
            ("SL999 rho", ours.rho.get("SL999", math.nan), theirs.rho.get("SL999", math.nan)),
        ):
            gap = ours_value - theirs_value
            targets.append(
                Target(
                    f"{model} {name} >= gensim's - {QUALITY_TOLERANCE} "
                    f"({ours_value:.3f} vs {theirs_value:.3f})",
                    bool(gap >= -QUALITY_TOLERANCE),  # False when either is NaN
                )
            )
    return targets


def main(argv: Sequence[str] | None = None) -> list[RunResult]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument(
        "--epochs", type=int, help=f"epochs for every model (default {DEFAULT_EPOCHS})"
    )
    parser.add_argument("--quick", action="store_true", help=f"first {QUICK_LINES} lines, 1 epoch")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.epochs is not None and args.epochs < 1:
        parser.error(f"--epochs must be >= 1, got {args.epochs}")
    lines, epochs = (QUICK_LINES, args.epochs or 1) if args.quick else (None, args.epochs)

    if not gensim_installed():
        print(GENSIM_MISSING)
    results = compare(args.models, epochs, lines)
    first = results[0]
    print(
        f"bundled WordNet glosses{f' (first {lines:,} lines)' if lines else ''}: "
        f"{first.raw_words:,} words, vocabulary {first.vocabulary:,} (min_count {MIN_COUNT}); "
        f"window {WINDOW}, {HIDDEN} dims, {NEGATIVES} negatives, sample {SAMPLE:g}, 1 worker"
    )
    print(format_table(results))
    if not gensim_installed():
        print("targets not checked: they compare with gensim")
    for target in check_targets(results):
        print(target)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n")
    return results


if __name__ == "__main__":
    main()
