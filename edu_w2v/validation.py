"""Input checks shared by the layers: bad input gets a clear error, never a silent wrong answer.

Each check is one line at a boundary: a constructor or the public entry of forward/backward.
"""

from __future__ import annotations

import numpy as np


def as_float_array(x: object, name: str, ndim: int | tuple[int, ...] = ()) -> np.ndarray:
    """``x`` as a finite floating-point array with at least one row; ``ndim``: allowed dims."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point array, got dtype {x.dtype}")
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed and x.ndim not in allowed:
        dims = " or ".join(map(str, allowed))
        raise ValueError(f"{name} must have {dims} dimension(s), got shape {x.shape}")
    if x.ndim and x.shape[0] == 0:
        raise ValueError(f"{name} is empty: a batch needs at least one row, got shape {x.shape}")
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


def check_columns(x: np.ndarray, name: str, columns: int) -> None:
    """A (N, H) array must have the H columns the weights have."""
    if x.shape[1] != columns:
        raise ValueError(f"{name} must have {columns} columns, got {x.shape[1]}")


def check_positive_int(value: object, name: str) -> int:
    """``value`` as an int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def as_dout(dout: object, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """``dout`` (the gradient arriving from above) as an array of exactly ``shape``."""
    dout = np.asarray(dout)
    if dout.shape != shape:
        raise ValueError(f"dout must have shape {shape} (what forward returned), got {dout.shape}")
    return dout.astype(dtype, copy=False)


def forward_cache(cache: object) -> object:
    """What ``forward`` kept for ``backward``; a clear error if ``forward`` has not run."""
    if cache is None:
        raise RuntimeError("call forward before backward")
    return cache
