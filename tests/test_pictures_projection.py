"""The 2-D picture of word vectors: PCA coordinates and the labelled scatter plot."""

import math

import matplotlib
import numpy as np
import pytest
from matplotlib.text import Text
from test_evaluation import family_vectors

from edu_w2v.pictures.projection import pca_2d, plot_projection
from edu_w2v.word_vectors import WordVectors

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the Agg backend)


def test_pca_2d_of_points_on_a_line():
    points = np.array([[0.0, 0, 0], [1, 1, 0], [3, 3, 0]])  # mean (4/3, 4/3, 0)
    coordinates = pca_2d(points)
    # distances along (1, 1, 0) / sqrt(2) from the mean; the largest one made positive
    expected = np.array([-4, -1, 5]) / 3 * math.sqrt(2)
    np.testing.assert_allclose(coordinates[:, 0], expected, atol=1e-12)
    np.testing.assert_allclose(coordinates[:, 1], 0, atol=1e-12)
    # mirrored points give the same picture: the sign of each direction is fixed
    np.testing.assert_allclose(pca_2d(-points), coordinates, atol=1e-12)


def test_pca_2d_keeps_the_two_largest_spreads():
    points = np.array([[3.0, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 0.1]])
    # the axes are the principal directions here: variances 18/5 along x, 2/5 along y
    np.testing.assert_allclose(pca_2d(points).var(axis=0), [3.6, 0.4])
    np.testing.assert_array_equal(pca_2d(np.ones((1, 4))), [[0, 0]])
    assert pca_2d(np.array([[1.0], [2.0]])).shape == (2, 2)


def test_plot_projection_draws_one_labelled_point_per_word():
    words = ["king", "queen", "man", "woman", "apple"]
    ax = plot_projection(family_vectors(np.float32), words)
    try:
        assert isinstance(ax, matplotlib.axes.Axes)
        assert len(ax.collections) == 1
        assert ax.collections[0].get_offsets().shape == (5, 2)
        assert [text.get_text() for text in ax.texts] == words
    finally:
        plt.close(ax.figure)


def test_plot_projection_labels_of_crowded_words_do_not_overlap():
    words = ["king", "emperor", "queen", "prince", "purple", "blue", "red", "far", "away"]
    crowded = np.array([[0.001 * i, 0, 0] for i in range(7)] + [[10, 0, 0], [0, 10, 0]])
    ax = plot_projection(WordVectors(words, crowded), words, normalise=False)
    try:
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        boxes = [Text.get_window_extent(text, renderer) for text in ax.texts]  # text, no arrow
        overlaps = [
            (a.get_text(), b.get_text())
            for i, a in enumerate(ax.texts)
            for j, b in enumerate(ax.texts)
            if j < i and boxes[i].overlaps(boxes[j])
        ]
        assert overlaps == []
    finally:
        plt.close(ax.figure)


def test_plot_projection_draws_into_a_given_axes():
    figure, ax = plt.subplots(figsize=(3, 2))
    try:
        assert plot_projection(family_vectors(), ["king", "queen"], ax=ax, normalise=False) is ax
        assert ax.collections[0].get_offsets().shape == (2, 2)
    finally:
        plt.close(figure)


def test_plot_projection_rejects_unknown_words_and_bad_input():
    wv = family_vectors()
    figures = plt.get_fignums()
    with pytest.raises(KeyError, match="vocabulary of 7 words: 'prince', 'unicorn'"):
        plot_projection(wv, ["king", "prince", "unicorn"])
    with pytest.raises(TypeError, match=r"\['king'\]"):
        plot_projection(wv, "king")
    with pytest.raises(ValueError, match="at least one word"):
        plot_projection(wv, [])
    assert plt.get_fignums() == figures  # no figure made for bad input
