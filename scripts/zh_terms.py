"""The Chinese edition's vocabulary: one word per concept, from one list.

``notebooks/zh/terms.json`` lists every concept of the series: the English term, the approved
Chinese term (``zh``), the rejected variants with the approved wording to put in their place
(``null``: a person has to rewrite the sentence), phrases that contain a variant and are fine
(``allowed``: 截断误差 is "truncation error", not "clip"), the term of the book's Chinese edition
(《深度学习进阶：自然语言处理》, ``book``) and a one-line definition.

Where the book's term differs from the approved one, a reader of the book meets the book's term
at the first use of the concept, in quotation marks: 隐藏层（书中称“中间层”）. Elsewhere the
book's term is a variant like any other; in quotation marks (“…”, a quoted section title or the
note itself) it is allowed.

Only prose is read: code (```` ``` ```` blocks and `inline`), formulas ($…$, $$…$$), link
targets, HTML tags and URLs are left out; a variant written in Latin letters ("id") matches a
whole word only. Of a notebook only the markdown cells are read or written.

Usage:

    python scripts/zh_terms.py glossary
        write notebooks/zh/GLOSSARY.md from terms.json (first uses computed from the zh files)
    python scripts/zh_terms.py check [FILES...]
        list the rejected variants found (file, cell or line, text), the first uses that lack
        the book's term and, without FILES, the glossary terms no file uses
    python scripts/zh_terms.py fix [--dry-run] FILES...
        replace every variant that has an approved wording, add the book's term at a first use
        that lacks it, and list what a person still has to rewrite
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "notebooks" / "zh"
TERMS = ZH / "terms.json"
GLOSSARY = ZH / "GLOSSARY.md"
TEACHING = ZH / "TEACHING.md"
README = ROOT / "README.zh-CN.md"

# Not prose: fenced and inline code, display and inline formulas, link targets, HTML tags, URLs.
NOT_PROSE = re.compile(
    r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|\]\([^)\s]*\)|<[^<>\n]*>|https?://\S+", re.S
)
QUOTED = re.compile(r"“[^”\n]*”")
LATIN = re.compile(r"[A-Za-z0-9_]")
CJK = re.compile(r"[\u4e00-\u9fff]")
NOTE_DISTANCE = 60  # the book's term follows the first use within this many characters

GLOSSARY_HEAD = """\
# 术语表 · Glossary（English ↔ 中文）

