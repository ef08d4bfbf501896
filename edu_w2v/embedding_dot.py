"""EmbeddingDot: score (hidden vector, word) pairs with one dot product each."""

from __future__ import annotations

import numpy as np

from edu_w2v.embedding import Embedding
from edu_w2v.validation import check_hidden, check_scores_dout


class EmbeddingDot:
    """Scores ``out[i, k] = W[idx[i, k]] . h[i]``.

    h (N, H); idx (N,) -> out (N,), or idx (N, K) -> out (N, K) (K candidate words per row).

    backward, with dout of out's shape:
        dh[i]        = sum_k dout[i, k] W[idx[i, k]]
        dW[idx[i,k]] += dout[i, k] h[i]            (through the Embedding, repeated rows summed)
    """

    def __init__(self, W: np.ndarray) -> None:
        self.embed = Embedding(W)
        self.params = self.embed.params  # [W]
        self.grads = self.embed.grads  # [dW], filled by self.embed.backward
        self.cache = None  # (h, the looked-up rows (N, K, H)), kept for backward

    def forward(self, h: np.ndarray, idx: np.ndarray) -> np.ndarray:
        h, idx = check_hidden(h, idx, self.params[0])
        target_W = self.embed.forward(idx.reshape(len(idx), -1))  # (N, K, H): K words per row
        out = np.sum(target_W * h[:, None, :], axis=2)  # (N, K): one dot product per word
        self.cache = (h, target_W)
        return out.reshape(idx.shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = check_scores_dout(dout, self.cache)
        h, target_W = self.cache
        dout = dout.reshape(target_W.shape[:2])  # (N, K)
        self.embed.backward(dout[:, :, None] * h[:, None, :])  # (N, K, H): dW rows
        return np.sum(dout[:, :, None] * target_W, axis=1)  # (N, H)
