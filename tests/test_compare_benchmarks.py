"""benchmarks/compare_gensim.py and benchmarks/scaling.py: smoke runs (--quick) and their logic.

Speed numbers depend on the machine and are not judged here; what is checked is that both
scripts run, measure what they claim and print it, and that their arithmetic is right. gensim is
optional: without it the comparison must say so and still measure edu_w2v.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from helpers import ROOT


@pytest.fixture
def benchmarks(monkeypatch):
    """Import a benchmark script by name. benchmarks/ goes on sys.path: the scripts import each
    other by name, and compare_gensim's spawned children (which inherit sys.path) import it."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    return importlib.import_module


# --- compare_gensim --------------------------------------------------------------------------

CHILD_RUNS = {}  # run_in_child's results in this module, by its arguments


@pytest.fixture
def compare_gensim(benchmarks, monkeypatch):
    """compare_gensim, whose trainings in a child process are made once for the tests below:
    with and without gensim, the quick run trains edu_w2v's CBOW with the same arguments (the
    spawned child inherits no monkeypatch: it finds gensim either way)."""
    module = benchmarks("compare_gensim")
    run_in_child = module.run_in_child

    def once(*args):
        if args not in CHILD_RUNS:
            CHILD_RUNS[args] = run_in_child(*args)
        return CHILD_RUNS[args]

    monkeypatch.setattr(module, "run_in_child", once)
    return module


def _result(compare_gensim, library, model="cbow", seconds=1.0, accuracy=0.05, ws353=0.4):
    return compare_gensim.RunResult(
        library=library,
        model=model,
        epochs=2,
        raw_words=1000,
        vocabulary=50,
        seconds=seconds,
        peak_mib=100.0,
        analogy_accuracy=accuracy,
        analogies_answered=10,
        rho={"WS353": ws353, "SL999": 0.2},
        king_analogy="queen",
    )


def test_compare_gensim_quick_runs_both_models_side_by_side(compare_gensim, capsys):
    results = compare_gensim.main(["--quick"])
    printed = capsys.readouterr().out

    ours = [r for r in results if r.library == "edu_w2v"]
    assert [r.model for r in ours] == ["cbow", "skipgram"]
    for r in ours:
        assert r.epochs == 1 and r.raw_words > 20_000 and r.vocabulary > 500
        assert r.seconds > 0 and r.words_per_second > 0
        assert 20 < r.peak_mib < 2000  # a whole Python process with NumPy, a small corpus
        assert r.analogies_answered > 0 and 0 <= r.analogy_accuracy <= 1
    assert "words/s" in printed and "peak MiB" in printed
    assert sum(line.split()[1:2] == ["edu_w2v"] for line in printed.splitlines()) == 2

    if compare_gensim.gensim_installed():
        theirs = [r for r in results if r.library == "gensim"]
        assert [r.model for r in theirs] == ["cbow", "skipgram"]
        for mine, other in zip(ours, theirs, strict=True):
            # the same tokens and min_count: the same corpus size and the same vocabulary
            assert (mine.raw_words, mine.vocabulary) == (other.raw_words, other.vocabulary)
            assert mine.analogies_answered == other.analogies_answered
            for r in (mine, other):
                assert sorted(r.rho) == ["SL999", "WS353"]
                assert all(-1 <= rho <= 1 for rho in r.rho.values())
        assert "target: cbow words/s >= 0.35x gensim's" in printed
        assert "target: skipgram words/s >= 0.3x gensim's" in printed
        assert "target: skipgram WS353 rho >= gensim's - 0.02" in printed
    else:
        assert compare_gensim.GENSIM_MISSING in printed
        assert [r.library for r in results] == ["edu_w2v", "edu_w2v"]
        assert "targets not checked: they compare with gensim" in printed


def test_compare_gensim_without_gensim_says_so_and_measures_edu_w2v(
    compare_gensim, capsys, monkeypatch
):
    monkeypatch.setattr(compare_gensim, "gensim_installed", lambda: False)
    results = compare_gensim.main(["--quick", "--models", "cbow"])
    printed = capsys.readouterr().out
    assert printed.startswith("gensim not installed: measuring edu_w2v only")
    assert [(r.library, r.model) for r in results] == [("edu_w2v", "cbow")]
    assert "targets not checked" in printed and "target: " not in printed


