"""The built website in headless Chromium: every page renders, links, maths and navigation work.

Each page is loaded once (the `visited` fixture) over http://127.0.0.1; the tests then check what
the browser saw. Run `make site` first; see conftest.py for when these tests skip.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
from site_helpers import ARTIFACTS, ROOT, content_pages

TOTAL_LOSS = "Total Loss: 22.120590459275714"

# Runs in the page after it has loaded: what a reader would see, once MathJax has finished.
INSPECT = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const prose = document.querySelector('main') || document.body;
  const copy = prose.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, mjx-container, .highlight, .output')
      .forEach(node => node.remove());
  const maths = [...document.querySelectorAll('.math')];
  const next = document.querySelector('a.right-next');
  const download = document.querySelector('a.btn-download-source-button');
  return {
    text: document.body.innerText,
    prose: copy.textContent,
    maths: maths.length,
    typeset: maths.filter(m => m.querySelector('mjx-container')).length,
    math_errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
    images: [...document.images].map(i => ({src: i.currentSrc || i.src,
                                           ok: i.complete && i.naturalWidth > 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    next: next ? next.href : null,
    download: download ? download.href : null,
  };
}"""


@dataclass
class Page:
    """What the browser saw on one page."""

    url: str
    console_errors: list[str]
    failed_requests: list[str]
    seen: dict


@pytest.fixture(scope="session")
def visited(browser, site_dir: Path) -> dict[str, Page]:
    """Every HTML page of the site, loaded once in Chromium: page path -> what was seen."""
    pages = {}
    for name in content_pages(site_dir):
        page = browser.context.new_page()
        errors: list[str] = []
        failed: list[str] = []
        page.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
        page.on("pageerror", lambda exc, e=errors: e.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda r, f=failed: f.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r, f=failed: r.status >= 400 and f.append(f"{r.url} {r.status}"))
        url = browser.base_url + name
        page.goto(url, wait_until="load")
        seen = page.evaluate(INSPECT)
        page.close()
        pages[name] = Page(url, errors, failed, seen)
    return pages


def _notebook_pages(folder: str) -> list[str]:
    """The pages the site must have for one folder of numbered notebooks, in series order."""
    return [f"{folder}/{p.stem}.html" for p in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))]


def test_every_page_was_visited(visited):
    assert "index.html" in visited
    for folder in ("notebooks", "exercises", "notebooks/zh", "exercises/zh"):
        assert set(_notebook_pages(folder)) <= set(visited), f"{folder}: a notebook has no page"


def test_no_console_errors(visited):
    errors = {name: page.console_errors for name, page in visited.items() if page.console_errors}
    assert not errors


def test_no_failed_requests(visited):
    failed = {name: page.failed_requests for name, page in visited.items() if page.failed_requests}
    assert not failed


def test_nothing_was_requested_from_outside_the_site(visited, browser):
    assert browser.outside_requests == []


def test_every_image_is_displayed(visited):
    broken = {
        name: [img["src"] for img in page.seen["images"] if not img["ok"]]
        for name, page in visited.items()
    }
    assert not {name: srcs for name, srcs in broken.items() if srcs}
    plots = sum(len(page.seen["images"]) for name, page in visited.items() if "notebooks/" in name)
    stored = sum(
        json.dumps(json.loads(p.read_text(encoding="utf-8"))).count('"image/png"')
        for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
    )
    assert plots >= stored > 0  # the stored plots are on the pages, as images


def _fetch(url: str, cache: dict[str, bytes | None]) -> bytes | None:
    if url not in cache:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                cache[url] = response.read()
        except urllib.error.HTTPError:
            cache[url] = None
    return cache[url]


def test_no_broken_internal_links(visited, browser):
    cache: dict[str, bytes | None] = {}
    broken = []
    for name, page in visited.items():
        for link in page.seen["links"]:
            if not link.startswith(browser.base_url):
                continue
            target, fragment = urldefrag(link)
            body = _fetch(target, cache)
            if body is None:
                broken.append(f"{name}: {link}")
            elif fragment and target.endswith(".html"):
                ids = re.findall(rb'\bid="([^"]+)"', body)
                if unquote(fragment).encode() not in ids:
                    broken.append(f"{name}: {link} (no such anchor)")
    assert not broken


