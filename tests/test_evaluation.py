import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from edu_w2v.evaluation import (
    AnalogyReport,
    SectionScore,
    evaluate_analogies,
    evaluate_word_pairs,
    load_analogy_questions,
    load_word_pairs,
)
from edu_w2v.word_vectors import WordVectors

FIXTURES = Path(__file__).parent / "fixtures"
QUESTIONS = FIXTURES / "wv_questions.txt"

# A hand-made geometry with known answers. Dimensions: royal, common, male, female, young.
# king - man + woman = queen exactly; boy and girl are young; "apple" is a zero vector.
WORDS = ["king", "queen", "man", "woman", "boy", "girl", "apple"]
VECTORS = [
    [1, 0, 1, 0, 0],
    [1, 0, 0, 1, 0],
    [0, 1, 1, 0, 0],
    [0, 1, 0, 1, 0],
    [0, 1, 1, 0, 1],
    [0, 1, 0, 1, 1],
    [0, 0, 0, 0, 0],
]


def family_vectors(dtype: type = np.float64) -> WordVectors:
    return WordVectors(WORDS, np.array(VECTORS, dtype=dtype))


# --- analogy questions -----------------------------------------------------------------------


def test_bundled_google_analogy_questions():
    questions = load_analogy_questions()
    assert list(questions) == [
        "capital-common-countries",
        "capital-world",
        "currency",
        "city-in-state",
        "family",
        "gram1-adjective-to-adverb",
        "gram2-opposite",
        "gram3-comparative",
        "gram4-superlative",
        "gram5-present-participle",
        "gram6-nationality-adjective",
        "gram7-past-tense",
        "gram8-plural",
        "gram9-plural-verbs",
    ]
    assert sum(len(section) for section in questions.values()) == 19544
    assert questions["capital-common-countries"][0] == ("athens", "greece", "baghdad", "iraq")
    assert questions["family"][0] == ("boy", "girl", "brother", "sister")
    for section in questions.values():
        assert all(len(q) == 4 and q == tuple(word.lower() for word in q) for q in section)


def test_load_analogy_questions_from_a_file():
    questions = load_analogy_questions(QUESTIONS)
    assert questions == {
        "family": [
            ("man", "king", "woman", "queen"),
            ("man", "woman", "king", "queen"),  # lowercased
            ("king", "queen", "man", "woman"),
            ("man", "boy", "woman", "girl"),
            ("man", "king", "woman", "prince"),
        ],
        "wrong": [
            ("king", "man", "queen", "boy"),
            ("apple", "king", "man", "queen"),
            ("unicorn", "horse", "man", "woman"),
        ],
    }
    assert load_analogy_questions(str(QUESTIONS)) == questions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a b c d\n", "line 1: expected ': section'"),
        (": s\na b c\n", "line 2: expected ': section' or four words"),
        (": s\na b c d\n: s\n", "line 3: empty or repeated section"),
        (":\n", "line 1: empty or repeated section"),
        ("\n", "no ': section' lines"),
    ],
)
def test_load_analogy_questions_rejects_malformed_files(tmp_path, text, message):
    (tmp_path / "q.txt").write_text(text)
    with pytest.raises(ValueError, match=message):
        load_analogy_questions(tmp_path / "q.txt")


def test_analogy_report_on_the_hand_made_geometry():
    report = evaluate_analogies(family_vectors(), QUESTIONS)
    assert isinstance(report, AnalogyReport)
    assert report.sections == {
        "family": SectionScore(correct=4, total=4, skipped=1),
        "wrong": SectionScore(correct=0, total=2, skipped=1),
    }
    assert (report.correct, report.total, report.skipped) == (4, 6, 2)
    assert report.accuracy == pytest.approx(4 / 6)
    assert report.coverage == pytest.approx(6 / 8)
    assert report.sections["family"].accuracy == 1.0
    assert str(report) == (
        "section       correct  total  accuracy  skipped\n"
        "family              4      4    100.0%        1\n"
        "wrong               0      2      0.0%        1\n"
        "all sections        4      6     66.7%        2\n"
        "coverage: 6 of 8 questions (75.0%) have all four words in the vocabulary"
    )


def test_analogy_report_with_a_restricted_vocabulary():
    # only king, queen, man, woman: questions with boy, girl or apple are skipped
    report = evaluate_analogies(family_vectors(np.float32), QUESTIONS, restrict=4)
    assert report.sections == {
        "family": SectionScore(correct=3, total=3, skipped=2),
        "wrong": SectionScore(correct=0, total=0, skipped=3),
    }
    assert report.coverage == pytest.approx(3 / 8)
    assert math.isnan(report.sections["wrong"].accuracy)
    assert "wrong               0      0         -        3" in str(report)
    assert evaluate_analogies(family_vectors(), QUESTIONS, restrict=1000).total == 6


def test_analogy_report_when_nothing_is_covered():
    report = evaluate_analogies(family_vectors(), {"s": [("a", "b", "c", "d")]})
    assert (report.total, report.skipped, report.coverage) == (0, 1, 0.0)
    assert math.isnan(report.accuracy)


def naive_accuracy(wv: WordVectors, questions) -> dict[str, tuple[int, int]]:
    """One question at a time with WordVectors.analogy: (correct, total) per section."""
    result = {}
    for name, section in questions.items():
        answered = [q for q in section if all(word in wv for word in q)]
        correct = sum(wv.analogy(a, b, c, top=1)[0][0] == d for a, b, c, d in answered)
        result[name] = (correct, len(answered))
    return result


