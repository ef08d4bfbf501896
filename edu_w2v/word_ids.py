"""How a corpus's words are stored: ids in ``np.int32`` arrays, and ``PAD`` for "no word here".

int32 holds any realistic vocabulary and takes half the memory of int64 (a context matrix holds
2 * window ids per target). ``PAD`` fills the slots of a context window that ``shrink_windows``
emptied; the engines skip it, the teaching models refuse it (they take full windows).
"""

import numpy as np

ID_DTYPE = np.int32
PAD = -1
