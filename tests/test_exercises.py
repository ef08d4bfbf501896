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

# What a student might write, one snippet per "# your code here" block, in order.
SOLUTIONS = {
    "02_sigmoid_with_loss.ipynb": [
        """
        self.y, self.t = 1 / (1 + np.exp(-x)), t
        return np.sum(np.logaddexp(0, x) - t * x) / x.shape[0]
        """,
        """
        return (self.y - self.t) * dout / self.y.shape[0]
        """,
    ],
    "03_embedding.ipynb": [
        """
        self.idx = idx
        return self.params[0][idx]
        """,
        """
        dW = self.grads[0]
        dW[...] = 0
        np.add.at(dW, self.idx, dout)
        """,
    ],
    "04_embedding_dot.ipynb": [
        """
        target_W = self.embed.forward(idx.reshape(len(idx), -1))  # (N, K, H)
        self.cache = (h, target_W)
        return np.sum(target_W * h[:, None, :], axis=2).reshape(idx.shape)
        """,
        """
        h, target_W = self.cache
        dout = np.asarray(dout).reshape(target_W.shape[:2])
        self.embed.backward(dout[:, :, None] * h[:, None, :])
        return np.sum(dout[:, :, None] * target_W, axis=1)
        """,
    ],
    "05_unigram_sampler.ipynb": [
        """
        counts = np.bincount(corpus, minlength=self.vocab_size).astype(float)
        self.word_p = counts**power / np.sum(counts**power)
        """,
        """
        negatives = np.empty((len(target), self.sample_size), dtype=np.int64)
        for i, t in enumerate(target):
            p = self.word_p.copy()
            p[t] = 0
            negatives[i] = self.rng.choice(len(p), self.sample_size, replace=False, p=p / p.sum())
        return negatives
        """,
    ],
    "06_negative_sampling_loss.ipynb": [
        """
        if negatives is None:
            negatives = self.sampler.get_negative_sample(target)
        words = np.concatenate([target[:, None], negatives], axis=1)
        labels = np.zeros(words.shape, dtype=self.params[0].dtype)
        labels[:, 0] = 1
        return self.loss_layer.forward(self.embed_dot.forward(h, words), labels)
        """,
        """
        return self.embed_dot.backward(self.loss_layer.backward(dout))
        """,
    ],
    "09_cbow.ipynb": [
        """
        self.C = contexts.shape[1]
        return self.ns_loss.forward(self.in_embed.forward(contexts).mean(axis=1), target)
        """,
        """
        dh = self.ns_loss.backward(dout)
        N, H = dh.shape
        self.in_embed.backward(np.broadcast_to(dh[:, None, :] / self.C, (N, self.C, H)))
        """,
    ],
    "10_skip_gram.ipynb": [
        """
        self.N, self.C = contexts.shape
        h = np.repeat(self.in_embed.forward(target), self.C, axis=0)
        return self.C * self.ns_loss.forward(h, contexts.ravel())
        """,
        """
        dh = self.ns_loss.backward(dout * self.C)
        self.in_embed.backward(dh.reshape(self.N, self.C, -1).sum(axis=1))
        """,
    ],
}


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
