"""Rebuild ``edu_w2v/data/tang_poems.txt.gz`` from the Complete Tang Poems of chinese-poetry.

Users never need this script: the corpus ships with the package. It documents (and lets a
maintainer repeat) exactly how the file was made. The source is the npm package
``chinese-poetry`` version 2.0.1 (MIT licence), whose tarball must have the sha512 that the npm
registry reports (``npm view chinese-poetry@2.0.1 dist.integrity``, pinned below as
``PACKAGE_INTEGRITY``). The conversion to simplified characters needs the PyPI package
``opencc`` at exactly version 1.4.2 (the ``tang-corpus`` extra)::

    pip install -e ".[tang-corpus]"                    # opencc==1.4.2
    python scripts/build_tang_corpus.py                # npm pack the source, rewrite the files
    python scripts/build_tang_corpus.py --check        # verify they are what this script makes

Without ``--package`` the script runs ``npm pack chinese-poetry@2.0.1`` (85 MB) in a temporary
folder. ``--package`` takes that tarball instead (``npm pack chinese-poetry@2.0.1`` makes
``chinese-poetry-2.0.1.tgz``), or an unpacked copy of the package (the folder with its
package.json, e.g. ``node_modules/chinese-poetry``): the name and version are checked either
way, the sha512 only for a tarball.

What is taken: the poems of the Complete Tang Poems (全唐诗, compiled at the Qing court in
1705-1706), from the files ``dist/quantangshi/poet.tang.<n>.json`` (n = 0, 1000, ..., 57000),
read in the order of n and each file in its own order (the package's order, which follows
全唐诗: the first poem is 太宗皇帝's 帝京篇十首 一), up to but not including
唐明皇's 題梵書（伯三九八六）, poem 108 of poet.tang.50000.json
(``FIRST_SUPPLEMENT_POEM``). That is 50,129 poems. From there on the package goes on with
全唐诗补编 (1992), the poems found since by 王重民, 孙望, 童养年 and 陈尚君 (many
in the Dunhuang manuscripts), in a modern scholarly edition: most of its 7,478 entries carry
the editors' collation notes, manuscript shelfmarks and footnotes inside the text
("寧知猗（椅）[一]（原卷作「椅」）梧鳳"), some are the editors' own prefaces in modern
prose; no simple rule separates the verse from them reliably. Nothing else of the package is
used: not the Song poems (poet.song.*), nor 唐诗三百首.json (whose poems are in 全唐诗), nor
唐诗补录.json.

One line per poem: the poem's ``paragraphs`` joined with nothing in between (each paragraph
ends with its own punctuation), its body text only. Titles and authors are not kept: a title is
prose, and a poet's name next to each of his poems would look like part of the poem to a
context window. The punctuation (，。？！：、《》) is kept as in the source: it marks the lines
of verse. ``edu_w2v.preprocessing.tokenize`` makes each Han character a token and drops it.
For example 李白's 静夜思::

    床前看月光，疑是地上霜。举头望山月，低头思故乡。

(全唐诗's wording; the familiar "床前明月光 ... 举头望明月" is the version of 唐诗三百首.)

Cleaning, on the traditional text, in this order (``clean``):

1. Variant readings in full-width parentheses are removed: "邏人（一作「叉」）橫鳥道" gives
   "邏人橫鳥道" (15 in 7 poems; verse itself never uses parentheses).
2. Square brackets mark characters an editor supplied: "[爽]節在重九" gives "爽節在重九" (the
   brackets go, the characters stay; 553 in 528 poems).
3. A character that Unicode cannot write becomes "□", the source's own mark for a missing
   character (586 of them, kept as they are): a description in braces ("{𥫗/戢}", 60), a
   private-use character (4), an ideographic description sequence ("⿰木養", 1), "●" (14),
   and "囗" (94, in 28 poems), which some files use for a missing character; 759 "□" in all.
4. Typing slips are removed: a stray "/" (4) and a full-width "Ｂ" (1).

If a bracket, a brace, a parenthesis or a space is left after that, the script stops with an
error. Then each poem is converted to simplified characters with OpenCC's ``t2s`` configuration
(Traditional Chinese to Simplified Chinese: phrases, then characters; one call per poem). A
line without a single letter (none in 2.0.1) and every exact duplicate of an earlier line (863:
the same poem collected twice, under two titles or two poets, 114 of them told apart only by
variant traditional forms) are dropped; the first one is kept.

Why OpenCC (``opencc`` on PyPI, the official Python binding of BYVoid's OpenCC, Apache-2.0):
it installs from prebuilt wheels (CPython 3.10 to 3.14 on Linux x86_64, macOS and Windows) and
is maintained together with its dictionaries. ``opencc-python-reimplemented`` (0.1.7) is a
pure-Python port with its own, older copy of the dictionaries; both install a module named
``opencc``, so the script checks that the distribution it imports is ``opencc`` 1.4.2: the
dictionaries change between releases, and with them a few characters of the output.

Size: 49,266 lines, 3.03 M characters (2.57 M Han-character tokens), 4.98 MB compressed. The
supplements would add ~0.6 M characters, their notes included; without them the corpus is
smaller and cleaner, and all of it is text that 全唐诗 collected.

The licence of chinese-poetry (its LICENSE file) is written to ``CHINESE_POETRY_LICENSE`` next
to the corpus, after a preamble that says what was taken. The corpus is compressed with gzip
level 9, with header mtime 0 and no file name, so that rebuilding it gives identical bytes
(given the same zlib; see ``--check``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

from bundled_corpus import add_output_options, write_or_check

PACKAGE_NAME = "chinese-poetry"
PACKAGE_VERSION = "2.0.1"
PACKAGE_SPEC = f"{PACKAGE_NAME}@{PACKAGE_VERSION}"
PACKAGE_INTEGRITY = "sha512-KtYARvV7CWNtax0na9+Jn6PlhGgSoid7PWyDzXI4KsCEm2odZcqEQyval5koaLygZnM/EQ3lfJ//25K8p3uHNg=="  # noqa: E501
OPENCC_VERSION = "1.4.2"
OPENCC_CONFIG = "t2s"
POEM_FILE = re.compile(r"dist/quantangshi/poet\.tang\.(\d+)\.json")
DATA_DIR = Path(__file__).resolve().parents[1] / "edu_w2v" / "data"
DEFAULT_CORPUS = DATA_DIR / "tang_poems.txt.gz"
DEFAULT_LICENSE = DATA_DIR / "CHINESE_POETRY_LICENSE"
LICENSE_PREAMBLE = (
    "edu_w2v/data/tang_poems.txt.gz holds the poems of the Complete Tang Poems (全唐诗)\n"
    f"from the npm package chinese-poetry {PACKAGE_VERSION}: the files\n"
    "dist/quantangshi/poet.tang.*.json, up to where the package goes on with the supplements\n"
    "of 全唐诗补编. Each poem's text, without title or author, was cleaned of editorial marks\n"
    f"and converted to simplified characters with OpenCC {OPENCC_VERSION} ({OPENCC_CONFIG}),\n"
    "as scripts/build_tang_corpus.py describes. chinese-poetry is distributed under the\n"
    "following licence, copied from its LICENSE file:\n"
    "\n"
)
HOW_TO_GET = (
    f"Get it with `npm pack {PACKAGE_SPEC}` and pass the tarball with --package, "
    "or run without --package to let this script call npm."
)

# ---------------------------------------------------------------- reading the package


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity string npm reports for a tarball: "sha512-" + base64 digest."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def read_tarball(path: Path, integrity: str = PACKAGE_INTEGRITY) -> dict[str, bytes]:
    """The files of an npm tarball, by path inside the package (without "package/")."""
    data = path.read_bytes()
    actual = integrity_of(data)
    if actual != integrity:
        raise ValueError(
            f"{path} is not {PACKAGE_SPEC} as published: its integrity is {actual}, "
            f"expected {integrity}. {HOW_TO_GET}"
        )
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive:
            name = member.name.removeprefix("package/")
            if member.isfile() and (
                name in ("package.json", "LICENSE") or POEM_FILE.fullmatch(name)
            ):
                files[name] = archive.extractfile(member).read()
    return files


def read_folder(path: Path) -> dict[str, bytes]:
    """The same files from an unpacked package (the folder with its package.json)."""
    files = {}
    for name in ("package.json", "LICENSE"):
        if (path / name).is_file():
            files[name] = (path / name).read_bytes()
    for file in (path / "dist" / "quantangshi").glob("poet.tang.*.json"):
        files[file.relative_to(path).as_posix()] = file.read_bytes()
    return files


def read_package(path: Path, integrity: str = PACKAGE_INTEGRITY) -> tuple[list[bytes], str]:
    """Return (the poem files' contents in the order of their numbers, the LICENSE text)."""
    if path.is_dir():
        files = read_folder(path)
    elif path.is_file():
        files = read_tarball(path, integrity)
    else:
        raise FileNotFoundError(f"{PACKAGE_SPEC} not found at {path}. {HOW_TO_GET}")
    if "package.json" not in files:
        raise FileNotFoundError(f"{path}: no package.json; is it {PACKAGE_NAME}? {HOW_TO_GET}")
    manifest = json.loads(files["package.json"])
    found = f"{manifest.get('name')}@{manifest.get('version')}"
    if found != PACKAGE_SPEC:
        raise ValueError(f"{path} holds {found}, not {PACKAGE_SPEC}. {HOW_TO_GET}")
    numbered = {int(m.group(1)): name for name in files if (m := POEM_FILE.fullmatch(name))}
    if not numbered:
        raise FileNotFoundError(f"{path}: no dist/quantangshi/poet.tang.*.json. {HOW_TO_GET}")
    if "LICENSE" not in files:
        raise FileNotFoundError(f"{path}: no LICENSE file. {HOW_TO_GET}")
    poem_files = [files[numbered[number]] for number in sorted(numbered)]
    return poem_files, files["LICENSE"].decode("utf-8")


def npm_pack(folder: Path) -> Path:
    """Download the pinned tarball into ``folder`` with ``npm pack``; return its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError(f"npm not found, so {PACKAGE_SPEC} cannot be fetched. {HOW_TO_GET}")
    command = [npm, "pack", PACKAGE_SPEC, "--pack-destination", str(folder), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OSError(f"`npm pack {PACKAGE_SPEC}` failed: {result.stderr.strip()}")
    return folder / f"{PACKAGE_NAME}-{PACKAGE_VERSION}.tgz"


# ---------------------------------------------------------------- cleaning and conversion

FIRST_SUPPLEMENT_POEM = ("唐明皇", "題梵書（伯三九八六）")  # (author, title) in the source
VARIANT_READING = re.compile(r"（[^（）]*）")  # "（一作「叉」）"
SUPPLIED = re.compile(r"\[([^\[\]]*)\]")  # "[爽]"
IDEOGRAPHIC_DESCRIPTION = r"[\u2ff0\u2ff1\u2ff4-\u2ffb]..|[\u2ff2\u2ff3]..."  # "⿰木養"
UNENCODED = re.compile(r"\{[^{}]*\}|[\ue000-\uf8ff●囗]|" + IDEOGRAPHIC_DESCRIPTION)
TYPING_SLIP = re.compile(r"[/Ｂ]")
LEFT_OVER = re.compile(r"[\s（）\[\]{}]")  # what no poem may contain after cleaning


def clean(text: str) -> str:
    """Steps 1-4 of the module docstring, on one poem's traditional text."""
    text = VARIANT_READING.sub("", text)
    text = SUPPLIED.sub(r"\1", text)
    text = UNENCODED.sub("□", text)
    text = TYPING_SLIP.sub("", text)
    if left_over := LEFT_OVER.search(text):
        raise ValueError(f"cleaning left {left_over.group()!r} in the poem {text[:40]!r}...")
    return text


@cache
def converter():
    """OpenCC's t2s converter, after checking that it is the pinned official ``opencc``."""
    try:
        version = metadata.version("opencc")
        import opencc
    except (ImportError, metadata.PackageNotFoundError):
        raise ImportError(
            f"the conversion needs OpenCC: pip install 'opencc=={OPENCC_VERSION}' (the official "
            "binding; opencc-python-reimplemented is another package with the same module name)"
        ) from None
    if version != OPENCC_VERSION:
        raise ImportError(
            f"opencc {version} is installed; the bundled corpus was converted with "
            f"{OPENCC_VERSION}, whose dictionaries may differ: "
            f"pip install 'opencc=={OPENCC_VERSION}'"
        )
    return opencc.OpenCC(OPENCC_CONFIG)


def convert(text: str) -> str:
    """Traditional to simplified characters: convert("雲想衣裳花想容") == "云想衣裳花想容"."""
    return converter().convert(text)


def build_corpus(poem_files: list[bytes]) -> str:
    """One cleaned, simplified poem per line, in order, up to the supplements, without empty
    lines or duplicates."""
    lines, seen = [], set()
    for data in poem_files:
        for poem in json.loads(data):
            if (poem["author"], poem["title"]) == FIRST_SUPPLEMENT_POEM:
                return "\n".join(lines) + "\n"
            line = convert(clean("".join(poem["paragraphs"])))
            if any(character.isalpha() for character in line) and line not in seen:
                seen.add(line)
                lines.append(line)
    author, title = FIRST_SUPPLEMENT_POEM
    raise ValueError(
        f"no poem {title} by {author}, where the supplements begin: not {PACKAGE_SPEC}?"
    )


def read_source(package: Path, integrity: str = PACKAGE_INTEGRITY) -> tuple[str, str]:
    """Return (corpus text, licence text) built from the package at ``package``."""
    poem_files, license_text = read_package(package, integrity)
    return build_corpus(poem_files), LICENSE_PREAMBLE + license_text.strip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--package",
        type=Path,
        help=f"the {PACKAGE_SPEC} tarball (.tgz) or an unpacked copy of it "
        f"(default: `npm pack {PACKAGE_SPEC}` into a temporary folder)",
    )
    add_output_options(parser, DEFAULT_CORPUS, DEFAULT_LICENSE)
    args = parser.parse_args(argv)

    try:
        converter()
        if args.package is not None:
            corpus, license_text = read_source(args.package)
        else:
            with tempfile.TemporaryDirectory() as folder:
                corpus, license_text = read_source(npm_pack(Path(folder)))
    except (OSError, ValueError, ImportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return write_or_check(args, corpus, license_text)


if __name__ == "__main__":
    sys.exit(main())
