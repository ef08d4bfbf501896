"""The exercise notebooks: skeletons that run top to bottom, hold no solution, and can be solved.

nbval executes each notebook in a fresh kernel from the exercises folder, as a student would run
it, and compares every cell with its stored output; here the stored outputs must show no error
and a check cell that says "not implemented yet". Then each skeleton, filled in with a short
solution, must pass its own check cell's checker.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import textwrap

import pytest
from helpers import ROOT, cell_source, cell_stdout, code_cells
from solutions import SOLUTIONS

import edu_w2v.checks as checks

EXERCISES = ROOT / "exercises"
# notebook -> (its checker, the class the student writes)
EXERCISE_LAYERS = {
    "02_sigmoid_with_loss.ipynb": ("check_sigmoid_with_loss", "SigmoidWithLoss"),
    "03_embedding.ipynb": ("check_embedding", "Embedding"),
    "04_embedding_dot.ipynb": ("check_embedding_dot", "EmbeddingDot"),
    "05_unigram_sampler.ipynb": ("check_unigram_sampler", "UnigramSampler"),
    "06_negative_sampling_loss.ipynb": ("check_negative_sampling_loss", "NegativeSamplingLoss"),
    "09_cbow.ipynb": ("check_cbow", "CBOW"),
    "10_skip_gram.ipynb": ("check_skip_gram", "SkipGram"),
}
NAMES = list(EXERCISE_LAYERS)
MARKER = re.compile(r"^( *)# your code here.*\n *raise NotImplementedError$", re.MULTILINE)


def load_exercise(name: str) -> dict:
    return json.loads((EXERCISES / name).read_text(encoding="utf-8"))


def skeleton_cell(notebook: dict, name: str) -> str:
    _, layer = EXERCISE_LAYERS[name]
    (source,) = [s for s in map(cell_source, code_cells(notebook)) if f"class {layer}" in s]
    return source


def check_cell(notebook: dict) -> dict:
    (cell,) = code_cells(notebook, tag="check")
    return cell


CAPSTONE = "11_capstone.ipynb"  # no class to write: it trains the classes of the others


def test_there_is_one_exercise_per_layer_and_model_then_the_capstone():
    assert sorted(p.name for p in EXERCISES.glob("*.ipynb")) == [*NAMES, CAPSTONE]


@pytest.mark.parametrize("name", NAMES)
def test_exercise_runs_top_to_bottom_and_says_not_implemented_yet(name):
    """Checked on the stored outputs: nbval re-executes every exercise top to bottom in a fresh
    kernel from its folder and fails on any difference, error or stderr line."""
    stored = load_exercise(name)
    for cell in code_cells(stored):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", output
            assert output.get("name") != "stderr", output
    printed = cell_stdout(check_cell(stored))
    assert "TODO" in printed and "not implemented yet: write " in printed
    checker, layer = EXERCISE_LAYERS[name]
    assert f"{checker}({layer})" in cell_source(check_cell(stored))
    assert "0x" not in json.dumps([c["outputs"] for c in code_cells(stored)])


@pytest.mark.parametrize("name", NAMES)
def test_exercise_holds_a_skeleton_not_a_solution(name):
    notebook = load_exercise(name)
    assert notebook["cells"][0]["source"][0].startswith(f"# Exercise {name[:2]} · ")
    source = skeleton_cell(notebook, name)
    (layer,) = [node for node in ast.parse(source).body if isinstance(node, ast.ClassDef)]
    todo = {}
    for method in layer.body:
        if isinstance(method, ast.FunctionDef):
            body = ast.get_source_segment(source, method)
            if "# your code here" in body:
                last = method.body[-1]
                assert (
                    isinstance(last, ast.Raise) and ast.unparse(last.exc) == "NotImplementedError"
                )
                todo[method.name] = method
    assert len(todo) == len(MARKER.findall(source)) == len(SOLUTIONS[name]) == 2
    for method in todo.values():
        if method.name != "__init__":  # nothing but the raise: no solution hidden before it
            assert len(method.body) == 1
    assert "word_p =" not in source  # the sampler's __init__ leaves word_p to the student


@pytest.mark.parametrize("name", NAMES)
def test_exercise_filled_in_with_a_solution_passes_its_check(name):
    notebook = load_exercise(name)
    snippets = iter(SOLUTIONS[name])

    def solution(match: re.Match) -> str:
        return textwrap.indent(textwrap.dedent(next(snippets)).strip(), match.group(1))

    solved = MARKER.sub(solution, skeleton_cell(notebook, name))
    namespace: dict = {}
    exec(cell_source(code_cells(notebook)[0]), namespace)  # the imports
    exec(solved, namespace)
    checker, layer = EXERCISE_LAYERS[name]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = getattr(checks, checker)(namespace[layer])
    assert result.passed, printed.getvalue()