def test_format_table_gives_words_per_second_and_the_ratio_to_gensim(benchmarks):
    compare_gensim = benchmarks("compare_gensim")
    ours = _result(compare_gensim, "edu_w2v", seconds=4.0)  # 1000 words x 2 epochs / 4 s
    theirs = _result(compare_gensim, "gensim", seconds=1.0)
    assert ours.words_per_second == 500 and theirs.words_per_second == 2000
    table = compare_gensim.format_table([ours, theirs]).splitlines()
    assert table[0].split()[:6] == ["model", "library", "epochs", "seconds", "words/s", "ratio"]
    assert table[1].split()[:6] == ["cbow", "edu_w2v", "2", "4.0", "500", "0.25x"]
    assert table[2].split()[:6] == ["cbow", "gensim", "2", "1.0", "2,000", "1.00x"]
    assert table[1].split()[6:] == ["5.0%", "10", "0.400", "0.200", "100", "queen"]


def test_format_table_without_gensim_shows_dashes_for_what_needs_it(benchmarks):
    compare_gensim = benchmarks("compare_gensim")
    alone = _result(compare_gensim, "edu_w2v", accuracy=math.nan)
    alone = compare_gensim.RunResult(**{**alone.__dict__, "rho": {}})
    row = compare_gensim.format_table([alone]).splitlines()[1].split()
    assert row[5] == "-x"  # no ratio
    assert row[6] == "-" and row[8:10] == ["-", "-"]  # no accuracy, no rho


@pytest.mark.parametrize(
    ("seconds", "accuracy", "ws353", "expected"),
    [
        (2.5, 0.031, 0.381, [True, True, True, True]),  # 0.4x; 0.019 below gensim: met
        (2.9, 0.05, 0.4, [False, True, True, True]),  # too slow (0.345x)
        (1.0, 0.029, 0.5, [True, False, True, True]),  # accuracy 0.021 below gensim's
        (1.0, 0.06, 0.379, [True, True, False, True]),  # rho 0.021 below gensim's
        (1.0, 0.06, math.nan, [True, True, False, True]),  # rho not measured: not met
    ],
)
def test_check_targets_compares_edu_w2v_with_gensim(benchmarks, seconds, accuracy, ws353, expected):
    compare_gensim = benchmarks("compare_gensim")
    results = [
        _result(compare_gensim, "edu_w2v", seconds=seconds, accuracy=accuracy, ws353=ws353),
        _result(compare_gensim, "gensim", seconds=1.0, accuracy=0.05, ws353=0.4),
    ]
    targets = compare_gensim.check_targets(results)
    assert [t.met for t in targets] == expected
    assert str(targets[0]).startswith("target: cbow words/s >= 0.35x gensim's")
    assert str(targets[0]).endswith("-> met" if expected[0] else "-> NOT met")


def test_check_targets_skipgram_has_its_own_speed_target(benchmarks):
    compare_gensim = benchmarks("compare_gensim")
    results = [
        _result(compare_gensim, library, model="skipgram", seconds=seconds)
        for library, seconds in (("edu_w2v", 10.0), ("gensim", 1.0))
    ]
    descriptions = [t.description for t in compare_gensim.check_targets(results)]
    assert len(descriptions) == 4 and all(d.startswith("skipgram ") for d in descriptions)
    assert descriptions[0].startswith("skipgram words/s >= 0.3x gensim's (got 0.100x)")
    assert compare_gensim.check_targets(results[:1]) == []  # nothing to compare with


def test_compare_gensim_rejects_bad_arguments(benchmarks):
    compare_gensim = benchmarks("compare_gensim")
    with pytest.raises(ValueError, match="library must be one of"):
        compare_gensim.measure_run("word2vec", "cbow", 1)
    with pytest.raises(ValueError, match="model must be one of"):
        compare_gensim.measure_run("edu_w2v", "glove", 1)
    with pytest.raises(ValueError, match="models must be among"):
        compare_gensim.compare(["cbow", "glove"])
    with pytest.raises(ValueError, match="epochs must be None or an int >= 1"):
        compare_gensim.compare(["cbow"], epochs=0)


