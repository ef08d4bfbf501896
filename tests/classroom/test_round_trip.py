"""The classroom kit's round trip through nbgrader: the course as a teacher runs it.

`python -m edu_w2v classroom` writes the course; `nbgrader generate_assignment` makes the student
release; three students submit every graded assignment (`right`: the solutions, `mistake`: one
classic mistake from the checkers' catalogue, `skeleton`: the release untouched), and `right`
the capstone too; `nbgrader autograde` grades them and `nbgrader generate_feedback` writes their
reports. Then: full marks, partial marks with the mistake's hint in the feedback, zero; and no
solution in the release, which is the exercise as shipped (stored outputs too) plus graded cells.
The Chinese course makes the same trip with one assignment.

Needs the `classroom` extra (nbgrader): `make classroom-test` installs it and runs this file with
EDU_W2V_REQUIRE_NBGRADER=1, so that a missing nbgrader FAILS instead of skipping (as in .ci/run).
nbgrader runs one kernel at a time (one autograde process), so no two kernels race for a port.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, cell_source, code_cells, solve_stubs

from edu_w2v.classroom import CAPSTONE, write_course
from edu_w2v.solutions import SOLUTIONS

if os.environ.get("EDU_W2V_REQUIRE_NBGRADER") == "1":
    from nbgrader.api import Gradebook
else:
    Gradebook = pytest.importorskip("nbgrader.api", reason="the classroom extra").Gradebook

# assignment -> (the solution's text, the mistake's, the stage it fails, the points it keeps,
# what the feedback must say: the diagnosis, then the fix)
MISTAKES = {
    "02_sigmoid_with_loss": (
        "* dout / self.y.shape[0]", "* dout", "backward", 2,
        "mean vs sum: backward forgets the 1/N of the mean", "hint: dx = (y - t) * dout / N",
    ),
    "03_embedding": (
        "np.add.at(dW, self.idx, dout)", "dW[self.idx] += dout", "backward", 2,
        "lost updates for repeated indices", "hint: `np.add.at(dW, idx, dout)` adds every one",
    ),
    "04_embedding_dot": (
        "np.sum(dout[:, :, None] * target_W, axis=1)", "np.sum(target_W, axis=1)", "backward", 2,
        "backward ignores dout", "hint: multiply by dout, the gradient from the layer above",
    ),
    "05_unigram_sampler": (
        "replace=False, p=p", "replace=True, p=p", "distinct", 4,
        "negatives not distinct: a row holds the same word twice",
        "hint: draw without replacement (`replace=False`)",
    ),
    "06_negative_sampling_loss": (
        "self.loss_layer.backward(dout)", "self.loss_layer.backward(1)", "backward", 2,
        "backward ignores dout", "hint: multiply by dout, the gradient from the layer above",
    ),
    "07_derivations": (
        "return (sigmoid(s) - t) / s.shape[0]", "return sigmoid(s) - t", "dL_ds", 6,
        "missing 1/N: your dL_ds is the gradient of the sum over the N rows",
        "hint: the 1/N of the mean stays in every derivative",
    ),
    "09_cbow": (
        "dh[:, None, :] / C", "dh[:, None, :]", "backward", 2,
        "mean vs sum: in backward each context word gets all of dh",
        "hint: divide by C: each of the C context words of a row gets dh / C",
    ),
    "10_skip_gram": (
        "backward(dout * C)", "backward(C)", "backward", 2,
        "backward ignores dout", "hint: multiply by dout, the gradient from the layer above",
    ),
}  # fmt: skip
GRADED = list(MISTAKES)
FULL = {
    "02_sigmoid_with_loss": 5,
    "03_embedding": 5,
    "04_embedding_dot": 5,
    "05_unigram_sampler": 8,
    "06_negative_sampling_loss": 6,
    "07_derivations": 7,
    "09_cbow": 5,
    "10_skip_gram": 5,
}
CAPSTONE_NAME = CAPSTONE.removesuffix(".ipynb")


def nbgrader(course: Path, *arguments: str) -> str:
    """Run nbgrader in the course folder, as the teacher does; its log."""
    bin_dir = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from the PATH
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *arguments],
        cwd=course, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    return done.stderr


def submit(course: Path, student: str, assignment: str, snippets: list[str] | None) -> None:
    """The released notebook, its stubs filled with `snippets` (None: untouched), submitted."""
    name = f"{assignment}.ipynb"
    notebook = json.loads((course / "release" / assignment / name).read_text(encoding="utf-8"))
    if snippets is not None:
        remaining = iter(snippets)
        for cell in code_cells(notebook):
            cell["source"] = solve_stubs(cell_source(cell), remaining)
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    (folder / name).write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


def mistaken(assignment: str) -> list[str]:
    right, wrong = MISTAKES[assignment][:2]
    snippets = SOLUTIONS[f"{assignment}.ipynb"]
    assert sum(right in s for s in snippets) == 1, assignment
    return [s.replace(right, wrong) for s in snippets]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The English course: released, submitted by three students, autograded, fed back."""
    folder = tmp_path_factory.mktemp("classroom") / "course"
    command = [sys.executable, "-m", "edu_w2v", "classroom", str(folder)]
    subprocess.run(command, check=True, capture_output=True)  # as `make classroom` does
    nbgrader(folder, "generate_assignment", "*")
    for assignment in GRADED:
        submit(folder, "right", assignment, SOLUTIONS[f"{assignment}.ipynb"])
        submit(folder, "mistake", assignment, mistaken(assignment))
        submit(folder, "skeleton", assignment, None)
    submit(folder, "right", CAPSTONE_NAME, None)  # it trains the layers of the folders beside
    nbgrader(folder, "autograde", "*")
    nbgrader(folder, "generate_feedback", "*")
    return folder


