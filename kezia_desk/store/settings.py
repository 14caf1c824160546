"""Shop settings as JSON values in a key/value table (never the HubRise token, which lives apart)."""
from __future__ import annotations

import json
from typing import Any

import sqlite_utils


class SettingsRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default

    def set(self, key: str, value: Any) -> None:
        self._db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, json.dumps(value)])
