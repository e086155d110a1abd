"""The matching configuration generalises: a second dataset of another shape (a person registry with its own
typos, transpositions and missing fields, tessera.generate.people_registry) is resolved by configuration alone
(a raw file registration, an identity source, a person-attribute source and a national-id comparison, all
given as vars) and its duplicates are found against its truth."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dbt_runner import DbtWorkspace
from tessera.evaluate import load_assignments, score
from tessera.generate.people_registry import generate_registry

REGISTRY_PERSONS = 2000
# Floors just under what the build measures on this dataset (seed 11: pairwise precision 1.0, recall 0.94);
# deterministic links alone (a shared email) find 15% of the duplicate pairs.
PAIRWISE_PRECISION_FLOOR = 0.99
PAIRWISE_RECALL_FLOOR = 0.9
DETERMINISTIC_RECALL_CEILING = 0.3


def registry_vars(reports_path: Path) -> dict:
    """Everything the registry needs, as configuration: the same mechanism as the demo sources."""
    attributes_of = {"relation": "raw.people_registry", "record_source": "people_registry", "record_id": "registry_id"}
    # the defaults and a national-id comparison and rule: keys left out keep their defaults, extras are appended
    matching = {
        "extra_comparisons": [{"column": "national_id", "damerau_levenshtein": [1]}],
        "extra_blocking_rules": [["national_id"]],
        "extra_corroborate_with": ["national_id"],
        "reports_path": str(reports_path),
    }
    return {
        "extra_raw_files": [{"identifier": "people_registry", "pattern": "registry/people*.csv", "format": "csv"}],
        "identity_sources": [{
            **attributes_of,
            "observed_at": "try_cast(registered_on as timestamp)",
            "given_name": "split_part(first_names, ' ', 1)",
            "identifiers": [
                {"type": "registry_record_id", "column": "registry_id"},
                {"type": "email", "column": "lower(trim(email))", "valid_if": "email like '%@%.%'"},
            ],
        }],
        "person_attribute_sources": [{
            **attributes_of,
            "attributes": {
                "given_name": "split_part(first_names, ' ', 1)", "family_name": "surname",
                "birth_date": "date_of_birth", "address_line": "address", "postal_code": "postcode", "city": "town",
                "national_id": "national_id", "email": "email",
            },
        }],
        "probabilistic_matching": matching,
        # the registry is a project of its own: no events, so none of the demo's custom traits or segments
        "custom_traits": [],
        "segments": [],
    }


@pytest.fixture(scope="module")
def registry_build(generated_raw: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> DbtWorkspace:
    source, _ = generated_raw
    work = tmp_path_factory.mktemp("registry")
    shutil.copytree(source, work / "raw")
    generate_registry(work / "raw", persons=REGISTRY_PERSONS, seed=11)
    workspace = DbtWorkspace(work / "raw", work / "registry.duckdb", work / "target")
    workspace.dbt(
        "build", "--select", "+profile_records", "+identity_edges", "--exclude", "resource_type:unit_test", "test_type:singular",
        # tests of the models built only (a seed's relationship test to a seed this selection leaves out stays out)
        "--indirect-selection", "cautious",
        "--vars", json.dumps(registry_vars(work / "matching")),
    )
    return workspace


def test_registry_duplicates_are_found_by_configuration_alone(registry_build: DbtWorkspace) -> None:
    records = registry_build.query("select count(*), count(distinct record_source) from marts.profile_records")[0]
    assert records[0] > REGISTRY_PERSONS and records[1] == 1
    database, raw = registry_build.database_path, registry_build.raw_path
    deterministic = score(load_assignments(database, raw, deterministic_only=True))
    resolved = score(load_assignments(database, raw))
    assert resolved["records"] == records[0]
    assert resolved["pairwise_precision"] >= PAIRWISE_PRECISION_FLOOR, resolved
    assert resolved["pairwise_recall"] >= PAIRWISE_RECALL_FLOOR, resolved
    assert deterministic["pairwise_recall"] <= DETERMINISTIC_RECALL_CEILING, deterministic
    agreed = registry_build.query(
        "select count(*) from marts.identity_edges "
        "where link_rule = 'probabilistic' and matched_attributes like '%national_id%'"
    )[0][0]
    assert agreed > 0
    assert (registry_build.target_path.parent / "matching" / "model.json").exists()
