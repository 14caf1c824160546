"""Schema of the HubRise connection's data (migrations 200–299): local customers and the till-order counter.

Till orders themselves live in `orders` (origin 'till'), so the poller, the outbox and the order screens treat
them like web orders; the token never lives in SQLite (see store.token_store).
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration


def _create_customer_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            first_name TEXT, last_name TEXT, company_name TEXT,
            email TEXT, phone TEXT,
            address_1 TEXT, address_2 TEXT, postal_code TEXT, city TEXT, delivery_notes TEXT,
            hubrise_id TEXT,
            search_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX customers_email ON customers(email)")
    db.execute("CREATE INDEX customers_phone ON customers(phone)")
    # One row: the last till-order number given (C-000001, C-000002…), never reused.
    db.execute("CREATE TABLE till_order_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL)")
    db.execute("INSERT INTO till_order_counter (id, last) VALUES (1, 0)")


MIGRATIONS = [Migration(200, "connexion HubRise : clients, numéros des commandes de la caisse",
                        _create_customer_tables)]
