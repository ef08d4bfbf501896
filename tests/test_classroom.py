"""The classroom kit's course without nbgrader: its layout, solution regions, graded cells, links.

nbgrader itself runs in tests/classroom/ (`make classroom-test`): the release, three submissions
per assignment, autograde and feedback. Here: what `write_course` writes, read and run in-process.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil

import pytest
from helpers import ROOT, cell_source, code_cells
from test_checks import REFERENCES as CHECKERS_AND_REFERENCES
from wrong_layers import LossBackwardWithoutMean

import edu_w2v.checks as checks
from edu_w2v import language
from edu_w2v.__main__ import main
from edu_w2v.checks.derivations import NAMES as DERIVATIONS
from edu_w2v.checks.grading import graded_stage
from edu_w2v.classroom import CAPSTONE, STAGES, UNGRADED, write_course
from edu_w2v.solutions import SOLUTIONS

EXERCISES = ROOT / "exercises"
ASSIGNMENTS = [name.removesuffix(".ipynb") for name in [*SOLUTIONS, CAPSTONE]]
REFERENCES = dict(CHECKERS_AND_REFERENCES)  # checker -> the reference class
REGION = re.compile(r"^( *)### BEGIN SOLUTION\n.*?^ *### END SOLUTION$", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """The English and the Chinese course, each written once: {language: its folder}."""
    folders = {}
    for edition in ("en", "zh"):
        folders[edition] = tmp_path_factory.mktemp("course") / edition
        write_course(folders[edition], edition)
    return folders


def source(course, name: str) -> dict:
    path = course / "source" / name / f"{name}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def graded(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]


def cleared(text: str) -> str:
    """What nbgrader's generate_assignment makes of a solution region with the course's stub."""
    return REGION.sub(lambda region: f"{region.group(1)}raise NotImplementedError", text)


def test_the_course_has_one_assignment_per_exercise_and_nbgraders_config(courses):
    for course in courses.values():
        assert sorted(p.name for p in (course / "source").iterdir()) == ASSIGNMENTS
        config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
        assert 'c.CourseDirectory.course_id = "edu_w2v"' in config.replace("'", '"')
        assert 'c.ClearSolutions.code_stub = {"python": "raise NotImplementedError"}' in config
        compile(config, "nbgrader_config.py", "exec")


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_clearing_the_solutions_gives_back_the_exercise_then_its_graded_cells(courses, edition):
    folder = EXERCISES / "zh" if edition == "zh" else EXERCISES
    for name in ASSIGNMENTS:
        exercise = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))
        course = source(courses[edition], name)
        kept = [c for c in code_cells(course) if c not in graded(course)]
        theirs = [cleared(cell_source(c)) for c in kept]
        ours = [cell_source(c) for c in code_cells(exercise)]
        if name == CAPSTONE.removesuffix(".ipynb"):  # its layers come from the folders beside
            ours = [re.sub(r"load_your_layers\(\).*", "", s) for s in ours]
            theirs = [re.sub(r'load_your_layers\(".."\).*', "", s) for s in theirs]
        assert theirs == ours
        assert [c["outputs"] for c in kept] == [c["outputs"] for c in code_cells(exercise)]
        regions = sum(len(REGION.findall(cell_source(c))) for c in code_cells(course))
        assert regions == len(SOLUTIONS.get(f"{name}.ipynb", []))
        for cell in code_cells(course):
            nbgrader = cell["metadata"].get("nbgrader", {})
            assert nbgrader.get("solution", False) == bool(REGION.search(cell_source(cell)))


def test_every_stage_of_every_checker_earns_points_and_no_other(courses):
    for checker, stages in STAGES.items():
        with contextlib.redirect_stdout(io.StringIO()):
            verdict = getattr(checks, checker)(REFERENCES[checker])
        named = [line.check.en for line in verdict.lines if line.check not in UNGRADED]
        assert named == [stage.en for stage, _ in stages]
    derivations = graded(source(courses["en"], "07_derivations"))
    assert [c["metadata"]["nbgrader"]["grade_id"] for c in derivations] == [
        f"points-{name}" for name in DERIVATIONS
    ]


def points(notebook: dict) -> dict[str, int]:
    return {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]["points"]
            for c in graded(notebook)}  # fmt: skip


def test_graded_cells_are_locked_tagged_as_checks_and_their_points_add_up(courses):
    total = 0
    for name in ASSIGNMENTS:
        notebook = source(courses["en"], name)
        for cell in graded(notebook):
            assert cell["metadata"]["nbgrader"]["locked"] and "check" in cell["metadata"]["tags"]
            assert cell_source(cell).splitlines()[-1] == "assert grade.passed, grade"
        total += sum(points(notebook).values())
        assert points(notebook) == points(source(courses["zh"], name))
    assert total == 46
    assert points(source(courses["en"], "02_sigmoid_with_loss")) == {
        "points-forward": 2,
        "points-backward": 2,
        "points-gradient-check": 1,
    }
    assert points(source(courses["en"], CAPSTONE.removesuffix(".ipynb"))) == {}


def run_graded(notebook: dict, solved: bool) -> list[bool]:
    """Run the code cells in order (the solutions in place, or cleared), then each graded cell:
    passed or not."""
    namespace: dict = {}
    passed = []
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in code_cells(notebook):
            text = cell_source(cell) if solved else cleared(cell_source(cell))
            if cell in graded(notebook):
                try:
                    exec(text, namespace)
                except AssertionError:
                    passed.append(False)
                else:
                    passed.append(True)
            elif "check" not in cell["metadata"].get("tags", []):
                exec(text, namespace)
    return passed


def test_an_untouched_skeleton_earns_no_point(courses):
    for name in ASSIGNMENTS[:-1]:
        assert not any(run_graded(source(courses["en"], name), solved=False)), name


@pytest.mark.parametrize("name", ["02_sigmoid_with_loss", "07_derivations", "09_cbow"])
def test_the_solution_earns_every_point(courses, name):
    assert all(run_graded(source(courses["en"], name), solved=True))


def test_each_derivation_earns_its_point_alone(courses):
    """The derived gradients are independent: a wrong dJ_dh costs its point, and only it."""
    notebook = source(courses["en"], "07_derivations")
    for cell in code_cells(notebook):
        if "def dJ_dh(" in cell_source(cell):
            cell["source"] = cell_source(cell).replace("return dh / len(h)", "return dh")
    assert run_graded(notebook, solved=True) == [True, True, True, False, True, True, True]
    (graded_dJ_du_o,) = [c for c in graded(notebook) if c["id"] == "points-dJ_du_o"]
    assert "graded_stage(check_derivations, dJ_du_o=dJ_du_o, " in cell_source(graded_dJ_du_o)


def test_a_graded_cells_failure_is_told_in_the_courses_language(courses):
    notebook = source(courses["zh"], "02_sigmoid_with_loss")
    try:
        run_graded(notebook, solved=False)
        assert (
            language.get_language() == "zh"
        )  # the notebook's first cell chose the Chinese edition
    finally:
        language.set_language("en")
    (note,) = [c for c in notebook["cells"] if c["id"] == "graded-forward"]
    assert cell_source(note).startswith("**计分**（共 5 分）：forward（2 分）、backward（2 分）")


def test_links_go_to_the_folder_beside_and_to_the_lessons_website_or_are_left_as_text(tmp_path):
    url = "http://teacher.local:8000/"
    for edition, lessons in [("en", "notebooks"), ("zh", "notebooks/zh")]:
        plain, linked = tmp_path / f"{edition}-plain", tmp_path / f"{edition}-linked"
        write_course(plain, edition)
        write_course(linked, edition, lessons_url=url)
        text = (plain / "source/04_embedding_dot/04_embedding_dot.ipynb").read_text("utf-8")
        assert "notebooks/" not in text
        assert "](../05_unigram_sampler/05_unigram_sampler.ipynb)" in text
        if edition == "zh":  # a space between Chinese and the digits of a link left as text
            text = (plain / "source/02_sigmoid_with_loss/02_sigmoid_with_loss.ipynb").read_text()
            assert "你在笔记本 02 中认识了" in text
        text = (linked / "source/04_embedding_dot/04_embedding_dot.ipynb").read_text("utf-8")
        assert f"]({url}{lessons}/04_embedding_dot.html)" in text
        for path in linked.glob("source/*/*.ipynb"):
            for target in re.findall(r"\]\(([^)\s]+\.ipynb)\)", path.read_text("utf-8")):
                assert (path.parent / target).is_file(), (path.name, target)


def test_the_capstone_reads_the_folders_beside_it_and_says_so(courses):
    notebook = source(courses["en"], CAPSTONE.removesuffix(".ipynb"))
    assert 'layers = load_your_layers("..")' in cell_source(code_cells(notebook)[0])
    assert "*In this course* each exercise sits in its own folder" in cell_source(
        notebook["cells"][1]
    )


def test_bad_requests_are_clear_errors(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="is not empty: give a new or empty folder"):
        write_course(tmp_path / "full")
    with pytest.raises(FileExistsError, match="notes.txt is a file: give a new or empty folder"):
        write_course(tmp_path / "full" / "notes.txt")
    with pytest.raises(FileNotFoundError, match="no exercises folder at .*--exercises"):
        write_course(tmp_path / "a", exercises=tmp_path / "nowhere")
    with pytest.raises(ValueError, match="language must be one of"):
        write_course(tmp_path / "b", "fr")
    changed = tmp_path / "changed"
    shutil.copytree(EXERCISES, changed, ignore=shutil.ignore_patterns("zh"))
    path = changed / "03_embedding.ipynb"
    path.write_text(path.read_text("utf-8").replace("# your code here", "# done"), "utf-8")
    with pytest.raises(ValueError, match="03_embedding.ipynb has 0 '# your code here' stub"):
        write_course(tmp_path / "c", exercises=changed)


def test_the_command_writes_the_course_and_says_what_next(tmp_path, capsys):
    assert main(["classroom", str(tmp_path / "course"), "--language", "zh"]) == 0
    printed = capsys.readouterr().out
    assert "9 assignments in source/, 8 of them graded (46 points)" in printed
    assert "  05_unigram_sampler            8 points" in printed
    assert 'nbgrader generate_assignment "*"' in printed and ".venv active" in printed
    assert main(["classroom", str(tmp_path / "course")]) == 2
    assert "is not empty" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("guide", "edition"), [("notebooks/TEACHING.md", "en"), ("notebooks/zh/TEACHING.md", "zh")]
)
def test_the_teachers_guide_gives_the_courses_points_and_a_real_failure(courses, guide, edition):
    text = (ROOT / guide).read_text(encoding="utf-8")
    row = re.compile(r"^\| (\d\d) \| [^|]+ \| ([^|]+) \| (\d+) \|$", re.MULTILINE)
    rows = {number: (stages, int(total)) for number, stages, total in row.findall(text)}
    assert sorted(rows) == [name[:2] for name in ASSIGNMENTS]
    comment = re.compile(r"# (?:graded: |计分：)(.+?) ?[(（](\d+) (?:points?|分)[)）]")
    for name in ASSIGNMENTS:
        notebook = source(courses[edition], name)
        listed = [" ".join(comment.match(cell_source(c)).groups()) for c in graded(notebook)]
        separator = "、" if edition == "zh" else ", "
        expected = separator.join(listed) or ("无" if edition == "zh" else "none")
        assert rows[name[:2]] == (expected, sum(points(notebook).values())), name
    (shown,) = re.findall(r"```text\n(AssertionError: .*?)\n```", text, re.DOTALL)
    language.set_language(edition)
    try:  # the verdict's messages are told in the language current when it is printed
        check = checks.check_sigmoid_with_loss
        printed = str(graded_stage(check, LossBackwardWithoutMean, stage="backward"))
    finally:
        language.set_language("en")
    assert shown == f"AssertionError: {printed}"
