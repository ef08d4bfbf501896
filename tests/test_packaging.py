"""Packaging: environment.yml and pyproject.toml list the same dependencies."""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import ROOT

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    project = _pyproject()["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}

    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    (pip_section,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    pip_only = {_name(d) for d in pip_section if d != "-e ."}  # not on conda-forge
    assert conda | pip_only == wanted
    assert not conda & pip_only
    assert "-e ." in pip_section


def test_environment_yml_and_pyproject_agree_on_version_bounds():
    project = _pyproject()["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    (pip_section,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    listed = [d for d in env["dependencies"] if isinstance(d, str)] + pip_section
    conda = {_name(d): d.replace(" ", "") for d in listed if d != "-e ."}
    for requirement in requirements:
        assert conda[_name(requirement)] == requirement.replace(" ", "").replace("_", "-")


def test_python_requirement_is_at_least_3_10():
    assert _pyproject()["project"]["requires-python"] == ">=3.10"


def test_the_test_extra_brings_what_the_pytest_options_use():
    # `pip install -e ".[test]"` alone must run `pytest`: no jupyter metapackage, no ipywidgets
    config = _pyproject()
    test_extra = {_name(r) for r in config["project"]["optional-dependencies"]["test"]}
    addopts = config["tool"]["pytest"]["ini_options"]["addopts"].split()
    assert "--nbval" in addopts and {"nbval", "ipykernel"} <= test_extra  # nbval runs a kernel
    assert "-n" in addopts and "pytest-xdist" in test_extra
    assert "nbclient" in test_extra  # tests/test_exercises.py, scripts/execute_notebooks.sh
    assert not {"jupyter", "ipywidgets", "notebook"} & test_extra


def test_the_tests_and_the_linter_never_look_at_a_students_copy():
    config = _pyproject()
    assert "my-exercises" not in config["tool"]["pytest"]["ini_options"]["testpaths"]
    assert "my-exercises" in config["tool"]["ruff"]["extend-exclude"]
    assert "my-exercises/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
