"""check_derivations: right gradients pass, each classic mistake gets its diagnosis, then its fix.

Exercise 07's functions, written right (``RIGHT``) and with one classic mistake each (``WRONG``):
the first run of a wrong one names the mistake, a second run adds how to fix it, and under
``set_language("zh")`` neither holds an English sentence. Every test starts as a fresh kernel
does, with nothing seen yet.
"""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from test_checks_messages import (
    LOWERCASE_ID,
    NOT_THE_TERMS,
    english_sentences,
    outside_code,
    typography_errors,
)

import edu_w2v
import edu_w2v.checks as checks
from edu_w2v import CBOW, EmbeddingDot, NegativeSamplingLoss, SigmoidWithLoss
from edu_w2v.checks import CheckResult, StudentCodeError, check_derivations
from edu_w2v.checks import verdict as verdict_module
from edu_w2v.checks.derivations import DERIVATIONS, NAMES
from edu_w2v.sigmoid_with_loss import sigmoid

# --- the right answers ----------------------------------------------------------------------


def dL_ds(s, t):
    return (sigmoid(s) - t) / s.shape[0]


def dot_dh(h, W, idx, dout):
    return dout[:, None] * W[idx]


def dot_dW(h, W, idx, dout):
    dW = np.zeros_like(W)
    np.add.at(dW, idx, dout[:, None] * h)
    return dW


def scores(h, W, target, negatives):
    return np.sum(W[target] * h, axis=1), np.sum(W[negatives] * h[:, None, :], axis=2)


def dJ_dh(h, W, target, negatives):
    s_o, s_k = scores(h, W, target, negatives)
    positive = (sigmoid(s_o) - 1)[:, None] * W[target]
    return (positive + np.einsum("nk,nkh->nh", sigmoid(s_k), W[negatives])) / len(h)


def dJ_du_o(h, W, target, negatives):
    s_o, _ = scores(h, W, target, negatives)
    return (sigmoid(s_o) - 1)[:, None] * h / len(h)


def per_draw(h, W, target, negatives):
    """Each draw's own term of dJ/du_k, (N, k, H): right only for a word drawn once."""
    _, s_k = scores(h, W, target, negatives)
    return sigmoid(s_k)[:, :, None] * h[:, None, :] / len(h)


def dJ_du_k(h, W, target, negatives):
    dW = np.zeros_like(W)
    np.add.at(dW, negatives, per_draw(h, W, target, negatives))
    return dW[negatives]


def cbow_dW_in(W_in, contexts, dh):
    C = contexts.shape[1]
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, contexts, dh[:, None, :] / C)
    return dW_in


RIGHT = {
    "dL_ds": dL_ds,
    "dot_dh": dot_dh,
    "dot_dW": dot_dW,
    "dJ_dh": dJ_dh,
    "dJ_du_o": dJ_du_o,
    "dJ_du_k": dJ_du_k,
    "cbow_dW_in": cbow_dW_in,
}


def book_dL_ds(s, t):
    """The same gradient, another way: the book's sigmoid and the loop over rows."""
    y = 1 / (1 + np.exp(-s))
    return np.array([(y[i] - t[i]) / len(s) for i in range(len(s))])


def looping_dJ_du_k(h, W, target, negatives):
    """The sum over the draws of each word, in loops: a repeated draw adds."""
    out = np.zeros((*negatives.shape, W.shape[1]))
    terms = per_draw(h, W, target, negatives)
    for i, j in np.ndindex(negatives.shape):
        for a, b in np.ndindex(negatives.shape):
            if negatives[a, b] == negatives[i, j]:
                out[i, j] += terms[a, b]
    return out


def repeating_cbow_dW_in(W_in, contexts, dh):
    """The book's form: each context place's share, repeated, then one np.add.at."""
    N, C = contexts.shape
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, contexts, np.repeat(dh[:, None, :] / C, C, axis=1))
    return dW_in


# --- the classic mistakes, one per function -------------------------------------------------


def sign(s, t):
    return (t - sigmoid(s)) / s.shape[0]


def without_sigmoid(s, t):
    return (s - t) / s.shape[0]


