"""The command line: train on a small text, then similar / analogy / evaluate on the result."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import edu_w2v.word_vectors as word_vectors
from edu_w2v import datasets
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


def train_args(corpus, *more: str) -> list[str]:
    """A quick `train` on a tiny corpus (1 epoch, 4 dims, window 2) with extra options."""
    args = ["train", "--corpus", str(corpus), "--epochs", "1", "--dims", "4", "--window", "2"]
    return [*args, "--min-count", "1", "--show", *more]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


# --- options: argparse errors naming the option --------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--batch", "0", "argument --batch: must be an int >= 1, got 0"),
        ("--epochs", "0", "argument --epochs: must be an int >= 1, got 0"),
        ("--dims", "0", "argument --dims: must be an int >= 1, got 0"),
        ("--window", "0", "argument --window: must be an int >= 1, got 0"),
        ("--min-count", "0", "argument --min-count: must be an int >= 1, got 0"),
        ("--seed", "-1", "argument --seed: must be an int >= 0, got -1"),
        ("--threads", "0", "argument --threads: must be an int >= 1, got 0"),
        ("--dims", "many", "argument --dims: expected an int >= 1, got 'many'"),
        ("--lr", "0", "argument --lr: must be a finite number > 0, got '0'"),
        ("--lr", "-0.5", "argument --lr: must be a finite number > 0, got '-0.5'"),
        ("--lr", "inf", "argument --lr: must be a finite number > 0, got 'inf'"),
        ("--lr", "fast", "argument --lr: expected a number > 0, got 'fast'"),
    ],
)
def test_bad_train_options_name_the_option(corpus, capsys, option, value, expected):
    with pytest.raises(SystemExit) as exit_info:
        main(train_args(corpus, option, value))
    assert exit_info.value.code == 2
    assert expected in capsys.readouterr().err


def test_lr_takes_one_or_two_rates(corpus, capsys):
    with pytest.raises(SystemExit):
        main(train_args(corpus, "--lr", "1", "2", "3"))
    assert "argument --lr: give one rate, or two (W_in, W_out), got 3" in capsys.readouterr().err


def test_threads_need_the_compiled_engine_and_batches_the_numpy_one(corpus, capsys):
    with pytest.raises(SystemExit):
        main(train_args(corpus, "--engine", "numpy", "--threads", "2"))
    assert "argument --threads: only the compiled engine runs" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(train_args(corpus, "--engine", "compiled", "--batch", "50"))
    assert "argument --batch: only --engine numpy trains in batches" in capsys.readouterr().err


def test_auto_without_numba_trains_with_numpy_and_says_why(corpus, capsys, monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(SystemExit):
        main(train_args(corpus, "--threads", "2"))
    assert "several threads (numba is not installed)" in capsys.readouterr().err
    assert main(train_args(corpus)) == 0
    assert capsys.readouterr().out.startswith(
        "engine: numpy (numba is not installed; for the faster engine: pip install numba"
    )


def test_the_engine_is_said_before_training(corpus, capsys):
    pytest.importorskip("numba")
    assert main(train_args(corpus)) == 0
    assert capsys.readouterr().out.startswith("engine: compiled (numba), 1 thread\n")
    assert main(train_args(corpus, "--engine", "numpy")) == 0
    assert capsys.readouterr().out.startswith("engine: numpy\n")


def test_lookup_options_are_checked(trained, capsys):
    out, _ = trained
    with pytest.raises(SystemExit):
        main(["similar", str(out), "king", "--top", "0"])
    assert "argument --top: must be an int >= 1" in capsys.readouterr().err


# --- --out: checked before training ----------------------------------------------------------


@pytest.fixture
def no_training(monkeypatch):
    """Make any training attempt fail the test: the errors must come before it."""

    def must_not_train(*args, **kwargs):
        raise AssertionError("training started although --out is unusable")

    monkeypatch.setattr("edu_w2v.training.train_word_vectors", must_not_train)


@pytest.fixture
def no_model(monkeypatch):
    """Make building a model fail the test: the setting errors must come before it."""

    class MustNotBuild:
        default_batch_size = 100

        def __init__(self, *args, **kwargs):
            raise AssertionError("a model was built although the settings cannot work")

    monkeypatch.setattr("edu_w2v.training.model_class", lambda model, engine: MustNotBuild)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("v.bin", "ends in '.bin'; the vectors are saved as .npz"),
        ("v.txt.gz", "ends in '.gz'"),
        ("vectors", "has no extension"),
        ("missing/v.npz", "does not exist"),
    ],
)
def test_unusable_out_is_refused_before_training(corpus, capsys, no_training, name, expected):
    out = corpus.parent / name
    with pytest.raises(SystemExit) as exit_info:
        main(train_args(corpus, "--out", str(out)))
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert "argument --out:" in error and expected in error
    assert not out.exists()


def test_out_may_not_be_a_folder_or_the_corpus_itself(corpus, capsys, no_training):
    folder = corpus.parent / "folder.npz"
    folder.mkdir()
    with pytest.raises(SystemExit):
        main(train_args(corpus, "--out", str(folder)))
    assert "is a folder" in capsys.readouterr().err
    same = corpus.parent / "." / corpus.name  # another spelling of the same file
    with pytest.raises(SystemExit):
        main(train_args(corpus, "--out", str(same)))
    assert "is the corpus file itself" in capsys.readouterr().err
    assert corpus.read_text(encoding="utf-8") == TEXT


def test_out_extension_is_case_insensitive(corpus, capsys):
    out = corpus.parent / "V.NPZ"
    assert main(train_args(corpus, "--out", str(out))) == 0
    assert len(WordVectors.load(out)) == 10  # an .npz file, not word2vec text under that name
    text_out = corpus.parent / "V.TXT"
    assert main(train_args(corpus, "--out", str(text_out))) == 0
    assert text_out.read_text(encoding="utf-8").startswith("10 4\n")


# --- files are never lost: atomic saves, Ctrl-C ----------------------------------------------


@pytest.mark.parametrize("name", ["v.npz", "v.txt"])
def test_a_failing_save_keeps_the_previous_vectors(corpus, capsys, monkeypatch, name):
    out = corpus.parent / name
    assert main(train_args(corpus, "--out", str(out))) == 0
    before = out.read_bytes()

    original_write = word_vectors.write_atomically

    def write_then_fail(path, write, binary):
        def partial(file):
            file.write(b"PK" if binary else "10 4\n")
            raise OSError(28, "No space left on device")  # a full disk, half-way

        return original_write(path, partial, binary)

    monkeypatch.setattr(word_vectors, "write_atomically", write_then_fail)
    assert main(train_args(corpus, "--seed", "1", "--out", str(out))) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert sorted(p.name for p in corpus.parent.iterdir()) == sorted([corpus.name, name])


def test_ctrl_c_during_training_exits_130_in_one_line(corpus, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    out = corpus.parent / "v.npz"
    monkeypatch.setattr("edu_w2v.training.train_word_vectors", interrupted)
    assert main(train_args(corpus, "--out", str(out))) == 130
    error = capsys.readouterr().err
    assert error.strip() == f"interrupted; {out} was not written"
    assert not out.exists()


@pytest.mark.parametrize("name", ["v.npz", "v.txt"])
def test_ctrl_c_during_the_save_keeps_the_previous_vectors(corpus, capsys, monkeypatch, name):
    out = corpus.parent / name
    assert main(train_args(corpus, "--out", str(out))) == 0
    before = out.read_bytes()

    original_write = word_vectors.write_atomically

    def write_then_interrupt(path, write, binary):
        def partial(file):
            file.write(b"PK" if binary else "10 4\n")
            raise KeyboardInterrupt

        return original_write(path, partial, binary)

    monkeypatch.setattr(word_vectors, "write_atomically", write_then_interrupt)
    assert main(train_args(corpus, "--seed", "1", "--out", str(out))) == 130
    assert "interrupted" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert sorted(p.name for p in corpus.parent.iterdir()) == sorted([corpus.name, name])


# --- the corpus, the engine, and errors blamed on the right option ---------------------------


def test_corpus_ptb_is_tokenised_as_ptb(monkeypatch, capsys):
    fixture = Path(__file__).parent / "fixtures" / "ptb.sample.txt"
    monkeypatch.setattr(
        "edu_w2v.datasets.load_ptb", lambda split: fixture.read_text(encoding="utf-8")
    )
    args = ["train", "--corpus", "ptb", "--epochs", "1", "--dims", "4", "--window", "2"]
    assert main([*args, "--min-count", "1", "--show", "<unk>", "<eos>", "N"]) == 0
    printed = capsys.readouterr().out
    for word in ("<unk>", "<eos>", "N"):
        assert f"nearest to {word!r}:" in printed


class RecordingTrainer:
    """Stands in for train_word_vectors: records its keywords, then stops the run."""

    def __init__(self) -> None:
        self.kwargs: dict = {}

    def __call__(self, text, **kwargs):
        self.kwargs = kwargs
        raise KeyboardInterrupt  # enough: the keywords are what the test looks at


@pytest.mark.parametrize(
    ("more", "expected"),
    [
        ([], {"engine": "compiled"}),  # auto, numba there; batch_size None: the engine's own
        (["--engine", "numpy", "--batch", "50"], {"engine": "numpy", "batch_size": 50}),
        (["--engine", "compiled", "--threads", "2"], {"engine": "compiled", "threads": 2}),
    ],
)
def test_engine_options_reach_train_word_vectors(corpus, monkeypatch, capsys, more, expected):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())  # "numba is there"
    recorder = RecordingTrainer()
    monkeypatch.setattr("edu_w2v.training.train_word_vectors", recorder)
    assert main(train_args(corpus, *more)) == 130
    engine_keys = {"batch_size", "engine", "threads"}
    assert {k: v for k, v in recorder.kwargs.items() if k in engine_keys} == expected
    assert recorder.kwargs["hidden_size"] == 4 and recorder.kwargs["window"] == 2


def test_compiled_engine_without_numba_says_what_to_install(corpus, monkeypatch, capsys):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert main(train_args(corpus, "--engine", "compiled")) == 2
    assert "pip install numba" in capsys.readouterr().err


@pytest.mark.parametrize(
    "engine", [["--engine", "numpy", "--batch", "5"], ["--engine", "compiled"]]
)
def test_a_diverging_lr_is_blamed_on_lr(corpus, capsys, engine):
    if "compiled" in engine:
        pytest.importorskip("numba")
    assert main(train_args(corpus, "--epochs", "3", *engine, "--lr", "1e6")) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("error: training diverged")
    assert "--lr 1000000.0 is too large, try a smaller --lr" in error


def test_a_nan_loss_from_the_trainer_is_blamed_on_lr(corpus, capsys, monkeypatch):
    def diverged(*args, **kwargs):
        raise FloatingPointError("loss is nan at epoch 1, batch 2 of 3; training stopped")

    monkeypatch.setattr("edu_w2v.training.train_word_vectors", diverged)
    assert main(train_args(corpus, "--lr", "5", "6")) == 2
    assert capsys.readouterr().err == (
        "error: training diverged (loss is nan at epoch 1, batch 2 of 3): "
        "--lr 5.0 6.0 is too large, try a smaller --lr\n"
    )


def test_too_few_distinct_words_blames_min_count_not_sample_size(tmp_path, capsys, no_model):
    small = tmp_path / "small.txt"
    small.write_text("a b a b a b c " * 30, encoding="utf-8")
    assert main(train_args(small)) == 2
    error = capsys.readouterr().err
    assert "--min-count 1 leaves 3 distinct words" in error
    assert "sample_size" not in error


def test_a_corpus_too_short_for_the_window_blames_window(tmp_path, capsys, no_model):
    short = tmp_path / "short.txt"
    short.write_text("one two three four five six seven eight", encoding="utf-8")
    assert main(train_args(short, "--window", "5")) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: --window 5 needs at least 2 * window + 1 = 11 words")


def test_huge_dims_are_refused_before_allocating(corpus, capsys, monkeypatch, no_model):
    assert main(train_args(corpus, "--dims", str(10**12))) == 2  # 160 TB: more than any machine
    assert "GB of memory: make it smaller" in capsys.readouterr().err
    monkeypatch.setattr("edu_w2v.training.memory_size", lambda: 10**6)  # a 1 MB machine
    assert main(train_args(corpus, "--dims", "10000")) == 2  # 10 words x 10000 x 16 B = 1.6 MB
    error = capsys.readouterr().err
    assert error.startswith("error: --dims 10000 needs about 0.0 GB for 10 words")
    assert "make it smaller" in error


def test_lookup_errors_are_one_line(trained, tmp_path, capsys):
    out, _ = trained
    assert main(["analogy", str(out), "man", "king", "zebra"]) == 2
    assert capsys.readouterr().err == "error: 'zebra' is not in the vocabulary of 10 words\n"
    assert main(["similar", str(out), "King"]) == 2
    assert "(but 'king' is)" in capsys.readouterr().err
    missing = tmp_path / "missing.txt"
    for command in (["similar", str(missing), "king"], ["evaluate", str(missing)]):
        assert main(command) == 2
        error = capsys.readouterr().err
        assert error.startswith("error: ") and len(error.strip().splitlines()) == 1


def test_real_bugs_are_not_hidden(corpus, monkeypatch):
    def buggy(*args, **kwargs):
        raise TypeError("a bug in the package, not a user mistake")

    monkeypatch.setattr("edu_w2v.training.train_word_vectors", buggy)
    with pytest.raises(TypeError, match="a bug in the package"):
        main(train_args(corpus))


# --- text beyond ASCII ----------------------------------------------------------------------

GERMAN = "Der König und die Königin wohnen in Zürich. Ich möchte nach Zürich fahren. " * 30
SEGMENTED = "我 喜欢 北京 的 天气 。 你 喜欢 上海 的 天气 吗 ？\n" * 30


@pytest.mark.parametrize(
    ("text", "options", "word"),
    [(GERMAN, [], "zürich"), (SEGMENTED, ["--tokenizer", "whitespace"], "北京")],
    ids=["German", "segmented Chinese"],
)
def test_text_beyond_ascii_trains_with_whole_words(tmp_path, capsys, text, options, word):
    path = tmp_path / "text.txt"
    path.write_text(text, encoding="utf-8")
    assert main([*train_args(path, word), *options]) == 0
    printed = capsys.readouterr().out
    assert f"nearest to {word!r}:" in printed


def test_the_bundled_tang_poems_train_on_characters_and_show_theirs(capsys, monkeypatch):
    """`--corpus tang`: the poems (here their first 3,000, to be quick), one character a token,
    and the neighbours of 月 山 春 酒 unless --show says otherwise."""
    poems = "\n".join(datasets.load_tang_poems().splitlines()[:3000])
    monkeypatch.setattr(datasets, "load_tang_poems", lambda: poems)
    args = ["train", "--corpus", "tang", "--epochs", "1", "--dims", "16", "--engine", "numpy"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    for character in ("月", "山", "春", "酒"):
        assert f"nearest to {character!r}:" in printed
    assert "nearest to 'king'" not in printed
    assert main([*args, "--show", "花"]) == 0
    printed = capsys.readouterr().out
    assert "nearest to '花':" in printed and "nearest to '月'" not in printed


def test_a_file_without_words_says_why(tmp_path, capsys):
    path = tmp_path / "numbers.txt"
    path.write_text("123 456 789\n" * 10, encoding="utf-8")
    assert main(train_args(path)) == 2
    assert "keeps runs of letters" in capsys.readouterr().err


# --- help -------------------------------------------------------------------------------------


def test_the_top_help_lists_each_command_once_in_plain_text(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    printed = capsys.readouterr().out
    assert "``" not in printed
    for command in ("source-run", "train", "similar", "analogy", "evaluate"):
        assert len(re.findall(rf"^    {command}\b", printed, re.MULTILINE)) == 1, command


def test_train_help_shows_the_defaults_and_what_out_does(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    printed = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    for option, default in [
        ("--model", "cbow"),
        ("--epochs", "6"),
        ("--window", "5"),
        ("--seed", "0"),
        ("--dims", "100"),
    ]:
        assert re.search(rf"{option} \S+ .*?\(default: {default}\)", printed), option
    assert "without --out nothing is saved" in printed
    assert "(default: None)" not in printed
