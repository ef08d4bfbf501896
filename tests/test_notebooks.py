"""The notebooks' stored outputs: tied to the golden source run, and guarded by nbval.

nbval itself (``pytest --nbval``) re-executes every notebook and compares each cell's output with
the stored one. These tests make sure the stored outputs cannot drift from the source run, and
that the nbval check really fails when a stored number changes.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers import (
    NOTEBOOKS,
    ROOT,
    SANITIZE_FILE,
    cell_source,
    cell_stdout,
    code_cells,
    load_notebook,
    read_golden,
)

from edu_w2v.datasets import WORDNET_VECTORS_RECIPE

NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
LAYER_NOTEBOOKS = [
    "02_sigmoid_with_loss.ipynb",
    "03_embedding.ipynb",
    "04_embedding_dot.ipynb",
    "05_unigram_sampler.ipynb",
    "06_negative_sampling_loss.ipynb",
]
LAYER_NAMES = [
    "SigmoidWithLoss",
    "Embedding",
    "EmbeddingDot",
    "UnigramSampler",
    "NegativeSamplingLoss",
]


def test_the_series_starts_with_the_source_run_the_arc_and_the_five_layers():
    assert NOTEBOOK_NAMES[:7] == [
        "00_source_run.ipynb",
        "01_from_softmax_to_negative_sampling.ipynb",
        *LAYER_NOTEBOOKS,
    ]


def test_notebook_00_stored_output_is_the_golden_source_run():
    (cell,) = code_cells(load_notebook("00_source_run.ipynb"), tag="source-run")
    assert cell_stdout(cell) == read_golden()


@pytest.mark.parametrize("name", LAYER_NOTEBOOKS[:3] + LAYER_NOTEBOOKS[4:])
def test_layer_notebook_prints_lines_of_the_source_run(name):
    cells = code_cells(load_notebook(name), tag="source-run")
    assert cells, f"{name} has no cell tagged 'source-run'"
    golden = read_golden()
    for cell in cells:
        printed = cell_stdout(cell)
        assert printed, "a 'source-run' cell must print something"
        for line in printed.splitlines(keepends=True):
            # each printed block of source-run lines appears verbatim in the golden text
            if line.startswith(("W===", "out===", "target_W===", "Total Loss", "Gradients")):
                assert line in golden


def test_notebook_05_ends_with_the_source_runs_last_lines():
    last = code_cells(load_notebook("06_negative_sampling_loss.ipynb"), tag="source-run")[-1]
    golden = read_golden()
    tail = golden[golden.index("Total Loss:") :]
    assert cell_stdout(last) == tail


def test_notebook_01_total_loss_is_the_source_runs():
    (cell,) = code_cells(load_notebook("02_sigmoid_with_loss.ipynb"), tag="source-run")
    assert "Total Loss: 22.120590459275714\n" in cell_stdout(cell)
    assert "Total Loss: 22.120590459275714\n" in read_golden()


@pytest.mark.parametrize(("name", "layer"), list(zip(LAYER_NOTEBOOKS, LAYER_NAMES, strict=True)))
def test_layer_notebooks_import_and_show_the_package_source_instead_of_redefining(name, layer):
    sources = [cell_source(c) for c in code_cells(load_notebook(name))]
    assert not any("class " in s or "def " in s for s in sources), "notebooks import, never define"
    assert any(f"show_source({layer})" in s for s in sources)
    assert any("from edu_w2v" in s for s in sources)


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_every_notebook_has_stored_outputs_and_no_errors(name):
    notebook = load_notebook(name)
    cells = code_cells(notebook)
    assert any(c["outputs"] for c in cells), "nbval would compare nothing"
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr")
        assert not cell_source(cell).rstrip().endswith(";"), "';' does not silence nbval output"
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert notebook["cells"][0]["source"][0].startswith("# ")


def _run_nbval(folder) -> subprocess.CompletedProcess:
    """Run this project's nbval set-up (pyproject's addopts, our sanitize file) on the notebooks
    of a folder: one pytest process, a kernel per notebook; ``-rA`` lists every cell's outcome by
    notebook (``PASSED untouched.ipynb::Cell 0``). Without the plugins of hypothesis and anyio,
    which only property tests and async tests use: 1.8 s of start-up."""
    command = [sys.executable, "-m", "pytest", "-q", "-rA", "--color=no"]
    command += ["-c", str(ROOT / "pyproject.toml"), "-p", "no:hypothesispytest", "-p", "no:anyio"]
    command += ["-n", "0", "--nbval-sanitize-with", str(SANITIZE_FILE), str(folder)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def test_nbval_fails_when_a_stored_digit_changes(tmp_path):
    notebook = load_notebook("00_source_run.ipynb")
    (cell,) = code_cells(notebook, tag="source-run")
    outputs = [o for o in cell["outputs"] if o["output_type"] == "stream"]
    text = "".join(outputs[0]["text"])
    assert "22.120590459275714" in text
    outputs[0]["text"] = text.replace("22.120590459275714", "22.120590459275715")

    tampered = tmp_path / "tampered.ipynb"
    tampered.write_text(json.dumps(notebook), encoding="utf-8")
    untouched = tmp_path / "untouched.ipynb"
    untouched.write_text((NOTEBOOKS / "00_source_run.ipynb").read_text(encoding="utf-8"))

    # both notebooks in one pytest process (one start-up instead of two), each in its own kernel
    done = _run_nbval(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Cell outputs differ" in done.stdout
    assert "+ 90459275715" in done.stdout  # the diff shows the tampered stored value
    outcomes = re.findall(r"^(PASSED|FAILED|ERROR) (\w+)\.ipynb::Cell (\d+)", done.stdout, re.M)
    tampered_cell = str(code_cells(notebook).index(cell))
    assert [o for o in outcomes if o[0] != "PASSED"] == [("FAILED", "tampered", tampered_cell)]
    cells = [str(i) for i in range(len(code_cells(notebook)))]
    assert [i for _, name, i in outcomes if name == "untouched"] == cells, done.stdout


def test_notebook_07_shows_the_flaws_failing_and_the_corrected_layers_passing():
    cells = code_cells(load_notebook("07_gradient_check.ipynb"))
    outputs = {cell_source(c): cell_stdout(c) for c in cells}
    old_ns = next(out for src, out in outputs.items() if "check_layer(old_ns" in src)
    assert old_ns.count(" NO") == 2  # dh, and the sum of the three shares of the source run's W
    assert old_ns.count("share") >= 3 and "sum grads[0..2]" in old_ns
    book_ns = next(out for src, out in outputs.items() if "check_layer(book_ns" in src)
    assert " NO" not in book_ns and "sum grads[0..2]" in book_ns  # the book's shared W, summed
    flaw_3 = next(out for src, out in outputs.items() if "negatives[:, 0], backward_calls=1" in src)
    assert "1.29e-01  NO" in flaw_3  # the lost update alone, without a stale gradient
    corrected = next(out for src, out in outputs.items() if "checks = {" in src)
    assert corrected.count(" yes") == 6 and " NO" not in corrected


def test_notebook_06_reruns_the_experiment_with_the_corrected_layer():
    rerun = _stdout_of_cell_with("06_negative_sampling_loss.ipynb", "forward(h, target, negatives)")
    assert "Total Loss: 2.46435716 " in rerun


def _stdout_of_cell_with(name: str, fragment: str) -> str:
    cells = code_cells(load_notebook(name))
    return next(cell_stdout(c) for c in cells if fragment in cell_source(c))


def test_notebook_08_neighbours_are_recognisable():
    neighbours = _stdout_of_cell_with("09_training_cbow.ipynb", "most_similar(word, top=6)")
    rows = dict(line.strip().split(": ", 1) for line in neighbours.strip().splitlines())
    assert {"yellow", "blue", "orange"} & set(rows["red"].split(", "))
    assert {"four", "five", "six"} <= set(rows["three"].split(", "))
    assert "month" in rows["year"].split(", ")


def test_notebook_10_finds_queen_and_reports_an_accuracy():
    analogies = _stdout_of_cell_with("11_evaluating_word_vectors.ipynb", "vectors.analogy(a, b, c")
    king_line = next(line for line in analogies.splitlines() if line.startswith("man : king"))
    assert "queen" in king_line.split("->")[1].split(", ")
    report = _stdout_of_cell_with("11_evaluating_word_vectors.ipynb", "evaluate_analogies(")
    assert "all sections" in report and "coverage: 7027 of 19544" in report


def test_notebook_09_trains_the_vectors_the_package_ships_and_checks_its_copy():
    """load_wordnet_vectors is the float16 copy of notebook 09's training call: the notebook
    makes exactly datasets.WORDNET_VECTORS_RECIPE's call, and its checked cell finds the copy
    agreeing with what it trained."""
    sources = [cell_source(c) for c in code_cells(load_notebook("09_training_cbow.ipynb"))]
    arguments = ", ".join(f"{k}={v!r}" for k, v in WORDNET_VECTORS_RECIPE.items())
    call = f"train_word_vectors(load_wordnet_glosses(), {arguments})".replace("'", '"')
    assert any(call in source for source in sources), call
    copy_check = _stdout_of_cell_with("09_training_cbow.ipynb", "load_wordnet_vectors()")
    assert "True" in copy_check and "False" not in copy_check
