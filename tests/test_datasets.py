import gzip
import io
import shutil
import urllib.error
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from helpers import built_twice_the_same, load_script

from edu_w2v import datasets
from edu_w2v.datasets import (
    load_ptb,
    load_text,
    load_wordnet_glosses,
    load_wordnet_vectors,
    md5_of,
    ptb_cache_dir,
)
from edu_w2v.preprocessing import Vocabulary, build_corpus, tokenize, tokenize_ptb

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PTB_SAMPLE = FIXTURES / "ptb.sample.txt"

# ---------------------------------------------------------------- bundled WordNet glosses


@pytest.fixture(scope="module")
def glosses() -> str:
    return load_wordnet_glosses()


@pytest.fixture(scope="module")
def glosses_corpus(glosses) -> tuple[np.ndarray, Vocabulary]:
    """Lesson 09's ids and vocabulary of the glosses (min_count 5), made once for the module."""
    return build_corpus(glosses, min_count=5)


def test_wordnet_glosses_have_one_line_per_synset(glosses):
    lines = glosses.splitlines()
    assert len(lines) == 117_659  # 82,115 nouns + 13,767 verbs + 18,156 adj. + 3,621 adv.
    assert glosses.endswith("\n") and all(lines)
    assert lines[0] == (
        "that which is perceived or known or inferred to have its own distinct existence "
        "(living or nonliving)"
    )
    assert "draw air into, and expel out of, the lungs; " in glosses


def test_wordnet_glosses_size_and_vocabulary(glosses, glosses_corpus):
    ids, vocabulary = glosses_corpus
    assert 1_400_000 < len(tokenize(glosses)) < 1_500_000
    assert 18_000 < len(vocabulary) < 19_000
    assert vocabulary.words[:4] == ["the", "a", "of", "or"]
    assert vocabulary.counts.sum() == ids.size


