"""Sigmoid + binary cross-entropy, fused into one layer (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_dout, as_float_array, forward_cache


def sigmoid(x: np.ndarray) -> np.ndarray:
    """sigma(x) = 1 / (1 + exp(-x)), computed as exp(-softplus(-x)): no overflow for any x."""
    return np.exp(-np.logaddexp(0, -x))


class SigmoidWithLoss:
    """Binary cross-entropy of ``sigmoid(x)`` against labels ``t``, averaged over the batch.

    x, t: (N,) or (N, K) -- N rows in the batch (axis 0), K independent columns.

    forward:  L = (1/N) sum_{i,k} [softplus(x_ik) - t_ik x_ik]
                = -(1/N) sum_{i,k} [t log y + (1 - t) log(1 - y)],  y = sigmoid(x)
    backward: dL/dx = (y - t) * dout / N

    For (N, K) input that is the sum over the K columns of each column's batch mean -- the
    negative-sampling loss of one positive and K - 1 negative columns. Computed in ``x``'s dtype.
    """

    def __init__(self) -> None:
        self.params, self.grads = [], []  # no parameters
        self.y = None  # sigmoid(x), kept for backward
        self.t = None  # the labels, kept for backward

    def forward(self, x: np.ndarray, t: np.ndarray) -> np.floating:
        x = as_float_array(x, "x", ndim=(1, 2))
        t = as_float_array(np.asarray(t, dtype=x.dtype), "t", ndim=x.ndim)
        if t.shape != x.shape or not ((t >= 0) & (t <= 1)).all():
            raise ValueError(f"t must hold labels in [0, 1] in the shape of x {x.shape}")
        self.y, self.t = sigmoid(x), t
        return np.sum(np.logaddexp(0, x) - t * x) / x.dtype.type(x.shape[0])

    def backward(self, dout: float = 1) -> np.ndarray:
        y = forward_cache(self.y)
        dout = as_dout(dout, (), y.dtype)  # the loss is one number, so is its dout
        return (y - self.t) * dout / y.dtype.type(y.shape[0])
