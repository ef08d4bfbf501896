"""Command line: ``python -m edu_w2v COMMAND``.

Commands:
  source-run   print the source run (the 5-word negative-sampling experiment), byte for byte
  train        train CBOW or skip-gram word vectors (bundled WordNet corpus by default)
  similar      the nearest words of a word
  analogy      a : b :: c : ?
  evaluate     accuracy on Google's analogy questions (and word-pair files, if given)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from edu_w2v import source_run

if TYPE_CHECKING:
    from edu_w2v.word_vectors import WordVectors

DEFAULT_SHOW = ("king", "red", "three", "year", "water")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m edu_w2v",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("source-run", help="print the source run, byte for byte")

    train = commands.add_parser("train", help="train word vectors")
    train.add_argument(
        "--corpus",
        default="wordnet",
        help="'wordnet' (bundled, offline), 'ptb' (downloads the Penn Treebank once), "
        "or the path of a UTF-8 text file (default: wordnet)",
    )
    train.add_argument("--model", choices=["cbow", "skipgram"], default="cbow")
    train.add_argument("--epochs", type=int, default=6)
    train.add_argument("--dims", type=int, default=100, help="vector size (default: 100)")
    train.add_argument("--window", type=int, default=5, help="context words on each side")
    train.add_argument("--batch", type=int, default=200, help="batch size (default: 200)")
    train.add_argument(
        "--lr",
        type=float,
        nargs="+",
        default=None,
        metavar="LR",
        help="SGD learning rate of a batch's mean loss: one, or two (W_in, W_out)",
    )
    train.add_argument("--min-count", type=int, default=5, help="drop rarer words (default: 5)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument(
        "--out", type=Path, default=None, help="save the vectors: .npz, or .txt (word2vec text)"
    )
    train.add_argument(
        "--show", nargs="*", default=list(DEFAULT_SHOW), help="words whose neighbours to print"
    )

    similar = commands.add_parser("similar", help="the nearest words of WORD")
    similar.add_argument("vectors", type=Path, help="a .npz or word2vec .txt file")
    similar.add_argument("word")
    similar.add_argument("--top", type=int, default=10)

    analogy = commands.add_parser("analogy", help="A is to B as C is to ?")
    analogy.add_argument("vectors", type=Path, help="a .npz or word2vec .txt file")
    analogy.add_argument("a")
    analogy.add_argument("b")
    analogy.add_argument("c")
    analogy.add_argument("--top", type=int, default=5)

    evaluate = commands.add_parser("evaluate", help="analogy accuracy of VECTORS")
    evaluate.add_argument("vectors", type=Path, help="a .npz or word2vec .txt file")
    evaluate.add_argument(
        "--restrict", type=int, default=None, help="use only the N most frequent words"
    )
    evaluate.add_argument(
        "--pairs", type=Path, nargs="*", default=[], help="word-pair similarity files (WordSim353)"
    )
    return parser


def load_vectors(path: Path) -> WordVectors:
    from edu_w2v.word_vectors import WordVectors

    if path.suffix == ".npz":
        return WordVectors.load(path)
    return WordVectors.load_word2vec_format(path)


def save_vectors(vectors: WordVectors, path: Path) -> None:
    if path.suffix == ".npz":
        vectors.save(path)
    else:
        vectors.save_word2vec_format(path)


def load_corpus(name: str) -> str:
    from edu_w2v import datasets

    if name == "wordnet":
        return datasets.load_wordnet_glosses()
    if name == "ptb":
        return datasets.load_ptb("train")
    return datasets.load_text(name)


def run_train(args: argparse.Namespace) -> None:
    from edu_w2v.training import train_word_vectors

    text = load_corpus(args.corpus)
    result = train_word_vectors(
        text,
        model=args.model,
        hidden_size=args.dims,
        window=args.window,
        epochs=args.epochs,
        batch_size=args.batch,
        lr=None if args.lr is None else args.lr[0] if len(args.lr) == 1 else tuple(args.lr),
        min_count=args.min_count,
        seed=args.seed,
    )
    trainer = result.trainer
    print(
        f"trained {args.model} on {trainer.targets_seen:,} targets in {trainer.elapsed:.1f} s; "
        f"vocabulary {len(result.vocabulary):,} words; "
        f"final epoch loss {trainer.epoch_losses[-1]:.4f}"
    )
    for word in args.show:
        if word in result.vectors:
            print(f"\nnearest to {word!r}:\n{result.vectors.most_similar(word, top=5)}")
        else:
            print(f"\n{word!r} is not in the vocabulary")
    if args.out is not None:
        save_vectors(result.vectors, args.out)
        print(f"\nsaved to {args.out}")


def run_evaluate(args: argparse.Namespace) -> None:
    from edu_w2v.evaluation import evaluate_analogies, evaluate_word_pairs

    vectors = load_vectors(args.vectors)
    print(evaluate_analogies(vectors, restrict=args.restrict))
    for path in args.pairs:
        print(f"\n{path.name}: {evaluate_word_pairs(vectors, path)}")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "source-run":
            source_run.run_source_experiment(trace=True)
        elif args.command == "train":
            run_train(args)
        elif args.command == "similar":
            print(load_vectors(args.vectors).most_similar(args.word, top=args.top))
        elif args.command == "analogy":
            print(load_vectors(args.vectors).analogy(args.a, args.b, args.c, top=args.top))
        elif args.command == "evaluate":
            run_evaluate(args)
    except (KeyError, ValueError, TypeError, OSError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
