"""Shared fixtures: one generated dataset and one full `dbt build` per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dbt_runner import DbtWorkspace

TEST_PERSONS = 2000
TEST_SEED = 7


@pytest.fixture(scope="session")
def generated_raw(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A small demo dataset and its manifest (the generator's own record of what it wrote)."""
    from tessera.generate import generate

    raw_path = tmp_path_factory.mktemp("raw")
    manifest = generate(raw_path, persons=TEST_PERSONS, seed=TEST_SEED)
    return raw_path, manifest


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory, generated_raw: tuple[Path, dict]) -> DbtWorkspace:
    """The whole project built and tested (`dbt build`) on the small dataset."""
    raw_path, _ = generated_raw
    work = tmp_path_factory.mktemp("build")
    workspace = DbtWorkspace(raw_path=raw_path, database_path=work / "tessera.duckdb", target_path=work / "target")
    workspace.build(check=False)
    return workspace
