"""Sigmoid + binary cross-entropy, fused into one layer (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_float_array


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
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> np.floating:
        x = as_float_array(x, "x")
        if x.ndim not in (1, 2) or x.shape[0] == 0:
            raise ValueError(f"x must have shape (N,) or (N, K) with N >= 1, got {x.shape}")
        t = np.asarray(t)
        if t.shape != x.shape:
            raise ValueError(f"t must have the shape of x {x.shape}, got {t.shape}")
        if not ((t >= 0) & (t <= 1)).all():
            raise ValueError("t must hold labels in [0, 1]")
        t = t.astype(x.dtype, copy=False)
        self.y, self.t = sigmoid(x), t
        return np.sum(np.logaddexp(0, x) - t * x) / x.dtype.type(x.shape[0])

    def backward(self, dout: float = 1) -> np.ndarray:
        if self.y is None:
            raise RuntimeError("call forward before backward")
        batch_size = self.y.dtype.type(self.y.shape[0])
        return (self.y - self.t) * self.y.dtype.type(dout) / batch_size
