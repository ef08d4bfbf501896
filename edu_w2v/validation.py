"""Input checks shared by the layers: bad input gets a clear error, never a silent wrong answer."""

from __future__ import annotations

import numpy as np


def as_float_array(x: object, name: str, ndim: int | None = None) -> np.ndarray:
    """``x`` as a finite floating-point array (no copy when it already is one)."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point array, got dtype {x.dtype}")
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} holds NaN or infinite values")
    return x


def as_index_array(
    idx: object, name: str, size: int, ndim: int | tuple[int, ...] = ()
) -> np.ndarray:
    """``idx`` as an integer array of ids in ``[0, size)``; ``ndim``: allowed numbers of dims."""
    idx = np.asarray(idx)
    if idx.dtype.kind not in "iu":  # signed or unsigned integers (not bool)
        raise TypeError(f"{name} must be an integer array of word ids, got dtype {idx.dtype}")
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed and idx.ndim not in allowed:
        raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dims, got {idx.shape}")
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        bad = idx.min() if idx.min() < 0 else idx.max()
        raise ValueError(f"{name} holds id {bad}, outside the vocabulary [0, {size})")
    return idx


def check_batch(n_rows: int, name: str, batch_size: int, batch_name: str) -> None:
    """Two arrays must agree on the batch size (their first axis)."""
    if n_rows != batch_size:
        raise ValueError(
            f"{name} has {n_rows} rows but {batch_name} has {batch_size}: batch sizes must match"
        )
