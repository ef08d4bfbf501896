"""Chinese as words or as characters: tokenize_jieba, in train_word_vectors and the CLI, and the
clear error where jieba is missing."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys

import pytest
from helpers import ROOT
from test_main import train_args  # a quick `train` on a tiny corpus

from edu_w2v.__main__ import main
from edu_w2v.preprocessing import build_corpus, tokenize, tokenize_jieba
from edu_w2v.training import train_word_vectors

SENTENCE = "我们在北京大学学习自然语言处理"
ZH = "我们在北京大学学习自然语言处理。他们在清华大学研究机器学习。\n" * 30
NEEDS_JIEBA = r"word segmentation needs jieba: pip install jieba \(in the edu_w2v folder: pip"


# --- the tokenizer ----------------------------------------------------------------------------


def test_chinese_is_cut_into_words():
    assert tokenize_jieba(SENTENCE) == ["我们", "在", "北京大学", "学习", "自然语言", "处理"]


def test_punctuation_digits_and_spaces_are_dropped_and_latin_lowercased():
    text = "Zürich和“北京”，Don't 2020年！ OK"
    assert tokenize_jieba(text) == ["zürich", "和", "北京", "don't", "年", "ok"]


@pytest.mark.parametrize(
    "text",
    ["Don't STOP, it's 3 o'clock: e-mail café", "Ich möchte nach Zürich", "L’École d’été"],
)
def test_text_without_chinese_is_cut_as_tokenize_cuts_it(text):
    assert tokenize_jieba(text) == tokenize(text)


def test_without_the_hmm_words_come_from_the_dictionary():
    # jieba's HMM would guess the name 小明 and 杭研 (Hangzhou research) as words
    assert tokenize_jieba("小明硕士毕业") == "小 明 硕士 毕业".split()
    assert tokenize_jieba("他来到了网易杭研大厦") == "他 来到 了 网易 杭 研 大厦".split()


def test_characters_and_words_cover_the_same_text_with_different_vocabularies():
    characters, words = tokenize(ZH), tokenize_jieba(ZH)
    assert "".join(characters) == "".join(words)
    assert all(len(word) == 1 for word in characters)
    assert {"北京大学", "清华大学", "机器"} <= set(words)
    assert len(set(words)) < len(set(characters)) and len(words) < len(characters)


def test_a_text_without_words_says_why():
    with pytest.raises(ValueError, match="tokenize_jieba keeps words of letters"):
        build_corpus("2020 ！！ ...", tokenizer=tokenize_jieba)


def test_tokenize_jieba_rejects_non_str():
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize_jieba(SENTENCE.encode())


# What setuptools 67-80 do when jieba imports pkg_resources: warn (80: a UserWarning, shown)
WARNING_PKG_RESOURCES = """
import importlib.util, os, warnings
warnings.warn("pkg_resources is deprecated as an API", UserWarning, stacklevel=2)

def resource_stream(module, name):
    return open(os.path.join(os.path.dirname(importlib.util.find_spec(module).origin), name), "rb")
"""


@pytest.mark.parametrize("setuptools", ["as installed", "warning pkg_resources"])
def test_jieba_loads_its_dictionary_without_a_word_on_stderr(tmp_path, setuptools):
    # jieba logs "Building prefix dict from the default dictionary ..." when it first cuts, and
    # imports pkg_resources, which warns with setuptools 67-80: both silenced, even with -W error
    (tmp_path / "pkg_resources.py").write_text(WARNING_PKG_RESOURCES, encoding="utf-8")
    path = [str(ROOT)] + ([str(tmp_path)] if setuptools == "warning pkg_resources" else [])
    code = f"from edu_w2v.preprocessing import tokenize_jieba; print(tokenize_jieba({SENTENCE!r}))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    run = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert "'北京大学'" in run.stdout


# --- training and the command line ------------------------------------------------------------


@pytest.mark.parametrize("engine", ["numpy", "compiled"])
def test_train_word_vectors_on_words(engine):
    if engine == "compiled":
        pytest.importorskip("numba")
    kwargs = dict(hidden_size=4, window=2, epochs=1, min_count=1, progress=False, engine=engine)
    words = train_word_vectors(ZH, tokenizer=tokenize_jieba, **kwargs)
    assert words.vocabulary.words[0] in ("在", "学习")  # each seen twice a line
    assert {"北京大学", "自然语言", "清华大学"} <= set(words.vocabulary.words)
    characters = train_word_vectors(ZH, **kwargs)  # the default: one character a word
    assert "北京大学" not in characters.vectors and "京" in characters.vectors


def test_train_word_vectors_wants_a_function_not_a_name():
    with pytest.raises(TypeError, match="tokenizer must be a function .* tokenize_jieba"):
        train_word_vectors(ZH, tokenizer="jieba", min_count=1, progress=False)


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "chinese.txt"
    path.write_text(ZH, encoding="utf-8")
    return path


def test_the_cli_trains_on_words_with_tokenizer_jieba(corpus, capsys):
    assert main([*train_args(corpus, "北京大学"), "--tokenizer", "jieba"]) == 0
    assert "nearest to '北京大学':" in capsys.readouterr().out
    assert main(train_args(corpus, "北京大学", "京")) == 0  # letters: one character a word
    printed = capsys.readouterr().out
    assert "'北京大学' is not in the vocabulary" in printed and "nearest to '京':" in printed


# --- without jieba ----------------------------------------------------------------------------


@pytest.fixture
def no_jieba(monkeypatch):
    monkeypatch.setitem(sys.modules, "jieba", None)  # `import jieba` fails as if not installed


def test_without_jieba_tokenize_jieba_says_how_to_install_it(no_jieba):
    with pytest.raises(ModuleNotFoundError, match=NEEDS_JIEBA) as raised:
        tokenize_jieba(SENTENCE)
    assert raised.value.name == "jieba"
    assert "importing it failed" not in str(raised.value)
    with pytest.raises(ModuleNotFoundError, match=NEEDS_JIEBA):
        train_word_vectors(ZH, tokenizer=tokenize_jieba, min_count=1, progress=False)


def test_without_jieba_the_cli_says_how_to_install_it(no_jieba, corpus, capsys):
    assert main(train_args(corpus, "--tokenizer", "jieba")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # refused before any work
    assert captured.err.startswith("error: word segmentation needs jieba: pip install jieba")
    assert len(captured.err.strip().splitlines()) == 1  # no traceback


def test_without_jieba_characters_still_train(no_jieba, corpus, capsys):
    assert main(train_args(corpus, "京")) == 0
    assert "nearest to '京':" in capsys.readouterr().out


def test_a_jieba_that_fails_to_import_says_why(monkeypatch):
    real_import = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "jieba":
            raise ImportError("cannot import name 'x' from 'jieba._compat'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(ImportError, match="importing it failed: cannot import name 'x'"):
        tokenize_jieba(SENTENCE)
