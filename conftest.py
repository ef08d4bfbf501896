"""pytest set-up shared by the unit tests and nbval.

nbval reads its sanitize file relative to the working directory; anchor it to this folder so the
tests pass from anywhere in the checkout. nbval's kernels talk over IPC sockets, not TCP ports:
two kernels started at once by the two test processes cannot collide (``tests/kernels.py``).
Hypothesis draws the same examples on every run.
"""

import sys
from pathlib import Path

import nbval.kernel
import pytest
from hypothesis import settings

# The same examples on every run: a property test that fails, fails everywhere (CI included).
settings.register_profile("deterministic", derandomize=True)
settings.load_profile("deterministic")

TESTS = Path(__file__).parent / "tests"
SANITIZE_FILE = TESTS / "nbval_sanitize.cfg"
sys.path.insert(0, str(TESTS))  # the tests' own modules (helpers, kernels), as pytest adds it

from kernels import IpcKernelManager  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "nbval_sanitize_with", "") is None:
        config.option.nbval_sanitize_with = str(SANITIZE_FILE)
    nbval.kernel.KernelManager = IpcKernelManager  # nbval starts every kernel through it
