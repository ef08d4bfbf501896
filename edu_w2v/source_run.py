"""The five layers exactly as the source run had them -- flaws included.

This module reproduces, number for number, the notebook cell this project grew from: a
negative-sampling loss over a 5-word vocabulary. Its layers keep the source run's names,
constructor arguments and numerical behaviour, so that ``run_source_experiment()`` prints the
source run byte for byte. They are *not* the layers to train with: notebook 07 finds their flaws
with a gradient check, and ``edu_w2v.SigmoidWithLoss`` & co. are the corrected versions.

The flaws, kept on purpose, are listed once in ``FLAWS`` (the numbers every notebook uses, and
for each, what the book's own code does in its place); each one is marked ``FLAW n`` where it
happens below.

Tracing: the source run printed ``out===`` and ``target_W===`` from inside ``forward``. Here that
is opt-in (``trace=True``), off by default.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np


class Flaw(NamedTuple):
    """One flaw of the source run, and what the book's own code does in its place.

    The book's code: github.com/oreilly-japan/deep-learning-from-scratch-2 (``book_file`` is a
    path in it). ``in_book``: the book's line does the same as the source run's.
    """

    number: int
    layer: str
    what: str
    in_book: bool
    book_file: str
    book_code: str


FLAWS: tuple[Flaw, ...] = (
    Flaw(
        1, "SigmoidWithLoss", "no sigmoid: the raw score is clipped and used as a probability",
        False, "common/layers.py",
        "SigmoidWithLoss.forward applies the sigmoid first: self.y = 1 / (1 + np.exp(-x))",
    ),
    Flaw(
        2, "SigmoidWithLoss", "the loss is a sum over the batch, the backward (s - t)/N on the raw "
        "score s: the gradient of neither the printed loss nor the mean sigmoid cross-entropy",
        False, "common/layers.py",
        "SigmoidWithLoss.forward averages over the batch (cross_entropy_error divides by "
        "batch_size) and backward returns (self.y - self.t) * dout / batch_size of the "
        "sigmoid's self.y: the gradient of that mean",
    ),
    Flaw(
        3, "Embedding", "grads[0][idx] += dout: a repeated row keeps only one of its updates",
        False, "common/layers.py",
        "Embedding.backward adds every repeated row: np.add.at(dW, self.idx, dout)",
    ),
    Flaw(
        4, "Embedding", "grads is never reset: each backward adds to the stale gradient of the "
        "last",
        False, "common/layers.py",
        "Embedding.backward zeroes the gradient first: dW[...] = 0",
    ),
    Flaw(
        5, "NegativeSamplingLoss", "params lists W k + 1 times, so grads[0], printed as "
        "'Gradients for W', is only the positive pair's share of dL/dW",
        True, "ch04/negative_sampling_layer.py",
        "NegativeSamplingLoss.__init__ lists W once per EmbeddingDot (self.params += "
        "layer.params), on purpose: the Trainer adds the k + 1 shares before each update "
        "(remove_duplicate, common/trainer.py); only reading grads[0] as the gradient is wrong",
    ),
    Flaw(
        6, "UnigramSampler", "the vocabulary size is the number of distinct ids seen in the corpus",
        True, "ch04/negative_sampling_layer.py",
        "UnigramSampler.__init__ has the same line, vocab_size = len(counts): harmless only when "
        "every id from 0 to V - 1 occurs in the corpus",
    ),
)  # fmt: skip
"""The source run's flaws, numbered once for the whole series, and the book's code in their
place: Flaws 1-4 are not in the book's ``common/layers.py``; Flaws 5 and 6 are lines of its
``ch04/negative_sampling_layer.py`` (5 by design, a flaw only when ``grads[0]`` is read alone)."""

SEED = 42
VOCAB = ["dog", "cat", "man", "woman", "apple"]
CORPUS = [0, 1, 2, 3, 4, 0, 1, 3, 2]


class SigmoidWithLoss:
    """Binary cross-entropy of scores ``y`` (N,) against labels ``t`` (N,), as in the source run.

    forward:  L = -sum_i [t_i log y_i + (1 - t_i) log(1 - y_i)],  y clipped to [1e-7, 1 - 1e-7]
    backward: dy = (y - t) * dout / N
    """

    def __init__(self) -> None:
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, y: np.ndarray, t: np.ndarray) -> np.floating:
        self.y, self.t = y, t
        p = np.clip(y, 1e-7, 1 - 1e-7)  # FLAW 1: y is a score, not a probability
        return -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p))  # FLAW 2: a sum ...

    def backward(self, dout: float = 1) -> np.ndarray:
        batch_size = self.t.shape[0]
        return (self.y - self.t) * dout / batch_size  # FLAW 2: ... but (s - t)/N here


class Embedding:
    """Row lookup ``out = W[idx]``: W (V, H), idx (N,) -> out (N, H)."""

    def __init__(self, W: np.ndarray, trace: bool = False) -> None:
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.trace = trace
        self.idx: np.ndarray | None = None

    def forward(self, idx: np.ndarray) -> np.ndarray:
        (W,) = self.params
        self.idx = idx
        out = W[idx]
        if self.trace:
            print("out===\n", out)
        return out

    def backward(self, dout: np.ndarray) -> None:
        self.grads[0][self.idx] += dout  # FLAW 3 (repeated rows), FLAW 4 (never reset)


class EmbeddingDot:
    """Score of each row of ``h`` with its target word: out_i = W[idx_i] . h_i.

    h (N, H), idx (N,) -> out (N,).   backward: dh_i = dout_i W[idx_i],  dW[idx_i] = dout_i h_i
    """

    def __init__(self, W: np.ndarray, trace: bool = False) -> None:
        self.embed = Embedding(W, trace=trace)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.trace = trace
        self.cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, h: np.ndarray, idx: np.ndarray) -> np.ndarray:
        target_W = self.embed.forward(idx)
        if self.trace:
            print("target_W===\n", target_W)
        self.cache = (h, target_W)
        return np.sum(target_W * h, axis=1)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        h, target_W = self.cache
        dout = dout.reshape(dout.shape[0], 1)
        self.embed.backward(dout * h)
        return dout * target_W


class UnigramSampler:
    """Draws ``sample_size`` distinct negative words per target, with P(w) ~ count(w) ** power.

    ``rng`` is a ``np.random.RandomState``; ``None`` uses NumPy's legacy global one, exactly as the
    source run did (so ``np.random.seed(42)`` reproduces its negatives).
    """

    def __init__(
        self,
        corpus: Sequence[int],
        power: float,
        sample_size: int,
        rng: np.random.RandomState | None = None,
    ) -> None:
        self.sample_size = sample_size
        self.rng = rng
        counts = collections.Counter(corpus)
        self.vocab_size = len(counts)  # FLAW 6: ids that never occur are not counted
        word_p = np.array([counts[i] for i in range(self.vocab_size)], dtype=float)
        word_p = np.power(word_p, power)
        self.word_p = word_p / np.sum(word_p)

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        """target (N,) -> negatives (N, sample_size), int32; one ``choice`` call per row."""
        choice = np.random.choice if self.rng is None else self.rng.choice
        batch_size = target.shape[0]
        negative_sample = np.zeros((batch_size, self.sample_size), dtype=np.int32)
        for i in range(batch_size):
            p = self.word_p.copy()
            p[target[i]] = 0
            p /= p.sum()
            negative_sample[i] = choice(self.vocab_size, size=self.sample_size, replace=False, p=p)
        return negative_sample


class NegativeSamplingLoss:
    """Loss of one positive pair and ``sample_size`` negative pairs per row of ``h``.

    h (N, H), target (N,) -> loss = L(scores of targets, 1) + sum_k L(scores of negatives_k, 0)
    """

    def __init__(
        self,
        W: np.ndarray,
        corpus: Sequence[int],
        power: float = 0.75,
        sample_size: int = 5,
        rng: np.random.RandomState | None = None,
        trace: bool = False,
    ) -> None:
        self.sample_size = sample_size
        self.sampler = UnigramSampler(corpus, power, sample_size, rng=rng)
        self.loss_layers = [SigmoidWithLoss() for _ in range(sample_size + 1)]
        self.embed_dot_layers = [EmbeddingDot(W, trace=trace) for _ in range(sample_size + 1)]
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        for layer in self.embed_dot_layers:  # FLAW 5: W appears sample_size + 1 times
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, h: np.ndarray, target: np.ndarray) -> np.floating:
        batch_size = target.shape[0]
        negative_sample = self.sampler.get_negative_sample(target)

        score = self.embed_dot_layers[0].forward(h, target)
        loss = self.loss_layers[0].forward(score, np.ones(batch_size, dtype=np.int32))

        negative_label = np.zeros(batch_size, dtype=np.int32)
        for k in range(self.sample_size):
            score = self.embed_dot_layers[1 + k].forward(h, negative_sample[:, k])
            loss += self.loss_layers[1 + k].forward(score, negative_label)
        return loss

    def backward(self, dout: float = 1) -> np.ndarray:
        dh = 0
        for loss_layer, embed_dot in zip(self.loss_layers, self.embed_dot_layers, strict=True):
            dh += embed_dot.backward(loss_layer.backward(dout))
        return dh


def source_inputs(
    seed: int = SEED,
) -> tuple[np.ndarray, list[int], np.ndarray, np.ndarray]:
    """The source run's inputs: ``W`` (5, 2) from ``np.random.seed(seed)``, corpus, ``h``, target.

    Seeds NumPy's legacy global RNG, as the source run did: the negatives drawn next continue
    that same random stream.
    """
    np.random.seed(seed)
    W = np.random.randn(len(VOCAB), 2)
    h = np.array([[0.1, 0.2], [0.3, 0.4]])  # hidden vectors of 2 contexts
    target = np.array([0, 2])  # "dog" and "man"
    return W, list(CORPUS), h, target


def run_source_experiment(trace: bool = True) -> None:
    """Print the source run: W, the traced lookups, the loss and the gradients."""
    W, corpus, h, target = source_inputs()
    print("W===\n", W)
    loss_layer = NegativeSamplingLoss(W, corpus, sample_size=2, trace=trace)
    loss = loss_layer.forward(h, target)
    print(f"Total Loss: {loss}")
    dh = loss_layer.backward()
    print(f"Gradients for hidden layer (dh): {dh}")
    print(f"Gradients for W: {loss_layer.grads[0]}")


class SourceRunCBOW:
    """CBOW as the book builds it from the source run's layers: the benchmarks' slow design.

    One ``Embedding`` per context position (2 x ``window``, no PADs), one ``EmbeddingDot`` per
    negative, a Python loop per row in the sampler, dense (V, H) gradients zeroed and summed for
    every lookup, float64 weights drawn as the source run drew them (``rng.randn``). It only
    serves to time that design (its loss has the source run's flaws): train it with a dense
    optimizer on ``params`` / ``grads`` after ``zero_ns_grads(); forward(...); backward()``.
    """

    def __init__(
        self,
        vocab_size: int,
        corpus: np.ndarray,
        rng: np.random.RandomState,
        hidden_size: int = 100,
        window: int = 5,
        sample_size: int = 5,
    ) -> None:
        W_in = 0.01 * rng.randn(vocab_size, hidden_size)  # float64, as the source run's W
        W_out = 0.01 * rng.randn(vocab_size, hidden_size)
        self.in_layers = [Embedding(W_in) for _ in range(2 * window)]
        self.ns_loss = NegativeSamplingLoss(
            W_out, corpus, power=0.75, sample_size=sample_size, rng=rng
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
