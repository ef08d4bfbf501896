"""How long each lesson takes to read and to run: the minutes of the teacher's guide, counted.

    python scripts/lesson_minutes.py          # count every lesson in notebooks/ (seconds)
    python scripts/lesson_minutes.py --run    # also execute each one and time it (minutes)
    python scripts/lesson_minutes.py --sections 01 09   # minutes per "## " section of these

For each notebook it counts what a reader goes through — the words of the prose (answers folded
in ``<details>`` apart), the lines of code in the cells, the lines the cells print (the source a
``show_source`` cell shows is code to read), the figures — and turns the counts into minutes at
fixed rates, the same for every lesson:

- prose: 150 words a minute (careful reading of a text with formulas; plain prose reads at 200-250);
- code, in cells and shown by ``show_source``: 12 lines a minute (read until understood);
- other printed lines (numbers, tables): 40 lines a minute; a figure: 1 minute;
- each question of the "Questions" section: 2 minutes (asked, tried, the answer discussed).

The rates are assumptions, stated once so that lessons compare fairly; the counts and the run
times are measured. A class led by a teacher goes about as fast as a careful reader: the teacher
saves the students' hesitations and spends the time on questions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

PROSE_WORDS_PER_MINUTE = 150
CODE_LINES_PER_MINUTE = 12
OUTPUT_LINES_PER_MINUTE = 40
MINUTES_PER_FIGURE = 1
MINUTES_PER_QUESTION = 2

DETAILS = re.compile(r"<details>.*?</details>", re.S)
QUESTION = re.compile(r"^\d+\. ", re.M)


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def count(notebook: dict) -> dict[str, int]:
    """The reader's counts of one notebook (a parsed .ipynb)."""
    return count_cells(notebook["cells"])


def sections(notebook: dict) -> list[tuple[str, dict[str, int]]]:
    """The counts of each part of a notebook that starts with a "#" or "##" heading."""
    parts: list[tuple[str, list[dict]]] = []
    for cell in notebook["cells"]:
        source = _text(cell["source"])
        headings = (
            re.findall(r"^#{1,2} (.+)$", source, re.M) if cell["cell_type"] == "markdown" else []
        )
        if headings or not parts:
            parts.append((headings[-1] if headings else "(start)", []))
        parts[-1][1].append(cell)
    return [(heading, count_cells(cells)) for heading, cells in parts]


def count_cells(cells: list[dict]) -> dict[str, int]:
    """The reader's counts of a list of cells."""
    counts = dict(words=0, answer_words=0, code=0, shown=0, printed=0, figures=0, questions=0)
    for cell in cells:
        source = _text(cell["source"])
        if cell["cell_type"] == "markdown":
            counts["answer_words"] += sum(len(d.split()) for d in DETAILS.findall(source))
            prose = DETAILS.sub(" ", source)
            counts["words"] += len(prose.split())
            if "## Questions" in prose:
                counts["questions"] += len(QUESTION.findall(prose.split("## Questions", 1)[1]))
            continue
        if cell["cell_type"] != "code":
            continue
        counts["code"] += sum(1 for line in source.splitlines() if line.strip())
        shows_source = "show_source(" in source or "show_diff(" in source
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data or "image/svg+xml" in data:
                counts["figures"] += 1
                continue
            text = _text(output.get("text", "")) or _text(data.get("text/plain", ""))
            lines = sum(1 for line in text.splitlines() if line.strip())
            counts["shown" if shows_source else "printed"] += lines
    return counts


def reading_minutes(counts: dict[str, int]) -> float:
    """Minutes to read a lesson through, its questions included, at the module's rates."""
    return (
        (counts["words"] + counts["answer_words"]) / PROSE_WORDS_PER_MINUTE
        + (counts["code"] + counts["shown"]) / CODE_LINES_PER_MINUTE
        + counts["printed"] / OUTPUT_LINES_PER_MINUTE
        + counts["figures"] * MINUTES_PER_FIGURE
        + counts["questions"] * MINUTES_PER_QUESTION
    )


def run_seconds(path: Path) -> float:
    """Execute a notebook in a fresh kernel (in its own folder) and time it."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=1800, resources={"metadata": {"path": path.parent}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="also execute and time each notebook")
    parser.add_argument("--sections", nargs="+", metavar="NN", help="minutes per section of these")
    args = parser.parse_args(argv)
    if args.sections:
        for path in LESSONS:
            if path.name[:2] in args.sections:
                print(path.stem)
                notebook = json.loads(path.read_text(encoding="utf-8"))
                for heading, counts in sections(notebook):
                    print(f"  {reading_minutes(counts):5.1f} min  {heading}")
        return 0
    header = f"{'lesson':<44} {'words':>6} {'code':>5} {'shown':>5} {'printed':>7} {'fig':>3} "
    header += f"{'Q':>2} {'read min':>8}" + (f" {'run s':>6}" if args.run else "")
    print(header)
    total = 0.0
    for path in LESSONS:
        counts = count(json.loads(path.read_text(encoding="utf-8")))
        minutes = reading_minutes(counts)
        total += minutes
        row = f"{path.stem:<44} {counts['words'] + counts['answer_words']:>6} {counts['code']:>5} "
        row += f"{counts['shown']:>5} {counts['printed']:>7} {counts['figures']:>3} "
        row += f"{counts['questions']:>2} {minutes:>8.0f}"
        if args.run:
            row += f" {run_seconds(path):>6.0f}"
        print(row, flush=True)
    print(f"{'all lessons':<44} {'':>6} {'':>5} {'':>5} {'':>7} {'':>3} {'':>2} {total:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
