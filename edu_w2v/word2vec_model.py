"""What CBOW and skip-gram share: two weight matrices, an embedding, a negative-sampling loss."""

from __future__ import annotations

import numpy as np

from edu_w2v.embedding import Embedding
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.preprocessing import PAD
from edu_w2v.validation import as_index_array, check_batch, check_int


def init_weights(
    vocab_size: int, hidden_size: int, dtype: type, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """word2vec's start: W_in (V, H) uniform in [-0.5/H, 0.5/H), W_out (V, H) zeros.

    The one place every model (teaching, fast, compiled) checks its V, H and dtype.
    """
    vocab_size = check_int(vocab_size, "vocab_size")
    hidden_size = check_int(hidden_size, "hidden_size")
    if not np.issubdtype(dtype, np.floating):
        raise TypeError(f"dtype must be a floating-point type, got {dtype}")
    W_in = ((rng.random((vocab_size, hidden_size)) - 0.5) / hidden_size).astype(dtype)
    W_out = np.zeros((vocab_size, hidden_size), dtype=dtype)
    return W_in, W_out


class Word2VecModel:
    """Base of ``CBOW`` and ``SkipGram``: they differ only in ``forward`` and ``backward``.

    W_in (V, H): the word vectors (``word_vecs``), uniform in [-0.5/H, 0.5/H) as in word2vec;
    W_out (V, H): the output vectors scored by the loss, zero at the start (their gradient
    h (y - t) is non-zero as soon as h is). ``params == [W_in, W_out]``, ``grads == [dW_in,
    dW_out]``. ``rng``: a Generator or an int seed; W_in is drawn first, then the sampler uses it.
    """

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int,
        corpus: np.ndarray,
        power: float = 0.75,
        sample_size: int = 5,
        dtype: type = np.float32,
        rng: np.random.Generator | int | None = 0,
    ) -> None:
        rng = np.random.default_rng(rng)
        W_in, W_out = init_weights(vocab_size, hidden_size, dtype, rng)
        self.in_embed = Embedding(W_in)
        self.ns_loss = NegativeSamplingLoss(W_out, corpus, power, sample_size, rng=rng)
        self.params = [W_in, W_out]
        self.grads = [self.in_embed.grads[0], self.ns_loss.grads[0]]
        self.word_vecs = W_in
        self.cache = None  # what forward keeps for backward

    def _check(self, contexts: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Validated (contexts, mask): ``mask`` (N, C) is 1 for a word and 0 for a ``PAD``."""
        V = len(self.params[0])
        contexts = np.asarray(contexts)
        if contexts.ndim != 2 or contexts.size == 0:
            raise ValueError(f"contexts must have shape (N, C), N, C >= 1, got {contexts.shape}")
        as_index_array(np.where(contexts == PAD, 0, contexts), "contexts", size=V)  # ids or PAD
        target = as_index_array(target, "target", size=V, ndim=1)
        check_batch(len(target), "target", len(contexts), "contexts")
        mask = contexts != PAD
        if not mask.any(axis=1).all():
            row = np.argmin(mask.any(axis=1))
            raise ValueError(f"row {row} of contexts has no context word (all PAD)")
        return contexts, mask
