"""The catalogue of known mistakes: each one's hint and the wrong answer it gives.

A checker compares the student's answer with the reference; when they differ, it computes what
each known mistake would have given on the same case (a ``Suspect``) and shows the hint of the
first one the answer matches. The functions below build the suspects of one family of mistakes
from the case's numbers, so that every checker names the same mistake the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from edu_w2v.checks.verdict import close
from edu_w2v.sigmoid_with_loss import sigmoid


class Suspect(NamedTuple):
    """A known mistake: its ``hint`` and whether an answer ``matches`` what it gives."""

    hint: str
    matches: Callable[[np.ndarray], bool]


def gives(hint: str, wrong: np.ndarray | float) -> Suspect:
    """The mistake whose answer is the array ``wrong``."""
    return Suspect(hint, lambda got: close(got, wrong))


def diagnose(got: np.ndarray, suspects: Iterable[Suspect]) -> str | None:
    """The hint of the first suspect that ``got`` matches, else None."""
    return next((s.hint for s in suspects if s.matches(got)), None)


# --- gradients written into grads: where, how often, in place -------------------------------

NOTHING_WRITTEN = (
    "backward left grads[0] all zeros: write the gradient into the array self.grads[0] holds "
    "(in place: a new array put anywhere else is never seen)"
)
STALE = (
    "stale gradients: grads[0] still holds the previous backward's gradient; each backward "
    "must replace it (dW[...] = 0 before adding)"
)
LOST = (
    "lost updates for repeated indices: a row looked up twice must receive both updates, but "
    "`dW[idx] += dout` keeps only one; np.add.at(dW, idx, dout) adds every one"
)
LOST_IN_A_ROW = (
    "lost updates for repeated indices within a row: `for i, w in enumerate(idx): "
    "dW[w] += dout[i]` is right for idx (N,), but for idx (N, C) w is a whole row of ids and "
    "`dW[w] +=` keeps one update of a word that appears twice in it; np.add.at(dW, idx, dout) "
    "adds every one"
)
LOST_IN_A_COLUMN = (
    "lost updates for repeated indices within a column: `dW[idx[:, c]] += ...` column by "
    "column keeps one update of a word that two rows share in that column; "
    "np.add.at(dW, idx, rows) adds every one"
)
GRADS_REBOUND = (
    "grads rebound: backward assigned a new list to self.grads; write into the array that "
    "self.grads[0] already holds (dW = self.grads[0]; dW[...] = 0; np.add.at(dW, ...)): a "
    "model that shares the list never sees a new one"
)
GRAD_REPLACED = (
    "grads[0] replaced: backward put a new array into self.grads[0]; write into the array "
    "it already holds (dW[...] = 0; np.add.at(dW, ...)): a model that shares it never sees "
    "a new one"
)
IGNORES_DOUT = "backward ignores dout: multiply by dout, the gradient from the layer above"
DOUT_TWICE = (
    "dout applied twice: the gradient is multiplied by dout once, where it enters backward; "
    "the layers below already get it through their dout"
)


def scatter_mistakes(shape: tuple[int, ...], idx: np.ndarray, rows: np.ndarray) -> list[Suspect]:
    """``dW`` from ``rows`` added at ``idx`` (idx's shape + (H,)) with updates lost three ways.

    Only the ways that lose an update on this case are suspects.
    """
    right, at_once = np.zeros(shape), np.zeros(shape)
    np.add.at(right, idx, rows)
    at_once[idx] += rows
    wrong = [(LOST, at_once)]
    if idx.ndim == 2:
        per_row, per_column = np.zeros(shape), np.zeros(shape)
        for i, w in enumerate(idx):
            per_row[w] += rows[i]
        for c in range(idx.shape[1]):
            per_column[idx[:, c]] += rows[:, c]
        wrong += [(LOST_IN_A_ROW, per_row), (LOST_IN_A_COLUMN, per_column)]
    return [gives(hint, value) for hint, value in wrong if not close(value, right)]


def dout_mistakes(expected: np.ndarray, dout: float, without_dout: np.ndarray) -> list[Suspect]:
    """dout forgotten (``without_dout``) or applied twice (for a number dout != 1)."""
    suspects = [gives(IGNORES_DOUT, without_dout)]
    if np.ndim(dout) == 0 and dout != 1:
        suspects.append(gives(DOUT_TWICE, expected * dout))
    return suspects


def gradient_hints(
    before: np.ndarray, after: np.ndarray, expected: np.ndarray, suspects: list[Suspect]
) -> list[str]:
    """Hints for a wrong ``grads`` entry ``after``, ``before`` being that entry before backward.

    A gradient added to the previous one (stale) is recognised by its change, which is then
    diagnosed like the entry itself.
    """
    change = after - before
    hints = []
    if np.any(before != 0) and (close(change, expected) or diagnose(change, suspects)):
        hints.append(STALE)
        after = change
    hint = None if close(after, expected) else diagnose(after, suspects)
    return hints + [hint] if hint else hints


# --- sigmoid and binary cross-entropy: the loss of scores x against labels t ----------------

MISSING_SIGMOID = (
    "missing sigmoid: your loss treats the raw scores x as probabilities; use y = sigmoid(x)"
)
NOT_FINITE = (
    "missing sigmoid? your loss is not finite: log of a number <= 0; take logs of y = "
    "sigmoid(x), a probability"
)
SUMMED_OVER_BATCH = (
    "mean vs sum: your loss is the sum over the batch; the loss is the mean over the N rows "
    "(divide by N)"
)
SIGN = "sign: L = -[t log y + (1 - t) log(1 - y)], with a minus"
LABELS_SWAPPED = "labels swapped: t log y is the term of the label t = 1"
NEGATIVES_LABELLED_ONE = "labels: the k negative words have label 0; only the target has label 1"
POSITIVE_LABEL_FORGOTTEN = (
    "labels: the positive label is forgotten; the target's column has label 1 (labels[:, 0] = 1)"
)
NEGATIVES_IGNORED = "forward ignores the negatives: add the loss of the k negative words"
NEGATIVES_ARGUMENT_IGNORED = (
    "forward ignores the negatives argument: when negatives are given, score those words "
    "instead of drawing new ones"
)
SCORE_GRADIENT_RETURNED = (
    "backward returns the gradient of the scores (N, 1 + k), not dh (N, H): pass it on "
    "through self.embed_dot.backward, which returns dh"
)


def averaged_over_entries(N: int, K: int) -> str:
    return (
        f"mean vs sum: your loss averages all N*K = {N * K} entries; average over the N rows "
        "only and add them up over the K columns (the positive and the negatives)"
    )


def loss_mistakes(x: np.ndarray, t: np.ndarray) -> list[Suspect]:
    """Wrong losses of scores ``x`` (N,) or (N, K) against labels ``t``: sum, sigmoid, sign..."""
    N, K = x.shape[0], x[0].size
    per_entry = np.logaddexp(0, x) - t * x  # BCE of sigmoid(x), entry by entry
    p = np.clip(x, 1e-7, 1 - 1e-7)
    raw = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    suspects = [
        gives(SUMMED_OVER_BATCH, per_entry.sum()),
        gives(averaged_over_entries(N, K), per_entry.mean()),
        gives(MISSING_SIGMOID, raw.sum() / N),
        gives(MISSING_SIGMOID, raw.sum()),
        gives(SIGN, -per_entry.sum() / N),
        gives(LABELS_SWAPPED, (np.logaddexp(0, x) - (1 - t) * x).sum() / N),
    ]
    if x.ndim == 2:  # the target's column 0 and k negative columns
        suspects += [
            gives(NEGATIVES_LABELLED_ONE, (np.logaddexp(0, x) - x).sum() / N),
            gives(POSITIVE_LABEL_FORGOTTEN, np.logaddexp(0, x).sum() / N),
            gives(NEGATIVES_IGNORED, per_entry[:, 0].sum() / N),
        ]
    return suspects + [Suspect(NOT_FINITE, lambda got: not np.all(np.isfinite(got)))]


def score_gradient_mistakes(
    x: np.ndarray, t: np.ndarray, dout: float, chain: Callable[[np.ndarray], np.ndarray]
) -> list[Suspect]:
    """Wrong gradients of the loss of ``x``, each passed through ``chain`` (dx -> what is checked).

    ``chain`` is the identity for SigmoidWithLoss (dx is checked), dscore -> dh for a layer below.
    """
    N, K = x.shape[0], x[0].size
    y = sigmoid(x)
    dx = (y - t) * dout / N
    wrong = [
        ("mean vs sum: backward forgets the 1/N of the mean: dx = (y - t) * dout / N", dx * N),
        (
            f"mean vs sum: backward divides by N*K = {N * K}; the K columns are added up, so "
            "dx = (y - t) * dout / N",
            dx / K,
        ),
        (
            "missing sigmoid in backward: dx = (y - t) * dout / N with y = sigmoid(x), not the "
            "raw score x",
            (x - t) * dout / N,
        ),
        (
            "missing sigmoid in backward: dx uses the raw score x instead of y = sigmoid(x)",
            (x - t) * dout,
        ),
        ("sign: dx = (y - t) * dout / N, not (t - y) ...", -dx),
    ]
    if x.ndim == 2:
        wrong += [
            (NEGATIVES_LABELLED_ONE, (y - 1) * dout / N),
            (POSITIVE_LABEL_FORGOTTEN, y * dout / N),
        ]
    suspects = [gives(hint, chain(value)) for hint, value in wrong]
    return suspects + dout_mistakes(chain(dx), dout, chain(dx / dout))


# --- negative sampling and CBOW: the shared W, the negatives, the mean of the contexts -------

ONLY_POSITIVE_DW = (
    "grads[0] holds only the target's part of the gradient of W (the source run's flaw): add "
    "the parts of the k negative words, one gradient for the one shared W"
)
DH_MISSES_NEGATIVES = (
    "dh misses the negatives' gradients: dh adds up the gradients of all 1 + k words"
)
NEGATIVES_NOT_DRAWN = (
    "forward(h, target) without negatives must draw them: negatives = "
    "self.sampler.get_negative_sample(target) (with rng=7 the reference draws the same ones)"
)
PAIRS_AVERAGED = (
    "mean vs sum: a row's loss is the SUM of its C pairs' losses (the layer averages over all "
    "N*C pairs: multiply by C), and the target's vector gets the sum of its pairs' gradients"
)
PAIRS_NOT_SUMMED = (
    "only one pair per row reaches W_in: add the gradients of all C pairs of a row onto its "
    "target's vector (sum the (N, C, H) gradient over axis 1)"
)
CONTEXTS_SUMMED = "mean vs sum: h is the mean of the C context vectors, not their sum"
FIRST_CONTEXT_ONLY = (
    "forward uses only the first context word: h is the mean of all C context vectors"
)
NOT_DIVIDED_BY_C = (
    "mean vs sum: each context word gets dh / C in backward (h is a mean); divide by C"
)
DIVIDED_BY_N = (
    "divided by N instead of by C: h is the mean over the C context words of a row, so each "
    "context word gets dh / C (N is the number of rows)"
)


# --- the sampler: its distribution word_p and the negatives it draws ------------------------

WORD_P_OF_COUNTS = (
    "wrong distribution: word_p is proportional to count; raise the counts to the power first: "
    "count ** power"
)
WORD_P_UNIFORM = "wrong distribution: word_p is uniform; it must follow count ** power"
WORD_P_NOT_NORMALISED = "wrong distribution: word_p must sum to 1: divide count ** power by its sum"
TARGET_DRAWN = (
    "target drawn as its own negative: set the target's P to 0 for its row (and renormalise) "
    "before drawing"
)
NOT_DISTINCT = (
    "negatives not distinct: draw without replacement, so that a row's k negatives are k "
    "different words"
)
DRAWS_FOLLOW_COUNTS = (
    "wrong distribution: your negatives follow count, not count ** power; draw with p = word_p"
)
DRAWS_UNIFORM = (
    "wrong distribution: your negatives are uniform over the words; draw with p = word_p"
)
NOT_REPRODUCIBLE = (
    "not reproducible: two samplers made with rng=11 drew different negatives; draw every "
    "random number from self.rng"
)
SAME_EVERY_CALL = (
    "the same negatives on every call: create the random generator once, in __init__, and "
    "keep drawing from it"
)


def word_p_mistakes(counts: np.ndarray, power: float) -> list[Suspect]:
    """Wrong distributions: counts without the power, uniform, not normalised."""
    seen = (counts > 0).astype(float)
    return [
        gives(WORD_P_OF_COUNTS, counts / counts.sum()),
        gives(WORD_P_UNIFORM, seen / seen.sum()),
        gives(WORD_P_NOT_NORMALISED, counts**power),
    ]
