"""Skip-gram: predict each context word from the target word's vector."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import check_window, forward_cache
from edu_w2v.word2vec_model import Word2VecModel


class SkipGram(Word2VecModel):
    """Skip-gram with negative sampling.

    contexts (N, C) word ids (full windows: no ``PAD``), target (N,). Every (target n, context
    word c) pair is one example, and as in the book the loss sums a row's C pairs and averages
    over the N rows:
        h_n = W_in[target[n]]                                            (N, H)
        L = C * NegativeSamplingLoss(W_out)(h_n repeated per pair, the pairs' context words)
    where the loss layer averages over the N C pairs. backward: a target's vector gets the sum of
    its C pairs' gradients.

    Same constructor as ``CBOW``; shrunk windows are for the fused training step of notebook 12.
    """

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> np.floating:
        contexts, target = check_window(contexts, target)
        N, C = contexts.shape
        h = np.repeat(self.in_embed.forward(target), C, axis=0)  # (N C, H), as contexts.ravel()
        self.cache = contexts.shape
        return C * self.ns_loss.forward(h, contexts.ravel())

    def backward(self, dout: float = 1) -> None:
        forward_cache(self.cache)
        N, C = self.cache
        dh = self.ns_loss.backward(dout * C)  # (N C, H): one row per pair
        self.in_embed.backward(dh.reshape(N, C, -1).sum(axis=1))  # the sum of a row's pairs
