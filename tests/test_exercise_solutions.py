"""The reference layers ARE the exercises' solutions, tidied: the test points from the student.

For each exercise, the skeleton's class filled in with the book-form solution (tests/solutions.py,
the ground truth) must equal the reference class in ``edu_w2v`` once every reference method has
lost its validation line: at most one statement per method that calls into
``edu_w2v.validation``. So a reference cannot grow more than one check per method or compute
anything the student's solution does not, and a skeleton cannot carry a line the solution does not
need. Docstrings, comments and type annotations are left out of the comparison.

Exercise 07 asks for functions, not a class: the gradients derived on paper. There the rule reads
the same way round: each solved function computes what a reference layer's ``backward`` does.
"""

from __future__ import annotations

import ast
import copy
import inspect
import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from test_exercises import MARKER

import edu_w2v
import edu_w2v.validation
from edu_w2v.cbow import CBOW
from edu_w2v.skip_gram import SkipGram
from edu_w2v.solutions import SOLUTIONS

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"
REFERENCES = {
    "02_sigmoid_with_loss.ipynb": edu_w2v.SigmoidWithLoss,
    "03_embedding.ipynb": edu_w2v.Embedding,
    "04_embedding_dot.ipynb": edu_w2v.EmbeddingDot,
    "05_unigram_sampler.ipynb": edu_w2v.UnigramSampler,
    "06_negative_sampling_loss.ipynb": edu_w2v.NegativeSamplingLoss,
    "09_cbow.ipynb": CBOW,
    "10_skip_gram.ipynb": SkipGram,
}
VALIDATION = {
    name
    for name, value in vars(edu_w2v.validation).items()
    if inspect.isfunction(value) and value.__module__ == "edu_w2v.validation"
}


