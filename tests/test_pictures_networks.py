import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from edu_w2v.pictures.networks import draw_cbow, draw_skip_gram  # noqa: E402


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_cbow_averages_every_context_word_and_scores_the_centre_word():
    fig = draw_cbow(context=["a", "b", "c", "d"], target="x")
    texts = _texts(fig)
    assert all(word in texts for word in "abcd")
    assert any("mean" in t for t in texts)
    assert any("W_out[x]" in t for t in texts)
    assert "W_in" in texts and "W_out" in texts
    plt.close(fig)


def test_skip_gram_scores_each_context_word_from_the_centre_word():
    fig = draw_skip_gram(centre="x", context=["a", "b"])
    texts = _texts(fig)
    assert "h = W_in[x]" in texts
    assert sum(t.startswith("sigma(W_out[") for t in texts) == 2
    plt.close(fig)
