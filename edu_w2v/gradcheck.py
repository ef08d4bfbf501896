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

A parameter that ``params`` lists several times (the book's ``NegativeSamplingLoss`` lists its
``W`` once per ``EmbeddingDot``) has one gradient, the sum of its ``grads`` entries: each entry is
a share, and the sum is what is compared.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edu_w2v.language import text


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
    """One row of the table. A ``share`` row is one ``grads`` entry of a parameter that ``params``
    lists several times: it is not judged alone (``passed``), the row of the sum is."""

    name: str
    shape: tuple[int, ...]
    error: float
    passed: bool
    share: bool = False


@dataclass
class GradCheckReport:
    """One row per checked array; ``passed`` when every row is below ``tol``."""

    rows: list[GradCheckRow]
    tol: float
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(row.passed for row in self.rows)

    def __getitem__(self, name: str) -> GradCheckRow:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def add(self, name: str, analytic: np.ndarray, numeric: np.ndarray) -> None:
        """Compare ``analytic`` (from ``backward``) with ``numeric``; add the row."""
        error = relative_error(analytic, numeric)
        self.rows.append(GradCheckRow(name, tuple(np.shape(analytic)), error, error < self.tol))

    def add_shared(self, indices: list[int], grads: list[np.ndarray], numeric: np.ndarray) -> None:
        """One array listed at ``indices`` of ``params``: each of its ``grads`` entries is a share
        of its one gradient, so the rows show the shares and compare their sum."""
        names = _index_range(indices)
        for i, grad in zip(indices, grads, strict=True):
            share = GradCheckRow(f"grads[{i}]", tuple(np.shape(grad)), float("nan"), True, True)
            self.rows.append(share)
        total = sum(np.asarray(g, dtype=np.float64) for g in grads)
        self.add(text(f"sum grads[{names}]", f"grads[{names}] 之和"), total, numeric)
        self.notes.append(
            text(
                f"params[{names}] are one array listed {len(indices)} times: grads[{names}] are "
                "shares of its gradient, compared as their sum",
                f"params[{names}] 是同一个数组，列出了 {len(indices)} 次：grads[{names}] "
                "是它的梯度的各个份额，比较的是它们的和",
            )
        )

    def __str__(self) -> str:
        """A table; errors below ``tol`` print as ``< tol`` (their digits are rounding noise)."""
        width = max([10, *(_width(row.name) for row in self.rows)])
        array, shape, error = (
            text("array", "数组"),
            text("shape", "形状"),
            text("rel. error", "相对误差"),
        )
        lines = [
            f"{_left(array, width)} {_left(shape, 9)} {_right(error, 10)}  {text('passed', '通过')}"
        ]
        for row in self.rows:
            if row.share:
                error, mark = text("share", "份额"), text("(see the sum)", "（见它们的和）")
            else:
                error = f"< {self.tol:.0e}" if row.passed else f"{row.error:.2e}"
                mark = text("yes", "是") if row.passed else text("NO", "否")
            lines.append(
                f"{_left(row.name, width)} {str(row.shape):<9} {_right(error, 10)}  {mark}"
            )
        return "\n".join(lines + self.notes)


def _width(cell: str) -> int:
    """Columns ``cell`` takes in a monospaced font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)


def _left(cell: str, width: int) -> str:
    return cell + " " * (width - _width(cell))


def _right(cell: str, width: int) -> str:
    return " " * (width - _width(cell)) + cell


def _index_range(indices: list[int]) -> str:
    """[0, 1, 2] -> "0..2"; [1, 3] -> "1,3"."""
    if len(indices) > 2 and indices == list(range(indices[0], indices[-1] + 1)):
        return f"{indices[0]}..{indices[-1]}"
    return ",".join(map(str, indices))


def shared_parameters(params: list[np.ndarray]) -> list[list[int]]:
    """The indices of each distinct array in ``params``, in order: [[0], [1]] for two arrays,
    [[0, 1, 2]] for one array listed three times (the book's shared ``W``)."""
    groups: list[list[int]] = []
    for i, param in enumerate(params):
        for group in groups:
            if params[group[0]] is param:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


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


def _defaults(arrays: list[np.ndarray], eps: float | None, tol: float | None):
    """``eps`` and ``tol`` where not given, by dtype: 1e-6 and 1e-7 in float64, 1e-2 in float32."""
    dtype = np.result_type(*[a.dtype for a in arrays if np.issubdtype(a.dtype, np.floating)])
    if eps is None:
        eps = 1e-6 if dtype == np.float64 else 1e-2
    if tol is None:
        tol = 1e-7 if dtype == np.float64 else 1e-2
    return eps, tol


def scalar_function(layer: Any, inputs: tuple, seed: int = 0) -> tuple[Callable[[], float], Any]:
    """``(f, dout)``: ``f()`` runs ``forward(*inputs)`` with the same negatives every time and
    returns the loss, or ``sum(out * dout)`` for a fixed random ``dout`` if ``out`` is an array;
    ``dout`` is what ``backward`` takes (1 for a loss)."""
    rewind = rewinder(layer)
    out = np.asarray(layer.forward(*inputs))
    rewind()
    dout = 1.0 if out.ndim == 0 else np.random.default_rng(seed).standard_normal(out.shape)

    def f() -> float:
        rewind()
        value = np.asarray(layer.forward(*inputs), dtype=np.float64)
        return float(np.sum(value * dout))

    return f, (dout if out.ndim else 1)


def check_layer(
    layer: Any,
    *inputs: np.ndarray,
    eps: float | None = None,
    tol: float | None = None,
    seed: int = 0,
    input_name: str = "x",
    backward_calls: int = 2,
) -> GradCheckReport:
    """Check ``backward`` of ``layer`` at ``inputs`` against numerical gradients: a table.

    Rows: ``d<input_name>``, what ``backward`` returns for the first input (if it is floating
    point), and ``grads[i]`` for each parameter; an array that ``params`` lists several times gets
    one row per share and a row for their sum (``GradCheckReport.add_shared``). ``backward`` runs
    ``backward_calls`` times, as that many training steps would. ``eps``/``tol``: ``_defaults``.
    """
    eps, tol = _defaults([*layer.params, *inputs], eps, tol)
    inputs = tuple(np.array(x, copy=True) for x in inputs)  # perturbed in place below
    f, dout = scalar_function(layer, inputs, seed)
    for _ in range(backward_calls):  # two training steps: stale gradients would add up
        f()
        d_first = layer.backward(dout)

    report = GradCheckReport([], tol)
    if d_first is not None and np.issubdtype(inputs[0].dtype, np.floating):
        report.add(f"d{input_name}", d_first, numerical_gradient(f, inputs[0], eps))
    for indices in shared_parameters(layer.params):
        numeric = numerical_gradient(f, layer.params[indices[0]], eps)
        grads = [np.asarray(layer.grads[i]) for i in indices]
        if len(indices) == 1:
            report.add(f"grads[{indices[0]}]", grads[0], numeric)
        else:
            report.add_shared(indices, grads, numeric)
    return report
