"""The Chinese edition speaks one vocabulary: notebooks/zh/terms.json.

GLOSSARY.md is generated from the term list; no zh notebook (markdown cells), exercise, guide,
README or the glossary uses a rejected variant; every term of the glossary is used; where the
book's Chinese edition names a concept otherwise, its term is given at the concept's first use.
"""

from __future__ import annotations

import json
import sys

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import zh_terms  # noqa: E402

TERMS = zh_terms.load_terms()
FILES = zh_terms.zh_files()
CHECKED = [*FILES, zh_terms.GLOSSARY]


def test_the_glossary_is_generated_from_the_term_list():
    text = zh_terms.GLOSSARY.read_text(encoding="utf-8")
    assert text == zh_terms.glossary(), "run `python scripts/zh_terms.py glossary`"


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_rejected_variant(path):
    hits = [str(h) for u in zh_terms.units(path) for h in zh_terms.find_variants(u, TERMS)]
    assert hits == [], "\n".join(hits)


def test_every_glossary_term_is_used():
    assert [t.zh for t in zh_terms.unused(TERMS, FILES)] == []


def test_the_book_term_is_given_at_first_use():
    missing = zh_terms.missing_book_notes(TERMS, [p for p in CHECKED if p != zh_terms.GLOSSARY])
    assert [f"{u.where(o)}: {t.zh}" for t, u, o in missing] == []


def test_the_term_list_agrees_with_itself():
    zh = [t.zh for t in TERMS]
    assert len(zh) == len(set(zh)), "two concepts share a Chinese term"
    for term in TERMS:
        for variant, replacement in term.rejected.items():
            assert variant != term.zh
            if replacement is not None:
                unit = zh_terms.Unit(ROOT / "x.md", None, replacement)
                assert zh_terms.find_variants(unit, TERMS) == [], (variant, replacement)


def _unit(text: str) -> zh_terms.Unit:
    return zh_terms.Unit(ROOT / "planted.md", None, text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("缺陷 4——过期梯度。", ["过期梯度"]),
        ("稀有词被抽到的机会更多，罕见的单词也是。", ["稀有词", "罕见的单词"]),
        ("一个由单词 id 组成的语料库", ["id"]),
        ("设中间层的向量为 h", ["中间层的向量"]),
        ("两个中间层向量", ["中间层向量"]),
        ("对交叉熵误差取平均", ["交叉熵误差"]),
        ("得分被截断为 1e-7", ["截断"]),
        ("每个批次一个融合的一步", ["融合的一步"]),
    ],
)
def test_a_planted_variant_is_found(text, found):
    assert [h.variant for h in zh_terms.find_variants(_unit(text), TERMS)] == found


@pytest.mark.parametrize(
    "text",
    [
        "变量 `idx` 和 `ids`，代码 `np.log(y)`，链接 [网页](https://x.org/?id=1)",
        "```\nfor id in ids: pass\n```",
        "缩小截断误差；在行尾截断窗口",
        "隐藏层（书中称“中间层”）；书中第 4.2 节“中间层之后的处理的改进”",
        "这并不罕见；罕见的冲突",
    ],
    ids=["code and links", "fenced code", "truncation", "the book quoted", "rare, the adjective"],
)
def test_code_other_meanings_and_quotations_are_not_variants(text):
    assert zh_terms.find_variants(_unit(text), TERMS) == []


def _notebook(markdown: str) -> dict:
    code = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "c",
        "metadata": {},
        "outputs": [],
        "source": ["x = 1  # 过期梯度 id"],
    }
    text = {"cell_type": "markdown", "id": "m", "metadata": {"edu_w2v": {"en_sha256": "0"}}}
    text["source"] = markdown.splitlines(keepends=True)
    return {"cells": [text, code], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_check_fails_on_a_planted_variant_and_fix_repairs_it(tmp_path):
    path = tmp_path / "03_embedding.ipynb"
    zh_terms._write_notebook(_notebook("**缺陷 4——过期梯度。** 单词 id 1 用于从softmax函数"), path)
    assert len(zh_terms.check([path])) == 3
    changed, by_hand = zh_terms.fix([path])
    assert len(changed) == 3 and by_hand == []
    notebook = json.loads(path.read_text(encoding="utf-8"))
    markdown, code = notebook["cells"]
    assert "".join(markdown["source"]) == "**缺陷 4——陈旧的梯度。** 单词 ID 1 用于从 softmax 函数"
    assert markdown["metadata"] == {"edu_w2v": {"en_sha256": "0"}}
    assert code == _notebook("")["cells"][1], "fix changed a code cell"
    assert zh_terms.check([path]) == []


def test_fix_leaves_what_needs_a_person_and_a_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "TEACHING.md"
    path.write_text("它们的更新丢失可以容忍；过期梯度。\n", encoding="utf-8")
    changed, by_hand = zh_terms.fix([path], write=False)
    assert len(changed) == 1 and len(by_hand) == 1 and "更新丢失" in by_hand[0]
    assert path.read_text(encoding="utf-8") == "它们的更新丢失可以容忍；过期梯度。\n"


def test_a_first_use_without_the_book_term_is_found(tmp_path):
    path = tmp_path / "00_source_run.md"
    path.write_text("两个隐藏向量 h，即隐藏层的输出。\n", encoding="utf-8")
    hidden = [t for t in TERMS if t.zh == "隐藏层"]
    assert [t.zh for t, _, _ in zh_terms.missing_book_notes(hidden, [path])] == ["隐藏层"]
    path.write_text("两个隐藏向量 h，即隐藏层（书中称“中间层”）的输出。\n", encoding="utf-8")
    assert zh_terms.missing_book_notes(hidden, [path]) == []
