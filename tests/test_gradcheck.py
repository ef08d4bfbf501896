"""The gradient checker: right on known gradients, and it catches every flaw of the source run."""

from __future__ import annotations

import re

import numpy as np
import pytest

from edu_w2v import EmbeddingDot, SigmoidWithLoss, gradcheck, set_language, source_run
from edu_w2v.gradcheck import check_layer, numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic():
    x = np.array([1.0, -2.0, 3.0])
    grad = numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])  # restored


def test_relative_error():
    assert relative_error(np.ones(3), np.ones(3)) == 0.0
    assert relative_error(np.ones(3), -np.ones(3)) == pytest.approx(1.0)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([1.0 + 1e-6])) == pytest.approx(5e-7, rel=1e-3)


class Linear:
    """y = x W, a layer whose gradient is known; ``bug`` scales dW to make it wrong."""

    def __init__(self, W, bug=1.0):
        self.params, self.grads, self.bug = [W], [np.zeros_like(W)], bug

    def forward(self, x):
        self.x = x
        return x @ self.params[0]

    def backward(self, dout):
        self.grads[0][...] = self.bug * self.x.T @ dout
        return dout @ self.params[0].T


def test_check_layer_passes_a_correct_layer_and_fails_a_wrong_one():
    rng = np.random.default_rng(0)
    x, W = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    good = check_layer(Linear(W.copy()), x)
    assert good.passed and [r.name for r in good.rows] == ["dx", "grads[0]"]
    assert good["grads[0]"].error < 1e-9
    bad = check_layer(Linear(W.copy(), bug=1.5), x)
    assert not bad.passed and bad["dx"].passed and not bad["grads[0]"].passed
    assert "NO" in str(bad) and "grads[0]" in str(bad)


def test_check_layer_catches_gradients_that_accumulate_across_calls():
    class Stale(Linear):
        def backward(self, dout):
            self.grads[0] += self.x.T @ dout
            return dout @ self.params[0].T

    rng = np.random.default_rng(1)
    report = check_layer(Stale(rng.standard_normal((4, 2))), rng.standard_normal((3, 4)))
    assert not report["grads[0]"].passed
    assert report["grads[0]"].error == pytest.approx(1 / 3, rel=1e-6)  # 2a vs a


# --- the source run's flaws, one by one ------------------------------------------------------


def test_source_run_sigmoid_with_loss_fails():
    layer = source_run.SigmoidWithLoss()
    report = check_layer(layer, np.array([0.3, 0.6, 0.2]), np.array([1, 0, 1]))
    assert not report["dx"].passed


def test_source_run_embedding_fails_on_repeated_rows_and_stale_gradients():
    W = np.random.default_rng(2).standard_normal((5, 3))
    assert not check_layer(source_run.Embedding(W), np.array([1, 1, 3])).passed
    # even without repeats the gradient goes stale on the second backward
    assert not check_layer(source_run.Embedding(W), np.array([0, 2])).passed


def test_one_backward_call_tells_the_lost_update_from_the_stale_gradient():
    W = np.random.default_rng(2).standard_normal((5, 3))
    once = {"backward_calls": 1}
    assert not check_layer(source_run.Embedding(W.copy()), np.array([1, 1, 3]), **once).passed
    assert check_layer(source_run.Embedding(W.copy()), np.array([0, 2]), **once).passed


def test_source_run_negative_sampling_loss_fails_and_its_printed_grad_is_partial():
    W, corpus, h, target = source_run.source_inputs()
    layer = source_run.NegativeSamplingLoss(W, corpus, sample_size=2)
    report = check_layer(layer, h, target, input_name="h")
    assert not report.passed
    assert [row.name for row in report.rows if not row.share] == ["dh", "sum grads[0..2]"]
    assert not any(row.passed for row in report.rows if not row.share)


def book_form_negative_sampling_loss():
    """The book's ch04 NegativeSamplingLoss (the source run's, which lists W once per branch) with
    correct parts, as the book's common/layers.py has them."""
    W, corpus, h, target = source_run.source_inputs()
    layer = source_run.NegativeSamplingLoss(W, corpus, sample_size=2)
    layer.loss_layers = [SigmoidWithLoss() for _ in range(3)]
    layer.embed_dot_layers = [EmbeddingDot(W) for _ in range(3)]
    layer.params = [branch.params[0] for branch in layer.embed_dot_layers]
    layer.grads = [branch.grads[0] for branch in layer.embed_dot_layers]
    return layer, h, target


def test_a_parameter_listed_several_times_is_checked_as_the_sum_of_its_shares():
    layer, h, target = book_form_negative_sampling_loss()
    report = check_layer(layer, h, target, input_name="h")
    assert report.passed
    assert [(row.name, row.share) for row in report.rows] == [
        ("dh", False),
        ("grads[0]", True),
        ("grads[1]", True),
        ("grads[2]", True),
        ("sum grads[0..2]", False),
    ]
    text = str(report)
    assert "(see the sum)" in text and "NO" not in text
    assert "grads[0..2] are shares of its gradient" in text
    # each share alone is not the gradient of W (the same negatives in every forward)
    rewind = gradcheck.rewinder(layer)

    def loss():
        rewind()
        return layer.forward(h, target)

    loss()
    layer.backward()
    numeric = numerical_gradient(loss, layer.params[0])
    assert all(relative_error(g, numeric) > 1e-2 for g in layer.grads)
    assert relative_error(sum(layer.grads), numeric) < 1e-7


def test_shared_parameters_groups_one_array_listed_several_times():
    a, b = np.zeros(2), np.zeros(2)
    assert gradcheck.shared_parameters([a, b]) == [[0], [1]]
    assert gradcheck.shared_parameters([a, b, a, a]) == [[0, 2, 3], [1]]


def test_rewinder_keeps_the_global_rng_where_it_was_for_source_run_layers():
    W, corpus, h, target = source_run.source_inputs()
    layer = source_run.NegativeSamplingLoss(W, corpus, sample_size=2)
    rewind = gradcheck.rewinder(layer)
    first = layer.sampler.get_negative_sample(target)
    rewind()
    np.testing.assert_array_equal(layer.sampler.get_negative_sample(target), first)


def test_the_table_speaks_the_readers_language_and_stays_aligned():
    W, corpus, h, target = source_run.source_inputs()
    layer = source_run.NegativeSamplingLoss(W, corpus, sample_size=2)
    set_language("zh")
    try:
        table = str(check_layer(layer, h, target, input_name="h"))
    finally:
        set_language("en")
    lines = table.splitlines()
    assert lines[0].split() == ["数组", "形状", "相对误差", "通过"]
    assert lines[1].split()[-1] == "否" and "份额" in lines[2] and "grads[0..2] 之和" in lines[5]
    assert lines[-1].startswith("params[0..2] 是同一个数组，列出了 3 次")
    # the shape column starts at the same screen column on every row (a Chinese character: 2)
    columns = {gradcheck._width(line[: line.index("(")]) for line in lines[1:-1]}
    assert columns == {gradcheck._width(lines[0][: lines[0].index("形状")])}
    assert not re.search(r"[A-Za-z]{3,}", table.replace("grads", "").replace("params", ""))
