"""Every notebook runs where it sits: both editions find the project's files from their own folder.

A notebook's kernel runs in the notebook's folder, and the Chinese twins sit one folder deeper
than the English notebooks with the same code. So a notebook must never name a project file by
a path relative to its folder (``Path("..", "benchmarks")`` works from ``notebooks/`` and fails
from ``notebooks/zh/``): it finds files through the package (``edu_w2v.datasets``,
``edu_w2v.show.stored_benchmark``) or its own folder (the capstone grades the exercises beside it).

nbval runs the English notebooks in place. Here every relative path in every code cell of either
edition must resolve from that notebook's folder, and every Chinese twin is executed in its own
folder: the cheap ones whole, the ones that train up to their first training call; what each of
those cells prints (in Chinese) must be what the twin stores, unless nbval would not check it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT, SANITIZE_FILE, cell_source, cell_stdout, code_cells
from kernels import IpcKernelManager

FOLDERS = ("notebooks", "notebooks/zh", "exercises", "exercises/zh")
EVERY_NOTEBOOK = [p for folder in FOLDERS for p in sorted((ROOT / folder).glob("[0-9]*.ipynb"))]
TWINS = [p for p in EVERY_NOTEBOOK if p.parent.name == "zh"]
# A cell that starts training: a twin is executed up to (not including) its first such cell.
PATH_CALLS = ("Path", "pathlib.Path", "os.path.join")
TRAINING_CALL = re.compile(r"\.fit\(|train_word_vectors\(|\.train_batch\(")
UNCHECKED = ("nbval-ignore-output", "nbval-skip")  # what nbval would not compare either
# nbval's sanitising rules (regex, replacement), applied as nbval applies them
SANITIZE = re.findall(r"^regex: (.*)\nreplace: (.*)$", SANITIZE_FILE.read_text(), re.MULTILINE)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _python(source: str) -> str:
    """A code cell's source without its IPython magics and shell lines."""
    return "".join(
        line for line in source.splitlines(True) if not line.lstrip().startswith(("%", "!"))
    )


def relative_paths(source: str) -> list[str]:
    """The relative paths a code cell names: string constants that start with ``./`` or
    ``../``, and ``Path(...)`` / ``os.path.join(...)`` calls of string constants that do."""
    found = []
    for node in ast.walk(ast.parse(_python(source))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in PATH_CALLS:
            parts = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if parts and all(isinstance(p, str) for p in parts) and parts[0] in (".", ".."):
                found.append("/".join(parts))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.startswith(("./", "../")) and "\n" not in node.value:
                found.append(node.value)
    return found


def unresolved_paths(notebook_path: Path, notebook: dict) -> list[str]:
    folder = notebook_path.parent
    return [
        f"code cell {i}: {path!r} does not exist seen from {_name(folder)}/"
        for i, cell in enumerate(code_cells(notebook))
        for path in relative_paths(cell_source(cell))
        if not (folder / path).exists()
    ]


@pytest.mark.parametrize("path", EVERY_NOTEBOOK, ids=_name)
def test_every_path_a_notebook_names_resolves_from_its_own_folder(path):
    notebook = nbformat.read(path, as_version=4)
    assert unresolved_paths(path, notebook) == []


@pytest.mark.parametrize(
    "source",
    [
        'json.loads(Path("..", "benchmarks", "compare_gensim_results.json").read_text())',
        'load_your_layers("../exercises")',
        'open(os.path.join("..", "benchmarks", "compare_gensim_results.json"))',
    ],
)
def test_a_path_that_only_resolves_from_the_english_folder_is_caught(source):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    english = ROOT / "notebooks" / "12_speed_and_scale.ipynb"
    twin = ROOT / "notebooks" / "zh" / "12_speed_and_scale.ipynb"
    if "exercises" in source:
        english, twin = ROOT / "notebooks" / "x.ipynb", ROOT / "exercises" / "zh" / "x.ipynb"
    assert unresolved_paths(english, notebook) == []
    assert len(unresolved_paths(twin, notebook)) == 1


def _sanitized(printed: str) -> str:
    for regex, replacement in SANITIZE:
        printed = re.sub(regex, replacement, printed)
    return printed


def cells_to_run(notebook: nbformat.NotebookNode) -> list[str]:
    """The code cells' sources up to the first training call (all of them if it does not train)."""
    sources = []
    for cell in code_cells(notebook):
        if TRAINING_CALL.search(cell_source(cell)):
            break
        sources.append(cell_source(cell))
    return sources


def test_the_twins_that_train_stop_before_their_first_training_call():
    stopped = set()
    for path in TWINS:
        notebook = nbformat.read(path, as_version=4)
        if len(cells_to_run(notebook)) < len(code_cells(notebook)):
            stopped.add(_name(path))
    assert {
        "notebooks/zh/09_training_cbow.ipynb",
        "exercises/zh/11_capstone.ipynb",
    } <= stopped
    # lesson 11 evaluates the package's copy of 09's vectors: it trains nothing, and runs whole
    assert "notebooks/zh/11_evaluating_word_vectors.ipynb" not in stopped


@pytest.fixture(scope="module")
def kernel():
    """One kernel for all the twins (starting one per notebook would cost more than the cells):
    each twin starts from a clean namespace (``%reset -f``) in its own folder (``os.chdir``)."""
    manager = IpcKernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def run_in(kernel, code: str) -> str:
    """Run ``code`` in the kernel and return what it printed; fail with the kernel's traceback
    if it raises."""
    errors, printed = [], []

    def keep(message: dict) -> None:
        if message["msg_type"] == "error":
            errors.append("\n".join(message["content"]["traceback"]))
        elif message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
            printed.append(message["content"]["text"])

    reply = kernel.execute_interactive(code, timeout=300, output_hook=keep)
    if reply["content"]["status"] != "ok":
        pytest.fail(f"this cell raised:\n{code}\n\n" + "\n".join(errors), pytrace=False)
    return "".join(printed)


@pytest.mark.parametrize("path", TWINS, ids=_name)
def test_the_chinese_twin_runs_in_its_own_folder(kernel, path):
    """... and prints what its checked cells store: the twins' outputs come from running them,
    in Chinese, and nbval never runs them (their numbers are the English ones, which it does)."""
    run_in(kernel, f"%reset -f\nimport os\nos.chdir({str(path.parent)!r})")
    notebook = nbformat.read(path, as_version=4)
    for cell in code_cells(notebook)[: len(cells_to_run(notebook))]:
        printed = run_in(kernel, cell_source(cell))
        if not set(UNCHECKED) & set(cell.metadata.get("tags", [])):
            assert _sanitized(printed) == _sanitized(cell_stdout(cell)), cell_source(cell)


def test_a_twin_cell_that_raises_fails_with_its_traceback(kernel):
    run_in(kernel, f"import os\nos.chdir({str(ROOT / 'notebooks' / 'zh')!r})")
    with pytest.raises(pytest.fail.Exception, match="FileNotFoundError"):
        run_in(kernel, 'open("../benchmarks/compare_gensim_results.json")')  # one folder short
