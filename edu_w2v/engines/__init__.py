"""The fast half: engines that train word vectors quickly, tested equal to the teaching maths.

The teaching layers and models (``edu_w2v.cbow``, ``edu_w2v.skip_gram`` and the layers they are
built from) are what a student reads. The engines here are free to fuse and optimise:

- ``fast``: one fused NumPy step per batch (``FastCBOW``, ``FastSkipGram``);
- ``compiled``: word2vec's per-target loop compiled by Numba (``CompiledCBOW``,
  ``CompiledSkipGram``; the optional extra ``compiled``);
- ``streaming``: word2vec.c's whole loop compiled by Numba, walking the token stream with no
  per-epoch arrays (``train_streaming``; what ``train_word_vectors`` uses where numba imports);
- ``sampling``: ``BatchSampler``, the teaching sampler's law drawn for a whole batch at once.

``fast`` and ``compiled`` take shrunk windows (``PAD``); the teaching models take full windows.

``edu_w2v.training.train_word_vectors`` picks one; nothing in the teaching half imports them.
"""

# How to get the compiled engine, said the same way by every message that needs it.
INSTALL_NUMBA = 'pip install numba (in the edu_w2v folder: pip install -e ".[compiled]")'
