"""Consent per profile and purpose, and the activation tables built on it: only consented profiles, identifiers
hashed the way ad platforms match them, and updated_at that moves only when a row's content does."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import yaml

from dbt_runner import PROJECT_DIR, DbtWorkspace

PROJECT_VARS = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
DESTINATIONS = PROJECT_VARS["destinations"]
PURPOSES = PROJECT_VARS["consent_purposes"]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_ad_audience_hashes_are_sha256_of_the_normalised_email_and_phone(built_project: DbtWorkspace) -> None:
    rows = built_project.query(
        """
        select attrs.email, attrs.phone, audience.email_sha256, audience.phone_sha256_google,
            audience.phone_sha256_meta
        from marts.activation_ad_audiences as audience
        inner join marts.profile_attributes as attrs using (profile_id)
        """
    )
    assert rows
    with_phone = [row for row in rows if row[1] is not None]
    assert with_phone and any(row[0] is not None for row in rows)
    for email, phone, email_hash, google_hash, meta_hash in rows:
        assert email_hash == (_sha256(email.strip().lower()) if email else None)
        if phone is None:
            assert google_hash is None and meta_hash is None
            continue
        assert phone.startswith("+") and phone[1:].isdigit()
        digits = "".join(ch for ch in phone if ch.isdigit())
        assert google_hash == _sha256("+" + digits)
        assert meta_hash == _sha256(digits)
        assert google_hash != meta_hash
    # the form ad platforms document: sha256 of "+15551234567" with the '+', of "15551234567" without it
    assert _sha256("+15551234567") != _sha256("15551234567")


def _identifier_types() -> dict[str, str]:
    return PROJECT_VARS["consent_identifier_types"]


def test_consent_state_is_the_latest_event_across_the_profiles_identifiers(built_project: DbtWorkspace) -> None:
    profiles = built_project.query("select count(*) from marts.profiles")[0][0]
    consents = built_project.query(
        "select profile_id, purpose, consent_state, consent_changed_at, consent_source from marts.profile_consents"
    )
    assert len(consents) == profiles * len(PURPOSES)
    states = {(purpose, state) for _, purpose, state, _, _ in consents}
    for purpose in PURPOSES:
        # never asked and withdrawn are different states, and both occur for every purpose
        assert {(purpose, "granted"), (purpose, "withdrawn"), (purpose, "never_asked")} <= states
    # recomputed in Python from the staged events and the profile identifiers
    owners = {
        (identifier_type, value): profile
        for identifier_type, value, profile in built_project.query(
            "select identifier_type, identifier_value, profile_id from marts.profile_identifiers "
            "where profile_id is not null"
        )
    }
    # a phone written in national form that is no E.164 number of the graph when read in the default country:
    # the profile whose one phone ends in its digits, with 1-3 digits (a calling code) before them, if only one
    phone_digits = [
        ("".join(ch for ch in value if ch.isdigit()), profile)
        for (kind, value), profile in owners.items() if kind == "phone"
    ]

    def national_owner(national: str | None) -> str | None:
        if not national:
            return None
        found = {profile for digits, profile in phone_digits
                 if digits.endswith(national) and 1 <= len(digits) - len(national) <= 3}
        return found.pop() if len(found) == 1 else None

    latest: dict[tuple[str, str], tuple] = {}
    events = built_project.query(
        "select identifier_type, identifier_value, purpose, consent_status, collected_via, occurred_at, "
        "consent_event_id, national_number from staging.stg_consent__events"
    )
    by_national_number = 0
    for identifier_type, value, purpose, status, via, occurred_at, event_id, national in events:
        profile = owners.get((_identifier_types()[identifier_type], value))
        if profile is None and identifier_type == "phone":
            profile = national_owner(national)
            by_national_number += profile is not None
        if profile is None:
            continue
        order = (occurred_at, status == "withdrawn", event_id)
        if (profile, purpose) not in latest or order > latest[(profile, purpose)][0]:
            latest[(profile, purpose)] = (order, status, via)
    user_id_profiles = {
        owners.get(("shop_customer_id", value))
        for identifier_type, value, *_ in events
        if identifier_type == "user_id"
    } - {None}
    assert user_id_profiles, "consent recorded against a user id reaches the shop customer's profile"
    assert by_national_number > 0, "phones written in another country's national form reach their profile"
    for profile, purpose, state, changed_at, source in consents:
        expected = latest.get((profile, purpose))
        if expected is None:
            assert (state, changed_at, source) == ("never_asked", None, None)
        else:
            assert (state, changed_at, source) == (expected[1], expected[0][0], expected[2]), (profile, purpose)


def test_activation_tables_hold_only_profiles_with_their_destinations_consent(built_project: DbtWorkspace) -> None:
    results = {r["unique_id"]: r["status"] for r in built_project.run_results()["results"]}
    assert results["test.tessera.assert_activation_respects_consent"] == "pass"
    for table, purpose in DESTINATIONS.items():
        states = dict(
            built_project.query(
                f"""
                select coalesce(consents.consent_state, 'none'), count(*)
                from marts.{table} as activation
                left join marts.profile_consents as consents
                    on activation.profile_id = consents.profile_id and consents.purpose = '{purpose}'
                group by 1
                """
            )
        )
        assert set(states) == {"granted"} and states["granted"] > 0, (table, states)
    # each consent rule removes profiles that would otherwise be there, withdrawn and never asked alike
    removed_ads = dict(
        built_project.query(
            """
            select consents.consent_state, count(distinct members.profile_id)
            from marts.segment_memberships as members
            inner join marts.profile_attributes as attrs using (profile_id)
            inner join marts.profile_consents as consents
                on members.profile_id = consents.profile_id and consents.purpose = 'ad_personalization'
            where (attrs.email is not null or attrs.phone is not null) and not consents.is_granted
            group by 1
            """
        )
    )
    removed_email = dict(
        built_project.query(
            """
            select consents.consent_state, count(*)
            from marts.profile_attributes as attrs
            inner join marts.profile_consents as consents
                on attrs.profile_id = consents.profile_id and consents.purpose = 'email_marketing'
            where attrs.email is not null and not consents.is_granted
            group by 1
            """
        )
    )
    for removed in (removed_ads, removed_email):
        assert removed.get("withdrawn", 0) > 0 and removed.get("never_asked", 0) > 0, removed
    withdrawn_member = built_project.query(
        """
        select members.profile_id
        from marts.segment_memberships as members
        inner join marts.profile_consents as consents
            on members.profile_id = consents.profile_id and consents.purpose = 'ad_personalization'
        where consents.consent_state = 'withdrawn'
        limit 1
        """
    )[0][0]
    assert not built_project.query(
        f"select * from marts.activation_ad_audiences where profile_id = '{withdrawn_member}'"
    )


def test_the_consent_test_fails_on_a_row_without_consent(built_project: DbtWorkspace, tmp_path: Path) -> None:
    compiled = next((built_project.target_path / "compiled").rglob("assert_activation_respects_consent.sql"))
    # the compiled SQL names the database by its file name: the copy keeps it
    database = tmp_path / built_project.database_path.name
    shutil.copyfile(built_project.database_path, database)
    with duckdb.connect(str(database)) as connection:
        sql = compiled.read_text()
        assert connection.sql(f"select count(*) from ({sql}) as violations").fetchall() == [(0,)]
        withdrawn = connection.sql(
            "select profile_id from marts.profile_consents "
            "where purpose = 'email_marketing' and consent_state = 'withdrawn' limit 1"
        ).fetchall()[0][0]
        connection.execute(
            "insert into marts.activation_email_contacts (contact_key, profile_id, email, updated_at) "
            f"values ('{withdrawn}', '{withdrawn}', 'someone@mail.test', now())"
        )
        violations = connection.sql(sql).fetchall()
    assert [(row[0], row[2], row[3]) for row in violations] == [("activation_email_contacts", withdrawn, "withdrawn")]


def test_exposures_declare_the_consent_of_their_tables_and_pii_columns_are_tagged(
    built_project: DbtWorkspace,
) -> None:
    manifest = built_project.manifest()
    declared = {}
    for exposure in manifest["exposures"].values():
        assert exposure["type"] == "application" and exposure["owner"]["email"]
        for model in exposure["depends_on"]["nodes"]:
            declared[model.split(".")[-1]] = exposure["meta"]["required_consent"]
    assert declared == DESTINATIONS
    nodes = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    pii = {
        (name, column)
        for name in DESTINATIONS
        for column, spec in nodes[name]["columns"].items()
        if spec["meta"].get("pii") and "pii" in spec["tags"]
    }
    assert {
        ("activation_ad_audiences", "email_sha256"),
        ("activation_ad_audiences", "phone_sha256_google"),
        ("activation_ad_audiences", "phone_sha256_meta"),
        ("activation_email_contacts", "email"),
        ("activation_email_contacts", "first_name"),
    } == pii


def _activation_rows(workspace: DbtWorkspace, table: str, key: str) -> dict[str, tuple]:
    rows = workspace.query_df(f"select * from marts.{table}")
    content = [column for column in rows.columns if column != "updated_at"]
    return {
        row[key]: (tuple(row[column] for column in content), row["updated_at"])
        for row in rows.astype(object).where(rows.notna(), None).to_dict("records")
    }


def test_updated_at_moves_only_when_a_rows_content_changes(generated_raw: tuple[Path, dict], tmp_path: Path) -> None:
    source, _ = generated_raw
    raw = tmp_path / "raw"
    shutil.copytree(source, raw)
    workspace = DbtWorkspace(raw, tmp_path / "activation.duckdb", tmp_path / "target")
    build = [
        "build", "--select", "+activation_ad_audiences", "+activation_email_contacts", "+profile_identifiers",
        "--exclude", "resource_type:test", "resource_type:unit_test",
    ]
    keys = {"activation_ad_audiences": "audience_member_id", "activation_email_contacts": "contact_key"}
    workspace.dbt(*build, "--full-refresh")
    first = {table: _activation_rows(workspace, table, key) for table, key in keys.items()}
    workspace.dbt(*build)
    second = {table: _activation_rows(workspace, table, key) for table, key in keys.items()}
    # the same data again: same rows, same content, same updated_at
    assert second == first
    assert all(first[table] for table in keys)

    # an email contact with a loyalty card buys once more in a store: their order count changes
    contact, card = workspace.query(
        """
        select contacts.contact_key, min(ids.identifier_value)
        from marts.activation_email_contacts as contacts
        inner join marts.profile_identifiers as ids using (profile_id)
        where ids.identifier_type = 'loyalty_card' and contacts.order_count > 0
        group by contacts.contact_key
        having count(*) = 1
        order by contacts.contact_key
        limit 1
        """
    )[0]
    template = None
    for other in sorted((raw / "pos").glob("transactions*.csv")):
        with other.open(newline="") as handle:
            for row in csv.DictReader(handle):
                if "".join(ch for ch in row["loyalty_card_number"] if ch.isdigit()) == card:
                    template, header = row, list(row)
                    break
        if template:
            break
    assert template, card
    template["transaction_id"] = "S001-R1-999999901"
    with (raw / "pos" / "transactions_9999.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([header, [template[column] for column in header]])
    workspace.dbt(*build)
    third = {table: _activation_rows(workspace, table, key) for table, key in keys.items()}
    run_times = {updated for table in keys for _, updated in third[table].values()}
    assert len(run_times) == 2, run_times
    first_run, second_run = sorted(run_times)
    contacts = third["activation_email_contacts"]
    order_count = 4  # position of order_count among the content columns
    assert contacts[contact][0][order_count] == second["activation_email_contacts"][contact][0][order_count] + 1
    assert contacts[contact][1] == second_run
    changed = 0
    for table in keys:
        for key, (content, updated_at) in third[table].items():
            before = second[table].get(key)
            if before is not None and before[0] == content:
                assert updated_at == before[1] == first_run, (table, key)
            else:
                assert updated_at == second_run, (table, key)
                changed += 1
    unchanged = sum(len(third[table]) for table in keys) - changed
    assert unchanged > changed
