"""The Chinese edition follows one typography rule, d2l's: a space between Chinese and Latin
letters or digits, full-width punctuation in Chinese prose (scripts/zh_typography.py)."""

from __future__ import annotations

import json

import pytest
from helpers import ROOT, load_script

zh_typography = load_script("scripts/zh_typography.py")
zh_terms = zh_typography.zh_terms


@pytest.mark.parametrize("path", zh_typography.files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_zh_prose_follows_the_typography_rule(path):
    problems = zh_typography.check_file(path)
    assert problems == [], "run `python scripts/zh_typography.py fix FILE`:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("见笔记本07。", "见笔记本 07。"),
        ("Embedding层的反向传播", "Embedding 层的反向传播"),
        ("**缺陷1**", "**缺陷 1**"),
        ("第4.2节", "第 4.2 节"),
        ("注意:这里", "注意：这里"),
        ("一个层,两个层", "一个层，两个层"),
        ("为什么? 因为", "为什么？因为"),
        ("层(Embedding)", "层（Embedding）"),
        ("(见下文)", "（见下文）"),
        ('所谓"答案"往往是', "所谓“答案”往往是"),
        ("结束.", "结束。"),
    ],
)
def test_a_planted_error_is_found_and_fixed(text, fixed):
    assert zh_typography.check(text) != []
    assert zh_typography.fix(text) == fixed
    assert zh_typography.check(fixed) == []


@pytest.mark.parametrize(
    "text",
    [
        "**层次 softmax**把单词",
        "f(x)的值",
        "(N, K)的矩阵",
    ],
)
def test_what_the_fixer_cannot_decide_is_left_to_a_person(text):
    assert zh_typography.check(text) != []
    assert zh_typography.check(zh_typography.fix(text)) != []


@pytest.mark.parametrize(
    "text",
    [
        "变量`idx`和代码`np.log(y)`",
        "```\n中文x = 1 # 注释:中文\n```",
        "公式$x_1$和$$\\sigma(s)$$",
        "链接[网页](https://x.org/a,b?c=中)",
        "标签<span>中文</span>和 https://zh.d2l.ai/chapter,1",
        "## 标题\n- 列表\n1. 编号\n| 表 | 格 |",
        '书中的定义："son of Henry VII and King of England"。',
        "引文“negative sampling (NEG)”",
        "形状为 (N, K) 的矩阵，(N,) 个单词",
        "word2vec 的 C 程序（word2vec.c），大约 3 倍",
    ],
    ids=[
        "code",
        "fence",
        "latex",
        "link",
        "html and url",
        "syntax",
        "quote",
        "curly",
        "shape",
        "good",
    ],
)
def test_exempt_and_correct_text_passes(text):
    assert zh_typography.check(text) == []
    assert zh_typography.fix(text) == text


def test_check_file_reads_markdown_cells_only_and_fix_file_writes_them(tmp_path):
    markdown = {"cell_type": "markdown", "id": "m", "metadata": {}, "source": ["笔记本07(见下)"]}
    code = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "c",
        "metadata": {},
        "outputs": [],
        "source": ["x = 1  # 笔记本07(见下)"],
    }
    notebook = {"cells": [markdown, code], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "07_planted.ipynb"
    zh_terms._write_notebook(notebook, path)
    assert len(zh_typography.check_file(path)) == 4
    assert zh_typography.fix_file(path) == 1
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert cells[0]["source"] == ["笔记本 07（见下）"]
    assert cells[1] == code
    assert zh_typography.check_file(path) == []
