"""Embedding: a word vector is a row of a matrix (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_float_array, as_index_array, check_lookup_dout


class Embedding:
    """Row lookup ``out = W[idx]``: W (V, H), idx of any shape S -> out of shape S + (H,).

    backward(dout), dout of shape S + (H,):
        dW[v] = sum of dout[p] over every position p with idx[p] == v
    ``np.add.at`` adds every repeat (``dW[idx] += dout`` would keep only the last one). The
    gradient is written *into* ``grads[0]`` (zeroed first): a model sharing the list sees it.
    """

    def __init__(self, W: np.ndarray) -> None:
        W = as_float_array(W, "W", ndim=2)
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None  # the looked-up ids, kept for backward

    def forward(self, idx: np.ndarray) -> np.ndarray:
        idx = as_index_array(idx, "idx", size=len(self.params[0]))
        self.idx = idx
        return self.params[0][idx]

    def backward(self, dout: np.ndarray) -> None:
        dout = check_lookup_dout(dout, self.idx, self.params[0])
        dW = self.grads[0]
        dW[...] = 0
        np.add.at(dW, self.idx, dout)  # every repeated id adds its row
