"""EmbeddingDot: score (hidden vector, word) pairs with one dot product each."""

from __future__ import annotations

import numpy as np

from edu_w2v.embedding import Embedding
from edu_w2v.validation import as_float_array, check_batch


class EmbeddingDot:
    """Scores ``out[i, k] = W[idx[i, k]] . h[i]``.

    h (N, H); idx (N,) -> out (N,), or idx (N, K) -> out (N, K) (K candidate words per row).

    backward, with dout of out's shape:
        dh[i]        = sum_k dout[i, k] W[idx[i, k]]
        dW[idx[i,k]] += dout[i, k] h[i]            (through the Embedding, repeated rows summed)
    """

    def __init__(self, W: np.ndarray, sparse: bool = False) -> None:
        self.embed = Embedding(W, sparse=sparse)
        self.params = self.embed.params
        self.grads = self.embed.grads  # the same list: sparse mode replaces its entry in place
        self.cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, h: np.ndarray, idx: np.ndarray) -> np.ndarray:
        h = as_float_array(h, "h", ndim=2)
        idx = np.asarray(idx)
        if idx.ndim not in (1, 2):
            raise ValueError(f"idx must have shape (N,) or (N, K), got {idx.shape}")
        check_batch(idx.shape[0], "idx", h.shape[0], "h")
        if h.shape[1] != self.params[0].shape[1]:
            raise ValueError(f"h must have {self.params[0].shape[1]} columns, got {h.shape[1]}")
        target_W = self.embed.forward(idx.reshape(len(idx), -1))  # (N, K, H)
        self.cache = (h, target_W)
        out = (target_W @ h[:, :, None])[:, :, 0]  # (N, K): one dot product per pair
        return out.reshape(idx.shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        if self.cache is None:
            raise RuntimeError("call forward before backward")
        h, target_W = self.cache
        dout = np.asarray(dout, dtype=h.dtype).reshape(target_W.shape[:2])  # (N, K)
        self.embed.backward(dout[:, :, None] * h[:, None, :])  # (N, K, H)
        return (dout[:, None, :] @ target_W)[:, 0, :]  # (N, H)
