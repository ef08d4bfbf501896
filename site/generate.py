"""Lay out the website's source tree from whatever the series holds (run by `make site`).

The site is generated, so new or renamed notebooks need no site work: every page is found by
globbing, in series order (the two-digit number each file name starts with), English first, then
the Chinese edition when notebooks/zh/ exists. A numbered Markdown page (NN_x.md, such as
notebooks/11_explorer.md) follows the notebooks of its number. The files are copied into
build/site-src/ keeping their paths (README.md, notebooks/NN_x.ipynb, exercises/NN_x.ipynb, ...),
so the relative links between them (`NN_x.ipynb`, `../exercises/NN_x.ipynb`) resolve to pages of
the site. A file that a page links to and that is no page (a script, a data file) is copied too:
it becomes a download.

    python site/generate.py [REPO_ROOT] [SOURCE_DIR]
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

NUMBERED = "[0-9][0-9]_*"
PAGE_SUFFIXES = (".ipynb", ".md")
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


@dataclass(frozen=True)
class Edition:
    """One language of the series: its README, notebooks, exercises and guides (.md)."""

    caption: str
    readme: str
    readme_title: str
    notebooks: str
    exercises: str
    sections: tuple[str, str, str, str] = ("Start here", "Notebooks", "Exercises", "Guides")


EDITIONS = (
    Edition("The series", "README.md", "About the series (README)", "notebooks", "exercises"),
    Edition(
        "中文版 · Chinese edition",
        "README.zh-CN.md",
        "关于本系列 (README)",
        "notebooks/zh",
        "exercises/zh",
        ("从这里开始", "笔记本", "练习", "指南"),
    ),
)


def edition_pages(root: Path, edition: Edition) -> dict[str, list[str]]:
    """The pages of one edition by section, each a path relative to root, in series order."""

    def found(folder: str, pattern: str) -> list[str]:
        return sorted(p.relative_to(root).as_posix() for p in (root / folder).glob(pattern))

    def numbered(folder: str) -> list[str]:
        """NN_x.ipynb and NN_x.md, by number; at one number the notebooks first."""
        pages = [p for p in found(folder, NUMBERED) if p.endswith(PAGE_SUFFIXES)]
        return sorted(pages, key=lambda p: (p.rsplit("/", 1)[-1][:2], p.endswith(".md"), p))

    notebooks = numbered(edition.notebooks)
    if not [page for page in notebooks if page.endswith(".ipynb")]:
        return {}
    start, notebooks_name, exercises_name, guides_name = edition.sections
    sections = {start: [edition.readme] if (root / edition.readme).is_file() else []}
    sections[notebooks_name] = notebooks
    sections[exercises_name] = numbered(edition.exercises)
    sections[guides_name] = [p for p in found(edition.notebooks, "*.md") if p not in notebooks]
    return {name: pages for name, pages in sections.items() if pages}


def site_pages(root: Path) -> list[tuple[Edition, dict[str, list[str]]]]:
    """Every edition that has notebooks, with its pages: English first, then Chinese."""
    return [(ed, pages) for ed in EDITIONS if (pages := edition_pages(root, ed))]


def page_order(root: Path) -> list[str]:
    """All pages in reading order (the order of the site's "next" links after the index)."""
    sections = [pages for _, edition in site_pages(root) for pages in edition.values()]
    return [page for pages in sections for page in pages]


def _page_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def linked_files(root: Path, pages: list[str]) -> list[str]:
    """Files (not pages) that the pages link to by a relative path: copied as downloads."""
    found = set()
    for page in pages:
        for target in LINK.findall(_page_text(root / page)):
            target = target.split("#", 1)[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
                continue
            path = (root / page).parent / target
            if path.suffix in (".md", ".ipynb") or not path.is_file():
                continue
            relative = path.resolve().relative_to(root.resolve()).as_posix()
            if not relative.startswith(".."):
                found.add(relative)
    return sorted(found)


def _title(path: Path) -> str:
    for line in _page_text(path).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def index_text(root: Path) -> str:
    """The front page: the series' title and one table of contents per edition and section."""
    title = _title(root / "README.md") if (root / "README.md").is_file() else "edu_w2v"
    lines = [
        f"# Read the series: {title.split(' — ')[-1]}",
        "",
        "The notebooks of the series with their stored outputs — the very outputs the tests",
        "check — to read without installing anything. Each page has a download button (top",
        "right) for its `.ipynb`, to run it in Jupyter.",
        "",
    ]
    for edition, sections in site_pages(root):
        for name, pages in sections.items():
            caption = f"{edition.caption} · {name}"
            lines += ["```{toctree}", f":caption: {caption}", ":maxdepth: 1", ""]
            titled = {edition.readme: f"{edition.readme_title} <{edition.readme}>"}
            lines += [titled.get(page, page) for page in pages] + ["```", ""]
    return "\n".join(lines)


def _copy(source: Path, target: Path) -> None:
    """Copy keeping the modification time, and only when changed (Sphinx rebuilds by mtime)."""
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def generate(root: Path, out: Path) -> list[str]:
    """Write the source tree into out; return the files it holds (index.md first)."""
    pages = page_order(root)
    if not pages:
        raise SystemExit(f"no notebooks found under {root / 'notebooks'}")
    files = pages + linked_files(root, pages)
    for name in files:
        _copy(root / name, out / name)
    index = out / "index.md"
    text = index_text(root)
    if not index.is_file() or index.read_text(encoding="utf-8") != text:
        index.write_text(text, encoding="utf-8")
    kept = {out / name for name in ["index.md", *files]}
    for stale in [p for p in out.rglob("*") if p.is_file() and p not in kept]:
        stale.unlink()
    return ["index.md", *files]


if __name__ == "__main__":
    repo = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    source = Path(sys.argv[2]) if len(sys.argv) > 2 else repo / "build" / "site-src"
    written = generate(repo, source)
    print(f"site sources: {len(written)} files in {source}")
