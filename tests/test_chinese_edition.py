"""The Chinese edition (notebooks/zh, exercises/zh) is in step with the English one.

nbval runs the English notebooks only: the Chinese twins' code cells and outputs are proven
identical to the English ones here, cell by cell, so what nbval proves holds for both. A changed
English code cell or output that was not copied with ``scripts/zh_twins.py sync``, or English prose
that was not translated again, fails.
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


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (lambda en, zh: en["cells"][1].update(source=["print(0.5)"]), "code cell's source"),
        (lambda en, zh: en["cells"][1]["outputs"][0].update(text=["0.5\n"]), "code cell's outputs"),
        (lambda en, zh: en["cells"][1]["metadata"].update(tags=[]), "code cell's metadata"),
        (lambda en, zh: en["cells"][0].update(source=["New English prose."]), "changed since"),
        (lambda en, zh: zh["cells"][0].update(source=["Not translated."]), "not translated"),
        (lambda en, zh: zh["cells"][0].update(source=["见 [03](x.ipynb) $$a$$"]), "links differ"),
        (lambda en, zh: zh["cells"].pop(), "cell types differ"),
    ],
    ids=["code", "output", "tags", "english prose", "untranslated", "link", "a cell lost"],
)
def test_any_drift_is_found(change, found):
    english = _english()
    twin = zh_twins.build_twin(english, CHINESE)
    change(english, twin)
    assert any(found in d for d in zh_twins.differences(english, twin))


def test_sync_copies_the_code_and_lists_the_stale_prose():
    english = _english()
    twin = zh_twins.build_twin(english, CHINESE)
    english["cells"][1]["outputs"][0]["text"] = ["0.5\n"]
    english["cells"][0]["source"] = ["Changed."]
    assert zh_twins.sync_code(english, twin) == [0]
    assert twin["cells"][1] == english["cells"][1]
