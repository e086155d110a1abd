"""Access: the marketing role is granted the marts without raw personal data and the masked views of the marts
that carry it, never a mart with a personal-data column in the clear; every such mart has its masked view, whose
personal-data columns are masked as their meta says (recomputed here in Python); on DuckDB, which has no GRANT,
the build says that no grant was applied and goes on."""

from __future__ import annotations

import copy
import hashlib
import re
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from dbt_runner import DbtWorkspace

MARTS_PATH = "models/marts/"
ACCESS_PATH = "models/marts/access/"
MASKED_SUFFIX = "_masked"
MARKETING = "marketing"
# Personal data the marts are known to carry: a tag removed from one of these fails the tests.
KNOWN_PII_COLUMNS = {
    ("profile_attributes", "given_name"),
    ("profile_attributes", "family_name"),
    ("profile_attributes", "email"),
    ("profile_attributes", "phone"),
    ("profile_attributes", "address_line"),
    ("profile_attributes", "postal_code"),
    ("profile_attributes", "birth_date"),
    ("profile_identifiers", "identifier_value"),
    ("profile_records", "record_key"),
    ("profile_records", "record_id"),
    ("identity_edges", "identifier_value_a"),
    ("identity_edges", "identifier_value_b"),
    ("identity_edges", "example_record"),
    ("identity_edges_rejected", "identifier_value_a"),
    ("identity_edges_rejected", "identifier_value_b"),
    ("identity_edges_rejected", "example_record"),
    ("activation_email_contacts", "email"),
    ("activation_email_contacts", "first_name"),
}
ALREADY_HASHED = "hashed"
SHA256_HEX = re.compile("[0-9a-f]{64}")
METHODS = {"sha256", "email", "initial", "year", "redact", ALREADY_HASHED}


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _masked(value, method: str):
    """A value as the masked view must show it, by the masking method of its column (macros/access)."""
    if value is None or method == "redact":
        return None
    if method == ALREADY_HASHED:
        return value
    if method == "sha256":
        return _sha256(str(value))
    if method == "email":
        return value[0] + "***@" + value.split("@")[1] if re.search(".@.", value) else None
    if method == "initial":
        return value[0] + "***" if value != "" else None
    if method == "year":
        return date(value.year, 1, 1)
    raise AssertionError(f"unknown masking method {method}")


def _models(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "tessera"
    }


def _masking(column: dict) -> str | None:
    meta = column.get("meta") or {}
    return meta.get("masking", "sha256") if meta.get("pii") else None


def _raw_pii_columns(node: dict) -> dict[str, str]:
    """Columns of a model that hold personal data in the clear, with their masking method."""
    return {
        name: method
        for name, column in node["columns"].items()
        if (method := _masking(column)) is not None and method != ALREADY_HASHED
    }


def _pii_marts(manifest: dict) -> dict[str, dict]:
    return {
        name: node
        for name, node in _models(manifest).items()
        if node["original_file_path"].startswith(MARTS_PATH)
        and not node["original_file_path"].startswith(ACCESS_PATH)
        and _raw_pii_columns(node)
    }


def _grantees(node: dict) -> set[str]:
    grants = node["config"].get("grants") or {}
    return {role for roles in grants.values() for role in ([roles] if isinstance(roles, str) else roles)}


def _marts_without_a_masked_view(manifest: dict) -> list[str]:
    models = _models(manifest)
    problems = []
    for name, mart in _pii_marts(manifest).items():
        view = models.get(name + MASKED_SUFFIX)
        if view is None or not view["original_file_path"].startswith(ACCESS_PATH):
            problems.append(f"{name}: no masked view {name}{MASKED_SUFFIX} in {ACCESS_PATH}")
        elif mart["unique_id"] not in view["depends_on"]["nodes"] or view["config"]["materialized"] != "view":
            problems.append(f"{name}{MASKED_SUFFIX}: not a view of {name}")
        elif list(view["columns"]) != list(mart["columns"]):
            problems.append(f"{name}{MASKED_SUFFIX}: columns differ from the mart's {list(mart['columns'])}")
    return problems


