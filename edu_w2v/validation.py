"""Input checks: bad input gets a clear error, never a silent wrong answer.

One vocabulary for the whole package, one error type per kind of mistake:

- a value of the wrong type (a float where an int is needed, a bool for a number, an integer
  array for weights): ``TypeError``;
- a value of the right type that is out of range, the wrong shape, empty, NaN: ``ValueError``;
- ``backward`` before ``forward``: ``RuntimeError``.

Each check is one line at a boundary: a constructor, a public entry point (``train_word_vectors``,
``Trainer.fit``, the CLI, a model's ``forward``), and at most one line in a teaching layer's
method. Down the call chain nothing is checked twice: a word id is range-checked where it picks a
row (``Embedding.forward``, the sampler's ``word_p``), a batch's shape where it enters (a model's
``forward``). The helpers below that check several things at once are those single lines.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import numpy as np

from edu_w2v.word_ids import PAD


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


def check_scores_and_labels(x: object, t: object) -> tuple[np.ndarray, np.ndarray]:
    """``SigmoidWithLoss.forward``: x finite floats, (N,) or (N, K); t labels in [0, 1] of its
    shape."""
    x = as_float_array(x, "x", ndim=(1, 2))
    t = as_float_array(np.asarray(t, dtype=x.dtype), "t", ndim=x.ndim)
    if t.shape != x.shape or not ((t >= 0) & (t <= 1)).all():
        raise ValueError(f"t must hold labels in [0, 1] in the shape of x {x.shape}")
    return x, t


def check_loss_dout(dout: object, y: np.ndarray | None) -> np.ndarray:
    """A loss layer's ``backward``: forward has run (it kept ``y``) and dout is one number."""
    y = forward_cache(y)
    return as_dout(dout, (), y.dtype)


def check_lookup_dout(dout: object, idx: np.ndarray | None, W: np.ndarray) -> np.ndarray:
    """``Embedding.backward``: forward has run (it kept ``idx``); dout is idx.shape + (H,)."""
    idx = forward_cache(idx)
    return as_dout(dout, idx.shape + W.shape[1:], W.dtype)


def check_hidden(h: object, idx: object, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``EmbeddingDot.forward``: h finite floats (N, H) with W's H; idx (N,) or (N, K) integers.

    The ids' range is checked by the ``Embedding`` that looks them up.
    """
    h = as_float_array(h, "h", ndim=2)
    idx = np.asarray(idx)
    if idx.ndim not in (1, 2):
        raise ValueError(f"idx must have 1 or 2 dims, got {idx.shape}")
    check_batch(len(idx), "idx", len(h), "h")
    check_columns(h, "h", W.shape[1])
    return h, idx


def check_scores_dout(dout: object, cache: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
    """``EmbeddingDot.backward``: forward has run; dout has the scores' shape, (N, K) -- or (N,)
    when K = 1 -- with ``cache`` = (h, the looked-up rows (N, K, H))."""
    h, target_W = forward_cache(cache)
    N, K = target_W.shape[:2]
    return as_dout(dout, (N,) if K == 1 and np.ndim(dout) == 1 else (N, K), h.dtype)


def check_negatives(
    target: object, negatives: object, sample_size: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """``NegativeSamplingLoss.forward``: target (N,) integers; negatives None or (N, sample_size).

    The ids' range is checked where they pick a row (the sampler, the ``Embedding``).
    """
    target = np.asarray(target)
    if target.dtype.kind not in "iu":
        raise TypeError(f"target must be an integer array of word ids, got dtype {target.dtype}")
    if target.ndim != 1:
        raise ValueError(f"target must have shape (N,), got {target.shape}")
    if negatives is not None and np.shape(negatives) != (len(target), sample_size):
        raise ValueError(
            f"negatives must have {sample_size} columns and one row per target, shape "
            f"{(len(target), sample_size)}, got {np.shape(negatives)}"
        )
    return target, negatives


def check_window(contexts: object, target: object) -> tuple[np.ndarray, np.ndarray]:
    """A teaching model's ``forward``: contexts (N, C) full windows of word ids, target (N,).

    A ``PAD`` (what ``shrink_windows`` leaves) is refused with the cause and the fix: the teaching
    models average and pair whole windows. The ids' range is checked by the ``Embedding``.
    """
    contexts, target = np.asarray(contexts), np.asarray(target)
    if contexts.ndim != 2 or contexts.size == 0:
        raise ValueError(f"contexts must have shape (N, C), N, C >= 1, got {contexts.shape}")
    if contexts.dtype.kind not in "iu" or target.dtype.kind not in "iu":
        raise TypeError(
            f"contexts and target must be integer arrays of word ids, got dtypes "
            f"{contexts.dtype} and {target.dtype}"
        )
    if (contexts == PAD).any():
        row = int(np.argmax((contexts == PAD).any(axis=1)))
        raise ValueError(
            f"row {row} of contexts holds PAD ({PAD}), a word shrink_windows removed: the "
            "teaching models take full windows. Make the windows with shrink=False "
            "(make_epoch_data(..., shrink=False)), or train shrunk windows with the engines "
            "(edu_w2v.engines.fast.FastCBOW / FastSkipGram), which skip PAD"
        )
    if target.ndim != 1:
        raise ValueError(f"target must have shape (N,), got {target.shape}")
    check_batch(len(target), "target", len(contexts), "contexts")
    return contexts, target


def check_sampling(
    corpus: object,
    power: object,
    sample_size: object,
    vocab_size: object = None,
    distinct: bool = False,
) -> np.ndarray:
    """What every sampler and model draws negatives from: the corpus as an array of ids in
    [0, vocab_size) (default: max id + 1), ``power`` > 0, ``sample_size`` >= 1. ``distinct``: a
    row's negatives are distinct and never its target, so fewer than the words with P(w) > 0."""
    if np.size(corpus) == 0:
        raise ValueError("corpus is empty: the sampler needs word counts")
    corpus = as_index_array(corpus, "corpus", size=np.iinfo(np.int64).max, ndim=1)
    vocab_size = corpus.max() + 1 if vocab_size is None else check_int(vocab_size, "vocab_size")
    if corpus.max() >= vocab_size:
        bad = corpus.max()
        raise ValueError(f"corpus holds id {bad}, outside the vocabulary [0, {vocab_size})")
    power = check_number(power, "power", minimum=0, above_minimum=True)
    sample_size = check_int(sample_size, "sample_size")
    counts = np.bincount(corpus)
    n_candidates = np.count_nonzero((counts / counts.max()) ** power)  # words with P(w) > 0
    if distinct and sample_size >= n_candidates:
        raise ValueError(
            f"sample_size must be in [1, {n_candidates - 1}]: the corpus has {n_candidates} "
            f"words with P(w) > 0 and a target's negatives are distinct and exclude the target"
        )
    return corpus
