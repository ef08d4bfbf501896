"""The teaching sampler's law, drawn for a whole batch at once (no Python loop over the rows).

``BatchSampler`` is ``edu_w2v.UnigramSampler`` -- the same constructor, ``word_p`` and law: a
row's ``sample_size`` negatives are distinct, never the target, each drawn from P renormalised over
the words not yet taken -- with a vectorised ``get_negative_sample``: N x sample_size draws from P
at once, then, column by column, the entries that hit the target or an earlier column of their
row are drawn again (rejection: exactly the renormalised law). An entry still clashing after
``max_redraws`` tries (a word with most of the mass) is drawn from the renormalised law directly,
so a batch always ends quickly. tests/test_sampling.py checks the law.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.unigram_sampler import UnigramSampler
from edu_w2v.validation import as_index_array


def draw(cdf: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n independent word ids from the distribution with cumulative sums ``cdf`` (inverse CDF)."""
    u = rng.random(n) * cdf[-1]
    return np.minimum(np.searchsorted(cdf, u, side="right"), len(cdf) - 1)


class BatchSampler(UnigramSampler):
    """``UnigramSampler``'s law, drawn for the whole batch at once (see the module docstring)."""

    max_redraws = 10

    def __init__(
        self,
        corpus: np.ndarray,
        power: float,
        sample_size: int,
        vocab_size: int | None = None,
        rng: np.random.Generator | int | None = None,
    ) -> None:
        super().__init__(corpus, power, sample_size, vocab_size, rng)
        self.cdf = np.cumsum(self.word_p)

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        """target (N,) -> negatives (N, sample_size), int64, distinct per row, never the target."""
        target = as_index_array(target, "target", size=self.vocab_size, ndim=1)
        N, K = len(target), self.sample_size
        taken = np.empty((N, K + 1), dtype=np.int64)  # column 0: the target, then the negatives
        taken[:, 0] = target
        taken[:, 1:] = draw(self.cdf, N * K, self.rng).reshape(N, K)  # all at once, then repeats
        ordered = np.sort(taken, axis=1)
        rows = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))  # with a repeat
        for k in range(1, K + 1):  # column by column, redraw the entries that repeat one before
            clash = rows[(taken[rows, :k] == taken[rows, k : k + 1]).any(axis=1)]
            for _ in range(self.max_redraws):
                if not clash.size:
                    break
                taken[clash, k] = draw(self.cdf, clash.size, self.rng)
                clash = clash[(taken[clash, :k] == taken[clash, k : k + 1]).any(axis=1)]
            for row in clash:  # rare: draw from P renormalised over the words not yet taken
                p = self.word_p.copy()
                p[taken[row, :k]] = 0
                taken[row, k] = self.rng.choice(self.vocab_size, p=p / p.sum())
        return taken[:, 1:]
