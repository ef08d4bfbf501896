"""CBOW: predict a word from the mean of its context words' vectors."""

from __future__ import annotations

import numpy as np

from edu_w2v.word2vec_model import Word2VecModel


class CBOW(Word2VecModel):
    """Continuous bag of words with negative sampling.

    contexts (N, C) word ids (``PAD`` = -1 marks "no word", as ``shrink_windows`` leaves),
    target (N,). With m_n the number of words in row n:
        h_n = (1 / m_n) sum of W_in[c] over the words c of row n      (N, H)
        L = NegativeSamplingLoss(W_out)(h, target)                     (mean over the batch)
    backward: each context word of row n gets dh_n / m_n.

    Only the P real words of the batch are looked up (and get gradients), not the PADs.

    ``CBOW(vocab_size, hidden_size, corpus, power=0.75, sample_size=5, dtype=np.float32, seed=0,
    sparse=True)``; see ``Word2VecModel`` for the weights.
    """

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> np.floating:
        contexts, target, present = self._check(contexts, target)
        dtype = self.params[0].dtype
        counts = present.sum(axis=1, keepdims=True)  # m_n, (N, 1)
        self.inv_counts = (1 / counts).astype(dtype)
        self.row = np.nonzero(present)[0]  # (P,): the row of each real context word
        vectors = self.in_embed.forward(contexts[present])  # (P, H)
        if len(vectors) == contexts.size:  # no PAD: the vectors already are (N, C, H)
            padded = vectors.reshape(contexts.shape + vectors.shape[1:])
        else:
            padded = np.zeros(contexts.shape + vectors.shape[1:], dtype=dtype)  # (N, C, H)
            padded[present] = vectors  # zero where PAD
        weights = present * self.inv_counts  # (N, C): 1/m_n for a word, 0 for a PAD
        h = (weights[:, None, :] @ padded)[:, 0, :]  # (N, 1, C) @ (N, C, H) -> (N, H)
        return self.ns_loss.forward(h, target)

    def backward(self, dout: float = 1) -> None:
        dh = self.ns_loss.backward(dout)  # (N, H)
        self.in_embed.backward((dh * self.inv_counts)[self.row])  # (P, H): dh_n / m_n each
