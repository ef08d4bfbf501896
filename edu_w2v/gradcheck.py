"""Gradient checking: compare a layer's ``backward`` with central differences of its ``forward``.

For a layer following the book's contract (``params``, ``grads``, ``forward(*inputs)``,
``backward(dout)``), take the scalar

    f = forward(*inputs)               if forward returns a scalar loss (then dout = 1)
    f = sum(forward(*inputs) * dout)   otherwise, for a fixed random ``dout``

Then ``backward(dout)`` should return df/d(first input) and leave df/dW in ``grads``. Numerically,

    df/dx_j ~ (f(x + eps e_j) - f(x - eps e_j)) / (2 eps)

and the two agree when the relative error ||a - n|| / (||a|| + ||n||) is tiny (~1e-7 or less in
float64). A sampling layer's random negatives are held fixed: its random generator is rewound
before every call of ``forward``. ``backward`` is run twice, as two training steps would, so that
gradients which accumulate across calls (stale gradients) show up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of ``f()`` with respect to the array ``x``, changed in place."""
    grad = np.zeros(x.shape, dtype=np.float64)
    for j in np.ndindex(x.shape):
        original = x[j]
        x[j] = original + eps
        f_plus = float(f())
        x[j] = original - eps
        f_minus = float(f())
        x[j] = original
        grad[j] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """||a - n|| / (||a|| + ||n||): 0 when equal, 1 when opposite or one of them is 0."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - n) / denominator)


@dataclass
class GradCheckRow:
    name: str
    shape: tuple[int, ...]
    error: float
    passed: bool


@dataclass
class GradCheckReport:
    """One row per checked array; ``passed`` when every row is below ``tol``."""

    rows: list[GradCheckRow]
    tol: float

    @property
    def passed(self) -> bool:
        return all(row.passed for row in self.rows)

    def __getitem__(self, name: str) -> GradCheckRow:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def __str__(self) -> str:
        """A table; errors below ``tol`` print as ``< tol`` (their digits are rounding noise)."""
        lines = [f"{'array':<10} {'shape':<9} {'rel. error':>10}  passed"]
        for row in self.rows:
            error = f"< {self.tol:.0e}" if row.passed else f"{row.error:.2e}"
            mark = "yes" if row.passed else "NO"
            lines.append(f"{row.name:<10} {str(row.shape):<9} {error:>10}  {mark}")
        return "\n".join(lines)


def _find_samplers(obj: Any, depth: int = 3) -> list[Any]:
    """Objects with ``get_negative_sample``: ``obj`` or its attributes, e.g. a model's sampler."""
    if hasattr(obj, "get_negative_sample"):
        return [obj]
    if depth == 0 or not hasattr(obj, "__dict__"):
        return []
    found = []
    for value in vars(obj).values():
        for sampler in _find_samplers(value, depth - 1):
            if all(sampler is not s for s in found):
                found.append(sampler)
    return found


def rewinder(layer: Any) -> Callable[[], None]:
    """A function that puts the random generators of the layer's samplers back where they are.

    Call ``rewind = rewinder(layer)`` before a ``forward``; ``rewind()`` then makes the next
    ``forward`` draw the same negatives again (the samplers are found among the attributes).
    """
    restores = []
    for sampler in _find_samplers(layer):
        rng = getattr(sampler, "rng", None)
        if isinstance(rng, np.random.Generator):
            state = rng.bit_generator.state
            restores.append(lambda rng=rng, state=state: setattr(rng.bit_generator, "state", state))
        elif isinstance(rng, np.random.RandomState):
            state = rng.get_state()
            restores.append(lambda rng=rng, state=state: rng.set_state(state))
        else:  # the source run's layers draw from NumPy's global RNG
            state = np.random.get_state()  # noqa: NPY002
            restores.append(lambda state=state: np.random.set_state(state))  # noqa: NPY002

    def rewind() -> None:
        for restore in restores:
            restore()

    return rewind


def check_layer(
    layer: Any,
    *inputs: np.ndarray,
    eps: float | None = None,
    tol: float | None = None,
    seed: int = 0,
    input_name: str = "x",
) -> GradCheckReport:
    """Check ``backward`` of ``layer`` at ``inputs`` against numerical gradients.

    Rows: ``d<input_name>`` for the first input when it is floating point (the gradient that
    ``backward`` returns), and ``grads[i]`` for each parameter. ``eps``/``tol`` default by dtype:
    1e-6 / 1e-7 in float64, 1e-2 / 1e-2 in float32.
    """
    floats = [a.dtype for a in [*layer.params, *inputs] if np.issubdtype(a.dtype, np.floating)]
    dtype = np.result_type(*floats)
    if eps is None:
        eps = 1e-6 if dtype == np.float64 else 1e-2
    if tol is None:
        tol = 1e-7 if dtype == np.float64 else 1e-2
    inputs = tuple(np.array(x, copy=True) for x in inputs)  # perturbed in place below
    rewind = rewinder(layer)

    out = np.asarray(layer.forward(*inputs))
    rewind()
    dout = 1.0 if out.ndim == 0 else np.random.default_rng(seed).standard_normal(out.shape)

    def f() -> float:
        rewind()
        value = np.asarray(layer.forward(*inputs), dtype=np.float64)
        return float(np.sum(value * dout))

    for _ in range(2):  # two training steps: stale gradients would add up
        f()
        d_first = layer.backward(dout if out.ndim else 1)

    rows = []
    first = inputs[0]
    if d_first is not None and np.issubdtype(first.dtype, np.floating):
        rows.append((f"d{input_name}", d_first, numerical_gradient(f, first, eps)))
    analytic = [np.asarray(g) for g in layer.grads]
    for i, param in enumerate(layer.params):
        rows.append((f"grads[{i}]", analytic[i], numerical_gradient(f, param, eps)))
    report = []
    for name, a, n in rows:
        error = relative_error(a, n)
        report.append(GradCheckRow(name, tuple(np.shape(a)), error, error < tol))
    return GradCheckReport(report, tol)
