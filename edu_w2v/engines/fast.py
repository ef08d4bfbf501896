"""Fused fast models: one function per batch does what forward + backward + SGD do layer by layer.

``FastCBOW`` and ``FastSkipGram`` take the teaching models' constructor and start from the same
weights, and ``train_batch(contexts, targets, lr)`` changes ``W_in`` and ``W_out`` exactly as

    loss = model.forward(contexts, targets); model.backward(); SGD(lr).update(params, grads)

would with the same negatives (tests/test_fast.py checks it), but without handing gradient
objects from layer to layer: the gradients are only ever computed for the rows a batch touches,
and each weight matrix gets one scatter-add.

The scatter-add ``W[rows] += values`` with repeated rows is what ``np.add.at`` does; a sparse
matrix over the unique rows (``RowsMatrix``: a CSR matrix multiplied by SciPy's compiled loops)
does it faster than ``np.add.at`` or a sort and ``np.add.reduceat`` (``benchmarks/train_speed.py``
and notebook 12 measure the step). The sparse
matrix is also the clearest maths: CBOW's mean of the context vectors is ``h = A @ W_in`` with
``A[n, c] = 1 / m_n``, so its gradient is ``dW_in = A.T @ dh`` -- one sparse product.

Negatives come from ``NegativeSampler``: independent draws from P(w) ~ count(w) ** 0.75 (with
replacement, its own random stream) through word2vec's unigram table. As in word2vec, a negative
that happens to be the target is skipped: it adds nothing to the loss or the gradients.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

try:  # SciPy's compiled sparse loops, called directly (see RowsMatrix); a private module
    from scipy.sparse import _sparsetools
except ImportError:  # pragma: no cover - a SciPy that moved it: fall back to its public matrices
    _sparsetools = None

from edu_w2v.word2vec_model import Word2VecBase
from edu_w2v.word_ids import PAD


class NegativeSampler:
    """``sample_size`` independent draws per target from P(w) ~ count(w) ** power: word2vec's
    unigram table.

    The table is the inverse CDF of P read off at ``table_size`` evenly spaced points, so word w
    fills a share P(w) of it (to within 1 / table_size; 100 entries per word by default) and a
    draw is one random index into it: cheaper than a binary search per draw (``searchsorted``).
    Unlike the teaching ``UnigramSampler`` a row's negatives may repeat and may hit the target
    (the fast models skip those, as word2vec does): no redraws, one vectorised draw per batch.
    """

    def __init__(
        self,
        corpus: np.ndarray,
        power: float,
        sample_size: int,
        vocab_size: int,
        rng: np.random.Generator,
        table_size: int | None = None,
    ) -> None:
        counts = np.bincount(np.asarray(corpus), minlength=vocab_size).astype(float)
        cdf = np.cumsum((counts / counts.max()) ** power)  # scaled first: no overflow
        cdf /= cdf[-1]
        table_size = 100 * vocab_size if table_size is None else table_size
        points = (np.arange(table_size) + 0.5) / table_size
        ids = np.minimum(np.searchsorted(cdf, points, side="right"), vocab_size - 1)
        self.table = ids.astype(np.int32)  # half the memory of int64: 400 bytes per word
        self.sample_size = sample_size
        self.rng = rng

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        """target (N,) -> negatives (N, sample_size) word ids."""
        return self.table[self.rng.integers(len(self.table), size=(len(target), self.sample_size))]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0, -x))  # 1 / (1 + exp(-x)), no overflow


def _rates(lr: float | tuple[float, float], dtype: np.dtype) -> tuple[np.floating, np.floating]:
    """(lr_in, lr_out) in the weights' dtype, as ``SGD(lr)`` applies them."""
    lr_in, lr_out = lr if isinstance(lr, tuple | list) else (lr, lr)
    return dtype.type(lr_in), dtype.type(lr_out)


