"""Benchmark, end to end: whole processes from a text file to saved vectors -- edu_w2v's
streaming engine (edu_w2v.engines.streaming) against gensim's Word2Vec, side by side.

What is timed is what a user runs:
``python -m edu_w2v train --corpus FILE --tokenizer whitespace --out vectors.txt``
(the compiled engine: ``edu_w2v.engines.streaming``) and a gensim script of the same length.
The same pre-tokenised file for both: the bundled WordNet glosses tokenised by
``edu_w2v.preprocessing.tokenize``, one gloss per line. The same settings: 100 dimensions,
window 5 (word2vec's dynamic window), 5 negatives, min_count 5, subsampling 1e-3, 6 epochs, and
the same learning rate: edu_w2v's default (``DEFAULT_LR``: 0.05 for W_out, falling linearly to
1e-4 of it) is given to gensim as ``alpha`` and ``min_alpha`` (gensim's own 0.025 trains worse
vectors here, for both models). Both respect line ends: gensim reads the file with LineSentence
(one sentence per line); edu_w2v's command reads it with ``read_corpus`` and trains with
``train_streaming(respect_lines=True)``. Both save the vectors in word2vec's text format.

Every run is a fresh process (this script with ``child``), timed from its start to its exit
(saved vectors); its peak resident memory is its VmHWM (/proc/self/status), read as its last
act. (Not ``wait4``'s ``ru_maxrss``: Linux keeps in it the high-water mark of the image the
child replaced when it started, a copy of the parent.) The runs of both libraries are
interleaved and repeated (``--repeats``, default 3): a run's seconds are the best of its
repeats, its peak memory the highest, its quality the mean. Quality, measured afterwards on the
saved vectors: accuracy on the bundled Google analogy questions (those whose words are all in
the vocabulary) and Spearman rho on WordSim353 and SimLex-999 (gensim's bundled copies).

Memory is compared beyond each library's floor: the same command on a 200-word text, 5 times
over (importing numba alone takes more than importing gensim). A run's "data MiB" = its peak -
its floor.

Also measured: edu_w2v with line ends ignored (``respect_lines=False``; not a command option, so
these runs call the library's functions and show where the time goes: reading, vocabulary,
compiling, training, saving), to choose the default;
and edu_w2v CBOW on the corpus repeated 10 times (14.6 M words, min_count 50: the same
vocabulary), for how time and memory grow with the tokens.
Before anything is timed, one edu_w2v process compiles (or loads) the Numba code into its disk
cache; each run then reports the cache's loading time as "compile".

Requires numba and gensim (``pip install "edu_w2v[compiled,compare]"``).
Run:  python benchmarks/compare_end_to_end.py            (about 20 minutes on 2 slow cores)
      python benchmarks/compare_end_to_end.py --quick    (a slice of the corpus, 1 epoch)
      python benchmarks/compare_end_to_end.py --json benchmarks/compare_end_to_end_results.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

STARTED = time.perf_counter()  # a child's imports are timed from here

ROOT = Path(__file__).resolve().parent.parent  # the children import edu_w2v from this tree
HIDDEN, WINDOW, NEGATIVES, MIN_COUNT, SAMPLE, EPOCHS = 100, 5, 5, 5, 1e-3, 6
ALPHA, MIN_LR_FRACTION = 0.05, 1e-4  # edu_w2v's defaults (DEFAULT_LR's W_out rate), for gensim
TOOLS = ("edu_w2v", "gensim")
MODELS = ("cbow", "skipgram")
FLOOR_WORDS = 200
SCALE = 10
QUICK_LINES = 2000
WORD_PAIR_FILES = {"WS353": "wordsim353.tsv", "SL999": "simlex999.txt"}
QUALITY = ("analogies", "WS353", "SL999")
# the targets: edu_w2v's speed / gensim's (model, threads): at least
SPEED_TARGETS = {("cbow", 1): 1.5, ("skipgram", 1): 1.3, ("cbow", 2): 1.3, ("skipgram", 2): 1.3}
BYTES_PER_TOKEN = 8  # memory beyond the floor: at most gensim's + 8 bytes per corpus token
SCALE_TIME = 1.15  # the x10 corpus: time per word at most 1.15 x the x1 run's
QUALITY_TOLERANCE = 0.02  # each quality number at least gensim's - 0.02
PHASES = ("import", "read", "vocabulary", "compile", "train", "save")


# ---------------------------------------------------------------------------- the child


def child_edu_w2v(args: argparse.Namespace) -> dict[str, float]:
    """What a user runs: ``python -m edu_w2v train --corpus FILE --out vectors.txt`` (the command's
    ``main``, in this process), the compiled engine; returns the seconds of import, training
    (as the command prints it) and the rest (reading, vocabulary, compiling, saving)."""
    import contextlib
    import io
    import re

    if args.ignore_lines:  # not a command option: the library, to choose the default
        return child_edu_w2v_parts(args)
    from edu_w2v.__main__ import main

    phases = {"import": time.perf_counter() - STARTED}
    argv = [
        "train",
        "--corpus",
        str(args.corpus),
        "--tokenizer",
        "whitespace",
        "--engine",
        "compiled",
        "--model",
        args.model,
        "--threads",
        str(args.threads),
        "--epochs",
        str(args.epochs),
        "--dims",
        str(HIDDEN),
        "--window",
        str(WINDOW),
        "--min-count",
        str(args.min_count),
        "--out",
        str(args.out),
        "--show",
    ]
    printed = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    if code != 0:
        raise SystemExit(f"python -m edu_w2v {' '.join(argv)} exited with {code}")
    trained = re.search(r"targets in ([\d.]+) s", printed.getvalue())
    phases["train"] = float(trained[1])
    phases["other"] = time.perf_counter() - started - phases["train"]
    return phases


def child_edu_w2v_parts(args: argparse.Namespace) -> dict[str, float]:
    """Read, train, save with edu_w2v's functions; returns the seconds of each phase."""
    from edu_w2v.engines.streaming import train_streaming
    from edu_w2v.preprocessing import read_corpus
    from edu_w2v.word_vectors import WordVectors

    phases = {"import": time.perf_counter() - STARTED}
    corpus = read_corpus(args.corpus, min_count=args.min_count, timings=phases)
    started = time.perf_counter()
    result = train_streaming(
        corpus.ids,
        corpus.line_starts,
        corpus.vocabulary,
        model=args.model,
        hidden_size=HIDDEN,
        window=WINDOW,
        epochs=args.epochs,
        sample_size=NEGATIVES,
        subsample_threshold=SAMPLE,
        respect_lines=not args.ignore_lines,
        threads=args.threads,
        seed=0,
        progress=False,
    )
    phases["compile"] = result.compile_seconds
    phases["train"] = time.perf_counter() - started - result.compile_seconds
    started = time.perf_counter()
    words, vectors = corpus.vocabulary.words, result.W_in
    del corpus, result  # the ids and W_out: WordVectors copies the vectors
    WordVectors(words, vectors).save_word2vec_format(args.out)
    phases["save"] = time.perf_counter() - started
    return phases


