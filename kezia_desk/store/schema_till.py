"""Schema of the till itself (migrations 1–99): sellers, articles, the sales journal, settings.

Money is stored as integer cents, VAT rates and quantities as decimal strings, times as ISO 8601 with offset.
The journal tables refuse UPDATE and DELETE through triggers: a recorded sale is never changed in place.
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration

JOURNAL_LOCKED_MESSAGE = ("Le journal des ventes est inaltérable : un ticket enregistré ne peut être ni modifié "
                          "ni supprimé.")
JOURNAL_TABLES = ("tickets", "ticket_lines", "ticket_payments")


def _create_till_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE sellers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            is_manager INTEGER NOT NULL DEFAULT 0,
            pin_hash TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE articles (
            idart INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
            vat_rate TEXT NOT NULL,
            category TEXT NOT NULL,
            is_option INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL
        )""")
    # The IDART counter only ever grows, so a code HubRise may still hold is never given to another article.
    db.execute("CREATE TABLE idart_counter (id INTEGER PRIMARY KEY CHECK (id = 1), next_idart INTEGER NOT NULL)")
    db.execute("INSERT INTO idart_counter (id, next_idart) VALUES (1, 1)")
    db.execute("""
        CREATE TABLE tickets (
            number INTEGER PRIMARY KEY,
            closed_at TEXT NOT NULL,
            seller_id INTEGER NOT NULL,
            seller_name TEXT NOT NULL,
            total_cents INTEGER NOT NULL,
            change_cents INTEGER NOT NULL,
            currency TEXT NOT NULL,
            web_order_id TEXT,
            previous_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE ticket_lines (
            ticket_number INTEGER NOT NULL REFERENCES tickets(number),
            position INTEGER NOT NULL,
            label TEXT NOT NULL,
            idart INTEGER,
            unit_price_cents INTEGER NOT NULL,
            quantity TEXT NOT NULL,
            vat_rate TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (ticket_number, position)
        )""")
    db.execute("""
        CREATE TABLE ticket_payments (
            ticket_number INTEGER NOT NULL REFERENCES tickets(number),
            position INTEGER NOT NULL,
            method TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            PRIMARY KEY (ticket_number, position)
        )""")
    for table in JOURNAL_TABLES:
        for action in ("UPDATE", "DELETE"):
            db.execute(f"""
                CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
                BEGIN SELECT RAISE(ABORT, '{JOURNAL_LOCKED_MESSAGE.replace("'", "''")}'); END""")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


MIGRATIONS = [Migration(1, "caisse : vendeurs, articles, journal des ventes, paramètres", _create_till_tables)]