@pytest.mark.skipif(sys.platform != "linux", reason="VmHWM of /proc/self/status is Linux's")
def test_peak_rss_of_a_spawned_child_is_its_own_not_its_parents(benchmarks):
    compare_gensim = benchmarks("compare_gensim")
    block = np.ones(int(compare_gensim.peak_rss_mib() + 100) * 2**20 // 8)  # a new peak here
    block_mib = block.nbytes / 2**20
    assert compare_gensim.peak_rss_mib() >= block_mib
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as child:
        child_peak = child.submit(compare_gensim.peak_rss_mib).result()
    assert 10 < child_peak < block_mib / 2  # ru_maxrss would report the parent's peak here


# --- scaling ---------------------------------------------------------------------------------


def test_scaling_quick_prints_both_designs_and_their_growth(benchmarks, capsys):
    scaling = benchmarks("scaling")
    points = scaling.main(["--quick"])
    printed = capsys.readouterr().out
    assert {(p.design, p.vocab_size, p.hidden_size) for p in points} == {
        (design, v, h) for design in scaling.DESIGNS for v in (1_000, 4_000) for h in (16, 32)
    }
    assert all(p.ms_per_step > 0 and p.state_mib > 0 and p.step_mib > 0 for p in points)
    assert "source-run design" in printed and "fast path" in printed and "speed-up" in printed
    assert "H =  16: time per step from V = 1,000 to 4,000: source-run design x" in printed


def test_dense_design_memory_grows_with_vocabulary_and_the_fast_paths_step_does_not(benchmarks):
    scaling = benchmarks("scaling")
    small, large = (
        {d: scaling.measure_point(d, v, 16, min_steps=1, min_seconds=0) for d in scaling.DESIGNS}
        for v in (1_000, 8_000)
    )
    # 16 dense (V, H) gradients: what the source-run design keeps grows like V, and so does
    # what a step allocates (summed gradients, Adam's temporaries) ...
    assert large["source-run"].state_mib > 6 * small["source-run"].state_mib
    assert large["source-run"].step_mib > 6 * small["source-run"].step_mib
    # 16 grads + Adam against W_in, W_out and the fast path's unigram table (100 int32 per word)
    assert large["source-run"].state_mib > 4 * large["fast"].state_mib
    # ... a fast-path step allocates arrays of the batch's size, whatever V is
    assert large["fast"].step_mib < 1.5 * small["fast"].step_mib


def test_zipf_corpus_has_every_id_and_a_zipf_shape(benchmarks):
    scaling = benchmarks("scaling")
    corpus = scaling.zipf_corpus(500, length=100_000)
    counts = [int((corpus == i).sum()) for i in (0, 1, 9, 499)]
    assert corpus.dtype.name == "int32" and len(corpus) == 100_500
    assert set(corpus.tolist()) == set(range(500))
    assert counts[0] > 1.6 * counts[1] and counts[0] > 7 * counts[2] > 0  # ~2x and ~10x
    assert counts[3] >= 1
    with pytest.raises(ValueError, match="vocab_size must be an int >= 2"):
        scaling.zipf_corpus(1)


def test_time_growth_is_the_ratio_between_the_extreme_sizes(benchmarks):
    scaling = benchmarks("scaling")
    point = scaling.ScalingPoint
    points = [
        point("fast", 1_000, 100, 2.0, 1.0, 1.0),
        point("fast", 50_000, 100, 9.0, 1.0, 1.0),  # in between: not used
        point("fast", 100_000, 100, 3.0, 1.0, 1.0),
        point("fast", 1_000, 300, 8.0, 1.0, 1.0),
        point("source-run", 1_000, 100, 10.0, 1.0, 1.0),
    ]
    assert scaling.time_growth(points, "fast", "vocab_size", at=100) == 1.5
    assert scaling.time_growth(points, "fast", "hidden_size", at=1_000) == 4.0
    with pytest.raises(ValueError, match="need two vocab_size values"):
        scaling.time_growth(points, "source-run", "vocab_size", at=100)
    with pytest.raises(ValueError, match="over must be"):
        scaling.time_growth(points, "fast", "batch_size")
    with pytest.raises(ValueError, match="design must be one of"):
        scaling.measure_point("dense", 1_000, 16)
