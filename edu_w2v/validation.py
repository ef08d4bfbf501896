"""Input checks: bad input gets a clear error, never a silent wrong answer.

One vocabulary for the whole package, one error type per kind of mistake:

- a value of the wrong type (a float where an int is needed, a bool for a number, an integer
  array for weights): ``TypeError``;
- a value of the right type that is out of range, the wrong shape, empty, NaN: ``ValueError``;
- ``backward`` before ``forward``: ``RuntimeError``.

Each check is one line at a boundary: a constructor, a public entry point (``train_word_vectors``,
``Trainer.fit``, the CLI), or the public entry of a layer's forward/backward.
"""

from __future__ import annotations

import math
from collections.abc import Collection

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


def check_int(value: object, name: str, minimum: int = 1) -> int:
    """``value`` as an int >= ``minimum`` (bools are refused: ``True`` is not a count)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def check_number(
    value: object,
    name: str,
    minimum: float = -math.inf,
    maximum: float = math.inf,
    above_minimum: bool = False,
) -> float:
    """``value`` as a finite float in [minimum, maximum] (``above_minimum``: in (minimum,
    maximum]); bools are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    low_ok = value > minimum if above_minimum else value >= minimum
    if not math.isfinite(value) or not low_ok or value > maximum:
        bounds = [f"{'>' if above_minimum else '>='} {minimum:g}"] if minimum > -math.inf else []
        bounds += [f"<= {maximum:g}"] if maximum < math.inf else []
        must = " ".join(["a finite number", " and ".join(bounds)]).rstrip()
        raise ValueError(f"{name} must be {must}, got {value!r}")
    return value


def check_choice(value: object, name: str, choices: Collection) -> object:
    """``value`` must be one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


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
