"""What the checkers print, in both languages, and how the checks package imports.

Every message is a ``Message`` with both texts side by side. Under ``set_language("zh")`` a
verdict, its hints, a crash and the capstone's report hold no English sentence (as defined by
``english_sentences`` below, which a planted English hint shows able to fail), follow the Chinese
typography of d2l and use one term per concept; under English they hold no Chinese. The package's
imports form no cycle, with no import hidden inside a function.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re
import shutil
from pathlib import Path
from unittest import mock

import pytest
from helpers import ROOT, load_script
from test_capstone import solve
from test_checks import (
    JUNK,
    REFERENCES,
    SKELETONS,
    CrashingEmbedding,
    NSLossWithLabelsOfTheWrongShape,
    _raise,
    skeleton_of,
)
from wrong_layers import WRONG_LAYERS, EmbeddingLosingUpdates

import edu_w2v
import edu_w2v.checks as checks
from edu_w2v import language
from edu_w2v.capstone import load_your_layers
from edu_w2v.checks import mistakes, verdict
from edu_w2v.checks.verdict import Hint
from edu_w2v.language import Message

zh_twins = load_script("scripts/zh_twins.py")  # the one rule for English left in Chinese text
PACKAGE = Path(edu_w2v.__file__).parent
CHECKS = PACKAGE / "checks"
CJK = re.compile(r"[\u4e00-\u9fff]")  # Chinese characters
MARKS = "，。、：；！？（）“”"  # full-width punctuation
CODE = re.compile(r"`[^`]*`")
STATUS = re.compile(r"^ *(PASS|FAIL|TODO|CRASH|----) ", re.MULTILINE)


def outside_code(text: str) -> str:
    """``text`` without its code: what stands between backticks, and a verdict line's status."""
    return CODE.sub("X", STATUS.sub("", text))


def english_sentences(text: str) -> list[str]:
    """The English sentences in ``text``: runs of three or more English words outside code.

    An English word is a chunk between spaces made of two or more ASCII letters (or one of "a",
    "A", "I") and nothing else, but for brackets or quotes around it and prose punctuation after
    it: ``reference,``, ``(a`` and ``(the`` are words; ``x``, ``N``, ``grads[0]``,
    ``np.add.at(dW,``, ``word_p``, ``2.5`` and ``forward：缺少`` are not. Three words in a
    row, separated by spaces only, make a sentence: "backward differs from the reference" is
    one; "PASS  forward：4 个用例" and "`np.add.at(dW, idx, dout)` 会把每一次更新都加上" are
    not. Code is quoted in backticks; numbers, shapes, names and formulas such as
    ``dx = (y - t) * dout / N`` never make three words in a row.
    """
    return zh_twins.english_sentences(STATUS.sub("", text))


def typography_errors(text: str) -> list[str]:
    """Breaks of d2l's Chinese typography outside code, one line at a time.

    A space between a Chinese character and a Latin letter or digit (in either order), none
    between two Chinese characters or next to full-width punctuation, and no half-width
    punctuation next to a Chinese character.
    """
    rules = [
        r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]",
        r"[\u4e00-\u9fff] +[\u4e00-\u9fff]",
        rf" [{MARKS}]|[{MARKS}] ",
        r"[\u4e00-\u9fff][,.:;!?()]|[,.:;!?()][\u4e00-\u9fff]",
    ]
    return [
        m.group()
        for line in text.splitlines()
        for rule in rules
        for m in re.finditer(rule, outside_code(line).strip())
    ]


# one word per concept, ID in capitals (the words the glossary or an older text used instead)
NOT_THE_TERMS = ["过期", "更新丢失", "截断", "罕见", "稀有", "检验", "标号"]
LOWERCASE_ID = re.compile(r"\bids?\b")


@pytest.fixture
def unwrapped(monkeypatch):
    """Verdict lines unwrapped: a line break never splits a sentence or a code span."""
    monkeypatch.setattr(verdict, "WIDTH", 10**6)


@pytest.fixture
def zh(unwrapped):
    edu_w2v.set_language("zh")
    yield
    edu_w2v.set_language("en")


