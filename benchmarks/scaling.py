"""Benchmark: how the time and memory of one CBOW training step grow with vocabulary and dimensions.

Two designs train on the same batches (CBOW, window 5, batch 100, 5 negatives):

  source-run design  ``edu_w2v.source_run.SourceRunCBOW`` (float64, as the source run)
                     and a dense Adam step: each of its 16 lookup layers keeps a dense (V, H)
                     gradient that is zeroed and summed at every step, the sampler loops over the
                     rows (each draw costs O(V)), and Adam updates all V x H numbers -> time and
                     memory per step grow with V x H;
  fast path          ``edu_w2v.engines.fast.FastCBOW``, float32, its fused SGD step (as
                     ``train_word_vectors``): a step touches the rows of its batch only -> its
                     time grows with H, not V.

Vocabularies up to 100 k words are more than the bundled corpus has (~60 k distinct words), so
the corpus here is synthetic: word ids drawn from Zipf's law, P(word i) ~ 1 / (i + 1), as in real
text (notebook 08), every id present at least once (the source run's sampler counts only the
ids it sees). Reported for each vocabulary size V, dimension H and design:

  ms/step    mean time of one step (forward, backward, update), after a warm-up step;
  state MiB  memory the model and optimiser keep between steps (weights, gradient buffers,
             Adam's moments), measured with tracemalloc;
  step MiB   extra memory one step allocates at its peak (temporary arrays).

Run:  python benchmarks/scaling.py      (about a minute; --quick for a smoke run)
      The source-run design at V = 100 k, H = 300 keeps 5 GiB (float64): on a small machine pass
      e.g. --vocab-sizes 10000 20000 50000 --dims 50 100 200.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from edu_w2v.engines.fast import FastCBOW
from edu_w2v.optimizers import Adam
from edu_w2v.preprocessing import contexts_and_targets
from edu_w2v.source_run import SourceRunCBOW
from edu_w2v.training import default_lr

DESIGNS = ("source-run", "fast")
VOCAB_SIZES = (10_000, 20_000, 50_000, 100_000)
DIMS = (50, 100, 200, 300)
CORPUS_LENGTH = 200_000  # synthetic word ids, plus one of each id
WINDOW, BATCH, NEGATIVES = 5, 100, 5  # as benchmarks/train_speed.py
MIB = 2**20

Step = Callable[[np.ndarray, np.ndarray], None]  # one training step on (contexts, targets)


def zipf_corpus(vocab_size: int, length: int = CORPUS_LENGTH, seed: int = 0) -> np.ndarray:
    """Word ids (vocab_size + length,), int32: every id once, then ``length`` draws with
    P(i) = (1 / (i + 1)) / sum_j 1 / (j + 1), all shuffled."""
    if isinstance(vocab_size, bool) or not isinstance(vocab_size, int) or vocab_size < 2:
        raise ValueError(f"vocab_size must be an int >= 2, got {vocab_size!r}")
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, vocab_size + 1)
    draws = rng.choice(vocab_size, size=length, p=p / p.sum())
    return rng.permutation(np.concatenate([np.arange(vocab_size), draws])).astype(np.int32)


def build_step(design: str, vocab_size: int, hidden_size: int, corpus: np.ndarray) -> Step:
    """A fresh model and optimiser of ``design``; returns its training step."""
    if design == "source-run":
        rng = np.random.RandomState(0)
        model = SourceRunCBOW(vocab_size, corpus, rng, hidden_size, WINDOW, NEGATIVES)
        optimizer = Adam(lr=0.001)

        def step(contexts: np.ndarray, targets: np.ndarray) -> None:
            model.zero_ns_grads()
            model.forward(contexts, targets)
            model.backward()
            optimizer.update(model.params, model.grads)

        return step
    if design == "fast":
        fast = FastCBOW(vocab_size, hidden_size, corpus, 0.75, NEGATIVES, np.float32, 0)
        lr = default_lr("cbow", BATCH)

        def step(contexts: np.ndarray, targets: np.ndarray) -> None:
            fast.train_batch(contexts, targets, lr)

        return step
    raise ValueError(f"design must be one of {DESIGNS}, got {design!r}")


def seconds_per_step(
    step: Callable[[int], None], min_steps: int = 3, min_seconds: float = 0.5
) -> float:
    """Mean seconds of ``step(i)`` for i = 1, 2, ...: at least ``min_steps`` steps and
    ``min_seconds`` seconds. ``step(0)`` is a warm-up, not timed."""
    step(0)
    steps, started = 0, time.perf_counter()
    while steps < min_steps or time.perf_counter() - started < min_seconds:
        steps += 1
        step(steps)
    return (time.perf_counter() - started) / steps


@dataclass(frozen=True)
class ScalingPoint:
    """Time and memory of one design's training step at one (V, H)."""

    design: str
    vocab_size: int
    hidden_size: int
    ms_per_step: float
    state_mib: float
    step_mib: float


