"""What the corpus build scripts share: a bundled corpus file and its licence, written so that
a rebuild gives the same bytes, or compared with a rebuild (``--check``).

Used by scripts/build_wordnet_corpus.py and scripts/build_tang_corpus.py.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path


def compress(text: str) -> bytes:
    """gzip -9 with a fixed header (mtime 0, no file name): same text, same bytes."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def check(out: Path, expected: bytes) -> list[str]:
    """Compare the file ``out`` with ``expected`` bytes; return a list of problems."""
    if not out.is_file():
        return [f"{out} does not exist"]
    actual = out.read_bytes()
    if actual == expected:
        return []
    if out.suffix == ".gz" and gzip.decompress(actual) == gzip.decompress(expected):
        return [
            f"{out}: same text but different compressed bytes "
            "(a different zlib build compresses differently)"
        ]
    return [f"{out} differs from what this script builds"]


def add_output_options(parser: argparse.ArgumentParser, corpus: Path, licence: Path) -> None:
    """The options every build script has: --out, --license-out and --check."""
    parser.add_argument(
        "--out", type=Path, default=corpus, help="corpus file (default: %(default)s)"
    )
    parser.add_argument(
        "--license-out",
        type=Path,
        default=licence,
        help="licence file (default: %(default)s)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit with status 1 unless both files are identical to a rebuild",
    )


def write_or_check(args: argparse.Namespace, corpus: str, license_text: str) -> int:
    """Write the compressed corpus and its licence to ``args.out`` and ``args.license_out``, or
    with ``args.check`` only compare them with the files there; the exit status."""
    outputs = {args.out: compress(corpus), args.license_out: license_text.encode("utf-8")}
    if args.check:
        problems = [problem for out, data in outputs.items() for problem in check(out, data)]
        for problem in problems:
            print(f"MISMATCH: {problem}", file=sys.stderr)
        if not problems:
            print(f"OK: {args.out} and {args.license_out} are identical to a rebuild")
        return 1 if problems else 0
    for out, data in outputs.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    n_lines, n_characters = corpus.count("\n"), len(corpus) - corpus.count("\n")
    print(f"wrote {args.out} ({n_lines:,} lines, {n_characters:,} characters, ", end="")
    print(f"{len(outputs[args.out]):,} bytes)")
    print(f"wrote {args.license_out}")
    return 0
