"""Co-occurrence counts and pointwise mutual information (PMI) of a corpus.

Levy & Goldberg (2014) showed that skip-gram with negative sampling (k negatives) drives the dot
product of a word's input vector and a context's output vector towards

    v_w . u_c  ->  PMI(w, c) - log k,     PMI(w, c) = log( #(w, c) * D / (#(w) * #(c)) )

where #(w, c) counts the times c appears within `window` words of w, #(w) and #(c) are the row
and column sums of those counts and D is their total. Notebook 01 checks this on the corpus.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

from edu_w2v.validation import as_index_array, check_int


def cooccurrence_counts(ids: np.ndarray, window: int, vocab_size: int) -> scipy.sparse.csr_matrix:
    """counts[w, c] = how often word c stands within `window` positions of word w in `ids`.

    ids: (T,) word ids in [0, vocab_size). Symmetric: each pair at distance 1..window is counted
    once in each direction. Returns a (vocab_size, vocab_size) sparse matrix of float64 counts.
    """
    vocab_size = check_int(vocab_size, "vocab_size")
    ids = as_index_array(ids, "ids", vocab_size, ndim=1)
    window = check_int(window, "window")
    words, contexts = [], []
    for distance in range(1, window + 1):
        words += [ids[:-distance], ids[distance:]]
        contexts += [ids[distance:], ids[:-distance]]
    words, contexts = np.concatenate(words), np.concatenate(contexts)
    shape = (vocab_size, vocab_size)
    counts = scipy.sparse.coo_matrix((np.ones(len(words)), (words, contexts)), shape=shape)
    return counts.tocsr()  # adds up the duplicate (w, c) entries


def pmi_of_pairs(
    counts: scipy.sparse.csr_matrix, min_count: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PMI of every pair seen at least `min_count` times: (words, contexts, pmi), each (P,)."""
    min_count = check_int(min_count, "min_count")
    total = counts.sum()
    word_counts = np.asarray(counts.sum(axis=1)).ravel()
    context_counts = np.asarray(counts.sum(axis=0)).ravel()
    pairs = counts.tocoo()
    keep = pairs.data >= min_count
    words, contexts, n = pairs.row[keep], pairs.col[keep], pairs.data[keep]
    pmi = np.log(n * total / (word_counts[words] * context_counts[contexts]))
    return words, contexts, pmi
