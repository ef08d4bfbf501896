"""edu_w2v: word2vec with negative sampling in NumPy, layer by layer.

The corrected reference layers and models (the book's contract: ``params``, ``grads``,
``forward``, ``backward(dout=1)``) are the top-level API, with the optimizers, the ``Trainer``,
``WordVectors`` and ``train_word_vectors``. ``edu_w2v.source_run`` keeps the original, flawed
layers of the source run; ``edu_w2v.gradcheck`` tells them apart. ``set_language("zh")`` prints
the checkers' verdicts and draws the plots' labels in Chinese (English by default).
"""

from edu_w2v.cbow import CBOW
from edu_w2v.embedding import Embedding
from edu_w2v.embedding_dot import EmbeddingDot
from edu_w2v.language import get_language, set_language
from edu_w2v.negative_sampling_loss import NegativeSamplingLoss
from edu_w2v.optimizers import SGD, Adam
from edu_w2v.sigmoid_with_loss import SigmoidWithLoss
from edu_w2v.skip_gram import SkipGram
from edu_w2v.trainer import Trainer
from edu_w2v.training import train_word_vectors
from edu_w2v.unigram_sampler import UnigramSampler
from edu_w2v.word_vectors import WordVectors

__all__ = [
    "CBOW",
    "SGD",
    "Adam",
    "Embedding",
    "EmbeddingDot",
    "NegativeSamplingLoss",
    "SigmoidWithLoss",
    "SkipGram",
    "Trainer",
    "UnigramSampler",
    "WordVectors",
    "get_language",
    "set_language",
    "train_word_vectors",
]
