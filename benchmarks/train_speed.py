"""Benchmark: CBOW training speed, the source run's design vs. the fast path, side by side.

Both train CBOW on the bundled WordNet-glosses corpus with the same data and settings (window 5,
100 dimensions, batch 100, 5 negatives, a 10,000-word vocabulary):

  (a) source-run design: the source run's layers (one Embedding per context position, one
      EmbeddingDot per negative, a Python loop per row in the sampler), dense (V, H) gradients
      zeroed and summed for every lookup, a dense Adam step over all V rows, and float64 weights
      as the source run drew them (``np.random.randn``);
  (b) fast path: ``edu_w2v.CBOW`` in sparse mode (RowGrads of the touched rows, negatives drawn
      for the whole batch at once), with the SGD step that ``train_word_vectors`` uses, and
      for reference with a lazy (row-wise) Adam; float32 throughout.

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
from edu_w2v.optimizers import SGD, Adam
from edu_w2v.preprocessing import build_corpus, contexts_and_targets
from edu_w2v.training import default_lr

WINDOW, HIDDEN, BATCH, NEGATIVES, VOCAB = 5, 100, 100, 5, 10_000


class SourceRunCBOW:
    """CBOW as the book builds it, from the source run's layers (dW shared, summed per step)."""

    def __init__(
        self,
        vocab_size: int,
        corpus: np.ndarray,
        rng: np.random.RandomState,
        hidden_size: int = HIDDEN,
    ) -> None:
        W_in = 0.01 * rng.randn(vocab_size, hidden_size)  # float64, as the source run's W
        W_out = 0.01 * rng.randn(vocab_size, hidden_size)
        self.in_layers = [source_run.Embedding(W_in) for _ in range(2 * WINDOW)]
        self.ns_loss = source_run.NegativeSamplingLoss(
            W_out, corpus, power=0.75, sample_size=NEGATIVES, rng=rng
        )
        self.params = [W_in, W_out]

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        h = sum(layer.forward(contexts[:, i]) for i, layer in enumerate(self.in_layers))
        return self.ns_loss.forward(h / len(self.in_layers), target)

    def backward(self) -> None:
        dh = self.ns_loss.backward() / len(self.in_layers)
        for layer in self.in_layers:
            layer.grads[0][...] = 0  # the book's Embedding zeroes its dense dW every backward
            layer.backward(dh)

    @property
    def grads(self) -> list[np.ndarray]:
        """The shared weights' gradients, summed over the layers that use them (V x H each)."""
        return [
            sum(layer.grads[0] for layer in self.in_layers),
            sum(layer.grads[0] for layer in self.ns_loss.embed_dot_layers),
        ]

    def zero_ns_grads(self) -> None:
        for layer in self.ns_loss.embed_dot_layers:
            layer.grads[0][...] = 0


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
    slow_steps, fast_steps = (3, 20) if args.quick else (40, 2000)

    ids, vocab = build_corpus(load_wordnet_glosses(), min_count=5, max_size=VOCAB)
    contexts, targets = contexts_and_targets(ids, WINDOW)
    order = np.random.default_rng(0).permutation(len(targets))

    def batch(i: int) -> tuple[np.ndarray, np.ndarray]:
        rows = order[i * BATCH : (i + 1) * BATCH]
        return contexts[rows], targets[rows]

    def slow_design() -> Callable[[int], None]:
        slow = SourceRunCBOW(len(vocab), ids, np.random.RandomState(0))
        adam = Adam(lr=0.001)

        def step(i: int) -> None:
            slow.zero_ns_grads()
            slow.forward(*batch(i))
            slow.backward()
            adam.update(slow.params, slow.grads)

        return step

    def fast_path(optimizer: SGD | Adam) -> Callable[[], Callable[[int], None]]:
        def build() -> Callable[[int], None]:
            fast = CBOW(len(vocab), HIDDEN, ids, sample_size=NEGATIVES, seed=0, sparse=True)

            def step(i: int) -> None:
                fast.forward(*batch(i))
                fast.backward()
                optimizer.update(fast.params, fast.grads)

            return step

        return build

    rows = {
        "(a) source-run layers, dense Adam, f64": measure(slow_design, slow_steps),
        "(b) fast path, SGD, f32": measure(
            fast_path(SGD(lr=default_lr("cbow", BATCH))), fast_steps
        ),
        "(b) fast path, lazy Adam, f32": measure(fast_path(Adam(lr=0.001)), fast_steps),
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