def child_gensim(args: argparse.Namespace) -> dict[str, float]:
    """Read, train, save with gensim (LineSentence: a sentence per line); phases' seconds."""
    import logging

    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence

    phases = {"import": time.perf_counter() - STARTED}
    logging.getLogger("gensim").setLevel(logging.ERROR)
    model = Word2Vec(
        vector_size=HIDDEN,
        window=WINDOW,
        min_count=MIN_COUNT,
        sample=SAMPLE,
        negative=NEGATIVES,
        hs=0,
        sg=int(args.model == "skipgram"),
        cbow_mean=1,
        alpha=ALPHA,
        min_alpha=ALPHA * MIN_LR_FRACTION,
        workers=args.threads,
        epochs=args.epochs,
        seed=0,
    )
    started = time.perf_counter()
    model.build_vocab(LineSentence(args.corpus))  # reads the file once, counts, sorts
    phases["read+vocabulary"] = time.perf_counter() - started
    started = time.perf_counter()
    model.train(LineSentence(args.corpus), total_examples=model.corpus_count, epochs=args.epochs)
    phases["train"] = time.perf_counter() - started  # reads the file again every epoch
    started = time.perf_counter()
    model.wv.save_word2vec_format(args.out)
    phases["save"] = time.perf_counter() - started
    return phases


