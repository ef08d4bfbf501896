"""The bundled prose of the Chinese edition (edu_w2v.datasets.load_chinese_edition_prose) and
scripts/build_zh_prose.py, which makes it from this repository's history."""

import subprocess

import pytest
from helpers import ROOT, load_script

from edu_w2v.datasets import load_chinese_edition_prose


@pytest.fixture(scope="module")
def script():
    return load_script("scripts/build_zh_prose.py")


@pytest.fixture(scope="module")
def prose() -> str:
    return load_chinese_edition_prose()


def test_the_prose_has_one_paragraph_per_line(prose):
    lines = prose.splitlines()
    assert len(lines) == 954 and all(lines) and prose.endswith("\n")
    assert len(prose) - len(lines) == 85_149
    assert lines[0] == "00 · 原始运行结果"  # lesson 00's title, its "#" gone
    assert lines[1].startswith("这个系列源自一个笔记本单元格：五个 NumPy 层")


def test_the_prose_has_no_markdown_code_or_maths_left(prose):
    for mark in ("`", "$", "*", "|", "](", "<details>", "\\frac", "import "):
        assert mark not in prose, mark
    assert "\n#" not in prose and "\n- " not in prose


@pytest.mark.parametrize(
    ("markdown", "lines"),
    [
        ("## 负采样\n正文\n### 小结", ["负采样", "正文", "小结"]),  # headings stand apart
        ("损失是 $L = -\\log \\sigma(x)$，梯度是 `dout * y`。", ["损失是 ，梯度是 。"]),
        ("公式：\n$$\nL = \\sum_i\n$$\n完", ["公式：", "完"]),  # as a blank line
        ("代码：\n```python\nx = 1  # 注释\n```\n\n后文", ["代码：", "后文"]),
        ("见[笔记本 02](02_sigmoid.ipynb)。", ["见笔记本 02。"]),
        ("- 第一项\n- 第二项", ["第一项 第二项"]),  # a list is one paragraph
        ("| 层 | 修正 |\n|---|:---:|\n| Embedding | 重复的行 |", ["层 修正 Embedding 重复的行"]),
        ("一个*负例*和**两个**", ["一个负例和两个"]),
        ("<details><summary>答案</summary>是的</details>", ["答案 是的"]),
        ("向\n量，gradient\ndescent 与\nword2vec", ["向量，gradient descent 与 word2vec"]),
        ("English only\n\n中文", ["中文"]),  # a paragraph without a Han character goes
    ],
)
def test_prose_of_keeps_the_running_text(script, markdown, lines):
    assert script.prose_of(markdown) == lines


def test_markdown_of_notebook_takes_the_markdown_cells_only(script):
    notebook = (
        '{"cells": [{"cell_type": "markdown", "source": ["# 标题\\n", "第一段"]},'
        ' {"cell_type": "code", "source": ["print(1)"], "outputs": []},'
        ' {"cell_type": "markdown", "source": "结尾"}]}'
    )
    assert script.prose_of(script.markdown_of_notebook(notebook)) == ["标题", "第一段", "结尾"]


def test_the_shipped_prose_is_what_the_script_builds_from_the_pinned_commit(script, capsys):
    # The sources are read with `git show` at SOURCE_COMMIT: later edits of the Chinese edition
    # change nothing. Needs this repository with its history (a clone has it).
    assert script.main(["--check"]) == 0, capsys.readouterr().err
    assert "identical to a rebuild" in capsys.readouterr().out


def test_a_commit_git_does_not_have_is_a_clear_error(script):
    with pytest.raises(OSError, match="a clone with its history is needed"):
        script.git_show("README.zh-CN.md", commit="0" * 40)


def test_the_pinned_commit_is_an_ancestor_of_this_checkout(script):
    command = ["git", "-C", str(ROOT), "merge-base", "--is-ancestor", script.SOURCE_COMMIT, "HEAD"]
    assert subprocess.run(command).returncode == 0
