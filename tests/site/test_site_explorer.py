"""The word-vector explorer in Chromium: the website's page in both editions, and a folder that
`python -m edu_w2v explore` wrote, opened from disk.

The page's words and similarities must be those of WordVectors.most_similar and .analogy on the
exported vectors (edu_w2v.explorer.export.load_export: what the page computes with). Every page
opened here must log no console error, fail no request and send nothing off this machine (the
browser fixture blocks and records such requests). Run `make site` first; see conftest.py for when
these tests skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from site_helpers import ROOT

from edu_w2v.__main__ import main
from edu_w2v.explorer.export import export_model, load_export
from edu_w2v.explorer.page import size_text
from edu_w2v.word_vectors import WordVectors

PAGES = {"en": "notebooks/11_explorer.html", "zh": "notebooks/zh/11_explorer.html"}
EXPORT = ROOT / "site" / "explorer" / "wordnet_vectors.npz"

# What a reader sees in each column of the explorer (and the full similarity behind each number).
COLUMNS = """root => [...root.querySelectorAll('.w2v-model')].map(section => {
  const canvas = section.querySelector('canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let red = 0, blue = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
    if (r === 214 && g === 39 && b === 40) red++;
    if (r === 31 && g === 111 && b === 209) blue++;
  }
  const box = section.getBoundingClientRect();
  return {
    name: section.querySelector('.w2v-model-name').textContent,
    title: section.querySelector('.w2v-title').textContent,
    message: section.querySelector('.w2v-message').textContent,
    rows: [...section.querySelectorAll('tbody tr')].map(tr => ({
      word: tr.dataset.word, similarity: Number(tr.dataset.similarity),
      shown: tr.cells[2].textContent})),
    asked: canvas.dataset.asked, answers: canvas.dataset.answers, red, blue,
    top: box.top, bottom: box.bottom, left: box.left,
  };
})"""


class Explorer:
    """One explorer page open in Chromium, with what went wrong on it."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        page = self.page
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda r: self.errors.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.url} {r.status}"))
        page.goto(url, wait_until="load")
        page.wait_for_selector(".w2v-explorer[data-ready]", timeout=30_000)

    def columns(self) -> list[dict]:
        return self.page.eval_on_selector(".w2v-explorer", COLUMNS)

    def search(self, word: str, top: int | None = None) -> list[dict]:
        if top is not None:
            self.page.select_option("#w2v-top", str(top))
        self.page.fill("#w2v-word", word)
        self.page.press("#w2v-word", "Enter")
        return self.columns()

    def analogy(self, a: str, b: str, c: str) -> list[dict]:
        for name, word in zip("abc", (a, b, c), strict=True):
            self.page.fill(f".w2v-analogy input[name={name}]", word)
        self.page.click(".w2v-analogy button")
        return self.columns()

    def close(self) -> None:
        self.page.close()
        assert self.errors == []


@pytest.fixture(scope="module")
def exported() -> dict[str, WordVectors]:
    """The site's exported vectors by name, as the page computes with them."""
    return {model.name: model.word_vectors() for model in load_export(EXPORT)}


@pytest.fixture
def explorer(browser, site_dir):
    opened = Explorer(browser.context, browser.base_url + PAGES["en"])
    yield opened
    opened.close()
    assert browser.outside_requests == []


def same_as(rows: list[dict], ranked) -> None:
    """The page's rows are WordVectors' answer: the same words, similarities and 3 decimals."""
    assert [row["word"] for row in rows] == [word for word, _ in ranked]
    for row, (_, similarity) in zip(rows, ranked, strict=True):
        assert row["similarity"] == pytest.approx(similarity, abs=1e-12)
        assert row["shown"] == f"{similarity:.3f}"


def test_the_explorer_is_a_page_of_both_editions_after_notebook_11(site_dir):
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    for page in PAGES.values():
        assert f'href="{page}"' in index, page
    for edition, page in PAGES.items():
        before = site_dir / Path(page).parent / "11_evaluating_word_vectors.html"
        html = before.read_text(encoding="utf-8")
        (following,) = re.findall(r'<a class="right-next"\s+href="([^"]+)"', html)
        assert following == "11_explorer.html", edition


