"""Softmax + cross-entropy over the whole vocabulary: the loss negative sampling replaces.

For scores x (N, V) -- one score per word of the vocabulary for each of N examples -- and the
true word ids t (N,):

    y = softmax(x) row by row,  L = -(1/N) sum_n log y[n, t_n]
    dL/dx = (y - onehot(t)) * dout / N

Both directions touch all V scores of every example: O(V) per example, which is what makes the
full softmax slow for a real vocabulary (notebook 01).
"""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import as_float_array, as_index_array, check_batch, check_loss_dout


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax of x (N, V), shifted by each row's max so that exp never overflows."""
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def check_scores_and_ids(x: object, t: object) -> tuple[np.ndarray, np.ndarray]:
    """``SoftmaxWithLoss.forward``'s one check: x (N, V) finite floats, t (N,) ids in [0, V)."""
    x = as_float_array(x, "x", ndim=2)
    t = as_index_array(t, "t", x.shape[1], ndim=1)
    check_batch(len(t), "t", len(x), "x")
    return x, t


class SoftmaxWithLoss:
    """Cross-entropy of ``softmax(x)`` against the true ids ``t``, averaged over the batch.

    x: (N, V) scores, t: (N,) ids in [0, V) -> a scalar loss; backward returns dx (N, V).
    """

    def __init__(self) -> None:
        self.params, self.grads = [], []  # no parameters
        self.y = None  # softmax(x), kept for backward
        self.t = None  # the true ids, kept for backward

    def forward(self, x: np.ndarray, t: np.ndarray) -> np.floating:
        x, t = check_scores_and_ids(x, t)
        self.y, self.t = softmax(x), t
        batch_size = t.shape[0]
        return -np.mean(np.log(self.y[np.arange(batch_size), t]))  # the true words' -log y

    def backward(self, dout: float = 1) -> np.ndarray:
        dout = check_loss_dout(dout, self.y)  # forward has run; the loss is one number, so is dout
        batch_size = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1  # y - onehot(t)
        return dx * dout / batch_size
