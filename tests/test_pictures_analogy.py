import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from edu_w2v.pictures.analogy import draw_analogy  # noqa: E402
from edu_w2v.word_vectors import WordVectors  # noqa: E402

WORDS = ["man", "woman", "king", "queen", "apple"]
VECTORS = np.array([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1], [0, 0, -1]], dtype=float)


def test_the_parallelogram_marks_the_query_the_expected_word_and_the_nearest():
    vectors = WordVectors(WORDS, VECTORS)
    fig = draw_analogy(vectors, "man", "king", "woman", "queen")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"man", "king", "woman", "queen", "king - man + woman"} <= set(texts)
    assert ax.get_title() == "man : king :: woman : ?   expected queen, nearest queen"
    arrows = [t for t in ax.texts if t.get_text() == "" and t.arrow_patch is not None]
    assert len(arrows) == 2  # a -> b and c -> query: the same vector
    plt.close(fig)


def test_a_miss_names_the_nearest_word_too():
    vectors = WordVectors(WORDS, VECTORS)
    fig = draw_analogy(vectors, "man", "king", "woman", "apple")
    assert fig.axes[0].get_title().endswith("expected apple, nearest queen")
    assert "queen" in [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
