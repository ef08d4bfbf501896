"""The Chinese edition, kept in step with the English one by construction.

Every English notebook ``notebooks/X.ipynb`` / ``exercises/X.ipynb`` has a Chinese twin
``notebooks/zh/X.ipynb`` / ``exercises/zh/X.ipynb``:

- it has one cell more, its first code cell: the language switch (``edu_w2v.set_language("zh")``,
  tagged ``zh-only``; ``apply`` puts it just before the English first code cell), so the
  checkers' verdicts and hints, the capstone's report, the progress bars and the labels of every
  plot are Chinese there;
- its other code cells are the English code cells with their comments and docstrings translated:
  the same code (the same syntax tree once docstrings are set aside), the same tags, and outputs
  that came from running the twin, with the same kinds and the same numbers as the English
  outputs, which nbval proves; cells tagged ``nbval-ignore-output`` (timings) are not compared;
- its markdown cells sit at the same positions and translate the English ones; each records the
  SHA-256 of the English text it translates (``metadata["edu_w2v"]["en_sha256"]``), so an English
  prose change that was not translated again is caught;
- its links point at the Chinese twins (``../exercises/X`` from ``notebooks/zh/`` becomes
  ``../../exercises/zh/X``).

Usage (maintainers and translators):

    python scripts/zh_twins.py apply notebooks/03_embedding.ipynb zh.json
        write the twin from the English notebook and zh.json, a JSON list of the Chinese text of
        every markdown cell in order (links as in the English text: they are mapped here); then
        translate its comments and run it (scripts/execute_notebooks.sh notebooks/zh/03_*.ipynb)
    python scripts/zh_twins.py sync [FILES...]
        after changing an English notebook: copy every English code cell whose code changed into
        its twin (its comments to translate again), and list those cells and the markdown cells
        whose English text changed since they were translated; then run the twin again
    python scripts/zh_twins.py check [FILES...]
        what tests/test_chinese_edition.py checks, as a list of differences
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ("notebooks", "exercises")
LINK = re.compile(r"(\]\()([^)\s]+)(\))")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A numbered page beside the notebooks (notebooks/11_explorer.md): its twin is beside the twin.
NUMBERED_PAGE = re.compile(r"^[0-9][0-9]_[^/]*\.md$")
# The twin's own cell, its first code cell: the language switch.
LANGUAGE_CELL = (
    "import edu_w2v\n"
    "\n"
    "# 中文版专有的一格：从这里起，本包输出的结论、提示、报告、进度条和图表都用中文；\n"
    "# 课程代码自己打印的内容和展示的源代码保持英文，与英文版相同\n"
    'edu_w2v.set_language("zh")'
)
ZH_ONLY = "zh-only"
# The exercises' marker, which the tests and the checkers' hints name: English in both editions.
MARKER = "# your code here"
NOT_COMPARED = ("nbval-ignore-output", "nbval-skip")  # outputs that vary from run to run
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")
# an English word: two or more ASCII letters (or "a", "A", "I"), brackets, quotes and prose
# punctuation around it allowed
ENGLISH_WORD = re.compile(r"[(\[“‘'\"]*([A-Za-z]{2,}|[aAI])[)\]”’'\",.;:!?]*")


def english_notebooks() -> list[Path]:
    return [p for folder in EDITIONS for p in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))]


def twin_path(english: Path) -> Path:
    return english.parent / "zh" / english.name


def markdown_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(cell: dict) -> str:
    return _joined(cell["source"])


def _joined(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def zh_link(target: str) -> str:
    """An English notebook's relative link, as seen from its twin one folder deeper."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
        return target  # a URL or an anchor
    if target.startswith("../"):
        inner = target[3:]
        for folder in EDITIONS:
            if inner.startswith(folder + "/") and inner.endswith(".ipynb"):
                return f"../../{folder}/zh/{inner[len(folder) + 1 :]}"
        return "../" + target
    if target.endswith(".ipynb") or target == "TEACHING.md" or NUMBERED_PAGE.match(target):
        return target  # a sibling: its twin is a sibling of the twin
    return "../" + target


def map_links(text: str) -> str:
    return LINK.sub(lambda m: m.group(1) + zh_link(m.group(2)) + m.group(3), text)


