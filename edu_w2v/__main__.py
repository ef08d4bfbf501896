"""The command line, ``python -m edu_w2v COMMAND`` (installed as ``edu-w2v COMMAND``):
train word vectors on a text file or the bundled corpus, then look at them.

Commands: source-run, train, similar, analogy, evaluate, explore, classroom (see
``build_parser``).
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from edu_w2v import source_run
from edu_w2v.engines import INSTALL_NUMBA
from edu_w2v.explorer import DEFAULT_WORDS

if TYPE_CHECKING:
    from edu_w2v.word_vectors import WordVectors

DEFAULT_SHOW = ("king", "red", "three", "year", "water")
# the bundled Tang poems: moon, mountain, spring, wine (one character, one token)
TANG_SHOW = ("月", "山", "春", "酒")
BUNDLED = ("wordnet", "tang", "ptb")
# What `--out` writes, by extension (compared case-insensitively: V.NPZ is an .npz file).
OUTPUT_FORMATS = {".npz": "edu_w2v .npz", ".txt": "word2vec text"}
# train_word_vectors' settings, as this command's options
OPTIONS = {"min_count": "--min-count", "window": "--window", "hidden_size": "--dims"}
INTERRUPTED = 130  # the shell's exit code after Ctrl-C (128 + SIGINT)


class CommandError(Exception):
    """A problem with what the user asked for: printed as one line, exit code 2."""


def int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse ``type``: the text as an int >= minimum, else an error naming the option."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            message = f"expected an int >= {minimum}, got {text!r}"
            raise argparse.ArgumentTypeError(message) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be an int >= {minimum}, got {value}")
        return value

    return parse


def positive_number(text: str) -> float:
    """An argparse ``type``: the text as a finite float > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


