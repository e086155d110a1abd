"""The mess of real data, injected on purpose and counted, so staging and identity resolution can be measured
against it."""

from __future__ import annotations

import random
from collections import Counter

from tessera.generate.pools import COUNTRIES, TYPO_DOMAINS

PLACEHOLDER_EMAILS = ["test@test.com", "noemail@example.com", "none@none.com", "unknown"]
PLACEHOLDER_PHONES = ["0000000000", "1234567890", "n/a"]
PLACEHOLDER_NAMES = ["unknown", "n/a", "Test", "-"]


class Noise:
    """Draws variants of clean values and counts each kind of mess it injects."""

    def __init__(self, rng: random.Random, counts: Counter) -> None:
        self.rng = rng
        self.counts = counts

    def chance(self, probability: float, kind: str | None = None) -> bool:
        hit = self.rng.random() < probability
        if hit and kind:
            self.counts[kind] += 1
        return hit

    def email(self, email: str) -> str:
        rng = self.rng
        if self.chance(0.015, "email_placeholder"):
            return rng.choice(PLACEHOLDER_EMAILS)
        if self.chance(0.01, "email_invalid"):
            local = email.split("@")[0]
            return rng.choice([f"{local}@", email.replace("@", "."), f"{local}@@{email.split('@')[1]}"])
        if self.chance(0.02, "email_typo"):
            local, domain = email.split("@")
            if domain in TYPO_DOMAINS and rng.random() < 0.5:
                return f"{local}@{TYPO_DOMAINS[domain]}"
            if len(local) > 3:
                position = rng.randrange(1, len(local) - 1)
                local = local[:position] + local[position + 1] + local[position] + local[position + 2 :]
            return f"{local}@{domain}"
        if self.chance(0.12, "email_case_variant"):
            email = rng.choice([email.upper(), email.title(), email[0].upper() + email[1:]])
        if self.chance(0.05, "email_spacing_variant"):
            email = rng.choice([f" {email}", f"{email} ", f"  {email} "])
        return email

    def phone(self, national: str, country: str) -> str:
        rng = self.rng
        if self.chance(0.015, "phone_placeholder"):
            return rng.choice(PLACEHOLDER_PHONES)
        calling = COUNTRIES[country]["calling"]
        style = rng.randrange(5)
        self.counts[f"phone_format_{style}"] += 1
        if country == "US":
            a, b, c = national[:3], national[3:6], national[6:]
            return [f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"{a}-{b}-{c}", f"1{national}"][style]
        grouped = f"{national[:3]} {national[3:6]} {national[6:]}"
        return [f"0{grouped}", f"+{calling} {grouped}", f"00{calling} {national}", f"0{national}",
                f"+{calling}{national}"][style]

    def name(self, name: str, nicknames: list[str]) -> str:
        rng = self.rng
        if self.chance(0.01, "name_placeholder"):
            return rng.choice(PLACEHOLDER_NAMES)
        if nicknames and self.chance(0.25, "name_nickname"):
            name = rng.choice(nicknames)
        if len(name) > 4 and self.chance(0.02, "name_typo"):
            position = rng.randrange(1, len(name) - 1)
            name = name[:position] + name[position + 1 :]
        if self.chance(0.08, "name_case_variant"):
            name = rng.choice([name.upper(), name.lower()])
        if self.chance(0.03, "name_spacing_variant"):
            name = f" {name}  "
        return name

    def missing(self, value: str, probability: float, kind: str) -> str:
        return "" if self.chance(probability, kind) else value
