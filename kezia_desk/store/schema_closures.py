"""Schema of closures, refunds, deposits and cash counts (migrations 800–899).

- `tickets.refund_of`: a refund (avoir, kind 'avoir') names the sale it pays back; the original is never changed.
- `deposits`: money taken (or handed back) in COMMANDES, a record the moment it is taken.
- `closures`: Z (day), monthly and annual closures with their figures (JSON, integer cents), one per period
  (UNIQUE kind + period: a double tap, a second window or a restart cannot make a second Z of one day).
- `cash_counts`: the opening float and the counts at Z; a typo is corrected by a new count naming the one it
  corrects, never by editing.
Every table here refuses UPDATE and DELETE through triggers, like the sales journal.
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration
from .schema_till import JOURNAL_LOCKED_MESSAGE

APPEND_ONLY_TABLES = ("deposits", "closures", "cash_counts")


def _closures_refunds_deposits_counts(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE tickets ADD COLUMN refund_of INTEGER")
    db.execute("CREATE INDEX tickets_by_time ON tickets (closed_at)")
    db.execute("CREATE INDEX tickets_by_refund ON tickets (refund_of) WHERE refund_of IS NOT NULL")
    db.execute("""
        CREATE TABLE deposits (
            number INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            order_local_id INTEGER NOT NULL,
            order_ref TEXT NOT NULL,
            kind TEXT NOT NULL,
            method TEXT NOT NULL,
            amount_cents INTEGER NOT NULL,
            seller_id INTEGER,
            seller_name TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX deposits_by_order ON deposits (order_local_id)")
    db.execute("""
        CREATE TABLE closures (
            number INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            period TEXT NOT NULL,
            start TEXT NOT NULL,
            end TEXT NOT NULL,
            made_at TEXT NOT NULL,
            seller_name TEXT NOT NULL,
            last_ticket INTEGER NOT NULL,
            last_deposit INTEGER NOT NULL,
            figures TEXT NOT NULL,
            float_cents INTEGER,
            expected_cash_cents INTEGER,
            counted_cash_cents INTEGER,
            previous_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL,
            UNIQUE (kind, period)
        )""")
    db.execute("""
        CREATE TABLE cash_counts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            business_date TEXT NOT NULL,
            at TEXT NOT NULL,
            seller_name TEXT NOT NULL,
            cents INTEGER NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            closure_number INTEGER,
            corrects INTEGER REFERENCES cash_counts(id)
        )""")
    db.execute("CREATE INDEX cash_counts_by_date ON cash_counts (business_date, kind)")
    for table in APPEND_ONLY_TABLES:
        for action in ("UPDATE", "DELETE"):
            db.execute(f"""
                CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
                BEGIN SELECT RAISE(ABORT, '{JOURNAL_LOCKED_MESSAGE.replace("'", "''")}'); END""")


MIGRATIONS = [Migration(800, "clôtures : avoirs, acomptes, clôtures Z/mois/année, fonds de caisse et comptages",
                        _closures_refunds_deposits_counts)]