# ---------------------------------------------------------------------------- the parent


@dataclass(frozen=True)
class Command:
    """One way to train: which library, model, threads (gensim: workers), line ends."""

    tool: str
    model: str
    threads: int
    lines: bool = True  # windows stop at line ends

    def __str__(self) -> str:
        return f"{self.model} {self.tool} {self.threads}{'' if self.lines else ' (lines off)'}"


@dataclass
class Run:
    """A command's measurements on one corpus, over its repeats."""

    tool: str
    model: str
    threads: int
    lines: bool
    corpus: str  # "x1", "x10" or "floor"
    words: int  # tokens in the file
    epochs: int
    seconds: float = math.inf  # whole process, best of the repeats
    peak_mib: float = 0.0  # highest of the repeats
    floor_mib: float = math.nan  # the same command on a 200-word file
    phases: dict[str, float] = field(default_factory=dict)  # of the best repeat
    quality: dict[str, float] = field(default_factory=dict)  # mean over the repeats
    loads: list[float] = field(default_factory=list)  # 1-minute load average at each start
    repeats: int = 0

    @classmethod
    def of(cls, command: Command, corpus: str, words: int, epochs: int) -> Run:
        return cls(
            command.tool, command.model, command.threads, command.lines, corpus, words, epochs
        )

    @property
    def command(self) -> Command:
        return Command(self.tool, self.model, self.threads, self.lines)

    @property
    def data_mib(self) -> float:
        return self.peak_mib - self.floor_mib

    @property
    def words_per_second(self) -> float:
        return self.words * self.epochs / self.seconds


def child_command(
    command: Command, corpus: Path, out: Path, epochs: int, min_count: int = MIN_COUNT
) -> list[str]:
    options = ["--ignore-lines"] if not command.lines else []
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "child",
        command.tool,
        command.model,
        str(command.threads),
        str(corpus),
        str(out),
        "--epochs",
        str(epochs),
        "--min-count",
        str(min_count),
        *options,
    ]