class Watched(dict):
    """``edu_w2v.language``'s setting, noting whether anything asked for the language."""

    asked = False

    def __getitem__(self, key):
        self.asked = True
        return super().__getitem__(key)


def print_calls(checker: str, cls: type) -> tuple[list[tuple[tuple, dict]], bool]:
    """The ``print()`` calls of a checker's run, and of the crash it raises, if any, to be made
    again later (``replayed``); and whether the run asked for the language."""
    calls = []
    watched = Watched(language._current)
    with (
        mock.patch.object(language, "_current", watched),
        mock.patch("builtins.print", lambda *args, **kwargs: calls.append((args, kwargs))),
        contextlib.redirect_stdout(io.StringIO()) as out,
    ):
        try:
            getattr(checks, checker)(cls)
        except checks.StudentCodeError as crash:
            print(crash)
    assert out.getvalue() == "", "the checker wrote to stdout without print()"
    return calls, watched.asked


def replayed(calls: list[tuple[tuple, dict]]) -> str:
    """What the ``print()`` calls print now: a verdict and a crash are made of ``Message`` objects,
    whose language is the current one when they are printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for args, kwargs in calls:
            print(*args, **kwargs)
    return out.getvalue()


def printed_by(checker: str, cls: type) -> str:
    """What a checker prints, and the message of the crash it raises, if any."""
    return replayed(print_calls(checker, cls)[0])


def the_checker_runs() -> list[tuple[str, str, type]]:
    """Every checker on the references, skeletons, junk, crashes and every catalogued wrong
    layer, twice (the diagnosis, then the fix): a name for each run, its checker and class."""
    runs = [(f"{c} on the reference", c, r) for c, r in REFERENCES]
    runs += [(f"{c} on a skeleton", c, skeleton_of(r, m, _raise)) for c, r, m in SKELETONS]
    junk = JUNK["a string"]
    runs += [
        (f"{c} on junk", c, skeleton_of(r, [m for m in ms if m != "__init__"], lambda: junk))
        for c, r, ms in SKELETONS
    ]
    runs += [
        ("a crash in the student's line", "check_embedding", CrashingEmbedding),
        (
            "a crash in a reference layer",
            "check_negative_sampling_loss",
            NSLossWithLabelsOfTheWrongShape,
        ),
    ]
    runs += [(f"{w.__name__}, run {n}", c, w) for c, w, _, _ in WRONG_LAYERS for n in (1, 2)]
    return runs


@pytest.fixture(scope="module")
def recorded_runs() -> dict[str, list[tuple[tuple, dict]]]:
    """The ``print()`` calls of ``the_checker_runs()``, made once for both languages' tests (the
    sampler's runs draw thousands of negatives: 9 s of the 10 s of all the runs), by run name.
    Only the runs of checkers that never ask for the language are kept: theirs pick a language
    only when printed. A checker that asks (a gradient check names its rows in the current
    language) runs again under each test's language. Hints are remembered per checker (by
    reference), so its runs give the same verdicts with or without the other checkers' runs."""
    runs = the_checker_runs()
    checks.forget_hints()
    recorded = {name: print_calls(checker, cls) for name, checker, cls in runs}
    asking = {checker for name, checker, _ in runs if recorded[name][1]}
    return {name: recorded[name][0] for name, checker, _ in runs if checker not in asking}


def everything_the_checkers_print(
    recorded_runs: dict[str, list[tuple[tuple, dict]]],
) -> dict[str, str]:
    """What each of ``the_checker_runs()`` prints, by its name, in the current language: the
    recorded runs printed again, the others run here."""
    checks.forget_hints()
    return {
        name: replayed(recorded_runs[name]) if name in recorded_runs else printed_by(checker, cls)
        for name, checker, cls in the_checker_runs()
    }


# --- the rules, able to fail ----------------------------------------------------------------


