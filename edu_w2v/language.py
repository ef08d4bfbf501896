"""The language of what the package prints and draws for a reader: English or Chinese.

``set_language("zh")`` switches the checkers' verdicts and hints and the labels of the package's
plots and pictures to Simplified Chinese (for the Chinese edition, notebooks/zh); English is the
default, so the English notebooks' stored outputs never change. Like matplotlib's ``rcParams``
this is one setting for the whole session — a reader's choice, not a computation's input.

Chinese labels need a font with Chinese glyphs: the Noto Sans CJK collection of the PyPI package
``noto-cjk-sans-otc`` (``pip install noto-cjk-sans-otc``, or in the checkout
``pip install -e ".[zh]"``; the test extra installs it too).
``set_language("zh")`` registers it with matplotlib.

What the checkers print is built from ``Message`` objects: both texts side by side where they are
written, the language chosen when the message is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES = ("en", "zh")
_current = {"language": "en"}


def get_language() -> str:
    """The current language: "en" (the default) or "zh"."""
    return _current["language"]


def set_language(language: str) -> None:
    """Print and draw in `language`: "en" (English) or "zh" (Simplified Chinese)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    if language == "zh" and _current["language"] != "zh":
        _current["fonts"] = use_chinese_font()
    elif language == "en" and "fonts" in _current:
        import matplotlib

        matplotlib.rcParams.update(_current.pop("fonts"))  # the fonts before Chinese
    _current["language"] = language


def text(en: str, zh: str) -> str:
    """`en` or `zh`, whichever the current language asks for."""
    return zh if _current["language"] == "zh" else en


@dataclass(frozen=True)
class Message:
    """One message in both languages, side by side; ``str()`` gives the current language's.

    ``format`` fills both texts with the same arguments, a ``Message`` argument giving each text
    its own language: a message with numbers and names stays bilingual until it is printed.

        Message("{n} cases", "{n} 个用例").format(n=3)
    """

    en: str
    zh: str

    def format(self, *args: object, **kwargs: object) -> Message:
        """Both texts formatted with ``args`` and ``kwargs`` (``str.format``)."""

        def filled(language: str) -> str:
            def pick(value: object) -> object:
                return getattr(value, language) if isinstance(value, Message) else value

            template = getattr(self, language)
            return template.format(*map(pick, args), **{k: pick(v) for k, v in kwargs.items()})

        return Message(filled("en"), _tidy(filled("zh")))

    def __str__(self) -> str:
        return text(self.en, self.zh)


# Chinese typography: a space between Chinese and Latin letters or digits, none next to a
# full-width mark -- such a space comes only from filling a template, and is dropped
_MARKS = "，。、：；！？（）“”‘’《》"
_FULL_WIDTH_MARK = re.compile(f" +(?=[{_MARKS}])|(?<=[{_MARKS}]) +")


def _tidy(zh: str) -> str:
    return _FULL_WIDTH_MARK.sub("", zh)


def same(code: str) -> Message:
    """A message that is the same in both languages: code, a name, a number."""
    return Message(code, code)


def chinese_font_path() -> str:
    """The file of the Noto Sans CJK collection (package noto-cjk-sans-otc)."""
    try:
        import noto_cjk_sans_otc
    except ImportError as error:
        raise ImportError(
            "Chinese labels need the Noto Sans CJK font: pip install noto-cjk-sans-otc "
            '(in the edu_w2v folder: pip install -e ".[zh]")'
        ) from error
    return str(noto_cjk_sans_otc.FONT_PATH)


def use_chinese_font() -> dict:
    """Register Noto Sans CJK with matplotlib and put it first for sans-serif text.

    Returns the font settings it replaced.
    """
    import matplotlib
    from matplotlib import font_manager

    before = {key: matplotlib.rcParams[key] for key in ("font.sans-serif", "font.family")}
    path = chinese_font_path()
    font_manager.fontManager.addfont(path)
    names = {f.name for f in font_manager.fontManager.ttflist if f.fname == path}
    name = "Noto Sans CJK SC" if "Noto Sans CJK SC" in names else sorted(names)[0]
    fonts = matplotlib.rcParams["font.sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = [name, *[f for f in fonts if f != name]]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    return before