def scores(course: Path, student: str, assignment: str) -> tuple[float, dict[str, float]]:
    """The submission's score and its points per graded cell, from nbgrader's gradebook."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        cells = {g.name: g.score for nb in submission.notebooks for g in nb.grades}
        assert submission.max_score == FULL.get(assignment, 0)
        return submission.score, cells


def feedback(course: Path, student: str, assignment: str) -> str:
    """The feedback page's text, tags and entities stripped."""
    page = course / "feedback" / student / assignment / f"{assignment}.html"
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    return " ".join(text.replace("&quot;", '"').replace("&#39;", "'").replace("&gt;", ">").split())


def test_the_release_is_the_exercise_with_its_graded_cells_and_no_solution(course):
    for assignment in [*GRADED, CAPSTONE_NAME]:
        released = json.loads(
            (course / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
        )
        exercise = json.loads((ROOT / "exercises" / f"{assignment}.ipynb").read_text("utf-8"))
        theirs = [c for c in code_cells(released) if "nbgrader" not in c["metadata"]
                  or not c["metadata"]["nbgrader"]["grade"]]  # fmt: skip
        sources = [cell_source(c) for c in theirs]
        if assignment == CAPSTONE_NAME:
            sources[0] = sources[0].replace('load_your_layers("..")', "load_your_layers()")
            sources[0] = re.sub(r"load_your_layers\(\)  #.*", "", sources[0])
            expected = [re.sub(r"load_your_layers\(\)  #.*", "", cell_source(c))
                        for c in code_cells(exercise)]  # fmt: skip
        else:
            expected = [cell_source(c) for c in code_cells(exercise)]
        assert sources == expected
        assert [c["outputs"] for c in theirs] == [c["outputs"] for c in code_cells(exercise)]
        text = json.dumps(released, ensure_ascii=False)
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
        code = "\n".join(cell_source(c) for c in code_cells(released))
        for snippet in SOLUTIONS.get(f"{assignment}.ipynb", []):
            for line in snippet.strip().splitlines():
                assert line.strip() not in code or len(line.strip()) < 12, (assignment, line)


@pytest.mark.parametrize("assignment", GRADED)
def test_the_solution_earns_full_marks(course, assignment):
    score, cells = scores(course, "right", assignment)
    assert score == FULL[assignment] and all(points > 0 for points in cells.values())
    page = feedback(course, "right", assignment)
    assert "AssertionError" not in page
    assert "TODO " not in page  # the release's stored outputs (the skeleton's) were run again


@pytest.mark.parametrize("assignment", GRADED)
def test_a_catalogued_mistake_earns_part_of_the_marks_and_its_hint(course, assignment):
    _, _, stage, kept, diagnosis, fix = MISTAKES[assignment]
    score, cells = scores(course, "mistake", assignment)
    assert 0 < score == kept < FULL[assignment]
    assert cells["points-" + re.sub(r"\W+", "-", stage)] == 0
    page = feedback(course, "mistake", assignment)
    assert f"FAIL {stage}: {diagnosis}" in page and fix in page


@pytest.mark.parametrize("assignment", GRADED)
def test_an_untouched_skeleton_earns_nothing(course, assignment):
    score, cells = scores(course, "skeleton", assignment)
    assert score == 0 and len(cells) >= 3
    assert "not implemented yet" in feedback(course, "skeleton", assignment)


def test_the_capstone_earns_no_points_and_trains_the_students_own_layers(course):
    assert scores(course, "right", CAPSTONE_NAME) == (0, {})
    graded = course / "autograded" / "right" / CAPSTONE_NAME / f"{CAPSTONE_NAME}.ipynb"
    first = code_cells(json.loads(graded.read_text(encoding="utf-8")))[0]
    printed = "".join("".join(o.get("text", "")) for o in first["outputs"])
    assert printed.count("yours (passes its checks)") == 6, printed


def test_the_chinese_course_gives_its_hints_in_chinese(tmp_path):
    folder = tmp_path / "course"
    write_course(folder, "zh")
    assignment = "02_sigmoid_with_loss"
    nbgrader(folder, "generate_assignment", assignment)
    released = json.loads((folder / "release" / assignment / f"{assignment}.ipynb").read_text())
    exercise = json.loads((ROOT / "exercises" / "zh" / f"{assignment}.ipynb").read_text())
    ungraded = [c for c in code_cells(released) if "points-" not in c.get("id", "")]
    assert [cell_source(c) for c in ungraded] == [cell_source(c) for c in code_cells(exercise)]
    submit(folder, "xiaoming", assignment, mistaken(assignment))
    nbgrader(folder, "autograde", assignment)
    nbgrader(folder, "generate_feedback", assignment)
    assert scores(folder, "xiaoming", assignment)[0] == 2
    page = feedback(folder, "xiaoming", assignment)
    assert "FAIL backward：平均还是求和：backward 漏了平均里的 1/N" in page, page[-3000:]
    assert "提示：dx = (y - t) * dout / N" in page