def measure_point(
    design: str, vocab_size: int, hidden_size: int, min_steps: int = 3, min_seconds: float = 0.5
) -> ScalingPoint:
    """Build ``design`` at (vocab_size, hidden_size) on a Zipf corpus and measure its steps.

    Memory is traced while the model is built and takes two steps; the steps are timed after,
    untraced (tracemalloc slows every allocation down).
    """
    if design not in DESIGNS:
        raise ValueError(f"design must be one of {DESIGNS}, got {design!r}")
    corpus = zipf_corpus(vocab_size)
    contexts, targets = contexts_and_targets(corpus, WINDOW)
    order = np.random.default_rng(0).permutation(len(targets))
    batches = len(order) // BATCH

    def step_of(train_step: Step) -> Callable[[int], None]:
        def step(i: int) -> None:  # batch i (cycling through the corpus)
            rows = order[(i % batches) * BATCH : (i % batches + 1) * BATCH]
            train_step(contexts[rows], targets[rows])

        return step

    tracemalloc.start()
    try:
        step = step_of(build_step(design, vocab_size, hidden_size, corpus))
        step(0)  # the first step also allocates what the optimiser keeps (Adam's moments)
        state = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        step(1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    seconds = seconds_per_step(step, min_steps, min_seconds)
    return ScalingPoint(
        design, vocab_size, hidden_size, 1000 * seconds, state / MIB, (peak - state) / MIB
    )


def measure_grid(
    vocab_sizes: Sequence[int] = VOCAB_SIZES,
    dims: Sequence[int] = DIMS,
    designs: Sequence[str] = DESIGNS,
    min_seconds: float = 0.5,
) -> list[ScalingPoint]:
    """``measure_point`` for every (design, V, H) combination."""
    return [
        measure_point(design, vocab_size, hidden_size, min_seconds=min_seconds)
        for vocab_size in vocab_sizes
        for hidden_size in dims
        for design in designs
    ]


def time_growth(
    points: Sequence[ScalingPoint], design: str, over: str = "vocab_size", at: int = 100
) -> float:
    """ms/step at the largest value of ``over`` / at the smallest, the other size being ``at``.

    over="vocab_size": growth with V at H = ``at``; over="hidden_size": growth with H at V = ``at``.
    """
    other = {"vocab_size": "hidden_size", "hidden_size": "vocab_size"}.get(over)
    if other is None:
        raise ValueError(f"over must be 'vocab_size' or 'hidden_size', got {over!r}")
    line = sorted(
        (getattr(p, over), p.ms_per_step)
        for p in points
        if p.design == design and getattr(p, other) == at
    )
    if len(line) < 2:
        raise ValueError(f"need two {over} values for {design!r} at {other} = {at}, got {line}")
    return line[-1][1] / line[0][1]


def format_table(points: Sequence[ScalingPoint]) -> str:
    """One row per (V, H): each design's ms/step, state MiB and step MiB, and the speed-up."""
    by_key = {(p.vocab_size, p.hidden_size, p.design): p for p in points}
    sizes = sorted({(p.vocab_size, p.hidden_size) for p in points})
    columns = f"{'ms/step':>9} {'state MiB':>9} {'step MiB':>8}"
    rows = [
        f"{'':>7} {'':>3}   {'source-run design':^28}   {'fast path':^28}",
        f"{'V':>7} {'H':>3}   {columns}   {columns}   speed-up",
    ]
    for vocab_size, hidden_size in sizes:
        cells = []
        for design in DESIGNS:
            p = by_key.get((vocab_size, hidden_size, design))
            cells.append(
                f"{p.ms_per_step:>9.2f} {p.state_mib:>9.1f} {p.step_mib:>8.1f}"
                if p
                else f"{'-':>9} {'-':>9} {'-':>8}"
            )
        slow, fast = (
            by_key.get((vocab_size, hidden_size, "source-run")),
            by_key.get((vocab_size, hidden_size, "fast")),
        )
        speedup = f"{slow.ms_per_step / fast.ms_per_step:>7.0f}x" if slow and fast else "-"
        rows.append(f"{vocab_size:>7,} {hidden_size:>3}   {cells[0]}   {cells[1]}   {speedup}")
    return "\n".join(rows)


def plot_scaling(
    points: Sequence[ScalingPoint],
    hidden_size: int,
    vocab_size: int,
    figsize: tuple[float, float] = (10, 3.8),
) -> np.ndarray:
    """Two log-scale panels in a new figure of ``figsize`` inches: ms/step against V (at
    ``hidden_size``) and against H (at ``vocab_size``), one line per design. Returns the Axes."""
    import matplotlib.pyplot as plt  # only plotting needs matplotlib

    _, axes = plt.subplots(1, 2, figsize=figsize)
    for ax, over, other, at in (
        (axes[0], "vocab_size", "hidden_size", hidden_size),
        (axes[1], "hidden_size", "vocab_size", vocab_size),
    ):
        for design, label in zip(DESIGNS, ("source-run design", "fast path"), strict=True):
            line = sorted(
                (getattr(p, over), p.ms_per_step)
                for p in points
                if p.design == design and getattr(p, other) == at
            )
            if line:
                ax.plot(*zip(*line, strict=True), "o-", label=label)
        ax.set_yscale("log")
        ax.set_ylabel("ms per step (log scale)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    axes[0].set_xlabel(f"vocabulary size V (H = {hidden_size})")
    axes[1].set_xlabel(f"dimensions H (V = {vocab_size:,})")
    return axes


def main(argv: Sequence[str] | None = None) -> list[ScalingPoint]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab-sizes", type=int, nargs="+", default=list(VOCAB_SIZES))
    parser.add_argument("--dims", type=int, nargs="+", default=list(DIMS))
    parser.add_argument("--quick", action="store_true", help="two tiny sizes each (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        vocab_sizes, dims, min_seconds = (1_000, 4_000), (16, 32), 0.02
    else:
        vocab_sizes, dims, min_seconds = args.vocab_sizes, args.dims, 0.5

    points = measure_grid(vocab_sizes, dims, min_seconds=min_seconds)
    print(
        f"CBOW, window {WINDOW}, batch {BATCH}, {NEGATIVES} negatives, Zipf corpus; "
        "source-run design float64 + dense Adam, fast path float32 + SGD"
    )
    print(format_table(points))
    small_v, large_v = min(vocab_sizes), max(vocab_sizes)
    for hidden_size in sorted(set(dims)) if small_v < large_v else ():
        growths = [time_growth(points, design, "vocab_size", hidden_size) for design in DESIGNS]
        print(
            f"H = {hidden_size:>3}: time per step from V = {small_v:,} to {large_v:,}: "
            f"source-run design x{growths[0]:.1f}, fast path x{growths[1]:.1f}"
        )
    return points


if __name__ == "__main__":
    main()
