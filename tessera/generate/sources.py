"""Records of every source, drawn from the true persons of one chunk, in the shapes the tools export."""

from __future__ import annotations

import hashlib
import json
import random
import string
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tessera.generate.noise import Noise
from tessera.generate.people import Person, national_number
from tessera.generate.pools import COUNTRIES, COUNTRY_SPELLINGS, PRODUCTS

CSV_COLUMNS: dict[str, list[str]] = {
    "crm/contacts": ["Id", "FirstName", "LastName", "Email", "Phone", "MobilePhone", "MailingStreet", "MailingCity",
                     "MailingPostalCode", "MailingCountry", "Birthdate", "Loyalty_Card_Number__c", "LeadSource",
                     "CreatedDate", "LastModifiedDate", "IsDeleted"],
    "shop/customers": ["id", "email", "first_name", "last_name", "phone", "accepts_email_marketing", "address1",
                       "city", "zip", "province_code", "country_code", "state", "tags", "verified_email",
                       "created_at", "updated_at"],
    "shop/orders": ["id", "name", "customer_id", "email", "phone", "created_at", "processed_at", "cancelled_at",
                    "currency", "total_price", "subtotal_price", "total_tax", "total_discounts", "financial_status",
                    "fulfillment_status", "source_name", "billing_first_name", "billing_last_name",
                    "billing_address1", "billing_city", "billing_zip", "billing_country_code", "browser_ip",
                    "landing_site"],
    "shop/order_lines": ["id", "order_id", "product_id", "variant_id", "sku", "title", "product_type", "quantity",
                         "price", "total_discount"],
    "pos/transactions": ["transaction_id", "store_id", "register_id", "cashier_id", "loyalty_card_number",
                         "receipt_email", "transaction_time", "store_timezone", "total_amount", "currency",
                         "payment_method", "items_count"],
    "support/tickets": ["id", "requester_email", "requester_name", "requester_phone", "subject", "status",
                        "priority", "channel", "satisfaction_rating", "tags", "created_at", "updated_at"],
    "email/events": ["event_id", "email", "campaign_id", "campaign_name", "event_type", "occurred_at", "url",
                     "bounce_type"],
    "consent/events": ["consent_event_id", "identifier_type", "identifier_value", "purpose", "status", "source",
                       "occurred_at"],
    "privacy/erasure_requests": ["request_id", "identifier_type", "identifier_value", "regulation", "requested_at"],
    "enrichment/third_party": ["email_sha256", "age_band", "gender", "household_income_band", "interests",
                               "is_homeowner", "updated_at"],
}
TRUTH_SOURCE = {
    "crm/contacts": "crm_contacts", "shop/customers": "shop_customers", "shop/orders": "shop_orders",
    "pos/transactions": "pos_transactions", "support/tickets": "support_tickets", "email/events": "email_events",
    "consent/events": "consent_events", "privacy/erasure_requests": "erasure_requests",
    "enrichment/third_party": "enrichment",
}
PURCHASE_COLUMNS = ["source", "record_id", "person_id", "ordered_at_utc", "currency", "amount", "financial_status",
                    "is_cancelled", "has_valid_time"]
UTC = ZoneInfo("UTC")
SHARED_TABLETS_PER_CHUNK = 4
STORE_IDS = [f"S{number:03d}" for number in range(1, 13)]


