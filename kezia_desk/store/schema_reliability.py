"""Schema of reliability (migrations 400–499): marks of the till's synchronisation with HubRise.

`sync_marks` keeps named times, e.g. the start of the last successful poll, from which the till catches up on the
orders HubRise queued no event for (a revoked connection, a long outage, a till switched off overnight).
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration


def _create_sync_marks(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE sync_marks (name TEXT PRIMARY KEY, value TEXT NOT NULL, at TEXT NOT NULL)")


MIGRATIONS = [Migration(400, "fiabilité : repères de synchronisation avec HubRise", _create_sync_marks)]
