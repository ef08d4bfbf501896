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


def _data_function(
    contexts: np.ndarray | Callable[[int], tuple[np.ndarray, np.ndarray]],
    targets: np.ndarray | None,
) -> Callable[[int], tuple[np.ndarray, np.ndarray]]:
    """``fit``'s data as a function ``epoch -> (contexts, targets)``."""
    if callable(contexts):
        if targets is not None:
            raise TypeError("pass targets inside the data function, not as well")
        return contexts
    return lambda epoch: (contexts, targets)  # the same data every epoch


class _LossWindow:
    """The summed loss of the steps since the last logged point (``size`` steps per point)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.loss, self.targets, self.steps = 0.0, 0, 0

    def add(self, loss: float, targets: int) -> bool:
        """Count one step; True when the window is full (time to log)."""
        self.loss += loss * targets
        self.targets += targets
        self.steps += 1
        return self.steps == self.size

    def mean(self) -> float:
        """The mean loss per target of the window; the window starts again."""
        mean = self.loss / self.targets
        self.loss, self.targets, self.steps = 0.0, 0, 0
        return mean


class _LinearDecay:
    """word2vec's learning rate: from its value at the start down to 1e-4 of it, linearly."""

    def __init__(self, optimizer: Optimizer) -> None:
        if not hasattr(optimizer, "lr"):
            raise TypeError("lr_decay needs an optimizer with an lr attribute")
        self.optimizer, self.start = optimizer, optimizer.lr

    def set(self, done: float) -> None:
        """The rate after a fraction ``done`` of the training (a number, or one per parameter)."""
        factor = max(1e-4, 1.0 - done)
        lr = self.start
        self.optimizer.lr = tuple(x * factor for x in lr) if isinstance(lr, tuple) else lr * factor

    def restore(self) -> None:
        self.optimizer.lr = self.start


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
        data_of = _data_function(contexts, targets)
        epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
        data = _epoch_data(data_of, 0)
        if log_every is None:
            log_every = max(1, round(epochs * math.ceil(len(data[1]) / batch_size) / 100))
        self._window = _LossWindow(check_int(log_every, "log_every"))
        decay = _LinearDecay(self.optimizer) if lr_decay else None
        bar = progress_bar(epochs * len(data[1]), disable=not progress)  # estimated total
        started, epoch_means = time.perf_counter(), []
        try:
            for epoch in range(epochs):
                bar.show_epoch(epoch + 1, epochs)
                data = data if epoch == 0 else _epoch_data(data_of, epoch)
                epoch_means.append(self._fit_epoch(*data, batch_size, bar, decay, epoch, epochs))
            self._log(bar)  # the last, possibly shorter, window
        finally:
            if decay is not None:
                decay.restore()
            bar.close()
            self.elapsed += time.perf_counter() - started
        return epoch_means

    def _fit_epoch(
        self,
        contexts: np.ndarray,
        targets: np.ndarray,
        batch_size: int,
        bar: ProgressBar,
        decay: _LinearDecay | None,
        epoch: int,
        epochs: int,
    ) -> float:
        """One pass over the rows in a new random order; the epoch's mean loss per target."""
        order = self.rng.permutation(len(targets))
        batches = [order[first : first + batch_size] for first in range(0, len(order), batch_size)]
        total = 0.0
        for number, batch in enumerate(batches):
            if decay is not None:
                decay.set((epoch + number / len(batches)) / epochs)  # fraction of training done
            loss = self._step(contexts[batch], targets[batch])
            if not math.isfinite(loss):
                raise FloatingPointError(
                    f"loss is {loss} at epoch {epoch + 1}, batch {number + 1} of {len(batches)} "
                    f"(step {self.steps + 1}); training stopped "
                    f"{'at' if self.fused else 'before'} this batch's update. A learning rate "
                    "that is too large makes training diverge: try a smaller lr (this optimizer "
                    f"has lr={getattr(self.optimizer, 'lr', '?')})."
                )
            self.steps += 1
            self.targets_seen += len(batch)
            total += loss * len(batch)
            if self._window.add(loss, len(batch)):
                self._log(bar)
            bar.update(len(batch))
        self.epoch_losses.append(total / len(targets))
        self.epoch_end_steps.append(self.steps)
        return self.epoch_losses[-1]

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

    def _log(self, bar: ProgressBar) -> None:
        """Record the mean loss of the steps since the last point (if any) and show it."""
        if self._window.steps:
            mean_loss = self._window.mean()
            self.loss_history.append(mean_loss)
            self.loss_history_steps.append(self.steps)
            bar.show_loss(mean_loss)

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
        ax.set_xlabel(text("step (mini-batches trained on)", "步数（已训练的批次数）"))
        ax.set_ylabel(text("loss", "损失"))
        ax.legend()
        return ax
