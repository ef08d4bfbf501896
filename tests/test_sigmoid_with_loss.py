"""SigmoidWithLoss (corrected): the mean BCE of sigmoid(x), stable, gradient-checked."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v import SigmoidWithLoss
from edu_w2v.gradcheck import check_layer
from edu_w2v.sigmoid_with_loss import sigmoid


def test_sigmoid_values_and_extremes():
    np.testing.assert_allclose(
        sigmoid(np.array([0.0, 2.0, -2.0])), [0.5, 0.8807970779778823, 0.11920292202211755]
    )
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # no overflow
        y = sigmoid(np.array([-1e4, 1e4, -800.0, 800.0]))
    np.testing.assert_array_equal(y, [0.0, 1.0, 0.0, 1.0])


def test_forward_is_mean_binary_cross_entropy():
    x = np.array([0.5, -1.0, 2.0, 0.0])
    t = np.array([1, 0, 0, 1])
    y = 1 / (1 + np.exp(-x))
    expected = -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
    assert SigmoidWithLoss().forward(x, t) == pytest.approx(expected, rel=1e-12)


def test_two_columns_sum_the_column_means():
    x = np.array([[0.5, -1.0], [2.0, 0.3]])
    t = np.array([[1, 0], [1, 0]])
    per_column = [SigmoidWithLoss().forward(x[:, k], t[:, k]) for k in range(2)]
    assert SigmoidWithLoss().forward(x, t) == pytest.approx(sum(per_column), rel=1e-12)


def test_backward_is_y_minus_t_over_n():
    layer = SigmoidWithLoss()
    x, t = np.array([0.5, -1.0, 2.0]), np.array([1, 0, 0])
    layer.forward(x, t)
    np.testing.assert_allclose(layer.backward(2.0), (sigmoid(x) - t) * 2.0 / 3)


def test_extreme_scores_give_finite_loss_without_warnings():
    layer = SigmoidWithLoss()
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        loss = layer.forward(np.array([1e4, -1e4, 1e4]), np.array([0, 1, 1]))
        dx = layer.backward()
    assert loss == pytest.approx(2e4 / 3)
    np.testing.assert_allclose(dx, [1 / 3, -1 / 3, 0.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(dtype):
    layer = SigmoidWithLoss()
    loss = layer.forward(np.array([0.5, -1.0], dtype=dtype), np.array([1, 0]))
    assert loss.dtype == dtype
    assert layer.backward().dtype == dtype
    assert layer.backward(np.float64(1.0)).dtype == dtype


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 6), k=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_gradient_check_float64(n, k, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, k)) * 3
    t = rng.integers(0, 2, size=(n, k))
    report = check_layer(SigmoidWithLoss(), x, t)
    assert report.passed, str(report)


def test_gradient_check_float32():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 3)).astype(np.float32)
    report = check_layer(SigmoidWithLoss(), x, rng.integers(0, 2, size=(5, 3)))
    assert report.passed, str(report)


@pytest.mark.parametrize(
    ("x", "t", "error", "message"),
    [
        (np.array([1, 2]), np.array([1, 0]), TypeError, "x must be a floating-point"),
        (np.array([0.5, np.nan]), np.array([1, 0]), ValueError, "NaN"),
        (np.array([0.5, np.inf]), np.array([1, 0]), ValueError, "infinite"),
        (np.array([0.5, 0.1]), np.array([1, 0, 1]), ValueError, "in the shape of x"),
        (np.array([0.5, 0.1]), np.array([2, 0]), ValueError, "labels in"),
        (np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), ValueError, "x must have 1 or 2 dimension"),
        (np.zeros(0), np.zeros(0), ValueError, "x is empty"),
    ],
)
def test_bad_input_raises_a_clear_error(x, t, error, message):
    with pytest.raises(error, match=message):
        SigmoidWithLoss().forward(x, t)


def test_backward_before_forward():
    with pytest.raises(RuntimeError, match="forward before backward"):
        SigmoidWithLoss().backward()


def test_backward_checks_dout_and_needs_forward_first():
    layer = SigmoidWithLoss()
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward()
    layer.forward(np.zeros(3), np.array([1, 0, 1]))
    with pytest.raises(ValueError, match=r"dout must have shape \(\)"):
        layer.backward(np.ones(3))
