"""The Chinese edition's typography: one rule, d2l's (zh.d2l.ai).

In Chinese prose:

- a space between a Chinese character and a Latin letter or a digit: 笔记本 07，Embedding 层，
  缺陷 1 (not 笔记本07, Embedding层); emphasis markers do not count as a space (**缺陷**1 is
  an error too);
- full-width punctuation: ，。：；？！（） and “” quotes. A half-width comma, colon, semicolon,
  question or exclamation mark right after a Chinese character, or right before one (spaces
  between allowed), is an error, as is a half-width full stop right after one; so is a
  half-width bracket next to a Chinese character (outside or inside: 层(Embedding), (见下));
  so are ASCII double quotes around text with Chinese characters in it.

Exempt: code (```` ``` ```` blocks and `inline`), formulas ($…$, $$…$$), link targets, HTML
tags and URLs (as in scripts/zh_terms.py), markdown syntax (heading #, list markers, table
pipes: none of them is punctuation here) and text inside an English quotation ("…" or “…” with
no Chinese character inside).

Of a notebook only the markdown cells are read or written.

Usage:

    python scripts/zh_typography.py check [FILES...]
        list the errors (file, cell or line, message); without FILES, the whole zh edition
    python scripts/zh_typography.py fix [--dry-run] FILES...
        make the safe mechanical fixes (spaces, punctuation, bracket pairs, quotes) and list
        what a person still has to fix
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import zh_terms  # noqa: E402

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
HAN = re.compile(f"[{CJK}]")
ALNUM = "A-Za-z0-9"
# An English quotation: ASCII or curly double quotes around text without a Chinese character.
ENGLISH_QUOTE = re.compile(f'"[^"{CJK}\\n]*"|“[^”{CJK}\\n]*”')
ASCII_QUOTE = re.compile(r'"([^"\n]*)"')
# Markdown syntax at a line's start: heading marks, list markers (- * + 1. 1)), quote marks.
LINE_SYNTAX = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|>[ \t]?|[-*+][ \t]|\d+[.)][ \t])", re.M)
EMPHASIS = r"(?:\*{1,3}|_{1,3})?"
SPACE = re.compile(f"(?<=[{CJK}]){EMPHASIS}[{ALNUM}]|[{ALNUM}]{EMPHASIS}(?=[{CJK}])")
PUNCT_AFTER = re.compile(f"[{CJK}] *([,:;?!])|[{CJK}](\\.)(?!\\.)")
PUNCT_BEFORE = re.compile(f"([,:;?!]) *(?=[{CJK}])")
BRACKET = re.compile(f"[{CJK}][()]|[()](?=[{CJK}])")
PAIR = re.compile(r"\(([^()\n]*)\)")
FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}


def mask(text: str) -> str:
    """`text` with everything exempt blanked out (NULs), offsets kept."""
    text = zh_terms.prose(text)
    text = ENGLISH_QUOTE.sub(lambda m: "\0" * len(m.group()), text)
    return LINE_SYNTAX.sub(lambda m: "\0" * len(m.group()), text)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 12) : start].replace("\n", " ")
    after = text[end : end + 12].replace("\n", " ")
    return f"…{before}【{text[start:end]}】{after}…"


def _errors(text: str) -> list[tuple[int, int, str]]:
    """(start, end, message) of every error in `text`, in order."""
    masked = mask(text)
    found = []
    for m in SPACE.finditer(masked):
        found.append((m.start(), m.end(), "no space between Chinese and Latin/digit"))
    for m in PUNCT_AFTER.finditer(masked):
        group = 1 if m.group(1) else 2
        found.append((m.start(group), m.end(group), "half-width punctuation after Chinese"))
    for m in PUNCT_BEFORE.finditer(masked):
        found.append((m.start(1), m.end(1), "half-width punctuation before Chinese"))
    for m in BRACKET.finditer(masked):
        at = m.start() + m.group().index("(" if "(" in m.group() else ")")
        found.append((at, at + 1, "half-width bracket next to Chinese"))
    for m in PAIR.finditer(masked):
        if HAN.search(m.group(1)):
            found.append((m.start(), m.end(), "half-width brackets around Chinese"))
    for m in ASCII_QUOTE.finditer(masked):
        if HAN.search(m.group(1)):
            found.append((m.start(), m.end(), "ASCII quotes around Chinese (use “…”)"))
    unique = {(start, message): end for start, end, message in found}
    return sorted((start, end, message) for (start, message), end in unique.items())


def check(text: str) -> list[str]:
    """The typography errors in a piece of Chinese markdown, a line each:
    'line N: message …context…'."""
    return [
        f"line {_line(text, start)}: {message} {_context(text, start, end)}"
        for start, end, message in _errors(text)
    ]


def _pair_is_chinese(masked: str, m: re.Match) -> bool:
    """Whether a half-width bracket pair should be full-width: Chinese inside, or right next
    to it and neither a function's argument list (f(x): a Latin letter or digit right before)
    nor a shape ((N, K): a comma inside); those two a person rewrites."""
    before, after = masked[m.start() - 1 : m.start()], masked[m.end() : m.end() + 1]
    if HAN.search(m.group(1)):
        return True
    if re.match(f"[{ALNUM}]", before) or "," in m.group(1):
        return False
    return bool(HAN.match(before) or HAN.match(after))


def fix(text: str) -> str:
    """`text` with the safe mechanical fixes made: a space between Chinese and Latin or digits
    (directly adjacent only), full-width ,:;?!. after Chinese (and ,:;?! before it), bracket
    pairs next to or around Chinese, “” for ASCII quotes around Chinese."""
    edits: list[tuple[int, int, str]] = []
    masked = mask(text)
    for m in ASCII_QUOTE.finditer(masked):
        if HAN.search(m.group(1)):
            edits += [(m.start(), m.start() + 1, "“"), (m.end() - 1, m.end(), "”")]
    for m in PAIR.finditer(masked):
        if _pair_is_chinese(masked, m):
            edits += [(m.start(), m.start() + 1, "（"), (m.end() - 1, m.end(), "）")]
    for m in PUNCT_AFTER.finditer(masked):
        group = 1 if m.group(1) else 2
        start, end = m.start() + 1, m.end(group)
        while end < len(masked) and masked[end] == " ":
            end += 1
        if end < len(masked) and masked[end] == "\n" or end == len(masked):
            end = m.end(group)  # keep a line's end as it is
        edits.append((start, end, FULL[m.group(group)]))
    for m in PUNCT_BEFORE.finditer(masked):
        if not any(s <= m.start(1) < e for s, e, _ in edits):
            start = m.start(1)
            while start > 0 and masked[start - 1] == " ":
                start -= 1
            edits.append((start, m.end(), FULL[m.group(1)]))
    for i in range(1, len(masked)):
        a, b = masked[i - 1], masked[i]
        if (HAN.match(a) and re.match(f"[{ALNUM}]", b)) or (
            re.match(f"[{ALNUM}]", a) and HAN.match(b)
        ):
            if not any(s < i < e or (s == i == e) for s, e, _ in edits):
                edits.append((i, i, " "))
    return zh_terms._apply(text, _without_overlaps(edits))


def _without_overlaps(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for edit in sorted(edits, key=lambda e: (e[0], e[1])):
        if not kept or edit[0] >= kept[-1][1] and (edit[0], edit[1]) != (kept[-1][0], kept[-1][1]):
            kept.append(edit)
    return kept


def files() -> list[Path]:
    """Every prose file of the Chinese edition, the generated glossary too."""
    return [*zh_terms.zh_files(), zh_terms.GLOSSARY]


def check_file(path: Path) -> list[str]:
    """The errors of a file, a line each, with the file and the notebook cell."""
    problems = []
    for unit in zh_terms.units(path):
        where = zh_terms._relative(path) + (f": cell {unit.cell}" if unit.cell is not None else "")
        problems += [f"{where}: {line}" for line in check(unit.text)]
    return problems


def fix_file(path: Path, write: bool = True) -> int:
    """Make the mechanical fixes in a file (markdown cells only); the number of units changed."""
    new_texts = {}
    for unit in zh_terms.units(path):
        new = fix(unit.text)
        if new != unit.text:
            new_texts[unit.cell] = new
    if new_texts and write:
        if path.suffix == ".ipynb":
            notebook = zh_terms._read_notebook(path)
            for i, text in new_texts.items():
                notebook["cells"][i]["source"] = text.splitlines(keepends=True)
            zh_terms._write_notebook(notebook, path)
        else:
            path.write_text(new_texts[None], encoding="utf-8")
    return len(new_texts)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "fix"):
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    if command == "check":
        paths = [Path(a).resolve() for a in args] or files()
        problems = [line for path in paths for line in check_file(path)]
        print("\n".join(problems))
        return 1 if problems else 0
    dry_run = "--dry-run" in args
    paths = [Path(a).resolve() for a in args if a != "--dry-run"]
    if not paths:
        print("fix: name the files to fix")
        return 2
    for path in paths:
        if changed := fix_file(path, write=not dry_run):
            print(f"{'would fix' if dry_run else 'fixed'}: {zh_terms._relative(path)} ({changed})")
    left = [line for path in paths for line in check_file(path)]
    if not dry_run and left:
        print("\n".join(f"by hand: {line}" for line in left))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
