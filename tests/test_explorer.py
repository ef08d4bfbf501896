"""The word-vector explorer without a browser: the export, its file, the page and the CLI.

Tiny random vectors (no training): the export keeps the first words as float16 unit vectors
within float16's rounding, with the PCA map of exactly those vectors; the script the page loads
holds exactly the exported numbers; `python -m edu_w2v explore` writes the page for .npz and
word2vec .txt files and refuses bad input in one line. tests/site/test_site_explorer.py runs the
pages in Chromium.
"""

from __future__ import annotations

import base64
import json
import re
from importlib import resources

import numpy as np
import pytest
from helpers import ROOT

from edu_w2v.__main__ import main
from edu_w2v.explorer import DEFAULT_WORDS
from edu_w2v.explorer.export import data_script, export_model, load_export, save_export
from edu_w2v.explorer.page import LABELS, MESSAGES, PAGE, fragment, size_text, write_explorer
from edu_w2v.pictures.projection import pca_2d
from edu_w2v.word_vectors import WordVectors

CJK = re.compile(r"[\u4e00-\u9fff]")
WORDS = ["king", "queen", "man", "woman", "red", "blue", *(f"w{i}" for i in range(34))]


def random_vectors(dtype=np.float32, dims: int = 6) -> WordVectors:
    rng = np.random.default_rng(0)
    return WordVectors(WORDS, rng.normal(size=(len(WORDS), dims)).astype(dtype))


def decoded(script: str) -> dict:
    """The object a data script hands to the page."""
    prefix = "window.eduW2vExplorerData = "
    (line,) = [line for line in script.splitlines() if line.startswith(prefix)]
    return json.loads(line[len(prefix) : -1])


# --- the export -------------------------------------------------------------------------------


def test_the_export_keeps_the_first_words_as_float16_unit_vectors():
    vectors = random_vectors()
    model = export_model("CBOW", vectors, words=10)
    assert model.name == "CBOW" and model.words == WORDS[:10]
    assert model.vocabulary_size == len(WORDS)
    assert model.vectors.dtype == np.float16 and model.vectors.shape == (10, 6)
    unit = vectors.unit_vectors[:10].astype(np.float64)
    # float16 keeps 11 significant bits: each number within half a unit in the last place
    error = np.abs(model.vectors.astype(np.float64) - unit)
    assert (error <= np.maximum(np.abs(unit) * 2.0**-11, 2.0**-25)).all()
    assert export_model("all", vectors, words=1000).words == WORDS
    assert DEFAULT_WORDS == 5000


def test_the_exported_similarities_are_within_float16s_rounding_of_the_originals():
    vectors = random_vectors(np.float64, dims=50)
    exported = export_model("m", vectors).word_vectors()
    assert exported.vectors.dtype == np.float64
    for word in ("king", "red", "w7"):
        original = dict(vectors.most_similar(word, top=len(WORDS)))
        for neighbour, similarity in exported.most_similar(word, top=len(WORDS)):
            assert abs(similarity - original[neighbour]) < 1e-3


def test_the_map_is_the_pca_of_the_exported_unit_vectors():
    model = export_model("m", random_vectors(), words=20)
    assert model.coordinates.dtype == np.float32 and model.coordinates.shape == (20, 2)
    expected = pca_2d(model.word_vectors().unit_vectors)
    np.testing.assert_allclose(model.coordinates, expected, rtol=1e-6, atol=1e-7)


def test_a_zero_vector_and_a_single_word_export_without_error():
    vectors = np.ones((3, 4), dtype=np.float32)
    vectors[1] = 0
    model = export_model("m", WordVectors(["a", "b", "c"], vectors))
    assert (model.vectors[1] == 0).all() and np.isfinite(model.coordinates).all()
    single = export_model("one", WordVectors(["only"], np.ones((1, 3), dtype=np.float32)))
    assert single.coordinates.tolist() == [[0.0, 0.0]]


def test_bad_export_arguments_raise():
    with pytest.raises(TypeError, match="must be a WordVectors"):
        export_model("m", np.ones((2, 2)))
    with pytest.raises(ValueError, match="words must be an int >= 1, got 0"):
        export_model("m", random_vectors(), words=0)