def without_mean(s, t):
    return sigmoid(s) - t


def mean_over_entries(s, t):
    return (sigmoid(s) - t) / s.size


def sigmoid_derivative_kept(s, t):
    y = sigmoid(s)
    return (y - t) * y * (1 - y) / s.shape[0]


def gradient_of_y(s, t):
    y = sigmoid(s)
    return (y - t) / (y * (1 - y)) / s.shape[0]


def labels_swapped(s, t):
    return (sigmoid(s) - (1 - t)) / s.shape[0]


def mean_loss_number(s, t):
    return np.mean(sigmoid(s) - t)


def off_by_a_little(s, t):
    return (sigmoid(s) - t) / s.shape[0] + 0.01


def dh_with_h(h, W, idx, dout):
    return dout[:, None] * h


def dh_without_dout(h, W, idx, dout):
    return W[idx]


def dh_with_a_mean(h, W, idx, dout):
    return dout[:, None] * W[idx] / len(h)


def dh_sign(h, W, idx, dout):
    return -dout[:, None] * W[idx]


def dW_assigned(h, W, idx, dout):
    dW = np.zeros_like(W)
    dW[idx] = dout[:, None] * h
    return dW


def dW_fancy_added(h, W, idx, dout):
    dW = np.zeros_like(W)
    dW[idx] += dout[:, None] * h
    return dW


def dW_per_row(h, W, idx, dout):
    return dout[:, None] * h


def dW_with_W(h, W, idx, dout):
    dW = np.zeros_like(W)
    np.add.at(dW, idx, dout[:, None] * W[idx])
    return dW


def dW_with_W_assigned(h, W, idx, dout):
    """Two mistakes: the factor is named first."""
    dW = np.zeros_like(W)
    dW[idx] = dout[:, None] * W[idx]
    return dW


def ns_dh(h, W, target, negatives, f_o, f_k):
    return (f_o[:, None] * W[target] + np.einsum("nk,nkh->nh", f_k, W[negatives])) / len(h)


def dJ_dh_sign(h, W, target, negatives):
    return -dJ_dh(h, W, target, negatives)


def dJ_dh_without_sigmoid(h, W, target, negatives):
    s_o, s_k = scores(h, W, target, negatives)
    return ns_dh(h, W, target, negatives, s_o - 1, s_k)


def dJ_dh_without_mean(h, W, target, negatives):
    return dJ_dh(h, W, target, negatives) * len(h)


def dJ_dh_of_the_target_only(h, W, target, negatives):
    s_o, s_k = scores(h, W, target, negatives)
    return ns_dh(h, W, target, negatives, sigmoid(s_o) - 1, 0 * s_k)


def dJ_dh_sigmoid_of_minus_s(h, W, target, negatives):
    s_o, s_k = scores(h, W, target, negatives)
    return ns_dh(h, W, target, negatives, sigmoid(s_o) - 1, sigmoid(-s_k))


def dJ_dh_target_labelled_0(h, W, target, negatives):
    s_o, s_k = scores(h, W, target, negatives)
    return ns_dh(h, W, target, negatives, sigmoid(s_o), sigmoid(s_k))


def dJ_dh_positive_sign(h, W, target, negatives):
    s_o, s_k = scores(h, W, target, negatives)
    return ns_dh(h, W, target, negatives, 1 - sigmoid(s_o), sigmoid(s_k))


def du_o_with_u_o(h, W, target, negatives):
    s_o, _ = scores(h, W, target, negatives)
    return (sigmoid(s_o) - 1)[:, None] * W[target] / len(h)


def du_o_without_mean(h, W, target, negatives):
    return dJ_du_o(h, W, target, negatives) * len(h)


def du_k_forgetting_the_repeat(h, W, target, negatives):
    return per_draw(h, W, target, negatives)


def du_k_assigned(h, W, target, negatives):
    dW = np.zeros_like(W)
    dW[negatives] = per_draw(h, W, target, negatives)
    return dW[negatives]


def du_k_fancy_added(h, W, target, negatives):
    dW = np.zeros_like(W)
    dW[negatives] += per_draw(h, W, target, negatives)
    return dW[negatives]