def test_english_sentences_are_runs_of_three_words_outside_code():
    assert english_sentences("  FAIL  backward：backward differs from the reference") == [
        "differs from the reference"
    ]
    assert english_sentences("尚未实现：write forward (it raises NotImplementedError)") == [
        "forward (it raises NotImplementedError)"
    ]
    assert english_sentences("用例“4 pairs”：loss：got 1.0, expected (a pass is < 1e-05)") == [
        "expected (a pass is"
    ]
    for chinese in [
        "  PASS  params：params == [W], grads == [dW]",
        "  FAIL  forward：缺少 sigmoid：你的损失把原始得分 x 当成了概率",
        "提示：`np.add.at(dW, idx, dout)` 会把每一次更新都加上",
        "提示：dx = (y - t) * dout / N，其中 y = sigmoid(x)",
        "  ----  backward：未运行：先改好 forward",
        "你的 X.forward(h, idx)（用例“a”）崩溃了：`ValueError: could not broadcast these shapes`",
    ]:
        assert english_sentences(chinese) == [], chinese


def test_typography_errors_are_found():
    assert typography_errors("得到1.0，应为 2.0") == ["到1"]
    assert typography_errors("得到 1.0 ，应为 2.0") == [" ，"]
    assert typography_errors("先改好 不抽目标词") == ["好 不"]
    assert typography_errors("得到 1.0,应为 2.0") == [",应"]
    assert typography_errors("用例“4 个词对”，x = [1.0, 2.0]：`dW[idx] += dout` 得到") == []
    assert typography_errors("得到`dW[idx]`") == ["到X"]  # a space around code too


def test_a_planted_english_hint_is_caught(zh, monkeypatch):
    """The Chinese test fails on an English diagnosis, and on an English fix."""
    english = Message("lost updates for repeated indices", "lost updates for repeated indices")
    planted = Hint(english, Message("add every one of them", "add every one of them"))
    monkeypatch.setattr(mistakes, "LOST", planted)
    checks.forget_hints()
    first = printed_by("check_embedding", EmbeddingLosingUpdates)
    assert english_sentences(first) == ["updates for repeated indices"]  # after "backward："
    second = printed_by("check_embedding", EmbeddingLosingUpdates)
    assert english_sentences(second) == ["updates for repeated indices", "every one of them"]


# --- the verdicts -----------------------------------------------------------------------------


def test_no_english_left_in_a_chinese_verdict(zh, recorded_runs):
    printed = everything_the_checkers_print(recorded_runs)
    assert len(printed) >= 140
    english = {name: english_sentences(text) for name, text in printed.items()}
    assert {name: found for name, found in english.items() if found} == {}
    typography = {name: typography_errors(text) for name, text in printed.items()}
    assert {name: found for name, found in typography.items() if found} == {}
    for name, text in printed.items():
        assert not [term for term in NOT_THE_TERMS if term in text], name
        assert not LOWERCASE_ID.search(outside_code(text)), name
        assert not re.search(r"\{\w*\}", text), name  # every placeholder filled


def test_the_chinese_verdicts_say_diagnosis_then_fix(zh):
    checks.forget_hints()
    first = printed_by("check_embedding", EmbeddingLosingUpdates)
    second = printed_by("check_embedding", EmbeddingLosingUpdates)
    assert "丢失的更新：" in first and "提示：" not in first
    assert first.rstrip().endswith("卡住了？再运行一次这个检查，它会给出怎样改的提示。")
    assert "提示：`np.add.at(dW, idx, dout)` 会把每一次更新都加上" in second


def test_no_chinese_in_an_english_verdict(unwrapped, recorded_runs):
    printed = everything_the_checkers_print(recorded_runs)
    assert {name: text for name, text in printed.items() if CJK.search(text)} == {}


def test_every_message_of_the_checks_is_bilingual():
    """Each module-level message: English without Chinese, Chinese with Chinese (or code)."""
    modules = [f"edu_w2v.checks.{p.stem}" for p in CHECKS.glob("*.py")] + ["edu_w2v.capstone"]
    messages = []
    for module in map(importlib.import_module, modules):
        for value in vars(module).values():
            if isinstance(value, Hint):
                messages += [m for m in (value.diagnosis, value.fix) if m is not None]
            elif isinstance(value, Message):
                messages.append(value)
    assert len(messages) > 100
    for message in messages:
        assert not CJK.search(message.en), message
        if message.zh == message.en:  # the same in both: code, never an English sentence
            assert english_sentences(message.en) == [], message
        else:
            assert CJK.search(message.zh) or set(MARKS) & set(message.zh), message
            assert english_sentences(message.zh) == [] and typography_errors(message.zh) == []


