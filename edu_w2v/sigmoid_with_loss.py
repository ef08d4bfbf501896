"""Sigmoid + binary cross-entropy, fused into one layer (the corrected version)."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import check_loss_dout, check_scores_and_labels


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
        x, t = check_scores_and_labels(x, t)
        self.y, self.t = sigmoid(x), t
        return np.sum(np.logaddexp(0, x) - t * x) / x.shape[0]  # softplus(x) - t x, no overflow

    def backward(self, dout: float = 1) -> np.ndarray:
        dout = check_loss_dout(dout, self.y)  # the loss is one number, so is its dout
        return (self.y - self.t) * dout / self.y.shape[0]
