"""The true persons: who they are, where they live, how they can be reached, and how that changes."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tessera.generate.pools import COUNTRIES, EMAIL_DOMAINS, NICKNAMES, Place, Pools


@dataclass
class Person:
    person_id: str
    index: int
    household_id: str
    given_name: str
    family_name: str
    birth_date: date
    country: str
    places: list[Place]
    move_at: datetime | None
    emails: list[str]
    email_change_at: datetime | None
    phones: list[str]
    first_seen_at: datetime
    shop_customer_id: str | None = None
    crm_contact_ids: list[str] = field(default_factory=list)
    loyalty_card: str | None = None
    anonymous_ids: list[str] = field(default_factory=list)
    device_ids: list[str] = field(default_factory=list)
    family_device_id: str | None = None

    def email_at(self, at: datetime) -> str:
        if self.email_change_at and at >= self.email_change_at:
            return self.emails[-1]
        return self.emails[0]

    def phone_at(self, at: datetime) -> str:
        if self.move_at and at >= self.move_at and len(self.phones) > 1:
            return self.phones[-1]
        return self.phones[0]

    def place_at(self, at: datetime) -> Place:
        if self.move_at and at >= self.move_at:
            return self.places[-1]
        return self.places[0]

    @property
    def nicknames(self) -> list[str]:
        return NICKNAMES.get(self.given_name, [])


def national_number(rng: random.Random, country: str) -> str:
    """Digits of a plausible national number without trunk prefix (10 digits in the US, 9-10 elsewhere)."""
    if country == "US":
        return f"{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
    if country == "GB":
        return f"7{rng.randint(100000000, 999999999)}"
    if country == "DE":
        return f"15{rng.randint(10000000, 99999999)}"
    if country == "FR":
        return f"6{rng.randint(10000000, 99999999)}"
    return f"6{rng.randint(10000000, 99999999)}"


def _ascii_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha())


def email_for(rng: random.Random, given: str, family: str, salt: int, taken: set[str] | None = None) -> str:
    """A new mailbox for a person. A mailbox has one owner: when the address is already `taken` by someone else,
    the provider's answer is a number (the person's salt), so two strangers never share an address by chance;
    people who do share one (a family) are given it on purpose."""
    local_given = _ascii_letters(given)
    local_family = _ascii_letters(family) or "x"
    style = rng.randrange(4)
    if style == 0:
        local = f"{local_given}.{local_family}"
    elif style == 1:
        local = f"{local_given[0]}{local_family}"
    elif style == 2:
        local = f"{local_given}{local_family[:3]}{salt % 1000}"
    else:
        local = f"{local_family}.{local_given}{salt % 100}"
    numbered = rng.random() < 0.3
    domain = rng.choice(EMAIL_DOMAINS)
    address = f"{local}{salt}@{domain}" if numbered else f"{local}@{domain}"
    if taken is not None:
        suffix = 0
        while address in taken:
            suffix += 1
            address = f"{local}{salt}{'' if suffix == 1 else suffix}@{domain}"
        taken.add(address)
    return address


def make_people(
    rng: random.Random,
    pools: Pools,
    first_index: int,
    count: int,
    start: datetime,
    end: datetime,
    taken_emails: set[str] | None = None,
) -> list[Person]:
    """`count` persons from global index `first_index`, grouped in households (about a quarter share a home).
    `taken_emails` holds the addresses already given out in the dataset, so that each mailbox has one owner."""
    people: list[Person] = []
    span = (end - start).total_seconds()
    countries = list(COUNTRIES)
    weights = [COUNTRIES[c]["weight"] for c in countries]
    index = first_index
    while index < first_index + count:
        size = 1 if rng.random() < 0.8 else rng.randint(2, 4)
        size = min(size, first_index + count - index)
        household_id = f"H{index:08d}"
        country = rng.choices(countries, weights)[0]
        home = rng.choice(pools.places[country])
        family = rng.choice(pools.last_names)
        family_email = None
        landline = national_number(rng, country)
        family_device = f"family-tablet-{index:08d}" if size > 1 and rng.random() < 0.3 else None
        for member in range(size):
            given = rng.choice(pools.first_names)
            member_family = family if rng.random() < 0.85 or member == 0 else rng.choice(pools.last_names)
            first_seen = start + timedelta(seconds=rng.random() * span * 0.7)
            moves = rng.random() < 0.08 and size == 1
            move_at = first_seen + timedelta(days=rng.randint(30, 200)) if moves else None
            places = [home] + ([rng.choice(pools.places[country])] if moves else [])
            emails = [email_for(rng, given, member_family, index, taken_emails)]
            change_at = None
            if rng.random() < 0.07:
                emails.append(email_for(rng, given, member_family, index + 7, taken_emails))
                change_at = first_seen + timedelta(days=rng.randint(20, 300))
            if size > 1 and member > 0 and rng.random() < 0.3:
                family_email = family_email or people[-member].emails[0]
                emails = [family_email]
                change_at = None
            phones = [landline if size > 1 and rng.random() < 0.25 else national_number(rng, country)]
            if moves and rng.random() < 0.5:
                phones.append(national_number(rng, country))
            person = Person(
                person_id=f"P{index:08d}",
                index=index,
                household_id=household_id,
                given_name=given,
                family_name=member_family,
                birth_date=date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 65)),
                country=country,
                places=places,
                move_at=move_at,
                emails=emails,
                email_change_at=change_at,
                phones=phones,
                first_seen_at=first_seen,
                family_device_id=family_device if family_device and rng.random() < 0.7 else None,
            )
            people.append(person)
            index += 1
    return people
