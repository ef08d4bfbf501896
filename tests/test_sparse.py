"""RowGrad and row accumulation: repeated ids must add up, exactly like np.add.at on a dense dW."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_w2v.sparse import RowGrad, accumulate_rows, sum_rows_by_id


def dense_reference(idx: np.ndarray, dout: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """dW[v] = sum of dout[p] over idx[p] == v, the slow obvious way."""
    dW = np.zeros(shape, dtype=dout.dtype)
    np.add.at(dW, idx.reshape(-1), dout.reshape(-1, shape[1]))
    return dW


TOLERANCE = {np.float32: 1e-5, np.float64: 1e-12}


@settings(max_examples=60, deadline=None, database=None)
@given(
    V=st.integers(1, 12),
    H=st.integers(1, 6),
    idx_shape=st.lists(st.integers(0, 7), min_size=1, max_size=3).map(tuple),
    dtype=st.sampled_from([np.float32, np.float64]),
    seed=st.integers(0, 2**32 - 1),
)
def test_from_lookups_equals_dense_add_at(V, H, idx_shape, dtype, seed):
    # Small V against up to 343 lookups: most ids repeat, many times.
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, V, size=idx_shape)
    dout = rng.standard_normal(idx_shape + (H,)).astype(dtype)

    grad = RowGrad.from_lookups(idx, dout, (V, H))

    np.testing.assert_array_equal(grad.rows, np.unique(idx))
    assert grad.values.dtype == dtype and grad.shape == (V, H)
    expected = dense_reference(idx, dout, (V, H))
    np.testing.assert_allclose(grad.to_dense(), expected, rtol=TOLERANCE[dtype], atol=1e-6)
    np.testing.assert_allclose(grad.values, expected[grad.rows], rtol=TOLERANCE[dtype], atol=1e-6)


def test_repeated_ids_all_count():
    idx = np.array([[2, 2], [2, 0]])
    dout = np.arange(8, dtype=np.float64).reshape(2, 2, 2)  # rows [0,1] [2,3] [4,5] [6,7]
    grad = RowGrad.from_lookups(idx, dout, (4, 2))
    np.testing.assert_array_equal(grad.rows, [0, 2])
    np.testing.assert_array_equal(grad.values, [[6, 7], [0 + 2 + 4, 1 + 3 + 5]])
    # What a naive ``dW[idx] += dout`` gives instead: only the last update of row 2 survives.
    naive = np.zeros((4, 2))
    naive[idx.reshape(-1)] += dout.reshape(-1, 2)
    assert not np.array_equal(naive, grad.to_dense())


def test_realistic_batch_float32():
    rng = np.random.default_rng(0)
    V, H = 10_000, 100
    idx = rng.zipf(1.3, size=(100, 10)) % V  # word-like: a few ids very often
    dout = rng.standard_normal((100, 10, H)).astype(np.float32)
    grad = RowGrad.from_lookups(idx, dout, (V, H))
    assert grad.values.dtype == np.float32
    np.testing.assert_allclose(grad.to_dense(), dense_reference(idx, dout, (V, H)), atol=1e-4)


def test_to_dense_places_rows():
    grad = RowGrad(np.array([1, 3]), np.array([[1.0, 2.0], [3.0, 4.0]]), (5, 2))
    np.testing.assert_array_equal(grad.to_dense(), [[0, 0], [1, 2], [0, 0], [3, 4], [0, 0]])


def test_zeros_and_empty_lookups():
    zero = RowGrad.zeros((6, 3), np.float32)
    assert zero.rows.size == 0 and zero.values.shape == (0, 3) and zero.dtype == np.float32
    np.testing.assert_array_equal(zero.to_dense(), np.zeros((6, 3), np.float32))
    empty = RowGrad.from_lookups(np.zeros((0, 4), int), np.zeros((0, 4, 3)), (6, 3))
    assert empty.rows.size == 0 and empty.values.shape == (0, 3)


def test_from_lookups_dtype_argument():
    idx = np.array([0, 1, 1])
    dout = np.ones((3, 2), dtype=np.float64)
    assert RowGrad.from_lookups(idx, dout, (3, 2)).dtype == np.float64
    as32 = RowGrad.from_lookups(idx, dout, (3, 2), dtype=np.float32)
    assert as32.dtype == np.float32
    np.testing.assert_array_equal(as32.values, [[1, 1], [2, 2]])


def test_accumulate_rows_adds_to_existing_dW():
    dW = np.ones((4, 2), dtype=np.float32)
    accumulate_rows(dW, np.array([[3, 1], [3, 3]]), np.full((2, 2, 2), 0.5, np.float32))
    np.testing.assert_array_equal(dW, [[1, 1], [1.5, 1.5], [1, 1], [2.5, 2.5]])
    assert dW.dtype == np.float32


def test_accumulate_rows_matches_reference_on_non_contiguous_dW():
    rng = np.random.default_rng(1)
    idx = rng.integers(0, 7, size=(20, 3))
    dout = rng.standard_normal((20, 3, 5))
    dW = np.asfortranarray(np.zeros((7, 5)))
    accumulate_rows(dW, idx, dout)
    np.testing.assert_allclose(dW, dense_reference(idx, dout, (7, 5)), rtol=1e-12)


def test_sum_rows_by_id_sorted_unique():
    rows, values = sum_rows_by_id(np.array([5, 1, 5, 3]), np.eye(4))
    np.testing.assert_array_equal(rows, [1, 3, 5])
    np.testing.assert_array_equal(values, [[0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 1, 0]])


@pytest.mark.parametrize(
    "idx, dout, error, message",
    [
        (np.array([0.0, 1.0]), np.ones((2, 3)), TypeError, "idx must be an integer"),
        (np.array([True, False]), np.ones((2, 3)), TypeError, "idx must be an integer"),
        (np.array([0, 1]), np.ones((3, 3)), ValueError, "dout must have shape"),
        (np.array([0, 1]), np.ones(2), ValueError, "dout must"),
        (np.array([0, 1]), np.ones((2, 4)), ValueError, "dout must end in H = 3"),
        (np.array([0, 4]), np.ones((2, 3)), ValueError, r"row id 4 is outside \[0, 4\)"),
        (np.array([-1, 2]), np.ones((2, 3)), ValueError, r"row id -1 is outside"),
    ],
)
def test_from_lookups_rejects_bad_input(idx, dout, error, message):
    with pytest.raises(error, match=message):
        RowGrad.from_lookups(idx, dout, (4, 3))


def test_accumulate_rows_rejects_bad_input():
    with pytest.raises(ValueError, match="row id 9"):
        accumulate_rows(np.zeros((4, 2)), np.array([9]), np.ones((1, 2)))
    with pytest.raises(ValueError, match="3 columns but dW has 2"):
        accumulate_rows(np.zeros((4, 2)), np.array([1]), np.ones((1, 3)))
    with pytest.raises(TypeError, match="dW must be a 2-D numpy array"):
        accumulate_rows(np.zeros(4), np.array([1]), np.ones((1, 1)))


@pytest.mark.parametrize(
    "rows, values, shape, message",
    [
        (np.array([2, 1]), np.ones((2, 3)), (4, 3), "unique and sorted"),
        (np.array([1, 1]), np.ones((2, 3)), (4, 3), "unique and sorted"),
        (np.array([1, 2]), np.ones((2, 2)), (4, 3), r"values must have shape \(R, H\)"),
        (np.array([1, 5]), np.ones((2, 3)), (4, 3), "row id 5 is outside"),
        (np.array([1]), np.ones((1, 3)), (4, 3, 1), "shape must be"),
    ],
)
def test_rowgrad_checks_its_fields(rows, values, shape, message):
    with pytest.raises(ValueError, match=message):
        RowGrad(rows, values, shape)


def test_rowgrad_rows_must_be_int():
    with pytest.raises(TypeError, match="rows must be a 1-D int array"):
        RowGrad(np.array([0.0, 1.0]), np.ones((2, 3)), (4, 3))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_add_to_adds_every_lookup_and_matches_the_summed_gradient(dtype):
    rng = np.random.default_rng(7)
    idx = np.array([[3, 1, 3], [0, 3, 1]])  # row 3 three times, row 1 twice
    dout = rng.standard_normal((2, 3, 4)).astype(dtype)
    start = rng.standard_normal((5, 4)).astype(dtype)

    lazy = start.copy()
    RowGrad.from_lookups(idx, dout, (5, 4)).add_to(lazy, -0.5)
    reference = start.copy()
    np.add.at(reference, idx.reshape(-1), -0.5 * dout.reshape(-1, 4).astype(dtype))
    np.testing.assert_array_equal(lazy, reference)  # exactly np.add.at of the lookups

    summed = start.copy()
    grad = RowGrad.from_lookups(idx, dout, (5, 4))
    assert grad.rows.tolist() == [0, 1, 3]  # reading rows sums the lookups first
    grad.add_to(summed, -0.5)
    np.testing.assert_allclose(summed, lazy, rtol=1e-6)
    np.testing.assert_array_equal(summed[[2, 4]], start[[2, 4]])  # untouched rows
    assert lazy.dtype == dtype