def test_maths_is_rendered(visited):
    for name, page in visited.items():
        seen = page.seen
        assert seen["typeset"] == seen["maths"], f"{name}: maths left untypeset"
        assert seen["math_errors"] == 0, f"{name}: MathJax reported an error"
        raw = re.findall(r"\$[^$\s][^$\n]*\$|\\\(|\\\[|\\begin\{", seen["prose"])
        assert not raw, f"{name}: raw TeX in the visible text: {raw[:3]}"


def test_pages_whose_source_has_maths_show_typeset_maths(visited):
    inline = re.compile(r"\$[^$\n]+\$")
    for folder in ("notebooks", "exercises"):
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
            prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", prose, flags=re.S))
            if inline.search(prose):
                assert visited[f"{folder}/{path.stem}.html"].seen["typeset"] > 0, path.name


def test_the_source_run_total_loss_is_on_notebook_00(visited):
    for name in ("notebooks/00_source_run.html", "notebooks/zh/00_source_run.html"):
        if name in visited or name.startswith("notebooks/00"):
            text = visited[name].seen["text"]
            assert re.search(re.escape(TOTAL_LOSS) + r"(?!\d)", text), name


def test_next_links_walk_every_page_in_series_order(visited, browser):
    order, url = [], browser.base_url + "index.html"
    while url is not None and len(order) <= len(visited):
        name = url[len(browser.base_url) :]
        order.append(name)
        url = visited[name].seen["next"]
    assert len(order) == len(set(order)), "the next links loop"
    assert order[0] == "index.html"
    for folder in ("notebooks", "exercises", "notebooks/zh", "exercises/zh"):
        expected = _notebook_pages(folder)
        assert [page for page in order if page in expected] == expected, folder
    english = [p for p in order if p.startswith("notebooks/") and p.count("/") == 1]
    assert english[0] == "notebooks/00_source_run.html"
    assert set(order) == set(visited) - {"genindex.html", "search.html"}


def test_every_notebook_page_offers_its_notebook_for_download(visited):
    for folder in ("notebooks", "exercises", "notebooks/zh", "exercises/zh"):
        for page_name in _notebook_pages(folder):
            link = visited[page_name].seen["download"]
            assert link and link.endswith(page_name.replace(".html", ".ipynb")), page_name
            with urllib.request.urlopen(link, timeout=10) as response:
                served = response.read()
            assert served == (ROOT / page_name.replace(".html", ".ipynb")).read_bytes()


def test_search_finds_a_notebook(browser):
    page = browser.context.new_page()
    page.goto(browser.base_url + "search.html?q=negative+sampling", wait_until="load")
    wanted = "notebooks/06_negative_sampling_loss.html"
    try:  # the results arrive one by one: wait for the one we want (or the timeout)
        page.wait_for_function(
            "wanted => [...document.querySelectorAll('#search-results li a')]"
            ".some(a => a.href.includes(wanted))",
            arg=wanted,
            timeout=30_000,
        )
    except Exception:  # noqa: BLE001 - the assertion below says what is missing
        pass
    hits = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    page.close()
    assert any(wanted in hit for hit in hits), hits


def test_screenshots_of_two_pages(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, shot in [("index.html", "index.png"), ("notebooks/09_training_cbow.html", "09.png")]:
        page = browser.context.new_page()
        page.goto(browser.base_url + name, wait_until="load")
        page.evaluate("() => window.MathJax?.startup?.promise")
        if name != "index.html":  # show a stored plot
            page.locator("img").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / shot), full_page=False)
        page.close()
        assert (ARTIFACTS / shot).stat().st_size > 10_000


def test_a_page_opened_from_disk_renders_its_maths(browser, site_dir):
    """file://, as from a USB stick: no server, no network."""
    page = browser.context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((site_dir / "notebooks" / "02_sigmoid_with_loss.html").as_uri(), wait_until="load")
    seen = page.evaluate(INSPECT)
    page.close()
    assert seen["maths"] > 0 and seen["typeset"] == seen["maths"]
    assert errors == []