class RowsMatrix:
    """A sparse (U, n_columns) matrix in CSR form -- row u holds entries ``indptr[u]:indptr[u+1]``
    of ``indices`` (columns) and ``data`` -- multiplied by dense matrices as SciPy's ``csr_matrix``
    does (``M @ X`` and ``M.T @ X`` call the same compiled loops, ``csr_matvecs`` and
    ``csc_matvecs``, so the sums come out bit for bit the same), without building a SciPy object
    per product: its input checks cost more than a batch's products (notebook 12's profile).
    """

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple):
        self.data, self.indices, self.indptr, self.shape = data, indices, indptr, shape
        self.transposed = False

    @property
    def T(self) -> RowsMatrix:  # noqa: N802 (NumPy's name)
        """The transpose: the same arrays read as CSC (column u of M.T is row u of M)."""
        M = RowsMatrix(self.data, self.indices, self.indptr, self.shape[::-1])
        M.transposed = not self.transposed
        return M

    def __matmul__(self, X: np.ndarray) -> np.ndarray:
        """``self @ X`` for a dense X (n_columns, H) -> (U, H)."""
        if _sparsetools is None:
            kind = scipy.sparse.csc_matrix if self.transposed else scipy.sparse.csr_matrix
            return kind((self.data, self.indices, self.indptr), shape=self.shape) @ X
        X = np.ascontiguousarray(X)
        n_rows, n_columns = self.shape
        result = np.zeros((n_rows, X.shape[1]), dtype=np.result_type(self.data, X))
        multiply = _sparsetools.csc_matvecs if self.transposed else _sparsetools.csr_matvecs
        multiply(n_rows, n_columns, X.shape[1], self.indptr, self.indices, self.data,
                 X.ravel(), result.ravel())  # fmt: skip
        return result


def _rows_matrix(
    rows: np.ndarray, columns: np.ndarray, weights: np.ndarray, n_columns: int
) -> tuple[np.ndarray, RowsMatrix]:
    """The word ids touched, and the sparse (U, n_columns) matrix M with
    M[u, j] = sum of ``weights`` of the entries with row id ``unique[u]`` and column j.
    ``W[unique] += M @ X`` is then ``np.add.at(W, rows, weights[:, None] * X[columns])``."""
    order = np.argsort(rows, kind="stable")  # group the entries by word id
    sorted_rows = rows[order]
    starts = np.flatnonzero(sorted_rows[1:] != sorted_rows[:-1]) + 1  # where a new id begins
    unique = sorted_rows[np.concatenate(([0], starts))]
    row_starts = np.concatenate(([0], starts, [len(rows)]))  # CSR: row u is entries [a_u, a_u+1)
    index = np.int32 if max(len(rows), n_columns) < 2**31 else np.int64  # as SciPy picks
    M = RowsMatrix(
        weights[order],
        columns[order].astype(index),
        row_starts.astype(index),
        (len(unique), n_columns),
    )
    return unique, M


class _FastModel(Word2VecBase):
    """What both fast models share: the constructor and weights of every model (``Word2VecBase``)
    and word2vec's unigram table."""

    default_batch_size = 200

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int,
        corpus: np.ndarray,
        power: float = 0.75,
        sample_size: int = 5,
        dtype: type = np.float32,
        rng: np.random.Generator | int | None = 0,
    ) -> None:
        super().__init__(vocab_size, hidden_size, corpus, power, sample_size, dtype, rng)
        self.sampler = NegativeSampler(self.corpus, power, sample_size, vocab_size, self.rng)

    def _score_and_update_out(
        self,
        h: np.ndarray,
        h_row: np.ndarray,
        positives: np.ndarray,
        lr_out: np.floating,
        n_rows: int,
    ) -> tuple[float, np.ndarray]:
        """The ``NegativeSamplingLoss`` + ``SigmoidWithLoss`` layers and W_out's SGD step, fused.

        h (R, H): the hidden vectors; example p scores ``positives[p]`` and its negatives
        against ``h[h_row[p]]``; the loss is divided by ``n_rows`` (the batch's N).
        Returns (loss, dh (R, H)) with dh from W_out *before* its update, as backward would.
        """
        W_out = self.params[1]
        dtype = W_out.dtype
        negatives = self.sampler.get_negative_sample(positives)  # (P, k)
        words = np.concatenate([positives[:, None], negatives], axis=1)  # (P, 1 + k)
        t = np.zeros(words.shape, dtype=dtype)  # labels: 1 for the positive, 0 for negatives
        t[:, 0] = 1
        counted = np.ones(words.shape, dtype=dtype)  # word2vec skips a negative == the target
        counted[:, 1:] = negatives != positives[:, None]
        U = W_out[words]  # (P, 1 + k, H): EmbeddingDot's lookup
        hp = h[h_row]  # (P, H)
        s = np.einsum("pkh,ph->pk", U, hp)  # scores, EmbeddingDot.forward
        # SigmoidWithLoss.forward: sum of softplus(s) - t s over the examples, / N
        loss = np.sum(counted * (np.logaddexp(0, s) - t * s)) / dtype.type(n_rows)
        g = counted * (_sigmoid(s) - t) / dtype.type(n_rows)  # dL/ds, SigmoidWithLoss.backward
        dhp = np.einsum("pk,pkh->ph", g, U)  # EmbeddingDot.backward: dh = sum_k g_k W_out[w_k]
        # EmbeddingDot.backward: dW_out[w_pk] += g_pk h_p; with SGD: W_out[w] -= lr_out * dW_out[w].
        # As a sparse product over the rows of h: dW_out[unique] = B @ h, B[u, r] = sum of g_pk
        # over the (p, k) with words[p, k] == unique[u] and h_row[p] == r.
        unique, B = _rows_matrix(words.ravel(), np.repeat(h_row, words.shape[1]), g.ravel(), len(h))
        W_out[unique] -= lr_out * (B @ h)
        return float(loss), dhp


