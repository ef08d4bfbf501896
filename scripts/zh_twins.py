"""The Chinese edition, kept in step with the English one by construction.

Every English notebook ``notebooks/X.ipynb`` / ``exercises/X.ipynb`` has a Chinese twin
``notebooks/zh/X.ipynb`` / ``exercises/zh/X.ipynb``:

- its code cells are the English code cells, byte for byte: source, outputs, metadata (tags),
  execution count — so nbval, which proves the English outputs, proves the Chinese ones too;
- its markdown cells sit at the same positions and translate the English ones; each records the
  SHA-256 of the English text it translates (``metadata["edu_w2v"]["en_sha256"]``), so an English
  prose change that was not translated again is caught;
- its links point at the Chinese twins (``../exercises/X`` from ``notebooks/zh/`` becomes
  ``../../exercises/zh/X``).

Usage (maintainers and translators):

    python scripts/zh_twins.py apply notebooks/03_embedding.ipynb zh.json
        write the twin from the English notebook and zh.json, a JSON list of the Chinese text of
        every markdown cell in order (links as in the English text: they are mapped here)
    python scripts/zh_twins.py sync [FILES...]
        copy every English code cell into its twin again (after re-executing the English notebook)
        and list the markdown cells whose English text changed since they were translated
    python scripts/zh_twins.py check [FILES...]
        what tests/test_chinese_edition.py checks, as a list of differences
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ("notebooks", "exercises")
LINK = re.compile(r"(\]\()([^)\s]+)(\))")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A numbered page beside the notebooks (notebooks/11_explorer.md): its twin is beside the twin.
NUMBERED_PAGE = re.compile(r"^[0-9][0-9]_[^/]*\.md$")


def english_notebooks() -> list[Path]:
    return [p for folder in EDITIONS for p in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))]


def twin_path(english: Path) -> Path:
    return english.parent / "zh" / english.name


def markdown_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


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


def build_twin(english: dict, translations: list[str]) -> dict:
    """The twin of `english` with the markdown cells' Chinese `translations`, in order."""
    markdown = [c for c in english["cells"] if c["cell_type"] == "markdown"]
    if len(translations) != len(markdown):
        raise ValueError(f"{len(translations)} translations for {len(markdown)} markdown cells")
    twin = json.loads(json.dumps(english))  # a deep copy: code cells stay identical
    chinese = iter(translations)
    for cell in twin["cells"]:
        if cell["cell_type"] == "markdown":
            english_text = _text(cell)
            cell["source"] = _lines(map_links(next(chinese)))
            cell["metadata"] = {"edu_w2v": {"en_sha256": markdown_hash(english_text)}}
    return twin


def sync_code(english: dict, twin: dict) -> list[int]:
    """Copy the English code cells into `twin` (in place); the stale markdown cells' indices."""
    if [c["cell_type"] for c in english["cells"]] != [c["cell_type"] for c in twin["cells"]]:
        raise ValueError(
            "the cell types differ: the English notebook gained or lost cells; "
            "translate it again with `apply`"
        )
    stale = []
    for i, (en, zh) in enumerate(zip(english["cells"], twin["cells"], strict=True)):
        if en["cell_type"] == "code":
            twin["cells"][i] = json.loads(json.dumps(en))
        elif zh["metadata"].get("edu_w2v", {}).get("en_sha256") != markdown_hash(_text(en)):
            stale.append(i)
    twin["metadata"] = english["metadata"]
    return stale


def differences(english: dict, twin: dict) -> list[str]:
    """Everything that keeps `twin` from being the Chinese edition of `english` (empty: in step)."""
    en_cells, zh_cells = english["cells"], twin["cells"]
    if [c["cell_type"] for c in en_cells] != [c["cell_type"] for c in zh_cells]:
        return [f"cell types differ: {len(en_cells)} English cells, {len(zh_cells)} Chinese"]
    found = []
    for i, (en, zh) in enumerate(zip(en_cells, zh_cells, strict=True)):
        if en["cell_type"] == "code":
            for key in ("source", "outputs", "metadata", "execution_count"):
                if en.get(key) != zh.get(key):
                    found.append(f"cell {i}: code cell's {key} differs from the English one")
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
                print(f"{twin}: cell {i} needs translating again (its English text changed)")
            problems += len(stale)
        else:
            for difference in differences(english, chinese):
                print(f"{twin}: {difference}")
                problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
