"""Evaluating word vectors: analogy questions and word-pair similarities (no plotting here: the
2-D picture is ``edu_w2v.pictures.projection``).

Analogies (Mikolov et al. 2013): the question "a : b :: c : d" is answered correctly when

    d = argmax_{x ∉ {a, b, c}} cos(x, b̂ - â + ĉ)          (3CosAdd, x̂ = x / |x|)

Word pairs (WordSim353, SimLex-999): Spearman's rank correlation between the cosine
similarities of the vectors and the similarity scores people gave to the same pairs,

    rho = Pearson correlation of the ranks,  ties get the average of their ranks
(``scipy.stats.spearmanr``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.stats

from edu_w2v.validation import check_int
from edu_w2v.word_vectors import WordVectors

Question = tuple[str, str, str, str]


# --- analogies -------------------------------------------------------------------------------


def load_analogy_questions(path: str | os.PathLike | None = None) -> dict[str, list[Question]]:
    """Read analogy questions: lines ": section name", then lines "a b c d" (lowercased).

    Default: the bundled Google analogy set questions-words.txt (19,544 questions in
    14 sections, from the original word2vec project). Sections keep the file's order.
    """
    if path is None:
        source = resources.files("edu_w2v").joinpath("data/questions-words.txt")
        name, text = "questions-words.txt", source.read_text(encoding="utf-8")
    else:
        name, text = str(path), Path(path).read_text(encoding="utf-8")
    sections: dict[str, list[Question]] = {}
    section = None
    for line_number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(":"):
            section = line[1:].strip()
            if not section or section in sections:
                raise ValueError(f"{name}, line {line_number}: empty or repeated section {line!r}")
            sections[section] = []
        elif line.strip():
            words = tuple(line.lower().split())
            if section is None or len(words) != 4:
                raise ValueError(
                    f"{name}, line {line_number}: expected ': section' or four words 'a b c d' "
                    f"after a section line, got {line!r}"
                )
            sections[section].append(words)
    if not sections:
        raise ValueError(f"{name} has no ': section' lines")
    return sections


@dataclass(frozen=True)
class SectionScore:
    """Analogy results of one section: `total` questions answered, `skipped` not answerable."""

    correct: int
    total: int  # questions with all four words in the vocabulary
    skipped: int  # questions with a word outside the vocabulary

    @property
    def accuracy(self) -> float:
        """correct / total (NaN when no question could be answered)."""
        return self.correct / self.total if self.total else float("nan")


@dataclass(frozen=True)
class AnalogyReport:
    """Per-section and overall analogy accuracy; `print(report)` shows a table."""

    sections: dict[str, SectionScore]

    @property
    def correct(self) -> int:
        return sum(score.correct for score in self.sections.values())

    @property
    def total(self) -> int:
        return sum(score.total for score in self.sections.values())

    @property
    def skipped(self) -> int:
        return sum(score.skipped for score in self.sections.values())

    @property
    def accuracy(self) -> float:
        """Correct answers / answered questions (NaN when none could be answered)."""
        return self.correct / self.total if self.total else float("nan")

    @property
    def coverage(self) -> float:
        """Answered questions / all questions."""
        questions = self.total + self.skipped
        return self.total / questions if questions else float("nan")

    def __str__(self) -> str:
        rows = [(name, score) for name, score in self.sections.items()]
        rows.append(("all sections", SectionScore(self.correct, self.total, self.skipped)))
        width = max(len("section"), *(len(name) for name, _ in rows))
        lines = [f"{'section':<{width}}  correct  total  accuracy  skipped"]
        for name, score in rows:
            accuracy = f"{score.accuracy:.1%}" if score.total else "-"
            lines.append(
                f"{name:<{width}}  {score.correct:>7}  {score.total:>5}  {accuracy:>8}"
                f"  {score.skipped:>7}"
            )
        lines.append(
            f"coverage: {self.total} of {self.total + self.skipped} questions "
            f"({self.coverage:.1%}) have all four words in the vocabulary"
        )
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(str(self))


def evaluate_analogies(
    wv: WordVectors,
    questions: Mapping[str, Sequence[Sequence[str]]] | str | os.PathLike | None = None,
    restrict: int | None = None,
    batch_size: int = 256,
) -> AnalogyReport:
    """Answer analogy questions "a : b :: c : d" with 3CosAdd and count the right answers.

    questions: {section: [(a, b, c, d), ...]} as from `load_analogy_questions`, a path to
        such a file, or None for the bundled Google set. Words are matched exactly, so the
        vectors should come from lowercased text.
    restrict: use only the first `restrict` words of the vocabulary (the most frequent ones
        when words are in frequency order), both for the questions and as candidate answers.
    A batch of B questions costs one matrix product (B, H) @ (H, V); ties go to the word
    that comes first in the vocabulary.
    """
    if not isinstance(wv, WordVectors):
        raise TypeError(f"wv must be a WordVectors, got {type(wv).__name__}")
    if questions is None or isinstance(questions, (str, os.PathLike)):
        questions = load_analogy_questions(questions)
    if restrict is not None:
        restrict = check_int(restrict, "restrict")
    batch_size = check_int(batch_size, "batch_size")
    size = len(wv) if restrict is None else min(restrict, len(wv))
    candidates = wv.unit_vectors[:size]  # (size, H) unit vectors of the allowed words
    word_to_index = {word: i for i, word in enumerate(wv.words[:size])}

    answerable: list[list[int]] = []  # [a, b, c, d] word ids of each answerable question
    section_of: list[int] = []  # section number of each answerable question
    skipped: list[int] = []  # per section
    for section_number, (name, section) in enumerate(questions.items()):
        skipped.append(0)
        for question in section:
            if isinstance(question, str) or len(question) != 4:
                raise ValueError(
                    f"questions[{name!r}] must hold (a, b, c, d) word tuples, got {question!r}"
                )
            ids = [word_to_index.get(word) for word in question]
            if None in ids:
                skipped[-1] += 1
            else:
                answerable.append(ids)
                section_of.append(section_number)

    ids = np.array(answerable, dtype=np.intp).reshape(-1, 4)
    is_correct = np.zeros(len(ids), dtype=bool)
    for start in range(0, len(ids), batch_size):
        a, b, c, d = ids[start : start + batch_size].T
        targets = candidates[b] - candidates[a] + candidates[c]  # (B, H)
        scores = targets @ candidates.T  # (B, size): ranks x like cos(x, b̂ - â + ĉ)
        rows = np.arange(len(a))
        scores[rows, a] = -np.inf  # the answer must be a fourth word
        scores[rows, b] = -np.inf
        scores[rows, c] = -np.inf
        is_correct[start : start + len(a)] = scores.argmax(axis=1) == d

    section_numbers = np.array(section_of, dtype=np.intp)
    totals = np.bincount(section_numbers, minlength=len(questions))
    corrects = np.bincount(section_numbers, weights=is_correct, minlength=len(questions))
    return AnalogyReport(
        {
            name: SectionScore(int(corrects[i]), int(totals[i]), skipped[i])
            for i, name in enumerate(questions)
        }
    )


# --- word pairs ------------------------------------------------------------------------------


def load_word_pairs(path: str | os.PathLike) -> list[tuple[str, str, float]]:
    """Read (word1, word2, human score) triples, words lowercased.

    Format: one pair per line, "word1 word2 score ..." separated by tabs (or spaces);
    lines starting with "#" are comments (WordSim353 as in gensim). A first line whose
    third field is not a number is a header; when it names a "SimLex999" column (the
    original SimLex-999.txt: word1 word2 POS SimLex999 ...), the score is read from there.
    """
    pairs: list[tuple[str, str, float]] = []
    score_column = 2
    header_allowed = True
    text = Path(path).read_text(encoding="utf-8")
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")] if "\t" in line else line.split()
        if header_allowed and len(fields) >= 3 and not _is_number(fields[2]):
            header_allowed = False
            if "SimLex999" in fields:
                score_column = fields.index("SimLex999")
            continue
        header_allowed = False
        if len(fields) <= score_column or not _is_number(fields[score_column]):
            raise ValueError(
                f"{path}, line {line_number}: expected 'word1 word2 score', got {line!r}"
            )
        pairs.append((fields[0].lower(), fields[1].lower(), float(fields[score_column])))
    if not pairs:
        raise ValueError(f"{path} holds no word pairs")
    return pairs


@dataclass(frozen=True)
class WordPairsResult:
    """Spearman's rho between cosine similarities and human scores on `pairs_used` pairs."""

    spearman: float
    pairs_used: int
    pairs_skipped: int  # pairs with a word outside the vocabulary

    def __str__(self) -> str:
        return (
            f"Spearman rho {self.spearman:.3f} on {self.pairs_used} pairs "
            f"({self.pairs_skipped} skipped: a word not in the vocabulary)"
        )

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(str(self))


def evaluate_word_pairs(wv: WordVectors, path: str | os.PathLike) -> WordPairsResult:
    """Spearman's rho between cos(word1, word2) and the human scores of the file at `path`.

    Pairs with a word outside the vocabulary are skipped; rho is NaN with fewer than 2 pairs.
    """
    if not isinstance(wv, WordVectors):
        raise TypeError(f"wv must be a WordVectors, got {type(wv).__name__}")
    pairs = load_word_pairs(path)
    known = [(w1, w2, score) for w1, w2, score in pairs if w1 in wv and w2 in wv]
    model = [wv.similarity(w1, w2) for w1, w2, _ in known]
    human = [score for _, _, score in known]
    rho = scipy.stats.spearmanr(model, human).statistic if len(known) >= 2 else math.nan
    return WordPairsResult(float(rho), len(known), len(pairs) - len(known))


def _is_number(text: str) -> bool:
    try:
        return bool(np.isfinite(float(text)))
    except ValueError:
        return False
