"""Set-up of the website tests: the built site (`make site`), served on localhost, and Chromium.

The browser tests need three things a developer may not have: the built site (build/site/), the
`site` extra (Playwright) and Debian's Chromium (/usr/bin/chromium). Without one of them they are
SKIPPED with a message saying what is missing; with EDU_W2V_REQUIRE_BROWSER=1 (as in .ci/run)
they FAIL instead, so CI cannot go green without running them.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from site_helpers import CHROMIUM, CHROMIUM_FLAGS, PHONE, SITE, unavailable


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        unavailable(f"no built site at {SITE / 'index.html'}: run `make site` first")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    """The built site served on 127.0.0.1 (a free port) by http.server in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@dataclass
class Browser:
    """A headless Chromium profile, and every request it tried to send off this machine."""

    context: object
    base_url: str
    outside_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def playwright_driver(base_url: str):
    """Playwright, once per session (it cannot be started twice in one thread)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: `pip install -e '.[site]'`")
    if not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None:
        unavailable(f"no Chromium at {CHROMIUM}: `apt-get install chromium chromium-driver`")
    with sync_playwright() as playwright:
        yield playwright


def _open_chromium(playwright, profile: Path, base_url: str, **device) -> Browser:
    """A fresh Chromium profile (`device`: viewport and the like) that stays on 127.0.0.1."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_FLAGS,
        **device,
    )
    state = Browser(context, base_url)

    def keep_local(route):
        url = route.request.url
        if url.startswith((base_url, "data:", "blob:", "file:", "about:")):
            route.continue_()
        else:  # the site must need no network: note it, and never send it
            state.outside_requests.append(url)
            route.abort()

    context.route(re.compile(r".*"), keep_local)
    return state


@pytest.fixture(scope="session")
def browser(playwright_driver, base_url: str, tmp_path_factory: pytest.TempPathFactory):
    """Chromium as on a desktop: a 1280 x 900 window."""
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    state = _open_chromium(
        playwright_driver, profile, base_url, viewport={"width": 1280, "height": 900}
    )
    yield state
    state.context.close()


@pytest.fixture(scope="session")
def phone(playwright_driver, base_url: str, tmp_path_factory: pytest.TempPathFactory):
    """Chromium as on a phone: PHONE (390 px wide, touch, mobile viewport rules)."""
    profile = tmp_path_factory.mktemp("chromium-phone-profile")
    state = _open_chromium(playwright_driver, profile, base_url, **PHONE)
    yield state
    state.context.close()
