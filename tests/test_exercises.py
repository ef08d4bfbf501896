"""The exercise notebooks: skeletons that run top to bottom, hold no solution, and can be solved.

nbval executes each notebook in a fresh kernel from the exercises folder, as a student would run
it, and compares every cell with its stored output; here the stored outputs must show no error
and a check cell that says "not implemented yet". Then each skeleton, filled in with a short
solution, must pass its own check cell's checker.

Most exercises ask for a class (a layer or a model) and have one check cell. Exercise 07, the
derivations, asks for functions (gradients derived on paper) in four parts, each with its own
check cell; the same three rules hold for it, part by part.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json

import pytest
from helpers import ROOT, cell_source, cell_stdout, code_cells, solve_stubs

import edu_w2v.checks as checks
from edu_w2v.solutions import MARKER, SOLUTIONS

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
# notebook -> (its checker, the functions the student writes, part by part: one check cell each)
EXERCISE_FUNCTIONS = {
    "07_derivations.ipynb": (
        "check_derivations",
        [["dL_ds"], ["dot_dh", "dot_dW"], ["dJ_dh", "dJ_du_o", "dJ_du_k"], ["cbow_dW_in"]],
    ),
}
NAMES = list(EXERCISE_LAYERS)
FUNCTION_NAMES = list(EXERCISE_FUNCTIONS)


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


def test_there_is_one_exercise_per_layer_and_model_the_derivations_then_the_capstone():
    exercises = sorted(p.name for p in EXERCISES.glob("*.ipynb"))
    assert exercises == [*sorted([*NAMES, *FUNCTION_NAMES]), CAPSTONE]
    assert exercises[-1] == CAPSTONE and not set(NAMES) & set(FUNCTION_NAMES)


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
    solved = solve_stubs(skeleton_cell(notebook, name), iter(SOLUTIONS[name]))
    namespace: dict = {}
    exec(cell_source(code_cells(notebook)[0]), namespace)  # the imports
    exec(solved, namespace)
    checker, layer = EXERCISE_LAYERS[name]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = getattr(checks, checker)(namespace[layer])
    assert result.passed, printed.getvalue()


# --- exercise 07: functions, part by part -------------------------------------------------------


def skeleton_functions(notebook: dict) -> dict[str, ast.FunctionDef]:
    """The functions of the notebook's code cells that hold a '# your code here', by name."""
    found = {}
    for source in map(cell_source, code_cells(notebook)):
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef):
                if "# your code here" in ast.get_source_segment(source, node):
                    found[node.name] = node
    return found


@pytest.mark.parametrize("name", FUNCTION_NAMES)
def test_derivations_run_top_to_bottom_and_each_part_says_not_implemented_yet(name):
    """Checked on the stored outputs (nbval re-executes them): one check cell per part, each
    checking that part's functions by name and saying "not implemented yet" for the first."""
    stored = load_exercise(name)
    for cell in code_cells(stored):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", output
            assert output.get("name") != "stderr", output
    checker, parts = EXERCISE_FUNCTIONS[name]
    cells = code_cells(stored, tag="check")
    assert len(cells) == len(parts)
    for cell, part in zip(cells, parts, strict=True):
        arguments = ", ".join(f"{f}={f}" for f in part)
        assert cell_source(cell) == f"result = {checker}({arguments})"
        printed = cell_stdout(cell)
        assert "TODO" in printed and f"not implemented yet: write {part[0]} " in printed
        assert printed.count("not run yet") == len(part) - 1
    assert "0x" not in json.dumps([c["outputs"] for c in code_cells(stored)])


@pytest.mark.parametrize("name", FUNCTION_NAMES)
def test_derivations_hold_skeletons_not_solutions(name):
    notebook = load_exercise(name)
    assert notebook["cells"][0]["source"][0].startswith(f"# Exercise {name[:2]} · ")
    _, parts = EXERCISE_FUNCTIONS[name]
    functions = skeleton_functions(notebook)
    assert list(functions) == [f for part in parts for f in part]  # in the order of the parts
    markers = sum(len(MARKER.findall(cell_source(c))) for c in code_cells(notebook))
    assert markers == len(functions) == len(SOLUTIONS[name])
    for function in functions.values():  # a docstring, then nothing but the raise
        body = function.body
        assert isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
        assert len(body) == 2 and ast.unparse(body[1]) == "raise NotImplementedError"


@pytest.mark.parametrize("name", FUNCTION_NAMES)
def test_derivations_filled_in_with_the_solutions_pass_every_check_cell(name):
    """As a student would: every code cell in order, the skeletons solved, each check cell's
    ``result`` passed."""
    notebook = load_exercise(name)
    snippets = iter(SOLUTIONS[name])
    namespace: dict = {}
    results = []
    for cell in code_cells(notebook):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(solve_stubs(cell_source(cell), snippets), namespace)
        if "check" in cell["metadata"].get("tags", []):
            results.append(namespace.pop("result"))
            assert results[-1].passed, printed.getvalue()
    _, parts = EXERCISE_FUNCTIONS[name]
    assert [[line.check.en for line in r.lines] for r in results] == parts
    assert next(snippets, None) is None  # every solution used