@pytest.mark.parametrize("batch_size", [1, 7, 256])
@pytest.mark.parametrize("restrict", [None, 25])  # 25: the vocabulary of first_25
def test_batched_evaluation_agrees_with_one_question_at_a_time(batch_size, restrict):
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(40)]
    wv = WordVectors(words, rng.standard_normal((40, 6)))
    first_25 = WordVectors(words[:25], wv.vectors[:25])
    questions = {}
    for name in ("s1", "s2", "s3"):
        questions[name] = []
        for _ in range(60):
            a, b, c = (words[i] for i in rng.choice(25, size=3, replace=False))
            # the right answer among all words, among the first 25 words, or a random word
            d = [
                wv.analogy(a, b, c, top=1)[0][0],
                first_25.analogy(a, b, c, top=1)[0][0],
                words[rng.integers(40)],
            ][rng.integers(3)]
            questions[name].append((a, b, c, d))
    questions["s3"].append(("w1", "w2", "w3", "unknown"))

    report = evaluate_analogies(wv, questions, restrict=restrict, batch_size=batch_size)
    expected = naive_accuracy(wv if restrict is None else first_25, questions)
    assert {name: (s.correct, s.total) for name, s in report.sections.items()} == expected
    assert 0 < report.correct < report.total  # some right, some wrong
    assert report.total + report.skipped == 181


def test_evaluate_analogies_rejects_bad_arguments():
    wv = family_vectors()
    with pytest.raises(TypeError, match="WordVectors"):
        evaluate_analogies(wv.vectors, QUESTIONS)
    for restrict, error in [(0, ValueError), (-3, ValueError), (2.5, TypeError), (True, TypeError)]:
        with pytest.raises(error, match="restrict"):
            evaluate_analogies(wv, QUESTIONS, restrict=restrict)
    with pytest.raises(ValueError, match="batch_size"):
        evaluate_analogies(wv, QUESTIONS, batch_size=0)
    with pytest.raises(ValueError, match=r"questions\['s'\] must hold \(a, b, c, d\)"):
        evaluate_analogies(wv, {"s": [("king", "queen", "man")]})
    with pytest.raises(ValueError, match=r"questions\['s'\] must hold \(a, b, c, d\)"):
        evaluate_analogies(wv, {"s": ["king"]})


# --- word pairs ------------------------------------------------------------------------------


PAIRS = [
    ("king", "queen", 9.0),
    ("king", "man", 7.0),
    ("king", "woman", 2.0),
    ("queen", "man", 3.0),
    ("man", "woman", 6.0),
    ("king", "unicorn", 5.0),
]


@pytest.mark.parametrize("name", ["wv_wordsim.tsv", "wv_simlex.txt"])
def test_load_word_pairs(name):
    # WordSim353 style (# comments) and SimLex-999 style (header naming the SimLex999 column)
    assert load_word_pairs(FIXTURES / name) == PAIRS


def test_load_word_pairs_with_a_plain_header_and_spaces(tmp_path):
    (tmp_path / "pairs.txt").write_text("w1 w2 score\nCat dog 7.5\n\ncat tiger 6\n")
    assert load_word_pairs(tmp_path / "pairs.txt") == [("cat", "dog", 7.5), ("cat", "tiger", 6.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# only a comment\n", "holds no word pairs"),
        ("cat dog 7\ncat tiger lots\n", "line 2: expected 'word1 word2 score'"),
        ("cat dog\n", "line 1: expected 'word1 word2 score'"),
        ("cat dog 7\ncat tiger nan\n", "line 2"),
    ],
)
def test_load_word_pairs_rejects_malformed_files(tmp_path, text, message):
    (tmp_path / "pairs.txt").write_text(text)
    with pytest.raises(ValueError, match=message):
        load_word_pairs(tmp_path / "pairs.txt")


@pytest.mark.parametrize("name", ["wv_wordsim.tsv", "wv_simlex.txt"])
def test_evaluate_word_pairs_on_the_hand_made_geometry(name):
    # cosines: king-queen 0.5, king-man 0.5, king-woman 0, queen-man 0, man-woman 0.5
    #   ranks [4, 4, 1.5, 1.5, 4];  human scores 9, 7, 2, 3, 6 rank [5, 4, 1, 2, 3]
    #   dx = [1, 1, -1.5, -1.5, 1], dy = [2, 1, -2, -1, 0]
    #   rho = 7.5 / sqrt(7.5 * 10) = sqrt(3) / 2;  king-unicorn is skipped
    result = evaluate_word_pairs(family_vectors(), FIXTURES / name)
    assert result.spearman == pytest.approx(math.sqrt(3) / 2, abs=1e-12)
    assert (result.pairs_used, result.pairs_skipped) == (5, 1)
    assert str(result) == "Spearman rho 0.866 on 5 pairs (1 skipped: a word not in the vocabulary)"


def test_evaluate_word_pairs_with_too_few_known_pairs(tmp_path):
    (tmp_path / "pairs.tsv").write_text("king\tqueen\t9\nking\tunicorn\t4\n")
    result = evaluate_word_pairs(family_vectors(), tmp_path / "pairs.tsv")
    assert math.isnan(result.spearman)
    assert (result.pairs_used, result.pairs_skipped) == (1, 1)
    with pytest.raises(TypeError, match="WordVectors"):
        evaluate_word_pairs(None, tmp_path / "pairs.tsv")


def test_importing_evaluation_does_not_import_matplotlib():
    code = "import sys, edu_w2v.evaluation; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "False\n", result.stderr
