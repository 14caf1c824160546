"""Schema of web orders (migrations 100–199): orders, processed events, history, the outbox, ref mappings,
events kept aside, and the poll log shown in the diagnostics.
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration


def _create_order_tables(db: sqlite_utils.Database) -> None:
    # `raw` is the order as HubRise (or the till, for its own orders) describes it; local decisions live in
    # their own columns so a later HubRise update never erases what the cashier did.
    db.execute("""
        CREATE TABLE orders (
            local_id INTEGER PRIMARY KEY,
            hubrise_id TEXT UNIQUE,
            origin TEXT NOT NULL DEFAULT 'web',
            till_number TEXT UNIQUE,
            private_ref TEXT,
            status TEXT NOT NULL,
            raw TEXT NOT NULL,
            state_at TEXT,
            received_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            item_idarts TEXT NOT NULL DEFAULT '{}',
            paid_at_till_cents INTEGER,
            invoice_ticket INTEGER,
            search_text TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("CREATE INDEX orders_status ON orders(status)")
    db.execute("""
        CREATE TABLE processed_events (
            event_id TEXT PRIMARY KEY,
            hubrise_order_id TEXT,
            processed_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            local_id INTEGER NOT NULL REFERENCES orders(local_id),
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            sent_at TEXT,
            failed INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("CREATE INDEX outbox_pending ON outbox(sent_at, failed, local_id, id)")
    db.execute("""
        CREATE TABLE order_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            local_id INTEGER NOT NULL REFERENCES orders(local_id),
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            outbox_id INTEGER REFERENCES outbox(id)
        )""")
    db.execute("CREATE TABLE sku_mappings (sku_ref TEXT PRIMARY KEY, idart INTEGER NOT NULL, mapped_at TEXT NOT NULL)")
    db.execute("""
        CREATE TABLE kept_aside (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT UNIQUE,
            raw TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE poll_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            events INTEGER NOT NULL DEFAULT 0,
            duration_ms INTEGER NOT NULL DEFAULT 0
        )""")


MIGRATIONS = [Migration(100, "commandes web : commandes, événements, historique, file d'envoi", _create_order_tables)]
