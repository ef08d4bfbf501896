"""The package's shape: the teaching modules flat, one concept each; the fast half in engines/;
plots in pictures/; imports only point down (no cycle, nothing teaching imports the fast half)."""

from __future__ import annotations

import ast
import functools

import pytest
from helpers import ROOT

PACKAGE = ROOT / "edu_w2v"
# What a student reads: the book's layers and models, and what they are built on.
TEACHING = {
    "edu_w2v.sigmoid_with_loss", "edu_w2v.embedding", "edu_w2v.embedding_dot",
    "edu_w2v.unigram_sampler", "edu_w2v.negative_sampling_loss", "edu_w2v.word2vec_model",
    "edu_w2v.cbow", "edu_w2v.skip_gram", "edu_w2v.optimizers", "edu_w2v.trainer",
    "edu_w2v.softmax_with_loss", "edu_w2v.validation", "edu_w2v.word_ids",
    "edu_w2v.preprocessing", "edu_w2v.evaluation", "edu_w2v.word_vectors",
}  # fmt: skip


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Each module -> the edu_w2v modules it imports at module level."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        imported = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("edu_w2v"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    imported.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("edu_w2v")}
        graph[name] = imported - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[str]:
    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph.get(start, ()):
            if step == goal or (step not in seen and (seen.add(step) or reaches(step, goal, seen))):
                return True
        return False

    return sorted(name for name in graph if reaches(name, name, set()))


def test_no_module_imports_itself_round_a_circle():
    assert cycles(import_graph()) == []


def test_a_planted_circle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == ["a", "b", "c"]


@pytest.mark.parametrize("module", sorted(TEACHING))
def test_teaching_modules_never_import_the_fast_half_plots_or_checkers(module):
    imported = import_graph()[module]
    forbidden = ("edu_w2v.engines", "edu_w2v.pictures", "edu_w2v.checks", "edu_w2v.training")
    assert not [m for m in imported if m.startswith(forbidden)]


def test_the_fast_half_and_the_pictures_live_in_their_own_folders():
    names = set(import_graph())
    assert {"edu_w2v.engines.fast", "edu_w2v.engines.compiled"} <= names
    assert "edu_w2v.pictures.projection" in names
    assert not {"edu_w2v.fast", "edu_w2v.compiled"} & names