def links(text: str) -> list[str]:
    return [m.group(2) for m in LINK.finditer(text)]


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(notebook: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def language_cell() -> dict:
    """The twin's zh-only code cell that switches the package to Chinese."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "zh-language",
        "metadata": {"tags": [ZH_ONLY]},
        "outputs": [],
        "source": _lines(LANGUAGE_CELL),
    }


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def is_language_cell(cell: dict) -> bool:
    return ZH_ONLY in _tags(cell)


def build_twin(english: dict, translations: list[str]) -> dict:
    """The twin of `english` with the markdown cells' Chinese `translations`, in order, and the
    language switch before the first code cell (comments still English; outputs the English
    ones until the twin is run)."""
    markdown = [c for c in english["cells"] if c["cell_type"] == "markdown"]
    if len(translations) != len(markdown):
        raise ValueError(f"{len(translations)} translations for {len(markdown)} markdown cells")
    twin = json.loads(json.dumps(english))  # a deep copy: code cells start as the English ones
    chinese = iter(translations)
    for cell in twin["cells"]:
        if cell["cell_type"] == "markdown":
            english_text = _text(cell)
            cell["source"] = _lines(map_links(next(chinese)))
            cell["metadata"] = {"edu_w2v": {"en_sha256": markdown_hash(english_text)}}
    first_code = next(i for i, c in enumerate(twin["cells"]) if c["cell_type"] == "code")
    twin["cells"].insert(first_code, language_cell())
    return twin


def _shared_cells(english: dict, twin: dict) -> tuple[list[tuple[int, dict]], list[str]]:
    """The twin's cells that translate the English ones (all but the language switch), each with
    its index in the twin, and what is wrong with the language switch: missing, changed, twice
    or in the wrong place."""
    cells = twin["cells"]
    switches = [i for i, c in enumerate(cells) if is_language_cell(c)]
    first_code = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), None)
    problems = []
    if not switches:
        problems.append("no language switch: the first code cell must be the zh-only one")
    elif len(switches) > 1:
        problems.append(f"{len(switches)} zh-only cells, one expected")
    elif switches[0] != first_code:
        problems.append(f"cell {switches[0]}: the language switch is not the first code cell")
    elif _text(cells[switches[0]]) != LANGUAGE_CELL:
        problems.append(f"cell {switches[0]}: the language switch is not {LANGUAGE_CELL!r}")
    return [(i, c) for i, c in enumerate(cells) if not is_language_cell(c)], problems


def code_form(source: str) -> tuple[list[str], str]:
    """What must be the same in both editions: the IPython lines (``%``, ``!``) and the syntax
    tree of the rest, docstrings emptied (comments are not in the tree)."""
    magics = [line.strip() for line in source.splitlines() if _is_magic(line)]
    tree = ast.parse(_python(source))
    for node in _docstring_owners(tree):
        node.body[0] = ast.Expr(ast.Constant(""))
    return magics, ast.dump(tree)


def _is_magic(line: str) -> bool:
    return line.lstrip().startswith(("%", "!"))


def _python(source: str) -> str:
    """A code cell's source with its IPython lines blanked (the line numbers kept)."""
    return "".join("\n" if _is_magic(line) else line for line in source.splitlines(keepends=True))


def _docstring_owners(tree: ast.AST) -> list[ast.AST]:
    """The module, classes and functions of `tree` that have a docstring."""
    owners = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, owners) and ast.get_docstring(node, clean=False) is not None
    ]


def comments_and_docstrings(source: str) -> list[str]:
    """A code cell's comments and docstrings (what a translator translates)."""
    python = _python(source)
    tokens = tokenize.generate_tokens(io.StringIO(python).readline)
    comments = [t.string for t in tokens if t.type == tokenize.COMMENT]
    docstrings = [
        ast.get_docstring(node, clean=False) for node in _docstring_owners(ast.parse(python))
    ]
    return comments + docstrings


def english_sentences(text: str) -> list[str]:
    """Runs of three or more English words outside backticks (code in comments is quoted)."""
    found, run = [], []
    for chunk in [*re.sub(r"`[^`]*`", "X", text).split(), ""]:
        if ENGLISH_WORD.fullmatch(chunk):
            run.append(chunk)
            continue
        if len(run) >= 3:
            found.append(" ".join(run))
        run = []
    return found


def untranslated(source: str) -> list[str]:
    """The English sentences left in a twin cell's comments and docstrings (the exercises'
    marker aside)."""
    texts = [text.replace(MARKER, "#") for text in comments_and_docstrings(source)]
    return [sentence for text in texts for sentence in english_sentences(text)]


