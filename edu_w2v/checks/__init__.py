"""Automatic checks for the exercise notebooks: your layer against the reference, with hints.

Each ``check_<layer>(cls)`` runs your class next to the reference layer on fixed and random
cases and a numerical gradient check, prints a short verdict and returns a ``CheckResult``
(``passed``, ``hints``). A wrong answer never raises; a crash of your code raises
``StudentCodeError`` with your traceback. A skeleton still raising ``NotImplementedError`` gets
"not implemented yet".

A failed check names the mistake; run the check again (same class, same mistake) and it also
says how to fix it. ``forget_hints()`` starts over. ``edu_w2v.set_language("zh")`` prints the
verdicts in Chinese.

``check_derivations(dL_ds=dL_ds, ...)`` checks functions instead of a class: the gradients that
exercise 07 asks you to derive by hand, each against a numerical gradient of its loss.
"""

from edu_w2v.checks.cbow import check_cbow
from edu_w2v.checks.derivations import check_derivations
from edu_w2v.checks.embedding import check_embedding
from edu_w2v.checks.embedding_dot import check_embedding_dot
from edu_w2v.checks.guard import StudentCodeError
from edu_w2v.checks.negative_sampling_loss import check_negative_sampling_loss
from edu_w2v.checks.runner import forget_hints
from edu_w2v.checks.sigmoid_with_loss import check_sigmoid_with_loss
from edu_w2v.checks.skip_gram import check_skip_gram
from edu_w2v.checks.unigram_sampler import check_unigram_sampler
from edu_w2v.checks.verdict import CheckResult

__all__ = [
    "CheckResult",
    "StudentCodeError",
    "check_cbow",
    "check_derivations",
    "check_embedding",
    "check_embedding_dot",
    "check_negative_sampling_loss",
    "check_sigmoid_with_loss",
    "check_skip_gram",
    "check_unigram_sampler",
    "forget_hints",
]
