"""edu_w2v: word2vec with negative sampling in NumPy, layer by layer.

The corrected reference layers (the book's contract: ``params``, ``grads``, ``forward``,
``backward(dout=1)``) are the top-level API. ``edu_w2v.source_run`` keeps the original, flawed
layers of the source run; ``edu_w2v.gradcheck`` tells them apart.
"""

from edu_w2v.embedding import Embedding
from edu_w2v.embedding_dot import EmbeddingDot
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.sigmoid_with_loss import SigmoidWithLoss
from edu_w2v.unigram_sampler import UnigramSampler

__all__ = [
    "Embedding",
    "EmbeddingDot",
    "NegativeSamplingLoss",
    "SigmoidWithLoss",
    "UnigramSampler",
]