def output_form(output: dict) -> tuple:
    """What the two editions' outputs share: the kind, the stream or the MIME types, and the
    numbers in the text (the words around them are each edition's own)."""
    kind = output["output_type"]
    if kind == "stream":
        return kind, output["name"], _numbers(_joined(output["text"]))
    if kind == "error":
        return kind, output["ename"], _numbers(output["evalue"])
    data = output.get("data", {})
    text = "".join(_joined(data[m]) for m in ("text/plain", "text/html") if m in data)
    return kind, sorted(data), _numbers(text)


def _numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in NUMBER.findall(text)]


def sync_code(english: dict, twin: dict) -> list[int]:
    """Bring `twin`'s code cells in step with `english` (in place): a code cell whose code changed
    becomes the English one again (comments to translate, outputs to make by running the twin);
    the indices of the twin's cells to translate again, code and markdown."""
    shared, _ = _shared_cells(english, twin)
    if [c["cell_type"] for c in english["cells"]] != [c["cell_type"] for _, c in shared]:
        raise ValueError(
            "the cell types differ: the English notebook gained or lost cells; "
            "translate it again with `apply`"
        )
    stale = []
    for en, (index, zh) in zip(english["cells"], shared, strict=True):
        if en["cell_type"] == "code":
            if code_form(_text(en)) != code_form(_text(zh)):
                twin["cells"][index] = json.loads(json.dumps(en))
                stale.append(index)
            else:
                zh["metadata"] = json.loads(json.dumps(en["metadata"]))
        elif zh["metadata"].get("edu_w2v", {}).get("en_sha256") != markdown_hash(_text(en)):
            stale.append(index)
    twin["metadata"] = english["metadata"]
    return stale


def differences(english: dict, twin: dict) -> list[str]:
    """Everything that keeps `twin` from being the Chinese edition of `english` (empty: in step)."""
    shared, found = _shared_cells(english, twin)
    en_cells = english["cells"]
    if [c["cell_type"] for c in en_cells] != [c["cell_type"] for _, c in shared]:
        return [*found, f"cell types differ: {len(en_cells)} English cells, {len(shared)} Chinese"]
    for en, (i, zh) in zip(en_cells, shared, strict=True):
        if en["cell_type"] == "code":
            found += _code_differences(i, en, zh)
            continue
        en_text, zh_text = _text(en), _text(zh)
        if zh["metadata"].get("edu_w2v", {}).get("en_sha256") != markdown_hash(en_text):
            found.append(f"cell {i}: the English text changed since it was translated")
        if not CJK.search(zh_text):
            found.append(f"cell {i}: markdown cell not translated (no Chinese characters)")
        if [zh_link(t) for t in links(en_text)] != links(zh_text):
            found.append(f"cell {i}: links differ from the English cell's")
        if en_text.count("$$") != zh_text.count("$$"):
            found.append(
                f"cell {i}: {en_text.count('$$')} '$$' in English, {zh_text.count('$$')} in Chinese"
            )
    return found


def _code_differences(i: int, en: dict, zh: dict) -> list[str]:
    found = []
    if code_form(_text(en)) != code_form(_text(zh)):
        found.append(f"cell {i}: code cell's code differs from the English one")
    for sentence in untranslated(_text(zh)):
        found.append(f"cell {i}: comment or docstring not translated: {sentence!r}")
    if _tags(en) != _tags(zh):
        found.append(f"cell {i}: code cell's tags differ from the English ones")
    if not set(NOT_COMPARED) & set(_tags(en)):
        en_outputs = [output_form(o) for o in en["outputs"]]
        zh_outputs = [output_form(o) for o in zh["outputs"]]
        if en_outputs != zh_outputs:
            found.append(f"cell {i}: outputs differ from the English ones: run the twin again")
    return found


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("apply", "sync", "check"):
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    if command == "apply":
        english_path, translations = Path(args[0]), json.loads(Path(args[1]).read_text("utf-8"))
        _write(build_twin(_read(english_path), translations), twin_path(english_path))
        return 0
    paths = [Path(a) for a in args] or english_notebooks()
    problems = 0
    for english_path in paths:
        twin = twin_path(english_path)
        if not twin.exists():
            print(f"{twin}: missing")
            problems += 1
            continue
        english, chinese = _read(english_path), _read(twin)
        if command == "sync":
            stale = sync_code(english, chinese)
            _write(chinese, twin)
            for i in stale:
                what = (
                    "code changed: translate its comments"
                    if chinese["cells"][i]["cell_type"] == "code"
                    else "English text changed: translate it again"
                )
                print(f"{twin}: cell {i}: {what}")
            problems += len(stale)
        else:
            for difference in differences(english, chinese):
                print(f"{twin}: {difference}")
                problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