class FastCBOW(_FastModel):
    """CBOW (``edu_w2v.cbow.CBOW``) trained by one fused step per batch.

    contexts (N, C) word ids with PAD = -1, targets (N,). With A the (N, V) matrix of the means,
    A[n, c] = (number of times c is in row n) / m_n:
        h = A @ W_in;  L = NegativeSamplingLoss(W_out)(h, targets);  dW_in = A.T @ dh.
    """

    def train_batch(
        self, contexts: np.ndarray, targets: np.ndarray, lr: float | tuple[float, float]
    ) -> float:
        """One SGD step on the batch's mean loss (``lr``: one rate or (lr_in, lr_out)); its loss."""
        W_in, W_out = self.params
        lr_in, lr_out = _rates(lr, W_in.dtype)
        present = contexts != PAD
        row, col = np.nonzero(present)  # the real context words, row by row
        m = present.sum(axis=1)  # m_n: words in row n
        # A restricted to the context words used: h = A_u @ W_in[unique]
        unique, A_T = _rows_matrix(
            contexts[row, col], row, (1 / m[row]).astype(W_in.dtype), len(contexts)
        )
        h = A_T.T @ W_in[unique]  # (N, H): the mean of each row's context vectors
        loss, dh = self._score_and_update_out(h, np.arange(len(h)), targets, lr_out, len(h))
        W_in[unique] -= lr_in * (A_T @ dh)  # dW_in = A.T @ dh: each context word gets dh_n / m_n
        return loss


class FastSkipGram(_FastModel):
    """Skip-gram (``edu_w2v.skip_gram.SkipGram``) trained by one fused step per batch.

    Each (target n, context word c) pair of a row is one example, scored with h_n = W_in[target_n];
    the loss sums a row's pairs and averages over the N rows (as the teaching model).
    """

    def train_batch(
        self, contexts: np.ndarray, targets: np.ndarray, lr: float | tuple[float, float]
    ) -> float:
        """One SGD step on the batch's mean loss (``lr``: one rate or (lr_in, lr_out)); its loss."""
        W_in, W_out = self.params
        lr_in, lr_out = _rates(lr, W_in.dtype)
        row, col = np.nonzero(contexts != PAD)  # one (row, column) per pair
        h = W_in[targets]  # (N, H): Embedding.forward
        loss, dh = self._score_and_update_out(h, row, contexts[row, col], lr_out, len(targets))
        # Embedding.backward: target n gets the sum of its pairs' dh; repeated targets add up
        ones = np.ones(len(row), dtype=W_in.dtype)
        unique, S = _rows_matrix(targets[row], np.arange(len(row)), ones, len(row))
        W_in[unique] -= lr_in * (S @ dh)
        return loss