def du_k_without_mean(h, W, target, negatives):
    return dJ_du_k(h, W, target, negatives) * len(h)


def du_k_with_u_k(h, W, target, negatives):
    _, s_k = scores(h, W, target, negatives)
    dW = np.zeros_like(W)
    np.add.at(dW, negatives, sigmoid(s_k)[:, :, None] * W[negatives] / len(h))
    return dW[negatives]


def du_k_sigmoid_of_minus_s_per_draw(h, W, target, negatives):
    """Two mistakes: the factor is named first."""
    _, s_k = scores(h, W, target, negatives)
    return sigmoid(-s_k)[:, :, None] * h[:, None, :] / len(h)


def cbow_not_divided(W_in, contexts, dh):
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, contexts, dh[:, None, :])
    return dW_in


def cbow_divided_by_N(W_in, contexts, dh):
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, contexts, dh[:, None, :] / len(dh))
    return dW_in


def cbow_fancy(W_in, contexts, dh):
    dW_in = np.zeros_like(W_in)
    dW_in[contexts] += dh[:, None, :] / contexts.shape[1]
    return dW_in


def cbow_per_window(W_in, contexts, dh):
    dW_in = np.zeros_like(W_in)
    for i, window in enumerate(contexts):
        dW_in[window] += dh[i] / contexts.shape[1]
    return dW_in


def cbow_per_column(W_in, contexts, dh):
    dW_in = np.zeros_like(W_in)
    for c in range(contexts.shape[1]):
        dW_in[contexts[:, c]] += dh / contexts.shape[1]
    return dW_in


def cbow_first_context_only(W_in, contexts, dh):
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, contexts[:, 0], dh)
    return dW_in


def cbow_shares(W_in, contexts, dh):
    return np.repeat(dh[:, None, :] / contexts.shape[1], contexts.shape[1], axis=1)


def cbow_sign(W_in, contexts, dh):
    return -cbow_dW_in(W_in, contexts, dh)


def cbow_not_divided_fancy(W_in, contexts, dh):
    """Two mistakes: the share is named first."""
    dW_in = np.zeros_like(W_in)
    dW_in[contexts] += dh[:, None, :]
    return dW_in


