"""Embedding: a word vector is a row of a matrix (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_dout, as_float_array, as_index_array, forward_cache


class Embedding:
    """Row lookup ``out = W[idx]``: W (V, H), idx of any shape S -> out of shape S + (H,).

    backward(dout), dout of shape S + (H,):
        dW[v] = sum of dout[p] over every position p with idx[p] == v
    ``np.add.at`` adds every repeat (``dW[idx] += dout`` would keep only the last one). The
    gradient is written *into* ``grads[0]`` (zeroed first): a model sharing the list sees it.
    """

    def __init__(self, W: np.ndarray) -> None:
        self.params = [as_float_array(W, "W", ndim=2)]
        self.grads = [np.zeros_like(W)]
        self.idx = None  # the looked-up ids, kept for backward

    def forward(self, idx: np.ndarray) -> np.ndarray:
        (W,) = self.params
        self.idx = as_index_array(idx, "idx", size=len(W))
        return W[self.idx]

    def backward(self, dout: np.ndarray) -> None:
        (W,), (dW,) = self.params, self.grads
        idx = forward_cache(self.idx)
        dout = as_dout(dout, idx.shape + W.shape[1:], W.dtype)
        dW[...] = 0
        np.add.at(dW, idx, dout)
