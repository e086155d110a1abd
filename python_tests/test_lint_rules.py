"""The project's dbt-score rules (tessera/lint_rules.py) on small hand-made manifests, and their configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbt_score.config import Config
from dbt_score.models import ManifestLoader
from dbt_score.rule_registry import RuleRegistry

from tessera import lint_rules

PROJECT_DIR = Path(__file__).resolve().parent.parent


def model_node(path: str, parents: tuple[str, ...] = (), **config: object) -> dict:
    name = Path(path).stem
    return {
        "unique_id": f"model.tessera.{name}",
        "resource_type": "model",
        "name": name,
        "alias": name,
        "description": "A model.",
        "original_file_path": path,
        "config": {"materialized": "table", **config},
        "meta": {},
        "columns": {},
        "package_name": "tessera",
        "database": "tessera",
        "schema": "main",
        "raw_code": "select 1",
        "language": "sql",
        "access": "protected",
        "tags": [],
        "depends_on": {"nodes": list(parents), "macros": []},
        "constraints": [],
    }


def load(tmp_path: Path, *nodes: dict, macros: tuple[dict, ...] = ()) -> ManifestLoader:
    source = {
        "unique_id": "source.tessera.crm.contacts",
        "resource_type": "source",
        "name": "contacts",
        "source_name": "crm",
        "source_description": "",
        "description": "",
        "original_file_path": "models/staging/crm/_crm__sources.yml",
        "config": {},
        "meta": {},
        "source_meta": {},
        "columns": {},
        "package_name": "tessera",
        "database": "tessera",
        "schema": "raw",
        "identifier": "crm_contacts",
        "loader": "",
        "freshness": None,
        "tags": [],
    }
    manifest = {
        "metadata": {"project_name": "tessera"},
        "nodes": {node["unique_id"]: node for node in nodes},
        "sources": {source["unique_id"]: source},
        "exposures": {},
        "macros": {macro["unique_id"]: macro for macro in macros},
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    return ManifestLoader(path)


MART = model_node("models/marts/core/profiles.sql", contract={"enforced": True})
INTERMEDIATE = model_node("models/intermediate/identity/int_identifiers.sql")


def test_an_intermediate_model_reading_a_mart_breaks_the_rule_unless_excepted(tmp_path: Path) -> None:
    reader = model_node("models/intermediate/traits/int_traits.sql", (MART["unique_id"], INTERMEDIATE["unique_id"]))
    loader = load(tmp_path, MART, INTERMEDIATE, reader)
    model = loader.models[reader["unique_id"]]
    rule = lint_rules.intermediate_does_not_read_marts()
    assert rule.should_evaluate(model)
    violation = rule.evaluate(model)
    assert violation is not None and "profiles" in violation.message
    assert rule.evaluate(model, exceptions={"int_traits": ["profiles"]}) is None
    # an exception for another model, or for another mart, does not cover it
    assert rule.evaluate(model, exceptions={"int_other": ["profiles"], "int_traits": ["segments"]}) is not None
    # reading intermediate models only is what intermediate models do
    assert rule.evaluate(loader.models[INTERMEDIATE["unique_id"]]) is None
    # the rule looks at intermediate models only
    assert not rule.should_evaluate(loader.models[MART["unique_id"]])


def test_an_exception_that_is_no_longer_needed_breaks_the_rule(tmp_path: Path) -> None:
    reader = model_node("models/intermediate/traits/int_traits.sql", (INTERMEDIATE["unique_id"],))
    model = load(tmp_path, INTERMEDIATE, reader).models[reader["unique_id"]]
    violation = lint_rules.intermediate_does_not_read_marts().evaluate(model, exceptions={"int_traits": ["profiles"]})
    assert violation is not None and "no longer needed" in violation.message


def test_marts_need_an_enforced_contract_but_the_masked_views(tmp_path: Path) -> None:
    uncontracted = model_node("models/marts/privacy/erasure_audit.sql", materialized="incremental")
    masked_view = model_node("models/marts/access/profiles_masked.sql", materialized="view")
    table_in_access = model_node("models/marts/access/profiles_copy.sql")
    loader = load(tmp_path, MART, uncontracted, masked_view, table_in_access)
    rule = lint_rules.mart_has_enforced_contract()
    verdicts = {
        model.name: rule.evaluate(model) is None for model in loader.models.values() if rule.should_evaluate(model)
    }
    assert verdicts == {"profiles": True, "erasure_audit": False, "profiles_masked": True, "profiles_copy": False}


def test_only_staging_models_read_sources(tmp_path: Path) -> None:
    base = model_node("models/staging/crm/base/base_crm__contacts.sql", ("source.tessera.crm.contacts",))
    reader = model_node("models/intermediate/identity/int_contacts.sql", ("source.tessera.crm.contacts",))
    loader = load(tmp_path, base, reader)
    rule = lint_rules.only_staging_reads_sources()
    assert rule.evaluate(loader.models[base["unique_id"]]) is None
    violation = rule.evaluate(loader.models[reader["unique_id"]])
    assert violation is not None and "crm.contacts" in violation.message


def test_macro_arguments_need_a_type(tmp_path: Path) -> None:
    def macro(name: str, arguments: list[dict]) -> dict:
        return {
            "unique_id": f"macro.tessera.{name}",
            "resource_type": "macro",
            "name": name,
            "description": "A macro.",
            "original_file_path": "macros/m.sql",
            "package_name": "tessera",
            "macro_sql": "",
            "arguments": arguments,
        }

    typed = macro("typed", [{"name": "expression", "type": "string", "description": "SQL."}])
    untyped = macro("untyped", [{"name": "expression", "type": None, "description": "SQL."}])
    loader = load(tmp_path, macros=(typed, untyped))
    rule = lint_rules.macro_arguments_have_type()
    assert rule.evaluate(loader.macros[typed["unique_id"]]) is None
    assert rule.evaluate(loader.macros[untyped["unique_id"]]) is not None


@pytest.fixture
def project_config(monkeypatch: pytest.MonkeyPatch) -> Config:
    """dbt-score's configuration as `make lint` loads it, from pyproject.toml in the project folder."""
    monkeypatch.chdir(PROJECT_DIR)
    config = Config()
    config.load()
    return config


def test_the_configuration_loads_the_project_rules_strictly(project_config: Config) -> None:
    registry = RuleRegistry(project_config)
    registry.load_all()
    names = set(registry.rules)
    assert {
        "tessera.lint_rules.intermediate_does_not_read_marts",
        "tessera.lint_rules.mart_has_enforced_contract",
        "tessera.lint_rules.only_staging_reads_sources",
        "tessera.lint_rules.macro_arguments_have_type",
        "dbt_score.rules.macros.macro_has_description",
        "dbt_score.rules.macros.macro_arguments_have_description",
        "dbt_score.rules.generic.has_description",
    } <= names
    # any broken rule fails the lint
    assert project_config.fail_any_item_under == 10.0
    # the owner rule looks at the marts only
    owner = registry.rules["dbt_score.rules.generic.has_owner"]
    assert {rule_filter.source() for rule_filter in owner.rule_filters} == {"tessera.lint_rules.is_mart"}


def test_no_intermediate_model_is_excepted_from_the_mart_rule(project_config: Config) -> None:
    """Every intermediate model has moved off the marts: the rule runs with no exception left."""
    rule_config = project_config.rules_config.get("tessera.lint_rules.intermediate_does_not_read_marts")
    assert rule_config is None or not rule_config.config.get("exceptions")