@pytest.mark.parametrize(
    "file_name",
    [datasets.WORDNET_GLOSSES, datasets.TANG_POEMS, datasets.CHINESE_EDITION_PROSE],
)
def test_bundled_corpus_is_gzipped_reproducibly(file_name):
    data = (resources.files("edu_w2v") / "data" / file_name).read_bytes()
    assert data[:3] == b"\x1f\x8b\x08"  # gzip, deflate
    assert data[3] == 0  # flags: no file name, no comment, no extra field
    assert data[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert data[8] == 2  # "maximum compression" (level 9)


def test_bundled_licence_is_present():
    licence = (resources.files("edu_w2v") / "data" / "WORDNET_LICENSE").read_text("utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved." in licence
    assert "LICENSEE agrees to preserve same." in licence


# ---------------------------------------------------------------- scripts/build_wordnet_corpus.py
# The real rebuild needs the Debian package wordnet-base: run
#     python scripts/build_wordnet_corpus.py --check
# These tests run the same code on excerpts of the WordNet data files in tests/fixtures/wordnet.


@pytest.fixture(scope="module")
def build_script():
    return load_script("scripts/build_wordnet_corpus.py")


def test_build_script_reads_glosses_and_licence(build_script, glosses):
    corpus, licence = build_script.read_wordnet(FIXTURES / "wordnet")
    lines = corpus.splitlines()
    assert len(lines) == 8  # two synsets from each of data.noun, .verb, .adj, .adv
    assert lines[:2] == glosses.splitlines()[:2]  # the first two synsets of data.noun
    assert lines[2].startswith('draw air into, and expel out of, the lungs; "I can breathe')
    bundled = (resources.files("edu_w2v") / "data" / "WORDNET_LICENSE").read_text("utf-8")
    assert licence == bundled


def test_build_script_output_is_byte_for_byte_reproducible(build_script, tmp_path, capsys):
    out, licence = tmp_path / "corpus.txt.gz", tmp_path / "LICENSE"
    arguments = ["--wordnet-dir", str(FIXTURES / "wordnet"), "--out", str(out)]
    arguments += ["--license-out", str(licence)]
    first = built_twice_the_same(build_script, arguments, out)
    assert gzip.decompress(first).decode("utf-8").count("\n") == 8

    out.write_bytes(load_script("scripts/bundled_corpus.py").compress("something else\n"))
    assert build_script.main([*arguments, "--check"]) == 1
    assert "MISMATCH" in capsys.readouterr().err


def test_build_script_explains_missing_wordnet(build_script, tmp_path, capsys):
    assert build_script.main(["--wordnet-dir", str(tmp_path), "--check"]) == 2
    assert "apt-get install wordnet-base" in capsys.readouterr().err


# ---------------------------------------------------------------- bundled CBOW vectors
# scripts/build_vectors.py trains them (about 2 minutes); these tests check the copy.


@pytest.fixture(scope="module")
def vectors_script():
    return load_script("scripts/build_vectors.py")


def test_bundled_vectors_cover_lesson_09s_vocabulary(glosses_corpus):
    vectors = load_wordnet_vectors()
    _, vocabulary = glosses_corpus  # lesson 09's vocabulary, in its order
    assert vectors.words == vocabulary.words
    assert vectors.vectors.shape == (18_593, 100)
    assert vectors.vectors.dtype == np.float32 and np.isfinite(vectors.vectors).all()


def test_bundled_vectors_have_learnt_something():
    vectors = load_wordnet_vectors()
    assert "queen" in [word for word, _ in vectors.most_similar("king", top=5)]
    assert {"four", "five"} <= {word for word, _ in vectors.most_similar("three", top=5)}
    assert vectors.similarity("red", "blue") > vectors.similarity("red", "three")


@pytest.mark.parametrize("file_name", [datasets.WORDNET_VECTORS, datasets.TANG_VECTORS])
def test_bundled_vectors_are_float16_written_reproducibly(vectors_script, file_name):
    stored = (resources.files("edu_w2v") / "data" / file_name).read_bytes()
    with np.load(io.BytesIO(stored), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in ("words", "vectors")}
    assert arrays["vectors"].dtype == np.float16
    assert vectors_script.npz_bytes(arrays) == stored  # the script's format, fixed file times


# ---------------------------------------------------------------- load_text


def test_load_text_reads_utf8_and_normalises_newlines(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("\ufeffCafé au lait\r\nsecond line\n".encode())
    assert load_text(path) == "Café au lait\nsecond line\n"
    assert load_text(str(path)) == load_text(path)


def test_load_text_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file: .*missing.txt"):
        load_text(tmp_path / "missing.txt")


def test_load_text_directory(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a directory"):
        load_text(tmp_path)


def test_load_text_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("café".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1.txt is not UTF-8 text \(byte 3 is 0xe9\)"):
        load_text(path)


@pytest.mark.parametrize("content", [b"", b" \n\t\n"])
def test_load_text_empty(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="empty.txt is empty"):
        load_text(path)


def test_load_text_rejects_non_paths():
    with pytest.raises(TypeError, match="path must be a str or a path"):
        load_text(42)


# ---------------------------------------------------------------- load_ptb
# No network: urlopen is replaced by a fake, and the fixture's MD5 stands in for the real one.


class FakeUrlopen:
    """Stands in for urllib.request.urlopen: records the URL, returns ``data`` or raises."""

    def __init__(self, data=b"", error=None):
        self.data, self.error, self.urls = data, error, []

    def __call__(self, url, timeout):
        self.urls.append(url)
        if self.error is not None:
            raise self.error
        return io.BytesIO(self.data)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder; the fixture file's MD5 is "the right one" for every split."""
    for split in datasets.PTB_SPLITS:
        monkeypatch.setitem(datasets.PTB_MD5, split, md5_of(PTB_SAMPLE.read_bytes()))
    monkeypatch.setattr(datasets, "urlopen", FakeUrlopen(error=AssertionError("no network")))
    return tmp_path / "cache"


def test_load_ptb_downloads_once_then_reads_the_cache(cache, monkeypatch):
    fake = FakeUrlopen(data=PTB_SAMPLE.read_bytes())
    monkeypatch.setattr(datasets, "urlopen", fake)

    text = load_ptb("valid", cache_dir=cache)
    assert text == PTB_SAMPLE.read_text("utf-8")
    assert fake.urls == [datasets.PTB_URL_BASE + "ptb.valid.txt"]
    assert sorted(path.name for path in cache.iterdir()) == ["ptb.valid.txt"]

    assert load_ptb("valid", cache_dir=cache) == text
    assert len(fake.urls) == 1  # second call: from the cache


def test_load_ptb_text_tokenises_like_the_book(cache):
    cache.mkdir()
    shutil.copy(PTB_SAMPLE, cache / "ptb.train.txt")
    tokens = tokenize_ptb(load_ptb(cache_dir=cache))
    assert tokens[:5] == ["the", "<unk>", "company", "said", "it"]
    assert tokens.count("<eos>") == 5 and tokens[-1] == "<eos>"
    assert {"N", "<unk>", "n't", "$", "mr."} <= set(tokens)
    vocabulary = Vocabulary.from_tokens(tokens)
    assert vocabulary.words[:2] == ["the", "<eos>"]


def test_load_ptb_cached_file_with_wrong_checksum_is_an_error(cache):
    cache.mkdir()
    (cache / "ptb.test.txt").write_text(" not the real file \n")
    with pytest.raises(ValueError, match=r"ptb.test.txt is corrupt or not the PTB test file"):
        load_ptb("test", cache_dir=cache)


def test_load_ptb_corrupt_download_is_not_saved(cache, monkeypatch):
    monkeypatch.setattr(datasets, "urlopen", FakeUrlopen(data=b"<html>rate limited</html>"))
    with pytest.raises(ValueError, match="the download of .*ptb.train.txt is corrupt"):
        load_ptb(cache_dir=cache)
    assert not cache.exists() or not any(cache.iterdir())


@pytest.mark.parametrize(
    "error", [urllib.error.URLError("[Errno -3] name resolution failed"), TimeoutError("timed out")]
)
def test_load_ptb_offline_explains_manual_download(cache, monkeypatch, error):
    monkeypatch.setattr(datasets, "urlopen", FakeUrlopen(error=error))
    with pytest.raises(OSError, match="could not download") as raised:
        load_ptb("train", cache_dir=cache)
    message = str(raised.value)
    assert datasets.PTB_URL_BASE + "ptb.train.txt" in message
    assert str(cache / "ptb.train.txt") in message
    assert not cache.exists() or not any(cache.iterdir())


def test_load_ptb_without_download_explains_where_to_put_the_file(cache):
    with pytest.raises(FileNotFoundError, match="download=False") as raised:
        load_ptb("test", cache_dir=cache, download=False)
    assert str(cache / "ptb.test.txt") in str(raised.value)


def test_load_ptb_rejects_unknown_split(cache):
    with pytest.raises(ValueError, match="split must be one of"):
        load_ptb("training", cache_dir=cache)


def test_cache_dir_argument_then_environment_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv("EDU_W2V_CACHE", raising=False)
    assert ptb_cache_dir() == Path.home() / ".cache" / "edu_w2v"
    monkeypatch.setenv("EDU_W2V_CACHE", str(tmp_path / "from_env"))
    assert ptb_cache_dir() == tmp_path / "from_env"
    assert ptb_cache_dir(tmp_path / "argument") == tmp_path / "argument"
    with pytest.raises(TypeError, match="cache_dir must be"):
        ptb_cache_dir(3)


def test_load_ptb_uses_the_environment_variable(cache, monkeypatch):
    cache.mkdir()
    shutil.copy(PTB_SAMPLE, cache / "ptb.test.txt")
    monkeypatch.setenv("EDU_W2V_CACHE", str(cache))
    assert load_ptb("test") == PTB_SAMPLE.read_text("utf-8")


def test_real_ptb_checksums_are_the_known_ones():
    # torchtext.datasets.PennTreebank checks the same three files against these MD5s.
    assert datasets.PTB_MD5 == {
        "train": "f26c4b92c5fdc7b3f8c7cdcb991d8420",
        "valid": "aa0affc06ff7c36e977d7cd49e3839bf",
        "test": "8b80168b89c18661a38ef683c0dc3721",
    }


def test_md5_of():
    assert md5_of(b"") == "d41d8cd98f00b204e9800998ecf8427e"


def test_the_vectors_script_names_its_corpora(vectors_script, capsys):
    assert vectors_script.main(["ptb"]) == 2
    assert "build_vectors.py tang" in capsys.readouterr().out
    assert set(vectors_script.BUNDLED) == {"wordnet", "tang"}
