"""Rebuild ``edu_w2v/data/wordnet_glosses.txt.gz`` from the WordNet 3.0 database files.

Users never need this script: the corpus ships with the package. It documents (and lets a
maintainer repeat) exactly how the file was made. It needs the Debian package ``wordnet-base``::

    apt-get update && apt-get install -y wordnet-base
    python scripts/build_wordnet_corpus.py            # rewrite the bundled files
    python scripts/build_wordnet_corpus.py --check    # verify they are what this script makes

The corpus has one line per synset, in the order of ``data.noun``, ``data.verb``, ``data.adj``,
``data.adv`` (each file in its own order, which is by byte offset). A line is WordNet's gloss for
that synset, exactly as written in the database after the ``|``, with the surrounding spaces
stripped: a definition, often followed by ``; "quoted example sentences"``, e.g.::

    draw air into, and expel out of, the lungs; "I can breathe better when the air is clean"

The licence header of each data file (the lines that start with two spaces) is not part of the
corpus; it is written to ``WORDNET_LICENSE`` next to the corpus instead.

The file is compressed with gzip level 9, with header mtime 0 and no file name, so that
rebuilding it gives identical bytes (given the same zlib; see ``--check``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bundled_corpus import add_output_options, write_or_check

PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
DATA_DIR = Path(__file__).resolve().parents[1] / "edu_w2v" / "data"
DEFAULT_CORPUS = DATA_DIR / "wordnet_glosses.txt.gz"
DEFAULT_LICENSE = DATA_DIR / "WORDNET_LICENSE"
LICENSE_PREAMBLE = (
    "edu_w2v/data/wordnet_glosses.txt.gz holds the glosses (definitions and example sentences)\n"
    "of WordNet 3.0, taken from its database files data.noun, data.verb, data.adj and data.adv.\n"
    "WordNet is distributed under the following licence, copied from the header of those files:\n"
    "\n"
)


def read_data_file(path: Path) -> tuple[list[str], list[str]]:
    """Split one WordNet ``data.<pos>`` file into (licence lines, gloss lines)."""
    license_lines, glosses = [], []
    with path.open(encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, start=1):
            if line.startswith("  "):  # "  12 use or for distribution.  "
                _number, _, text = line.strip().partition(" ")
                license_lines.append(text)
                continue
            _pointers, separator, gloss = line.partition(" | ")
            if not separator:
                raise ValueError(f"{path}:{line_number}: no ' | ' before the gloss: {line!r}")
            glosses.append(gloss.strip())
    return license_lines, glosses


def read_wordnet(wordnet_dir: Path) -> tuple[str, str]:
    """Return (corpus text, licence text) built from the four data files in ``wordnet_dir``."""
    paths = [wordnet_dir / f"data.{pos}" for pos in PARTS_OF_SPEECH]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise FileNotFoundError(
            f"WordNet data files not found: {', '.join(missing)}. Install them with "
            "`apt-get install wordnet-base` or pass --wordnet-dir."
        )
    license_lines, all_glosses = None, []
    for path in paths:
        header, glosses = read_data_file(path)
        if license_lines is None:
            license_lines = header
        elif header != license_lines:
            raise ValueError(f"{path}: licence header differs from that of {paths[0]}")
        all_glosses.extend(glosses)
    if not license_lines:
        raise ValueError(f"{paths[0]}: no licence header (lines starting with two spaces)")
    corpus = "\n".join(all_glosses) + "\n"
    license_text = LICENSE_PREAMBLE + "\n".join(license_lines).strip() + "\n"
    return corpus, license_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wordnet-dir",
        type=Path,
        default=Path("/usr/share/wordnet"),
        help="folder with data.noun, data.verb, data.adj, data.adv (default: %(default)s)",
    )
    add_output_options(parser, DEFAULT_CORPUS, DEFAULT_LICENSE)
    args = parser.parse_args(argv)

    try:
        corpus, license_text = read_wordnet(args.wordnet_dir)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return write_or_check(args, corpus, license_text)


if __name__ == "__main__":
    sys.exit(main())