def _iso_salesforce(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _iso_offset(at: datetime, offset_hours: int) -> str:
    local = at + timedelta(hours=offset_hours)
    sign = "+" if offset_hours >= 0 else "-"
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{abs(offset_hours):02d}:00"


def _iso_z(at: datetime, millis: bool = False) -> str:
    if millis:
        return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ChunkOutput:
    """Rows per source file (CSV rows as lists; event lines per file name), and the truth."""

    rows: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    event_lines: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    truth: list[tuple[str, str, str]] = field(default_factory=list)
    purchases: list[list[str]] = field(default_factory=list)
    missing_key_rows: Counter = field(default_factory=Counter)


class ChunkBuilder:
    """Draws the records of every source for the persons of one chunk."""

    def __init__(self, rng: random.Random, noise: Noise, chunk: int, start: datetime, end: datetime) -> None:
        self.rng = rng
        self.noise = noise
        self.chunk = chunk
        self.start = start
        self.end = end
        self.out = ChunkOutput()
        self.sequence = 0
        self.tablets = [f"tablet-{chunk:04d}-{number}" for number in range(SHARED_TABLETS_PER_CHUNK)]
        self.pending_order_events: list[tuple[Person, str, datetime, float]] = []
        self.enriched_emails: set[str] = set()
        self.subscriber_of: dict[str, str] = {}

    # identifiers ---------------------------------------------------------------------------------------------
    def _next(self) -> int:
        self.sequence += 1
        return self.chunk * 10_000_000 + self.sequence

    def _sf_id(self) -> str:
        body = "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(11))
        return f"0035g{body}AA{self.rng.choice('ABCDEFGH')}"

    def _when(self, after: datetime) -> datetime:
        after = max(after, self.start)
        span = max((self.end - after).total_seconds(), 3600)
        return after + timedelta(seconds=self.rng.random() * span)

    # writing ---------------------------------------------------------------------------------------------------
    def _add(self, table: str, row: list[str], record_id: str, person: Person, key_missing_probability: float) -> None:
        rows = self.out.rows[table]
        if self.noise.chance(key_missing_probability, f"{TRUTH_SOURCE[table]}_missing_key"):
            row = row.copy()
            row[0] = ""
            self.out.missing_key_rows[table] += 1
        else:
            self.out.truth.append((TRUTH_SOURCE[table], record_id, person.person_id))
        rows.append(row)

    def _purchase(self, source: str, record_id: str, person: Person, at: datetime, currency: str, amount: str,
                  status: str, cancelled: bool, valid_time: bool) -> None:
        """The truth of the purchase just written, unless the noise left its key blank (then no record names it)."""
        if self.out.truth and self.out.truth[-1][:2] == (source, record_id):
            self.out.purchases.append([source, record_id, person.person_id, at.strftime("%Y-%m-%d %H:%M:%S"),
                                       currency, amount, status, str(cancelled).lower(), str(valid_time).lower()])

    def _maybe_copy(self, table: str, probability: float) -> None:
        """Writes the last row again (an exact duplicate, as an export retried or a file loaded twice)."""
        rows = self.out.rows[table]
        if self.noise.chance(probability, f"{TRUTH_SOURCE[table]}_exact_duplicate"):
            row = rows[-1]
            rows.append(list(row))
            if row[0]:
                last = next(t for t in reversed(self.out.truth) if t[0] == TRUTH_SOURCE[table] and t[1] == row[0])
                self.out.truth.append(last)

    # sources ---------------------------------------------------------------------------------------------------
    def person(self, person: Person) -> None:
        rng = self.rng
        if rng.random() < 0.55:
            self.shop(person)
        if rng.random() < 0.60:
            self.crm(person)
        if rng.random() < 0.30:
            self.pos(person)
        if rng.random() < 0.50:
            self.events(person)
        if rng.random() < 0.15:
            self.support(person)
        if rng.random() < 0.50:
            self.email_events(person)
        if rng.random() < 0.70:
            self.consent(person)
        if rng.random() < 0.005:
            self.erasure(person)
        if rng.random() < 0.40:
            self.enrichment(person)

    def crm(self, person: Person) -> None:
        rng, noise = self.rng, self.noise
        if person.loyalty_card is None and rng.random() < 0.5:
            person.loyalty_card = f"6012{person.index:012d}"
        copies = 2 if noise.chance(0.05, "crm_near_duplicate_contact") else 1
        for _ in range(copies):
            contact_id = self._sf_id()
            person.crm_contact_ids.append(contact_id)
            created = self._when(person.first_seen_at)
            modified = self._when(created)
            place = person.place_at(modified)
            card = person.loyalty_card or ""
            if card and rng.random() < 0.6:
                card = f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:]}" if rng.random() < 0.5 else f"{card[:4]}-{card[4:8]}-{card[8:12]}-{card[12:]}"
            birthdate = person.birth_date.isoformat()
            if noise.chance(0.01, "birth_date_impossible"):
                birthdate = rng.choice(["1900-01-01", "2031-05-05"])
            row = [
                contact_id,
                noise.missing(noise.name(person.given_name, person.nicknames), 0.02, "name_missing"),
                noise.name(person.family_name, []),
                noise.missing(noise.email(person.email_at(modified)), 0.05, "email_missing"),
                noise.missing(noise.phone(person.phone_at(modified), person.country), 0.15, "phone_missing"),
                noise.missing(noise.phone(national_number(rng, person.country), person.country), 0.8, "mobile_missing"),
                place.street,
                noise.name(place.city, []),
                place.postal_code.lower() if noise.chance(0.1, "postal_code_variant") else place.postal_code,
                rng.choice(COUNTRY_SPELLINGS[person.country]),
                noise.missing(birthdate, 0.3, "birth_date_missing"),
                card,
                rng.choice(["Web", "Store", "Partner", "Event"]),
                _iso_salesforce(created),
                "31/02/2024" if noise.chance(0.003, "crm_contacts_invalid_timestamp") else _iso_salesforce(modified),
                "true" if noise.chance(0.01, "crm_deleted_contact") else "false",
            ]
            if noise.chance(0.08, "crm_exported_twice"):
                older = list(row)
                older[14] = _iso_salesforce(created)
                older[4] = noise.phone(person.phones[0], person.country)
                self._add("crm/contacts", older, contact_id, person, 0)
            self._add("crm/contacts", row, contact_id, person, 0.002)
            self._maybe_copy("crm/contacts", 0.02)

    def shop(self, person: Person) -> None:
        rng, noise = self.rng, self.noise
        customer_id = str(self._next())
        person.shop_customer_id = customer_id
        created = self._when(person.first_seen_at)
        updated = self._when(created)
        place = person.place_at(updated)
        offset = rng.choice([-5, 0, 1])
        row = [
            customer_id,
            noise.missing(noise.email(person.email_at(updated)), 0.02, "email_missing"),
            noise.name(person.given_name, person.nicknames),
            noise.name(person.family_name, []),
            noise.missing(noise.phone(person.phone_at(updated), person.country), 0.4, "phone_missing"),
            rng.choice(["yes", "no"]),
            place.street,
            place.city,
            place.postal_code,
            "",
            person.country,
            rng.choice(["enabled", "enabled", "enabled", "disabled", "invited"]),
            rng.choice(["", "vip", "newsletter,vip", "wholesale"]),
            rng.choice(["true", "false"]),
            _iso_offset(created, offset),
            "yesterday" if noise.chance(0.003, "shop_customers_invalid_timestamp") else _iso_offset(updated, offset),
        ]
        self._add("shop/customers", row, customer_id, person, 0.002)
        self._maybe_copy("shop/customers", 0.01)
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4, 6, 8])):
            self.order(person, customer_id)
        if noise.chance(0.3, "guest_checkout"):
            self.order(person, "")

    def order(self, person: Person, customer_id: str) -> None:
        rng, noise = self.rng, self.noise
        order_id = str(self._next())
        created = self._when(person.first_seen_at)
        place = person.place_at(created)
        currency = COUNTRIES[person.country]["currency"]
        if noise.chance(0.004, "shop_orders_unknown_currency"):
            currency = "XYZ"
        lines = []
        subtotal = 0.0
        for _ in range(rng.randint(1, 4)):
            category, titles = rng.choice(PRODUCTS)
            title = rng.choice(titles)
            product = PRODUCTS.index((category, titles)) * 100 + titles.index(title)
            quantity = rng.randint(1, 3)
            price = round(rng.uniform(5, 150), 2)
            subtotal += quantity * price
            line_id = str(self._next())
            quantity_text = "-1" if noise.chance(0.003, "shop_order_lines_invalid_quantity") else str(quantity)
            lines.append([line_id, order_id, str(product), f"{product}01", f"SKU-{product:05d}", title, category,
                          quantity_text, f"{price:.2f}", "0.00"])
        tax = round(subtotal * 0.2, 2)
        total = f"{subtotal + tax:.2f}"
        if noise.chance(0.003, "shop_orders_invalid_amount"):
            total = rng.choice(["-12.00", "twelve"])
        email = person.email_at(created)
        if not customer_id and rng.random() < 0.3:
            email = f"{person.given_name.lower()}{rng.randint(1, 99)}@{email.split('@')[1]}"
            self.noise.counts["guest_checkout_new_email"] += 1
        cancelled = rng.random() < 0.03
        row = [
            order_id, f"#{order_id[-6:]}", customer_id, noise.email(email),
            noise.missing(noise.phone(person.phone_at(created), person.country), 0.6, "phone_missing"),
            _iso_offset(created, -5), _iso_offset(created + timedelta(minutes=2), -5),
            _iso_offset(created + timedelta(days=1), -5) if cancelled else "",
            currency, total, f"{subtotal:.2f}", f"{tax:.2f}", "0.00",
            "voided" if cancelled else rng.choice(["paid", "paid", "paid", "refunded", "partially_refunded", "pending"]),
            rng.choice(["fulfilled", "fulfilled", "partial", ""]),
            rng.choice(["web", "web", "iphone", "android"]),
            noise.name(person.given_name, person.nicknames), noise.name(person.family_name, []),
            place.street, place.city, place.postal_code, person.country,
            f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            rng.choice(["/", "/?utm_source=google&utm_medium=cpc", "/?utm_source=newsletter&utm_medium=email",
                        "/collections/new?utm_source=instagram&utm_medium=social"]),
        ]
        self._add("shop/orders", row, order_id, person, 0.002)
        self._purchase("shop_orders", row[0], person, created, currency, total, row[13], cancelled, True)
        for line in lines:
            self.out.rows["shop/order_lines"].append(line)
        self.pending_order_events.append((person, order_id, created, float(total) if total[0].isdigit() else 0.0))

    def pos(self, person: Person) -> None:
        rng, noise = self.rng, self.noise
        if person.loyalty_card is None and rng.random() < 0.7:
            person.loyalty_card = f"6012{person.index:012d}"
        timezone = COUNTRIES[person.country]["tz"]
        for _ in range(rng.randint(1, 6)):
            store = rng.choice(STORE_IDS)
            register = f"R{rng.randint(1, 4)}"
            transaction_id = f"{store}-{register}-{self._next()}"
            at = self._when(person.first_seen_at)
            card = person.loyalty_card if person.loyalty_card and rng.random() < 0.85 else ""
            if card and rng.random() < 0.5:
                card = f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:]}"
            amount = f"{rng.uniform(3, 250):.2f}"
            if noise.chance(0.003, "pos_transactions_invalid_amount"):
                amount = rng.choice(["-5.00", "n/a"])
            local_time = at.strftime("%Y-%m-%d %H:%M:%S")
            valid_time = True
            if noise.chance(0.003, "pos_transactions_invalid_timestamp"):
                local_time = "31/02/2024 10:00"
                valid_time = False
            row = [
                transaction_id, store, register, f"C{rng.randint(1, 40):03d}", card,
                noise.email(person.email_at(at)) if rng.random() < 0.2 else "",
                local_time, timezone, amount, COUNTRIES[person.country]["currency"],
                rng.choice(["cash", "card", "card", "voucher"]), str(rng.randint(1, 8)),
            ]
            self._add("pos/transactions", row, transaction_id, person, 0.002)
            # the till writes the store's wall-clock time: the instant is that time in the store's time zone
            instant = at.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC).replace(tzinfo=None)
            self._purchase("pos_transactions", row[0], person, instant, row[9], amount, "", False, valid_time)
            self._maybe_copy("pos/transactions", 0.01)

    def support(self, person: Person) -> None:
        rng, noise = self.rng, self.noise
        for _ in range(rng.randint(1, 3)):
            ticket_id = str(self._next())
            created = self._when(person.first_seen_at)
            updated = created + timedelta(hours=rng.randint(1, 200))
            row = [
                ticket_id, noise.email(person.email_at(created)),
                f"{noise.name(person.given_name, person.nicknames)} {person.family_name}",
                noise.missing(noise.phone(person.phone_at(created), person.country), 0.7, "phone_missing"),
                rng.choice(["Where is my order?", "Return request", "Wrong size", "Login problem", "Invoice"]),
                rng.choice(["new", "open", "pending", "solved", "closed", "closed"]),
                rng.choice(["low", "normal", "normal", "high", "urgent", ""]),
                rng.choice(["email", "web", "chat", "voice"]),
                rng.choice(["good", "good", "bad", "offered", "unoffered"]),
                rng.choice(["", "shipping", "returns vip", "billing"]),
                _iso_z(created), _iso_z(updated),
            ]
            self._add("support/tickets", row, ticket_id, person, 0.002)
            self._maybe_copy("support/tickets", 0.01)

    def email_events(self, person: Person) -> None:
        """The email platform knows addresses, not people: an address a family shares is one subscriber, whose
        events belong to the first person of the family who uses it."""
        rng, noise = self.rng, self.noise
        if self.subscriber_of.setdefault(person.emails[0], person.person_id) != person.person_id:
            noise.counts["email_events_skipped_for_shared_address"] += 1
            return
        for _ in range(rng.randint(2, 12)):
            campaign = rng.randint(1, 40)
            at = self._when(person.first_seen_at)
            kind = rng.choices(["sent", "open", "click", "bounce", "unsubscribe", "spam_report"],
                               [50, 30, 12, 3, 4, 1])[0]
            event_id = f"em-{self._next()}"
            row = [
                event_id, noise.email(person.email_at(at)), f"cmp-{campaign:03d}", f"Campaign {campaign}", kind,
                str(int(at.timestamp())),
                f"https://shop.example/p/{rng.randint(1, 500)}" if kind == "click" else "",
                rng.choice(["hard", "soft"]) if kind == "bounce" else "",
            ]
            self._add("email/events", row, event_id, person, 0.002)
            self._maybe_copy("email/events", 0.01)

    def consent(self, person: Person) -> None:
        rng = self.rng
        for purpose in ["email_marketing", "ad_personalization", "analytics"]:
            if rng.random() < 0.35:
                continue
            kind, value = rng.choice([
                ("email", person.emails[0]),
                ("phone", person.phones[0]),
                ("user_id", person.shop_customer_id or person.emails[0]),
                ("anonymous_id", person.anonymous_ids[0] if person.anonymous_ids else person.emails[0]),
            ])
            if kind == "user_id" and not person.shop_customer_id or kind == "anonymous_id" and not person.anonymous_ids:
                kind = "email"
            at = self._when(person.first_seen_at)
            statuses = ["granted"] + (["withdrawn"] if rng.random() < 0.15 else [])
            for status in statuses:
                event_id = f"ce-{self._next()}"
                row = [event_id, kind, value, purpose, status,
                       rng.choice(["cookie_banner", "preference_center", "checkout", "crm_import"]), _iso_z(at)]
                self._add("consent/events", row, event_id, person, 0)
                at = at + timedelta(days=rng.randint(1, 60))

    def erasure(self, person: Person) -> None:
        rng = self.rng
        request_id = f"er-{self._next()}"
        kind, value = rng.choice([("email", person.emails[0]), ("phone", person.phones[0])]
                                 + ([("user_id", person.shop_customer_id)] if person.shop_customer_id else [])
                                 + ([("crm_contact_id", person.crm_contact_ids[0])] if person.crm_contact_ids else []))
        row = [request_id, kind, value, rng.choice(["GDPR", "CCPA"]), _iso_z(self._when(person.first_seen_at))]
        self._add("privacy/erasure_requests", row, request_id, person, 0)

    def enrichment(self, person: Person) -> None:
        rng = self.rng
        digest = hashlib.sha256(person.emails[0].strip().lower().encode()).hexdigest()
        if digest in self.enriched_emails:
            return
        self.enriched_emails.add(digest)
        age = (self.end.date() - person.birth_date).days // 365
        band = "18-24" if age < 25 else "25-34" if age < 35 else "35-44" if age < 45 else "45-54" if age < 55 else "55+"
        row = [digest, band, rng.choice(["female", "male", "unknown"]),
               rng.choice(["<25k", "25-50k", "50-75k", "75-100k", "100k+"]),
               "|".join(rng.sample(["running", "cooking", "travel", "gardening", "gaming", "fashion"], 2)),
               rng.choice(["Y", "N", ""]), self._when(person.first_seen_at).date().isoformat()]
        self._add("enrichment/third_party", row, digest, person, 0)

    # events ----------------------------------------------------------------------------------------------------
    def events(self, person: Person) -> None:
        rng = self.rng
        person.anonymous_ids = [f"anon-{self._next():x}" for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            person.device_ids = [f"dev-{self._next():x}" for _ in range(rng.randint(1, 2))]
        for anonymous_id in person.anonymous_ids:
            self.session(person, anonymous_id, device_id=None)
        for device_id in person.device_ids:
            self.session(person, f"anon-{self._next():x}", device_id=device_id)
        if person.family_device_id:
            self.noise.counts["family_shared_device_session"] += 1
            self.session(person, f"anon-{self._next():x}", device_id=person.family_device_id)
        if rng.random() < 0.08:
            self.noise.counts["shared_tablet_session"] += 1
            self.session(person, f"anon-{self._next():x}", device_id=rng.choice(self.tablets))

    def session(self, person: Person, anonymous_id: str, device_id: str | None) -> None:
        rng = self.rng
        at = self._when(person.first_seen_at)
        mobile = device_id is not None
        identified = person.shop_customer_id is not None and rng.random() < 0.6
        identify_at = rng.randint(1, 6)
        for step in range(rng.randint(3, 10)):
            at = at + timedelta(seconds=rng.randint(5, 300))
            user_id = person.shop_customer_id if identified and step >= identify_at else None
            if identified and step == identify_at:
                traits = {"email": self.noise.email(person.email_at(at)),
                          "firstName": self.noise.name(person.given_name, person.nicknames),
                          "lastName": person.family_name}
                self.noise.counts["anonymous_session_identified"] += 1
                message = {"type": "identify", "userId": user_id, "traits": traits}
            elif mobile:
                message = {"type": rng.choice(["screen", "track"]), "name": rng.choice(["Home", "Product", "Cart"])}
                if message["type"] == "track":
                    message = {"type": "track", "event": rng.choice(["Product Viewed", "Product Added"]),
                               "properties": {"product_id": str(rng.randint(0, 500))}}
            else:
                message = rng.choice([
                    {"type": "page", "name": "Home"},
                    {"type": "track", "event": "Product Viewed", "properties": {"product_id": str(rng.randint(0, 500))}},
                    {"type": "track", "event": "Product Added", "properties": {"product_id": str(rng.randint(0, 500))}},
                    {"type": "track", "event": "Checkout Started", "properties": {}},
                ])
            if user_id and "userId" not in message:
                message["userId"] = user_id
            self.emit(person, message, at, anonymous_id, device_id)

    def order_events(self) -> None:
        """Order Completed events for orders placed on the web or in the app by a known customer."""
        for person, order_id, created, revenue in self.pending_order_events:
            if person.anonymous_ids and person.shop_customer_id and self.rng.random() < 0.7:
                message = {"type": "track", "event": "Order Completed", "userId": person.shop_customer_id,
                           "properties": {"order_id": order_id, "revenue": revenue,
                                          "currency": COUNTRIES[person.country]["currency"]}}
                self.emit(person, message, created, self.rng.choice(person.anonymous_ids), None)

    def emit(self, person: Person, message: dict, at: datetime, anonymous_id: str, device_id: str | None) -> None:
        rng, noise = self.rng, self.noise
        message_id = f"msg-{self._next():x}"
        received = at + timedelta(milliseconds=rng.randint(50, 3000))
        if device_id and noise.chance(0.05, "event_offline_delivery"):
            received = at + timedelta(hours=rng.randint(2, 96))
        context: dict = {
            "ip": f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "locale": rng.choice(["en-US", "en-GB", "de-DE", "fr-FR", "nl-NL"]),
            "library": {"name": "analytics-ios" if device_id else "analytics.js", "version": "4.1.0"},
        }
        if device_id:
            context["device"] = {"id": device_id, "manufacturer": "Apple", "model": "iPhone15,2", "type": "ios"}
            context["os"] = {"name": "iOS", "version": "17.4"}
            context["app"] = {"name": "Shop", "version": "5.2.0"}
        else:
            context["userAgent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
            context["page"] = {"path": "/", "url": "https://shop.example/", "referrer": "", "title": "Shop"}
            if rng.random() < 0.3:
                context["campaign"] = {"source": rng.choice(["google", "Newsletter", "instagram"]),
                                       "medium": rng.choice(["cpc", "email", "social"]), "name": "spring-sale"}
        payload = {"messageId": message_id, "anonymousId": anonymous_id, **message, "context": context,
                   "timestamp": _iso_z(at, True), "originalTimestamp": _iso_z(at, True),
                   "sentAt": _iso_z(received - timedelta(milliseconds=20), True), "receivedAt": _iso_z(received, True)}
        if noise.chance(0.01, "event_unknown_extra_field"):
            payload["_metadata"] = {"bundled": ["Segment.io"], "unbundled": []}
        if noise.chance(0.002, "event_missing_message_id"):
            del payload["messageId"]
        line = json.dumps(payload, separators=(",", ":"))
        malformed = noise.chance(0.003, "event_malformed_line")
        if malformed:
            line = line[: rng.randint(10, len(line) - 5)] if rng.random() < 0.8 else "ERROR upstream timeout"
        app = "mobile" if device_id else "web"
        day = received.date()
        if noise.chance(0.03, "event_late_file"):
            day = day + timedelta(days=rng.randint(1, 5))
        file_name = f"events/{app}/{day.isoformat()}-{self.chunk:04d}.jsonl"
        self.out.event_lines[file_name].append(line)
        self.out.truth.append(("events", message_id, person.person_id))
        if noise.chance(0.01, "event_duplicate_delivery"):
            if malformed:
                noise.counts["event_malformed_line"] += 1
            other_day = day + timedelta(days=rng.randint(0, 1))
            self.out.event_lines[f"events/{app}/{other_day.isoformat()}-{self.chunk:04d}.jsonl"].append(line)
            self.out.truth.append(("events", message_id, person.person_id))
