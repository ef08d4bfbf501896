"""show_source and show_diff: the package's real source, one version or two side by side."""

from __future__ import annotations

import pytest

import edu_w2v
from edu_w2v import source_run
from edu_w2v.show import SourceDiff, show_diff, show_source

OLD = '''
class Layer:
    """Old docstring."""

    def backward(self, dout):
        """Gone from the diff."""
        dW = self.grads[0]
        dW[self.idx] += dout  # FLAW 3: repeated rows
        return None
'''

NEW = '''
class Layer:
    """New docstring, also left out."""

    def backward(self, dout):
        dW = self.grads[0]
        dW[...] = 0
        np.add.at(dW, self.idx, dout)  # every repeat counts
        return None
'''


def test_show_source_gives_the_source_highlighted_in_jupyter():
    shown = show_source(source_run.Embedding)
    assert shown.data.startswith("class Embedding:")
    assert "self.grads[0][self.idx] += dout" in shown.data
    assert 'class="highlight"' in shown._repr_html_()


def test_a_diff_keeps_every_line_and_leaves_out_the_docstrings():
    diff = show_diff(OLD, NEW)
    kinds = [(line.kind, line.text.strip()) for line in diff.lines]
    assert kinds == [
        (" ", "class Layer:"),
        (" ", "def backward(self, dout):"),
        (" ", "dW = self.grads[0]"),
        ("-", "dW[self.idx] += dout  # FLAW 3: repeated rows"),
        ("+", "dW[...] = 0"),
        ("+", "np.add.at(dW, self.idx, dout)  # every repeat counts"),
        (" ", "return None"),
    ]
    assert "docstring" not in str(diff) and "Gone" not in str(diff)


def test_changed_lines_are_named_by_their_flaw_comment_or_by_a_pattern():
    diff = show_diff(OLD, NEW, {"np.add.at": "Flaw 3", "dW[...] = 0": "Flaw 4"})
    labels = {line.text.strip()[:14]: line.label for line in diff.lines if line.kind != " "}
    assert labels == {
        "dW[self.idx] +": "Flaw 3",
        "dW[...] = 0": "Flaw 4",
        "np.add.at(dW, ": "Flaw 3",
    }
    assert diff.labels == ["Flaw 3", "Flaw 4"]
    assert all(line.label == "" for line in diff.lines if line.kind == " ")


def test_a_pattern_is_looked_for_in_the_code_not_in_its_comment():
    diff = show_diff(OLD, NEW, {"repeat": "found in a comment"})
    assert diff.labels == ["Flaw 3"]  # from the old line's FLAW comment only


def test_several_flaws_on_one_line_are_named_together_in_order():
    diff = show_diff(source_run.Embedding, edu_w2v.Embedding)
    (old,) = [line for line in diff.lines if "FLAW" in line.text]
    assert old.kind == "-" and old.label == "Flaws 3, 4"


def test_the_plain_text_puts_the_labels_in_a_margin():
    text = str(show_diff(OLD, NEW, {"np.add.at": "Flaw 3"}))
    lines = text.splitlines()
    assert lines[0].endswith("--- old") and lines[1].endswith("+++ new")
    assert "Flaw 3 -         dW[self.idx] += dout  # FLAW 3: repeated rows" in lines
    assert "Flaw 3 +         np.add.at(dW, self.idx, dout)  # every repeat counts" in lines
    assert "         class Layer:" in lines
    assert repr(show_diff(OLD, NEW)) == str(show_diff(OLD, NEW))


def test_the_html_colours_the_changes_and_escapes_the_code():
    diff = show_diff("x = a < b\ny = 1\n", "x = a > b\ny = 1\n", {"a > b": "Flaw 9"})
    page = diff._repr_html_()
    assert "a &lt; b" in page and "a &gt; b" in page and "a < b" not in page
    assert page.count("<tr") == 3
    assert "#ffecec" in page  # a removed line that fixes no flaw: light red
    assert "#b8f0b8" in page  # an added line that fixes a flaw: darker green
    assert "Flaw 9" in page


def test_a_diff_of_classes_names_them():
    diff = show_diff(source_run.SigmoidWithLoss, edu_w2v.SigmoidWithLoss)
    assert isinstance(diff, SourceDiff)
    assert str(diff).splitlines()[0].endswith("--- edu_w2v.source_run.SigmoidWithLoss")
    assert str(diff).splitlines()[1].endswith("+++ edu_w2v.sigmoid_with_loss.SigmoidWithLoss")


@pytest.mark.parametrize(
    ("name", "flaws"),
    [
        ("SigmoidWithLoss", {"1", "2"}),
        ("Embedding", {"3", "4"}),
        ("EmbeddingDot", set()),
        ("UnigramSampler", {"6"}),
        ("NegativeSamplingLoss", {"5"}),
    ],
)
def test_every_flaw_of_a_source_run_layer_is_a_removed_line_of_its_diff(name, flaws):
    """The source run marks each flaw where it happens (# FLAW n): its diff with the corrected
    layer removes every one of those lines, named by its flaw."""
    diff = show_diff(getattr(source_run, name), getattr(edu_w2v, name))
    named = {n for line in diff.lines for n in line.label.replace("Flaws", "Flaw").split()[1:]}
    assert {n.strip(",") for n in named} == flaws
    assert all(line.kind == "-" for line in diff.lines if "FLAW" in line.text)
    numbers = {f[0] for f in source_run.FLAWS if f[1] == name}
    assert {int(n) for n in flaws} == numbers


CHECKED = """
class Layer:
    def forward(self, idx):
        idx = as_index_array(
            idx, "idx", size=len(self.params[0])
        )
        self.idx = idx
        return self.params[0][idx]

    def backward(self, dout):
        dout = check_lookup_dout(dout, self.idx, self.params[0])  # one line
        dW = self.grads[0]
        np.add.at(dW, self.idx, dout)
"""


def test_input_checks_can_be_left_out_and_are_counted():
    shown = show_diff(OLD, CHECKED)
    assert "as_index_array" in str(shown) and shown.checks_left_out == 0
    assert "left out" not in str(shown)
    diff = show_diff(OLD, CHECKED, input_checks=False)
    text = str(diff)
    assert "as_index_array" not in text and "check_lookup_dout" not in text
    assert '"idx", size=' not in text  # the whole statement, over several lines
    assert diff.checks_left_out == 4
    assert text.splitlines()[-1].strip() == (
        "(left out: 4 lines of input checks, calls to edu_w2v.validation)"
    )
    assert "left out: 4 lines" in diff._repr_html_()
    kept = [line.text.strip() for line in diff.lines]
    assert "self.idx = idx" in kept and "np.add.at(dW, self.idx, dout)" in kept


def test_leaving_out_the_input_checks_keeps_every_flaw_of_the_layer_lessons():
    for name in ("SigmoidWithLoss", "Embedding", "EmbeddingDot", "UnigramSampler",
                 "NegativeSamplingLoss"):  # fmt: skip
        full = show_diff(getattr(source_run, name), getattr(edu_w2v, name))
        short = show_diff(getattr(source_run, name), getattr(edu_w2v, name), input_checks=False)
        assert short.labels == full.labels
        assert short.checks_left_out > 0
        assert [line for line in full.lines if line.kind == "-"] == [
            line for line in short.lines if line.kind == "-"
        ]  # the source run calls no input check: none of its lines is left out
        assert not any("check_" in line.text for line in short.lines)
