"""Named synchronisation marks (table `sync_marks`): small values the till must remember across restarts."""
from __future__ import annotations

import sqlite_utils

from .outbox import now_iso


class SyncMarks:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def get(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM sync_marks WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def set(self, name: str, value: str) -> None:
        self._db.execute("INSERT INTO sync_marks (name, value, at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE "
                         "SET value = excluded.value, at = excluded.at", [name, value, now_iso()])
