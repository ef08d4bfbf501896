"""Row-sparse gradients: the gradient of an embedding matrix is non-zero on a few rows only.

A batch looks up a few hundred rows of a (V, H) matrix W, V = 10k..100k. The gradient of such a
lookup ``out = W[idx]`` is

    dW[v] = sum of dout[p] over every position p with idx[p] == v        (0 for rows never used)

Storing it densely costs O(V x H) per batch; ``RowGrad`` stores only the R touched rows.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike


def sum_rows_by_id(idx: np.ndarray, dout: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum the gradient rows of repeated ids: ``rows`` (R,) sorted unique ids, ``values`` (R, H).

    idx: int array of any shape S; dout: shape S + (H,).
    values[r] = sum of dout[p] over every position p with idx[p] == rows[r].

    ``values[slot] += dout`` would keep only one update of a repeated id; ``np.add.at`` adds
    every one. It is fastest on 1-D arrays, so we add single numbers: element (slot, h) of
    ``values`` is number ``slot * H + h`` of ``values.reshape(-1)``. (Measured for idx (100, 10)
    and (100, 6), H = 100, float32, uniform and Zipf-distributed ids: 1.5-5x faster than
    np.add.at on whole rows, sorting + np.add.reduceat, a one-hot matrix product or np.bincount.)
    """
    idx, dout = np.asarray(idx), np.asarray(dout)
    if idx.dtype.kind not in "iu":  # signed or unsigned integers (not bool)
        raise TypeError(f"idx must be an integer array of row ids, got dtype {idx.dtype}")
    if dout.shape[:-1] != idx.shape or dout.ndim != idx.ndim + 1:
        expected = f"idx.shape + (H,) = {idx.shape} + (H,)"
        raise ValueError(f"dout must have shape {expected}, got {dout.shape}")
    H = dout.shape[-1]
    rows, slot = np.unique(idx.reshape(-1), return_inverse=True)
    values = np.zeros((rows.size, H), dtype=dout.dtype)
    np.add.at(values.reshape(-1), _flat_positions(slot, H), dout.reshape(-1))
    return rows, values


def _flat_positions(row: np.ndarray, H: int) -> np.ndarray:
    """Where element (row[p], h) of a (., H) array sits in its flat view: row[p] * H + h."""
    row = row.reshape(-1, 1).astype(np.intp, copy=False)  # one integer type: no mixed casts
    return (row * H + np.arange(H)).reshape(-1)


def accumulate_rows(dW: np.ndarray, idx: np.ndarray, dout: np.ndarray) -> None:
    """In place: ``dW[v] += sum of dout[p] over idx[p] == v`` (repeated ids all count).

    dW (V, H); idx int, any shape S, ids in [0, V); dout S + (H,).
    """
    if not isinstance(dW, np.ndarray) or dW.ndim != 2:
        raise TypeError(f"dW must be a 2-D numpy array, got {type(dW).__name__} {np.shape(dW)}")
    rows, values = sum_rows_by_id(idx, dout)
    _check_row_range(rows, dW.shape[0])
    if values.shape[1] != dW.shape[1]:
        raise ValueError(f"dout rows have {values.shape[1]} columns but dW has {dW.shape[1]}")
    dW[rows] += values  # rows are unique, so fancy-index += is safe here


def _check_row_range(rows: np.ndarray, V: int) -> None:
    """``rows`` is sorted: its first and last id tell whether all lie in [0, V)."""
    if rows.size and (rows[0] < 0 or rows[-1] >= V):
        bad = rows[0] if rows[0] < 0 else rows[-1]
        raise ValueError(f"row id {bad} is outside [0, {V})")