def run_child(
    command: Command, corpus: Path, out: Path, epochs: int, min_count: int = MIN_COUNT
) -> tuple[float, float, dict]:
    """Run one training process; returns (wall seconds, peak RSS MiB, its phases)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    started = time.perf_counter()
    done = subprocess.run(
        child_command(command, corpus, out, epochs, min_count), capture_output=True, env=env
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{done.stderr.decode(errors='replace')}")
    report = json.loads(done.stdout.decode().splitlines()[-1])
    phases = report["phases"]
    phases["other"] = seconds - sum(phases.values()) + phases.get("other", 0.0)  # + start, exit
    return seconds, report["peak_mib"], phases


def word_pair_paths() -> dict[str, Path]:
    from gensim.test.utils import datapath

    return {name: Path(datapath(file)) for name, file in WORD_PAIR_FILES.items()}


def quality_of(vectors_file: Path) -> dict[str, float]:
    """Analogy accuracy and word-pair Spearman rho of saved word2vec-text vectors."""
    from edu_w2v.evaluation import evaluate_analogies, evaluate_word_pairs
    from edu_w2v.word_vectors import WordVectors

    vectors = WordVectors.load_word2vec_format(vectors_file)
    quality = {"analogies": evaluate_analogies(vectors).accuracy}
    for name, path in word_pair_paths().items():
        quality[name] = evaluate_word_pairs(vectors, path).spearman
    return quality


def write_corpora(folder: Path, lines: int | None) -> dict[str, tuple[Path, int]]:
    """The pre-tokenised corpus (x1), 10 times over (x10) and its first 200 words, min_count
    times over (floor: every word kept, as the command refuses a corpus with too few words):
    name -> (path, tokens)."""
    from edu_w2v.datasets import load_wordnet_glosses
    from edu_w2v.preprocessing import tokenize

    glosses = [
        words for words in map(tokenize, load_wordnet_glosses().splitlines()[:lines]) if words
    ]
    text = "".join(" ".join(words) + "\n" for words in glosses)
    tokens = sum(map(len, glosses))
    floor, count = [], 0
    for words in glosses:
        floor.append(" ".join(words) + "\n")
        count += len(words)
        if count >= FLOOR_WORDS:
            break
    files = {
        "x1": (text, tokens),
        f"x{SCALE}": (text * SCALE, tokens * SCALE),
        "floor": ("".join(floor) * MIN_COUNT, count * MIN_COUNT),
    }  # every word kept
    corpora = {}
    for name, (content, size) in files.items():
        path = folder / f"glosses_{name}.txt"
        path.write_text(content, encoding="utf-8")
        corpora[name] = (path, size)
    return corpora


def plan(models: Sequence[str], threads: Sequence[int], lines_off: bool) -> list[Command]:
    """The commands compared on the x1 corpus, edu_w2v and gensim side by side."""
    commands = []
    for model in models:
        for n in threads:
            commands += [Command("edu_w2v", model, n), Command("gensim", model, n)]
        if lines_off:
            commands.append(Command("edu_w2v", model, 1, lines=False))
    return commands


def measure(
    commands: Sequence[Command],
    corpora: dict[str, tuple[Path, int]],
    folder: Path,
    epochs: int,
    repeats: int,
    scale: bool,
    say=print,
) -> list[Run]:
    """Floors first, then ``repeats`` rounds of every run, interleaved; returns the runs."""
    warm = Command("edu_w2v", "cbow", 1)
    say("compiling (or loading) the Numba code once, untimed ...")
    run_child(warm, corpora["floor"][0], folder / "warm.txt", 1)
    runs: dict[tuple[Command, str], Run] = {}
    for command in commands:
        path, words = corpora["floor"]
        floor = runs[command, "floor"] = Run.of(command, "floor", words, epochs)
        floor.seconds, floor.peak_mib, floor.phases = run_child(
            command, path, folder / "floor.txt", epochs
        )
        floor.repeats = 1
    measured = [(command, "x1") for command in commands]
    if scale:
        measured.append((Command("edu_w2v", "cbow", 1), f"x{SCALE}"))
    for repeat in range(repeats):
        order = measured if repeat % 2 == 0 else measured[::-1]  # who goes first alternates
        for command, corpus in order:
            path, words = corpora[corpus]
            run = runs.setdefault((command, corpus), Run.of(command, corpus, words, epochs))
            run.loads.append(os.getloadavg()[0])
            out = folder / f"vectors_{command.tool}.txt"
            # The x10 text is the x1 text 10 times over: with min_count x 10 it keeps the same
            # vocabulary (with 5, every word seen once in x1 would count, tripling it).
            min_count = MIN_COUNT * (SCALE if corpus == f"x{SCALE}" else 1)
            seconds, peak, phases = run_child(command, path, out, epochs, min_count)
            if seconds < run.seconds:
                run.seconds, run.phases = seconds, phases
            run.peak_mib = max(run.peak_mib, peak)
            if corpus == "x1":  # the x10 vectors are those of the same text, 10 times
                for name, value in quality_of(out).items():
                    run.quality[name] = (run.quality.get(name, 0.0) * run.repeats + value) / (
                        run.repeats + 1
                    )
            run.repeats += 1
            say(
                f"  round {repeat + 1}: {command} {corpus}: {seconds:.1f} s, {peak:.0f} MiB "
                f"(load {run.loads[-1]:.2f})"
            )
    for (command, _), run in runs.items():
        run.floor_mib = runs[command, "floor"].peak_mib
    return [run for (_, corpus), run in runs.items() if corpus != "floor"]


# ---------------------------------------------------------------------------- the report


def _find(runs: Sequence[Run], **match) -> Run | None:
    for run in runs:
        if all(getattr(run, key) == value for key, value in match.items()):
            return run
    return None


def gensim_of(runs: Sequence[Run], run: Run) -> Run | None:
    """The gensim run ``run`` is compared with: same model and threads, lines, x1."""
    return _find(runs, tool="gensim", model=run.model, threads=run.threads, lines=True, corpus="x1")


def _number(value: float, spec: str) -> str:
    return "-" if value is None or math.isnan(value) else format(value, spec)


def format_table(runs: Sequence[Run]) -> str:
    header = (
        f"{'model':<9} {'library':<8} {'thr':>3} {'lines':>5} {'corpus':>6} {'seconds':>8}"
        f" {'words/s':>10} {'x gensim':>8} {'peak MiB':>8} {'floor':>6} {'data':>6}"
        f" {'analogies':>9} {'WS353':>6} {'SL999':>6}"
    )
    rows = [header]
    for r in runs:
        theirs = gensim_of(runs, r)
        speed = theirs.seconds / r.seconds if theirs and r.corpus == "x1" else math.nan
        rows.append(
            f"{r.model:<9} {r.tool:<8} {r.threads:>3} {'on' if r.lines else 'off':>5}"
            f" {r.corpus:>6} {r.seconds:>8.1f} {r.words_per_second:>10,.0f}"
            f" {_number(speed, '.2f'):>7}x {r.peak_mib:>8.0f} {r.floor_mib:>6.0f}"
            f" {r.data_mib:>6.1f} {_number(r.quality.get('analogies', math.nan), '.1%'):>9}"
            f" {_number(r.quality.get('WS353', math.nan), '.3f'):>6}"
            f" {_number(r.quality.get('SL999', math.nan), '.3f'):>6}"
        )
    return "\n".join(rows)


def format_profile(runs: Sequence[Run]) -> str:
    """Where the time of each run's best repeat went, in seconds (gensim reads and counts in
    build_vocab, then reads the file again every epoch inside train)."""
    names = ("import", "read", "vocabulary", "read+vocabulary", "compile", "train", "save", "other")
    header = f"{'run':<34}" + "".join(f"{name:>16}" for name in names)
    rows = [header]
    for r in runs:
        label = f"{r.command} {r.corpus}"
        rows.append(
            f"{label:<34}"
            + "".join(f"{_number(r.phases.get(name, math.nan), '.2f'):>16}" for name in names)
        )
    return "\n".join(rows)


@dataclass(frozen=True)
class Target:
    description: str
    met: bool

    def __str__(self) -> str:
        return f"target: {self.description} -> {'met' if self.met else 'NOT met'}"


def check_targets(runs: Sequence[Run]) -> list[Target]:
    """The issue's targets: speed, memory beyond the floor, growth with the corpus, quality."""
    targets = []
    for ours in (r for r in runs if r.tool == "edu_w2v" and r.lines and r.corpus == "x1"):
        theirs = gensim_of(runs, ours)
        if theirs is None:
            continue
        name = f"{ours.model} {ours.threads} thread(s)"
        wanted = SPEED_TARGETS.get((ours.model, ours.threads))
        if wanted is not None:
            speed = theirs.seconds / ours.seconds
            targets.append(
                Target(
                    f"{name} >= {wanted}x gensim's speed, whole process (got "
                    f"{speed:.2f}x: {ours.seconds:.1f} s vs {theirs.seconds:.1f} s)",
                    speed >= wanted,
                )
            )
        allowed = theirs.data_mib + BYTES_PER_TOKEN * ours.words / 2**20
        targets.append(
            Target(
                f"{name} memory beyond the floor <= gensim's + {BYTES_PER_TOKEN} bytes/token (got "
                f"{ours.data_mib:.1f} MiB, allowed {allowed:.1f} MiB)",
                ours.data_mib <= allowed,
            )
        )
        for key in QUALITY:
            mine, gensim = ours.quality.get(key, math.nan), theirs.quality.get(key, math.nan)
            targets.append(
                Target(
                    f"{name} {key} >= gensim's - {QUALITY_TOLERANCE} ({mine:.3f} vs {gensim:.3f})",
                    bool(mine - gensim >= -QUALITY_TOLERANCE),
                )
            )
    small = _find(runs, tool="edu_w2v", model="cbow", threads=1, lines=True, corpus="x1")
    large = _find(runs, tool="edu_w2v", model="cbow", threads=1, lines=True, corpus=f"x{SCALE}")
    if small and large:
        ratio = small.words_per_second / large.words_per_second
        targets.append(
            Target(
                f"x{SCALE} corpus: time per word <= {SCALE_TIME}x the x1 run's (got {ratio:.2f}x)",
                ratio <= SCALE_TIME,
            )
        )
        allowed = small.peak_mib + BYTES_PER_TOKEN * (large.words - small.words) / 2**20
        targets.append(
            Target(
                f"x{SCALE} corpus: peak <= x1's + {BYTES_PER_TOKEN} bytes per added "
                f"token (got {large.peak_mib:.0f} MiB, allowed {allowed:.0f} MiB)",
                large.peak_mib <= allowed,
            )
        )
    return targets


