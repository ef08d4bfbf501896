"""The built website on a phone: at 390 px wide no page scrolls sideways (issue 19, item 4).

Every page of both editions is loaded in a phone-sized Chromium (site_helpers.PHONE). A page whose
content is wider than the screen scrolls horizontally, and the reader must pan to read each line.
Run `make site` first; see conftest.py for when these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_helpers import PHONE, content_pages

WIDTH = PHONE["viewport"]["width"]

# Runs in the page once MathJax has typeset it. The page's width is documentElement.clientWidth:
# on a mobile viewport Chromium widens the layout viewport (window.innerWidth) to fit content that
# sticks out, so `scrollWidth <= innerWidth` would always hold. What sticks out is each outermost
# element past the right edge, except inside a box that scrolls (or clips) on its own, such as a
# code block, a table wrapper or a displayed formula, and except fixed boxes, which follow the
# viewport and scroll nothing.
MEASURE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const width = document.documentElement.clientWidth;
  const counts = el => {
    for (let box = el; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.position === 'fixed') return false;
      if (box !== el && style.overflowX !== 'visible') return false;
    }
    return true;
  };
  const out = el => el !== document.body && el.getBoundingClientRect().right > width + 1
                    && counts(el);
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className.trim()
         ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const sticking = [...document.body.querySelectorAll('*')]
    .filter(el => out(el) && !out(el.parentElement))
    .map(el => {
      const path = [];
      for (let box = el; box && box !== document.body && path.length < 3;
           box = box.parentElement) path.unshift(name(box));
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
      const right = Math.round(el.getBoundingClientRect().right);
      return `${path.join(' > ')} "${text}" ends at ${right} px`;
    });
  return {width, scroll_width: document.documentElement.scrollWidth, sticking};
}"""


@pytest.fixture(scope="session")
def on_phone(phone, site_dir: Path) -> dict[str, dict]:
    """Every HTML page of the site, loaded once on the phone: page path -> what was measured."""
    measured = {}
    page = phone.context.new_page()  # one tab for all: half the time of a new tab per page
    for name in content_pages(site_dir):
        page.goto(phone.base_url + name, wait_until="load")
        measured[name] = page.evaluate(MEASURE)
    page.close()
    return measured


def test_every_page_was_measured_on_a_phone_sized_screen(on_phone):
    for name in (
        "index.html",
        "notebooks/06_negative_sampling_loss.html",
        "notebooks/zh/06_negative_sampling_loss.html",
        "search.html",
    ):
        assert name in on_phone
    assert {seen["width"] for seen in on_phone.values()} == {WIDTH}


def test_no_page_scrolls_horizontally_on_a_phone(on_phone):
    wide = {
        name: f"{seen['scroll_width']} px wide on a {WIDTH} px screen; sticking out: "
        + ("; ".join(seen["sticking"]) or "nothing found")
        for name, seen in on_phone.items()
        if seen["scroll_width"] > WIDTH + 1  # a pixel of rounding
    }
    assert not wide, "\n".join(f"{name}: {why}" for name, why in wide.items())


def test_nothing_sticks_out_of_a_phone_screen(on_phone):
    """Content past the right edge, even where the page hides it instead of scrolling."""
    sticking = {name: seen["sticking"] for name, seen in on_phone.items() if seen["sticking"]}
    assert not sticking, "\n".join(f"{name}: {'; '.join(s)}" for name, s in sticking.items())
