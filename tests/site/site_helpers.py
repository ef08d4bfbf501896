"""Paths and helpers shared by the website tests (tests/site)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = ROOT / "build" / "site"
ARTIFACTS = ROOT / "build" / "site-test-artifacts"
CHROMIUM = Path(os.environ.get("EDU_W2V_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A phone as Playwright emulates it: the screen of an iPhone 12 to 14, 390 CSS px wide.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def load_generator():
    """site/generate.py, imported by path (the folder is no package)."""
    generator = ROOT / "site" / "generate.py"
    spec = importlib.util.spec_from_file_location("edu_w2v_site_generate", generator)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def unavailable(reason: str) -> None:
    """Skip, or fail under EDU_W2V_REQUIRE_BROWSER=1."""
    if os.environ.get("EDU_W2V_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (EDU_W2V_REQUIRE_BROWSER=1: a failure, not a skip)", pytrace=False)
    pytest.skip(f"website tests skipped: {reason} (EDU_W2V_REQUIRE_BROWSER=1 makes this a failure)")


def content_pages(site: Path) -> list[str]:
    """Every HTML page of the site, relative to it (the theme's assets excluded)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")
    )
