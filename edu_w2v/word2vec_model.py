"""What CBOW and skip-gram share: two weight matrices, an embedding, a negative-sampling loss."""

from __future__ import annotations

import numpy as np

from edu_w2v.embedding import Embedding
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.preprocessing import PAD


def init_weights(
    vocab_size: int, hidden_size: int, dtype: type, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """word2vec's start: W_in (V, H) uniform in [-0.5/H, 0.5/H), W_out (V, H) zeros."""
    W_in = ((rng.random((vocab_size, hidden_size)) - 0.5) / hidden_size).astype(dtype)
    W_out = np.zeros((vocab_size, hidden_size), dtype=dtype)
    return W_in, W_out


class Word2VecModel:
    """Base of ``CBOW`` and ``SkipGram``: they differ only in ``forward`` and ``backward``.

    W_in (V, H): the word vectors (``word_vecs``), uniform in [-0.5/H, 0.5/H) as in word2vec;
    W_out (V, H): the output vectors scored by the loss, zero at the start (their gradient
    h (y - t) is non-zero as soon as h is). ``params == [W_in, W_out]``.

    ``sparse=True`` (the default, for training) makes both gradients ``RowGrad``s: a batch then
    costs O(rows it touches x H), not O(V x H).
    """

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int,
        corpus: np.ndarray,
        power: float = 0.75,
        sample_size: int = 5,
        dtype: type = np.float32,
        seed: int | None = 0,
        sparse: bool = True,
    ) -> None:
        for name, value in (("vocab_size", vocab_size), ("hidden_size", hidden_size)):
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if not np.issubdtype(dtype, np.floating):
            raise TypeError(f"dtype must be a floating-point type, got {dtype}")
        rng = np.random.default_rng(seed)
        W_in, W_out = init_weights(vocab_size, hidden_size, dtype, rng)
        self.in_embed = Embedding(W_in, sparse=sparse)
        self.ns_loss = NegativeSamplingLoss(
            W_out, corpus, power, sample_size, rng=rng, sparse=sparse
        )
        self.params = [W_in, W_out]
        self.word_vecs = W_in

    @property
    def grads(self) -> list:
        """[dW_in, dW_out] of the last backward (read fresh: sparse mode replaces them)."""
        return [self.in_embed.grads[0], self.ns_loss.grads[0]]

    @staticmethod
    def _check(
        contexts: np.ndarray, target: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Validated (contexts, target, present): ``present`` marks the non-``PAD`` entries."""
        contexts, target = np.asarray(contexts), np.asarray(target)
        if contexts.ndim != 2 or contexts.shape[1] == 0:
            raise ValueError(f"contexts must have shape (N, C) with C >= 1, got {contexts.shape}")
        if target.shape != contexts.shape[:1]:
            raise ValueError(
                f"target must have shape ({len(contexts)},) to match contexts, got {target.shape}"
            )
        present = contexts != PAD
        empty = np.flatnonzero(~present.any(axis=1))
        if empty.size:
            raise ValueError(f"row {empty[0]} of contexts has no context word (all PAD)")
        return contexts, target, present
