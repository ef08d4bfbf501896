"""Trainer: the mini-batch training loop, with a progress bar and a loss curve.

One step, for a mini-batch of (contexts, targets) rows, with a teaching model (the book's
contract):

    loss = model.forward(contexts, targets);  model.backward();  optimizer.update(params, grads)

A *fused* model (one with ``train_batch``, e.g. ``edu_w2v.engines.fast.FastCBOW``) does those
three in one call, for plain SGD: ``loss = model.train_batch(contexts, targets, optimizer.lr)``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from edu_w2v.language import text
from edu_w2v.optimizers import SGD
from edu_w2v.progress import ProgressBar, progress_bar
from edu_w2v.validation import check_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes


class Model(Protocol):
    """What the trainer needs from a model (the book's contract)."""

    params: list[np.ndarray]
    grads: list

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> Any: ...

    def backward(self, dout: float = 1) -> Any: ...


class Optimizer(Protocol):
    def update(self, params: list[np.ndarray], grads: list) -> None: ...


def _scaled(lr: float | tuple[float, ...], factor: float) -> float | tuple[float, ...]:
    """A learning rate (or one per parameter) times ``factor``."""
    return tuple(x * factor for x in lr) if isinstance(lr, tuple) else lr * factor


def _epoch_data(
    data_of: Callable[[int], tuple[np.ndarray, np.ndarray]], epoch: int
) -> tuple[np.ndarray, np.ndarray]:
    """The (contexts, targets) of one epoch, checked."""
    contexts, targets = (np.asarray(a) for a in data_of(epoch))
    if contexts.ndim == 0 or targets.ndim == 0:
        raise ValueError("contexts and targets must be arrays with one row per example")
    if len(contexts) != len(targets):
        raise ValueError(
            f"contexts has {len(contexts)} rows but targets has {len(targets)}: must match"
        )
    if len(targets) == 0:
        raise ValueError("contexts and targets are empty: nothing to train on")
    return contexts, targets


class Trainer:
    """Trains ``model`` with ``optimizer`` on mini-batches; keeps what happened for ``plot``.

    Recorded over all ``fit`` calls (a step is one mini-batch, i.e. one optimizer update):
        loss_history, loss_history_steps  mean loss over each ``log_every`` steps, and the step
                                          count at which it was recorded;
        epoch_losses, epoch_end_steps     mean loss of each epoch, and its last step;
        steps, targets_seen, elapsed      steps and targets trained on, seconds spent in fit.
    Means are per target: a batch's loss counts with its number of targets.

    ``rng`` (Generator, int seed or None) shuffles the rows; the Trainer keeps it, so a second
    ``fit`` call continues the stream instead of replaying the first call's order. A model with
    ``train_batch`` (fused: forward, backward and SGD in one call) needs an ``SGD`` optimizer.
    """

    def __init__(
        self, model: Model, optimizer: Optimizer, rng: np.random.Generator | int | None = 0
    ) -> None:
        self.fused = callable(getattr(model, "train_batch", None))
        if self.fused:
            if not isinstance(optimizer, SGD):
                raise TypeError(
                    f"{type(model).__name__} trains itself with plain SGD (train_batch): "
                    f"the optimizer must be an SGD, got {type(optimizer).__name__}"
                )
        else:
            for name in ("params", "grads", "forward", "backward"):
                if not hasattr(model, name):
                    raise TypeError(f"model must have .{name} (params, grads, forward, backward)")
            if not callable(getattr(optimizer, "update", None)):
                raise TypeError("optimizer must have an update(params, grads) method")
        self.model = model
        self.optimizer = optimizer
        self.rng = np.random.default_rng(rng)  # shuffles; kept, so each fit() call continues it
        self.loss_history: list[float] = []
        self.loss_history_steps: list[int] = []
        self.epoch_losses: list[float] = []
        self.epoch_end_steps: list[int] = []
        self.steps = 0
        self.targets_seen = 0
        self.elapsed = 0.0

    def fit(
        self,
        contexts: np.ndarray | Callable[[int], tuple[np.ndarray, np.ndarray]],
        targets: np.ndarray | None = None,
        epochs: int = 1,
        batch_size: int = 100,
        progress: bool = True,
        log_every: int | None = None,
        lr_decay: bool = False,
    ) -> list[float]:
        """Train for ``epochs`` passes over the data; return the mean loss of each epoch.

        contexts (N, ...), targets (N, ...): row i of both is one training example. Or pass
        a function ``epoch -> (contexts, targets)`` as ``contexts`` (and no ``targets``) to give
        each epoch new data, e.g. a fresh subsample and dynamic window, as word2vec does.
        Each epoch visits the rows in a new random order (from the Trainer's ``rng``: the same rng
        gives the same run, and a second ``fit`` call does not replay the first one's shuffles) in
        batches of ``batch_size``; the last batch may be smaller.
        ``log_every``: steps per point of ``loss_history`` (default: about 100 points per call;
        the last point of a call may average fewer steps).
        The progress bar shows the recent mean loss and the speed in targets/s. When each
        target is one word position of the corpus (CBOW, skip-gram) that is corpus words/s.
        A NaN or infinite loss stops training before that batch's update, with an error.
        ``lr_decay``: as word2vec does, lower the optimizer's ``lr`` (a number, or one per
        parameter) linearly from its value at the start of this call to 1e-4 of it at the end.
        """
        if callable(contexts):
            if targets is not None:
                raise TypeError("pass targets inside the data function, not as well")
            data_of = contexts
        else:
            fixed = (contexts, targets)

            def data_of(epoch: int) -> tuple[np.ndarray, np.ndarray]:
                return fixed  # the same data every epoch

        contexts, targets = _epoch_data(data_of, 0)
        epochs = check_int(epochs, "epochs")
        batch_size = check_int(batch_size, "batch_size")
        if log_every is None:
            log_every = max(1, round(epochs * math.ceil(len(targets) / batch_size) / 100))
        log_every = check_int(log_every, "log_every")

        if lr_decay and not hasattr(self.optimizer, "lr"):
            raise TypeError("lr_decay needs an optimizer with an lr attribute")
        start_lr = self.optimizer.lr if lr_decay else None
        epoch_means: list[float] = []
        window_loss, window_targets, window_steps = 0.0, 0, 0  # since the last logged point
        started = time.perf_counter()
        total = epochs * len(targets)  # an estimate when each epoch brings new data
        bar = progress_bar(total, disable=not progress)
        try:
            for epoch in range(epochs):
                bar.set_description(f"epoch {epoch + 1}/{epochs}")
                if epoch > 0:
                    contexts, targets = _epoch_data(data_of, epoch)
                n = len(targets)
                batches_per_epoch = math.ceil(n / batch_size)
                order = self.rng.permutation(n)
                epoch_loss, epoch_targets = 0.0, 0
                for batch_number, first in enumerate(range(0, n, batch_size), start=1):
                    batch = order[first : first + batch_size]
                    if start_lr is not None:
                        done = (epoch + (batch_number - 1) / batches_per_epoch) / epochs
                        self.optimizer.lr = _scaled(start_lr, max(1e-4, 1.0 - done))
                    loss = self._step(contexts[batch], targets[batch])
                    if not math.isfinite(loss):
                        raise FloatingPointError(
                            f"loss is {loss} at epoch {epoch + 1}, batch {batch_number} of "
                            f"{batches_per_epoch} (step {self.steps + 1}); training stopped "
                            f"{'at' if self.fused else 'before'} this batch's update. "
                            "A learning rate that is too large "
                            "makes training diverge: try a smaller lr (this optimizer has "
                            f"lr={getattr(self.optimizer, 'lr', '?')})."
                        )
                    self.steps += 1
                    self.targets_seen += len(batch)
                    epoch_loss += loss * len(batch)
                    epoch_targets += len(batch)
                    window_loss += loss * len(batch)
                    window_targets += len(batch)
                    window_steps += 1
                    if window_steps == log_every:
                        self._log(window_loss / window_targets, bar)
                        window_loss, window_targets, window_steps = 0.0, 0, 0
                    bar.update(len(batch))
                epoch_means.append(epoch_loss / epoch_targets)
                self.epoch_losses.append(epoch_means[-1])
                self.epoch_end_steps.append(self.steps)
            if window_steps:
                self._log(window_loss / window_targets, bar)
        finally:
            if start_lr is not None:
                self.optimizer.lr = start_lr
            bar.close()
            self.elapsed += time.perf_counter() - started
        return epoch_means

    def _step(self, contexts: np.ndarray, targets: np.ndarray) -> float:
        """One training step on a batch; its loss (before the update) as a Python float.

        A non-finite loss is returned before the update (teaching models): the caller stops.
        """
        if self.fused:
            return self.model.train_batch(contexts, targets, self.optimizer.lr)
        loss = self.model.forward(contexts, targets)
        try:
            loss = float(loss)
        except TypeError:
            raise TypeError(
                f"model.forward must return the loss as a number, got {type(loss).__name__}"
            ) from None
        if math.isfinite(loss):
            self.model.backward()
            self.optimizer.update(self.model.params, self.model.grads)
        return loss

    def _log(self, mean_loss: float, bar: ProgressBar) -> None:
        self.loss_history.append(mean_loss)
        self.loss_history_steps.append(self.steps)
        bar.set_postfix(loss=f"{mean_loss:.4f}", refresh=False)

    def plot(self, ax: Axes | None = None, figsize: tuple[float, float] = (8, 4)) -> Axes:
        """Draw the loss curve (and each epoch's mean) against the step; return the Axes.

        ``ax``: draw into these Axes; otherwise a new figure of size ``figsize`` (inches).
        """
        if not self.loss_history:
            raise ValueError("no loss recorded yet: call fit() before plot()")
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=figsize)
        recent = text("mean loss of recent batches", "最近批次的平均损失")
        ax.plot(self.loss_history_steps, self.loss_history, label=recent)
        epoch = text("mean loss of the epoch", "该轮的平均损失")
        ax.plot(self.epoch_end_steps, self.epoch_losses, "o", label=epoch)
        ax.set_xlabel(text("step (mini-batches trained on)", "步数（已训练的小批量）"))
        ax.set_ylabel(text("loss", "损失"))
        ax.legend()
        return ax