class DefaultsShown(argparse.HelpFormatter):
    """Help that ends each option's text with its default, where it has one."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.default is None or not action.option_strings or action.nargs == 0:
            return text
        default = action.default
        shown = " ".join(default) if isinstance(default, list) else "%(default)s"
        return f"{text} (default: {shown})"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m edu_w2v",
        description="word2vec with negative sampling: train word vectors on a text file or the "
        "bundled corpus, then look at them. 'python -m edu_w2v COMMAND --help' tells more.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=summary, description=summary,
            formatter_class=DefaultsShown,
        )  # fmt: skip

    command("source-run", "print the source run (the 5-word experiment the series grew from)")
    train = command(
        "train", "train CBOW or skip-gram word vectors (the bundled WordNet glosses by default)"
    )
    train.add_argument(
        "--corpus",
        default="wordnet",
        help="'wordnet' (bundled, offline), 'tang' (the Complete Tang Poems, bundled, offline; "
        "Chinese characters, or words with --tokenizer jieba), 'ptb' (downloads the Penn "
        "Treebank once), or the path of a UTF-8 text file",
    )
    train.add_argument(
        "--tokenizer",
        choices=["letters", "jieba", "whitespace"],
        default="letters",
        help="how the text is cut into words: 'letters' (runs of letters of any language, "
        "lowercased; each Chinese character a word), 'jieba' (the same, but Chinese cut into "
        "words by jieba: pip install jieba) or 'whitespace' (text already cut into words, e.g. "
        "segmented Chinese; kept as it is)",
    )
    train.add_argument("--model", choices=["cbow", "skipgram"], default="cbow", help="the model")
    train.add_argument("--epochs", type=int_at_least(1), default=6, help="passes over the corpus")
    train.add_argument("--dims", type=int_at_least(1), default=100, help="vector size")
    train.add_argument(
        "--window", type=int_at_least(1), default=5, help="context words on each side"
    )
    train.add_argument(
        "--batch",
        type=int_at_least(1),
        default=None,
        help="targets per batch, numpy engine only (none: the model's own, e.g. 200 for CBOW)",
    )
    train.add_argument(
        "--lr",
        type=positive_number,
        nargs="+",
        default=None,
        metavar="LR",
        help="learning rate at the start: one, or two (W_in, W_out); compiled engine: of one "
        "target, numpy: of a batch's mean loss; none: the engine's own",
    )
    train.add_argument("--min-count", type=int_at_least(1), default=5, help="drop rarer words")
    train.add_argument(
        "--seed", type=int_at_least(0), default=0, help="the same seed gives the same vectors"
    )
    train.add_argument(
        "--engine",
        choices=["auto", "compiled", "numpy"],
        default="auto",
        help="compiled: word2vec's loop compiled by numba, reading the corpus as a stream (the "
        "fast one); numpy: the notebooks' pipeline; auto: compiled if numba is installed",
    )
    train.add_argument(
        "--threads", type=int_at_least(1), default=1, help="threads of the compiled engine"
    )
    train.add_argument(
        "--out",
        type=Path,
        default=None,
        help="save the vectors to this file: .npz, or .txt (word2vec's text format, which "
        "gensim reads); without --out nothing is saved",
    )
    train.add_argument(
        "--show",
        nargs="*",
        default=None,
        help=f"words whose neighbours to print (default: {' '.join(DEFAULT_SHOW)}; "
        f"for --corpus tang: {' '.join(TANG_SHOW)})",
    )

    similar = command("similar", "the nearest words of WORD")
    similar.add_argument("vectors", type=Path, help="a .npz or word2vec .txt file")
    similar.add_argument("word")
    similar.add_argument("--top", type=int_at_least(1), default=10, help="how many words")

    analogy = command("analogy", "A is to B as C is to ? (the words nearest to B - A + C)")
    analogy.add_argument("vectors", type=Path, help="a .npz or word2vec .txt file")
    analogy.add_argument("a")
    analogy.add_argument("b")
    analogy.add_argument("c")
    analogy.add_argument("--top", type=int_at_least(1), default=5, help="how many words")

    evaluate = command(
        "evaluate", "accuracy on Google's analogy questions (and on word-pair files, if given)"
    )
    evaluate.add_argument("vectors", type=Path, help="a .npz or word2vec .txt file")
    evaluate.add_argument(
        "--restrict", type=int_at_least(1), default=None, help="use only the N most frequent words"
    )
    evaluate.add_argument(
        "--pairs", type=Path, nargs="*", default=[], help="word-pair similarity files (WordSim353)"
    )
    add_explore_command(command)
    classroom = command(
        "classroom",
        "write the exercises as an nbgrader course in DIR: solutions in nbgrader's regions, "
        "graded cells that award points per stage of the checks (see TEACHING.md)",
    )
    classroom.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    classroom.add_argument(
        "--language", choices=["en", "zh"], default="en", help="the edition of the exercises"
    )
    classroom.add_argument(
        "--lessons-url",
        metavar="URL",
        default=None,
        help="the address of the series' website (make site), where the exercises' links to the "
        "lessons will point (none: they are left as text)",
    )
    classroom.add_argument(
        "--exercises",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="the exercise notebooks (none: exercises/ of the clone, or exercises/zh/)",
    )
    return parser


def add_explore_command(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    explore = command(
        "explore",
        "write a web page that searches the vectors: nearest words, analogies, a 2-D map "
        "(open DIR/index.html; it needs no network)",
    )
    explore.add_argument(
        "vectors",
        type=Path,
        nargs="+",
        help="a .npz or word2vec .txt file; give two (e.g. CBOW and skip-gram) to see them "
        "side by side",
    )
    explore.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="the folder to write (made if missing): index.html and its three files",
    )
    explore.add_argument(
        "--words",
        type=int_at_least(1),
        default=DEFAULT_WORDS,
        metavar="N",
        help="export the N first words of each file (the most frequent, in files edu_w2v or "
        "word2vec wrote)",
    )
    explore.add_argument(
        "--language", choices=["en", "zh"], default="en", help="the page's language"
    )


def check_train_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The checks of `train`'s options that argparse cannot do alone; run before any work."""
    if args.lr is not None and len(args.lr) > 2:
        parser.error(f"argument --lr: give one rate, or two (W_in, W_out), got {len(args.lr)}")
    if args.engine == "auto":
        from edu_w2v.training import default_engine

        args.engine = default_engine()
        args.engine_chosen = True
    if args.threads != 1 and args.engine != "compiled":
        parser.error("argument --threads: only the compiled engine runs several threads"
                     + (" (numba is not installed)" if getattr(args, "engine_chosen", False)
                        else ""))  # fmt: skip
    if args.batch is not None and args.engine != "numpy":
        parser.error("argument --batch: only --engine numpy trains in batches (the compiled "
                     "engine trains one target at a time)")  # fmt: skip
    if args.out is not None:
        problem = output_problem(args.out, args.corpus)
        if problem:
            parser.error(f"argument --out: {problem}")


def output_problem(out: Path, corpus: str) -> str | None:
    """Why the vectors cannot be saved to `out` (checked before training), or None."""
    if out.suffix.lower() not in OUTPUT_FORMATS:
        accepted = " or ".join(f"{suffix} ({name})" for suffix, name in OUTPUT_FORMATS.items())
        got = f"ends in {out.suffix!r}" if out.suffix else "has no extension"
        return f"{str(out)!r} {got}; the vectors are saved as {accepted}, in any letter case"
    folder = out.parent
    if not folder.is_dir():
        return f"the folder {str(folder)!r} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {str(folder)!r} is not writable"
    if out.is_dir():
        return f"{str(out)!r} is a folder"
    if corpus not in BUNDLED and out.exists() and Path(corpus).exists():
        if os.path.samefile(out, corpus):
            return f"{str(out)!r} is the corpus file itself; saving would overwrite it"
    return None


