"""The Chinese edition (notebooks/zh, exercises/zh) is in step with the English one.

nbval runs the English notebooks only. Each Chinese twin switches the package to Chinese in its
first code cell; its other code cells are the English code (the same syntax tree, comments and
docstrings translated) with outputs of the same kinds and the same numbers, cell by cell, so what
nbval proves of the numbers holds for both. A changed English code cell that was not brought over
with ``scripts/zh_twins.py sync`` (and the twin run again), an English comment left in a twin, or
English prose that was not translated again, fails.
"""

from __future__ import annotations

import json
import sys

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import zh_twins  # noqa: E402

ENGLISH = zh_twins.english_notebooks()


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_notebook_has_a_chinese_twin_in_step(english):
    twin = zh_twins.twin_path(english)
    assert twin.exists(), f"no Chinese twin {twin.relative_to(ROOT)}"
    assert zh_twins.differences(_read(english), _read(twin)) == []


def test_every_twin_has_an_english_notebook():
    twins = sorted(ROOT.glob("notebooks/zh/*.ipynb")) + sorted(ROOT.glob("exercises/zh/*.ipynb"))
    assert twins, "no Chinese edition"
    assert {t.name for t in twins if t.parent.parent.name == "notebooks"} == {
        p.name for p in ENGLISH if p.parent.name == "notebooks"
    }
    assert {t.name for t in twins if t.parent.parent.name == "exercises"} == {
        p.name for p in ENGLISH if p.parent.name == "exercises"
    }


def _english():
    code = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "c",
        "metadata": {"tags": ["x"]},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": ["0.25\n"]}],
        "source": ["print(0.25)"],
    }
    text = "See [03](03_embedding.ipynb) and [ex](../exercises/03_embedding.ipynb): $$a$$"
    markdown = {"cell_type": "markdown", "id": "m", "metadata": {}, "source": [text]}
    return {"cells": [markdown, code], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


CHINESE = ["见 [03](03_embedding.ipynb) 和 [练习](../exercises/03_embedding.ipynb)：$$a$$"]


def test_a_built_twin_is_in_step_and_its_links_lead_to_the_twins():
    twin = zh_twins.build_twin(_english(), CHINESE)
    assert zh_twins.differences(_english(), twin) == []
    assert zh_twins.links("".join(twin["cells"][0]["source"])) == [
        "03_embedding.ipynb",
        "../../exercises/zh/03_embedding.ipynb",
    ]


def test_a_numbered_page_beside_the_notebooks_is_linked_to_its_twin():
    assert zh_twins.zh_link("11_explorer.md") == "11_explorer.md"  # notebooks/zh/11_explorer.md
    assert zh_twins.zh_link("NOTES.md") == "../NOTES.md"  # no twin: the English file


def _code(notebook: dict) -> dict:
    """The one code cell of a test notebook that is not the language switch."""
    return [c for c in notebook["cells"] if c["cell_type"] == "code" and c["id"] == "c"][0]


def test_a_built_twin_switches_to_chinese_before_its_first_code_cell():
    twin = zh_twins.build_twin(_english(), CHINESE)
    assert [c["cell_type"] for c in twin["cells"]] == ["markdown", "code", "code"]
    assert "".join(twin["cells"][1]["source"]) == zh_twins.LANGUAGE_CELL
    assert 'edu_w2v.set_language("zh")' in zh_twins.LANGUAGE_CELL


def _translate(en: dict, zh: dict) -> None:
    """What a translator does to the code cell: a Chinese comment, output words in Chinese."""
    _code(zh).update(source=["print(0.25)  # 四分之一"])
    _code(zh)["outputs"][0].update(text=["四分之一：0.25\n"])


def _docstrings(en: dict, zh: dict) -> None:
    _code(en).update(source=['def f():\n    """A function."""\n\n\nprint(0.25)'])
    _code(zh).update(source=['def f():\n    """一个函数。"""\n\n\nprint(0.25)'])


@pytest.mark.parametrize(
    "change",
    [
        _translate,
        _docstrings,
        lambda en, zh: _code(zh).update(source=["print(0.25)  # your code here（在这里写）"]),
    ],
    ids=["comment and output words", "docstring", "the exercises' marker"],
)
def test_what_each_edition_may_say_its_own_way(change):
    english = _english()
    twin = zh_twins.build_twin(english, CHINESE)
    change(english, twin)
    assert zh_twins.differences(english, twin) == []


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (lambda en, zh: _code(en).update(source=["print(0.5)"]), "code differs"),
        (lambda en, zh: _code(zh).update(source=["print(0.25)  # a quarter of one"]), "translated"),
        (lambda en, zh: _code(zh)["outputs"][0].update(text=["0.5\n"]), "outputs differ"),
        (lambda en, zh: _code(zh)["outputs"].clear(), "outputs differ"),
        (lambda en, zh: _code(en)["metadata"].update(tags=[]), "tags differ"),
        (lambda en, zh: zh["cells"].pop(1), "no language switch"),
        (lambda en, zh: zh["cells"].append(zh["cells"].pop(1)), "not the first code cell"),
        (lambda en, zh: zh["cells"][1].update(source=["import edu_w2v"]), "language switch is"),
        (lambda en, zh: en["cells"][0].update(source=["New English prose."]), "changed since"),
        (lambda en, zh: zh["cells"][0].update(source=["Not translated."]), "not translated"),
        (lambda en, zh: zh["cells"][0].update(source=["见 [03](x.ipynb) $$a$$"]), "links differ"),
        (lambda en, zh: zh["cells"].pop(), "cell types differ"),
    ],
    ids=[
        "code",
        "english comment",
        "a number",
        "no output",
        "tags",
        "no switch",
        "switch moved",
        "switch changed",
        "english prose",
        "untranslated",
        "link",
        "a cell lost",
    ],
)
def test_any_drift_is_found(change, found):
    english = _english()
    twin = zh_twins.build_twin(english, CHINESE)
    change(english, twin)
    assert any(found in d for d in zh_twins.differences(english, twin))


def test_the_outputs_of_a_cell_that_varies_are_not_compared():
    english = _english()
    _code(english)["metadata"]["tags"] = ["nbval-ignore-output"]
    twin = zh_twins.build_twin(english, CHINESE)
    _code(twin)["outputs"][0]["text"] = ["0.3 s\n"]
    assert zh_twins.differences(english, twin) == []


def test_sync_keeps_translated_comments_and_copies_changed_code():
    english = _english()
    twin = zh_twins.build_twin(english, CHINESE)
    _translate(english, twin)
    english["cells"][0]["source"] = ["Changed."]
    assert zh_twins.sync_code(english, twin) == [0]  # the prose to translate again
    assert _code(twin)["source"] == ["print(0.25)  # 四分之一"]
    _code(english)["source"] = ["print(0.5)"]
    assert zh_twins.sync_code(english, twin) == [0, 2]  # and the changed code cell
    assert _code(twin) == _code(english)
