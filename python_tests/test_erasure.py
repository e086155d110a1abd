"""Erasure: a request naming one identifier removes the whole resolved person from every model the project builds,
leaves an audit row without personal data, and keeps them removed when a source sends their data again. Checked
by searching every text column of every relation for the person's identifiers in clear, over three runs of a
dataset where a consent is withdrawn and an erasure requested after the first."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from dbt_runner import DbtWorkspace

REQUEST_ID = "er-test-0001"


def _leftovers(workspace: DbtWorkspace, values: list[str]) -> dict[str, int]:
    """Every (relation.column) of the built models holding one of `values`: long values anywhere in the text
    (JSON included, case-insensitive), short ones (numeric ids) as the whole value."""
    long_values = sorted({value.lower() for value in values if len(value) >= 8})
    short_values = sorted({value for value in values if len(value) < 8})
    found: dict[str, int] = {}
    with duckdb.connect(str(workspace.database_path), read_only=True) as connection:
        columns = connection.sql(
            """
            select table_schema, table_name, column_name
            from information_schema.columns
            where data_type = 'VARCHAR' and table_schema not in ('raw', 'information_schema', 'pg_catalog')
            """
        ).fetchall()
        for schema, table, column in columns:
            conditions = [f"contains(lower(\"{column}\"), '{value}')" for value in long_values]
            conditions += [f"\"{column}\" = '{value}'" for value in short_values]
            count = connection.sql(
                f'select count(*) from "{schema}"."{table}" where {" or ".join(conditions)}'
            ).fetchall()[0][0]
            if count:
                found[f"{schema}.{table}.{column}"] = count
    return found


def _raw_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _person_to_erase(workspace: DbtWorkspace) -> str:
    """A profile with records in four sources or more, an email and a CRM contact, and the most records."""
    return workspace.query(
        """
        with candidates as (
            select profile_id, count(*) as records, count(distinct record_source) as sources
            from marts.profile_records
            where profile_id is not null
            group by profile_id
        )
        select candidates.profile_id
        from candidates
        where
            sources >= 4
            and profile_id in (select profile_id from marts.profile_identifiers where identifier_type = 'email')
            and profile_id in (
                select profile_id from marts.profile_identifiers where identifier_type = 'crm_contact_id'
            )
            and profile_id in (
                select profile_id from marts.profile_identifiers where identifier_type = 'anonymous_id'
            )
        order by records desc, profile_id
        limit 1
        """
    )[0][0]


@pytest.fixture(scope="module")
def erasure_runs(tmp_path_factory: pytest.TempPathFactory, generated_raw: tuple[Path, dict]) -> dict:
    source_raw, _ = generated_raw
    raw_path = tmp_path_factory.mktemp("erasure_raw")
    shutil.copytree(source_raw, raw_path, dirs_exist_ok=True)
    work = tmp_path_factory.mktemp("erasure_build")
    workspace = DbtWorkspace(raw_path=raw_path, database_path=work / "tessera.duckdb", target_path=work / "target")

    # run 1: the person is there
    workspace.build()
    profile_id = _person_to_erase(workspace)
    identifiers = workspace.query(
        f"select identifier_type, identifier_value from marts.profile_identifiers where profile_id = '{profile_id}'"
    )
    run_1_leftovers = _leftovers(workspace, [value for _, value in identifiers] + [profile_id])
    records = workspace.query(f"select record_key from marts.profile_records where profile_id = '{profile_id}'")
    email = sorted(value for kind, value in identifiers if kind == "email")[0]
    anonymous_ids = sorted(value for kind, value in identifiers if kind == "anonymous_id")

    # a profile that receives email marketing, and the identifier its consent was granted under
    consented = workspace.query(
        f"""
        select contacts.profile_id, min(contacts.email)
        from marts.activation_email_contacts as contacts
        where contacts.profile_id <> '{profile_id}'
        group by contacts.profile_id
        order by contacts.profile_id
        limit 1
        """
    )[0]
    contacts_before = workspace.query("select count(*) from marts.activation_email_contacts")[0][0]

    # between runs 1 and 2: the erasure request (the email written as a person would type it) and the withdrawal
    _write_rows(
        raw_path / "privacy" / "erasure_requests_9001.csv",
        ["request_id", "identifier_type", "identifier_value", "regulation", "requested_at"],
        [[REQUEST_ID, "email", f"  {email.upper()} ", "GDPR", "2025-07-01T09:00:00Z"]],
    )
    _write_rows(
        raw_path / "consent" / "events_9001.csv",
        ["consent_event_id", "identifier_type", "identifier_value", "purpose", "status", "source", "occurred_at"],
        [["ce-test-0001", "email", consented[1], "email_marketing", "withdrawn", "preference_center",
          "2025-07-01T10:00:00Z"]],
    )
    workspace.build()
    run_2 = {
        "leftovers": _leftovers(workspace, [value for _, value in identifiers] + [profile_id]),
        "audit": workspace.query(
            f"""
            select outcome, profiles_erased, identifiers_erased, records_erased, to_json(audit)::varchar
            from marts.erasure_audit as audit where erasure_request_id = '{REQUEST_ID}'
            """
        ),
        "erased_rows": dict(workspace.query(
            "select source_name || '.' || table_name, count(*) from staging.stg_rejected_records "
            "where rejection_reason = 'erased' group by all"
        )),
        "consent": workspace.query(
            f"select consent_state from marts.profile_consents "
            f"where profile_id = '{consented[0]}' and purpose = 'email_marketing'"
        ),
        "contact_rows": workspace.query(
            f"select count(*) from marts.activation_email_contacts where profile_id = '{consented[0]}'"
        )[0][0],
        "contacts": workspace.query("select count(*) from marts.activation_email_contacts")[0][0],
    }

    # between runs 2 and 3: a source that has not deleted the person sends their data again
    header, crm_rows = _raw_rows(raw_path / "crm" / "contacts_0000.csv")
    email_column = [name.lower() for name in header].index("email")
    returning = [row for row in crm_rows if row[email_column].strip().lower() == email][:1]
    assert returning, "the chosen person has a CRM contact under the email the request names"
    returning[0][0] = "0035gRETURNED0000AAA"
    _write_rows(raw_path / "crm" / "contacts_9002.csv", header, returning)
    event_lines = [
        line
        for path in sorted((raw_path / "events").rglob("*.jsonl"))
        for line in path.read_text().splitlines()
        if line.strip() and anonymous_ids[0] in line
    ]
    message = json.loads(event_lines[0])
    message["messageId"] = "returned-message-0001"
    complete = json.dumps(message)
    message["messageId"] = "returned-message-0002"
    cut_short = json.dumps(message)[: json.dumps(message).index(anonymous_ids[0]) + len(anonymous_ids[0]) + 2]
    (raw_path / "events" / "web" / "2025-07-02-9002.jsonl").write_text(f"{complete}\n{cut_short}\n")
    workspace.build()
    run_3 = {
        "leftovers": _leftovers(workspace, [value for _, value in identifiers] + [profile_id]),
        "audit_rows": workspace.query(
            f"select count(*) from marts.erasure_audit where erasure_request_id = '{REQUEST_ID}'"
        )[0][0],
        "erased_rows": dict(workspace.query(
            "select source_name || '.' || table_name, count(*) from staging.stg_rejected_records "
            "where rejection_reason = 'erased' group by all"
        )),
    }
    return {
        "workspace": workspace, "profile_id": profile_id, "identifiers": identifiers, "records": records,
        "contacts_before": contacts_before, "run_1_leftovers": run_1_leftovers, "run_2": run_2, "run_3": run_3,
    }


def test_an_erasure_request_removes_the_whole_person_from_every_model(erasure_runs: dict) -> None:
    identifiers, records = erasure_runs["identifiers"], erasure_runs["records"]
    kinds = {kind for kind, _ in identifiers}
    assert {"email", "crm_contact_id", "anonymous_id"} <= kinds and len(records) >= 4
    # before the request the search finds the person all over: base, staging, identity, marts, activation
    before = {name.split(".")[0] for name in erasure_runs["run_1_leftovers"]}
    assert {"staging", "intermediate", "marts"} <= before, before
    assert erasure_runs["run_2"]["leftovers"] == {}


def test_the_audit_row_counts_what_was_erased_and_holds_no_personal_data(erasure_runs: dict) -> None:
    audit = erasure_runs["run_2"]["audit"]
    assert len(audit) == 1
    outcome, profiles, identifier_count, record_count, row_json = audit[0]
    assert (outcome, profiles) == ("erased", 1)
    assert identifier_count == len(erasure_runs["identifiers"])
    assert record_count == len(erasure_runs["records"])
    for _, value in erasure_runs["identifiers"]:
        assert value.lower() not in row_json.lower()
    assert erasure_runs["profile_id"] not in row_json
    # every record of the person is counted as erased in staging, not lost: rows stay accounted for
    erased_rows = erasure_runs["run_2"]["erased_rows"]
    assert sum(erased_rows.values()) >= record_count


def test_a_withdrawn_consent_between_runs_leaves_the_email_platform(erasure_runs: dict) -> None:
    run_2 = erasure_runs["run_2"]
    assert run_2["consent"] == [("withdrawn",)]
    assert run_2["contact_rows"] == 0
    assert run_2["contacts"] < erasure_runs["contacts_before"]


def test_the_person_stays_erased_when_their_data_arrives_again(erasure_runs: dict) -> None:
    run_2, run_3 = erasure_runs["run_2"], erasure_runs["run_3"]
    assert run_3["leftovers"] == {}
    assert run_3["audit_rows"] == 1
    assert run_3["erased_rows"]["crm.contacts"] == run_2["erased_rows"]["crm.contacts"] + 1
    # the complete event and the one cut short (malformed JSON) alike
    assert run_3["erased_rows"]["segment.events"] == run_2["erased_rows"]["segment.events"] + 2


def test_the_scan_test_covers_every_model_and_fails_on_a_leftover(erasure_runs: dict) -> None:
    workspace: DbtWorkspace = erasure_runs["workspace"]
    manifest = workspace.manifest()
    test_id = next(
        unique_id for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "test" and node["name"] == "assert_no_erased_identifier_remains"
    )
    ancestors, frontier = set(), [test_id]
    while frontier:
        for parent in manifest["nodes"].get(frontier.pop(), {}).get("depends_on", {}).get("nodes", []):
            if parent not in ancestors:
                ancestors.add(parent)
                frontier.append(parent)
    models = {unique_id for unique_id, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    assert models - ancestors == set(), "the scan runs after every model"

    email = sorted(value for kind, value in erasure_runs["identifiers"] if kind == "email")[0]
    with duckdb.connect(str(workspace.database_path)) as connection:
        connection.execute(
            "update marts.profile_attributes set email = ? where profile_id = (select min(profile_id) "
            "from marts.profile_attributes)",
            [email],
        )
    result = workspace.dbt("test", "--select", "assert_no_erased_identifier_remains", check=False)
    assert result.returncode != 0
    assert "assert_no_erased_identifier_remains" in result.stdout and "Got 1 result" in result.stdout