def test_search_red_lists_and_highlights_its_neighbours(explorer, exported):
    columns = explorer.search("red")
    assert [column["name"] for column in columns] == ["CBOW", "skip-gram"]
    for column in columns:
        ranked = exported[column["name"]].most_similar("red", top=10)
        assert column["title"] == "Nearest to 'red'" and column["message"] == ""
        same_as(column["rows"], ranked)
        assert column["asked"] == "red"
        assert column["answers"] == " ".join(word for word, _ in ranked)
        assert column["red"] > 0 and column["blue"] > 0  # the dots are drawn in their colours
    assert ["yellow", "blue", "orange"] == [row["word"] for row in columns[0]["rows"][:3]]


def test_the_numbers_match_most_similar_for_other_words_and_sizes(explorer, exported):
    for word, top in [("king", 5), ("three", 20), ("water", 50), ("good", 10)]:
        for column in explorer.search(word, top):
            same_as(column["rows"], exported[column["name"]].most_similar(word, top=top))


def test_an_analogy_is_answered_as_wordvectors_analogy(explorer, exported):
    for column in explorer.analogy("man", "king", "woman"):
        ranked = exported[column["name"]].analogy("man", "king", "woman", top=10)
        assert column["title"] == "man : king :: woman : ?"
        same_as(column["rows"], ranked)
        assert not {"man", "king", "woman"} & {row["word"] for row in column["rows"]}
        assert column["asked"] == "man king woman"


def test_a_word_not_exported_gets_a_clear_message(explorer):
    for column in explorer.search("zebra"):
        assert column["message"] == "'zebra' is not among the 5,000 exported words"
        assert column["rows"] == [] and column["asked"] == ""
    for column in explorer.search("Red"):
        assert column["message"].endswith("(but 'red' is)")
    for column in explorer.analogy("man", "king", "zebra"):
        assert column["message"] == "'zebra' is not among the 5,000 exported words"
    for column in explorer.search(""):
        assert column["message"] == "Type a word."


def test_clicking_a_word_searches_it(explorer):
    explorer.search("red")
    explorer.page.click(".w2v-model >> nth=0 >> button.w2v-word >> nth=0")
    assert explorer.columns()[0]["title"] == "Nearest to 'yellow'"
    answers = explorer.columns()[1]["answers"].split()
    # a blue dot on skip-gram's map: the middle of the first run of blue pixels in a row
    spot = explorer.page.eval_on_selector(
        ".w2v-model:nth-child(2) canvas",
        """canvas => {
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          const ratio = canvas.width / canvas.clientWidth;
          for (let y = 0; y < data.height; y++) {
            let run = 0;
            for (let x = 0; x < data.width; x++) {
              const [r, g, b] = data.data.subarray(4 * (y * data.width + x));
              if (r === 31 && g === 111 && b === 209) run++;
              else if (run >= 5) return {x: (x - run / 2) / ratio, y: (y + 3) / ratio};
              else run = 0;
            }
          }
          return null;
        }""",
    )
    assert spot is not None
    explorer.page.click(".w2v-model:nth-child(2) canvas", position=spot)
    title = explorer.columns()[1]["title"]
    assert re.fullmatch(r"Nearest to '(.+)'", title).group(1) in answers


def test_the_map_shows_all_words_or_the_highlighted_ones(explorer):
    explorer.search("red")
    zoomed = explorer.columns()[0]["blue"]
    button = explorer.page.locator(".w2v-zoom").first
    assert button.text_content() == "Show all words"
    button.click()
    assert button.text_content() == "Zoom to the highlighted words"
    assert explorer.columns()[0]["answers"].split()[0] == "yellow"  # still marked
    button.click()
    assert explorer.columns()[0]["blue"] == zoomed


def test_the_page_states_the_size_and_the_load_time(explorer, site_dir):
    status = explorer.page.text_content(".w2v-status")
    size = size_text((site_dir / "_static" / "explorer" / "wordnet_vectors.js").stat().st_size)
    assert size == "2.9 MB"
    pattern = rf"{re.escape(size)} of vectors, ready \d+ ms after the page opened "
    assert re.fullmatch(pattern + r"\(decoding took \d+ ms\)\.", status), status


