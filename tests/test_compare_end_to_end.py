"""benchmarks/compare_end_to_end.py: a quick run of whole processes, and its arithmetic.

Speed and memory depend on the machine and are not judged here; what is checked is that the
script runs both libraries as child processes, reads their phases and peaks, and that its
targets and tables compute what they say.
"""

from __future__ import annotations

import importlib
import json
import math

import pytest
from helpers import ROOT

pytest.importorskip("numba")
pytest.importorskip("gensim")


@pytest.fixture
def e2e(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    return importlib.import_module("compare_end_to_end")


def run(
    e2e,
    tool,
    model="cbow",
    threads=1,
    corpus="x1",
    seconds=10.0,
    peak=200.0,
    floor=170.0,
    words=1_000_000,
    quality=0.4,
    lines=True,
):
    result = e2e.Run(tool, model, threads, lines, corpus, words, 6, seconds, peak, floor)
    result.quality = {"analogies": quality / 10, "WS353": quality, "SL999": quality / 2}
    return result


def test_a_quick_run_trains_both_libraries_in_child_processes(e2e, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(e2e, "QUICK_LINES", 300)
    saved = tmp_path / "results.json"
    runs = e2e.main(
        [
            "--quick",
            "--models",
            "cbow",
            "--threads",
            "1",
            "--no-lines-off",
            "--no-scale",
            "--json",
            str(saved),
        ]
    )
    assert [(r.tool, r.corpus) for r in runs] == [("edu_w2v", "x1"), ("gensim", "x1")]
    for r in runs:
        assert r.seconds > 0 and r.repeats == 1 and r.epochs == 1
        assert 20 < r.floor_mib < r.peak_mib + 2 < 2000  # the quick corpus: ~4 x the floor's
    ours, theirs = runs
    assert ours.words == theirs.words > 2000
    assert set(ours.phases) == {"import", "train", "other"}  # the command, in a child process
    assert 0 <= ours.phases["train"] < ours.seconds  # as printed, to 0.1 s
    assert {"read+vocabulary", "train", "save"} <= set(theirs.phases)
    assert sorted(ours.quality) == sorted(theirs.quality) == ["SL999", "WS353", "analogies"]
    printed = capsys.readouterr().out
    assert "where the time goes" in printed
    assert "target: cbow 1 thread(s) >= 1.5x gensim's speed" in printed
    stored = json.loads(saved.read_text())
    assert len(stored["runs"]) == 2 and stored["cores"] >= 1


def test_targets_compare_speed_memory_beyond_the_floor_and_quality(e2e):
    runs = [
        run(e2e, "edu_w2v", seconds=6.0, peak=197.0, floor=170.0, quality=0.39),
        run(e2e, "gensim", seconds=10.0, peak=135.0, floor=115.0, quality=0.40),
    ]
    targets = e2e.check_targets(runs)
    assert [t.met for t in targets] == [True, True, True, True, True]
    assert "got 1.67x" in targets[0].description
    # 27 MiB beyond the floor; allowed: gensim's 20 + 8 bytes x 1 M tokens (7.6 MiB)
    assert "got 27.0 MiB, allowed 27.6 MiB" in targets[1].description
    runs[0].peak_mib = 206.0  # 36 MiB: too much
    runs[0].seconds = 7.0  # 1.43x: too slow
    runs[0].quality["WS353"] = 0.37  # 0.03 below gensim's
    assert [t.met for t in e2e.check_targets(runs)] == [False, False, True, False, True]


def test_the_x10_targets_compare_time_per_word_and_the_added_memory(e2e):
    small = run(e2e, "edu_w2v", seconds=10.0, peak=200.0)
    large = run(e2e, "edu_w2v", corpus="x10", words=10_000_000, seconds=110.0, peak=268.0)
    targets = e2e.check_targets([small, large])
    assert [t.met for t in targets] == [True, True]  # 1.10x; 68 MiB <= 9 M x 8 bytes (68.7)
    large.seconds, large.peak_mib = 120.0, 270.0
    assert [t.met for t in e2e.check_targets([small, large])] == [False, False]


def test_tables_show_each_run_and_where_its_time_went(e2e):
    ours, theirs = run(e2e, "edu_w2v", seconds=5.0), run(e2e, "gensim", seconds=10.0)
    ours.phases = {"import": 1.0, "read": 1.5, "train": 2.0}
    table = e2e.format_table([ours, theirs]).splitlines()
    assert table[1].split()[:8] == ["cbow", "edu_w2v", "1", "on", "x1", "5.0", "1,200,000", "2.00x"]
    assert table[1].split()[8:] == ["200", "170", "30.0", "4.0%", "0.400", "0.200"]
    profile = e2e.format_profile([ours]).splitlines()
    assert profile[1].split()[:7] == ["cbow", "edu_w2v", "1", "x1", "1.00", "1.50", "-"]
    assert math.isnan(run(e2e, "gensim", floor=math.nan).data_mib)


def test_lines_on_and_off_side_by_side(e2e):
    on = run(e2e, "edu_w2v", quality=0.40, seconds=10.0)
    off = run(e2e, "edu_w2v", quality=0.38, seconds=11.0, lines=False)
    assert e2e.lines_summary([on, off]) == [
        "lines off vs on, cbow: analogies -0.002, WS353 -0.020, SL999 -0.010; seconds 11.0 vs 10.0"
    ]
    assert str(off.command) == "cbow edu_w2v 1 (lines off)"
    assert e2e.plan(["cbow"], [1, 2], lines_off=True) == [
        e2e.Command("edu_w2v", "cbow", 1),
        e2e.Command("gensim", "cbow", 1),
        e2e.Command("edu_w2v", "cbow", 2),
        e2e.Command("gensim", "cbow", 2),
        e2e.Command("edu_w2v", "cbow", 1, lines=False),
    ]


def test_gensim_gets_edu_w2v_s_learning_rate(e2e):
    """The gensim child does not import the engine (numba would weigh on its floor): the
    benchmark's own constants must be the engine's defaults."""
    import inspect

    from edu_w2v.engines import streaming

    assert all(lr_out == e2e.ALPHA for _, lr_out in streaming.DEFAULT_LR.values())
    default = inspect.signature(streaming.train_streaming).parameters["min_lr_fraction"].default
    assert default == e2e.MIN_LR_FRACTION


def test_the_commands_defaults_are_the_benchmarks_settings(e2e):
    """The benchmark gives edu_w2v's command no --negatives or --sample: its defaults must be
    the settings gensim is given."""
    import inspect

    from edu_w2v.training import train_word_vectors

    defaults = inspect.signature(train_word_vectors).parameters
    assert defaults["sample_size"].default == e2e.NEGATIVES
    assert defaults["subsample_threshold"].default == e2e.SAMPLE


def test_lines_off_runs_call_the_library_and_show_its_phases(e2e, tmp_path):
    corpus = tmp_path / "c.txt"
    corpus.write_text("the cat sat on the mat and the dog sat on the rug\n" * 60)
    args = e2e.argparse.Namespace(
        corpus=corpus,
        out=tmp_path / "v.txt",
        model="cbow",
        threads=1,
        epochs=1,
        ignore_lines=True,
        min_count=5,
    )
    phases = e2e.child_edu_w2v(args)
    assert {"read", "vocabulary", "compile", "train", "save"} <= set(phases)
    assert (tmp_path / "v.txt").read_text().splitlines()[0] == "8 100"  # 8 words, 100 dims


def test_the_x10_corpus_keeps_the_x1_vocabulary(e2e, monkeypatch, tmp_path):
    """The x10 text is the x1 text 10 times over: its run gets min_count x 10, so that the
    words kept are the same and only the tokens grow."""
    calls = []

    def fake_run_child(command, corpus, out, epochs, min_count=e2e.MIN_COUNT):
        calls.append((corpus.name, min_count))
        return 1.0, 100.0, {}

    monkeypatch.setattr(e2e, "run_child", fake_run_child)
    monkeypatch.setattr(e2e, "quality_of", lambda out: {})
    corpora = {name: (tmp_path / f"{name}.txt", 1000) for name in ("x1", "x10", "floor")}
    e2e.measure([e2e.Command("edu_w2v", "cbow", 1)], corpora, tmp_path, 1, 1, True, say=print)
    assert ("x10.txt", 50) in calls and ("x1.txt", 5) in calls
    assert all(count == 5 for name, count in calls if name != "x10.txt")
    args = e2e.child_command(
        e2e.Command("edu_w2v", "cbow", 1), tmp_path / "c", tmp_path / "o", 1, 50
    )
    assert args[args.index("--min-count") + 1] == "50"