def _marketing_grants_on_raw_pii(manifest: dict) -> list[str]:
    return [
        f"{name} ({node['original_file_path']})"
        for name, node in _models(manifest).items()
        if MARKETING in _grantees(node)
        and (not node["original_file_path"].startswith(MARTS_PATH) or _raw_pii_columns(node))
    ]


def test_personal_data_columns_of_the_marts_are_tagged_with_a_masking_method(built_project: DbtWorkspace) -> None:
    models = _models(built_project.manifest())
    tagged = set()
    for name, node in models.items():
        for column_name, column in node["columns"].items():
            has_meta = bool((column.get("meta") or {}).get("pii"))
            assert has_meta == ("pii" in column["tags"]), f"{name}.{column_name}: meta pii and tag pii disagree"
            if has_meta:
                assert _masking(column) in METHODS, f"{name}.{column_name}: masking {_masking(column)}"
                tagged.add((name, column_name))
    assert KNOWN_PII_COLUMNS <= tagged, sorted(KNOWN_PII_COLUMNS - tagged)
    # a column said to be hashed already (shown as it is) holds SHA-256 hex digests only
    hashed = [(name, column) for name, column in tagged if _masking(models[name]["columns"][column]) == ALREADY_HASHED]
    assert hashed
    for name, column in hashed:
        values = built_project.query(
            f"select distinct {column} from {models[name]['schema']}.{models[name]['alias']} where {column} is not null"
        )
        assert values and all(SHA256_HEX.fullmatch(value) for (value,) in values), f"{name}.{column}"
    assert set(_pii_marts(built_project.manifest())) >= {mart for mart, _ in KNOWN_PII_COLUMNS}


def test_every_mart_with_personal_data_has_a_masked_view(built_project: DbtWorkspace) -> None:
    manifest = built_project.manifest()
    problems = _marts_without_a_masked_view(manifest)
    assert not problems, problems
    # a new mart with a personal-data column and no masked view is caught
    changed = copy.deepcopy(manifest)
    mart = copy.deepcopy(changed["nodes"]["model.tessera.profiles"])
    mart.update(name="profile_addresses", unique_id="model.tessera.profile_addresses")
    mart["columns"]["street"] = {"name": "street", "meta": {"pii": True}, "tags": ["pii"], "description": "Street."}
    changed["nodes"][mart["unique_id"]] = mart
    assert _marts_without_a_masked_view(changed) == [
        f"profile_addresses: no masked view profile_addresses{MASKED_SUFFIX} in {ACCESS_PATH}"
    ]


def test_marketing_is_granted_masked_views_and_marts_without_raw_personal_data_only(
    built_project: DbtWorkspace,
) -> None:
    manifest = built_project.manifest()
    models = _models(manifest)
    granted = {name for name, node in models.items() if MARKETING in _grantees(node)}
    problems = _marketing_grants_on_raw_pii(manifest)
    assert not problems, problems
    pii_marts = set(_pii_marts(manifest))
    assert not granted & pii_marts
    assert {name + MASKED_SUFFIX for name in pii_marts} <= granted
    assert {"activation_ad_audiences", "profiles", "profile_consents", "profile_traits", "segment_sizes"} <= granted
    # staging and intermediate models (raw records, untagged) are read by no role
    assert not [name for name in granted if not models[name]["original_file_path"].startswith(MARTS_PATH)]
    # a grant on a mart with personal data in the clear is caught
    changed = copy.deepcopy(manifest)
    changed["nodes"]["model.tessera.profile_attributes"]["config"]["grants"] = {"select": [MARKETING]}
    assert _marketing_grants_on_raw_pii(changed) == [
        "profile_attributes (models/marts/profiles/profile_attributes.sql)"
    ]


def _table(workspace: DbtWorkspace, schema: str, name: str, columns: list[str]) -> list[tuple]:
    return workspace.query(f"select {', '.join(columns)} from {schema}.{name}")


