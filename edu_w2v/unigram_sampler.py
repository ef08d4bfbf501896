"""UnigramSampler: draw negative words from P(w) ~ count(w) ** power (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_index_array, check_sampling


class UnigramSampler:
    """Draws ``sample_size`` distinct negatives per target, never the target itself.

    P(w) = count(w) ** power / sum_v count(v) ** power over the ``vocab_size`` word ids (ids that
    never occur in ``corpus`` get P = 0; ``vocab_size`` defaults to max id + 1), computed as
    (count(w) / max count) ** power so that no power overflows.

    Row i: P with P(target_i) = 0, renormalised, then ``sample_size`` draws without replacement
    (each one from P renormalised over the words not yet taken). ``rng``: a
    ``np.random.Generator`` or an int seed (``None``: fresh, unseeded).
    """

    def __init__(
        self,
        corpus: np.ndarray,
        power: float,
        sample_size: int,
        vocab_size: int | None = None,
        rng: np.random.Generator | int | None = None,
    ) -> None:
        check_sampling(corpus, power, sample_size, vocab_size, distinct=True)
        corpus = np.asarray(corpus)
        self.vocab_size = int(corpus.max()) + 1 if vocab_size is None else vocab_size
        self.sample_size = sample_size
        self.rng = np.random.default_rng(rng)
        counts = np.bincount(corpus, minlength=self.vocab_size)
        p = (counts / counts.max()) ** power  # count ** power, scaled by the largest count first
        self.word_p = p / p.sum()

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        """target (N,) -> negatives (N, sample_size), distinct per row, never the target."""
        target = as_index_array(target, "target", size=self.vocab_size, ndim=1)
        negatives = np.empty((len(target), self.sample_size), dtype=np.int64)
        for i, t in enumerate(target):
            p = self.word_p.copy()
            p[t] = 0  # never the target
            p /= p.sum()
            negatives[i] = self.rng.choice(self.vocab_size, self.sample_size, replace=False, p=p)
        return negatives