# (the function's name, a wrong function, what its diagnosis says, what its fix says or None)
WRONG = [
    ("dL_ds", sign, "sign: your dL_ds has the opposite sign", "dL/ds = (y - t) / N is positive"),
    ("dL_ds", without_sigmoid, "missing sigmoid", "the chain rule goes through y"),
    ("dL_ds", without_mean, "missing 1/N", "divide by N = s.shape[0]"),
    (
        "dL_ds",
        mean_over_entries,
        "mean vs sum: your dL_ds divides by the number of entries",
        "divide by N = s.shape[0] only",
    ),
    ("dL_ds", sigmoid_derivative_kept, "an extra y (1 - y)", "the y (1 - y) cancels"),
    ("dL_ds", gradient_of_y, "dL/dy, not dL/ds", "multiply by dy/ds = y (1 - y)"),
    ("dL_ds", labels_swapped, "labels swapped", "its entry is (y - 1) / N"),
    ("dL_ds", mean_loss_number, "wrong shape: dL_ds must have shape (4, 3)", None),
    ("dL_ds", off_by_a_little, "dL_ds is not the gradient", "the chain rule goes through y"),
    ("dot_dh", dh_with_h, "dot_dh uses h", "row i of dh is dout_i W[idx_i]"),
    ("dot_dh", dh_without_dout, "dot_dh ignores dout", "multiplies row i by its dout_i"),
    ("dot_dh", dh_with_a_mean, "an extra 1/N", "dout brings the mean's 1/N with it"),
    ("dot_dh", dh_sign, "sign: your dot_dh has the opposite sign", "has no minus sign"),
    ("dot_dW", dW_assigned, "lost updates for a repeated word", "`np.add.at(dW, idx,"),
    ("dot_dW", dW_fancy_added, "lost updates for a repeated word", "adds every one"),
    (
        "dot_dW",
        dW_per_row,
        "wrong shape: dot_dW holds one row per score (N, H)",
        "into row idx_i of a (V, H) array of zeros",
    ),
    ("dot_dW", dW_with_W, "dot_dW uses W[idx]", "gets dout_i h_i"),
    ("dot_dW", dW_with_W_assigned, "dot_dW uses W[idx]", "gets dout_i h_i"),
    ("dJ_dh", dJ_dh_sign, "sign: your dJ_dh has the opposite sign", "sigmoid(s) - 1 for the"),
    ("dJ_dh", dJ_dh_without_sigmoid, "missing sigmoid", "the scores go through the sigmoid"),
    ("dJ_dh", dJ_dh_without_mean, "missing 1/N: your dJ_dh", "divide by N = len(h)"),
    ("dJ_dh", dJ_dh_of_the_target_only, "dJ_dh misses the negatives", "for each negative j"),
    ("dJ_dh", dJ_dh_sigmoid_of_minus_s, "the negatives' factor", "a negative's factor is"),
    ("dJ_dh", dJ_dh_target_labelled_0, "the positive's label", "sigmoid(s_o) - 1"),
    ("dJ_dh", dJ_dh_positive_sign, "the positive's sign", "descent raises the target's score"),
    ("dJ_du_o", du_o_with_u_o, "dJ_du_o uses the output vector", "ds/du = h_i"),
    ("dJ_du_o", du_o_without_mean, "missing 1/N: your dJ_du_o", "divide by N = len(h)"),
    ("dJ_du_k", du_k_forgetting_the_repeat, "forgotten repeat", "`np.add.at(dW, negatives,"),
    ("dJ_du_k", du_k_assigned, "lost updates for a repeated negative", "adds every one"),
    ("dJ_du_k", du_k_fancy_added, "lost updates for a repeated negative", "adds every one"),
    ("dJ_du_k", du_k_without_mean, "missing 1/N: your dJ_du_k", "divide by N = len(h)"),
    ("dJ_du_k", du_k_with_u_k, "dJ_du_k uses the output vector", "ds/du = h_i"),
    ("dJ_du_k", du_k_sigmoid_of_minus_s_per_draw, "the negatives' factor", "is sigmoid(s)"),
    ("cbow_dW_in", cbow_not_divided, "as if h_i were the sum", "each context word gets dh_i / C"),
    ("cbow_dW_in", cbow_divided_by_N, "divided by N instead of by C", "each gets dh_i / C"),
    ("cbow_dW_in", cbow_fancy, "lost updates for repeated words", "adds every share"),
    ("cbow_dW_in", cbow_per_window, "lost updates within a window", "on the whole (N, C)"),
    ("cbow_dW_in", cbow_per_column, "lost updates within a column", "on the whole (N, C)"),
    ("cbow_dW_in", cbow_first_context_only, "only the first context word", "for every c"),
    (
        "cbow_dW_in",
        cbow_shares,
        "wrong shape: cbow_dW_in returns the shares (N, C, H)",
        "`np.add.at(dW_in, contexts, shares)`",
    ),
    ("cbow_dW_in", cbow_sign, "sign: your cbow_dW_in has the opposite sign", "points along dh_i"),
    ("cbow_dW_in", cbow_not_divided_fancy, "as if h_i were the sum", "dh_i / C"),
]
# the mistakes the issue names, each of which some wrong function must get
ISSUE_MISTAKES = ["sign", "missing sigmoid", "missing 1/N", "forgotten repeat", "dh_i / C"]


@pytest.fixture(autouse=True)
def fresh_session():
    """Nothing seen yet, as in a fresh kernel: a check shows diagnoses only."""
    checks.forget_hints()
    yield
    checks.forget_hints()


