"""The project built on generated data: every node passes, everything is documented and keyed, every raw row is
accounted for, and staging's normalisation holds on the data."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from dbt_runner import DbtWorkspace

# Base models hold every raw row, duplicates included: their grain is the raw row, which has no key of its own.
KEYLESS_MODEL_PREFIX = "base_"


def _models(manifest: dict) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "tessera"
    ]


def test_every_node_of_the_build_passes(built_project: DbtWorkspace) -> None:
    results = built_project.run_results()["results"]
    # exposures are listed in the results of a build without being run (no-op)
    results = [r for r in results if not r["unique_id"].startswith("exposure.")]
    failed = [(r["unique_id"], r["status"], r.get("message")) for r in results if r["status"] not in ("success", "pass", "warn")]
    assert not failed, failed
    kinds = Counter(r["unique_id"].split(".")[0] for r in results)
    assert kinds["model"] >= 23 and kinds["test"] >= 70 and kinds["unit_test"] >= 2, kinds


def test_every_model_and_column_is_documented(built_project: DbtWorkspace) -> None:
    problems = []
    for node in _models(built_project.manifest()):
        if not node["description"].strip():
            problems.append(f"{node['name']}: no description")
        documented = {name.lower() for name in node["columns"]}
        built = {
            row[0].lower()
            for row in built_project.query(
                "select column_name from information_schema.columns "
                f"where table_schema = '{node['schema']}' and table_name = '{node['alias']}'"
            )
        }
        assert built, f"{node['name']} was not built"
        if documented != built:
            problems.append(f"{node['name']}: undocumented {sorted(built - documented)}, stale {sorted(documented - built)}")
        problems += [
            f"{node['name']}.{name}: no description"
            for name, column in node["columns"].items()
            if not column["description"].strip()
        ]
    assert not problems, "\n".join(problems)


def test_every_keyed_model_has_a_unique_and_not_null_key(built_project: DbtWorkspace) -> None:
    manifest = built_project.manifest()
    tested: dict[str, set[tuple[str, str]]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata") and node.get("attached_node"):
            tested.setdefault(node["attached_node"], set()).add(
                (node["test_metadata"]["name"], node.get("column_name") or "")
            )
    missing = []
    for model in _models(manifest):
        if model["name"].startswith(KEYLESS_MODEL_PREFIX):
            continue
        tests = tested.get(model["unique_id"], set())
        unique_columns = {column for name, column in tests if name == "unique"}
        not_null_columns = {column for name, column in tests if name == "not_null"}
        if not unique_columns & not_null_columns:
            missing.append(model["name"])
    assert not missing, f"models without a tested primary key: {missing}"


RAW_TABLES = {
    ("crm", "contacts"): "crm/contacts*.csv",
    ("shop", "customers"): "shop/customers*.csv",
    ("shop", "orders"): "shop/orders*.csv",
    ("shop", "order_lines"): "shop/order_lines*.csv",
    ("pos", "transactions"): "pos/transactions*.csv",
    ("segment", "events"): "events/*/*.jsonl",
    ("support", "tickets"): "support/tickets*.csv",
    ("email", "events"): "email/events*.csv",
    ("consent", "events"): "consent/events*.csv",
    ("privacy", "erasure_requests"): "privacy/erasure_requests*.csv",
    ("enrichment", "third_party"): "enrichment/third_party*.csv",
}
STAGING_MODELS = {
    ("crm", "contacts"): "stg_crm__contacts",
    ("shop", "customers"): "stg_shop__customers",
    ("shop", "orders"): "stg_shop__orders",
    ("shop", "order_lines"): "stg_shop__order_lines",
    ("pos", "transactions"): "stg_pos__transactions",
    ("segment", "events"): "stg_segment__events",
    ("support", "tickets"): "stg_support__tickets",
    ("email", "events"): "stg_email__events",
    ("consent", "events"): "stg_consent__events",
    ("privacy", "erasure_requests"): "stg_privacy__erasure_requests",
    ("enrichment", "third_party"): "stg_enrichment__third_party",
}


def _raw_row_count(raw_path: Path, pattern: str) -> int:
    files = sorted(raw_path.glob(pattern))
    assert files, f"no raw file matches {pattern}"
    if pattern.endswith(".jsonl"):
        return sum(1 for path in files for line in path.read_text().split("\n") if line.strip())
    total = 0
    for path in files:
        with path.open(newline="") as handle:
            total += sum(1 for _ in csv.DictReader(handle))
    return total


def test_kept_plus_rejected_rows_equal_the_raw_rows_of_every_source(
    built_project: DbtWorkspace, generated_raw: tuple[Path, dict]
) -> None:
    raw_path, _ = generated_raw
    rejected = dict(
        ((source, table), count)
        for source, table, count in built_project.query(
            "select source_name, table_name, count(*) from staging.stg_rejected_records group by all"
        )
    )
    mismatches = {}
    for key, pattern in RAW_TABLES.items():
        raw = _raw_row_count(raw_path, pattern)
        kept = built_project.query(f"select count(*) from staging.{STAGING_MODELS[key]}")[0][0]
        if kept + rejected.get(key, 0) != raw or kept == 0:
            mismatches[key] = (raw, kept, rejected.get(key, 0))
    assert not mismatches, mismatches


def test_rejections_name_the_mess_the_generator_injected(built_project: DbtWorkspace) -> None:
    reasons = {
        (table, reason): count
        for table, reason, count in built_project.query(
            "select source_name || '.' || table_name, rejection_reason, count(*) "
            "from staging.stg_rejected_records group by all"
        )
    }
    expected = [
        ("segment.events", "malformed_json"),
        ("segment.events", "duplicate_message"),
        ("crm.contacts", "exact_duplicate"),
        ("crm.contacts", "superseded_by_newer_version"),
    ]
    assert all(reasons.get(key, 0) > 0 for key in expected), reasons
    assert any(reason == "invalid_timestamp" for _, reason in reasons), reasons
    assert any(reason == "missing_primary_key" for _, reason in reasons), reasons


E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")


def test_staged_identifiers_are_normalised(built_project: DbtWorkspace) -> None:
    emails = built_project.query(
        "select email from staging.stg_crm__contacts where email is not null "
        "union all select email from staging.stg_shop__customers where email is not null "
        "union all select trait_email from staging.stg_segment__events where trait_email is not null"
    )
    assert emails
    assert all(email == email.strip().lower() and email for (email,) in emails)
    phones = built_project.query(
        "select phone_e164 from staging.stg_crm__contacts where is_phone_valid "
        "union all select phone_e164 from staging.stg_shop__customers where is_phone_valid"
    )
    assert phones and all(E164.match(phone) for (phone,) in phones)
    placeholders = built_project.query(
        "select count(*) from staging.stg_crm__contacts "
        "where lower(first_name) in ('unknown', 'n/a', 'test', '-') or lower(last_name) in ('unknown', 'n/a', 'test', '-')"
    )[0][0]
    assert placeholders == 0
    invalid_flagged_valid = built_project.query(
        "select count(*) from staging.stg_crm__contacts "
        "where is_email_valid and (email not like '%_@_%._%' or email in ('test@test.com', 'noemail@example.com'))"
    )[0][0]
    assert invalid_flagged_valid == 0
    unknown_countries = built_project.query(
        "select count(*) from staging.stg_crm__contacts as contacts "
        "left join reference.countries as countries using (country_code) "
        "where contacts.country_code is not null and countries.country_code is null"
    )[0][0]
    assert unknown_countries == 0
    utc_naive = built_project.query(
        "select data_type from information_schema.columns "
        "where table_schema = 'staging' and column_name like '%\\_at' escape '\\' group by all"
    )
    assert {row[0] for row in utc_naive} == {"TIMESTAMP"}
