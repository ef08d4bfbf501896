"""scripts/lesson_minutes.py: the counts behind the teacher's guide's minutes, and the guide's
table agreeing with them."""

from __future__ import annotations

import json
import re

import pytest
from helpers import NOTEBOOKS, load_script


@pytest.fixture(scope="module")
def minutes():
    return load_script("scripts/lesson_minutes.py")


def _cell(kind: str, source: str, outputs: list | None = None) -> dict:
    cell = {"cell_type": kind, "source": source, "metadata": {}}
    if kind == "code":
        cell["outputs"] = outputs or []
    return cell


NOTEBOOK = {
    "cells": [
        _cell("markdown", "# 99 · A lesson\n\nfive words of prose here"),
        _cell("code", "x = 1\n\nprint(x)\n", [{"output_type": "stream", "text": "1\n"}]),
        _cell(
            "code", "show_source(f)", [{"output_type": "stream", "text": "def f():\n    pass\n"}]
        ),
        _cell("code", "plot()", [{"output_type": "display_data", "data": {"image/png": "..."}}]),
        _cell(
            "markdown",
            "## Questions\n\n1. Why?\n\n<details><summary>Answer</summary>\n\nBecause.\n\n"
            "</details>\n\n2. How?",
        ),
    ]
}


def test_counts_words_code_shown_source_printed_lines_figures_and_questions(minutes):
    counts = minutes.count(NOTEBOOK)
    # prose: "# 99 · A lesson five words of prose here" (10) + "## Questions 1. Why? 2. How?" (6)
    assert counts == dict(
        words=16, answer_words=3, code=4, shown=2, printed=1, figures=1, questions=2
    )


def test_minutes_follow_the_stated_rates(minutes):
    counts = dict(words=150, answer_words=0, code=12, shown=12, printed=40, figures=1, questions=2)
    assert minutes.reading_minutes(counts) == pytest.approx(1 + 2 + 1 + 1 + 4)


def test_sections_split_at_headings_and_add_up_to_the_whole(minutes):
    parts = minutes.sections(NOTEBOOK)
    assert [heading for heading, _ in parts] == ["99 · A lesson", "Questions"]
    whole = sum(minutes.reading_minutes(counts) for _, counts in parts)
    assert whole == pytest.approx(minutes.reading_minutes(minutes.count(NOTEBOOK)))


def test_the_teachers_guide_quotes_the_counted_minutes(minutes):
    """Each row of TEACHING.md's table of minutes is the script's figure for that lesson."""
    guide = (NOTEBOOKS / "TEACHING.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[(\d\d) · [^]]*\]\([^)]*\)[^|]*\| (\d+) min \|", guide, re.M)
    assert len(rows) == len(minutes.LESSONS)
    for number, quoted in rows:
        (path,) = [p for p in minutes.LESSONS if p.name.startswith(number)]
        counted = minutes.reading_minutes(minutes.count(json.loads(path.read_text("utf-8"))))
        assert int(quoted) == round(counted), (
            f"lesson {number}: guide {quoted}, counted {counted:.1f}"
        )


def test_the_guides_sessions_add_up_their_lessons_minutes(minutes):
    guide = (NOTEBOOKS / "TEACHING.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| \[(\d\d) · [^]]*\]\([^)]*\)[^|]*\| (\d+) min \|", guide, re.M))
    sessions = re.findall(r"^\| \d · [^|(]*\((\d+) min\) \| ([\d, ]+) \|", guide, re.M)
    assert len(sessions) == 3
    for total, lessons in sessions:
        assert int(total) == sum(int(table[n.strip()]) for n in lessons.split(","))


def test_the_90_minute_path_adds_up_with_slack(minutes):
    guide = (NOTEBOOKS / "TEACHING.md").read_text(encoding="utf-8")
    path = guide.split("## A 90-minute path", 1)[1].split("\n## ", 1)[0]
    steps = [int(m) for m in re.findall(r"^\d\. \*\*.*?\((\d+) min", path, re.M | re.S)]
    parts, total, slack = re.search(
        r"^([\d +]+) = (\d+) minutes, (\d+) of slack", path, re.M
    ).groups()
    assert [int(x) for x in parts.split("+")] == steps
    assert sum(steps) == int(total) and int(total) + int(slack) == 90 and int(slack) >= 10


def test_the_chinese_guide_quotes_the_same_minutes():
    english = (NOTEBOOKS / "TEACHING.md").read_text(encoding="utf-8")
    chinese = (NOTEBOOKS / "zh" / "TEACHING.md").read_text(encoding="utf-8")
    rows_en = re.findall(r"^\| \[(\d\d) · [^]]*\]\([^)]*\)[^|]*\| (\d+) min \|", english, re.M)
    rows_zh = re.findall(r"^\| \[(\d\d) · [^]]*\]\([^)]*\)[^|]*\| (\d+) 分钟 \|", chinese, re.M)
    assert rows_zh == rows_en and rows_en
    sessions_en = re.findall(r"\((\d+) min\) \|", english)
    assert re.findall(r"（(\d+) 分钟） \|", chinese) == sessions_en and len(sessions_en) == 3
    total_en = re.search(r"= (\d+) minutes, (\d+) of slack", english).groups()
    assert re.search(r"= (\d+) 分钟，余量 (\d+) 分钟", chinese).groups() == total_en
