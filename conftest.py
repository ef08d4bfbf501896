"""pytest set-up shared by the unit tests and nbval.

nbval reads its sanitize file relative to the working directory; anchor it to this folder so the
tests pass from anywhere in the checkout.
"""

from pathlib import Path

import pytest

SANITIZE_FILE = Path(__file__).parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "nbval_sanitize_with", "") is None:
        config.option.nbval_sanitize_with = str(SANITIZE_FILE)
