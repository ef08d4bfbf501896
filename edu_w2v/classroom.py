"""The classroom kit: the exercises as an nbgrader course, graded by the checkers.

``write_course(folder)`` (``python -m edu_w2v classroom DIR``) writes an nbgrader course::

    DIR/nbgrader_config.py                       course id, the solution stub, cell time-out
    DIR/source/02_sigmoid_with_loss/02_sigmoid_with_loss.ipynb
    ...                                          one assignment per exercise, 02 to 11

Each source notebook is its exercise, stored outputs included, with three changes. The stubs
(``# your code here`` then ``raise NotImplementedError``) hold the book-form solution
(``edu_w2v.solutions``) in nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region, which
``nbgrader generate_assignment`` turns back into the stub: the students get the exercise as it
is. After each check cell come graded cells, one per stage of its checker (``STAGES``; one per
function for the derivations, each checked alone), each worth its points when
``edu_w2v.checks.grading.graded_stage`` finds the stage passed. And the links point where the
course has things: another exercise is in the folder beside, a lesson on the series' website if
its address is given (else the link is left as text). The capstone (11) earns no points: it
trains the student's layers, read from the folders beside its own.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import edu_w2v
from edu_w2v.checks.negative_sampling_loss import PARAMS, SAMPLING
from edu_w2v.checks.runner import BACKWARD, FORWARD, GRADIENT_CHECK
from edu_w2v.checks.unigram_sampler import (
    DISTINCT,
    DISTRIBUTION,
    NEGATIVES,
    NEVER_THE_TARGET,
    REPRODUCIBLE,
    WORD_P,
)
from edu_w2v.language import LANGUAGES, Message
from edu_w2v.preprocessing import HAN
from edu_w2v.solutions import MARKER, SOLUTIONS
from edu_w2v.validation import check_choice

COURSE_ID = "edu_w2v"
CAPSTONE = "11_capstone.ipynb"
LAYER = ((FORWARD, 2), (BACKWARD, 2), (GRADIENT_CHECK, 1))
# checker -> the stages that earn points, in order, with their points. A stage that an untouched
# skeleton passes earns none ("params" of 06, 09 and 10: their __init__ is given), so it has no
# graded cell. Exercise 07's check_derivations has one stage per function, each worth
# DERIVATION_POINTS.
STAGES: dict[str, tuple[tuple[Message, int], ...]] = {
    "check_sigmoid_with_loss": LAYER,
    "check_embedding": LAYER,
    "check_embedding_dot": LAYER,
    "check_unigram_sampler": (
        (WORD_P, 2),
        (NEGATIVES, 1),
        (NEVER_THE_TARGET, 1),
        (DISTINCT, 1),
        (DISTRIBUTION, 2),
        (REPRODUCIBLE, 1),
    ),
    "check_negative_sampling_loss": (
        (FORWARD, 2),
        (BACKWARD, 2),
        (SAMPLING, 1),
        (GRADIENT_CHECK, 1),
    ),
    "check_cbow": LAYER,
    "check_skip_gram": LAYER,
}
UNGRADED = (PARAMS,)  # the stages given by the skeletons
DERIVATION_POINTS = 1
# a Chinese character beside a Latin letter, a digit or code (either way round): Chinese
# typography puts a space between them
MIXED = re.compile(rf"[{HAN}][0-9A-Za-z`]|[0-9A-Za-z`][{HAN}]")

POINTS = Message("{n} point{s}", "{n} 分")
LISTED = Message("{stage} ({points})", "{stage}（{points}）")
GRADED = Message(
    "**Graded** ({total}): {stages}. Each cell below grades one stage of the check above: a cell "
    "that raises nothing has earned its points; one that fails says why and how to fix it. A "
    "stage the check did not run (an earlier one failed, or your code crashed) earns nothing: "
    "fix the first problem first. The cells are locked; your teacher's grader runs them again on "
    "the notebook you submit.",
    "**计分**（共 {total}）：{stages}。下面每个单元格为上方检查的一项计分：不报错的单元格即得到它的"
    "分数，报错的单元格会说明原因和改法。检查没有运行的项（前面的项失败了，或者你的代码崩溃了）不得分："
    "先改好第一个问题。这些单元格是锁定的；老师的评分程序会在你提交的笔记本上重新运行它们。",
)
GRADE_COMMENT = Message("# graded: {stage} ({points})", "# 计分：{stage}（{points}）")
CAPSTONE_NOTE = Message(
    '*In this course* each exercise sits in its own folder, so where this notebook says "this '
    'notebook\'s folder", read "the folders beside it": `load_your_layers("..")` below reads '
    "`../02_sigmoid_with_loss/02_sigmoid_with_loss.ipynb` and the others, as you last saved them "
    "(an exercise not found beside it, e.g. not fetched yet, counts as not written). The outputs "
    "below are the series' own, stored with every exercise untouched: run the notebook to see "
    "yours. It earns no points: it shows what your layers learn.",
    "*在本课程中*，每个练习都在它自己的文件夹里，所以本笔记本说“本笔记本所在文件夹”的地方，请读作“与它"
    '并列的各文件夹”：下面的 `load_your_layers("..")` 读取 '
    "`../02_sigmoid_with_loss/02_sigmoid_with_loss.ipynb` 等笔记本，即你最后一次保存的版本"
    "（在它旁边找不到的练习，例如还没有获取的，算作还没写）。下面的输出是本系列自己的，是在所有练习都未改动时保存的：运行本笔记本才能看到你的结果。"
    "本笔记本不计分：它展示你的各层学到了什么。",
)
CAPSTONE_LOAD = Message(
    'load_your_layers("..")  # the course: each exercise in its own folder beside this one',
    'load_your_layers("..")  # 本课程：每个练习都在与本文件夹并列的它自己的文件夹里',
)
NOT_A_CLONE = Message(
    "no exercises folder at {0}: the exercises come with the clone of the series (pip install "
    "-e . in it), or give their folder with --exercises",
    "{0} 处没有练习文件夹：练习随本系列的克隆一起提供（在克隆中 pip install -e .），或者用 "
    "--exercises 指定它们所在的文件夹",
)
NOT_EMPTY = Message(
    "{0} is not empty: give a new or empty folder for the course",
    "{0} 不是空的：请为课程指定一个新的或空的文件夹",
)
A_FILE = Message(
    "{0} is a file: give a new or empty folder for the course",
    "{0} 是一个文件：请为课程指定一个新的或空的文件夹",
)
STUBS = Message(
    "{notebook} has {stubs} '# your code here' stub(s), but edu_w2v.solutions has {solutions} "
    "snippet(s) for it",
    "{notebook} 有 {stubs} 处“# your code here”，但 edu_w2v.solutions 中它的答案有 {solutions} 段",
)

CONFIG = '''\
"""nbgrader's settings for this course, written by `python -m edu_w2v classroom`.

