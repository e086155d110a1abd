"""The demo-data generator: deterministic per seed, chunked, faithful to the raw-data contract, messy in the
ways it promises, and with a complete ground truth."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tessera.generate import generate
from tessera.generate.people import email_for
from tessera.generate.pools import NICKNAMES
from tessera.generate.sources import CSV_COLUMNS

KEY_COLUMN = {
    "crm/contacts": ("crm_contacts", "Id"),
    "shop/customers": ("shop_customers", "id"),
    "shop/orders": ("shop_orders", "id"),
    "pos/transactions": ("pos_transactions", "transaction_id"),
    "support/tickets": ("support_tickets", "id"),
    "email/events": ("email_events", "event_id"),
    "consent/events": ("consent_events", "consent_event_id"),
    "privacy/erasure_requests": ("erasure_requests", "request_id"),
    "enrichment/third_party": ("enrichment", "email_sha256"),
}


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob(f"{table}*.csv")):
        with path.open(newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def _event_lines(folder: Path) -> list[tuple[str, str]]:
    return [
        (path.name, line)
        for path in sorted(folder.glob("events/*/*.jsonl"))
        for line in path.read_text().split("\n")
        if line.strip()
    ]


def _messages(folder: Path) -> list[tuple[str, dict]]:
    """Well-formed event lines, parsed, with the name of their file."""
    parsed = []
    for name, line in _event_lines(folder):
        try:
            parsed.append((name, json.loads(line)))
        except json.JSONDecodeError:
            continue
    return parsed


@pytest.fixture(scope="module")
def dataset(generated_raw: tuple[Path, dict]) -> tuple[Path, dict]:
    return generated_raw


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path: Path, dataset: tuple[Path, dict]) -> None:
    folder, manifest = dataset
    persons, seed = manifest["parameters"]["persons"], manifest["parameters"]["seed"]
    generate(tmp_path / "again", persons=persons, seed=seed)
    assert _digests(tmp_path / "again") == _digests(folder)
    generate(tmp_path / "other", persons=persons, seed=seed + 1)
    other, ours = _digests(tmp_path / "other"), _digests(folder)
    shared = [name for name in ours if name in other and name.endswith(".csv")]
    assert len(shared) >= len(CSV_COLUMNS)
    assert all(other[name] != ours[name] for name in shared)


def test_chunks_bound_memory_and_stay_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", persons=1500, seed=3, chunk_size=700)
    generate(tmp_path / "b", persons=1500, seed=3, chunk_size=700)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    for table in CSV_COLUMNS:
        assert len(list((tmp_path / "a").glob(f"{table}_*.csv"))) == 3, table
    persons = _rows(tmp_path / "a", "truth/persons")
    assert len(persons) == 1500 and len({row["person_id"] for row in persons}) == 1500
    assert first["parameters"]["chunk_size"] == 700


def test_files_follow_the_contract(dataset: tuple[Path, dict]) -> None:
    folder, manifest = dataset
    contract = (Path(__file__).resolve().parent.parent / "docs" / "raw_data.md").read_text()
    for table, columns in CSV_COLUMNS.items():
        for path in folder.glob(f"{table}*.csv"):
            with path.open(newline="") as handle:
                assert next(csv.reader(handle)) == columns, path
        assert f"## {table}*.csv" in contract, table
        assert all(f"`{column}`" in contract or column in contract for column in columns), table
        assert manifest["rows"][table] == len(_rows(folder, table)), table
    lines = _event_lines(folder)
    assert manifest["rows"]["events"] == len(lines)
    names = [name for name, _ in lines]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{4}\.jsonl", name) for name in names)
    malformed = 0
    for _, line in lines:
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            malformed += 1
            continue
        assert message["type"] in {"identify", "track", "page", "screen"}
        assert message["receivedAt"].endswith("Z")
    assert malformed == manifest["noise"]["event_malformed_line"] > 0


def test_the_promised_mess_is_in_the_files(dataset: tuple[Path, dict]) -> None:
    folder, _ = dataset
    contacts = _rows(folder, "crm/contacts")
    customers = _rows(folder, "shop/customers")
    emails = [row["Email"] for row in contacts] + [row["email"] for row in customers]
    assert sum(1 for email in emails if email and email != email.strip().lower()) > 20
    assert {"test@test.com", "noemail@example.com"} & set(emails)
    assert any(email.endswith("@") or "@" not in email for email in emails if email)
    phones = [row["Phone"] for row in contacts]
    assert {"0000000000", "1234567890"} & set(phones)
    assert any(phone.startswith("+") for phone in phones) and any(phone.startswith("(") for phone in phones)

    truth = {(row["source"], row["record_id"]): row["person_id"] for row in _rows(folder, "truth/record_persons")}
    persons = {row["person_id"]: row for row in _rows(folder, "truth/persons")}
    nicknamed = sum(
        1
        for row in contacts
        if row["Id"]
        and row["FirstName"].strip() in NICKNAMES.get(persons[truth[("crm_contacts", row["Id"])]]["given_name"], [])
    )
    assert nicknamed > 5
    raw_lines = [tuple(row.values()) for row in contacts]
    assert len(raw_lines) > len(set(raw_lines))
    assert sum(1 for row in contacts if row["FirstName"].strip().lower() in {"unknown", "n/a", "test", "-"}) > 0

    messages = [message for _, message in _messages(folder)]
    message_ids = Counter(message.get("messageId") for message in messages if message.get("messageId"))
    assert any(count > 1 for count in message_ids.values())
    late = [(name, message) for name, message in _messages(folder) if message["receivedAt"][:10] < name[:10]]
    assert late
    anonymous_first = {
        message["anonymousId"] for message in messages if "userId" not in message and message["type"] != "identify"
    }
    identified = {message["anonymousId"] for message in messages if message["type"] == "identify" and message.get("userId")}
    assert anonymous_first & identified
    device_users: dict[str, set[str]] = defaultdict(set)
    for message in messages:
        device = message.get("context", {}).get("device", {}).get("id")
        if device:
            device_users[device].add(truth[("events", message["messageId"])] if message.get("messageId") else "")
    assert max(len(users) for users in device_users.values()) >= 20
    household_of = {person_id: row["household_id"] for person_id, row in persons.items()}
    family_devices = [
        device
        for device, users in device_users.items()
        if len(users) > 1 and len({household_of.get(user) for user in users}) == 1
    ]
    assert family_devices, "no device shared within a household"
    shared = [email for email, holders in Counter(row["emails"].split("|")[0] for row in persons.values()).items() if holders > 1]
    assert shared, "no household shares an email"


def test_ground_truth_names_the_person_of_every_record(dataset: tuple[Path, dict]) -> None:
    folder, manifest = dataset
    truth_rows = _rows(folder, "truth/record_persons")
    keys = Counter((row["source"], row["record_id"]) for row in truth_rows)
    assert max(keys.values()) == 1
    truth = {(row["source"], row["record_id"]): row["person_id"] for row in truth_rows}
    persons = {row["person_id"] for row in _rows(folder, "truth/persons")}
    assert len(persons) == manifest["parameters"]["persons"]
    assert set(truth.values()) <= persons
    missing_keys = 0
    for table, (source, column) in KEY_COLUMN.items():
        for row in _rows(folder, table):
            if not row[column]:
                missing_keys += 1
                continue
            assert (source, row[column]) in truth, (table, row[column])
    assert missing_keys == sum(manifest["rows_with_missing_key"].values()) > 0
    messages = _messages(folder)
    assert messages
    for _, message in messages:
        if "messageId" in message:
            assert ("events", message["messageId"]) in truth



def test_a_mailbox_is_shared_only_within_a_household(tmp_path: Path) -> None:
    """Strangers never own the same address by chance (common names at a common provider get a number, as
    mailbox providers do); an address two persons share is a household's, given on purpose. Two chunks, so the
    rule holds across chunk boundaries too."""
    generate(tmp_path, persons=4000, seed=11, chunk_size=2000)
    households_of: dict[str, set[str]] = defaultdict(set)
    for person in _rows(tmp_path, "truth/persons"):
        for email in person["emails"].split("|"):
            households_of[email].add(person["household_id"])
    assert len(households_of) > 3000
    shared_by_strangers = {email: homes for email, homes in households_of.items() if len(homes) > 1}
    assert not shared_by_strangers, list(shared_by_strangers.items())[:5]


def test_a_taken_address_gets_a_number_not_a_second_owner() -> None:
    """Many namesakes at few providers collide at once; every one of them still gets an address of their own."""
    rng = random.Random(5)
    taken: set[str] = set()
    addresses = [email_for(rng, "Joseph", "Smith", salt=rng.randrange(300), taken=taken) for _ in range(2000)]
    assert len(set(addresses)) == len(addresses) == len(taken)
    assert all(address.split("@")[0].startswith(("joseph", "jsmith", "smith")) for address in addresses)
