"""The built website loads nothing from outside: no CDN, no web fonts, no external CSS or JS.

A static scan of every HTML, CSS and JS file of build/site (links a reader may click, <a href>,
are no loads and are allowed). The browser tests also block and report any request that leaves
127.0.0.1. Run `make site` first; see conftest.py for when these tests skip.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

REMOTE = r"(?:https?:)?//"
# (tag, attribute) pairs whose URL the browser fetches by itself.
LOADING_ATTRIBUTES = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
}
CSS_LOADS = re.compile(
    rf"""@import\s+(?:url\(\s*)?['"]?{REMOTE}|url\(\s*['"]?{REMOTE}""", re.IGNORECASE
)


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if (tag, name) in LOADING_ATTRIBUTES and value and re.match(REMOTE, value.strip()):
                self.remote.append(f"<{tag} {name}={value}>")
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def remote_loads(path: Path) -> list[str]:
    """What one built file would fetch from another host."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        parser = _Loads()
        parser.feed(text)
        return parser.remote + [m.group(0) for s in parser.styles for m in CSS_LOADS.finditer(s)]
    return [m.group(0) for m in CSS_LOADS.finditer(text)]


def test_the_scan_finds_remote_loads(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<a href="https://example.org">a link is fine</a>'
        '<script src="https://cdn.example/mathjax.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        "<style>@import url('https://fonts.example/a.css');</style>",
        encoding="utf-8",
    )
    style = tmp_path / "style.css"
    style.write_text("body { background: url(https://x.example/b.png) }", encoding="utf-8")
    assert len(remote_loads(page)) == 3
    assert len(remote_loads(style)) == 1
    (tmp_path / "ok.css").write_text("a { background: url(../img/x.png) }", encoding="utf-8")
    assert remote_loads(tmp_path / "ok.css") == []


def test_no_built_file_loads_anything_from_outside(site_dir: Path):
    files = [p for p in site_dir.rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert len(files) > 20
    found = {p.relative_to(site_dir).as_posix(): loads for p in files if (loads := remote_loads(p))}
    assert not found


def test_mathjax_is_served_from_the_build_folder(site_dir: Path):
    page = (site_dir / "notebooks" / "02_sigmoid_with_loss.html").read_text(encoding="utf-8")
    # Sphinx adds "?v=<checksum>" when it rewrites pages into a build folder that has MathJax.
    (src,) = re.findall(r'<script[^>]*src="([^"?]*tex-chtml\.js)(?:\?[^"]*)?"', page)
    assert not re.match(REMOTE, src)
    assert (site_dir / "notebooks" / src).resolve().is_file()
    fonts = site_dir / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2"
    assert len(list(fonts.glob("*.woff"))) > 10
