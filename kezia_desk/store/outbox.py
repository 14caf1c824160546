"""The outbox: every change to send to HubRise, written in the same transaction as the local change.

Rows are sent in order per order (a row waits while an older row of the same order is unsent), survive restarts,
and keep their attempts and last error for the status bar and the order's history.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from .database import transaction


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def enqueue(conn: sqlite3.Connection, local_id: int, kind: str, payload: dict) -> int:
    """Add a row; call inside the transaction that makes the local change."""
    cursor = conn.execute("INSERT INTO outbox (local_id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                          (local_id, kind, json.dumps(payload), now_iso()))
    assert cursor.lastrowid is not None  # an INSERT always sets it
    return cursor.lastrowid


class OutboxStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def due(self, now: float) -> list[dict[str, Any]]:
        """The oldest unsent row of each order, if its next attempt is due."""
        rows = self._db.query("""
            SELECT o.* FROM outbox o
            WHERE o.sent_at IS NULL AND o.failed = 0 AND o.next_attempt_at <= ?
              AND NOT EXISTS (SELECT 1 FROM outbox older WHERE older.local_id = o.local_id
                              AND older.id < o.id AND older.sent_at IS NULL AND older.failed = 0)
            ORDER BY o.id""", [now])
        return [dict(row, payload=json.loads(row["payload"])) for row in rows]

    def next_attempt_at(self) -> float | None:
        row = self._db.execute("SELECT MIN(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND failed = 0"
                               ).fetchone()
        return row[0] if row and row[0] is not None else None

    def mark_sent(self, row_id: int) -> None:
        self._db.execute("UPDATE outbox SET sent_at = ?, last_error = NULL, attempts = attempts + 1 WHERE id = ?",
                         [now_iso(), row_id])

    def mark_retry(self, row_id: int, error: str, next_attempt_at: float) -> None:
        self._db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                         [error, next_attempt_at, row_id])

    def mark_failed(self, row_id: int, error: str) -> None:
        self._db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, failed = 1 WHERE id = ?",
                         [error, row_id])

    def retry_failed_now(self) -> list[int]:
        """E/S « Renvoyer les commandes en attente »: failed rows get another chance, waiting rows go now. Returns
        the order of each row (one per row)."""
        cursor = self._db.execute("UPDATE outbox SET failed = 0, next_attempt_at = 0 WHERE sent_at IS NULL "
                                  "RETURNING local_id")
        return [row[0] for row in cursor.fetchall()]

    def pending_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed = 0").fetchone()[0]

    def failed_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed = 1").fetchone()[0]

    def for_order(self, local_id: int) -> list[dict[str, Any]]:
        rows = self._db.query("SELECT * FROM outbox WHERE local_id = ? ORDER BY id", [local_id])
        return [dict(row, payload=json.loads(row["payload"])) for row in rows]

    def has_pending(self, local_id: int, kind: str | None = None) -> bool:
        sql = "SELECT 1 FROM outbox WHERE local_id = ? AND sent_at IS NULL AND failed = 0"
        params: list[Any] = [local_id]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        return self._db.execute(sql + " LIMIT 1", params).fetchone() is not None

    def prune_sent(self, older_than_days: int) -> int:
        """Forget rows HubRise acknowledged more than `older_than_days` ago; the order history keeps when each
        change was sent (order_history.sent_at), so the Fiche commande still says « envoyé »."""
        cutoff = (datetime.now(UTC) - timedelta(days=older_than_days)).isoformat()
        with transaction(self._db) as conn:
            conn.execute("UPDATE order_history SET sent_at = (SELECT x.sent_at FROM outbox x WHERE x.id = outbox_id),"
                         " outbox_id = NULL WHERE outbox_id IN (SELECT id FROM outbox WHERE sent_at < ?)", [cutoff])
            return conn.execute("DELETE FROM outbox WHERE sent_at < ?", [cutoff]).rowcount
