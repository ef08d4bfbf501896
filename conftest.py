"""pytest set-up shared by the unit tests and nbval.

nbval reads its sanitize file relative to the working directory; anchor it to this folder so the
tests pass from anywhere in the checkout. Hypothesis draws the same examples on every run.
"""

from pathlib import Path

import pytest
from hypothesis import settings

# The same examples on every run: a property test that fails, fails everywhere (CI included).
settings.register_profile("deterministic", derandomize=True)
settings.load_profile("deterministic")

SANITIZE_FILE = Path(__file__).parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "nbval_sanitize_with", "") is None:
        config.option.nbval_sanitize_with = str(SANITIZE_FILE)