Run nbgrader in this folder: TEACHING.md ("A course with nbgrader") gives the steps.
"""

c = get_config()  # noqa: F821 (nbgrader defines get_config)

c.CourseDirectory.course_id = {course_id!r}
# nbgrader turns each solution region back into the exercise's own stub line
c.ClearSolutions.code_stub = {{"python": "raise NotImplementedError"}}
# the students get the exercises with their stored outputs, as the series ships them (the
# capstone's text reads its stored output); autograding runs every cell again all the same
c.ClearOutput.enabled = False
# a cell may train for a while (the capstone): minutes, not nbgrader's 30 seconds
c.Execute.timeout = 600
'''


@dataclass(frozen=True)
class Assignment:
    """One assignment of the course: its name, its source notebook, the points it awards."""

    name: str
    notebook: dict
    points: int


def default_exercises(language: str) -> Path:
    """The exercises of the clone the package was installed from (``pip install -e .``)."""
    root = Path(edu_w2v.__file__).resolve().parent.parent / "exercises"
    return root / "zh" if language == "zh" else root


def write_course(
    folder: str | Path,
    language: str = "en",
    exercises: str | Path | None = None,
    lessons_url: str | None = None,
) -> list[Assignment]:
    """Write the nbgrader course into ``folder`` (new or empty); return its assignments.

    ``language``: "en" or "zh", the edition of the exercises. ``exercises``: their folder (by
    default the clone's ``exercises/`` or ``exercises/zh/``). ``lessons_url``: the address of the
    series' website (``make site``), where the exercises' links to the lessons then point.
    """
    check_choice(language, "language", LANGUAGES)
    source = Path(exercises) if exercises is not None else default_exercises(language)
    if not source.is_dir():
        raise FileNotFoundError(str(NOT_A_CLONE.format(source)))
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(str(A_FILE.format(folder)))
    if folder.is_dir() and any(folder.iterdir()):
        raise FileExistsError(str(NOT_EMPTY.format(folder)))
    assignments = [
        course_assignment(source / name, language, lessons_url) for name in [*SOLUTIONS, CAPSTONE]
    ]
    for assignment in assignments:
        path = folder / "source" / assignment.name / f"{assignment.name}.ipynb"
        path.parent.mkdir(parents=True)
        text = json.dumps(assignment.notebook, ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
    config = CONFIG.format(course_id=COURSE_ID)
    (folder / "nbgrader_config.py").write_text(config, encoding="utf-8")
    return assignments


def course_assignment(path: Path, language: str, lessons_url: str | None) -> Assignment:
    """An exercise notebook as an nbgrader source notebook (see the module's docstring)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    snippets = list(SOLUTIONS.get(path.name, []))
    stubs = sum(len(MARKER.findall(_source(c))) for c in notebook["cells"])
    if stubs != len(snippets):
        message = STUBS.format(notebook=path.name, stubs=stubs, solutions=len(snippets))
        raise ValueError(str(message))
    cells, points = [], 0
    for cell in notebook["cells"]:
        cell = dict(cell)
        if cell["cell_type"] == "markdown":
            cell["source"] = _course_links(_source(cell), language, lessons_url)
        else:
            source = _source(cell)
            if MARKER.search(source):
                source = MARKER.sub(lambda stub: _solution_region(stub, snippets.pop(0)), source)
                cell["metadata"] = {
                    **cell["metadata"],
                    "nbgrader": _nbgrader(f"answer-{len(cells)}"),
                }
            if path.name == CAPSTONE:
                source = re.sub(
                    r"load_your_layers\(\)(  #.*)?", getattr(CAPSTONE_LOAD, language), source
                )
            cell["source"] = source
        cells.append(cell)
        if "check" in cell["metadata"].get("tags", []) and cell["cell_type"] == "code":
            graded = graded_cells(_source(cell), language)
            points += sum(c["metadata"]["nbgrader"]["points"] for c in graded[1:])
            cells += graded
    if path.name == CAPSTONE:
        cells.insert(1, _markdown("course-note", getattr(CAPSTONE_NOTE, language)))
    return Assignment(path.stem, {**notebook, "cells": cells}, points)


def graded_cells(check_source: str, language: str) -> list[dict]:
    """After a check cell (``result = check_x(X)``): a note, then one graded cell per stage."""
    call = ast.parse(check_source).body[-1].value
    checker = call.func.id
    if checker == "check_derivations":  # independent functions: each one checked alone
        stages = [(Message(k.arg, k.arg), DERIVATION_POINTS) for k in call.keywords]
    else:
        stages = list(STAGES[checker])

    def arguments(stage: Message) -> str:
        if checker == "check_derivations":
            return f"{stage.en}={stage.en}"
        return ", ".join(ast.unparse(a) for a in call.args)

    def points(n: int) -> str:
        return getattr(POINTS.format(n=n, s="" if n == 1 else "s"), language)

    separator = "、" if language == "zh" else ", "
    listed = separator.join(
        getattr(LISTED.format(stage=stage, points=points(n)), language) for stage, n in stages
    )
    total = points(sum(n for _, n in stages))
    note = _markdown(
        f"graded-{_slug(stages[0][0].en)}",
        getattr(GRADED.format(total=total, stages=listed), language),
    )
    cells = [note]
    for stage, n in stages:
        comment = getattr(GRADE_COMMENT.format(stage=stage, points=points(n)), language)
        source = (
            f"{comment}\n"
            f"from edu_w2v.checks import {checker}\n"
            "from edu_w2v.checks.grading import graded_stage\n\n"
            f"grade = graded_stage({checker}, {arguments(stage)}, stage={json.dumps(stage.en)})\n"
            "assert grade.passed, grade"
        )
        grade_id = f"points-{_slug(stage.en)}"
        metadata = {"nbgrader": _nbgrader(grade_id, points=n), "tags": ["check"]}
        cells.append(
            {
                "cell_type": "code",
                "execution_count": None,
                "id": grade_id,
                "metadata": metadata,
                "outputs": [],
                "source": source,
            }
        )
    return cells


def _nbgrader(grade_id: str, points: int | None = None) -> dict:
    """nbgrader's cell metadata: a solution cell, or (with ``points``) a locked graded cell."""
    graded = points is not None
    metadata = {
        "grade": graded,
        "grade_id": grade_id,
        "locked": graded,
        "schema_version": 3,
        "solution": not graded,
        "task": False,
    }
    return {**metadata, "points": points} if graded else metadata


def _solution_region(stub: re.Match, snippet: str) -> str:
    """The stub's comment kept, its ``raise`` replaced by the snippet in a solution region."""
    indent, comment = stub.group(1), stub.group(2)
    body = textwrap.dedent(snippet).strip()
    region = f"### BEGIN SOLUTION\n{body}\n### END SOLUTION"
    return f"{indent}{comment}\n{textwrap.indent(region, indent)}"


def _course_links(text: str, language: str, lessons_url: str | None) -> str:
    """Links to another exercise: the folder beside; to a lesson: the website, or plain text."""
    text = re.sub(r"\]\((\d\d_\w+)\.ipynb\)", r"](../\1/\1.ipynb)", text)
    lessons = "../../notebooks/zh/" if language == "zh" else "../notebooks/"

    def lesson(link: re.Match) -> str:
        label, name = link.group(1), link.group(2)
        if lessons_url is None:  # Chinese puts a space between Chinese and Latin or digits
            before, after = (
                link.string[link.start() - 1 : link.start()],
                link.string[link.end() :][:1],
            )
            lead = " " if MIXED.fullmatch(before + label[:1]) else ""
            return lead + label + (" " if MIXED.fullmatch(label[-1:] + after) else "")
        page = f"notebooks/zh/{name}.html" if language == "zh" else f"notebooks/{name}.html"
        return f"[{label}]({lessons_url.rstrip('/')}/{page})"

    return re.sub(rf"\[([^\]]+)\]\({re.escape(lessons)}(\d\d_\w+)\.ipynb\)", lesson, text)


def _slug(name: str) -> str:
    """A stage's name as a cell id: "gradient check" -> "gradient-check"."""
    return re.sub(r"\W+", "-", name)


def _markdown(cell_id: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)
