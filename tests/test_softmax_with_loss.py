import numpy as np
import pytest

from edu_w2v.gradcheck import numerical_gradient
from edu_w2v.softmax_with_loss import SoftmaxWithLoss, softmax


def test_softmax_rows_sum_to_one_and_survive_huge_scores():
    y = softmax(np.array([[1000.0, 0.0, -1000.0], [1.0, 1.0, 1.0]]))
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    np.testing.assert_allclose(y[1], 1 / 3)
    assert y[0, 0] == pytest.approx(1.0)


def test_forward_is_the_mean_cross_entropy_of_the_true_words():
    x = np.array([[0.0, 0.0], [np.log(3.0), 0.0]])
    loss = SoftmaxWithLoss().forward(x, np.array([0, 1]))
    assert loss == pytest.approx((np.log(2) + np.log(4)) / 2)


def test_backward_matches_the_numerical_gradient():
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(4, 7)), np.array([0, 3, 3, 6])
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward(2.0)
    numeric = numerical_gradient(lambda: 2.0 * layer.forward(x, t), x)
    np.testing.assert_allclose(dx, numeric, atol=1e-8)


def test_bad_input_is_refused_with_the_argument_named():
    layer = SoftmaxWithLoss()
    with pytest.raises(ValueError, match="t holds id 5"):
        layer.forward(np.zeros((2, 5)), np.array([0, 5]))
    with pytest.raises(ValueError, match="rows"):
        layer.forward(np.zeros((2, 5)), np.array([0, 1, 2]))
    with pytest.raises(RuntimeError, match="forward"):
        SoftmaxWithLoss().backward()
