"""The command line: train on a small text, then similar / analogy / evaluate on the result."""

from __future__ import annotations

import numpy as np
import pytest

from edu_w2v.__main__ import main
from edu_w2v.word_vectors import WordVectors

TEXT = " ".join(["the king and the queen rule the land", "a man and a woman walk"] * 60)


@pytest.fixture
def trained(tmp_path, capsys):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "vectors.npz"
    args = ["train", "--corpus", str(corpus), "--epochs", "1", "--dims", "8", "--window", "2"]
    args += ["--min-count", "1", "--out", str(out), "--show", "king", "zebra"]
    assert main(args) == 0
    return out, capsys.readouterr().out


def test_train_saves_vectors_and_shows_neighbours(trained):
    out, printed = trained
    vectors = WordVectors.load(out)
    assert len(vectors) == 10 and vectors.vectors.shape == (10, 8)
    assert vectors.vectors.dtype == np.float32
    assert "nearest to 'king':" in printed
    assert "'zebra' is not in the vocabulary" in printed
    assert f"saved to {out}" in printed


def test_similar_analogy_and_evaluate(trained, capsys):
    out, _ = trained
    assert main(["similar", str(out), "king", "--top", "3"]) == 0
    similar = capsys.readouterr().out
    assert len(similar.strip().splitlines()) == 4  # header + 3 words
    assert main(["analogy", str(out), "man", "king", "woman", "--top", "2"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3
    assert main(["evaluate", str(out)]) == 0
    assert "coverage" in capsys.readouterr().out.lower()


def test_word2vec_text_output_can_be_read_back(tmp_path, capsys):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "vectors.txt"
    args = ["train", "--corpus", str(corpus), "--epochs", "1", "--dims", "4", "--window", "1"]
    assert main([*args, "--min-count", "1", "--out", str(out), "--show"]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "10 4"
    assert main(["similar", str(out), "queen", "--top", "2"]) == 0


def test_errors_are_reported_without_a_traceback(trained, tmp_path, capsys):
    out, _ = trained
    assert main(["similar", str(out), "zebra"]) == 2
    assert "error:" in capsys.readouterr().err
    assert main(["similar", str(tmp_path / "missing.npz"), "king"]) == 2
    assert "error:" in capsys.readouterr().err
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    assert main(["evaluate", str(bad)]) == 2
    assert "cannot load word vectors" in capsys.readouterr().err


def test_train_rejects_an_unknown_model(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--model", "glove"])
    assert "invalid choice" in capsys.readouterr().err