def run(**functions) -> tuple[CheckResult, str]:
    """Run the check on ``functions``; the result and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = check_derivations(**functions)
    return result, printed.getvalue()


# --- right answers ----------------------------------------------------------------------------


def test_the_right_answers_pass_every_part_at_once():
    result, printed = run(**RIGHT)
    assert result.passed and result.implemented and result.hints == []
    assert [line.check.en for line in result.lines] == NAMES
    assert printed.startswith(
        "Checking your dL_ds, dot_dh, dot_dW, dJ_dh, dJ_du_o, dJ_du_k, cbow_dW_in against "
        "numerical gradients of the loss:"
    )
    assert printed.rstrip().endswith("All 7 checks passed.")
    assert printed == str(result) + "\n"


@pytest.mark.parametrize(
    "part",
    [["dL_ds"], ["dot_dh", "dot_dW"], ["dJ_dh", "dJ_du_o", "dJ_du_k"], ["cbow_dW_in"]],
    ids=["part 1", "part 2", "part 3", "part 4"],
)
def test_each_part_passes_in_its_own_check_cell(part):
    result, printed = run(**{name: RIGHT[name] for name in part})
    assert result.passed, printed
    assert f"All {len(part)} checks passed." in printed
    assert "agrees with the numerical gradient of" in printed


@pytest.mark.parametrize(
    ("name", "other_way"),
    [("dL_ds", book_dL_ds), ("dJ_du_k", looping_dJ_du_k), ("cbow_dW_in", repeating_cbow_dW_in)],
)
def test_a_right_answer_written_another_way_passes(name, other_way):
    result, printed = run(**{name: other_way})
    assert result.passed, printed


def test_the_order_of_the_parts_not_of_the_arguments():
    result, _ = run(cbow_dW_in=cbow_dW_in, dL_ds=dL_ds)
    assert [line.check.en for line in result.lines] == ["dL_ds", "cbow_dW_in"]


def test_the_cases_hold_what_the_mistakes_need():
    """N > 1 (a missing 1/N shows), repeats (a forgotten one shows), N != C (the CBOW share)."""
    for derivation in DERIVATIONS:
        cases = derivation.cases()
        assert len(cases) == 3, derivation.name
        for case in cases:
            assert case.expected.dtype == np.float64
            assert len(case.inputs[0]) > 1 or derivation.name == "cbow_dW_in"
    for case in next(d for d in DERIVATIONS if d.name == "dJ_du_k").cases():
        h, W, target, negatives = case.inputs
        assert len(np.unique(target)) == len(target)  # distinct targets ...
        assert not np.isin(negatives, target).any()  # ... never drawn as negatives
        assert len(np.unique(negatives)) < negatives.size  # a negative drawn twice
    rows_with_a_repeat = 0
    for case in next(d for d in DERIVATIONS if d.name == "cbow_dW_in").cases():
        _, contexts, dh = case.inputs
        assert contexts.shape[0] != contexts.shape[1]
        rows_with_a_repeat += sum(len(set(row)) < len(row) for row in contexts)
    assert rows_with_a_repeat > 0


def test_the_expected_gradients_are_the_reference_layers_backward():
    """The numerical gradients the check compares with are the reference layers' gradients."""
    derivations = {d.name: d for d in DERIVATIONS}
    for case in derivations["dL_ds"].cases():
        s, t = case.inputs
        layer = SigmoidWithLoss()
        layer.forward(s, t)
        np.testing.assert_allclose(case.expected, layer.backward(), atol=1e-8)
    for case_h, case_W in zip(
        derivations["dot_dh"].cases(), derivations["dot_dW"].cases(), strict=True
    ):
        h, W, idx, dout = case_W.inputs
        layer = EmbeddingDot(W.copy())
        layer.forward(h, idx)
        np.testing.assert_allclose(case_h.expected, layer.backward(dout), atol=1e-8)
        np.testing.assert_allclose(case_W.expected, layer.grads[0], atol=1e-8)
    corpus = np.arange(8).repeat(2)
    for case_h, case_o, case_k in zip(
        *(derivations[n].cases() for n in ("dJ_dh", "dJ_du_o", "dJ_du_k")), strict=True
    ):
        h, W, target, negatives = case_h.inputs
        layer = NegativeSamplingLoss(W.copy(), corpus, sample_size=negatives.shape[1])
        layer.forward(h, target, negatives)
        np.testing.assert_allclose(case_h.expected, layer.backward(), atol=1e-8)
        np.testing.assert_allclose(case_o.expected, layer.grads[0][target], atol=1e-8)
        np.testing.assert_allclose(case_k.expected, layer.grads[0][negatives], atol=1e-8)
    for case in derivations["cbow_dW_in"].cases():
        W_in, contexts, dh = case.inputs
        corpus = np.arange(len(W_in)).repeat(2)
        model = CBOW(len(W_in), W_in.shape[1], corpus, 0.75, 1, np.float64, 0)
        model.params[0][...] = W_in
        model.forward(contexts, np.zeros(len(contexts), dtype=int))
        model.ns_loss.backward = lambda dout=1, dh=dh: dh  # the loss above h sends back dh
        model.backward()
        np.testing.assert_allclose(case.expected, model.grads[0], atol=1e-8)


