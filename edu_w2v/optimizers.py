"""Optimizers: ``update(params, grads)`` changes every parameter in place (the book's API).

``params[i]`` is a float array, ``grads[i]`` its gradient: an array of the same shape and dtype.
Every number is computed in the parameter's dtype: a float32 parameter stays float32.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from edu_w2v.validation import check_number


def check_params_and_grads(params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
    """Raise a clear error unless ``grads[i]`` is a gradient of ``params[i]`` for every i."""
    if not isinstance(params, Sequence) or not isinstance(grads, Sequence):
        raise TypeError("params and grads must be lists (of arrays and gradients)")
    if len(params) != len(grads):
        raise ValueError(f"got {len(params)} params but {len(grads)} grads: one grad per param")
    seen: dict[int, int] = {}
    for i, (param, grad) in enumerate(zip(params, grads, strict=True)):
        if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
            raise TypeError(f"params[{i}] must be a float numpy array, got {type(param).__name__}")
        if id(param) in seen:
            raise ValueError(
                f"params[{i}] is the same array as params[{seen[id(param)]}]: it would be updated "
                "twice per step. List each parameter once, with one gradient holding its whole "
                "gradient."
            )
        seen[id(param)] = i
        if not isinstance(grad, np.ndarray):
            raise TypeError(f"grads[{i}] must be a numpy array, got {type(grad).__name__}")
        if grad.shape != param.shape:
            raise ValueError(f"grads[{i}] has shape {grad.shape}, params[{i}] has {param.shape}")
        if grad.dtype != param.dtype:
            raise TypeError(f"grads[{i}] has dtype {grad.dtype}, params[{i}] has {param.dtype}")


def _positive(name: str, value: float) -> float:
    return check_number(value, name, minimum=0, above_minimum=True)


def _beta(name: str, value: float) -> float:
    value = check_number(value, name, minimum=0, maximum=1)
    if value == 1:
        raise ValueError(f"{name} must be a finite number >= 0 and < 1, got {value}")
    return value


class SGD:
    """Stochastic gradient descent: ``p <- p - lr * g``.

    ``lr`` is one number for every parameter, or a list with one per parameter (``params[i]``
    takes ``lr[i]``).
    """

    def __init__(self, lr: float | Sequence[float] = 0.01) -> None:
        self.lr = lr

    @property
    def lr(self) -> float | tuple[float, ...]:
        return self._lr

    @lr.setter
    def lr(self, value: float | Sequence[float]) -> None:
        if isinstance(value, Sequence) and not isinstance(value, str):
            self._lr = tuple(_positive(f"lr[{i}]", v) for i, v in enumerate(value))
        else:
            self._lr = _positive("lr", value)

    def update(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        check_params_and_grads(params, grads)
        rates = self.lr if isinstance(self.lr, tuple) else (self.lr,) * len(params)
        if len(rates) != len(params):
            raise ValueError(f"got {len(rates)} learning rates for {len(params)} params")
        for param, grad, rate in zip(params, grads, rates, strict=True):
            param -= param.dtype.type(rate) * grad


class Adam:
    """Adam (Kingma & Ba, 2015) in the book's form; at step t = 1, 2, ... for each parameter p:

        m <- m + (1 - beta1) (g - m)              running mean of g     (= beta1 m + (1 - beta1) g)
        v <- v + (1 - beta2) (g * g - v)          running mean of g^2
        p <- p - lr_t m / (sqrt(v) + eps),        lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)

    lr_t undoes the bias of m and v towards their start at 0. (The paper adds eps to
    sqrt(v / (1 - beta2^t)) instead of sqrt(v): the two differ only in the scale of eps.)
    """

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        self.lr = _positive("lr", lr)
        self.beta1 = _beta("beta1", beta1)
        self.beta2 = _beta("beta2", beta2)
        self.eps = _positive("eps", eps)
        self.t = 0  # number of update() calls so far
        self.m: list[np.ndarray] | None = None  # running means of g, one per parameter
        self.v: list[np.ndarray] | None = None  # running means of g * g

    def update(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        check_params_and_grads(params, grads)
        if self.m is None or self.v is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        expected = [(m.shape, m.dtype) for m in self.m]
        if [(p.shape, p.dtype) for p in params] != expected:
            raise ValueError(
                "this Adam was first used with params of (shape, dtype) "
                f"{[(s, str(d)) for s, d in expected]}; use a new Adam for other parameters"
            )
        self.t += 1
        lr_t = self.lr * math.sqrt(1 - self.beta2**self.t) / (1 - self.beta1**self.t)
        for param, grad, m, v in zip(params, grads, self.m, self.v, strict=True):
            to_dtype = param.dtype.type  # keep float32 parameters float32
            one_minus_beta1, one_minus_beta2 = to_dtype(1 - self.beta1), to_dtype(1 - self.beta2)
            step, eps = to_dtype(lr_t), to_dtype(self.eps)
            m += one_minus_beta1 * (grad - m)
            v += one_minus_beta2 * (grad * grad - v)
            param -= step * m / (np.sqrt(v) + eps)
