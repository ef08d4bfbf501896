"""CBOW: predict a word from the mean of its context words' vectors."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import forward_cache
from edu_w2v.word2vec_model import Word2VecModel


class CBOW(Word2VecModel):
    """Continuous bag of words with negative sampling.

    contexts (N, C) word ids (``PAD`` = -1 marks "no word", as ``shrink_windows`` leaves),
    target (N,). With mask[n, c] = 1 for a word, 0 for a PAD, and m_n = sum_c mask[n, c]:
        h_n = (1 / m_n) sum_c mask[n, c] W_in[contexts[n, c]]          (N, H): the mean
        L = NegativeSamplingLoss(W_out)(h, target)                      (mean over the batch)
    backward: each context word of row n gets dh_n / m_n (a PAD gets 0).

    ``CBOW(vocab_size, hidden_size, corpus, power=0.75, sample_size=5, dtype=np.float32,
    rng=0)``; see ``Word2VecModel`` for the weights.
    """

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> np.floating:
        contexts, mask = self._check(contexts, target)
        weights = (mask / mask.sum(axis=1, keepdims=True)).astype(self.params[0].dtype)  # 1/m_n
        vectors = self.in_embed.forward(np.where(mask, contexts, 0))  # (N, C, H); PAD reads row 0
        h = (weights[:, None, :] @ vectors)[:, 0, :]  # (N, 1, C) @ (N, C, H): the mean, (N, H)
        self.cache = weights
        return self.ns_loss.forward(h, target)

    def backward(self, dout: float = 1) -> None:
        weights = forward_cache(self.cache)
        dh = self.ns_loss.backward(dout)  # (N, H)
        self.in_embed.backward(weights[:, :, None] * dh[:, None, :])  # (N, C, H): dh_n / m_n
