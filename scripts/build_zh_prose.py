"""Rebuild ``edu_w2v/data/zh_edition_prose.txt.gz``: the prose of this series' Chinese edition.

Users never need this script: the text ships with the package, for lesson 14's comparison of
characters and words on modern Chinese. It documents (and lets a maintainer repeat) exactly how
the file was made::

    python scripts/build_zh_prose.py            # rewrite the corpus and its licence
    python scripts/build_zh_prose.py --check    # verify they are what this script makes

The source is this repository itself at a fixed commit (``SOURCE_COMMIT``), read with ``git
show``, so the corpus does not change when the Chinese edition is edited later (the lesson's
numbers would otherwise move with every correction of its wording); a clone with its history is
needed. Taken, at that commit: the Markdown cells of the Chinese lessons and exercises
(``notebooks/zh/*.ipynb``, ``exercises/zh/*.ipynb``, in file-name order) and the Chinese
Markdown files (``SOURCE_FILES``). Not taken: code cells, their outputs, and everything in
English.

Cleaning (``prose_of``), so that what is left is running text a reader reads:

1. Fenced code blocks, display maths ``$$...$$``, inline maths ``$...$``, inline code, HTML tags
   and the targets of links (``[text](target)`` keeps ``text``) are removed.
2. Markdown's marks are removed: a heading's "#" (the heading becomes a paragraph of its own),
   list bullets and numbers and quote marks (each item stays apart from the next by a space),
   table rules and pipes (a table becomes a paragraph of its cells' text), emphasis asterisks.
3. Paragraphs (separated by blank lines) become one line each. A line break between two Chinese
   characters (or Chinese punctuation) is removed, any other becomes a space: a word that the
   Markdown source wrapped across two lines stays one word.
4. Lines without a Han character are dropped; spaces are collapsed.

Each line is a paragraph; English terms inside the Chinese prose ("负采样（negative sampling）")
are kept: they are part of how modern technical Chinese is written. Size: 954 lines, 85,149
characters, 76 KB compressed.

The text is this project's own prose, under the lessons' licence, CC BY 4.0 (``LICENSE-CONTENT``),
which is written to ``ZH_EDITION_PROSE_LICENSE`` next to the corpus after a preamble saying what
was taken.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from bundled_corpus import add_output_options, write_or_check

ROOT = Path(__file__).resolve().parents[1]
SOURCE_COMMIT = "eb175c933e8549a271ed5d24da9016f10ccd8157"
NOTEBOOK_FOLDERS = ("notebooks/zh", "exercises/zh")
SOURCE_FILES = (
    "notebooks/zh/TEACHING.md",
    "notebooks/zh/GLOSSARY.md",
    "notebooks/zh/11_explorer.md",
    "README.zh-CN.md",
)
DATA_DIR = ROOT / "edu_w2v" / "data"
DEFAULT_CORPUS = DATA_DIR / "zh_edition_prose.txt.gz"
DEFAULT_LICENSE = DATA_DIR / "ZH_EDITION_PROSE_LICENSE"
LICENSE_PREAMBLE = (
    "zh_edition_prose.txt.gz holds the Markdown prose of edu_w2v's Chinese edition (the Chinese\n"
    "lessons, exercises, teacher's guide, glossary and README) at commit {commit},\n"
    "without its code, maths and links, made by scripts/build_zh_prose.py. It is lesson text of\n"
    "edu_w2v, under the licence of edu_w2v's lessons:\n\n"
)

HAN = r"\u4e00-\u9fff"
REMOVED = [
    re.compile(r"```.*?```", re.S),  # fenced code
    re.compile(r"\$\$.*?\$\$", re.S),  # display maths
    re.compile(r"\$[^$]*\$"),  # inline maths (a line break inside too)
    re.compile(r"`[^`]*`"),  # inline code (a line break inside too)
    re.compile(r"<[^<>\n]+>"),  # HTML tags (<details>, <summary>, <br>)
]
LINK_TARGET = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")  # [text](target) -> text
HEADING = re.compile(r"^[ \t]*#+[ \t]+(.*)$", re.M)  # "## 实验"
LINE_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d+\.|>)[ \t]+", re.M)  # a bullet, a number, a quote
TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t:|-]+\|[ \t:|-]*\n?", re.M)  # |---|:---:|
WRAPPED = re.compile(rf"(?<=[{HAN}，。：；、？！（）“”])\n(?=[{HAN}，。：；、？！（）“”])")


def git(*arguments: str) -> str:
    """What ``git -C ROOT ARGUMENTS`` prints; an OSError if it fails."""
    command = ["git", "-C", str(ROOT), *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise OSError(
            f"{' '.join(command[3:])} failed (a clone with its history is needed): "
            + result.stderr.strip()
        )
    return result.stdout


def git_show(path: str, commit: str = SOURCE_COMMIT) -> str:
    """The file ``path`` as it was at ``commit``."""
    return git("show", f"{commit}:{path}")


def git_files(folder: str, commit: str = SOURCE_COMMIT) -> list[str]:
    """The notebooks in ``folder`` at ``commit``, in file-name order."""
    names = git("ls-tree", "--name-only", f"{commit}:{folder}").split()
    return [f"{folder}/{name}" for name in sorted(names) if name.endswith(".ipynb")]


def markdown_of_notebook(source: str) -> str:
    """The Markdown cells of a notebook, one after the other."""
    cells = json.loads(source)["cells"]
    texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    return "\n\n".join(texts)


def prose_of(markdown: str) -> list[str]:
    """The paragraphs of ``markdown`` that contain Chinese, cleaned, one string each."""
    for pattern in REMOVED:
        markdown = pattern.sub(" ", markdown)
    markdown = LINK_TARGET.sub(r"\1", markdown)
    markdown = TABLE_RULE.sub("", markdown).replace("|", " ")  # a table row: its cells' text
    markdown = HEADING.sub(r"\n\n\1\n\n", markdown)  # a heading: a paragraph of its own
    markdown = LINE_MARK.sub(" ", markdown).replace("*", "")  # and emphasis
    lines = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        paragraph = " ".join(WRAPPED.sub("", paragraph.strip()).split())
        if re.search(f"[{HAN}]", paragraph):
            lines.append(paragraph)
    return lines


def build_corpus(commit: str = SOURCE_COMMIT) -> str:
    """The corpus: every paragraph of the sources at ``commit``, one per line."""
    notebooks = [path for folder in NOTEBOOK_FOLDERS for path in git_files(folder, commit)]
    documents = [markdown_of_notebook(git_show(path, commit)) for path in notebooks]
    documents += [git_show(path, commit) for path in SOURCE_FILES]
    return "".join(f"{line}\n" for document in documents for line in prose_of(document))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_output_options(parser, DEFAULT_CORPUS, DEFAULT_LICENSE)
    args = parser.parse_args(argv)
    try:
        corpus = build_corpus()
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    preamble = LICENSE_PREAMBLE.format(commit=SOURCE_COMMIT)
    license_text = preamble + (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    return write_or_check(args, corpus, license_text)


if __name__ == "__main__":
    sys.exit(main())
