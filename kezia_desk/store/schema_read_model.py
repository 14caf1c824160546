"""Schema of the lists' read model (migrations 500–599): what a list shows, stored in columns of `orders`.

A list row is shown without decoding an order's JSON or resolving its articles: time, expected time, customer,
service, total, paid, flags and the sort key are columns, the search text is an FTS5 table, and every tab, search
and page is one indexed query (docs/dev/architecture.md « The read model »).

The columns are computed by the same mapping code as the detail view (services/order_lists.py), which lives above
the store, so the migration cannot compute them itself: it adds them with `list_stale = 1` on every existing row,
and the read model recomputes stale rows (the backfill) when the application is built, in committed batches. A
trigger marks a row stale whenever anything else in it changes, so a write path that forgets to refresh its row
(see store/orders.py) still shows right, one read later.
"""
from __future__ import annotations

import sqlite3

import sqlite_utils

from .migrations import Migration

LIST_COLUMNS = (
    ("list_stale", "INTEGER NOT NULL DEFAULT 1"),  # 1: to recompute from the row; 2: unreadable, left as is
    ("list_rank", "INTEGER NOT NULL DEFAULT 1"),  # 0 waiting (new/received), 1 in progress, 2 final
    ("list_due", "TEXT NOT NULL DEFAULT '~'"),  # UTC ISO confirmed/expected time while not final; '~' sorts last
    ("list_expected", "TEXT NOT NULL DEFAULT ''"),  # UTC ISO confirmed/expected time, shown as « Délai »
    ("list_created", "TEXT NOT NULL DEFAULT ''"),  # UTC ISO creation time (HubRise's, else reception)
    ("list_customer", "TEXT NOT NULL DEFAULT ''"),
    ("list_service", "TEXT"),  # ServiceType value
    ("list_total_cents", "INTEGER NOT NULL DEFAULT 0"),
    ("list_currency", "TEXT NOT NULL DEFAULT 'EUR'"),
    ("list_paid", "INTEGER NOT NULL DEFAULT 0"),
    ("list_flags", "TEXT NOT NULL DEFAULT ''"),  # French explanations, one per line
    ("list_code", "TEXT NOT NULL DEFAULT ''"),  # collection code, else the start of the HubRise id
)


def _add_read_model(db: sqlite_utils.Database) -> None:
    existing = {column.name for column in db["orders"].columns}
    for name, definition in LIST_COLUMNS:
        if name not in existing:
            db.execute(f"ALTER TABLE orders ADD COLUMN {name} {definition}")
    db.execute("UPDATE orders SET list_stale = 1")  # the backfill: recomputed by the read model at start
    # Tabs: origin + rank (+ status for Terminées / Annulées), already in display order.
    db.execute("CREATE INDEX IF NOT EXISTS orders_list ON orders(origin, list_rank, list_due, list_created DESC,"
               " local_id DESC)")
    db.execute("CREATE INDEX IF NOT EXISTS orders_list_status ON orders(origin, status, list_due, list_created DESC,"
               " local_id DESC)")
    db.execute("CREATE INDEX IF NOT EXISTS orders_in_progress ON orders(list_rank, list_due)")
    db.execute("CREATE INDEX IF NOT EXISTS orders_list_stale ON orders(local_id) WHERE list_stale = 1")
    db.execute("CREATE INDEX IF NOT EXISTS orders_private_ref ON orders(private_ref)")
    # Hot lookups of the detail view and the dispatcher.
    db.execute("CREATE INDEX IF NOT EXISTS order_history_order ON order_history(local_id, id)")
    db.execute("CREATE INDEX IF NOT EXISTS order_history_outbox ON order_history(outbox_id)")
    db.execute("CREATE INDEX IF NOT EXISTS outbox_order ON outbox(local_id, id)")
    # Search: name, phone, e-mail, codes, HubRise id; accents and case ignored, prefixes of 2–3 letters indexed
    # so the first letters a cashier types are answered from the index.
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS orders_fts USING fts5(text, "
               "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')")
    # Any change to an order row that does not itself refresh the list columns marks them stale. Recursive
    # triggers are off, and a refresh moves list_stale from 1 to 0 (or 2), so this never fires on a refresh.
    db.execute("""
        CREATE TRIGGER IF NOT EXISTS orders_list_stale_on_change AFTER UPDATE ON orders
        FOR EACH ROW WHEN OLD.list_stale != 1 AND NEW.list_stale = OLD.list_stale
        BEGIN UPDATE orders SET list_stale = 1 WHERE local_id = NEW.local_id; END""")


def _keep_sent_facts(db: sqlite_utils.Database) -> None:
    """Sent outbox rows are pruned after a while; the history keeps when its change reached HubRise."""
    if "sent_at" not in {column.name for column in db["order_history"].columns}:
        db.execute("ALTER TABLE order_history ADD COLUMN sent_at TEXT")


def _drop_search_text(db: sqlite_utils.Database) -> None:
    """orders.search_text was the search box's column before FTS5 (migration 500); nothing reads or writes it
    since. Dropped where SQLite can (3.35+); an older SQLite keeps the empty column, which costs nothing."""
    columns = {column.name for column in db["orders"].columns}
    if "search_text" in columns and sqlite3.sqlite_version_info >= (3, 35):
        db.execute("ALTER TABLE orders DROP COLUMN search_text")


MIGRATIONS = [
    Migration(500, "listes : colonnes d'affichage, recherche FTS5, index des recherches fréquentes", _add_read_model),
    Migration(501, "historique : date d'envoi gardée quand la file d'envoi est purgée", _keep_sent_facts),
    Migration(502, "commandes : colonne search_text retirée (la recherche passe par FTS5)", _drop_search_text),
]
