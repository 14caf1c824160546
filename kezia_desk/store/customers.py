"""Local customers (COMMANDES, Envoi Clients): stored with the HubRise id they got on export."""
from __future__ import annotations

from dataclasses import fields
from typing import Any

import sqlite_utils

from ..domain.order import Customer
from ..domain.phone import display_fr
from ..domain.text import fold
from .outbox import now_iso

CONTACT_FIELDS = ("first_name", "last_name", "company_name", "email", "phone", "address_1", "address_2",
                  "postal_code", "city", "delivery_notes")


def _search_text(customer: Customer) -> str:
    """Every contact field, plus the phone as the cashier types it (0612345678), since it is stored in E.164."""
    national = display_fr(customer.phone).replace(" ", "") if customer.phone else ""
    return fold(" ".join([*(str(getattr(customer, key) or "") for key in CONTACT_FIELDS), national]))


def _from_row(row: dict[str, Any]) -> Customer:
    known = {f.name for f in fields(Customer)}
    values = {key: row[key] for key in CONTACT_FIELDS if key in known}
    return Customer(**values, hubrise_id=row["hubrise_id"], local_id=row["id"])


class CustomerStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def save(self, customer: Customer) -> Customer:
        """Create (local_id None) or update a customer; returns it with its local id."""
        values = {key: (getattr(customer, key) or None) for key in CONTACT_FIELDS}
        values.update(search_text=_search_text(customer), updated_at=now_iso())
        table = self.db.table("customers")
        if customer.local_id is None:
            values["created_at"] = now_iso()
            local_id = table.insert(values).last_pk
        else:
            local_id = customer.local_id
            table.update(local_id, values)
        return self.get(int(local_id or 0))  # type: ignore[return-value]

    def get(self, local_id: int) -> Customer | None:
        rows = list(self.db.query("SELECT * FROM customers WHERE id = ?", [local_id]))
        return _from_row(rows[0]) if rows else None

    def search(self, text: str = "", limit: int = 50) -> list[Customer]:
        needle = f"%{fold(text.strip())}%"
        rows = self.db.query("SELECT * FROM customers WHERE search_text LIKE ? ORDER BY last_name, first_name, id "
                             "LIMIT ?", [needle, limit])
        return [_from_row(row) for row in rows]

    def all(self) -> list[Customer]:
        return [_from_row(row) for row in self.db.query("SELECT * FROM customers ORDER BY id")]

    def set_phone(self, local_id: int, phone: str) -> None:
        """Rewrite one stored phone (migration to E.164), keeping the search text in step."""
        customer = self.get(local_id)
        if customer is not None:
            customer.phone = phone
            self.db.execute("UPDATE customers SET phone = ?, search_text = ?, updated_at = ? WHERE id = ?",
                            [phone, _search_text(customer), now_iso(), local_id])

    def set_hubrise_id(self, local_id: int, hubrise_id: str) -> None:
        self.db.execute("UPDATE customers SET hubrise_id = ?, updated_at = ? WHERE id = ?",
                        [hubrise_id, now_iso(), local_id])
