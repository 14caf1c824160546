"""Schema of the signed fiscal records (migrations 900–949).

- `fiscal_keys`: the till's public keys (hex) with the till identifier they sign for; append-only. The private
  key is never here (store/signing_key.py).
- `fiscal_records`: every signed record of every chain, (chain, seq) gap-free; payload kept as the exact
  canonical JSON text that was hashed. Append-only (triggers refuse UPDATE and DELETE).
- `fiscal_heads`: one end-of-chain seal per chain (length, last hash, time), re-signed at each write of that
  chain in the same transaction: cutting the tail of a chain (its anchors included) leaves a seal that names
  records which are gone, and an attacker without the key cannot sign a shorter one. Rows may be updated, never
  deleted.
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration
from .schema_till import JOURNAL_LOCKED_MESSAGE

FISCAL_TABLES = ("fiscal_keys", "fiscal_records")


def _create_fiscal_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE fiscal_keys (
            id INTEGER PRIMARY KEY,
            public_key TEXT NOT NULL UNIQUE,
            till_id TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE fiscal_records (
            chain TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            version INTEGER NOT NULL,
            at TEXT NOT NULL,
            ref TEXT,
            payload TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            signature TEXT NOT NULL,
            key_id INTEGER NOT NULL REFERENCES fiscal_keys(id),
            PRIMARY KEY (chain, seq)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX fiscal_records_by_ref ON fiscal_records (chain, kind, ref)")
    db.execute("""
        CREATE TABLE fiscal_heads (
            chain TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            last_hash TEXT NOT NULL,
            at TEXT NOT NULL,
            signature TEXT NOT NULL,
            key_id INTEGER NOT NULL REFERENCES fiscal_keys(id)
        )""")
    message = JOURNAL_LOCKED_MESSAGE.replace("'", "''")
    for table in FISCAL_TABLES:
        for action in ("UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    db.execute(f"CREATE TRIGGER fiscal_heads_no_delete BEFORE DELETE ON fiscal_heads "
               f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    # A seal only moves forward: same chain, longer, never back.
    db.execute(f"CREATE TRIGGER fiscal_heads_forward BEFORE UPDATE ON fiscal_heads "
               f"WHEN NEW.chain != OLD.chain OR NEW.seq <= OLD.seq "
               f"BEGIN SELECT RAISE(ABORT, '{message}'); END")


MIGRATIONS = [Migration(900, "journal fiscal signé : clés publiques, enregistrements chaînés, sceaux de fin de chaîne",
                        _create_fiscal_tables)]
