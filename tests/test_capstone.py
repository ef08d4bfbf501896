"""The capstone: your passing exercise classes are used, the others replaced by the references."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from helpers import ROOT, solve_stubs

import edu_w2v
from edu_w2v.capstone import EXERCISES, build_cbow, load_your_layers
from edu_w2v.solutions import SOLUTIONS


def solve(folder, notebook, solutions=None):
    """Fill the skeleton of `notebook` in `folder` with the test suite's solution snippets."""
    path = folder / notebook
    data = json.loads(path.read_text(encoding="utf-8"))
    snippets = iter(solutions or SOLUTIONS[notebook])
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = solve_stubs("".join(cell["source"]), snippets)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def exercises(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", folder)
    return folder


def test_untouched_skeletons_give_the_reference_for_every_layer():
    layers = load_your_layers(ROOT / "exercises")
    assert layers.yours == []
    for name, _, _, reference in EXERCISES:
        assert layers.classes[name] is reference
    assert all("the reference (not written yet)" in line for line in layers.report)


def test_a_solved_exercise_is_used_and_builds_on_the_earlier_ones(exercises):
    solve(exercises, "03_embedding.ipynb")
    solve(exercises, "04_embedding_dot.ipynb")
    layers = load_your_layers(exercises)
    assert layers.yours == ["Embedding", "EmbeddingDot"]
    assert layers.classes["Embedding"] is not edu_w2v.Embedding
    dot = layers.classes["EmbeddingDot"](np.ones((4, 2)))
    assert type(dot.embed) is layers.classes["Embedding"]  # your EmbeddingDot, your Embedding
    assert "Embedding             yours (passes its checks)" in layers.report


def test_a_wrong_layer_falls_back_with_its_first_hint(exercises):
    wrong = ["self.idx = idx\nreturn self.params[0][idx]", "self.grads[0][self.idx] += dout"]
    solve(exercises, "03_embedding.ipynb", wrong)
    layers = load_your_layers(exercises)
    assert layers.classes["Embedding"] is edu_w2v.Embedding
    line = next(line for line in layers.report if line.startswith("Embedding "))
    assert "the reference (fails:" in line


def test_a_crashing_notebook_falls_back_and_says_so(exercises):
    solve(exercises, "02_sigmoid_with_loss.ipynb", ["raise ValueError('oops')", "pass"])
    layers = load_your_layers(exercises)
    assert layers.classes["SigmoidWithLoss"] is edu_w2v.SigmoidWithLoss
    assert "crashed" in layers.report[0] and "oops" in layers.report[0]


def test_the_built_cbow_uses_your_layers_and_learns(exercises):
    for notebook in ("03_embedding.ipynb", "09_cbow.ipynb"):
        solve(exercises, notebook)
    layers = load_your_layers(exercises)
    corpus = np.array([0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 4, 5] * 5)
    model = build_cbow(layers, vocab_size=6, hidden_size=4, corpus=corpus, sample_size=2)
    assert type(model).__name__ == "CBOW" and type(model) is not edu_w2v.CBOW
    assert type(model.in_embed) is layers.classes["Embedding"]
    contexts = np.array([[0, 2], [1, 3], [4, 4], [5, 5]])
    target = np.array([1, 2, 5, 4])
    optimizer = edu_w2v.SGD(lr=1.0)
    losses = []
    for _ in range(30):
        losses.append(model.forward(contexts, target))
        model.backward()
        optimizer.update(model.params, model.grads)
    assert losses[-1] < losses[0] - 0.5


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no exercises folder"):
        load_your_layers(tmp_path / "nowhere")


def test_in_a_course_each_exercise_is_found_in_its_own_folder(exercises, tmp_path):
    """The classroom kit's layout: course/NN_name/NN_name.ipynb, the capstone beside them."""
    course = tmp_path / "course"
    for notebook in exercises.glob("*.ipynb"):
        (course / notebook.stem).mkdir(parents=True)
        shutil.copy(notebook, course / notebook.stem)
    solve(course / "03_embedding", "03_embedding.ipynb")
    layers = load_your_layers(course)
    assert layers.yours == ["Embedding"]
    assert "the reference (not written yet)" in layers.report[0]


def test_a_missing_notebook_gives_the_reference_and_says_so(exercises):
    (exercises / "04_embedding_dot.ipynb").unlink()
    layers = load_your_layers(exercises)
    assert layers.classes["EmbeddingDot"] is edu_w2v.EmbeddingDot
    assert "EmbeddingDot          the reference (no notebook 04_embedding_dot.ipynb here)" in (
        layers.report
    )