def load_vectors(path: Path) -> WordVectors:
    from edu_w2v.word_vectors import WordVectors

    if path.suffix.lower() == ".npz":
        return WordVectors.load(path)
    return WordVectors.load_word2vec_format(path)


def save_vectors(vectors: WordVectors, path: Path) -> None:
    """Save as .npz or word2vec text, by the extension (any case); atomic, as WordVectors saves."""
    if path.suffix.lower() == ".npz":
        vectors.save(path)
    else:
        vectors.save_word2vec_format(path)


def explore_folder_problem(out: Path) -> str | None:
    """Why `explore` cannot write its page into the folder `out` (checked first), or None."""
    from edu_w2v.explorer.page import CODE, DATA_SCRIPT

    if out.exists() and not out.is_dir():
        return f"{str(out)!r} is a file; give a folder for the page and its files"
    folder = out if out.is_dir() else out.parent
    if not folder.is_dir():
        return f"the folder {str(folder)!r} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {str(folder)!r} is not writable"
    if out.is_dir():
        ours = {"index.html", DATA_SCRIPT, *CODE}
        others = sorted(p.name for p in out.iterdir() if p.name not in ours)
        if others:
            return (
                f"the folder {str(out)!r} holds files that explore did not write "
                f"({others[0]!r}); give a new or empty folder"
            )
    return None


def load_corpus(
    name: str, tokenizer: str = "letters"
) -> tuple[str | Path, Callable[[str], list[str]]]:
    """The corpus `name` (its text, or the Path of a text file) and the tokenizer that splits
    it (PTB: its own); 'jieba' without jieba installed is a CommandError saying how to get it."""
    from edu_w2v import datasets
    from edu_w2v.preprocessing import (
        import_jieba,
        tokenize,
        tokenize_jieba,
        tokenize_ptb,
        tokenize_whitespace,
    )

    if name == "ptb":
        return datasets.load_ptb("train"), tokenize_ptb
    split = {"letters": tokenize, "jieba": tokenize_jieba, "whitespace": tokenize_whitespace}
    if tokenizer == "jieba":
        try:
            import_jieba()
        except ImportError as error:
            raise CommandError(str(error)) from error
    if name == "wordnet":
        return datasets.load_wordnet_glosses(), split[tokenizer]
    if name == "tang":
        return datasets.load_tang_poems(), split[tokenizer]
    path = Path(name).expanduser()
    if not path.exists():
        raise CommandError(f"no such file: {path} (nor a bundled corpus: {', '.join(BUNDLED)})")
    if path.is_dir():
        raise CommandError(f"{path} is a folder; give the path of a text file")
    return path, split[tokenizer]


def engine_options(args: argparse.Namespace) -> dict[str, object]:
    """The engine keywords for train_word_vectors (the engine is never left to its default:
    the CLI says which one it uses)."""
    if args.engine == "compiled" and importlib.util.find_spec("numba") is None:
        raise CommandError(f"--engine compiled needs numba: {INSTALL_NUMBA}")
    options: dict[str, object] = {"engine": args.engine}
    if args.batch is not None:
        options["batch_size"] = args.batch
    if args.threads != 1:
        options["threads"] = args.threads
    return options


def engine_line(args: argparse.Namespace) -> str:
    """Which engine trains, and why, in one line."""
    if args.engine == "compiled":
        threads = f"{args.threads} thread" + ("s" if args.threads > 1 else "")
        return f"engine: compiled (numba), {threads}"
    if getattr(args, "engine_chosen", False):
        return f"engine: numpy (numba is not installed; for the faster engine: {INSTALL_NUMBA})"
    return "engine: numpy"