# --- the classic mistakes ---------------------------------------------------------------------


# the first runs of the check on each classic mistake, by (name, function): made once
FIRST_RUNS: dict[tuple[str, object], CheckResult] = {}


def first_result(name: str, wrong) -> CheckResult:
    """A first run of the check on one wrong function (kept across tests): a fresh session's."""
    if (name, wrong) not in FIRST_RUNS:
        checks.forget_hints()
        FIRST_RUNS[name, wrong] = run(**{name: wrong})[0]
    return FIRST_RUNS[name, wrong]


@pytest.mark.parametrize(
    ("name", "wrong", "diagnosis", "fix"), WRONG, ids=[w.__name__ for _, w, _, _ in WRONG]
)
def test_each_classic_mistake_gets_its_diagnosis_then_its_fix(name, wrong, diagnosis, fix):
    result, printed = run(**{name: wrong})  # a first run: the fixture forgot every hint
    FIRST_RUNS.setdefault((name, wrong), result)  # first_result()'s, made here
    assert not result.passed and [line.status for line in result.lines] == ["FAIL"]
    assert any(diagnosis in h for h in result.hints), result.hints
    assert "hint: " not in printed  # the first run: diagnoses only
    if fix is None:  # the diagnosis says it all
        assert result.fixes == [] and "Run this check again" not in printed
        return
    assert any(fix in f for f in result.fixes), result.fixes
    stuck = "Stuck? Run this check again: it adds a hint on how to fix it."
    assert printed.rstrip().endswith(stuck)
    again, printed_again = run(**{name: wrong})
    assert again.hints == result.hints
    assert fix in " ".join(printed_again.split()).split("hint: ", 1)[1]
    assert "Run this check again" not in printed_again


@pytest.mark.parametrize("mistake", ISSUE_MISTAKES)
def test_every_mistake_of_the_issue_is_named(mistake):
    results = [first_result(name, wrong) for name, wrong, _, _ in WRONG]
    assert any(mistake in text for r in results for text in [*r.hints, *r.fixes])


def test_every_function_has_its_mistakes():
    assert {name for name, _, _, _ in WRONG} == set(NAMES)


def test_a_failure_shows_the_case_the_numbers_and_the_relative_error():
    _, printed = run(dJ_du_k=du_k_forgetting_the_repeat)
    text = " ".join(printed.split())
    assert "case '4 rows, word 5 a negative of two rows': dJ_du_k[0, 0]: got [" in text
    assert "dJ_du_k: relative error " in text and "(a pass is < 1e-05)" in text


def test_the_first_fail_stops_the_check():
    result, printed = run(dL_ds=without_mean, dot_dh=dot_dh, dot_dW=dot_dW)
    assert [line.status for line in result.lines] == ["FAIL", "----", "----"]
    assert "----  dot_dh: not run: fix dL_ds first" in printed


def test_the_fix_is_remembered_per_function_and_mistake():
    first = run(dL_ds=without_mean)[1]
    renamed = run(dL_ds=lambda s, t: sigmoid(s) - t)[1]  # another function: a first run again
    assert renamed == first
    assert "hint: " in run(dL_ds=without_mean)[1]
    checks.forget_hints()
    assert run(dL_ds=without_mean)[1] == first


# --- skeletons, junk, crashes -----------------------------------------------------------------


def skeleton(*args):
    raise NotImplementedError


def nothing(*args):
    return None


