"""UnigramSampler: draw negative words from P(w) ~ count(w) ** power (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_index_array, check_int


def draw(cdf: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n independent word ids from the distribution with cumulative sums ``cdf`` (inverse CDF)."""
    u = rng.random(n) * cdf[-1]
    return np.minimum(np.searchsorted(cdf, u, side="right"), len(cdf) - 1)


class UnigramSampler:
    """Draws ``sample_size`` distinct negatives per target, never the target itself.

    P(w) = count(w) ** power / sum_v count(v) ** power over the ``vocab_size`` word ids
    (ids that never occur in ``corpus`` get P = 0; ``vocab_size`` defaults to max id + 1),
    computed as (count(w) / max count) ** power so that no power overflows.

    A row's negatives follow the source run's law -- draws *without replacement*, each one from P
    renormalised over the words not yet taken (target excluded) -- but the whole batch is drawn
    at once: N x sample_size draws from P, then, column by column, the entries that hit the
    target or an earlier column of their row are drawn again (rejection: exactly the renormalised
    law). An entry still clashing after ``max_redraws`` tries (a word with most of the mass) is
    drawn from the renormalised law directly, so a batch always ends quickly.

    ``rng``: a ``np.random.Generator`` or an int seed (``None``: fresh, unseeded).
    """

    max_redraws = 10

    def __init__(
        self,
        corpus: np.ndarray,
        power: float,
        sample_size: int,
        vocab_size: int | None = None,
        rng: np.random.Generator | int | None = None,
    ) -> None:
        if np.size(corpus) == 0:
            raise ValueError("corpus is empty: the sampler needs word counts")
        corpus = as_index_array(corpus, "corpus", size=np.iinfo(np.int64).max, ndim=1)
        vocab_size = corpus.max() + 1 if vocab_size is None else vocab_size
        if check_int(vocab_size, "vocab_size") <= corpus.max():
            bad = corpus.max()
            raise ValueError(f"corpus holds id {bad}, outside the vocabulary [0, {vocab_size})")
        counts = np.bincount(corpus, minlength=vocab_size)
        if not np.isfinite(power) or power < 0:
            raise ValueError(f"power must be a finite number >= 0, got {power}")
        word_p = np.where(counts > 0, (counts / counts.max()) ** power, 0.0)  # in (0, 1]
        n_candidates = int(np.count_nonzero(word_p))  # words with P > 0
        if isinstance(sample_size, bool) or not isinstance(sample_size, int | np.integer):
            raise TypeError(f"sample_size must be an int, got {sample_size!r}")
        if not 1 <= sample_size < n_candidates:
            raise ValueError(
                f"sample_size must be in [1, {n_candidates - 1}]: the corpus has {n_candidates} "
                f"words with P(w) > 0 and a target's negatives are distinct and exclude the target"
            )
        self.word_p = word_p / word_p.sum()
        self.cdf = np.cumsum(self.word_p)
        self.vocab_size = int(vocab_size)
        self.sample_size = int(sample_size)
        self.rng = np.random.default_rng(rng)

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