def run_train(args: argparse.Namespace) -> None:
    from edu_w2v import training

    options = engine_options(args)
    text, tokenizer = load_corpus(args.corpus, args.tokenizer)
    print(engine_line(args), flush=True)
    lr = None if args.lr is None else args.lr[0] if len(args.lr) == 1 else tuple(args.lr)
    try:
        # A learning rate too large makes the weights overflow: stop at the first overflow or
        # NaN (the Trainer also stops on a NaN loss) and say which option to change.
        with np.errstate(over="raise", invalid="raise"):
            result = training.train_word_vectors(
                text,
                model=args.model,
                hidden_size=args.dims,
                window=args.window,
                epochs=args.epochs,
                lr=lr,
                min_count=args.min_count,
                seed=args.seed,
                tokenizer=tokenizer,
                **options,
            )
    except training.SettingError as error:
        raise CommandError(f"{OPTIONS[error.setting]} {error.value} {error.problem}") from error
    except FloatingPointError as error:
        rate = "the default --lr" if args.lr is None else f"--lr {' '.join(map(str, args.lr))}"
        reason = str(error).split(";")[0]  # "overflow encountered in matmul", "loss is nan ..."
        raise CommandError(
            f"training diverged ({reason}): {rate} is too large, try a smaller --lr"
        ) from error
    print(
        f"trained {args.model} on {result.targets_seen:,} targets in {result.seconds:.1f} s; "
        f"vocabulary {len(result.vocabulary):,} words; "
        f"final epoch loss {result.epoch_losses[-1]:.4f}"
    )
    show = args.show
    if show is None:  # the corpus's own words
        show = TANG_SHOW if args.corpus == "tang" else DEFAULT_SHOW
    for word in show:
        if word in result.vectors:
            print(f"\nnearest to {word!r}:\n{result.vectors.most_similar(word, top=5)}")
        else:
            print(f"\n{word!r} is not in the vocabulary")
    if args.out is not None:
        save_vectors(result.vectors, args.out)
        print(f"\nsaved to {args.out}")


def run_lookup(args: argparse.Namespace) -> None:
    """`similar` and `analogy`: an unknown word is the user's mistake, reported in one line."""
    vectors = load_vectors(args.vectors)
    try:
        if args.command == "similar":
            print(vectors.most_similar(args.word, top=args.top))
        else:
            print(vectors.analogy(args.a, args.b, args.c, top=args.top))
    except KeyError as error:  # WordVectors.index: "'zebra' is not in the vocabulary of ..."
        raise CommandError(error.args[0]) from error


def run_evaluate(args: argparse.Namespace) -> None:
    from edu_w2v.evaluation import evaluate_analogies, evaluate_word_pairs

    vectors = load_vectors(args.vectors)
    print(evaluate_analogies(vectors, restrict=args.restrict))
    for path in args.pairs:
        print(f"\n{path.name}: {evaluate_word_pairs(vectors, path)}")


def run_explore(args: argparse.Namespace) -> None:
    """`explore`: the explorer page of one or more vectors files, in the folder --out."""
    problem = explore_folder_problem(args.out)
    if problem:
        raise CommandError(f"argument --out: {problem}")
    from edu_w2v.explorer.export import export_model
    from edu_w2v.explorer.page import DATA_SCRIPT, write_explorer

    models = [export_model(path.name, load_vectors(path), args.words) for path in args.vectors]
    words = models[0].words
    search = next((word for word in (*DEFAULT_SHOW, *TANG_SHOW) if word in words), words[0])
    analogy = ("man", "king", "woman") if {"man", "king", "woman"} <= set(words) else ("", "", "")
    page = write_explorer(args.out, models, args.language, search, analogy)
    size = (args.out / DATA_SCRIPT).stat().st_size
    counts = " and ".join(f"{len(model.words):,} words of {model.name}" for model in models)
    print(f"wrote {page}: {counts}, {size / 1e6:.1f} MB; open it in a browser (no network needed)")


def run_classroom(args: argparse.Namespace) -> None:
    """`classroom`: the nbgrader course in DIR, and what to do next."""
    from edu_w2v.classroom import write_course

    assignments = write_course(args.dir, args.language, args.exercises, args.lessons_url)
    graded = [a for a in assignments if a.points]
    points = sum(a.points for a in graded)
    print(
        f"wrote the course {args.dir}: {len(assignments)} assignments in source/, "
        f"{len(graded)} of them graded ({points} points), and nbgrader_config.py"
    )
    for assignment in assignments:
        print(f"  {assignment.name:<28} {assignment.points:>2} points")
    print(
        f"next, the students' version in {args.dir}/release/, with the clone's .venv active: "
        f'cd {args.dir} && nbgrader generate_assignment "*" (make classroom does both); '
        'the steps after it: notebooks/TEACHING.md ("A course with nbgrader")'
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code: 0, 2 (an error, one line on stderr), 130 (Ctrl-C).

    Caught here are only the errors bad input is expected to raise: ours (CommandError), a file
    that is missing or unreadable (OSError), a file or corpus that is not what it should be
    (ValueError). Anything else is a bug and keeps its traceback.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "train":
        check_train_options(parser, args)
    try:
        if args.command == "source-run":
            source_run.run_source_experiment(trace=True)
        elif args.command == "train":
            run_train(args)
        elif args.command in ("similar", "analogy"):
            run_lookup(args)
        elif args.command == "evaluate":
            run_evaluate(args)
        elif args.command == "explore":
            run_explore(args)
        elif args.command == "classroom":
            run_classroom(args)
    except (CommandError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        unsaved = f"; {args.out} was not written" if getattr(args, "out", None) else ""
        print(f"\ninterrupted{unsaved}", file=sys.stderr)
        return INTERRUPTED
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