# --- the capstone's report --------------------------------------------------------------------


def test_the_capstones_report_in_chinese(tmp_path, zh):
    untouched = load_your_layers(ROOT / "exercises")
    assert untouched.report[0] == "SigmoidWithLoss       参考实现（还没写）"
    folder = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", folder)
    solve(folder, "02_sigmoid_with_loss.ipynb", ["raise ValueError('oops')", "pass"])
    wrong = ["self.idx = idx\nreturn self.params[0][idx]", "self.grads[0][self.idx] += dout"]
    solve(folder, "03_embedding.ipynb", wrong)
    solve(folder, "04_embedding_dot.ipynb")
    layers = load_your_layers(folder)
    report = layers.report
    crashed = "SigmoidWithLoss       参考实现（你的 SigmoidWithLoss.forward(x, t)（用例“4 个词对”）"
    assert report[0].startswith(crashed)
    assert report[0].endswith("崩溃了：`ValueError: oops`）")
    assert report[1].startswith("Embedding             参考实现（未通过：陈旧的梯度：")
    assert report[2] == "EmbeddingDot          你的实现（通过了检查）"
    for line in [*untouched.report, *report]:
        assert english_sentences(line) == [] and typography_errors(line) == [], line
    edu_w2v.set_language("en")  # the same report, told in English when printed
    fails = "Embedding             the reference (fails: stale gradients"
    assert layers.report[1].startswith(fails)
    assert layers.report[2] == "EmbeddingDot          yours (passes its checks)"


# --- the import graph -------------------------------------------------------------------------


def imported_modules(path: Path) -> tuple[set[str], list[int]]:
    """The ``edu_w2v`` modules a file imports, and the lines of imports not at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    modules, nested = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [n for n in submodules if _is_module(n)] or [node.module]
        else:
            continue
        modules.update(n for n in names if n == "edu_w2v" or n.startswith("edu_w2v."))
        if id(node) not in top_level:
            nested.append(node.lineno)
    return modules, nested


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def a_cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of the graph, as the path that closes it, or [] when it has none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return []
        for child in sorted(graph.get(node, ())):
            cycle = visit(child, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return []

    return next((c for c in (visit(n, []) for n in sorted(graph)) if c), [])


def test_a_cycle_is_found():
    assert a_cycle({"verdict": {"chinese"}, "chinese": {"mistakes"}, "mistakes": {"verdict"}}) == [
        "chinese",
        "mistakes",
        "verdict",
        "chinese",
    ]
    assert a_cycle({"runner": {"verdict", "mistakes"}, "mistakes": {"verdict"}}) == []


def test_the_checks_package_imports_without_a_cycle():
    names = {f"edu_w2v.checks.{p.stem}": p for p in CHECKS.glob("*.py") if p.stem != "__init__"}
    graph = {}
    for name, path in names.items():
        modules, nested = imported_modules(path)
        assert nested == [], f"{name}: imports inside a function, lines {nested}"
        upward = {"edu_w2v", "edu_w2v.checks", "edu_w2v.capstone"} & modules
        assert not upward, f"{name} imports {upward}: the package that imports it"
        graph[name] = modules & set(names)
        importlib.import_module(name)
    assert a_cycle(graph) == []
    language, _ = imported_modules(PACKAGE / "language.py")
    assert language == set()  # the bottom of the graph: it imports nothing of the package


def test_only_the_package_imports_its_modules_from_above():
    init, nested = imported_modules(CHECKS / "__init__.py")
    assert nested == [] and init <= {f"edu_w2v.checks.{p.stem}" for p in CHECKS.glob("*.py")}
    assert not (CHECKS / "chinese.py").exists()  # no table keyed by the English texts