def test_an_untouched_skeleton_is_not_implemented_yet():
    result, printed = run(dJ_dh=skeleton, dJ_du_o=skeleton, dJ_du_k=skeleton)
    assert [line.status for line in result.lines] == ["TODO", "----", "----"]
    assert result.hints == ["not implemented yet: write skeleton (it raises NotImplementedError)"]
    assert "----  dJ_du_o: not run yet" in printed
    assert "Not done yet: fill in '# your code here'" in printed


def test_a_function_returning_none_is_not_implemented_yet():
    result, _ = run(dL_ds=nothing)
    assert result.hints == [
        "not implemented yet: write dL_ds: it returns None, it should return the gradient dL/ds, "
        "shape of s"
    ]


def test_a_half_done_part_passes_the_first_function():
    result, _ = run(dot_dh=dot_dh, dot_dW=skeleton)
    assert [line.status for line in result.lines] == ["PASS", "TODO"]


def test_junk_is_a_fail_not_a_crash():
    result, printed = run(dL_ds=lambda s, t: "the gradient")
    assert result.lines[0].status == "FAIL" and "must be an array of numbers" in printed


def test_a_crash_raises_with_the_students_traceback(capsys):
    def crashing(s, t):
        return s @ t

    with pytest.raises(StudentCodeError) as caught:
        check_derivations(dL_ds=crashing)
    assert str(caught.value).startswith(
        "your dL_ds(s, t) in case '4 rows, 1 + k = 3 columns' crashed at `return s @ t` with "
        "`ValueError: matmul"
    )
    assert "CRASH dL_ds" in capsys.readouterr().out


def test_the_check_wants_the_functions_by_name():
    with pytest.raises(TypeError, match="takes the functions of exercise 07 by their names"):
        check_derivations(dl_ds=dL_ds)
    with pytest.raises(TypeError, match="takes the functions of exercise 07 by their names"):
        check_derivations()
    with pytest.raises(TypeError, match=re.escape("must be your function itself")):
        check_derivations(dL_ds=dL_ds(np.zeros(2), np.zeros(2)))


# --- in Chinese -------------------------------------------------------------------------------


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setattr(verdict_module, "WIDTH", 10**6)  # a line break never splits a sentence
    edu_w2v.set_language("zh")
    yield
    edu_w2v.set_language("en")


def everything_printed() -> dict[str, str]:
    """The check on the right answers, skeletons, junk, a crash and every classic mistake, twice
    (the diagnosis, then the fix): what each prints."""
    printed = {"right": run(**RIGHT)[1], "skeletons": run(**dict.fromkeys(NAMES, skeleton))[1]}
    printed["junk"] = run(dL_ds=lambda s, t: "junk")[1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(StudentCodeError):
        check_derivations(dL_ds=lambda s, t: s @ t)
    printed["a crash"] = out.getvalue()
    for name, wrong, _, _ in WRONG:
        for n in (1, 2):
            printed[f"{wrong.__name__}, run {n}"] = run(**{name: wrong})[1]
    return printed


def test_no_english_left_in_a_chinese_verdict(zh):
    printed = everything_printed()
    english = {name: english_sentences(text) for name, text in printed.items()}
    assert {name: found for name, found in english.items() if found} == {}
    typography = {name: typography_errors(text) for name, text in printed.items()}
    assert {name: found for name, found in typography.items() if found} == {}
    for name, text in printed.items():
        assert not [term for term in NOT_THE_TERMS if term in text], name
        assert not LOWERCASE_ID.search(outside_code(text)), name
        assert not re.search(r"\{\w*\}", text), name  # every placeholder filled
    assert "提示：" in printed["without_mean, run 2"]
    assert printed["right"].startswith(
        "对照损失的数值梯度检查你的 dL_ds、dot_dh、dot_dW、dJ_dh、dJ_du_o、dJ_du_k、cbow_dW_in："
    )


def test_no_chinese_in_an_english_verdict(monkeypatch):
    monkeypatch.setattr(verdict_module, "WIDTH", 10**6)
    printed = everything_printed()
    assert {
        name: text for name, text in printed.items() if re.search(r"[\u4e00-\u9fff]", text)
    } == {}
