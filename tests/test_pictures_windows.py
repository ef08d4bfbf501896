import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from edu_w2v.pictures.windows import draw_sliding_window  # noqa: E402


def test_one_row_per_position_with_the_centre_and_its_context_coloured():
    words = "you say goodbye and i say hello".split()
    fig = draw_sliding_window(words, window=1, positions=[1, 2])
    texts = fig.axes[0].texts
    assert [t.get_text() for t in texts if t.get_text().startswith("target")] == [
        "target: say",
        "target: goodbye",
    ]
    first_row = [t for t in texts if t.get_position()[1] == 0 and not t.get_text().startswith("t")]
    colours = [t.get_bbox_patch().get_facecolor() for t in first_row]
    assert len(set(colours)) == 3  # centre, context, outside
    assert colours[0] == colours[2]  # 'you' and 'goodbye' are the context of 'say'
    plt.close(fig)


def test_positions_without_a_full_window_are_refused():
    with pytest.raises(ValueError, match="positions"):
        draw_sliding_window("a b c d e".split(), window=2, positions=[1])
    with pytest.raises(ValueError, match="2 \\* window"):
        draw_sliding_window("a b".split(), window=1)
