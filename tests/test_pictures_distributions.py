import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from edu_w2v.pictures.distributions import plot_unigram_power, unigram_distribution  # noqa: E402


def test_the_power_flattens_the_distribution():
    counts = np.array([1000, 100, 10, 1])
    raw, flat = unigram_distribution(counts, 1.0), unigram_distribution(counts, 0.75)
    assert raw.sum() == pytest.approx(1) and flat.sum() == pytest.approx(1)
    assert flat[0] < raw[0] and flat[-1] > raw[-1]
    assert flat[0] / flat[1] == pytest.approx(10**0.75)


def test_the_plot_has_both_curves_and_the_labelled_words():
    fig = plot_unigram_power([50, 20, 5, 1], ["a", "b", "c", "d"], label_words=["c"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "raw counts (power 1)",
        "counts ** 0.75",
    ]
    assert [t.get_text() for t in ax.texts] == ["c"]
    plt.close(fig)


def test_counts_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        plot_unigram_power([3, 0])
