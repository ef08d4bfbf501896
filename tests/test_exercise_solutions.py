"""Each exercise's skeleton, with the reference's method bodies filled in, IS the reference class.

A skeleton method whose body ends in ``raise NotImplementedError`` (the ``# your code here``
stubs) takes the body of the reference method of the same name; everything else (constructors,
class attributes, method names and signatures) must already equal the reference. Docstrings and
type annotations are left out of the comparison: the skeletons explain the task in their own words.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from pathlib import Path

import pytest

import edu_w2v
from edu_w2v.cbow import CBOW
from edu_w2v.skip_gram import SkipGram

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


def normalised(cls: ast.ClassDef) -> str:
    """The class without docstrings and annotations, as text."""
    cls.body = without_docstring(cls.body)
    for node in cls.body:
        if isinstance(node, ast.FunctionDef):
            node.body = without_docstring(node.body)
            node.returns = None
            for arg in [*node.args.args, *node.args.kwonlyargs]:
                arg.annotation = None
    return ast.dump(cls, annotate_fields=True, include_attributes=False)


@pytest.mark.parametrize(("notebook", "cls"), REFERENCES.items())
def test_skeleton_filled_with_the_reference_bodies_is_the_reference(notebook, cls):
    skeleton, reference = skeleton_class(notebook, cls.__name__), reference_class(cls)
    methods = {
        node.name: node for node in reference.body if isinstance(node, ast.FunctionDef)
    }
    stubs = [node for node in skeleton.body if isinstance(node, ast.FunctionDef) and is_stub(node)]
    assert stubs, f"{notebook}: no '# your code here' method found"
    for stub in stubs:
        assert stub.name in methods, f"{notebook}: the reference has no method {stub.name}"
        stub.body = without_docstring(methods[stub.name].body)
    assert normalised(skeleton) == normalised(reference), (
        f"{notebook}: the skeleton plus the reference's bodies differs from {cls.__name__}:\n"
        f"{ast.unparse(skeleton)}\n--- reference ---\n{ast.unparse(reference)}"
    )


def test_a_changed_constructor_is_noticed():
    skeleton = skeleton_class("03_embedding.ipynb", "Embedding")
    reference = reference_class(edu_w2v.Embedding)
    init = next(node for node in skeleton.body if getattr(node, "name", "") == "__init__")
    init.body = init.body[:-1]  # drop `self.idx = None`
    for stub in skeleton.body:
        if isinstance(stub, ast.FunctionDef) and is_stub(stub):
            stub.body = next(n for n in reference.body if getattr(n, "name", "") == stub.name).body
    assert normalised(skeleton) != normalised(reference)