def test_an_export_saves_and_loads_back_exactly(tmp_path):
    models = [export_model("CBOW", random_vectors()), export_model("skip-gram", random_vectors())]
    path = save_export(tmp_path / "export.npz", models)
    again = load_export(path)
    assert [m.name for m in again] == ["CBOW", "skip-gram"]
    for before, after in zip(models, again, strict=True):
        assert after.words == before.words and after.vocabulary_size == before.vocabulary_size
        np.testing.assert_array_equal(after.vectors, before.vectors)
        np.testing.assert_array_equal(after.coordinates, before.coordinates)
        assert after.vectors.dtype == np.float16


def test_loading_what_is_no_export_says_so(tmp_path):
    vectors = random_vectors().save(tmp_path / "vectors.npz")  # word vectors, not an export
    with pytest.raises(ValueError, match="not what save_export writes .*'edu_w2v.WordVectors'"):
        load_export(vectors)
    array = tmp_path / "array.npy"
    np.save(array, np.ones(3))
    with pytest.raises(ValueError, match="not an .npz archive"):
        load_export(array)
    text = tmp_path / "text.npz"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot load explorer vectors"):
        load_export(text)


def test_the_data_script_holds_exactly_the_exported_numbers():
    words = ["x", 'quote"', "back\\slash", "</script>", "中文"]
    vectors = WordVectors(words, np.arange(15, dtype=np.float32).reshape(5, 3) - 7)
    model = export_model("m", vectors)
    script = data_script([model])
    assert script.isascii()  # any word, whatever the charset the page's scripts are read in
    (raw,) = decoded(script)["models"]
    assert raw["words"] == words and raw["dims"] == 3 and raw["vocabularySize"] == 5
    halves = np.frombuffer(base64.b64decode(raw["vectors"]), dtype="<f2").reshape(5, 3)
    np.testing.assert_array_equal(halves, model.vectors)
    points = np.frombuffer(base64.b64decode(raw["coordinates"]), dtype="<f4").reshape(5, 2)
    np.testing.assert_array_equal(points, model.coordinates)


# --- the page ---------------------------------------------------------------------------------


def test_every_text_of_the_page_is_in_both_languages_with_the_same_blanks():
    for key, message in {**LABELS, **MESSAGES, **PAGE}.items():
        assert message.en and message.zh, key
        assert set(re.findall(r"\{\w+\}", message.en)) == set(re.findall(r"\{\w+\}", message.zh))
        if key not in ("rank", "analogy_title"):
            assert CJK.search(message.zh), f"{key}: no Chinese"


def test_the_fragment_in_each_language():
    english = fragment(data_src="d.js", code_prefix="../x/", data_size=2_870_000, search="red")
    assert '<script src="d.js"></script>' in english
    assert '<script src="../x/explorer.js"></script>' in english
    assert 'href="../x/explorer.css"' in english and 'data-size="2.9 MB"' in english
    assert ">Search</button>" in english and 'value="red"' in english
    chinese = fragment(data_src="d.js", code_prefix="", data_size=1, language="zh")
    assert ">查找</button>" in chinese and ">Search<" not in chinese
    messages = re.search(r'class="w2v-messages">(.*?)</script>', chinese, re.S).group(1)
    assert json.loads(messages)["unknown"] == MESSAGES["unknown"].zh
    with pytest.raises(ValueError, match="language"):
        fragment(data_src="d.js", code_prefix="", data_size=1, language="fr")


def test_the_fragment_escapes_what_it_is_given():
    page = fragment(
        data_src="a.js", code_prefix="", data_size=1, search='"><b>', analogy=("<a>", "b", "c")
    )
    assert "<b>" not in page and "&lt;a&gt;" in page and "&quot;&gt;&lt;b&gt;" in page


def test_sizes_as_the_page_states_them():
    assert size_text(2_870_474) == "2.9 MB" and size_text(48_200) == "48 kB"
    assert size_text(10) == "1 kB"


def test_the_page_code_is_package_data():
    folder = resources.files("edu_w2v.explorer")
    assert "function analogy" in folder.joinpath("explorer.js").read_text(encoding="utf-8")
    assert ".w2v-models" in folder.joinpath("explorer.css").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"explorer/*.js", "explorer/*.css"' in pyproject  # installed with the package


