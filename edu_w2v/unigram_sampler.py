"""UnigramSampler: draw negative words from P(w) ~ count(w) ** power (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_index_array


class UnigramSampler:
    """Draws ``sample_size`` distinct negatives per target, never the target itself.

    P(w) = count(w) ** power / sum_v count(v) ** power over the ``vocab_size`` word ids
    (ids that never occur in ``corpus`` get P = 0; ``vocab_size`` defaults to max id + 1).

    A row's negatives follow the source run's law -- draws *without replacement*, each one from P
    renormalised over the words not yet taken (target excluded) -- but the whole batch is drawn
    at once: N x sample_size independent draws, then, column by column, only the entries that hit
    the target or an earlier column of their row are drawn again (rejection gives exactly the
    renormalised law).

    ``rng``: a ``np.random.Generator`` or an int seed (``None``: fresh, unseeded).
    """

    def __init__(
        self,
        corpus: np.ndarray,
        power: float,
        sample_size: int,
        vocab_size: int | None = None,
        rng: np.random.Generator | int | None = None,
    ) -> None:
        corpus = np.asarray(corpus)
        if corpus.size == 0:
            raise ValueError("corpus is empty: the sampler needs word counts")
        if vocab_size is None:
            vocab_size = int(np.max(corpus)) + 1 if np.issubdtype(corpus.dtype, np.integer) else 0
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, int | np.integer):
            raise TypeError(f"vocab_size must be an int, got {vocab_size!r}")
        corpus = as_index_array(corpus, "corpus", size=vocab_size, ndim=1)
        if not np.isfinite(power) or power < 0:
            raise ValueError(f"power must be a finite number >= 0, got {power}")
        counts = np.bincount(corpus, minlength=vocab_size)
        n_candidates = int(np.count_nonzero(counts))
        if isinstance(sample_size, bool) or not isinstance(sample_size, int | np.integer):
            raise TypeError(f"sample_size must be an int, got {sample_size!r}")
        if not 1 <= sample_size < n_candidates:
            raise ValueError(
                f"sample_size must be in [1, {n_candidates - 1}]: the corpus has {n_candidates} "
                f"distinct words and a target's negatives are distinct and exclude the target"
            )
        word_p = np.where(counts > 0, counts.astype(float) ** power, 0.0)
        self.word_p = word_p / word_p.sum()
        self.cdf = np.cumsum(self.word_p)
        self.vocab_size = vocab_size
        self.sample_size = int(sample_size)
        self.rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)

    def _draw(self, n: int) -> np.ndarray:
        """n independent draws from P (inverse-CDF sampling)."""
        u = self.rng.random(n) * self.cdf[-1]
        return np.minimum(np.searchsorted(self.cdf, u, side="right"), self.vocab_size - 1)

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        """target (N,) -> negatives (N, sample_size), int64, distinct per row, never the target."""
        target = as_index_array(target, "target", size=self.vocab_size, ndim=1)
        N, K = len(target), self.sample_size
        taken = np.empty((N, K + 1), dtype=np.int64)  # column 0: the target, then the negatives
        taken[:, 0] = target
        taken[:, 1:] = self._draw(N * K).reshape(N, K)  # every draw at once, then fix repeats
        ordered = np.sort(taken, axis=1)
        rows = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))  # with a repeat
        if rows.size:
            self._redraw_clashes(taken, rows)
        return taken[:, 1:]

    def _redraw_clashes(self, taken: np.ndarray, rows: np.ndarray) -> None:
        """Column by column, redraw the entries of ``rows`` that repeat an earlier column."""
        for k in range(1, taken.shape[1]):
            clash = rows[(taken[rows, :k] == taken[rows, k : k + 1]).any(axis=1)]
            while clash.size:
                taken[clash, k] = self._draw(clash.size)
                clash = clash[(taken[clash, :k] == taken[clash, k : k + 1]).any(axis=1)]
