"""The lessons as prose: every notebook has the parts a lesson needs, links that lead somewhere,
and no number in its text that its own outputs do not print.

What is checked mechanically (the rest is a teacher's reading):
- each notebook in ``notebooks/``: a numbered title, "What you will learn", "Prerequisites", a
  recap, 3-5 questions whose answers are folded in ``<details>``, a "Try this", and a last cell that
  links to the next lesson and, where one exists, to the lesson's exercise;
- each exercise links back to its lesson and on to the next exercise;
- every relative link in the notebooks, the exercises and the Markdown files resolves to a file;
- every decimal number in a notebook's Markdown (outside `code`) is printed by one of its code
  cells (verbatim, or with more digits that round to it), or is in its code, or in the golden
  source run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import GOLDEN, NOTEBOOKS, ROOT

EXERCISES = ROOT / "exercises"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
EXERCISE_NOTEBOOKS = sorted(EXERCISES.glob("[0-9][0-9]_*.ipynb"))
ALL_NOTEBOOKS = sorted(ROOT.glob("notebooks/**/*.ipynb")) + sorted(
    ROOT.glob("exercises/**/*.ipynb")
)
MARKDOWN_FILES = sorted(ROOT.glob("*.md")) + sorted(ROOT.glob("notebooks/**/*.md"))

LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)  # code in the prose is code, not a quoted figure
DECIMAL = re.compile(r"(?<![\w.§])\d+\.\d+(?![\w.]*\d)")


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _markdown_cells(notebook: dict) -> list[str]:
    return [_text(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def _printed_and_code(notebook: dict) -> str:
    """Everything the notebook's code cells hold or print, as one text."""
    parts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        parts.append(_text(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append(_text(output.get("text", "")))
            for kind in ("text/plain", "text/markdown", "text/html"):
                parts.append(_text(output.get("data", {}).get(kind, "")))
    return "\n".join(parts)


def _number(path: Path) -> str:
    return path.name[:2]


def _relative_links(text: str) -> list[str]:
    targets = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL, or an anchor in the same page
        targets.append(target.split("#", 1)[0])
    return targets


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_opens_with_its_title_goals_and_prerequisites(path):
    first = _markdown_cells(_read(path))[0]
    assert first.startswith(f"# {_number(path)} · "), first.splitlines()[0]
    assert "What you will learn" in first
    assert "Prerequisites" in first


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_ends_with_a_recap_folded_questions_and_a_try_this(path):
    markdown = "\n".join(_markdown_cells(_read(path)))
    assert re.search(r"^## Recap", markdown, re.M), "no '## Recap' heading"
    questions = re.split(r"^## Questions", markdown, flags=re.M)
    assert len(questions) == 2, "no '## Questions' heading (or two)"
    answers = re.findall(r"<details>\s*<summary>", questions[1])
    assert 3 <= len(answers) <= 5, f"{len(answers)} folded answers after '## Questions'"
    assert markdown.count("<details>") == markdown.count("</details>")
    assert "Try this" in markdown


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_links_to_the_next_one_and_to_its_exercise(path):
    last = _markdown_cells(_read(path))[-1]
    later = [p for p in LESSONS if p.name > path.name]
    if later:
        assert f"]({later[0].name})" in last, f"the last cell does not link to {later[0].name}"
    exercises = [p for p in EXERCISE_NOTEBOOKS if _number(p) == _number(path)]
    for exercise in exercises:
        markdown = "\n".join(_markdown_cells(_read(path)))
        assert f"](../exercises/{exercise.name})" in markdown, f"no link to {exercise.name}"


@pytest.mark.parametrize("path", EXERCISE_NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_links_back_to_its_lesson_and_on_to_the_next_exercise(path):
    markdown = "\n".join(_markdown_cells(_read(path)))
    lessons = [p for p in LESSONS if _number(p) == _number(path)]
    for lesson in lessons:
        assert f"](../notebooks/{lesson.name})" in markdown, f"no link back to {lesson.name}"
    later = [p for p in EXERCISE_NOTEBOOKS if p.name > path.name]
    if later:
        assert f"]({later[0].name})" in markdown, f"no link on to {later[0].name}"


@pytest.mark.parametrize(
    "path", ALL_NOTEBOOKS + MARKDOWN_FILES, ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_relative_link_leads_to_a_file(path):
    if path.suffix == ".ipynb":
        text = "\n".join(_markdown_cells(_read(path)))
    else:
        text = path.read_text(encoding="utf-8")
    broken = [t for t in _relative_links(text) if not (path.parent / t).exists()]
    assert not broken, f"broken links in {path.relative_to(ROOT)}: {broken}"


def _is_printed(number: str, printed: set[str]) -> bool:
    """Printed verbatim, or printed with more digits that round to it (0.2547 -> "0.25")."""
    decimals = len(number.split(".")[1])
    return any(
        p == number or (len(p.split(".")[1]) > decimals and f"{float(p):.{decimals}f}" == number)
        for p in printed
    )


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_decimal_number_in_the_prose_is_printed_by_the_notebook(path):
    notebook = _read(path)
    printed_text = _printed_and_code(notebook) + GOLDEN.read_text(encoding="utf-8")
    printed = set(re.findall(r"\d+\.\d+", printed_text))
    prose = [CODE.sub("", text) for text in _markdown_cells(notebook)]
    quoted = {n for text in prose for n in DECIMAL.findall(text)}
    unprinted = sorted(n for n in quoted if not _is_printed(n, printed))
    assert not unprinted, f"numbers in the prose that no cell of the notebook prints: {unprinted}"
