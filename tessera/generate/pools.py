"""Value pools sampled by the generator: names (with nicknames), places per country, products, domains.

Pools are built once per seed (Faker, seeded) so that records are drawn by index rather than by calling Faker
per record, which keeps the generator fast at millions of persons."""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

NICKNAMES: dict[str, list[str]] = {
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Billy"], "Elizabeth": ["Liz", "Beth", "Betty"],
    "Katherine": ["Kate", "Katie", "Kathy"], "Michael": ["Mike", "Mikey"], "James": ["Jim", "Jimmy", "Jamie"],
    "Jennifer": ["Jen", "Jenny"], "Richard": ["Rick", "Dick", "Rich"], "Thomas": ["Tom", "Tommy"],
    "Christopher": ["Chris"], "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"], "Anthony": ["Tony"],
    "Joseph": ["Joe", "Joey"], "Margaret": ["Maggie", "Peggy", "Meg"], "Patricia": ["Pat", "Patty", "Trish"],
    "Susan": ["Sue", "Susie"], "Deborah": ["Deb", "Debbie"], "Jessica": ["Jess", "Jessie"],
    "Alexander": ["Alex", "Sasha"], "Benjamin": ["Ben", "Benny"], "Nicholas": ["Nick", "Nicky"],
    "Samantha": ["Sam", "Sammy"], "Victoria": ["Vicky", "Tori"], "Rebecca": ["Becky", "Becca"],
    "Jonathan": ["Jon", "Johnny"], "Steven": ["Steve"], "Edward": ["Ed", "Eddie", "Ted"], "Andrew": ["Andy", "Drew"],
    "Catherine": ["Cathy", "Cat"], "Charlotte": ["Charlie", "Lottie"], "Frederick": ["Fred", "Freddie"],
    "Gregory": ["Greg"], "Timothy": ["Tim", "Timmy"], "Zachary": ["Zach"], "Abigail": ["Abby"],
    "Johannes": ["Hannes", "Jo"], "Wolfgang": ["Wolf"], "Friedrich": ["Fritz"], "Guillaume": ["Guy"],
}
PLAIN_FIRST_NAMES = [
    "Emma", "Olivia", "Noah", "Liam", "Sophie", "Lucas", "Mia", "Lea", "Hugo", "Louise", "Jan", "Anna",
    "Laura", "Julia", "Paul", "David", "Sarah", "Emily", "Grace", "Chloe", "Oscar", "Leo", "Ella", "Nina",
    "Marie", "Pierre", "Luca", "Finn", "Ruth", "Ingrid", "Henk", "Sanne", "Daan", "Femke", "Camille", "Manon",
]
COUNTRIES: dict[str, dict] = {
    "US": {"locale": "en_US", "calling": "1", "tz": "America/New_York", "currency": "USD", "weight": 0.40},
    "GB": {"locale": "en_GB", "calling": "44", "tz": "Europe/London", "currency": "GBP", "weight": 0.25},
    "DE": {"locale": "de_DE", "calling": "49", "tz": "Europe/Berlin", "currency": "EUR", "weight": 0.15},
    "FR": {"locale": "fr_FR", "calling": "33", "tz": "Europe/Paris", "currency": "EUR", "weight": 0.10},
    "NL": {"locale": "nl_NL", "calling": "31", "tz": "Europe/Amsterdam", "currency": "EUR", "weight": 0.10},
}
COUNTRY_SPELLINGS: dict[str, list[str]] = {
    "US": ["US", "USA", "United States", "united states", "U.S.A."],
    "GB": ["GB", "UK", "United Kingdom", "Great Britain", "england"],
    "DE": ["DE", "Germany", "Deutschland", "GERMANY"],
    "FR": ["FR", "France", "france"],
    "NL": ["NL", "Netherlands", "The Netherlands", "Holland", "Nederland"],
}
EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "gmx.de", "orange.fr",
                 "ziggo.nl", "btinternet.com", "proton.me", "aol.com", "web.de"]
TYPO_DOMAINS = {"gmail.com": "gmial.com", "yahoo.com": "yaho.com", "hotmail.com": "hotmial.com",
                "outlook.com": "outlok.com"}
PRODUCTS = [
    ("Apparel", ["Linen Shirt", "Wool Sweater", "Denim Jacket", "Rain Coat", "Cotton Tee", "Chinos"]),
    ("Footwear", ["Running Shoe", "Leather Boot", "Canvas Sneaker", "Sandal"]),
    ("Home", ["Ceramic Mug", "Scented Candle", "Throw Blanket", "Table Lamp"]),
    ("Beauty", ["Face Cream", "Lip Balm", "Shampoo", "Perfume"]),
    ("Outdoor", ["Backpack", "Water Bottle", "Tent", "Headlamp"]),
]


@dataclass(frozen=True)
class Place:
    street: str
    city: str
    postal_code: str


class Pools:
    """Names and places drawn once per seed."""

    def __init__(self, seed: int, size: int = 400) -> None:
        rng = random.Random(f"pools-{seed}")
        self.first_names: list[str] = sorted(NICKNAMES) + PLAIN_FIRST_NAMES
        self.places: dict[str, list[Place]] = {}
        last_names: set[str] = set()
        for country, spec in COUNTRIES.items():
            fake = Faker(spec["locale"])
            fake.seed_instance(rng.randrange(2**31))
            while len(last_names) < size * (list(COUNTRIES).index(country) + 1) // 2:
                last_names.add(fake.last_name())
            self.places[country] = [
                Place(fake.street_address().replace("\n", " "), fake.city(), fake.postcode()) for _ in range(size)
            ]
        self.last_names: list[str] = sorted(last_names)
