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

# The files that take longest, longest first: started first, so that the two test processes
# (xdist, whole files) end together instead of one waiting for the other's last long notebook.
SLOW_FIRST = (
    "exercises/11_capstone.ipynb",
    "notebooks/09_training_cbow.ipynb",
    "notebooks/11_evaluating_word_vectors.ipynb",
    "notebooks/10_training_skip_gram.ipynb",
    "tests/test_notebooks_in_place.py",
    "notebooks/01_from_softmax_to_negative_sampling.ipynb",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the files' own order is kept within each rank


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "nbval_sanitize_with", "") is None:
        config.option.nbval_sanitize_with = str(SANITIZE_FILE)
    nbval.kernel.KernelManager = IpcKernelManager  # nbval starts every kernel through it
