"""site/generate.py: the website's pages are found by globbing, in series order, English first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_helpers import ROOT, load_generator

generate = load_generator()


def _notebook(path: Path, markdown: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cell = {"cell_type": "markdown", "metadata": {}, "source": markdown}
    path.write_text(
        json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8",
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "README.md").write_text("# A series\n\n[00](notebooks/00_a.ipynb)\n", "utf-8")
    _notebook(tmp_path / "notebooks" / "10_k.ipynb", "# 10\n\n[script](../tools/run.py)")
    _notebook(tmp_path / "notebooks" / "00_a.ipynb", "# 00\n\n[next](01_b.ipynb)")
    _notebook(tmp_path / "notebooks" / "01_b.ipynb", "# 01\n\n[ex](../exercises/01_b.ipynb)")
    _notebook(tmp_path / "notebooks" / "scratch.ipynb", "# not numbered: no page")
    _notebook(tmp_path / "exercises" / "01_b.ipynb", "# Exercise 01")
    (tmp_path / "notebooks" / "TEACHING.md").write_text("# Guide\n", "utf-8")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "run.py").write_text("print('hi')\n", "utf-8")
    return tmp_path


def test_pages_in_series_order_by_number(repo):
    assert generate.page_order(repo) == [
        "README.md",
        "notebooks/00_a.ipynb",
        "notebooks/01_b.ipynb",
        "notebooks/10_k.ipynb",
        "exercises/01_b.ipynb",
        "notebooks/TEACHING.md",
    ]


def test_the_chinese_edition_follows_the_english_one_when_it_exists(repo):
    _notebook(repo / "notebooks" / "zh" / "00_a.ipynb", "# 00 中文")
    _notebook(repo / "exercises" / "zh" / "01_b.ipynb", "# 练习 01")
    (repo / "notebooks" / "zh" / "GLOSSARY.md").write_text("# 术语表\n", "utf-8")
    (repo / "README.zh-CN.md").write_text("# 系列\n", "utf-8")
    assert generate.page_order(repo)[6:] == [
        "README.zh-CN.md",
        "notebooks/zh/00_a.ipynb",
        "exercises/zh/01_b.ipynb",
        "notebooks/zh/GLOSSARY.md",
    ]
    index = generate.index_text(repo)
    assert index.index("notebooks/TEACHING.md") < index.index("中文版")


def test_generate_copies_pages_and_linked_files_and_drops_stale_ones(repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("src")
    (out / "notebooks").mkdir()
    (out / "notebooks" / "99_gone.ipynb").write_text("{}", "utf-8")
    written = generate.generate(repo, out)
    assert written[0] == "index.md" and "tools/run.py" in written
    assert (out / "tools" / "run.py").read_text("utf-8") == "print('hi')\n"
    assert not (out / "notebooks" / "99_gone.ipynb").exists()
    assert not (out / "notebooks" / "scratch.ipynb").exists()
    index = (out / "index.md").read_text("utf-8")
    assert index.startswith("# Read the series: A series\n")
    assert "About the series (README) <README.md>" in index
    assert index.index("notebooks/00_a.ipynb") < index.index("notebooks/10_k.ipynb")


def test_a_numbered_markdown_page_follows_the_notebooks_of_its_number(repo):
    (repo / "notebooks" / "01_a_map.md").write_text("# A page, no notebook\n", "utf-8")
    order = generate.page_order(repo)
    assert order[1:5] == [
        "notebooks/00_a.ipynb",
        "notebooks/01_b.ipynb",
        "notebooks/01_a_map.md",
        "notebooks/10_k.ipynb",
    ]
    assert order.count("notebooks/01_a_map.md") == 1  # not a guide as well
    assert order[-1] == "notebooks/TEACHING.md"


def test_the_real_series_starts_with_the_readme_and_notebook_00():
    order = generate.page_order(ROOT)
    assert order[:2] == ["README.md", "notebooks/00_source_run.ipynb"]
    assert "notebooks/TEACHING.md" in order
    for folder in ("notebooks", "notebooks/zh"):  # the explorer, after notebook 11
        after = order.index(f"{folder}/11_evaluating_word_vectors.ipynb") + 1
        assert order[after] == f"{folder}/11_explorer.md"
