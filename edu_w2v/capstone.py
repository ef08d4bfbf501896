"""The capstone: the classes you wrote in the exercises, assembled into a CBOW that trains.

``load_your_layers(folder)`` runs the code cells of each exercise notebook (not its check cell)
and checks the class you wrote with its checker. A class that passes is used; one that is not
written yet, fails its checks or crashes is replaced by the reference, and the report says why.
Layers are loaded in the order they build on each other, so your ``EmbeddingDot`` is made of your
``Embedding``, and your ``NegativeSamplingLoss`` of your ``EmbeddingDot``, sampler and loss.
``build_cbow(layers, ...)`` then puts your ``Embedding`` and ``NegativeSamplingLoss`` into your
``CBOW`` (each falling back to the reference as above).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import edu_w2v
import edu_w2v.checks as checks
from edu_w2v.cbow import CBOW
from edu_w2v.checks.crash import error_text
from edu_w2v.language import Message

# (class, its exercise notebook, its checker, the reference), in the order they build on each other
EXERCISES = (
    (
        "SigmoidWithLoss",
        "02_sigmoid_with_loss.ipynb",
        "check_sigmoid_with_loss",
        edu_w2v.SigmoidWithLoss,
    ),
    ("Embedding", "03_embedding.ipynb", "check_embedding", edu_w2v.Embedding),
    ("EmbeddingDot", "04_embedding_dot.ipynb", "check_embedding_dot", edu_w2v.EmbeddingDot),
    ("UnigramSampler", "05_unigram_sampler.ipynb", "check_unigram_sampler", edu_w2v.UnigramSampler),
    (
        "NegativeSamplingLoss",
        "06_negative_sampling_loss.ipynb",
        "check_negative_sampling_loss",
        edu_w2v.NegativeSamplingLoss,
    ),
    ("CBOW", "09_cbow.ipynb", "check_cbow", CBOW),
)


YOURS = Message("{name:<21} yours (passes its checks)", "{name:<21} 你的实现（通过了检查）")
REFERENCE = Message("{name:<21} the reference ({why})", "{name:<21} 参考实现（{why}）")
NOT_WRITTEN = Message("not written yet", "还没写")
FAILS = Message("fails: {0}", "未通过：{0}")
NOT_LOADED = Message("your code did not run: {0}", "你的代码无法运行：{0}")
NO_FOLDER = Message("no exercises folder at {0}", "{0} 处没有练习文件夹")
NOT_FOUND = Message("no notebook {0} here", "这里没有笔记本 {0}")


@dataclass
class YourLayers:
    """The class chosen for each layer (yours or the reference) and why, one line per layer.

    The lines are messages in both languages: ``report`` and ``print`` give the current one's.
    """

    classes: dict[str, type]
    yours: list[str]
    lines: list[Message]

    @property
    def report(self) -> list[str]:
        """The lines, in the current language."""
        return [str(line) for line in self.lines]

    def __str__(self) -> str:
        return "\n".join(self.report)


def _run_code_cells(notebook: Path, namespace: dict) -> None:
    """Run the notebook's code cells except its check cells, in `namespace`, printing nothing."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in cells:
            if cell["cell_type"] == "code" and "check" not in cell["metadata"].get("tags", []):
                exec("".join(cell["source"]), namespace)  # noqa: S102 - the student's own code


def _exercise(folder: Path, notebook: str) -> Path:
    """``folder/notebook``, or ``folder/NN_name/notebook`` in an nbgrader course's layout."""
    beside = folder / notebook
    return beside if beside.exists() else folder / Path(notebook).stem / notebook


def load_your_layers(folder: str | os.PathLike = ".") -> YourLayers:
    """Your exercise classes that pass their checks, the references for the others; a report.

    ``folder``: where your exercise notebooks are; by default the capstone's own folder (its
    kernel runs there), so ``exercises/zh/11_capstone.ipynb`` grades the Chinese notebooks. In
    a course of the classroom kit each exercise has its own folder: ``load_your_layers("..")``
    finds ``../02_sigmoid_with_loss/02_sigmoid_with_loss.ipynb`` and the others.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(str(NO_FOLDER.format(folder.resolve())))
    classes: dict[str, type] = {}
    yours_passing, report = [], []
    for name, notebook, checker, reference in EXERCISES:
        path = _exercise(folder, notebook)
        if not path.exists():  # e.g. an assignment of a course, not fetched yet
            classes[name] = reference
            report.append(REFERENCE.format(name=name, why=NOT_FOUND.format(notebook)))
            continue
        namespace = {"__name__": "__main__"}
        try:
            _run_code_cells(path, namespace)
            namespace.update(classes)  # your earlier layers replace the references it imported
            yours = namespace[name]
            with contextlib.redirect_stdout(io.StringIO()):
                result = getattr(checks, checker)(yours)
        except checks.StudentCodeError as crash:  # your code crashed in its check
            why = crash.summary
        except Exception as error:  # your notebook did not run
            why = NOT_LOADED.format(error_text(error))
        else:
            if result.passed:
                classes[name] = yours
                yours_passing.append(name)
                report.append(YOURS.format(name=name))
                continue
            first = result.problems[0].message
            why = NOT_WRITTEN if not result.implemented else FAILS.format(first)
        classes[name] = reference
        report.append(REFERENCE.format(name=name, why=why))
    return YourLayers(classes, yours_passing, report)


def build_cbow(
    layers: YourLayers,
    vocab_size: int,
    hidden_size: int,
    corpus: np.ndarray,
    sample_size: int = 5,
    rng: int = 0,
) -> object:
    """Your CBOW, built with your Embedding (of W_in) and your NegativeSamplingLoss (of W_out)."""
    classes = layers.classes
    return classes["CBOW"](
        vocab_size,
        hidden_size,
        corpus,
        0.75,
        sample_size,
        np.float32,
        rng,
        embedding=classes["Embedding"],
        loss=classes["NegativeSamplingLoss"],
    )
