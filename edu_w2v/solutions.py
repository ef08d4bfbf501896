"""What a student writes in each exercise: one snippet per "# your code here" stub, in order.

These are the ground truth of the series: the reference layers in ``edu_w2v`` are these bodies,
plus at most one validation call per method (tests/test_exercise_solutions.py checks it), and each
skeleton filled in with them passes its checker (tests/test_exercises.py). Exercise 07's are the
gradients derived on paper, one function each: what the reference layers' backward passes compute
(tests/test_exercise_solutions.py checks that too). The classroom kit (``edu_w2v.classroom``)
puts them in the solution regions of an nbgrader course.

A stub (``MARKER``) is a ``# your code here`` comment line, then ``raise NotImplementedError``
indented as it: group 1 is the indent, group 2 the comment.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"^( *)(# your code here.*)\n *raise NotImplementedError$", re.MULTILINE)

SOLUTIONS = {
    "02_sigmoid_with_loss.ipynb": [
        """
        self.y, self.t = sigmoid(x), t
        return np.sum(np.logaddexp(0, x) - t * x) / x.shape[0]
        """,
        """
        return (self.y - self.t) * dout / self.y.shape[0]
        """,
    ],
    "03_embedding.ipynb": [
        """
        self.idx = idx
        return self.params[0][idx]
        """,
        """
        dW = self.grads[0]
        dW[...] = 0
        np.add.at(dW, self.idx, dout)
        """,
    ],
    "04_embedding_dot.ipynb": [
        """
        target_W = self.embed.forward(idx.reshape(len(idx), -1))
        out = np.sum(target_W * h[:, None, :], axis=2)
        self.cache = (h, target_W)
        return out.reshape(idx.shape)
        """,
        """
        h, target_W = self.cache
        dout = dout.reshape(target_W.shape[:2])
        self.embed.backward(dout[:, :, None] * h[:, None, :])
        return np.sum(dout[:, :, None] * target_W, axis=1)
        """,
    ],
    "05_unigram_sampler.ipynb": [
        """
        counts = np.bincount(corpus, minlength=self.vocab_size)
        p = (counts / counts.max()) ** power
        self.word_p = p / p.sum()
        """,
        """
        negatives = np.empty((len(target), self.sample_size), dtype=np.int64)
        for i, t in enumerate(target):
            p = self.word_p.copy()
            p[t] = 0
            p /= p.sum()
            negatives[i] = self.rng.choice(self.vocab_size, self.sample_size, replace=False, p=p)
        return negatives
        """,
    ],
    "06_negative_sampling_loss.ipynb": [
        """
        if negatives is None:
            negatives = self.sampler.get_negative_sample(target)
        words = np.concatenate([target[:, None], negatives], axis=1)
        labels = np.zeros(words.shape, dtype=self.params[0].dtype)
        labels[:, 0] = 1
        return self.loss_layer.forward(self.embed_dot.forward(h, words), labels)
        """,
        """
        return self.embed_dot.backward(self.loss_layer.backward(dout))
        """,
    ],
    "07_derivations.ipynb": [  # functions, not a class: the gradients derived on paper
        """
        return (sigmoid(s) - t) / s.shape[0]
        """,
        """
        return dout[:, None] * W[idx]
        """,
        """
        dW = np.zeros_like(W)
        np.add.at(dW, idx, dout[:, None] * h)
        return dW
        """,
        """
        s_o, s_k = ns_scores(h, W, target, negatives)
        dh = (sigmoid(s_o) - 1)[:, None] * W[target]
        dh += np.sum(sigmoid(s_k)[:, :, None] * W[negatives], axis=1)
        return dh / len(h)
        """,
        """
        s_o, _ = ns_scores(h, W, target, negatives)
        return (sigmoid(s_o) - 1)[:, None] * h / len(h)
        """,
        """
        _, s_k = ns_scores(h, W, target, negatives)
        dW = np.zeros_like(W)
        np.add.at(dW, negatives, sigmoid(s_k)[:, :, None] * h[:, None, :] / len(h))
        return dW[negatives]
        """,
        """
        C = contexts.shape[1]
        dW_in = np.zeros_like(W_in)
        np.add.at(dW_in, contexts, np.repeat(dh[:, None, :] / C, C, axis=1))
        return dW_in
        """,
    ],
    "09_cbow.ipynb": [
        """
        h = self.in_embed.forward(contexts).mean(axis=1)
        self.cache = contexts.shape
        return self.ns_loss.forward(h, target)
        """,
        """
        dh = self.ns_loss.backward(dout)
        N, C = self.cache
        self.in_embed.backward(np.repeat(dh[:, None, :] / C, C, axis=1))
        """,
    ],
    "10_skip_gram.ipynb": [
        """
        N, C = contexts.shape
        h = np.repeat(self.in_embed.forward(target), C, axis=0)
        self.cache = contexts.shape
        return C * self.ns_loss.forward(h, contexts.ravel())
        """,
        """
        N, C = self.cache
        dh = self.ns_loss.backward(dout * C)
        self.in_embed.backward(dh.reshape(N, C, -1).sum(axis=1))
        """,
    ],
}
