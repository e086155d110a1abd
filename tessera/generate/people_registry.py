"""A second, differently shaped dataset: a registry of people (a CSV of customers of another system) with its
own mess and its truth, to show that the person-matching configuration generalises beyond the demo sources.

Each person is written one to three times, as a system that registers people again rather than finding them:
first names with middle names, nicknames and transposed letters, surnames with typos, dates of birth missing,
with day and month swapped or a digit wrong, street types abbreviated, postcodes in other cases and spacing,
national ids formatted differently, missing or with transposed digits, emails mostly missing. A fifth of the
people share a home and surname with another person (a household), the hard case for precision."""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tessera.generate.pools import EMAIL_DOMAINS, NICKNAMES, Pools

COLUMNS = ["registry_id", "first_names", "surname", "date_of_birth", "address", "postcode", "town", "national_id",
           "email", "registered_on"]
STREET_ABBREVIATIONS = {" Street": " St", " Road": " Rd", " Avenue": " Ave", "straße": "str.", " Lane": " Ln"}


@dataclass(frozen=True)
class RegisteredPerson:
    person_id: str
    given: str
    middle: str | None
    family: str
    born: date
    home: tuple[str, str, str]
    email: str
    national_id: str


def _transpose(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    position = rng.randrange(1, len(text) - 2)
    return text[:position] + text[position + 1] + text[position] + text[position + 2 :]


def _reformat_date(iso_date: str, date_format: str) -> str:
    return date.fromisoformat(iso_date).strftime(date_format) if iso_date else iso_date


def _national_id(rng: random.Random) -> str:
    return f"{rng.randint(100, 899)}{rng.randint(10, 99)}{rng.randint(1000, 9999)}"


class RegistryNoise:
    def __init__(self, rng: random.Random, counts: Counter) -> None:
        self.rng = rng
        self.counts = counts

    def chance(self, probability: float, kind: str) -> bool:
        hit = self.rng.random() < probability
        if hit:
            self.counts[kind] += 1
        return hit

    def first_names(self, given: str, middle: str | None) -> str:
        name = given
        if NICKNAMES.get(given) and self.chance(0.15, "nickname"):
            name = self.rng.choice(NICKNAMES[given])
        elif self.chance(0.08, "first_name_transposed"):
            name = _transpose(self.rng, name)
        if middle and self.rng.random() < 0.6:
            name = f"{name} {middle}"
        return name.upper() if self.chance(0.1, "first_name_upper") else name

    def surname(self, family: str) -> str:
        if self.chance(0.06, "surname_typo"):
            return _transpose(self.rng, family)
        return family

    def birth_date(self, born: date) -> str:
        if self.chance(0.1, "birth_date_missing"):
            return ""
        if born.day <= 12 and born.day != born.month and self.chance(0.03, "birth_date_day_month_swapped"):
            return date(born.year, born.day, born.month).isoformat()
        if self.chance(0.02, "birth_date_digit_wrong"):
            return date(born.year, born.month, min(28, max(1, born.day + self.rng.choice([-1, 1])))).isoformat()
        return born.isoformat()

    def address(self, street: str) -> str:
        for long, short in STREET_ABBREVIATIONS.items():
            if long in street and self.chance(0.3, "street_abbreviated"):
                return street.replace(long, short)
        return street

    def postcode(self, code: str) -> str:
        if self.chance(0.05, "postcode_missing"):
            return ""
        if self.chance(0.2, "postcode_variant"):
            return self.rng.choice([code.lower(), code.replace(" ", ""), f" {code} "])
        return code

    def national_id(self, number: str) -> str:
        if self.chance(0.3, "national_id_missing"):
            return ""
        if self.chance(0.03, "national_id_transposed"):
            number = _transpose(self.rng, number)
        style = self.rng.randrange(3)
        return [number, f"{number[:3]}-{number[3:5]}-{number[5:]}", f"{number[:3]} {number[3:5]} {number[5:]}"][style]

    def email(self, email: str) -> str:
        if self.chance(0.6, "email_missing"):
            return ""
        if self.chance(0.05, "email_typo"):
            local, domain = email.split("@")
            return f"{_transpose(self.rng, local)}@{domain}"
        return email


def generate_registry(out_dir: Path, persons: int = 2000, seed: int = 11, birth_date_format: str = "%Y-%m-%d") -> dict:
    """Writes `registry/people.csv` and `truth/record_persons_registry.csv` below `out_dir` (source
    `people_registry`), dates of birth written with `birth_date_format` (a strftime pattern); returns the rows
    written and the noise injected."""
    rng = random.Random(f"registry-{seed}")
    pools = Pools(seed)
    noise = RegistryNoise(rng, Counter())
    rows: list[list[str]] = []
    truth: list[list[str]] = []
    people: list[RegisteredPerson] = []
    for index in range(persons):
        country = rng.choice(sorted(pools.places))
        if people and rng.random() < 0.2:
            # a household: another person at the home of the previous one, with the same surname
            family, home = people[-1].family, people[-1].home
        else:
            family = rng.choice(pools.last_names)
            place = rng.choice(pools.places[country])
            home = (place.street, place.postal_code, place.city)
        given = rng.choice(pools.first_names)
        local = f"{given.lower()}.{family.lower().replace(' ', '')}{rng.randint(1, 999)}"
        person = RegisteredPerson(
            person_id=f"R{index:07d}",
            given=given,
            middle=rng.choice(pools.first_names) if rng.random() < 0.3 else None,
            family=family,
            born=date(1935, 1, 1) + timedelta(days=rng.randint(0, 365 * 70)),
            home=home,
            email=f"{local}@{rng.choice(EMAIL_DOMAINS)}",
            national_id=_national_id(rng),
        )
        people.append(person)
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            registry_id = f"REG-{len(rows) + 1:07d}"
            street, postcode, town = person.home
            rows.append([
                registry_id, noise.first_names(person.given, person.middle), noise.surname(person.family),
                _reformat_date(noise.birth_date(person.born), birth_date_format), noise.address(street), noise.postcode(postcode), town,
                noise.national_id(person.national_id), noise.email(person.email),
                (date(2024, 1, 1) + timedelta(days=rng.randint(0, 500))).isoformat(),
            ])
            truth.append(["people_registry", registry_id, person.person_id])
    out_dir = Path(out_dir)
    for path, header, content in [
        (out_dir / "registry" / "people.csv", COLUMNS, rows),
        (out_dir / "truth" / "record_persons_registry.csv", ["source", "record_id", "person_id"], truth),
    ]:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(content)
    return {"persons": persons, "records": len(rows), "noise": dict(sorted(noise.counts.items()))}