class RowGrad:
    """Gradient of a (V, H) matrix that is non-zero on a few rows only: dW[rows] = values.

    rows: (R,) unique int row ids, sorted; values: (R, H), same dtype as the parameter;
    shape: (V, H) of the full matrix. Every other row of dW is 0.

    ``from_lookups(idx, dout, shape)`` keeps the lookups as they are and sums the repeated rows
    only when ``rows`` or ``values`` are first read (Adam needs them summed). ``add_to`` -- the
    SGD step -- adds the lookups straight into the parameter and never needs the sum.
    """

    def __init__(self, rows: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> None:
        rows, values = np.asarray(rows), np.asanyarray(values)
        if len(shape) != 2:
            raise ValueError(f"shape must be (V, H), got {shape}")
        self.shape = (int(shape[0]), int(shape[1]))
        if rows.ndim != 1 or rows.dtype.kind not in "iu":
            raise TypeError(f"rows must be a 1-D int array, got {rows.dtype} {rows.shape}")
        if values.shape != (rows.size, self.shape[1]):
            expected = (rows.size, self.shape[1])
            raise ValueError(f"values must have shape (R, H) = {expected}, got {values.shape}")
        if np.any(rows[1:] <= rows[:-1]):
            raise ValueError("rows must be unique and sorted")
        _check_row_range(rows, self.shape[0])
        self._rows, self._values = rows, values
        self._lookups: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def from_lookups(
        cls, idx: np.ndarray, dout: np.ndarray, shape: tuple[int, int], dtype: DTypeLike = None
    ) -> RowGrad:
        """Gradient of ``out = W[idx]``: idx int of any shape S, dout S + (H,), shape (V, H).

        Repeated ids count once each. ``values`` get ``dtype`` if given (pass W.dtype).
        """
        idx, dout = np.asarray(idx), np.asarray(dout, dtype=dtype)
        H = shape[1] if len(shape) == 2 else None
        if dout.shape[-1:] != (H,):
            raise ValueError(f"dout must end in H = {H} (shape {shape}), got {dout.shape}")
        if idx.dtype.kind not in "iu":
            raise TypeError(f"idx must be an integer array of row ids, got dtype {idx.dtype}")
        if dout.shape[:-1] != idx.shape:
            raise ValueError(f"dout must have shape {idx.shape} + (H,), got {dout.shape}")
        if idx.size:
            _check_row_range(np.array([idx.min(), idx.max()]), shape[0])
        grad = cls.__new__(cls)  # no sums yet, so nothing for __init__ to check
        grad.shape = (int(shape[0]), int(shape[1]))
        grad._rows = grad._values = None
        grad._lookups = (idx.reshape(-1), dout.reshape(-1, H))
        return grad

    @classmethod
    def zeros(cls, shape: tuple[int, int], dtype: DTypeLike = np.float64) -> RowGrad:
        """The zero gradient of a ``shape`` matrix: no rows."""
        return cls(np.zeros(0, dtype=np.intp), np.zeros((0, shape[1]), dtype=dtype), shape)

    @property
    def rows(self) -> np.ndarray:
        self._sum_lookups()
        return self._rows

    @property
    def values(self) -> np.ndarray:
        self._sum_lookups()
        return self._values

    @property
    def dtype(self) -> np.dtype:
        return self._values.dtype if self._lookups is None else self._lookups[1].dtype

    def _sum_lookups(self) -> None:
        if self._lookups is not None:
            self._rows, self._values = sum_rows_by_id(*self._lookups)
            self._lookups = None

    def add_to(self, W: np.ndarray, scale: float) -> None:
        """In place: ``W += scale * dW``, touching only the rows looked up."""
        scale = W.dtype.type(scale)
        if self._lookups is None or not W.flags.c_contiguous:
            W[self.rows] += scale * self.values  # rows are unique: fancy-index += is safe
            return
        idx, dout = self._lookups
        np.add.at(W.reshape(-1), _flat_positions(idx, W.shape[1]), scale * dout.reshape(-1))

    def to_dense(self) -> np.ndarray:
        """The full (V, H) array: zeros except ``dense[rows] = values``."""
        dense = np.zeros(self.shape, dtype=self.dtype)
        dense[self.rows] = self.values
        return dense
