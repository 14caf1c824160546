"""The print queue (table print_jobs, see schema_printing.py): jobs written before they are sent, done once."""
from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from .database import transaction

PENDING, PRINTING, DONE, UNCERTAIN, CANCELLED = "pending", "printing", "done", "uncertain", "cancelled"


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class PrintJobStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def enqueue(self, target: str, kind: str, document: dict[str, Any], source: str | None = None,
                once_key: str | None = None) -> int | None:
        """Queue a job; None when a job with the same `once_key` exists already (that order's kitchen ticket)."""
        with transaction(self._db) as conn:
            try:
                cursor = conn.execute("INSERT INTO print_jobs (target, kind, source, once_key, document, created_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?)",
                                      (target, kind, source, once_key, json.dumps(document), now_iso()))
            except sqlite3.IntegrityError:
                return None
            return cursor.lastrowid

    def due(self, now: float) -> list[dict[str, Any]]:
        """Waiting jobs whose time has come, in order; a printer's jobs wait behind its oldest one (tickets come
        out in the order they were asked, and a printer that is off is not tried once per job)."""
        rows = self._db.query("""
            SELECT j.* FROM print_jobs j WHERE j.state = ? AND j.next_attempt_at <= ?
              AND NOT EXISTS (SELECT 1 FROM print_jobs older WHERE older.target = j.target AND older.id < j.id
                              AND older.state = ?)
            ORDER BY j.id""", [PENDING, now, PENDING])
        return [dict(row, document=json.loads(row["document"])) for row in rows]

    def next_attempt_at(self) -> float | None:
        row = self._db.execute("SELECT MIN(next_attempt_at) FROM print_jobs WHERE state = ?", [PENDING]).fetchone()
        return row[0] if row and row[0] is not None else None

    def get(self, job_id: int) -> dict[str, Any] | None:
        for row in self._db.query("SELECT * FROM print_jobs WHERE id = ?", [job_id]):
            return dict(row, document=json.loads(row["document"]))
        return None

    def mark_printing(self, job_id: int) -> None:
        """Committed before the bytes go: a job found in this state at start may have printed."""
        self._db.execute("UPDATE print_jobs SET state = ?, attempts = attempts + 1 WHERE id = ?", [PRINTING, job_id])

    def mark_done(self, job_id: int) -> None:
        self._db.execute("UPDATE print_jobs SET state = ?, last_error = NULL, done_at = ? WHERE id = ?",
                         [DONE, now_iso(), job_id])

    def mark_retry(self, job_id: int, error: str, next_attempt_at: float) -> None:
        self._db.execute("UPDATE print_jobs SET state = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                         [PENDING, error, next_attempt_at, job_id])

    def mark_cancelled(self, job_id: int, reason: str) -> None:
        self._db.execute("UPDATE print_jobs SET state = ?, last_error = ? WHERE id = ?", [CANCELLED, reason, job_id])

    def take_interrupted(self) -> list[dict[str, Any]]:
        """Jobs a crash or a restart caught between sending and recording, now marked « uncertain » (once)."""
        with transaction(self._db) as conn:
            rows = [dict(row) for row in self._db.query("SELECT * FROM print_jobs WHERE state = ? ORDER BY id",
                                                        [PRINTING])]
            conn.execute("UPDATE print_jobs SET state = ?, last_error = ? WHERE state = ?",
                         [UNCERTAIN, "interrompue : peut-être imprimée", PRINTING])
        return [dict(row, document=json.loads(row["document"])) for row in rows]

    def retry_all_now(self) -> int:
        """The printer settings changed (a printer switched on, fixed): waiting jobs go now."""
        return self._db.execute("UPDATE print_jobs SET next_attempt_at = 0 WHERE state = ?", [PENDING]).rowcount

    def waiting_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM print_jobs WHERE state = ?", [PENDING]).fetchone()[0]

    def for_source(self, source: str) -> list[dict[str, Any]]:
        rows = self._db.query("SELECT id, target, kind, state, once_key, attempts, last_error, created_at, done_at"
                              " FROM print_jobs WHERE source = ? ORDER BY id", [source])
        return [dict(row) for row in rows]

    def has_waiting(self, target: str, kind: str, source: str | None = None) -> bool:
        """A job of this kind (for this source) not printed yet: a second tap queues no second one."""
        sql = "SELECT 1 FROM print_jobs WHERE target = ? AND kind = ? AND state IN (?, ?)"
        params: list[Any] = [target, kind, PENDING, PRINTING]
        if source is not None:
            sql += " AND source = ?"
            params.append(source)
        return self._db.execute(sql, params).fetchone() is not None

    def has_once_key(self, once_key: str) -> bool:
        return self._db.execute("SELECT 1 FROM print_jobs WHERE once_key = ?", [once_key]).fetchone() is not None

    def first_kitchen_job_at(self) -> str | None:
        """When the first kitchen ticket was queued (UTC), for a till whose kitchen printing predates its mark."""
        row = self._db.execute("SELECT MIN(created_at) FROM print_jobs WHERE kind = 'kitchen'").fetchone()
        return row[0] if row else None

    def orders_without_kitchen_job(self, statuses: tuple[str, ...]) -> list[dict[str, Any]]:
        """Orders now in one of `statuses` that no kitchen job names (the start-up catch-up): local id, status,
        when the till received it (`received_at`, UTC) and when it was last accepted (`accepted_at`, as written)."""
        marks = ", ".join("?" for _ in statuses)
        return [dict(row) for row in self._db.query(f"""
            SELECT o.local_id, o.status, o.received_at,
                   (SELECT MAX(h.at) FROM order_history h WHERE h.local_id = o.local_id AND h.status = 'accepted')
                     AS accepted_at
            FROM orders o WHERE o.status IN ({marks})
              AND NOT EXISTS (SELECT 1 FROM print_jobs j WHERE j.once_key = 'kitchen:' || o.local_id)
            ORDER BY o.local_id""", list(statuses))]
