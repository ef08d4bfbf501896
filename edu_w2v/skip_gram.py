"""Skip-gram: predict each context word from the target word's vector."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import forward_cache
from edu_w2v.word2vec_model import Word2VecModel


class SkipGram(Word2VecModel):
    """Skip-gram with negative sampling.

    contexts (N, C) word ids (``PAD`` = -1 marks "no word"), target (N,). Every (target n,
    context word c) pair of a row is one example, and as in the book the loss sums a row's
    pairs and averages over the N rows:
        h_n = W_in[target[n]]                                            (N, H)
        L = (P / N) * NegativeSamplingLoss(W_out)(h of each pair, context word of each pair)
    where the loss layer averages over the P pairs. backward: a target's vector gets the sum of
    its pairs' gradients.

    Same constructor as ``CBOW``; see ``Word2VecModel`` for the weights.
    """

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> np.floating:
        contexts, mask = self._check(contexts, target)
        h = self.in_embed.forward(target)  # (N, H)
        rows, cols = np.nonzero(mask)  # one (row, column) per pair, P in all
        pairs_per_row = h.dtype.type(len(rows) / len(target))  # P / N
        self.cache = (rows, pairs_per_row, h.shape)
        return pairs_per_row * self.ns_loss.forward(h[rows], contexts[rows, cols])

    def backward(self, dout: float = 1) -> None:
        rows, pairs_per_row, h_shape = forward_cache(self.cache)
        dh_pairs = self.ns_loss.backward(pairs_per_row * np.asarray(dout))  # (P, H)
        dh = np.zeros(h_shape, dtype=dh_pairs.dtype)
        np.add.at(dh, rows, dh_pairs)  # a target's vector: the sum of its pairs' gradients
        self.in_embed.backward(dh)
