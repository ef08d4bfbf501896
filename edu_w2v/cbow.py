"""CBOW: predict a word from the mean of its context words' vectors."""

from __future__ import annotations

import numpy as np

from edu_w2v.validation import check_window
from edu_w2v.word2vec_model import Word2VecModel


class CBOW(Word2VecModel):
    """Continuous bag of words with negative sampling.

    contexts (N, C) word ids (full windows: no ``PAD``), target (N,):
        h_n = (1 / C) sum_c W_in[contexts[n, c]]          (N, H): the mean
        L = NegativeSamplingLoss(W_out)(h, target)          (mean over the batch)
    backward: each context word of row n gets dh_n / C.

    ``CBOW(vocab_size, hidden_size, corpus, power=0.75, sample_size=5, dtype=np.float32,
    rng=0)``; see ``Word2VecModel`` for the weights and layers. Shrunk windows (with ``PAD``) are
    for the fused training step of notebook 12, which ``train_word_vectors`` uses.
    """

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> np.floating:
        contexts, target = check_window(contexts, target)
        h = self.in_embed.forward(contexts).mean(axis=1)  # (N, C, H) -> (N, H): the mean
        self.cache = contexts.shape
        return self.ns_loss.forward(h, target)

    def backward(self, dout: float = 1) -> None:
        dh = self.ns_loss.backward(dout)  # (N, H)
        N, C = self.cache
        self.in_embed.backward(np.repeat(dh[:, None, :] / C, C, axis=1))  # (N, C, H): dh / C each
