import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from edu_w2v.pictures.embedding_backward import draw_embedding_backward  # noqa: E402


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_a_repeated_row_receives_the_sum_of_its_dout_rows():
    fig = draw_embedding_backward(idx=(1, 1, 3), vocab_size=5)
    texts = _texts(fig)
    assert "dW[1] = dout[0] + dout[1]" in texts
    assert "dW[3] = dout[2]" in texts
    assert "dW[0] = 0" in texts
    assert sum(t.startswith("dout[") for t in texts) == 3
    plt.close(fig)


def test_the_flawed_picture_keeps_one_update_and_dashes_the_lost_arrow():
    fig = draw_embedding_backward(idx=(1, 1), vocab_size=3, flawed=True)
    assert "dW[1] = dout[1]" in _texts(fig)
    arrows = [a.arrow_patch for a in fig.axes[0].texts if getattr(a, "arrow_patch", None)]
    assert [a.get_linestyle() for a in arrows].count("--") == 1
    plt.close(fig)


def test_ids_outside_the_vocabulary_are_refused():
    with pytest.raises(ValueError, match="idx"):
        draw_embedding_backward(idx=(0, 5), vocab_size=5)