def lines_summary(runs: Sequence[Run]) -> list[str]:
    """edu_w2v with line ends respected and ignored, side by side: the default's numbers."""
    rows = []
    for model in MODELS:
        on = _find(runs, tool="edu_w2v", model=model, threads=1, lines=True, corpus="x1")
        off = _find(runs, tool="edu_w2v", model=model, threads=1, lines=False, corpus="x1")
        if on and off:
            deltas = ", ".join(
                f"{key} {off.quality[key] - on.quality[key]:+.3f}" for key in QUALITY
            )
            rows.append(
                f"lines off vs on, {model}: {deltas}; seconds {off.seconds:.1f} vs {on.seconds:.1f}"
            )
    return rows


def main(argv: Sequence[str] | None = None) -> list[Run]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--threads", nargs="+", type=int, choices=(1, 2), default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3, help="rounds of runs (default 3)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--no-scale", action="store_true", help=f"skip the x{SCALE} corpus")
    parser.add_argument(
        "--no-lines-off", action="store_true", help="skip edu_w2v with line ends ignored"
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"first {QUICK_LINES} lines, 1 epoch, 1 round"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.epochs < 1:
        parser.error("--repeats and --epochs must be >= 1")
    lines, epochs, repeats = (
        (QUICK_LINES, 1, 1) if args.quick else (None, args.epochs, args.repeats)
    )
    commands = plan(args.models, args.threads, not args.no_lines_off)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="edu_w2v_e2e_") as folder:
        corpora = write_corpora(Path(folder), lines)
        runs = measure(commands, corpora, Path(folder), epochs, repeats, not args.no_scale)
    load_after = os.getloadavg()
    x1 = corpora["x1"][1]
    part = f" (first {lines:,} lines)" if lines else ""
    print(
        f"\nend to end, pre-tokenised WordNet glosses{part}: {x1:,} words "
        f"(x{SCALE}: {SCALE * x1:,}); {HIDDEN} dims, window {WINDOW}, "
        f"{NEGATIVES} negatives, min_count {MIN_COUNT}, sample {SAMPLE:g}, {epochs} epochs; "
        f"best of {repeats} interleaved rounds; load average (1, 5, 15 min) "
        f"{', '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{', '.join(f'{x:.2f}' for x in load_after)} after; {os.cpu_count()} cores"
    )
    print(format_table(runs))
    print("\nwhere the time goes (seconds, best round):")
    print(format_profile(runs))
    print()
    for row in lines_summary(runs):
        print(row)
    for target in check_targets(runs):
        print(target)
    if args.json:
        results = {
            "load_before": load_before,
            "load_after": load_after,
            "cores": os.cpu_count(),
            "runs": [asdict(run) for run in runs],
        }
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return runs


def child_main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description="one training process (internal)")
    parser.add_argument("tool", choices=TOOLS)
    parser.add_argument("model", choices=MODELS)
    parser.add_argument("threads", type=int)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--ignore-lines", action="store_true")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args(argv)
    phases = (child_edu_w2v if args.tool == "edu_w2v" else child_gensim)(args)
    print(json.dumps({"phases": phases, "peak_mib": peak_rss_mib()}))


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM), MiB; Linux only."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB -> MiB
    raise RuntimeError("no VmHWM in /proc/self/status: this benchmark needs Linux")


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        child_main(sys.argv[2:])
    else:
        main()
