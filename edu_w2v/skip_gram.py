"""Skip-gram: predict each context word from the target word's vector."""

from __future__ import annotations

import numpy as np

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
        contexts, target, present = self._check(contexts, target)
        h = self.in_embed.forward(target)  # (N, H)
        self.pair_row, pair_col = np.nonzero(present)  # one (row, column) per pair, in order
        counts = present.sum(axis=1)
        self.starts = np.cumsum(counts) - counts  # where each row's run of pairs begins
        self.pairs_per_row = h.dtype.type(len(self.pair_row) / len(target))  # P / N
        pair_loss = self.ns_loss.forward(h[self.pair_row], contexts[self.pair_row, pair_col])
        return self.pairs_per_row * pair_loss

    def backward(self, dout: float = 1) -> None:
        dh_pairs = self.ns_loss.backward(self.pairs_per_row * dout)  # (P, H)
        self.in_embed.backward(np.add.reduceat(dh_pairs, self.starts, axis=0))  # sum a row's pairs
