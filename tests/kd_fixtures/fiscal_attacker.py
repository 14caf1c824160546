"""The attacker of issue 17: someone with the program (open source) and a copy of the database, without the key.

Every helper works on a copy (the till's own folder is never touched), drops the protecting triggers first, and
uses the project's own code to recompute what it can: the legacy hash chain, the anchors, the records' hashes
and the end-of-chain seals' hashes. What it cannot do is sign with the till's key.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from kezia_desk.domain.fiscal import GENESIS, canonical_json, record_hash
from kezia_desk.domain.journal import GENESIS_HASH, chain_hash
from kezia_desk.store.database import DATABASE_FILENAME
from kezia_desk.store.journal import signed_ticket_payload, ticket_content

__all__ = ["copy_database", "drop_triggers", "recompute_everything", "rows_as_dicts"]


def copy_database(source_dir: Path, target_dir: Path) -> sqlite3.Connection:
    """A consistent copy of the till's database alone (no key file) in `target_dir`, open for the attack."""
    target_dir.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_dir / DATABASE_FILENAME)
    target = sqlite3.connect(target_dir / DATABASE_FILENAME, isolation_level=None)
    source.backup(target)
    source.close()
    target.execute("PRAGMA journal_mode = DELETE")
    drop_triggers(target)
    return target


def drop_triggers(conn: sqlite3.Connection) -> None:
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")


def rows_as_dicts(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def recompute_everything(conn: sqlite3.Connection) -> None:
    """Recompute every hash the program computes: tickets' chain, anchors, records' hashes and payloads, seals.
    Signatures are left as they were (the attacker has no key)."""
    previous = GENESIS_HASH
    hashes = {}
    till_ids = dict(conn.execute("SELECT id, till_id FROM fiscal_keys").fetchall())
    for ticket in rows_as_dicts(conn, "SELECT * FROM tickets ORDER BY number"):
        lines = rows_as_dicts(conn, "SELECT * FROM ticket_lines WHERE ticket_number = ? ORDER BY position",
                              (ticket["number"],))
        payments = rows_as_dicts(conn, "SELECT * FROM ticket_payments WHERE ticket_number = ? ORDER BY position",
                                 (ticket["number"],))
        content = ticket_content(ticket, lines, payments)
        entry = chain_hash(previous, content)
        conn.execute("UPDATE tickets SET previous_hash = ?, entry_hash = ? WHERE number = ?",
                     (previous, entry, ticket["number"]))
        hashes[ticket["number"]] = (entry, content)
        previous = entry
    for anchor_id, last_number in conn.execute("SELECT id, last_number FROM journal_anchor").fetchall():
        if last_number in hashes:
            conn.execute("UPDATE journal_anchor SET last_hash = ? WHERE id = ?", (hashes[last_number][0], anchor_id))
    for (chain,) in conn.execute("SELECT DISTINCT chain FROM fiscal_records").fetchall():
        previous = GENESIS
        last = None
        for record in rows_as_dicts(conn, "SELECT * FROM fiscal_records WHERE chain = ? ORDER BY seq", (chain,)):
            payload = record["payload"]
            if chain == "ventes" and record["kind"] in ("ticket", "ticket_annule") and int(record["ref"]) in hashes:
                payload = canonical_json(signed_ticket_payload(hashes[int(record["ref"])][1],
                                                               till_ids[record["key_id"]]))
            digest = record_hash(previous, chain, record["seq"], record["kind"], record["version"], record["at"],
                                 record["ref"], record["key_id"], payload)
            conn.execute("UPDATE fiscal_records SET payload = ?, previous_hash = ?, hash = ? "
                         "WHERE chain = ? AND seq = ?", (payload, previous, digest, chain, record["seq"]))
            previous, last = digest, record
        if last is not None:
            conn.execute("UPDATE fiscal_heads SET seq = ?, last_hash = ?, at = ? WHERE chain = ?",
                         (last["seq"], previous, last["at"], chain))
