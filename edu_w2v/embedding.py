"""Embedding: a word vector is a row of a matrix (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.sparse import RowGrad, accumulate_rows
from edu_w2v.validation import as_float_array, as_index_array


class Embedding:
    """Row lookup ``out = W[idx]``: W (V, H), idx of any shape S -> out of shape S + (H,).

    backward:  dW[v] = sum of dout[p] over every position p with idx[p] == v
    (a row looked up twice gets both updates). Each backward *replaces* the gradient.

    ``sparse=False`` (the book's form): ``grads[0]`` is a dense (V, H) array.
    ``sparse=True`` (fast training): ``grads[0]`` is a ``RowGrad`` holding only the touched rows,
    so a batch costs O(rows touched x H) instead of O(V x H).
    """

    def __init__(self, W: np.ndarray, sparse: bool = False) -> None:
        W = as_float_array(W, "W", ndim=2)
        self.params = [W]
        self.grads: list = [RowGrad.zeros(W.shape, W.dtype) if sparse else np.zeros_like(W)]
        self.sparse = sparse
        self.idx: np.ndarray | None = None

    def forward(self, idx: np.ndarray) -> np.ndarray:
        (W,) = self.params
        self.idx = as_index_array(idx, "idx", size=W.shape[0])
        return np.take(W, self.idx, axis=0)  # W[idx], a little faster

    def backward(self, dout: np.ndarray) -> None:
        (W,) = self.params
        if self.idx is None:
            raise RuntimeError("call forward before backward")
        dout = np.asarray(dout)
        if dout.shape != self.idx.shape + W.shape[1:]:
            raise ValueError(
                f"dout must have shape {self.idx.shape + W.shape[1:]}, got {dout.shape}"
            )
        if self.sparse:
            self.grads[0] = RowGrad.from_lookups(self.idx, dout, W.shape, dtype=W.dtype)
        else:
            dW = self.grads[0]
            dW[...] = 0
            accumulate_rows(dW, self.idx, dout)
