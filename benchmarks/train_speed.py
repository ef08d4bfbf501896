"""Benchmark: CBOW training speed, the source run's design vs. the fast path, side by side.

Both train CBOW on the bundled WordNet-glosses corpus with the same data and settings (window 5,
100 dimensions, batch 100, 5 negatives, a 10,000-word vocabulary):

  (a) source-run design (``edu_w2v.source_run.SourceRunCBOW``): the source run's layers (one
      Embedding per context position, one EmbeddingDot per negative, a Python loop per row in
      the sampler), dense (V, H) gradients zeroed and summed for every lookup, a dense Adam step
      over all V rows, and float64 weights as the source run drew them (``np.random.randn``);
  (b) fast path: ``edu_w2v.engines.fast.FastCBOW``, one fused step per batch (gather, scores,
      sigmoid, gradients and the SGD update of the touched rows), as ``train_word_vectors`` uses it;
  (c) for reference, the teaching ``edu_w2v.cbow.CBOW`` (dense gradients) with dense SGD;
  float32 for (b) and (c).

Prints targets/second for each, the ratios, and the peak memory each allocated (tracemalloc).
Run:  python benchmarks/train_speed.py   (about a minute; --quick for a smoke run)
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable, Sequence

import numpy as np

from edu_w2v import source_run
from edu_w2v.cbow import CBOW
from edu_w2v.datasets import load_wordnet_glosses
from edu_w2v.engines.fast import FastCBOW
from edu_w2v.optimizers import SGD, Adam
from edu_w2v.preprocessing import build_corpus, contexts_and_targets
from edu_w2v.training import default_lr

WINDOW, HIDDEN, BATCH, NEGATIVES, VOCAB = 5, 100, 100, 5, 10_000


def measure(make_step: Callable[[], Callable[[int], None]], n_steps: int) -> tuple[float, float]:
    """Seconds per training step, and the peak memory in MiB that building and training take.

    The peak (tracemalloc) covers building the model and its first steps; the timing comes
    after, untraced (tracing every allocation slows NumPy code, small allocations most).
    """
    tracemalloc.start()
    step = make_step()
    step(0)
    step(1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    for i in range(2, n_steps + 2):
        step(i)
    return (time.perf_counter() - started) / n_steps, peak / 2**20


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few steps only (smoke test)")
    args = parser.parse_args(argv)
    slow_steps, fast_steps, teaching_steps = (3, 20, 3) if args.quick else (40, 2000, 100)

    ids, vocab = build_corpus(load_wordnet_glosses(), min_count=5, max_size=VOCAB)
    contexts, targets = contexts_and_targets(ids, WINDOW)
    order = np.random.default_rng(0).permutation(len(targets))

    def batch(i: int) -> tuple[np.ndarray, np.ndarray]:
        rows = order[i * BATCH : (i + 1) * BATCH]
        return contexts[rows], targets[rows]

    def slow_design() -> Callable[[int], None]:
        slow = source_run.SourceRunCBOW(len(vocab), ids, np.random.RandomState(0), HIDDEN)
        adam = Adam(lr=0.001)

        def step(i: int) -> None:
            slow.zero_ns_grads()
            slow.forward(*batch(i))
            slow.backward()
            adam.update(slow.params, slow.grads)

        return step

    def fast_path() -> Callable[[int], None]:
        fast = FastCBOW(len(vocab), HIDDEN, ids, 0.75, NEGATIVES, np.float32, 0)
        lr = default_lr("cbow", BATCH)

        def step(i: int) -> None:
            fast.train_batch(*batch(i), lr)

        return step

    def teaching_model() -> Callable[[int], None]:
        teaching = CBOW(len(vocab), HIDDEN, ids, 0.75, NEGATIVES, np.float32, 0)
        sgd = SGD(lr=default_lr("cbow", BATCH))

        def step(i: int) -> None:
            teaching.forward(*batch(i))
            teaching.backward()
            sgd.update(teaching.params, teaching.grads)

        return step

    rows = {
        "(a) source-run layers, dense Adam, f64": measure(slow_design, slow_steps),
        "(b) fast path, SGD, f32": measure(fast_path, fast_steps),
        "(c) teaching CBOW, dense SGD, f32": measure(teaching_model, teaching_steps),
    }
    slow_seconds = rows["(a) source-run layers, dense Adam, f64"][0]
    print(
        f"CBOW, window {WINDOW}, {HIDDEN} dims, batch {BATCH}, {NEGATIVES} negatives, "
        f"vocabulary {len(vocab):,}, {len(targets):,} targets available"
    )
    print(f"{'design':<36} {'targets/s':>10} {'speed-up':>9} {'peak MiB':>9}")
    for name, (seconds, mib) in rows.items():
        print(f"{name:<36} {BATCH / seconds:>10,.0f} {slow_seconds / seconds:>8.0f}x {mib:>9.1f}")
    speedup = slow_seconds / rows["(b) fast path, SGD, f32"][0]
    verdict = "met" if speedup >= 50 else "NOT met"
    print(f"target: the fast path (SGD) at least 50x the source-run design -> {verdict}")
    return {name: BATCH / seconds for name, (seconds, _) in rows.items()} | {"speedup": speedup}


if __name__ == "__main__":
    main()
