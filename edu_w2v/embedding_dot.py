"""EmbeddingDot: score (hidden vector, word) pairs with one dot product each."""

from __future__ import annotations

import numpy as np

from edu_w2v.embedding import Embedding
from edu_w2v.validation import (
    as_dout,
    as_float_array,
    as_index_array,
    check_batch,
    check_columns,
    forward_cache,
)


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
        self.out_shape = None  # the shape of the scores: dout must have it

    def forward(self, h: np.ndarray, idx: np.ndarray) -> np.ndarray:
        h = as_float_array(h, "h", ndim=2)
        idx = as_index_array(idx, "idx", size=len(self.params[0]), ndim=(1, 2))
        check_batch(len(idx), "idx", len(h), "h")
        check_columns(h, "h", self.params[0].shape[1])
        target_W = self.embed.forward(idx.reshape(len(idx), -1))  # (N, K, H)
        self.cache, self.out_shape = (h, target_W), idx.shape
        out = (target_W @ h[:, :, None])[:, :, 0]  # (N, K): one dot product per pair
        return out.reshape(idx.shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        h, target_W = forward_cache(self.cache)
        dout = as_dout(dout, self.out_shape, h.dtype).reshape(target_W.shape[:2])  # (N, K)
        self.embed.backward(dout[:, :, None] * h[:, None, :])  # (N, K, H)
        return (dout[:, None, :] @ target_W)[:, 0, :]  # (N, H)
