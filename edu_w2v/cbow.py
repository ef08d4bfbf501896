"""CBOW: predict a word from the mean of its context words' vectors."""

from __future__ import annotations

import numpy as np

from edu_w2v.word2vec_model import Word2VecModel


class CBOW(Word2VecModel):
    """Continuous bag of words with negative sampling.

    contexts (N, C) word ids (``PAD`` = -1 marks "no word", as ``shrink_windows`` leaves),
    target (N,). With a_nc = 1 / (number of words in row n) for a word and 0 for a PAD:
        h_n = sum_c a_nc W_in[contexts[n, c]]           (N, H): the mean of the row's words
        L = NegativeSamplingLoss(W_out)(h, target)      (mean over the batch)
    backward: each context word gets a_nc dh_n.

    ``CBOW(vocab_size, hidden_size, corpus, power=0.75, sample_size=5, dtype=np.float32, seed=0,
    sparse=True)``; see ``Word2VecModel`` for the weights.
    """

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> np.floating:
        contexts, target, present = self._check(contexts, target)
        dtype = self.params[0].dtype
        self.weights = (present / present.sum(axis=1, keepdims=True)).astype(dtype)  # a (N, C)
        vectors = self.in_embed.forward(np.where(present, contexts, 0))  # (N, C, H)
        h = (self.weights[:, None, :] @ vectors)[:, 0, :]  # (N, 1, C) @ (N, C, H) -> (N, H)
        return self.ns_loss.forward(h, target)

    def backward(self, dout: float = 1) -> None:
        dh = self.ns_loss.backward(dout)  # (N, H)
        self.in_embed.backward(self.weights[:, :, None] * dh[:, None, :])  # (N, C, H)
