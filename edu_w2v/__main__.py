"""Command line: ``python -m edu_w2v COMMAND``.

Commands:
  source-run   print the source run (the 5-word negative-sampling experiment), byte for byte
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from edu_w2v import source_run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m edu_w2v", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("source-run", help="print the source run, byte for byte")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "source-run":
        source_run.run_source_experiment(trace=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