本系列中文版每个概念只用一个词。术语尽量沿用《深度学习进阶：自然语言处理》（*Deep Learning from
Scratch 2*）中文版和 [zh.d2l.ai](https://zh.d2l.ai) 的译法；本系列的用词与书中不同时，“书中译法”
一栏给出书中的词，它在该概念首次出现处也会注明（例如：隐藏层（书中称“中间层”））。每行一个术语，
并注明它首次出现的位置（按阅读顺序：笔记本、它的练习，然后是教师指南和 README）。
One word per concept in the Chinese edition; where the book's Chinese edition says it
differently, its term is in the third column and at the concept's first use.

本表由 `python scripts/zh_terms.py glossary` 从 [terms.json](terms.json) 生成，请勿手工修改；
terms.json 还列出了不再使用的译法，`tests/test_zh_terms.py` 检查中文版中没有它们。
Generated from [terms.json](terms.json), which also lists the rejected variants; do not edit.

| English | 中文 | 书中译法 · the book | 释义 · definition | 首次出现 · first appears |
|---|---|---|---|---|
"""


@dataclass(frozen=True)
class Term:
    """One concept: its approved Chinese term, rejected variants and the book's term."""

    en: str
    zh: str
    definition: str
    book: str | None = None
    rejected: dict[str, str | None] = field(default_factory=dict)
    allowed: tuple[str, ...] = ()

    @property
    def book_differs(self) -> bool:
        return self.book is not None and self.book != self.zh


@dataclass(frozen=True)
class Unit:
    """A piece of prose: a notebook's markdown cell, or a whole Markdown file (cell None)."""

    path: Path
    cell: int | None
    text: str

    def where(self, offset: int) -> str:
        name = _relative(self.path)
        if self.cell is not None:
            return f"{name}: cell {self.cell}"
        return f"{name}: line {self.text.count(chr(10), 0, offset) + 1}"


@dataclass(frozen=True)
class Hit:
    """A rejected variant found in a unit, with its approved wording (None: rewrite by hand)."""

    unit: Unit
    start: int
    end: int
    term: Term
    replacement: str | None

    @property
    def variant(self) -> str:
        return self.unit.text[self.start : self.end]

    def __str__(self) -> str:
        text = self.unit.text
        before = text[max(0, self.start - 20) : self.start].replace("\n", " ")
        after = text[self.end : self.end + 20].replace("\n", " ")
        fix = f"→ {self.replacement}" if self.replacement is not None else "→ (rewrite by hand)"
        return (
            f"{self.unit.where(self.start)}: {self.variant} {fix} [{self.term.en}: {self.term.zh}]"
            f"  …{before}【{self.variant}】{after}…"
        )


def load_terms(path: Path = TERMS) -> list[Term]:
    """The term list, in the order of terms.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Term(
            en=t["en"],
            zh=t["zh"],
            definition=t["definition"],
            book=t.get("book"),
            rejected=dict(t.get("rejected", {})),
            allowed=tuple(t.get("allowed", ())),
        )
        for t in data["terms"]
    ]


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def zh_files() -> list[Path]:
    """Every file of the Chinese edition but the glossary, in reading order: each numbered
    notebook, a page beside it, its exercise; then the teacher's guide and the README."""
    numbered = list(ZH.glob("[0-9][0-9]_*.ipynb")) + list(ZH.glob("[0-9][0-9]_*.md"))
    exercises = list((ROOT / "exercises" / "zh").glob("[0-9][0-9]_*.ipynb"))

    def order(path: Path) -> tuple[str, int, str]:
        return (path.name[:2], 1 if path in exercises else 0, path.name)

    return sorted(numbered + exercises, key=order) + [TEACHING, README]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def units(path: Path) -> list[Unit]:
    """The prose units of a file: a notebook's markdown cells, or a Markdown file whole."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return [Unit(path, None, text)]
    cells = json.loads(text)["cells"]
    return [Unit(path, i, _source(c)) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]


def prose(text: str) -> str:
    """`text` with everything that is not prose blanked out (NULs), offsets kept."""
    return NOT_PROSE.sub(lambda m: "\0" * len(m.group()), text)


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(pattern)
    while start != -1:
        end = start + len(pattern)
        whole_word = not (
            (LATIN.match(pattern[0]) and start > 0 and LATIN.match(text[start - 1]))
            or (LATIN.match(pattern[-1]) and end < len(text) and LATIN.match(text[end]))
        )
        if whole_word:
            spans.append((start, end))
        start = text.find(pattern, start + 1)
    return spans


def find_variants(unit: Unit, terms: list[Term]) -> list[Hit]:
    """The rejected variants in `unit`'s prose, longest first where they overlap."""
    text = prose(unit.text)
    quoted = [m.span() for m in QUOTED.finditer(text)]
    candidates = []
    for term in terms:
        allowed = [span for phrase in term.allowed for span in _spans(phrase, text)]
        variants = dict(term.rejected)
        if term.book_differs:
            variants.setdefault(term.book, None)
        for variant, replacement in variants.items():
            for start, end in _spans(variant, text):
                if any(a <= start and end <= b for a, b in allowed):
                    continue
                if variant == term.book and any(a < start and end < b for a, b in quoted):
                    continue  # the book's words, quoted
                candidates.append(Hit(unit, start, end, term, replacement))
    hits: list[Hit] = []
    for hit in sorted(candidates, key=lambda h: (h.start, h.start - h.end)):
        if not hits or hit.start >= hits[-1].end:
            hits.append(hit)
    return hits


def uses(term: Term, unit: Unit) -> list[int]:
    """Where `unit`'s prose uses the approved term (offsets)."""
    return [start for start, _ in _spans(term.zh, prose(unit.text))]


def first_uses(terms: list[Term], paths: list[Path]) -> dict[str, tuple[Unit, int]]:
    """For each term used in `paths` (in their order), the unit and offset of its first use."""
    found: dict[str, tuple[Unit, int]] = {}
    for path in paths:
        for unit in units(path):
            for term in terms:
                if term.zh not in found and (offsets := uses(term, unit)):
                    found[term.zh] = (unit, offsets[0])
    return found


def _note(book: str) -> str:
    return f"“{book}”"


def has_book_note(term: Term, unit: Unit, offset: int) -> bool:
    """Whether the book's term, quoted, follows the use at `offset` closely."""
    end = offset + len(term.zh)
    return _note(term.book or "") in unit.text[end : end + NOTE_DISTANCE + len(term.book or "")]


def missing_book_notes(terms: list[Term], paths: list[Path]) -> list[tuple[Term, Unit, int]]:
    """The first uses (in `paths`) of terms the book calls otherwise, without the book's term."""
    first = first_uses(terms, paths)
    return [
        (term, *first[term.zh])
        for term in terms
        if term.book_differs and term.zh in first and not has_book_note(term, *first[term.zh])
    ]


def unused(terms: list[Term], paths: list[Path]) -> list[Term]:
    """The terms that no unit of `paths` uses."""
    first = first_uses(terms, paths)
    return [term for term in terms if term.zh not in first]


def _link(path: Path) -> str:
    if path == README:
        return "[README.zh-CN.md](../../README.zh-CN.md)"
    if path.parent == ZH:
        label = path.name[:2] if path.suffix == ".ipynb" else path.name
        return f"[{label}]({path.name})"
    number = path.name[:2]
    return f"[练习 {number} · exercise {number}](../../exercises/zh/{path.name})"


def glossary(terms: list[Term] | None = None, paths: list[Path] | None = None) -> str:
    """The text of GLOSSARY.md: one row a term, in the order of their first uses."""
    terms = load_terms() if terms is None else terms
    paths = zh_files() if paths is None else paths
    first = first_uses(terms, paths)
    position = {path: i for i, path in enumerate(paths)}

    def order(term: Term) -> tuple[int, int, int]:
        if term.zh not in first:
            return (len(paths), 0, 0)
        unit, offset = first[term.zh]
        return (position[unit.path], unit.cell or 0, offset)

    rows = []
    for term in sorted(terms, key=order):
        book = _note(term.book) if term.book else "—"
        where = _link(first[term.zh][0].path) if term.zh in first else "—"
        rows.append(f"| {term.en} | {term.zh} | {book} | {term.definition} | {where} |\n")
    return GLOSSARY_HEAD + "".join(rows)


def _read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write_notebook(notebook: dict, path: Path) -> None:
    text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")


def _spaced(text: str, hit: Hit) -> str:
    """The hit's replacement, with a space where it puts a Latin letter next to a Chinese
    character (d2l's typography: 从 softmax 函数, not 从softmax 函数)."""
    new = hit.replacement or ""
    if new and LATIN.match(new[0]) and hit.start > 0 and CJK.match(text[hit.start - 1]):
        new = " " + new
    if new and LATIN.match(new[-1]) and hit.end < len(text) and CJK.match(text[hit.end]):
        new = new + " "
    return new


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def fix(paths: list[Path], write: bool = True) -> tuple[list[str], list[str]]:
    """Replace the variants in `paths` that have an approved wording and add the book's term
    at first uses (over the whole edition) that lack it; write unless `write` is False.
    Returns what was changed and what a person still has to rewrite, a line each."""
    terms = load_terms()
    notes = missing_book_notes(terms, zh_files())
    changed, by_hand = [], []
    for path in paths:
        new_texts = {}
        for unit in units(path):
            edits = []
            for hit in find_variants(unit, terms):
                if hit.replacement is None:
                    by_hand.append(str(hit))
                else:
                    edits.append((hit.start, hit.end, _spaced(unit.text, hit)))
                    changed.append(str(hit))
            for term, note_unit, offset in notes:
                if note_unit == unit:
                    end = offset + len(term.zh)
                    edits.append((end, end, f"（书中称{_note(term.book or '')}）"))
                    changed.append(f"{unit.where(offset)}: {term.zh} + （书中称“{term.book}”）")
            if edits:
                new_texts[unit.cell] = _apply(unit.text, edits)
        if not new_texts or not write:
            continue
        if path.suffix == ".ipynb":
            notebook = _read_notebook(path)
            for i, text in new_texts.items():
                notebook["cells"][i]["source"] = text.splitlines(keepends=True)
            _write_notebook(notebook, path)
        else:
            path.write_text(new_texts[None], encoding="utf-8")
    return changed, by_hand


def check(paths: list[Path] | None = None) -> list[str]:
    """Every problem in `paths` (default: the whole edition and the glossary), a line each."""
    terms = load_terms()
    everything = paths is None
    paths = zh_files() if paths is None else paths
    problems = [
        str(hit)
        for p in paths + [GLOSSARY] * everything
        for u in units(p)
        for hit in find_variants(u, terms)
    ]
    problems += [
        f"{unit.where(offset)}: first use of {term.zh} without the book's term "
        f"（书中称{_note(term.book or '')}）"
        for term, unit, offset in missing_book_notes(terms, zh_files())
        if unit.path in paths
    ]
    if everything:
        problems += [f"{term.zh} ({term.en}): used in no file" for term in unused(terms, paths)]
        if GLOSSARY.read_text(encoding="utf-8") != glossary(terms, paths):
            problems.append(f"{_relative(GLOSSARY)}: not the generated text (run `glossary`)")
    return problems


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("glossary", "check", "fix"):
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    if command == "glossary":
        GLOSSARY.write_text(glossary(), encoding="utf-8")
        return 0
    if command == "check":
        problems = check([Path(a).resolve() for a in args] or None)
        print("\n".join(problems))
        return 1 if problems else 0
    dry_run = "--dry-run" in args
    paths = [Path(a).resolve() for a in args if a != "--dry-run"]
    if not paths:
        print("fix: name the files to fix")
        return 2
    changed, by_hand = fix(paths, write=not dry_run)
    verb = "would replace" if dry_run else "replaced"
    print("\n".join(f"{verb}: {line}" for line in changed))
    print("\n".join(f"by hand: {line}" for line in by_hand))
    return 1 if by_hand else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