def skeleton_class(notebook: str, name: str) -> ast.ClassDef:
    """The ``class <name>`` of the exercise notebook's code cells."""
    cells = json.loads((EXERCISES / notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            for node in ast.parse("".join(cell["source"])).body:
                if isinstance(node, ast.ClassDef) and node.name == name:
                    return node
    raise AssertionError(f"{notebook} has no class {name}")


def reference_class(cls: type) -> ast.ClassDef:
    return ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]


def without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    first = body[0] if body else None
    is_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    return body[1:] if is_doc and isinstance(first.value.value, str) else body


def is_stub(function: ast.FunctionDef) -> bool:
    last = function.body[-1]
    return isinstance(last, ast.Raise) and ast.unparse(last.exc) == "NotImplementedError"


def validation_calls(node: ast.AST) -> list[str]:
    """The names of the ``edu_w2v.validation`` functions that ``node`` calls."""
    return [
        call.func.id
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id in VALIDATION
    ]


def solved(skeleton: ast.ClassDef, snippets: list[str]) -> ast.ClassDef:
    """The skeleton with each stub's ``raise NotImplementedError`` replaced by its solution."""
    skeleton = copy.deepcopy(skeleton)
    stubs = [node for node in skeleton.body if isinstance(node, ast.FunctionDef) and is_stub(node)]
    assert len(stubs) == len(snippets), f"{len(stubs)} stubs, {len(snippets)} solutions"
    for stub, snippet in zip(stubs, snippets, strict=True):
        stub.body = stub.body[:-1] + ast.parse(textwrap.dedent(snippet)).body
    return skeleton


def without_validation(reference: ast.ClassDef) -> tuple[ast.ClassDef, list[str]]:
    """The reference without the validation line of each method; the rule's violations."""
    reference = copy.deepcopy(reference)
    problems = []
    for method in reference.body:
        if isinstance(method, ast.FunctionDef):
            calls = validation_calls(method)
            if len(calls) > 1:
                problems.append(f"{method.name} makes {len(calls)} validation calls: {calls}")
            method.body = [line for line in method.body if not validation_calls(line)]
    return reference, problems


def normalised(cls: ast.ClassDef) -> str:
    """The class without docstrings and annotations, as text."""
    cls = copy.deepcopy(cls)
    cls.body = without_docstring(cls.body)
    for node in cls.body:
        if isinstance(node, ast.FunctionDef):
            node.body = without_docstring(node.body)
            node.returns = None
            for arg in [*node.args.args, *node.args.kwonlyargs]:
                arg.annotation = None
    return ast.dump(cls, annotate_fields=True, include_attributes=False)


def book_form_problems(skeleton: ast.ClassDef, snippets: list[str], cls: type) -> list[str]:
    """Why the reference is not the skeleton + the solution + one validation line per method."""
    student = solved(skeleton, snippets)
    reference, problems = without_validation(reference_class(cls))
    if normalised(student) != normalised(reference):
        problems.append(
            f"the skeleton + the solution differs from {cls.__name__} without its validation "
            f"lines:\n{ast.unparse(student)}\n--- reference ---\n{ast.unparse(reference)}"
        )
    return problems


@pytest.mark.parametrize(("notebook", "cls"), REFERENCES.items())
def test_the_reference_is_the_solution_plus_one_validation_line_per_method(notebook, cls):
    skeleton = skeleton_class(notebook, cls.__name__)
    assert book_form_problems(skeleton, SOLUTIONS[notebook], cls) == []


def test_the_skeletons_hold_no_validation():
    for notebook, cls in REFERENCES.items():
        assert validation_calls(skeleton_class(notebook, cls.__name__)) == [], notebook


def test_a_reference_that_does_more_than_the_solution_is_noticed():
    skeleton = skeleton_class("03_embedding.ipynb", "Embedding")
    # a student's solution without np.add.at: the reference (which has it) no longer follows
    lost_updates = [SOLUTIONS["03_embedding.ipynb"][0], "dW = self.grads[0]\ndW[self.idx] = dout"]
    assert book_form_problems(skeleton, lost_updates, edu_w2v.Embedding)


def test_a_skeleton_line_the_reference_lacks_is_noticed():
    skeleton = skeleton_class("03_embedding.ipynb", "Embedding")
    init = next(node for node in skeleton.body if getattr(node, "name", "") == "__init__")
    init.body.append(ast.parse("self.out_shape = None").body[0])  # a detail only a reference uses
    assert book_form_problems(skeleton, SOLUTIONS["03_embedding.ipynb"], edu_w2v.Embedding)


def test_two_validation_calls_in_one_method_are_noticed():
    source = textwrap.dedent("""
        class Embedding:
            def forward(self, idx):
                idx = as_index_array(idx, "idx", size=len(self.params[0]))
                check_batch(len(idx), "idx", len(idx), "idx")
                self.idx = idx
                return self.params[0][idx]
    """)
    _, problems = without_validation(ast.parse(source).body[0])
    assert problems == ["forward makes 2 validation calls: ['as_index_array', 'check_batch']"]


# --- exercise 07: the derivations are the reference layers' gradients ---------------------------


def solved_functions(notebook: str) -> dict:
    """The notebook's code cells but its check cells, run with the skeletons solved."""
    cells = json.loads((EXERCISES / notebook).read_text(encoding="utf-8"))["cells"]
    snippets = iter(SOLUTIONS[notebook])

    def solution(match) -> str:
        return textwrap.indent(textwrap.dedent(next(snippets)).strip(), match.group(1))

    namespace: dict = {}
    for cell in cells:
        if cell["cell_type"] == "code" and "check" not in cell["metadata"].get("tags", []):
            exec(MARKER.sub(solution, "".join(cell["source"])), namespace)
    return namespace


def test_the_derivations_are_the_reference_layers_gradients():
    solved = solved_functions("07_derivations.ipynb")
    rng = np.random.default_rng(7)
    s, t = rng.normal(0, 2, (4, 3)), (rng.random((4, 3)) < 0.5).astype(float)
    loss = edu_w2v.SigmoidWithLoss()
    loss.forward(s, t)
    np.testing.assert_allclose(solved["dL_ds"](s, t), loss.backward())

    W, h, dout = rng.normal(size=(6, 3)), rng.normal(size=(4, 3)), rng.normal(size=4)
    idx = np.array([2, 0, 2, 5])  # word 2 scored twice
    embed_dot = edu_w2v.EmbeddingDot(W.copy())
    embed_dot.forward(h, idx)
    np.testing.assert_allclose(solved["dot_dh"](h, W, idx, dout), embed_dot.backward(dout))
    np.testing.assert_allclose(solved["dot_dW"](h, W, idx, dout), embed_dot.grads[0])

    W, h = rng.normal(size=(8, 3)), rng.normal(size=(3, 3))
    target, negatives = np.array([2, 0, 1]), np.array([[6, 6, 4], [5, 7, 6], [4, 5, 7]])
    ns_loss = edu_w2v.NegativeSamplingLoss(W.copy(), np.arange(8), sample_size=3)
    ns_loss.forward(h, target, negatives)
    np.testing.assert_allclose(solved["dJ_dh"](h, W, target, negatives), ns_loss.backward())
    dW = ns_loss.grads[0]  # targets distinct and never negatives: their rows are u_o's alone
    np.testing.assert_allclose(solved["dJ_du_o"](h, W, target, negatives), dW[target])
    np.testing.assert_allclose(solved["dJ_du_k"](h, W, target, negatives), dW[negatives])

    W_in, dh = rng.normal(size=(6, 3)), rng.normal(size=(2, 3))
    contexts = np.array([[1, 2, 2, 4], [5, 3, 1, 0]])  # word 2 twice in a window, word 1 in both
    cbow = CBOW(6, 3, np.arange(6), 0.75, 1, np.float64, 0)
    cbow.params[0][...] = W_in
    cbow.forward(contexts, np.array([0, 4]))
    cbow.ns_loss.backward = lambda dout=1: dh  # the loss above h sends back dh
    cbow.backward()
    np.testing.assert_allclose(solved["cbow_dW_in"](W_in, contexts, dh), cbow.grads[0])
