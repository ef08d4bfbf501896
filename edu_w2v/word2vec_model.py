"""What every word2vec model shares: one constructor, then the teaching models' layers.

``Word2VecBase`` is the constructor of all three families -- the teaching ``CBOW`` / ``SkipGram``
(through ``Word2VecModel``), the fused ``edu_w2v.engines.fast`` models and the compiled
``edu_w2v.engines.compiled`` ones: it checks V, H, the corpus, power, sample_size, dtype and rng
once, and draws the same initial weights for the same seed.
"""

from __future__ import annotations

import numpy as np

from edu_w2v.embedding import Embedding
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.validation import check_int, check_sampling


def init_weights(
    vocab_size: int, hidden_size: int, dtype: type, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """word2vec's start, checked: W_in (V, H) uniform in [-0.5/H, 0.5/H), W_out (V, H) zeros."""
    vocab_size = check_int(vocab_size, "vocab_size")
    hidden_size = check_int(hidden_size, "hidden_size")
    if not np.issubdtype(dtype, np.floating):
        raise TypeError(f"dtype must be a floating-point type, got {dtype}")
    W_in = ((rng.random((vocab_size, hidden_size)) - 0.5) / hidden_size).astype(dtype)
    W_out = np.zeros((vocab_size, hidden_size), dtype=dtype)
    return W_in, W_out


class Word2VecBase:
    """``Model(vocab_size, hidden_size, corpus, power=0.75, sample_size=5, dtype=np.float32,
    rng=0)``: word2vec's start, W_in (V, H) uniform in [-0.5/H, 0.5/H), W_out (V, H) zeros.

    ``params == [W_in, W_out]``, ``word_vecs is W_in``, ``corpus`` as an array of ids.
    ``rng``: a Generator, an int seed or None; W_in is drawn from ``self.rng`` first, then the
    model's sampler uses it.
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
        self.rng = np.random.default_rng(rng)
        W_in, W_out = init_weights(vocab_size, hidden_size, dtype, self.rng)
        self.corpus = check_sampling(corpus, power, sample_size, vocab_size)
        self.power, self.sample_size = power, sample_size
        self.params = [W_in, W_out]
        self.word_vecs = W_in


class Word2VecModel(Word2VecBase):
    """Base of the teaching ``CBOW`` and ``SkipGram``: they differ only in ``forward``/``backward``.

    ``self.in_embed``: an ``Embedding`` of W_in (the word vectors); ``self.ns_loss``: a
    ``NegativeSamplingLoss`` of W_out (zero at the start: its gradient h (y - t) is non-zero as
    soon as h is). ``grads == [dW_in, dW_out]``, read from the two layers. ``embedding`` and
    ``loss``: the layer classes to build them with (the capstone passes the ones you wrote).
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
        embedding: type = Embedding,
        loss: type = NegativeSamplingLoss,
    ) -> None:
        super().__init__(vocab_size, hidden_size, corpus, power, sample_size, dtype, rng)
        W_in, W_out = self.params
        self.in_embed = embedding(W_in)
        self.ns_loss = loss(W_out, self.corpus, power, sample_size, rng=self.rng)
        self.grads = [self.in_embed.grads[0], self.ns_loss.grads[0]]
        self.cache = None  # what forward keeps for backward
