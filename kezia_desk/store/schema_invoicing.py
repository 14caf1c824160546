"""Schema of invoicing and the sales journal (migrations 300–399).

- `tickets.kind`: 'vente' (a sale) or 'annule' (a ticket abandoned after a payment was taken: kept, never
  dropped); `ticket_payments.label`: the name shown for a payment (« Payé en ligne (CB en ligne) »). Both default
  to what older tickets mean, and enter a ticket's hash only when they differ from that default, so the hashes of
  tickets recorded by older versions stay valid.
- `journal_anchor`: append-only (triggers refuse UPDATE/DELETE like the journal). Every close writes the running
  count and the last hash in the same transaction, so deleting the LAST tickets (which leaves an intact but
  shorter chain) is detected by `verify-journal`.
- `orders.confirmed_time`: Accepter's confirmed time, a local decision kept out of the HubRise JSON (`raw`),
  which the next HubRise update replaces.
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration
from .schema_till import JOURNAL_LOCKED_MESSAGE


def _journal_kinds_labels_and_anchor(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE tickets ADD COLUMN kind TEXT NOT NULL DEFAULT 'vente'")
    db.execute("ALTER TABLE ticket_payments ADD COLUMN label TEXT NOT NULL DEFAULT ''")
    db.execute("""
        CREATE TABLE journal_anchor (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_count INTEGER NOT NULL,
            last_number INTEGER NOT NULL,
            last_hash TEXT NOT NULL,
            at TEXT NOT NULL
        )""")
    for action in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER journal_anchor_no_{action.lower()} BEFORE {action} ON journal_anchor
            BEGIN SELECT RAISE(ABORT, '{JOURNAL_LOCKED_MESSAGE.replace("'", "''")}'); END""")
    # Backfill: an installation that already has tickets gets its first anchor on what is there today.
    db.execute("""
        INSERT INTO journal_anchor (ticket_count, last_number, last_hash, at)
        SELECT (SELECT COUNT(*) FROM tickets), number, entry_hash, closed_at
        FROM tickets ORDER BY number DESC LIMIT 1""")


def _order_confirmed_time(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE orders ADD COLUMN confirmed_time TEXT")
    # Older versions wrote Accepter's time into the HubRise JSON: move it to its column.
    db.execute("UPDATE orders SET confirmed_time = json_extract(raw, '$.confirmed_time') "
               "WHERE status NOT IN ('new', 'received') AND json_valid(raw) "
               "AND json_extract(raw, '$.confirmed_time') IS NOT NULL")


MIGRATIONS = [
    Migration(300, "journal : tickets annulés, libellés des règlements, ancre de fin de chaîne",
              _journal_kinds_labels_and_anchor),
    Migration(301, "commandes : heure confirmée dans sa propre colonne", _order_confirmed_time),
]
