"""Trainer: loss falls on a tiny least-squares model, runs reproduce, bad input fails clearly."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

import edu_w2v
from edu_w2v.optimizers import SGD, Adam
from edu_w2v.trainer import Trainer

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

V, H, C = 30, 4, 3  # vocabulary, vector size, contexts per target


class LookupRegression:
    """Least squares through a lookup, obeying the model contract.

    pred_i = sum_c W[contexts[i, c]] + b;   L = (1/N) sum_i ||pred_i - target_i||^2 / 2
    dL/dpred = (pred - target) / N;  dW gets that row once per lookup;  db = sum_i dL/dpred_i
    """

    def __init__(self, dtype=np.float32, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        W = (0.1 * rng.standard_normal((V, H))).astype(dtype)
        b = np.zeros(H, dtype=dtype)
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]

    def forward(self, contexts, target):
        W, b = self.params
        self.contexts = contexts
        self.diff = W[contexts].sum(axis=1) + b - target
        return np.sum(self.diff * self.diff) / W.dtype.type(2 * len(target))

    def backward(self, dout=1):
        W, _ = self.params
        dpred = self.diff * W.dtype.type(dout / len(self.diff))
        d_lookups = np.broadcast_to(dpred[:, None, :], self.contexts.shape + (H,))
        self.grads[0][...] = 0
        np.add.at(self.grads[0], self.contexts, d_lookups)
        self.grads[1][...] = dpred.sum(axis=0)


def make_data(n: int = 400, dtype=np.float32, seed: int = 1):
    rng = np.random.default_rng(seed)
    true_W = rng.standard_normal((V, H))
    contexts = rng.integers(0, V, size=(n, C))
    targets = (true_W[contexts].sum(axis=1) + 0.5).astype(dtype)
    return contexts, targets


OPTIMIZERS = {"SGD": lambda: SGD(lr=0.1), "Adam": lambda: Adam(lr=0.05)}


@pytest.mark.parametrize("make_optimizer", OPTIMIZERS.values(), ids=OPTIMIZERS.keys())
def test_loss_falls(make_optimizer):
    contexts, targets = make_data()
    trainer = Trainer(LookupRegression(), make_optimizer())
    epoch_losses = trainer.fit(contexts, targets, epochs=15, batch_size=20, progress=False)
    assert len(epoch_losses) == 15
    assert epoch_losses[-1] < 0.05 * epoch_losses[0]
    assert all(p.dtype == np.float32 for p in trainer.model.params)


def test_same_rng_same_run_other_rng_other_run():
    contexts, targets = make_data()

    def run(rng):
        trainer = Trainer(LookupRegression(), Adam(lr=0.05), rng=rng)
        trainer.fit(contexts, targets, epochs=2, batch_size=16, progress=False)
        return trainer

    first, again, other = run(3), run(3), run(np.random.default_rng(4))
    assert first.loss_history == again.loss_history
    np.testing.assert_array_equal(first.model.params[0], again.model.params[0])
    assert first.loss_history != other.loss_history


def test_a_second_fit_does_not_replay_the_first_shuffle():
    n = 50
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    model = Recorder()
    trainer = Trainer(model, SGD())
    trainer.fit(contexts, np.arange(n), batch_size=n, progress=False)
    trainer.fit(contexts, np.arange(n), batch_size=n, progress=False)
    first, second = model.batches
    assert not np.array_equal(first, second)
    model = Recorder()
    Trainer(model, SGD()).fit(contexts, np.arange(n), batch_size=n, progress=False)
    np.testing.assert_array_equal(model.batches[0], first)  # rng=0 by default: reproducible


class FusedRecorder:
    """A fused model: train_batch does forward, backward and the SGD update at once."""

    def __init__(self) -> None:
        self.params = [np.zeros(3)]
        self.calls: list[tuple] = []

    def train_batch(self, contexts, targets, lr):
        self.calls.append((len(targets), lr))
        self.params[0] += 1
        return 0.5


def test_fused_models_get_the_batch_and_the_sgd_learning_rate():
    n = 30
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    model = FusedRecorder()
    trainer = Trainer(model, SGD(lr=(2.0, 4.0)))
    losses = trainer.fit(contexts, np.arange(n), epochs=2, batch_size=10, progress=False)
    assert losses == [0.5, 0.5]
    assert model.calls == [(10, (2.0, 4.0))] * 6
    model = FusedRecorder()
    Trainer(model, SGD(lr=2.0)).fit(
        contexts, np.arange(n), batch_size=10, progress=False, lr_decay=True
    )
    np.testing.assert_allclose([lr for _, lr in model.calls], [2.0, 2.0 * 2 / 3, 2.0 / 3])
    with pytest.raises(TypeError, match="the optimizer must be an SGD, got Adam"):
        Trainer(FusedRecorder(), Adam())


def test_trains_the_fast_and_the_teaching_cbow():
    from edu_w2v.cbow import CBOW
    from edu_w2v.engines.fast import FastCBOW
    from edu_w2v.preprocessing import contexts_and_targets

    ids = np.tile(np.arange(8), 100)
    contexts, targets = contexts_and_targets(ids, 2)
    for model_class in (FastCBOW, CBOW):
        model = model_class(8, 6, ids, 0.75, 2, np.float32, 0)
        losses = Trainer(model, SGD(lr=5.0)).fit(
            contexts, targets, epochs=8, batch_size=20, progress=False
        )
        assert losses[-1] < 0.6 * losses[0], model_class.__name__


class Recorder:
    """A model without parameters that records the rows of every batch it sees."""

    def __init__(self, losses=None) -> None:
        self.params: list = []
        self.grads: list = []
        self.batches: list[np.ndarray] = []
        self.losses = losses
        self.backward_calls = 0

    def forward(self, contexts, target):
        np.testing.assert_array_equal(contexts[:, 0], target)  # rows stay paired
        self.batches.append(target.copy())
        if self.losses is not None:
            return self.losses[len(self.batches) - 1]
        return np.float32(len(target))

    def backward(self, dout=1):
        self.backward_calls += 1


def test_batches_shuffle_each_epoch_and_keep_the_last_partial_batch():
    n = 105
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    model = Recorder()
    trainer = Trainer(model, SGD())
    trainer.fit(contexts, np.arange(n), epochs=2, batch_size=10, progress=False)
    sizes = [len(b) for b in model.batches]
    assert sizes == ([10] * 10 + [5]) * 2
    first_epoch = np.concatenate(model.batches[:11])
    second_epoch = np.concatenate(model.batches[11:])
    np.testing.assert_array_equal(np.sort(first_epoch), np.arange(n))
    np.testing.assert_array_equal(np.sort(second_epoch), np.arange(n))
    assert not np.array_equal(first_epoch, np.arange(n))  # shuffled ...
    assert not np.array_equal(first_epoch, second_epoch)  # ... anew each epoch
    assert trainer.steps == 22 and trainer.targets_seen == 210 and trainer.elapsed > 0


def test_history_means_are_per_target_and_per_epoch():
    # Batch losses are the batch sizes (10, 10, 5), so per-target means weigh the last batch less.
    n = 25
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    trainer = Trainer(Recorder(), SGD())
    returned = trainer.fit(
        contexts, np.arange(n), epochs=2, batch_size=10, log_every=2, progress=False
    )
    epoch_mean = (10 * 10 + 10 * 10 + 5 * 5) / 25
    assert returned == [epoch_mean, epoch_mean] == trainer.epoch_losses
    assert trainer.epoch_end_steps == [3, 6]
    # windows of 2 steps: (10, 10), (5, 10), (10, 5)
    assert trainer.loss_history == [10.0, (25 + 100) / 15, (100 + 25) / 15]
    assert trainer.loss_history_steps == [2, 4, 6]
    trainer.fit(contexts, np.arange(n), epochs=1, batch_size=10, log_every=2, progress=False)
    assert trainer.loss_history_steps == [2, 4, 6, 8, 9]  # a call's last window may be short
    assert trainer.epoch_end_steps == [3, 6, 9]


def test_default_log_every_gives_about_100_points():
    n = 1000
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    trainer = Trainer(Recorder(), SGD())
    trainer.fit(contexts, np.arange(n), epochs=2, batch_size=4, progress=False)
    assert len(trainer.loss_history) == 100


def test_non_finite_loss_stops_with_the_batch_number():
    n = 50
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    model = Recorder(losses=[1.0, 2.0, 1e3, np.float32("inf"), 0.0])
    trainer = Trainer(model, SGD(lr=10.0))
    with pytest.raises(FloatingPointError, match=r"loss is inf at epoch 1, batch 4 of 5 .*lr=10"):
        trainer.fit(contexts, np.arange(n), batch_size=10, progress=False)
    assert model.backward_calls == 3 and trainer.steps == 3  # no update from the bad batch
    model = Recorder(losses=[np.nan])
    with pytest.raises(FloatingPointError, match="loss is nan at epoch 1, batch 1 of"):
        Trainer(model, SGD()).fit(contexts, np.arange(n), batch_size=10, progress=False)


def test_bad_arguments_raise_clear_errors():
    contexts, targets = make_data(n=20)
    trainer = Trainer(LookupRegression(), SGD())
    with pytest.raises(ValueError, match="contexts has 20 rows but targets has 19"):
        trainer.fit(contexts, targets[:19], progress=False)
    with pytest.raises(ValueError, match="empty"):
        trainer.fit(contexts[:0], targets[:0], progress=False)
    with pytest.raises(ValueError, match="batch_size must be an int >= 1, got 0"):
        trainer.fit(contexts, targets, batch_size=0, progress=False)
    with pytest.raises(ValueError, match="epochs must be an int >= 1, got 0"):
        trainer.fit(contexts, targets, epochs=0, progress=False)
    with pytest.raises(TypeError, match="batch_size must be an int, got 2.5"):
        trainer.fit(contexts, targets, batch_size=2.5, progress=False)
    with pytest.raises(ValueError, match="log_every must be an int >= 1"):
        trainer.fit(contexts, targets, log_every=0, progress=False)
    assert trainer.steps == 0


def test_model_and_optimizer_are_checked():
    with pytest.raises(TypeError, match=r"model must have \.grads"):
        Trainer(type("NoGrads", (), {"params": [], "forward": None, "backward": None})(), SGD())
    with pytest.raises(TypeError, match="optimizer must have an update"):
        Trainer(Recorder(), object())

    class ForgetsToReturn(Recorder):
        def forward(self, contexts, target):
            super().forward(contexts, target)

    contexts = np.zeros((4, 1), int)
    with pytest.raises(TypeError, match="model.forward must return the loss as a number"):
        Trainer(ForgetsToReturn(), SGD()).fit(contexts, np.zeros(4, int), progress=False)


def test_progress_bar_runs(capsys):
    contexts, targets = make_data(n=60)
    trainer = Trainer(LookupRegression(), SGD(lr=0.1))
    trainer.fit(contexts, targets, epochs=2, batch_size=20, progress=True)
    err = capsys.readouterr().err
    assert "epoch 2/2" in err and "targets/s" in err and "loss=" in err
    trainer.fit(contexts, targets, progress=False)
    assert capsys.readouterr().err == ""


def test_the_progress_bar_speaks_the_readers_language(capsys):
    contexts, targets = make_data(n=60)
    edu_w2v.set_language("zh")
    try:
        Trainer(LookupRegression(), SGD(lr=0.1)).fit(contexts, targets, epochs=2, batch_size=20)
    finally:
        edu_w2v.set_language("en")
    err = capsys.readouterr().err
    assert "第 2/2 轮" in err and "个目标词/s" in err and "损失=" in err
    assert "epoch" not in err and "targets" not in err and "loss" not in err


def test_plot_returns_labelled_axes():
    contexts, targets = make_data(n=60)
    trainer = Trainer(LookupRegression(), SGD(lr=0.1))
    with pytest.raises(ValueError, match=r"call fit\(\) before plot\(\)"):
        trainer.plot()
    trainer.fit(contexts, targets, epochs=3, batch_size=20, progress=False)
    ax = trainer.plot(figsize=(5, 3))
    try:
        assert ax.get_xlabel().startswith("step") and ax.get_ylabel() == "loss"
        assert tuple(ax.figure.get_size_inches()) == (5, 3)
        curve, epoch_points = ax.get_lines()
        np.testing.assert_array_equal(curve.get_ydata(), trainer.loss_history)
        np.testing.assert_array_equal(epoch_points.get_xdata(), [3, 6, 9])
    finally:
        plt.close(ax.figure)
    fig, given_ax = plt.subplots()
    try:
        assert trainer.plot(ax=given_ax) is given_ax
    finally:
        plt.close(fig)


def test_lr_decay_lowers_the_learning_rate_linearly_and_restores_it():
    class LrRecorder(SGD):
        def __init__(self, lr):
            super().__init__(lr)
            self.seen: list[float] = []

        def update(self, params, grads):
            self.seen.append(self.lr)

    n = 40
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    optimizer = LrRecorder(lr=2.0)
    Trainer(Recorder(), optimizer).fit(
        contexts, np.arange(n), epochs=2, batch_size=10, progress=False, lr_decay=True
    )
    np.testing.assert_allclose(optimizer.seen, 2.0 * (1 - np.arange(8) / 8))
    assert optimizer.lr == 2.0


def test_lr_decay_needs_an_optimizer_with_lr():
    class NoLr:
        def update(self, params, grads):
            pass

    with pytest.raises(TypeError, match="lr_decay needs an optimizer with an lr"):
        Trainer(Recorder(), NoLr()).fit(
            np.zeros((4, 1), int), np.zeros(4, int), progress=False, lr_decay=True
        )


def test_lr_decay_scales_each_learning_rate_of_a_list():
    seen = []

    class Recording(SGD):
        def update(self, params, grads):
            seen.append(self.lr)

    optimizer = Recording(lr=[1.0, 4.0])
    n = 20
    contexts = np.stack([np.arange(n), np.zeros(n, int)], axis=1)
    Trainer(Recorder(), optimizer).fit(
        contexts, np.arange(n), batch_size=10, progress=False, lr_decay=True
    )
    assert seen == [(1.0, 4.0), (0.5, 2.0)]
    assert optimizer.lr == (1.0, 4.0)


def test_each_epoch_may_bring_new_data():
    drawn = []

    def data(epoch):
        drawn.append(epoch)
        n = 30 - 10 * epoch  # 30, 20, 10 examples
        return np.stack([np.arange(n), np.full(n, epoch)], axis=1), np.arange(n)

    class EpochRecorder(Recorder):
        def forward(self, contexts, target):
            self.batches.append(contexts[0, 1])
            return np.float32(1.0)

    model = EpochRecorder()
    trainer = Trainer(model, SGD())
    trainer.fit(data, epochs=3, batch_size=10, progress=False)
    assert drawn == [0, 1, 2]
    assert model.batches == [0] * 3 + [1] * 2 + [2]
    assert trainer.targets_seen == 60
    with pytest.raises(TypeError, match="pass targets inside the data function"):
        trainer.fit(data, np.arange(30), progress=False)
    with pytest.raises(ValueError, match="contexts has 5 rows but targets has 30"):
        Trainer(EpochRecorder(), SGD()).fit(
            lambda epoch: (np.zeros((30 if epoch == 0 else 5, 2), int), np.arange(30)),
            epochs=2,
            batch_size=10,
            progress=False,
        )
