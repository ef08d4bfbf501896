"""NegativeSamplingLoss (corrected): the whole loss, gradient-checked; one grads entry for W."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v import NegativeSamplingLoss, source_run
from edu_w2v.gradcheck import check_layer
from edu_w2v.sigmoid_with_loss import sigmoid


def _setup(V=12, H=3, N=4, k=3, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((V, H)).astype(dtype)
    corpus = rng.integers(0, V, size=100)
    corpus[:V] = np.arange(V)  # every word occurs
    h = rng.standard_normal((N, H)).astype(dtype)
    target = rng.integers(0, V, size=N)
    layer = NegativeSamplingLoss(W, corpus, sample_size=k, rng=seed)
    return layer, W, h, target


def test_loss_is_positive_mean_plus_each_negative_column_mean():
    layer, W, h, target = _setup()
    negatives = layer.sampler.get_negative_sample(target)
    loss = layer.forward(h, target, negatives)
    positive = -np.mean(np.log(sigmoid(np.sum(W[target] * h, axis=1))))
    negative = sum(
        -np.mean(np.log(1 - sigmoid(np.sum(W[negatives[:, j]] * h, axis=1))))
        for j in range(negatives.shape[1])
    )
    assert loss == pytest.approx(positive + negative, rel=1e-12)


def test_one_grads_entry_holds_the_whole_gradient_of_w():
    layer, W, h, target = _setup()
    assert len(layer.params) == 1 and layer.params[0] is W
    assert len(layer.grads) == 1 and layer.grads[0].shape == W.shape


@settings(max_examples=25, deadline=None)
@given(
    V=st.integers(4, 10),
    H=st.integers(1, 4),
    N=st.integers(1, 5),
    k=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_gradient_check_float64(V, H, N, k, seed):
    layer, W, h, target = _setup(V, H, N, k, seed)
    report = check_layer(layer, h, target, input_name="h")
    assert report.passed, str(report)
    assert max(row.error for row in report.rows) < 1e-7


def test_gradient_check_float32_and_dtype():
    layer, W, h, target = _setup(dtype=np.float32)
    loss = layer.forward(h, target)
    assert loss.dtype == np.float32
    assert layer.backward().dtype == np.float32
    grad = layer.grads[0]
    assert grad.dtype == np.float32
    assert check_layer(layer, h, target, input_name="h").passed


def test_the_source_run_experiment_with_corrected_layers():
    W, corpus, h, target = source_run.source_inputs()
    negatives = np.array([[1, 2], [1, 0]])  # the source run's draw
    layer = NegativeSamplingLoss(W, corpus, sample_size=2)
    loss = layer.forward(h, target, negatives)
    scores = [np.sum(W[ids] * h, axis=1) for ids in (target, negatives[:, 0], negatives[:, 1])]
    by_hand = np.mean(np.log1p(np.exp(-scores[0])))  # -log sigmoid(s) for the positives
    by_hand += sum(np.mean(np.log1p(np.exp(s))) for s in scores[1:])  # -log(1 - sigmoid(s))
    assert loss == pytest.approx(by_hand, rel=1e-12)
    assert loss == pytest.approx(2.46435716, abs=1e-8)  # not 22.12: the scores pass a sigmoid
    report = check_layer(layer, h, target, negatives, input_name="h")
    assert report.passed, str(report)


def test_drawn_negatives_exclude_the_target_and_are_reproducible():
    a, _, h, target = _setup(seed=5)
    b, _, _, _ = _setup(seed=5)
    assert a.forward(h, target) == b.forward(h, target)


@pytest.mark.parametrize(
    ("h", "target", "negatives", "error", "message"),
    [
        (np.zeros((3, 3)), np.array([0, 1]), None, ValueError, "2 rows but h has 3"),
        (np.zeros((2, 3)), np.array([0, 12]), None, ValueError, "outside the vocabulary"),
        (np.zeros((2, 3)), np.array([0.0, 1.0]), None, TypeError, "integer array"),
        (np.zeros((2, 2)), np.array([0, 1]), None, ValueError, "h must have 3 columns"),
        (np.full((2, 3), np.inf), np.array([0, 1]), None, ValueError, "infinite"),
        (np.zeros((2, 3)), [0, 1], np.zeros((2, 2), int), ValueError, "negatives must have 3"),
        (1.0, np.array([0, 1]), None, ValueError, "h must have 2 dimension"),
        (np.zeros((0, 3)), np.zeros(0, int), None, ValueError, "h is empty"),
    ],
)
def test_bad_input(h, target, negatives, error, message):
    layer, _, _, _ = _setup()
    with pytest.raises(error, match=message):
        layer.forward(h, target, negatives)


def test_bad_constructor_arguments():
    W = np.zeros((5, 2))
    with pytest.raises(ValueError, match="sample_size must be in"):
        NegativeSamplingLoss(W, [0, 1, 2], sample_size=3)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        NegativeSamplingLoss(W, [0, 1, 7])
    with pytest.raises(ValueError, match="corpus is empty"):
        NegativeSamplingLoss(W, [])


def test_backward_checks_dout_and_needs_forward_first():
    layer, _, h, target = _setup()
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward()
    layer.forward(h, target)
    with pytest.raises(ValueError, match="dout must have shape"):
        layer.backward(np.ones(4))