def test_write_explorer_writes_a_page_that_needs_nothing_else(tmp_path):
    models = [export_model("a.npz", random_vectors())]
    page = write_explorer(tmp_path / "out", models, "zh", "king", ("man", "king", "woman"))
    assert page == tmp_path / "out" / "index.html"
    assert sorted(p.name for p in page.parent.iterdir()) == [
        "explorer.css", "explorer.js", "index.html", "vectors.js"
    ]  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and '<meta name="generator"' in html
    assert '<script src="vectors.js"></script>' in html and "词向量浏览器" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert decoded((page.parent / "vectors.js").read_text("utf-8"))["models"][0]["name"] == "a.npz"


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path):
    """The same vectors as .npz and as word2vec text."""
    vectors = random_vectors()
    return vectors.save(tmp_path / "v.npz"), vectors.save_word2vec_format(tmp_path / "v.txt")


def test_explore_writes_the_page_for_npz_and_text_files(saved, tmp_path, capsys):
    npz, text = saved
    out = tmp_path / "page"
    assert main(["explore", str(npz), str(text), "--out", str(out), "--words", "30"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {out / 'index.html'}: 30 words of v.npz and 30 words of")
    raw = decoded((out / "vectors.js").read_text("utf-8"))["models"]
    assert [m["name"] for m in raw] == ["v.npz", "v.txt"] and raw[0]["words"] == WORDS[:30]
    assert raw[0]["vectors"] == raw[1]["vectors"]  # the same float32 numbers, either format
    html = (out / "index.html").read_text("utf-8")
    assert 'name="word" type="search" list="w2v-words" value="king"' in html
    assert 'value="woman"' in html
    # again into the folder it wrote: allowed, and in Chinese
    assert main(["explore", str(npz), "--out", str(out), "--language", "zh"]) == 0
    assert "查找" in (out / "index.html").read_text("utf-8")


def test_explore_starts_with_the_first_word_when_it_knows_none_of_the_examples(tmp_path, capsys):
    path = WordVectors(["甲", "乙", "丙"], np.eye(3, dtype=np.float32)).save(tmp_path / "zh.npz")
    assert main(["explore", str(path), "--out", str(tmp_path / "page")]) == 0
    html = (tmp_path / "page" / "index.html").read_text("utf-8")
    assert 'list="w2v-words" value="甲"' in html and 'aria-label="a" value=""' in html


@pytest.mark.parametrize(
    ("make_out", "expected"),
    [
        (lambda d: d / "missing" / "page", "the folder '{d}/missing' does not exist"),
        (lambda d: d / "v.npz", "'{d}/v.npz' is a file; give a folder"),
        (lambda d: d, "the folder '{d}' holds files that explore did not write"),
    ],
    ids=["no parent", "a file", "other files"],
)
def test_explore_refuses_an_unusable_folder(saved, tmp_path, capsys, make_out, expected):
    npz, _ = saved
    assert main(["explore", str(npz), "--out", str(make_out(tmp_path))]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: argument --out: " + expected.format(d=tmp_path))
    assert len(error.strip().splitlines()) == 1


def test_explore_reports_bad_vectors_files_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    out = str(tmp_path / "page")
    for path, expected in [(bad, "cannot load word vectors"), (tmp_path / "no.txt", "No such")]:
        assert main(["explore", str(path), "--out", out]) == 2
        error = capsys.readouterr().err
        assert expected in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "page").exists()


def test_the_help_lists_explore_and_its_options(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert len(re.findall(r"^    explore\b", capsys.readouterr().out, re.MULTILINE)) == 1
    with pytest.raises(SystemExit):
        main(["explore", "--help"])
    printed = capsys.readouterr().out
    assert "--words N" in printed and "--language" in printed
    assert "(default: 5000)" in " ".join(printed.split())  # however the help is wrapped


def test_explore_options_are_checked(saved, capsys):
    npz, _ = saved
    with pytest.raises(SystemExit):
        main(["explore", str(npz), "--out", "x", "--words", "0"])
    assert "argument --words: must be an int >= 1, got 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["explore", str(npz)])
    assert "--out" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["explore", str(npz), "--out", "x", "--language", "fr"])
    assert "invalid choice" in capsys.readouterr().err
