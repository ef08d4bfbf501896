"""NegativeSamplingLoss: one positive and ``sample_size`` negative words per row (corrected)."""

from __future__ import annotations

import numpy as np

from edu_w2v.embedding_dot import EmbeddingDot
from edu_w2v.sigmoid_with_loss import SigmoidWithLoss
from edu_w2v.unigram_sampler import UnigramSampler
from edu_w2v.validation import check_negatives


class NegativeSamplingLoss:
    """Loss of the true word and ``k = sample_size`` sampled wrong words for each row of ``h``.

    h (N, H), target (N,); negatives n (N, k) from ``self.sampler`` (or given):

        s = [W[target] . h,  W[n_1] . h, ..., W[n_k] . h]      scores, (N, 1 + k)
        L = mean_i BCE(s_i0, 1) + sum_j mean_i BCE(s_ij, 0)     (``SigmoidWithLoss``)

    ``params == [W]`` and ``grads == [dW]``: **one** entry holding the whole gradient of the shared
    ``W`` (the positive and every negative column). ``backward`` returns dh (N, H).
    The sampler uses ``W.shape[0]`` as the vocabulary size.
    """

    def __init__(
        self,
        W: np.ndarray,
        corpus: np.ndarray,
        power: float = 0.75,
        sample_size: int = 5,
        rng: np.random.Generator | int | None = None,
    ) -> None:
        self.embed_dot = EmbeddingDot(W)
        self.sampler = UnigramSampler(corpus, power, sample_size, vocab_size=W.shape[0], rng=rng)
        self.loss_layer = SigmoidWithLoss()
        self.params = self.embed_dot.params  # [W]
        self.grads = self.embed_dot.grads  # [dW]

    def forward(
        self, h: np.ndarray, target: np.ndarray, negatives: np.ndarray | None = None
    ) -> np.floating:
        """Loss for ``h`` (N, H) and ``target`` (N,); pass ``negatives`` (N, k) to reuse a draw."""
        target, negatives = check_negatives(target, negatives, self.sampler.sample_size)
        if negatives is None:
            negatives = self.sampler.get_negative_sample(target)
        words = np.concatenate([target[:, None], negatives], axis=1)  # (N, 1 + k): column 0 true
        labels = np.zeros(words.shape, dtype=self.params[0].dtype)
        labels[:, 0] = 1
        return self.loss_layer.forward(self.embed_dot.forward(h, words), labels)

    def backward(self, dout: float = 1) -> np.ndarray:
        return self.embed_dot.backward(self.loss_layer.backward(dout))