def test_the_columns_are_side_by_side_on_a_desktop(explorer):
    first, second = explorer.columns()
    assert first["top"] == second["top"] and second["left"] > first["left"]


def test_the_columns_are_stacked_on_a_phone(phone, site_dir):
    explorer = Explorer(phone.context, phone.base_url + PAGES["en"])
    first, second = explorer.columns()
    assert second["top"] >= first["bottom"] and first["rows"]
    explorer.close()
    assert phone.outside_requests == []


def test_the_chinese_edition_speaks_chinese_with_the_same_numbers(browser, exported):
    explorer = Explorer(browser.context, browser.base_url + PAGES["zh"])
    assert explorer.page.text_content(".w2v-search button") == "查找"
    assert explorer.page.text_content(".w2v-status").startswith("词向量共 2.9 MB")
    for column in explorer.search("red"):
        assert column["title"] == "与“red”最相近的单词"
        same_as(column["rows"], exported[column["name"]].most_similar("red", top=10))
    for column in explorer.search("zebra"):
        assert column["message"] == "“zebra”不在导出的 5,000 个单词之中"
    explorer.close()
    assert browser.outside_requests == []


def test_the_site_page_works_from_disk(browser, site_dir, exported):
    """file://, as from a USB stick: no server, no network."""
    explorer = Explorer(browser.context, (site_dir / PAGES["en"]).as_uri())
    for column in explorer.search("year"):
        same_as(column["rows"], exported[column["name"]].most_similar("year", top=10))
    explorer.close()
    assert browser.outside_requests == []


def test_a_folder_the_cli_wrote_works_from_disk(browser, tmp_path: Path, capsys):
    rng = np.random.default_rng(1)
    words = ["man", "king", "woman", "queen", "red", *(f"w{i}" for i in range(200))]
    cbow = WordVectors(words, rng.normal(size=(len(words), 16)).astype(np.float32))
    # the other file lists the words in another order: "king" is among its rarest
    skipgram = WordVectors(words[::-1], rng.normal(size=(len(words), 8)).astype(np.float32))
    npz, text = cbow.save(tmp_path / "cbow.npz"), skipgram.save_word2vec_format(tmp_path / "sg.txt")
    out = tmp_path / "explorer"
    assert main(["explore", str(npz), str(text), "--out", str(out), "--words", "150"]) == 0
    capsys.readouterr()
    from_text = WordVectors.load_word2vec_format(text)
    expected = {
        "cbow.npz": export_model("cbow.npz", cbow, 150).word_vectors(),
        "sg.txt": export_model("sg.txt", from_text, 150).word_vectors(),
    }
    explorer = Explorer(browser.context, (out / "index.html").as_uri())
    cbow_column, sg_column = explorer.columns()  # the page opens on a search for "king"
    same_as(cbow_column["rows"], expected["cbow.npz"].most_similar("king", top=10))
    assert sg_column["message"] == "'king' is not among the 150 exported words"  # its rarest
    for column in explorer.search("w100", 20):  # among the 150 of both
        same_as(column["rows"], expected[column["name"]].most_similar("w100", top=20))
    cbow_column, _ = explorer.analogy("man", "king", "woman")
    same_as(cbow_column["rows"], expected["cbow.npz"].analogy("man", "king", "woman", top=20))
    explorer.close()
    assert browser.outside_requests == []


def test_a_page_without_its_vectors_says_what_is_missing(browser, tmp_path: Path, capsys):
    path = WordVectors(["a", "b"], np.eye(2, dtype=np.float32)).save(tmp_path / "v.npz")
    assert main(["explore", str(path), "--out", str(tmp_path / "page")]) == 0
    capsys.readouterr()
    (tmp_path / "page" / "vectors.js").unlink()  # e.g. index.html copied alone
    page = browser.context.new_page()
    page.goto((tmp_path / "page" / "index.html").as_uri(), wait_until="load")
    status = page.text_content(".w2v-status")
    page.close()
    assert status == "The vectors did not load: vectors.js should be next to this page."