def test_masked_views_show_personal_data_only_masked(built_project: DbtWorkspace) -> None:
    marts = _pii_marts(built_project.manifest())
    assert marts
    for name, mart in marts.items():
        columns = list(mart["columns"])
        methods = {column: _masking(spec) for column, spec in mart["columns"].items()}
        raw = _table(built_project, mart["schema"], mart["alias"], columns)
        view = _table(built_project, "marketing", name + MASKED_SUFFIX, columns)
        assert raw and len(view) == len(raw), name
        # every row of the view is the mart's row with its personal-data columns masked (hashes recomputed here)
        expected = Counter(
            tuple(
                value if methods[column] is None else _masked(value, methods[column])
                for column, value in zip(columns, row)
            )
            for row in raw
        )
        assert Counter(view) == expected, name
        # and no masked value is a value of the mart's column
        for position, column in enumerate(columns):
            method = methods[column]
            if method is None or method == ALREADY_HASHED:
                continue
            clear = {row[position] for row in raw} - {None}
            shown = {row[position] for row in view} - {None}
            assert clear, f"{name}.{column} holds no value to mask at the test scale"
            if method == "redact":
                assert not shown, f"{name}.{column}"
            elif method == "year":
                assert {(value.month, value.day) for value in shown} == {(1, 1)}, f"{name}.{column}"
            else:
                assert shown and not shown & clear, f"{name}.{column} shows values of the mart"


def test_duckdb_build_says_grants_are_not_applied_and_goes_on(built_project: DbtWorkspace) -> None:
    log = (built_project.target_path / "logs" / "dbt.log").read_text()
    assert "access grants not applied: target type duckdb has no GRANT statement nor roles" in log
    models = _models(built_project.manifest())
    granted = {name for name, node in models.items() if node["config"].get("grants")}
    # the project's apply_grants ran for every relation that configures grants, and applied none
    skipped = set(re.findall(r'grants not applied on "[^"]+"\."[^"]+"\."([^"]+)" \(DuckDB has no GRANT\)', log))
    assert granted and skipped == {models[name]["alias"] for name in granted}
    # and the build went on: every model with grants was built
    statuses = {
        result["unique_id"]: result["status"]
        for result in built_project.run_results()["results"]
    }
    assert all(statuses[models[name]["unique_id"]] == "success" for name in granted)


def test_grants_go_to_the_roles_the_var_names_for_the_target(built_project: DbtWorkspace, tmp_path: Path) -> None:
    """What dbt's apply_grants issues on an adapter with grants: the configured grants, roles of the project
    replaced by the target's roles of the var access_roles (a role the var does not name is a warehouse role)."""
    workspace = DbtWorkspace(built_project.raw_path, tmp_path / "grants.duckdb", tmp_path / "target")
    roles = {"marketing": {"duckdb": ["mkt_analysts", "mkt_ops"], "default": ["unused"]}, "analyst": {"default": []}}
    inline = """
        {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.config.grants -%}
            {%- set relation = api.Relation.create(
                database=node.database, schema=node.schema, identifier=node.alias) -%}
            {%- for statement in get_dcl_statement_list(relation, tessera.target_grant_config(node.config.grants),
                get_grant_sql) -%}
                {{ statement }};
            {% endfor -%}
        {%- endfor -%}
        resolved: {{ tessera.target_grant_config({'select': ['analyst'], 'insert': ['marketing', 'etl_loader']}) }}
    """
    result = workspace.dbt(
        "--quiet", "compile", "--vars", yaml.safe_dump({"access_roles": roles}), "--inline", inline
    )
    statements = re.findall(r'grant select on "[^"]+"\."([^"]+)"\."([^"]+)" to ([^;]+);', result.stdout)
    models = _models(built_project.manifest())
    expected = {
        (node["schema"], node["alias"]) for node in models.values() if MARKETING in _grantees(node)
    }
    assert {(schema, name) for schema, name, _ in statements} == expected
    assert {grantees for _, _, grantees in statements} == {"mkt_analysts, mkt_ops"}
    assert "resolved: {'insert': ['mkt_analysts', 'mkt_ops', 'etl_loader']}" in result.stdout

