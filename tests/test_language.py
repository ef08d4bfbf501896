"""set_language: English by default, Chinese verdicts and labels on demand, a font for them."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib import ft2font  # noqa: E402

import edu_w2v  # noqa: E402
from edu_w2v import language  # noqa: E402
from edu_w2v.checks import check_embedding, forget_hints, mistakes  # noqa: E402
from edu_w2v.checks.verdict import Hint  # noqa: E402
from edu_w2v.language import Message  # noqa: E402
from edu_w2v.pictures.networks import draw_cbow  # noqa: E402

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def zh():
    edu_w2v.set_language("zh")
    yield
    edu_w2v.set_language("en")


class EmbeddingLosingUpdates(edu_w2v.Embedding):
    def backward(self, dout):
        dW = self.grads[0]
        dW[...] = 0
        dW[self.idx] += dout


def verdict_of(cls) -> str:
    forget_hints()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        check_embedding(cls)
    return printed.getvalue()


def test_english_is_the_default_and_a_bad_language_is_refused():
    assert edu_w2v.get_language() == "en"
    with pytest.raises(ValueError, match="language must be one of"):
        edu_w2v.set_language("fr")
    assert edu_w2v.get_language() == "en"


def test_checker_verdicts_follow_the_language(zh):
    printed = verdict_of(EmbeddingLosingUpdates)
    assert "检查你的 EmbeddingLosingUpdates：" in printed
    assert mistakes.LOST.diagnosis.zh.split("：")[0] in printed
    assert "项检查中有" in printed
    edu_w2v.set_language("en")
    assert "lost updates for repeated indices" in verdict_of(EmbeddingLosingUpdates)


def test_every_known_hint_has_a_chinese_text():
    hints = [v for v in vars(mistakes).values() if isinstance(v, Hint)]
    assert len(hints) >= 40
    texts = [m for hint in hints for m in (hint.diagnosis, hint.fix) if m is not None]
    assert all(CJK.search(m.zh) and not CJK.search(m.en) for m in texts if m.en != m.zh)


def test_a_message_keeps_both_languages_through_its_arguments(zh):
    grads = Message("{grad} replaced", "{grad} 被替换").format(grad="grads[1]")
    case = Message("case '{0}'", "用例“{0}”").format(Message("repeated rows", "重复的行"))
    assert (str(grads), str(case)) == ("grads[1] 被替换", "用例“重复的行”")
    edu_w2v.set_language("en")
    assert (str(grads), str(case)) == ("grads[1] replaced", "case 'repeated rows'")
    assert Message("{0} 崩溃了", "你的 {0} 崩溃了").format(Message("x", "x（用例“a”）")).zh == (
        "你的 x（用例“a”）崩溃了"  # no space next to a full-width mark
    )


def test_picture_labels_follow_the_language(zh):
    fig = draw_cbow(context=["a", "b"], target="x")
    assert fig.axes[0].get_title() == "CBOW：由上下文预测中心词 'x'"
    plt.close(fig)
    edu_w2v.set_language("en")
    fig = draw_cbow(context=["a", "b"], target="x")
    assert fig.axes[0].get_title() == "CBOW: predict the centre word 'x' from its context"
    plt.close(fig)


def _chinese_characters_in_the_package() -> set[str]:
    """Every Chinese character the package's code can print or draw (its sources hold them all)."""
    sources = Path(edu_w2v.__file__).parent.rglob("*.py")
    return {c for path in sources for c in CJK.findall(path.read_text(encoding="utf-8"))}


def test_the_chinese_font_covers_every_character_the_package_draws():
    font = ft2font.FT2Font(language.chinese_font_path())
    charmap = font.get_charmap()
    missing = sorted(c for c in _chinese_characters_in_the_package() if ord(c) not in charmap)
    assert missing == []


def test_a_chinese_figure_draws_without_missing_glyphs(zh):
    fig = draw_cbow(context=["a", "b"], target="x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        fig.canvas.draw()
    plt.close(fig)
